//! The composer: Markdown text within the domain's limit, the message it answers, and the
//! mention picker (a button, a filter and one button per member: keyboard only, Escape
//! closes it and returns to the text). A message goes to the offline queue first
//! (`chat::outbox`), so one written without network waits, is shown as pending, and is sent
//! with its own `Idempotency-Key` when the server answers again. Files are uploaded as they
//! are chosen (`attach.rs`) and their ids go with the message (`attachment_ids`); the message
//! waits for files still uploading, and the queue keeps the files themselves with it (an
//! upload the server has forgotten by the time the message goes is made again).

use std::rc::Rc;

use ratusz_domain::api::chat::{ChatPerson, Message};
use ratusz_domain::chat::text::{excerpt, message_text};
use ratusz_domain::time::Timestamp;
use ratusz_domain::validate::limits::CHAT_TEXT_MAX;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::attach::{AttachFiles, ChosenFiles, FilesState};
use crate::chat::attach::{FileState, FilesAction};
use crate::chat::mention::{handle, insert_at, matching};
use crate::chat::outbox::Pending;
use crate::components::chat_live::{use_chat_live, Queued};
use crate::council::{js_now_ms, new_idempotency_key};
use crate::i18n::{chat, use_lang, use_texts};
use crate::problems::invalid_message;

/// Props of [`Composer`].
#[derive(Properties, PartialEq)]
pub struct ComposerProps {
    /// Conversation id.
    pub cid: AttrValue,
    /// The conversation's members (whom a mention may name).
    pub members: Vec<ChatPerson>,
    /// The message being answered.
    pub reply: Option<Message>,
    /// "Cancel reply".
    pub cancel_reply: Callback<()>,
}

