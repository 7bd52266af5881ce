//! "Komunikaty dla mieszkańców" (`/residents/news`): the public news feed — the city office's
//! messages to everyone, newest first, for anyone (no binding). The service worker keeps the
//! first page it last fetched, so the page reads offline, marked as a copy with its time.

use ratusz_domain::api::notify_messages::NewsItem;
use ratusz_domain::time::Timestamp;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::messages::{category_name, use_message_texts};
use crate::api::notify;
use crate::i18n::{use_lang, use_texts};
use crate::messages::{error_message, format_timestamp};
use crate::pages::use_page_title;

#[derive(Clone, PartialEq)]
enum View {
    Loading,
    /// The items, the next cursor, and when the shown page was kept if it is a copy.
    Loaded(Vec<NewsItem>, Option<String>, Option<Timestamp>),
    Failed(String),
}

fn load(view: UseStateHandle<View>, cursor: Option<String>, texts: &'static crate::i18n::Texts) {
    spawn_local(async move {
        let (before, kept) = match &*view {
            View::Loaded(items, _, kept) if cursor.is_some() => (items.clone(), *kept),
            _ => (Vec::new(), None),
        };
        view.set(match notify::news(cursor.as_deref()).await {
            Ok((page, kept_at)) => {
                let mut items = before;
                items.extend(page.items);
                View::Loaded(items, page.next_cursor, kept_at.or(kept))
            }
            Err(e) => View::Failed(error_message(&e, texts)),
        });
    });
}

/// The news feed page.
#[component]
pub fn ResidentNewsPage() -> Html {
    let t = use_message_texts();
    let texts = use_texts();
    let lang = use_lang();
    use_page_title(t.news_title);
    let view = use_state(|| View::Loading);
    {
        let view = view.clone();
        use_effect_with((), move |_| load(view, None, texts));
    }
    let body = match &*view {
        View::Loading => html! { <p role="status">{ texts.loading }</p> },
        View::Failed(message) => {
            html! { <p role="alert" class="form-error">{ message.clone() }</p> }
        }
        View::Loaded(items, next, kept) => {
            let more = next.clone().map(|cursor| {
                let view = view.clone();
                Callback::from(move |_: MouseEvent| load(view.clone(), Some(cursor.clone()), texts))
            });
            html! {
                <>
                    if let Some(at) = kept {
                        <p role="status" class="offline-copy">
                            { t.offline_copy }{ " (" }{ format_timestamp(*at, lang) }{ ")" }
                        </p>
                    }
                    if items.is_empty() {
                        <p>{ t.news_none }</p>
                    }
                    { for items.iter().map(|n| html! { <NewsArticle key={n.id.clone()} item={n.clone()} /> }) }
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
            <h1>{ t.news_title }</h1>
            <p>{ t.news_intro }</p>
            { body }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ArticleProps {
    item: NewsItem,
}

#[component]
fn NewsArticle(props: &ArticleProps) -> Html {
    let t = use_message_texts();
    let lang = use_lang();
    let n = &props.item;
    let heading = format!("news-{}", n.id);
    html! {
        <article aria-labelledby={heading.clone()} class="news-item">
            <h2 id={heading}>{ n.title.clone() }</h2>
            <p>
                <small>{ category_name(n.category, t) }{ " · " }{ format_timestamp(n.sent_at, lang) }</small>
            </p>
            <p class="message-text">{ n.text.clone() }</p>
            if let Some(link) = &n.link {
                <p><a href={link.clone()} rel="noopener noreferrer">{ t.label_link }</a></p>
            }
        </article>
    }
}
