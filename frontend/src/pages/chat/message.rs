//! One message: author and time (Polish time), "edytowano" after an edit, "deleted" in place
//! of a deleted one, the quoted start of the message it answers, and the server's `html` —
//! the only thing ever inserted as HTML (the server renders a safe Markdown subset and removes
//! every raw tag; the `text` source is never inserted). The author may edit or delete it for
//! 15 minutes; the server decides, and its `edit_window_closed` is said in words.

use ratusz_domain::api::chat::Message;
use ratusz_domain::chat::edit_window::EDIT_WINDOW_MS;
use ratusz_domain::chat::text::message_text;
use ratusz_domain::validate::limits::CHAT_TEXT_MAX;
use yew::platform::spawn_local;
use yew::prelude::*;

use ratusz_domain::endpoints;

use crate::api::chat as chat_api;
use crate::api::fill_path;
use crate::chat::outbox::Pending;
use crate::chat::state::ChatAction;
use crate::components::chat_live::use_chat_live;
use crate::components::confirm::ConfirmButton;
use crate::council::js_now_ms;
use crate::i18n::{chat, use_lang, use_texts};
use crate::messages::format_timestamp;
use crate::problems::chat::chat_error;
use crate::problems::invalid_message;

/// Props of [`MessageItem`].
#[derive(Properties, PartialEq)]
pub struct MessageItemProps {
    /// The message.
    pub message: Message,
    /// Written by the caller.
    pub mine: bool,
    /// "Reply" chosen.
    pub on_reply: Callback<Message>,
}

/// The server's rendering, inserted as it is: the one HTML a message carries.
fn rendered(html: &str) -> Html {
    Html::from_html_unchecked(AttrValue::from(html.to_owned()))
}

/// One message of the conversation.
#[component]
pub fn MessageItem(props: &MessageItemProps) -> Html {
    let texts = use_texts();
    let lang = use_lang();
    let t = chat::texts(lang);
    let live = use_chat_live();
    let editing = use_state(|| None::<String>);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let m = &props.message;
    let dispatch = live.map(|l| l.dispatch).unwrap_or_default();
    // Offered while the window is open by this device's clock; the server decides.
    let changeable =
        props.mine && !m.deleted && js_now_ms() - m.created_at.unix_ms() < EDIT_WINDOW_MS;

    let save = {
        let (editing, error, busy, dispatch) = (
            editing.clone(),
            error.clone(),
            busy.clone(),
            dispatch.clone(),
        );
        let (cid, mid) = (m.conversation_id.clone(), m.id.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(draft) = (*editing).clone() else {
                return;
            };
            let text = match message_text(&draft) {
                Ok(text) => text,
                Err(invalid) => return error.set(Some(invalid_message(&invalid, texts))),
            };
            let (editing, error, busy, dispatch) = (
                editing.clone(),
                error.clone(),
                busy.clone(),
                dispatch.clone(),
            );
            let (cid, mid) = (cid.clone(), mid.clone());
            busy.set(true);
            spawn_local(async move {
                match chat_api::edit(&cid, &mid, text).await {
                    Ok(message) => {
                        dispatch.emit(ChatAction::Message(message));
                        editing.set(None);
                        error.set(None);
                    }
                    Err(e) => error.set(Some(chat_error(&e, texts, t))),
                }
                busy.set(false);
            });
        })
    };
    let delete = {
        let (error, busy, dispatch) = (error.clone(), busy.clone(), dispatch.clone());
        let (cid, mid) = (m.conversation_id.clone(), m.id.clone());
        Callback::from(move |()| {
            let (error, busy, dispatch) = (error.clone(), busy.clone(), dispatch.clone());
            let (cid, mid) = (cid.clone(), mid.clone());
            busy.set(true);
            spawn_local(async move {
                match chat_api::delete(&cid, &mid).await {
                    Ok(()) => dispatch.emit(ChatAction::Deleted { cid, mid }),
                    Err(e) => error.set(Some(chat_error(&e, texts, t))),
                }
                busy.set(false);
            });
        })
    };
    let start_edit = {
        let (editing, text) = (editing.clone(), m.text.clone());
        Callback::from(move |_: MouseEvent| editing.set(Some(text.clone())))
    };
    let cancel_edit = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(None))
    };
    let on_input = {
        let editing = editing.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            editing.set(Some(area.value()));
        })
    };
    let reply = {
        let (on_reply, message) = (props.on_reply.clone(), m.clone());
        Callback::from(move |_: MouseEvent| on_reply.emit(message.clone()))
    };

    let quote = m.reply_to.as_ref().map(|r| {
        html! {
            <blockquote class="chat-quote">
                <span class="chat-quote-who">{ t.reply_to.replace("{name}", &r.author_name) }</span>
                <span>{ if r.excerpt.is_empty() { t.deleted } else { r.excerpt.as_str() } }</span>
            </blockquote>
        }
    });
    // Links to the files (the server answers them as downloads, members only).
    let files = (!m.deleted && !m.attachments.is_empty()).then(|| {
        let items = m.attachments.iter().map(|a| {
            let href = fill_path(
                endpoints::CHAT_ATTACHMENT.path,
                &[&m.conversation_id, &a.id],
            );
            let kib = a.size.div_ceil(1024);
            html! { <li><a {href} download="">{ &a.name }</a>{ format!(" ({kib} KiB)") }</li> }
        });
        html! {
            <div class="chat-files">
                <span>{ t.attachments }</span>
                <ul>{ for items }</ul>
            </div>
        }
    });
    let edit_id = format!("edit-{}", m.id);
    let body = match (&*editing, m.deleted) {
        (_, true) => html! { <p class="chat-deleted">{ t.deleted }</p> },
        (Some(draft), false) => html! {
            <form class="chat-edit" onsubmit={save}>
                <label for={edit_id.clone()}>{ t.edit_label }</label>
                <textarea id={edit_id} value={draft.clone()} oninput={on_input}
                    maxlength={CHAT_TEXT_MAX.to_string()} rows="3" />
                <div class="button-row">
                    <button type="submit" class="button" disabled={*busy}>{ t.save }</button>
                    <button type="button" class="button button-secondary" onclick={cancel_edit}>{ t.cancel }</button>
                </div>
            </form>
        },
        (None, false) => html! { <div class="chat-body">{ rendered(&m.html) }</div> },
    };
    html! {
        <li class={classes!("chat-message", props.mine.then_some("mine"))}>
            <p class="chat-meta">
                <span class="chat-author">{ if props.mine { t.you } else { m.author.name.as_str() } }</span>
                <span class="chat-time">{ format_timestamp(m.created_at, lang) }</span>
                if m.edited_at.is_some() && !m.deleted {
                    <span class="chat-edited">{ format!("({})", t.edited) }</span>
                }
            </p>
            { for quote }
            { body }
            { for files }
            if let Some(text) = &*error {
                <p class="form-error" role="alert">{ text.clone() }</p>
            }
            if !m.deleted && editing.is_none() {
                <div class="chat-actions">
                    <button type="button" class="button button-secondary" onclick={reply}>{ t.reply }</button>
                    if changeable {
                        <button type="button" class="button button-secondary" onclick={start_edit}>{ t.edit }</button>
                        <ConfirmButton label={t.delete} question={t.delete_question}
                            on_confirm={delete} danger=true busy={*busy} />
                    }
                </div>
            }
        </li>
    }
}