/// Writes and queues a message.
#[component]
pub fn Composer(props: &ComposerProps) -> Html {
    let texts = use_texts();
    let lang = use_lang();
    let t = chat::texts(lang);
    let live = use_chat_live();
    let text = use_state(String::new);
    let error = use_state(|| None::<String>);
    let picking = use_state(|| false);
    let filter = use_state(String::new);
    let area_ref = use_node_ref();
    let filter_ref = use_node_ref();
    let files = use_reducer(FilesState::default);
    let chosen: ChosenFiles = use_mut_ref(Default::default);
    let me = live.as_ref().and_then(|l| l.me.clone()).unwrap_or_default();
    let queue = live.map(|l| l.queue).unwrap_or_default();

    // Answering a message: the text is where the keyboard goes next.
    {
        let area_ref = area_ref.clone();
        use_effect_with(props.reply.as_ref().map(|m| m.id.clone()), move |reply| {
            if reply.is_some() {
                focus(&area_ref);
            }
        });
    }
    {
        let filter_ref = filter_ref.clone();
        use_effect_with(*picking, move |picking| {
            if *picking {
                focus(&filter_ref);
            }
        });
    }

    // Another conversation: its files are not this one's.
    {
        let (files, chosen) = (files.clone(), chosen.clone());
        use_effect_with(props.cid.clone(), move |_| {
            chosen.borrow_mut().clear();
            files.dispatch(FilesAction::Clear)
        });
    }

    let send = {
        let (text, error, queue, files, chosen) = (
            text.clone(),
            error.clone(),
            queue.clone(),
            files.clone(),
            chosen.clone(),
        );
        let (cid, reply, cancel_reply) = (
            props.cid.to_string(),
            props.reply.as_ref().map(|m| m.id.clone()),
            props.cancel_reply.clone(),
        );
        Rc::new(move || {
            if files.0.busy() {
                return error.set(Some(t.attach_wait.to_owned()));
            }
            let body = match message_text(&text) {
                Ok(body) => body,
                Err(invalid) => return error.set(Some(invalid_message(&invalid, texts))),
            };
            // Each uploaded file with the browser's file behind it, in the order chosen.
            let blobs: Vec<Option<web_sys::Blob>> = files
                .0
                .items
                .iter()
                .filter(|c| matches!(c.state, FileState::Ready(_)))
                .map(|c| {
                    chosen
                        .borrow()
                        .get(&c.key)
                        .cloned()
                        .map(web_sys::Blob::from)
                })
                .collect();
            queue.emit(Queued {
                pending: Pending {
                    key: new_idempotency_key(),
                    conversation_id: cid.clone(),
                    text: body,
                    reply_to: reply.clone(),
                    attachments: files.0.ready(),
                    files_kept: false,
                    written_at: Timestamp::from_unix_ms(js_now_ms()),
                    refused: None,
                },
                files: blobs.into_iter().collect(),
            });
            chosen.borrow_mut().clear();
            files.dispatch(FilesAction::Clear);
            text.set(String::new());
            error.set(None);
            cancel_reply.emit(());
        })
    };
    let onsubmit = {
        let send = send.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            send();
        })
    };
    let onkeydown = {
        let send = send.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                send();
            }
        })
    };
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            text.set(area.value());
        })
    };
    let toggle = {
        let (picking, filter) = (picking.clone(), filter.clone());
        Callback::from(move |_: MouseEvent| {
            filter.set(String::new());
            picking.set(!*picking);
        })
    };
    let close_on_escape = {
        let (picking, area_ref) = (picking.clone(), area_ref.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                picking.set(false);
                focus(&area_ref);
            }
        })
    };
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            filter.set(input.value());
        })
    };
    let choose = |person: &ChatPerson| {
        let (text, picking, area_ref) = (text.clone(), picking.clone(), area_ref.clone());
        let inserted = handle(person);
        Callback::from(move |_: MouseEvent| {
            let area = area_ref.cast::<web_sys::HtmlTextAreaElement>();
            let caret = area
                .as_ref()
                .and_then(|a| a.selection_start().ok().flatten())
                .map_or(usize::MAX, |at| at as usize);
            // selectionStart counts UTF-16 units; the text's characters are close enough
            // for Polish names, and past the end means "at the end".
            let (next, at) = insert_at(&text, utf16_to_chars(&text, caret), &inserted);
            text.set(next.clone());
            picking.set(false);
            if let Some(area) = area {
                area.set_value(&next);
                let _ = area.focus();
                let at = next.chars().take(at).map(char::len_utf16).sum::<usize>() as u32;
                let _ = area.set_selection_range(at, at);
            }
        })
    };

    let reply = props.reply.as_ref().map(|m| {
        let cancel = props.cancel_reply.clone();
        let onclick = Callback::from(move |_: MouseEvent| cancel.emit(()));
        html! {
            <div class="chat-replying">
                <p>{ t.replying_to }{ " " }<strong>{ &m.author.name }</strong>{ ": " }{ excerpt(&m.text) }</p>
                <button type="button" class="button button-secondary" {onclick}>{ t.cancel_reply }</button>
            </div>
        }
    });
    let found = matching(&props.members, &me, &filter);
    let picker = (*picking).then(|| {
        let options = found.iter().map(|p| {
            html! { <li><button type="button" class="button button-secondary" onclick={choose(p)}>{ &p.name }</button></li> }
        });
        html! {
            <div class="chat-picker" onkeydown={close_on_escape}>
                <label for="chat-mention-filter">{ t.mention_filter }</label>
                <input id="chat-mention-filter" type="search" ref={filter_ref}
                    value={(*filter).clone()} oninput={on_filter} autocomplete="off" />
                if found.is_empty() {
                    <p role="status">{ t.mention_none }</p>
                } else {
                    <ul>{ for options }</ul>
                }
            </div>
        }
    });
    let error_id = "chat-composer-error";
    html! {
        <form class="chat-composer" {onsubmit}>
            { for reply }
            <label for="chat-composer-text">{ t.composer_label }</label>
            <p class="muted" id="chat-composer-hint">{ t.composer_hint }</p>
            <textarea id="chat-composer-text" ref={area_ref} rows="3" value={(*text).clone()}
                {oninput} {onkeydown} maxlength={CHAT_TEXT_MAX.to_string()}
                aria-describedby={if error.is_some() { format!("chat-composer-hint {error_id}") } else { "chat-composer-hint".to_owned() }} />
            if let Some(message) = &*error {
                <p class="field-error" id={error_id}>{ message.clone() }</p>
            }
            <AttachFiles cid={props.cid.clone()} files={files.clone()} chosen={chosen.clone()} />
            <div class="button-row">
                <button type="submit" class="button">{ t.send }</button>
                <button type="button" class="button button-secondary" onclick={toggle}
                    aria-expanded={picking.to_string()}>{ t.mention }</button>
            </div>
            { for picker }
        </form>
    }
}

/// Moves focus to the element behind `node`.
fn focus(node: &NodeRef) {
    if let Some(element) = node
        .get()
        .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// The character position of a UTF-16 offset into `text` (past the end: the end).
fn utf16_to_chars(text: &str, units: usize) -> usize {
    let mut seen = 0;
    for (i, c) in text.chars().enumerate() {
        if seen >= units {
            return i;
        }
        seen += c.len_utf16();
    }
    text.chars().count()
}

#[cfg(test)]
mod tests {
    #[test]
    fn utf16_offsets_become_character_positions() {
        assert_eq!(super::utf16_to_chars("Zażółć", 3), 3);
        assert_eq!(super::utf16_to_chars("a😀b", 3), 2);
        assert_eq!(super::utf16_to_chars("ab", 99), 2);
    }
}
