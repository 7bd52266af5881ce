//! `/notify/messages` (Wiadomości do mieszkańców): the messages, newest first, by state if
//! chosen, a page at a time; each links to its page, with how far its channels are.

use ratusz_domain::api::notify_messages::{MessageState, MessageSummary};
use ratusz_domain::api::Page;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{category_name, channel_list, state_name, use_notify_texts};
use crate::api::notify_messages as api;
use crate::app::Route;
use crate::components::error_view::ErrorView;
use crate::components::form::Select;
use crate::components::nav_link::NavLink;
use crate::i18n::notify_messages::NotifyMessagesTexts;
use crate::i18n::{use_lang, use_texts, Lang};
use crate::messages::{error_message, format_timestamp};
use crate::pages::admin::Loaded;
use crate::pages::use_page_title;

/// The moment a row shows: cancelled, finished, started, else when it is to be sent, else
/// when it was written.
fn when(m: &MessageSummary, lang: Lang) -> String {
    let at = m
        .cancelled_at
        .or(m.finished_at)
        .or(m.started_at)
        .or(m.send_at)
        .unwrap_or(m.created_at);
    format_timestamp(at, lang)
}

/// How far a message is over all its channels, in whole percent.
fn overall(m: &MessageSummary, t: &NotifyMessagesTexts) -> String {
    let channels: Vec<_> = m
        .channels
        .iter()
        .filter_map(|c| m.progress.by_channel.get(*c))
        .collect();
    let total: u64 = channels.iter().map(|p| p.total()).sum();
    let finished: u64 = channels.iter().map(|p| p.finished()).sum();
    if m.state == MessageState::Scheduled || total == 0 {
        return String::from("—");
    }
    let words = t
        .progress_words
        .replace("{done}", &finished.to_string())
        .replace("{total}", &total.to_string());
    format!("{words} ({} %)", finished * 100 / total)
}

/// The messages page.
#[component]
pub fn NotifyMessagesPage() -> Html {
    let texts = use_texts();
    let t = use_notify_texts();
    let lang = use_lang();
    use_page_title(t.list_title);
    let state = use_state(String::new);
    let list = use_state(|| Loaded::<Page<MessageSummary>>::Loading);
    let more_error = use_state(|| None::<String>);
    {
        let list = list.clone();
        use_effect_with((*state).clone(), move |state| {
            list.set(Loaded::Loading);
            let state = state.clone();
            spawn_local(async move {
                let filter = Some(state.as_str()).filter(|s| !s.is_empty());
                list.set(match api::list(filter, None).await {
                    Ok(page) => Loaded::Ready(page),
                    Err(e) => Loaded::Failed(e),
                });
            });
        });
    }
    let on_more = {
        let (list, state, more_error) = (list.clone(), state.clone(), more_error.clone());
        Callback::from(move |_: MouseEvent| {
            let Loaded::Ready(page) = &*list else { return };
            let Some(cursor) = page.next_cursor.clone() else {
                return;
            };
            let (list, state, more_error) = (list.clone(), (*state).clone(), more_error.clone());
            spawn_local(async move {
                let filter = Some(state.as_str()).filter(|s| !s.is_empty());
                match api::list(filter, Some(&cursor)).await {
                    Ok(next) => {
                        if let Loaded::Ready(page) = &*list {
                            let mut items = page.items.clone();
                            items.extend(next.items);
                            list.set(Loaded::Ready(Page {
                                items,
                                next_cursor: next.next_cursor,
                            }));
                        }
                        more_error.set(None);
                    }
                    Err(e) => more_error.set(Some(error_message(&e, texts))),
                }
            });
        })
    };
    let on_state = {
        let state = state.clone();
        Callback::from(move |v: String| state.set(v))
    };
    let states = std::iter::once(("", t.any_state))
        .chain(
            MessageState::ALL
                .iter()
                .map(|s| (s.as_str(), state_name(*s, t))),
        )
        .map(|(v, l)| (AttrValue::Static(v), AttrValue::Static(l)))
        .collect::<Vec<_>>();
    let body = match &*list {
        Loaded::Loading => html! { <p role="status">{ texts.loading }</p> },
        Loaded::Failed(e) => html! { <ErrorView error={e.clone()} /> },
        Loaded::Ready(page) if page.items.is_empty() => html! { <p role="status">{ t.none }</p> },
        Loaded::Ready(page) => html! {
            <>
                <div class="table-wrap" role="region" tabindex="0" aria-label={t.list_title}>
                    <table class="data-table">
                        <caption class="visually-hidden">{ t.list_title }</caption>
                        <thead><tr>
                            <th scope="col">{ t.col_title }</th>
                            <th scope="col">{ t.col_state }</th>
                            <th scope="col">{ t.col_category }</th>
                            <th scope="col">{ t.col_channels }</th>
                            <th scope="col">{ t.col_when }</th>
                            <th scope="col">{ t.col_author }</th>
                            <th scope="col">{ t.col_progress }</th>
                        </tr></thead>
                        <tbody>
                            { for page.items.iter().map(|m| html! {
                                <tr>
                                    <th scope="row">
                                        <NavLink to={Route::NotifyMessage { id: m.id.clone() }}>
                                            { m.title.clone() }
                                        </NavLink>
                                    </th>
                                    <td>{ state_name(m.state, t) }</td>
                                    <td>{ category_name(m.category, t) }</td>
                                    <td>{ channel_list(&m.channels, t) }</td>
                                    <td>{ when(m, lang) }</td>
                                    <td>{ m.created_by.name.clone() }</td>
                                    <td>{ overall(m, t) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </div>
                if page.next_cursor.is_some() {
                    <p><button type="button" class="button button-secondary" onclick={on_more}>
                        { texts.load_more }
                    </button></p>
                }
                <div role="alert">
                    if let Some(e) = &*more_error { <p class="form-error">{ e.clone() }</p> }
                </div>
            </>
        },
    };
    html! {
        <>
            <h1>{ t.list_title }</h1>
            <p>{ t.list_intro }</p>
            <ul>
                <li><NavLink to={Route::NotifyCompose}>{ t.new_link }</NavLink></li>
                <li><NavLink to={Route::NotifyTemplates}>{ t.templates_link }</NavLink></li>
            </ul>
            <Select id="messages_state" label={t.field_state_filter} value={(*state).clone()}
                options={states} onchange={on_state} />
            { body }
        </>
    }
}