/// Props of [`PendingItem`].
#[derive(Properties, PartialEq)]
pub struct PendingItemProps {
    /// The message waiting in the queue.
    pub pending: Pending,
}

/// A message written here and not yet delivered: its text as written (plain, not rendered),
/// "oczekuje na wysłanie", or the server's refusal with a button to drop it.
#[component]
pub fn PendingItem(props: &PendingItemProps) -> Html {
    let texts = use_texts();
    let lang = use_lang();
    let t = chat::texts(lang);
    let discard = use_chat_live().map(|l| l.discard).unwrap_or_default();
    let p = &props.pending;
    let refused = p.refused.as_ref().map(|problem| {
        let error = crate::api::ApiError::Problem(problem.clone());
        let key = p.key.clone();
        let onclick = Callback::from(move |_: MouseEvent| discard.emit(key.clone()));
        html! {
            <p class="form-error">
                { format!("{} {}", t.refused, chat_error(&error, texts, t)) }
                { " " }
                <button type="button" class="button button-secondary" {onclick}>{ t.discard }</button>
            </p>
        }
    });
    html! {
        <li class="chat-message mine pending">
            <p class="chat-meta">
                <span class="chat-author">{ t.you }</span>
                <span class="chat-time">{ format_timestamp(p.written_at, lang) }</span>
                if p.refused.is_none() {
                    <span class="chat-pending">{ t.pending }</span>
                }
            </p>
            <p class="chat-body chat-plain">{ &p.text }</p>
            if !p.attachments.is_empty() {
                <div class="chat-files">
                    <span>{ t.attachments }</span>
                    <ul>{ for p.attachments.iter().map(|a| html! { <li>{ &a.name }</li> }) }</ul>
                </div>
            }
            { for refused }
        </li>
    }
}
