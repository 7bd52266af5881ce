//! "Wiadomości" (`/residents/messages`): what the city office sent to this bound device's
//! resident on any channel and every message to everyone, newest first, placeholders filled
//! for them; `/residents/messages/:id` shows one (what a push notification opens). The public
//! news feed is [`super::news`].

use ratusz_domain::api::notify_messages::{Category, ResidentMessage};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::notify::{self, INVALID_TOKEN};
use crate::app::Route;
use crate::i18n::resident_messages::{self, ResidentMessageTexts};
use crate::i18n::{use_lang, use_texts};
use crate::messages::{error_message, format_timestamp};
use crate::pages::use_page_title;

/// The table of the active language.
#[hook]
pub fn use_message_texts() -> &'static ResidentMessageTexts {
    resident_messages::texts(use_lang())
}

/// A category in words.
pub fn category_name(c: Category, t: &ResidentMessageTexts) -> &'static str {
    match c {
        Category::Event => t.category_event,
        Category::Warning => t.category_warning,
        Category::Crisis => t.category_crisis,
        Category::Other => t.category_other,
    }
}

#[derive(Clone, PartialEq)]
enum View {
    Loading,
    Loaded(Vec<ResidentMessage>, Option<String>),
    NotBound,
    Failed(String),
}

/// Loads the next page onto `view` (the first when `cursor` is `None`).
fn load(view: UseStateHandle<View>, cursor: Option<String>, texts: &'static crate::i18n::Texts) {
    spawn_local(async move {
        let before = match &*view {
            View::Loaded(items, _) if cursor.is_some() => items.clone(),
            _ => Vec::new(),
        };
        view.set(match notify::my_messages(cursor.as_deref()).await {
            Ok(page) => {
                let mut items = before;
                items.extend(page.items);
                View::Loaded(items, page.next_cursor)
            }
            Err(e) if e.code() == INVALID_TOKEN => View::NotBound,
            Err(e) => View::Failed(error_message(&e, texts)),
        });
    });
}

/// The "Wiadomości" page.
#[component]
pub fn ResidentMessagesPage() -> Html {
    let t = use_message_texts();
    let texts = use_texts();
    use_page_title(t.messages_title);
    let view = use_state(|| View::Loading);
    {
        let view = view.clone();
        use_effect_with((), move |_| load(view, None, texts));
    }
    let body = match &*view {
        View::Loading => html! { <p role="status">{ texts.loading }</p> },
        View::NotBound => html! { <NotBound /> },
        View::Failed(message) => {
            html! { <p role="alert" class="form-error">{ message.clone() }</p> }
        }
        View::Loaded(items, _) if items.is_empty() => html! { <p>{ t.messages_none }</p> },
        View::Loaded(items, next) => {
            let more = next.clone().map(|cursor| {
                let view = view.clone();
                Callback::from(move |_: MouseEvent| load(view.clone(), Some(cursor.clone()), texts))
            });
            html! {
                <>
                    <ul class="link-list">
                        { for items.iter().map(|m| html! {
                            <li key={m.id.clone()}><MessageLink message={m.clone()} /></li>
                        }) }
                    </ul>
                    if let Some(more) = more {
                        <button type="button" class="button button-secondary" onclick={more}>
                            { t.more }
                        </button>
                    }
                </>
            }
        }
    };
    html! {
        <>
            <h1>{ t.messages_title }</h1>
            <p>{ t.messages_intro }</p>
            <p><Link<Route> to={Route::ResidentNews}>{ t.news_link }</Link<Route>></p>
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct MessageProps {
    message: ResidentMessage,
}

/// One message in the list: its title (a link to it), kind and time.
#[component]
fn MessageLink(props: &MessageProps) -> Html {
    let t = use_message_texts();
    let lang = use_lang();
    let m = &props.message;
    html! {
        <>
            <Link<Route> to={Route::ResidentMessage { id: m.id.clone() }}>{ m.title.clone() }</Link<Route>>
            <br />
            <small>
                { category_name(m.category, t) }{ " · " }{ format_timestamp(m.sent_at, lang) }
            </small>
        </>
    }
}

/// How to start on a device that is not bound.
#[component]
fn NotBound() -> Html {
    let t = use_message_texts();
    html! {
        <>
            <p>{ t.not_bound }</p>
            <p><Link<Route> to={Route::ResidentMe} classes="button">{ t.go_to_my_data }</Link<Route>></p>
        </>
    }
}

/// Props of [`ResidentMessagePage`].
#[derive(Properties, PartialEq)]
pub struct MessagePageProps {
    /// The message id.
    pub id: AttrValue,
}

#[derive(Clone, PartialEq)]
enum One {
    Loading,
    Found(Box<ResidentMessage>),
    Missing,
    NotBound,
    Failed(String),
}

/// Pages through the resident's messages until `id` (a few pages at most: a notification
/// opens a recent one).
async fn find(id: &str) -> Result<Option<ResidentMessage>, crate::api::ApiError> {
    let mut cursor: Option<String> = None;
    for _ in 0..10 {
        let page = notify::my_messages(cursor.as_deref()).await?;
        if let Some(found) = page.items.into_iter().find(|m| m.id == id) {
            return Ok(Some(found));
        }
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    Ok(None)
}

/// One message (`/residents/messages/:id`).
#[component]
pub fn ResidentMessagePage(props: &MessagePageProps) -> Html {
    let t = use_message_texts();
    let texts = use_texts();
    let lang = use_lang();
    let one = use_state(|| One::Loading);
    {
        let one = one.clone();
        use_effect_with(props.id.clone(), move |id| {
            let id = id.to_string();
            spawn_local(async move {
                one.set(match find(&id).await {
                    Ok(Some(m)) => One::Found(Box::new(m)),
                    Ok(None) => One::Missing,
                    Err(e) if e.code() == INVALID_TOKEN => One::NotBound,
                    Err(e) => One::Failed(error_message(&e, texts)),
                });
            });
        });
    }
    use_page_title(t.messages_title);
    let title = match &*one {
        One::Found(m) => m.title.clone(),
        _ => t.messages_title.to_owned(),
    };
    let body = match &*one {
        One::Loading => html! { <p role="status">{ texts.loading }</p> },
        One::NotBound => html! { <NotBound /> },
        One::Missing => html! { <p>{ t.message_not_found }</p> },
        One::Failed(message) => {
            html! { <p role="alert" class="form-error">{ message.clone() }</p> }
        }
        One::Found(m) => html! {
            <>
                <dl class="facts">
                    <dt>{ t.label_category }</dt><dd>{ category_name(m.category, t) }</dd>
                    <dt>{ t.label_sent }</dt><dd>{ format_timestamp(m.sent_at, lang) }</dd>
                    if let Some(link) = &m.link {
                        <dt>{ t.label_link }</dt>
                        <dd><a href={link.clone()} rel="noopener noreferrer">{ link.clone() }</a></dd>
                    }
                </dl>
                <p class="message-text">{ m.text.clone() }</p>
            </>
        },
    };
    html! {
        <>
            <h1>{ title }</h1>
            { body }
            <p><Link<Route> to={Route::ResidentMessages}>{ t.back_to_messages }</Link<Route>></p>
        </>
    }
}
