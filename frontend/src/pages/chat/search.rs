//! Search in the person's own conversations (`GET /api/chat/search`): whole words, all of
//! them, newest first. Each result names its conversation, its author and its Polish time,
//! shows the start of the text, and links to the conversation; more pages on request.

use ratusz_domain::api::chat::Message;
use ratusz_domain::chat::text::excerpt;
use ratusz_domain::validate::limits::{CHAT_SEARCH_MAX, CHAT_SEARCH_MIN};
use ratusz_domain::validate::{FieldCode, Invalid};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::conversation_name;
use crate::api::chat as chat_api;
use crate::api::ApiError;
use crate::app::Route;
use crate::components::chat_live::use_chat_live;
use crate::components::form::{on_submit, setter, Field};
use crate::i18n::{chat, use_lang, use_texts};
use crate::messages::format_timestamp;
use crate::problems::chat::chat_error;
use crate::problems::invalid_message;

/// What the search found so far.
#[derive(Clone, PartialEq, Default)]
struct Found {
    /// The words asked.
    q: String,
    items: Vec<Message>,
    next_cursor: Option<String>,
}

/// The words checked as the server checks their length (2–200 characters, trimmed).
fn checked(q: &str) -> Result<String, Invalid> {
    let v = q.trim();
    let n = v.chars().count();
    if n < CHAT_SEARCH_MIN {
        return Err(Invalid::new(FieldCode::TooShort).with("min", CHAT_SEARCH_MIN));
    }
    if n > CHAT_SEARCH_MAX {
        return Err(Invalid::too_long(CHAT_SEARCH_MAX));
    }
    Ok(v.to_owned())
}

/// The search form and its results.
#[component]
pub fn ChatSearch() -> Html {
    let texts = use_texts();
    let lang = use_lang();
    let t = chat::texts(lang);
    let live = use_chat_live();
    let q = use_state(String::new);
    let field_error = use_state(|| None::<String>);
    let error = use_state(|| None::<ApiError>);
    let found = use_state(|| None::<Found>);
    let busy = use_state(|| false);

    let fetch = {
        let (found, error, busy) = (found.clone(), error.clone(), busy.clone());
        move |words: String, cursor: Option<String>| {
            let (found, error, busy) = (found.clone(), error.clone(), busy.clone());
            busy.set(true);
            spawn_local(async move {
                match chat_api::search(&words, cursor.as_deref()).await {
                    Ok(page) => {
                        // A further page adds to the results of the same words.
                        let mut items = match (&cursor, (*found).clone()) {
                            (Some(_), Some(before)) if before.q == words => before.items,
                            _ => Vec::new(),
                        };
                        items.extend(page.items);
                        found.set(Some(Found {
                            q: words,
                            items,
                            next_cursor: page.next_cursor,
                        }));
                        error.set(None);
                    }
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
            });
        }
    };
    let onsubmit = {
        let (q, field_error, fetch) = (q.clone(), field_error.clone(), fetch.clone());
        on_submit(move || match checked(&q) {
            Ok(words) => {
                field_error.set(None);
                fetch(words, None);
            }
            Err(invalid) => field_error.set(Some(invalid_message(&invalid, texts))),
        })
    };
    let more = found.as_ref().and_then(|f| {
        let cursor = f.next_cursor.clone()?;
        let (fetch, words) = (fetch.clone(), f.q.clone());
        Some(Callback::from(move |_: MouseEvent| {
            fetch(words.clone(), Some(cursor.clone()))
        }))
    });

    let me = live.as_ref().and_then(|l| l.me.clone()).unwrap_or_default();
    let results = found.as_ref().map(|f| {
        let items = f.items.iter().map(|m| {
            let place = live
                .as_ref()
                .and_then(|l| l.state.conversation(&m.conversation_id))
                .map(|c| conversation_name(c, &me, t))
                .unwrap_or_else(|| t.title.to_owned());
            html! {
                <li class="chat-result" key={m.id.clone()}>
                    <Link<Route> to={Route::ChatConversation { id: m.conversation_id.clone() }}>
                        <span class="chat-name">{ place }</span>
                        <span class="chat-meta">
                            <span class="chat-author">{ &m.author.name }</span>{ " " }
                            <span class="chat-time">{ format_timestamp(m.created_at, lang) }</span>
                        </span>
                        <span class="chat-excerpt">{ excerpt(&m.text) }</span>
                    </Link<Route>>
                </li>
            }
        });
        let said = if f.items.is_empty() {
            t.search_none.to_owned()
        } else {
            t.search_count.replace("{n}", &f.items.len().to_string())
        };
        html! {
            <>
                <p role="status">{ said }</p>
                if !f.items.is_empty() {
                    <ul class="chat-results">{ for items }</ul>
                }
            </>
        }
    });
    html! {
        <section class="chat-search" aria-labelledby="chat-search-heading">
            <h2 id="chat-search-heading">{ t.search_heading }</h2>
            <form role="search" {onsubmit}>
                <Field id="chat-search-q" label={t.search_label} value={(*q).clone()}
                    oninput={setter(&q)} kind="search" hint={t.search_hint}
                    maxlength={CHAT_SEARCH_MAX} autocomplete="off"
                    error={(*field_error).clone().map(AttrValue::from)} />
                <button type="submit" class="button" disabled={*busy}>{ t.search_button }</button>
            </form>
            if let Some(e) = &*error {
                <p class="form-error" role="alert">{ chat_error(e, texts, t) }</p>
            }
            { for results }
            if let Some(onclick) = more {
                <button type="button" class="button button-secondary" {onclick}
                    disabled={*busy}>{ t.search_more }</button>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_are_checked_as_the_server_does() {
        assert_eq!(checked("  budżet "), Ok("budżet".to_owned()));
        assert!(checked(" a ").is_err());
        assert!(checked(&"ż".repeat(CHAT_SEARCH_MAX + 1)).is_err());
        assert!(checked(&"ż".repeat(CHAT_SEARCH_MAX)).is_ok());
    }
}
