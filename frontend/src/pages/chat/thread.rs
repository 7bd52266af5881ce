//! One conversation: its messages oldest at the top and newest at the bottom, the earlier
//! ones on request (`before`), the messages still waiting to be sent, the composer, the
//! read marker moved when new messages are on screen, and a polite live region that says
//! once that someone else wrote (not on every poll).

use ratusz_domain::api::chat::{ConversationKind, Message};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::composer::Composer;
use super::conversation_name;
use super::manage::ManageGroup;
use super::message::{MessageItem, PendingItem};
use ratusz_domain::endpoints;

use crate::api::chat as chat_api;
use crate::api::fill_path;
use crate::api::ApiError;
use crate::app::Route;
use crate::chat::state::ChatAction;
use crate::components::chat_live::use_chat_live;
use crate::i18n::{chat, use_lang, use_texts};
use crate::problems::chat::chat_error;

/// Props of [`ConversationView`].
#[derive(Properties, PartialEq)]
pub struct ConversationViewProps {
    /// Conversation id.
    pub id: AttrValue,
    /// The caller is of the council office (manages groups).
    pub clerk: bool,
}

/// The open conversation.
#[component]
pub fn ConversationView(props: &ConversationViewProps) -> Html {
    let texts = use_texts();
    let lang = use_lang();
    let t = chat::texts(lang);
    let live = use_chat_live();
    let error = use_state(|| None::<ApiError>);
    let loading_older = use_state(|| false);
    let said = use_state(String::new);
    let reply = use_state(|| None::<Message>);
    let newest_seen = use_mut_ref(|| None::<String>);
    let marked = use_mut_ref(|| None::<String>);
    let list_ref = use_node_ref();
    let dispatch = live
        .as_ref()
        .map(|l| l.dispatch.clone())
        .unwrap_or_default();

    // The newest page of the conversation (and the conversation itself when the list of
    // the first page does not hold it), whenever another one opens.
    {
        let (dispatch, error) = (dispatch.clone(), error.clone());
        use_effect_with(props.id.clone(), move |id| {
            let id = id.to_string();
            error.set(None);
            spawn_local(async move {
                match chat_api::messages(&id, None).await {
                    Ok(page) => dispatch.emit(ChatAction::Page {
                        cid: id.clone(),
                        page,
                    }),
                    // Offline, the kept copy is on screen; the banner says so.
                    Err(ApiError::Network) => {}
                    Err(e) => return error.set(Some(e)),
                }
                if let Ok(c) = chat_api::conversation(&id).await {
                    dispatch.emit(ChatAction::Conversation(c));
                }
            });
        });
    }

    let Some(live) = live else {
        return html! {};
    };
    let me = live.me.clone().unwrap_or_default();
    let conversation = live.state.conversation(&props.id).cloned();
    let thread = live
        .state
        .threads
        .get(props.id.as_str())
        .cloned()
        .unwrap_or_default();
    let newest = thread.items.last().map(|m| m.id.clone());

    // New messages on screen: scroll to them, say who wrote (only someone else's, only once
    // each), and move the read marker to the newest.
    {
        let (list_ref, said, newest_seen, marked) = (
            list_ref.clone(),
            said.clone(),
            newest_seen.clone(),
            marked.clone(),
        );
        let (items, cid, me, dispatch) = (
            thread.items.clone(),
            props.id.to_string(),
            me.clone(),
            dispatch.clone(),
        );
        let read_up_to = conversation.as_ref().and_then(|c| c.read_up_to.clone());
        use_effect_with((newest.clone(), read_up_to), move |(newest, read_up_to)| {
            if let Some(list) = list_ref.cast::<web_sys::Element>() {
                list.set_scroll_top(list.scroll_height());
            }
            let before = newest_seen.replace(newest.clone());
            if let (Some(before), Some(_)) = (before, newest) {
                let fresh = items
                    .iter()
                    .rev()
                    .take_while(|m| m.id > before)
                    .find(|m| m.author.user_id != me);
                if let Some(m) = fresh {
                    said.set(t.announce_new.replace("{name}", &m.author.name));
                }
            }
            let unread = newest
                .as_ref()
                .is_some_and(|n| read_up_to.as_ref().is_none_or(|r| r < n));
            let visible = !gloo::utils::document().hidden();
            if let (true, true, Some(newest)) = (unread, visible, newest.clone()) {
                if marked.replace(Some(newest.clone())) != Some(newest.clone()) {
                    spawn_local(async move {
                        if chat_api::mark_read(&cid, &newest).await.is_ok() {
                            dispatch.emit(ChatAction::Read { cid, mid: newest });
                        }
                    });
                }
            }
        });
    }

    let load_older = {
        let (dispatch, error, loading) = (dispatch.clone(), error.clone(), loading_older.clone());
        let (id, oldest) = (
            props.id.to_string(),
            thread.items.first().map(|m| m.id.clone()),
        );
        Callback::from(move |_: MouseEvent| {
            let (dispatch, error, loading) = (dispatch.clone(), error.clone(), loading.clone());
            let (id, oldest) = (id.clone(), oldest.clone());
            loading.set(true);
            spawn_local(async move {
                match chat_api::messages(&id, oldest.as_deref()).await {
                    Ok(page) => dispatch.emit(ChatAction::Page { cid: id, page }),
                    Err(e) => error.set(Some(e)),
                }
                loading.set(false);
            });
        })
    };

    let name = conversation
        .as_ref()
        .map(|c| conversation_name(c, &me, t))
        .unwrap_or_default();
    let members = conversation
        .as_ref()
        .map(|c| c.members.clone())
        .unwrap_or_default();
    let group = conversation
        .as_ref()
        .is_some_and(|c| c.kind == ConversationKind::Group);
    let pending: Vec<_> = live
        .outbox
        .iter()
        .filter(|p| p.conversation_id == props.id.as_str())
        .cloned()
        .collect();
    let on_reply = {
        let reply = reply.clone();
        Callback::from(move |m: Message| reply.set(Some(m)))
    };
    let cancel_reply = {
        let reply = reply.clone();
        Callback::from(move |()| reply.set(None))
    };
    let messages = thread.items.iter().map(|m| {
        let mine = m.author.user_id == me;
        html! {
            <MessageItem key={m.id.clone()} message={m.clone()} {mine} on_reply={on_reply.clone()} />
        }
    });
    let waiting = pending.into_iter().map(|p| {
        let key = p.key.clone();
        html! { <PendingItem {key} pending={p} /> }
    });
    let member_names = members.iter().map(|m| html! { <li>{ &m.name }</li> });

    html! {
        <section class="chat-thread" aria-labelledby="chat-thread-heading">
            <p class="chat-back">
                <Link<Route> to={Route::Chat}>{ t.back }</Link<Route>>
            </p>
            <h2 id="chat-thread-heading">{ name }</h2>
            <p>
                <a href={fill_path(endpoints::CHAT_EXPORT.path, &[props.id.as_str()])}>{ t.export }</a>
            </p>
            <details class="chat-members">
                <summary>{ format!("{} ({})", t.members, members.len()) }</summary>
                <ul>{ for member_names }</ul>
            </details>
            if props.clerk && group {
                if let Some(c) = conversation.clone() {
                    <ManageGroup conversation={c} />
                }
            }
            if let Some(e) = &*error {
                <p class="form-error" role="alert">{ chat_error(e, texts, t) }</p>
            }
            if thread.has_older {
                <button type="button" class="button button-secondary" onclick={load_older}
                    disabled={*loading_older}>{ t.load_older }</button>
            }
            <ol class="chat-messages" ref={list_ref} tabindex="0" aria-label={t.title}>
                { for messages }
                { for waiting }
            </ol>
            if thread.items.is_empty() && live.outbox.is_empty() {
                <p>{ t.no_messages }</p>
            }
            <div class="visually-hidden" aria-live="polite">{ (*said).clone() }</div>
            <Composer cid={props.id.clone()} {members} reply={(*reply).clone()} {cancel_reply} />
        </section>
    }
}
