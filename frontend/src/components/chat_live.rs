//! The chat's one live connection, for the whole office bundle: one poll of
//! `GET /api/chat/updates?since=` a second with `If-None-Match` (a `304` most of the time),
//! merged into the shared [`ChatState`]; the offline queue, sent in order with each message's
//! own `Idempotency-Key` whenever the server answers (its files kept on this device and
//! uploaded again when the server has forgotten the uploads); the copy kept for reading
//! offline. The
//! navigation's badge and the chat screens read the same context, so a page change neither
//! loses a pending message nor starts a second poll.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::timers::callback::Interval;
use ratusz_domain::time::Timestamp;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::chat::{self as chat_api, UpdatesFetch};
use crate::auth::CHAT;
use crate::chat::held;
use crate::chat::outbox::{self, AfterRefusal, Pending};
use crate::chat::state::{Chat, ChatAction, ChatState};
use crate::chat::{kept, outbox::retry_later};
use crate::components::auth::use_auth_state;
use crate::components::offline::use_network_report;
use crate::council::js_now_ms;
use ratusz_domain::api::chat::{Attachment, MessageCreate};

/// Poll period: a new message is on the other tablet within about a second, and an
/// unchanged poll is a `304` after two indexed reads (`messaging::updates`).
const POLL_MS: u32 = 1000;

/// What the chat screens and the navigation's badge read.
#[derive(Clone, PartialEq)]
pub struct ChatLive {
    /// The signed-in person's account id (`None`: nobody who chats is signed in).
    pub me: Option<String>,
    /// What the server said, merged.
    pub state: Rc<ChatState>,
    /// Changes the state (a page of messages, a sent or edited message).
    pub dispatch: Callback<ChatAction>,
    /// Messages waiting to be sent, oldest first.
    pub outbox: Rc<Vec<Pending>>,
    /// Queues a message (with its files' bytes) and tries to send it at once.
    pub queue: Callback<Queued>,
    /// Drops a refused message from the queue (by its key).
    pub discard: Callback<String>,
    /// The state on screen is the copy kept on this device at this moment: the server has
    /// not answered since the page opened.
    pub offline_copy: Option<Timestamp>,
}

/// A message for the queue.
pub struct Queued {
    /// The message.
    pub pending: Pending,
    /// The browser's files behind its attachments, in their order (`None`: not all at hand).
    pub files: Option<Vec<web_sys::Blob>>,
}

/// The context of [`ChatLive`] (absent outside the office bundle).
#[hook]
pub fn use_chat_live() -> Option<ChatLive> {
    use_context::<ChatLive>()
}

/// Shared between the timer, the requests in flight and the callbacks.
#[derive(Default)]
struct Link {
    me: RefCell<Option<String>>,
    cursor: RefCell<Option<String>>,
    polling: Cell<bool>,
    sending: Cell<bool>,
    listed_fresh: Cell<bool>,
    /// When the copy restored from this device was kept (shown as such once a poll fails).
    kept_at: Cell<Option<Timestamp>>,
    outbox: RefCell<Vec<Pending>>,
    /// Queued messages whose files are still being kept (`chat::held`): not sent before.
    keeping: RefCell<Vec<String>>,
}

/// Props of [`ChatLiveProvider`].
#[derive(Properties, PartialEq)]
pub struct ChatLiveProviderProps {
    /// The app inside.
    pub children: Html,
}

/// Provides [`ChatLive`] to everything inside, polling while someone who chats is signed in.
#[component]
pub fn ChatLiveProvider(props: &ChatLiveProviderProps) -> Html {
    let auth = use_auth_state();
    let me = auth
        .session()
        .filter(|s| !s.must_change_password && s.has_any(CHAT))
        .map(|s| s.user.id.clone());
    let chat = use_reducer(Chat::default);
    let link = use_memo((), |_| Rc::new(Link::default()));
    let outbox_version = use_state(|| 0_u32);
    let offline_copy = use_state(|| None::<Timestamp>);
    let report = use_network_report();
    let dispatch = {
        let chat = chat.dispatcher();
        Callback::from(move |action| chat.dispatch(action))
    };

    // The queue changed: store it and show it.
    let changed = {
        let (link, version) = (link.clone(), outbox_version.clone());
        Rc::new(move || {
            if let Some(me) = link.me.borrow().as_deref() {
                outbox::save(me, &link.outbox.borrow());
            }
            version.set(version.wrapping_add(1));
        })
    };

    let flush = {
        let (link, dispatch, changed, report) = (
            link.clone(),
            dispatch.clone(),
            changed.clone(),
            report.clone(),
        );
        Rc::new(move || {
            if link.sending.replace(true) {
                return;
            }
            let (link, dispatch, changed, report) = (
                link.clone(),
                dispatch.clone(),
                changed.clone(),
                report.clone(),
            );
            spawn_local(async move {
                // Messages whose files were uploaded again in this pass (at most once each).
                let mut uploaded_again: Vec<String> = Vec::new();
                loop {
                    // Its own statement: the queue is borrowed only to copy the next message
                    // (a borrow held through the loop would clash with the removal below).
                    let next = outbox::next(&link.outbox.borrow()).cloned();
                    let Some(next) = next else {
                        break;
                    };
                    if link.keeping.borrow().contains(&next.key) {
                        break;
                    }
                    let body = MessageCreate {
                        text: next.text.clone(),
                        reply_to: next.reply_to.clone(),
                        attachment_ids: (!next.attachments.is_empty())
                            .then(|| next.attachments.iter().map(|a| a.id.clone()).collect()),
                    };
                    let sent = chat_api::send(&next.conversation_id, &body, &next.key).await;
                    report.emit(!matches!(sent, Err(crate::api::ApiError::Network)));
                    match sent {
                        Ok(message) => {
                            link.outbox.borrow_mut().retain(|p| p.key != next.key);
                            dispatch.emit(ChatAction::Message(message));
                            if next.files_kept {
                                held::forget(&next.key, next.attachments.len()).await;
                            }
                        }
                        Err(error) if retry_later(error.status()) => break,
                        Err(error)
                            if outbox::after_refusal(
                                &next,
                                error.problem(),
                                uploaded_again.contains(&next.key),
                            ) == AfterRefusal::UploadAgain =>
                        {
                            uploaded_again.push(next.key.clone());
                            match upload_again(&next).await {
                                Ok(Some(resent)) => {
                                    for p in link.outbox.borrow_mut().iter_mut() {
                                        if p.key == next.key {
                                            *p = resent.clone();
                                        }
                                    }
                                }
                                Err(e) if retry_later(e.status()) => break,
                                // Refused now, or the kept files unreadable: the next send
                                // is refused again and shown as such.
                                _ => {}
                            }
                        }
                        Err(error) => {
                            let refused = error.problem().cloned();
                            for p in link.outbox.borrow_mut().iter_mut() {
                                if p.key == next.key {
                                    p.refused = refused.clone().or_else(|| {
                                        Some(ratusz_domain::api::Problem::new(
                                            error.status().unwrap_or(400),
                                            "",
                                            "",
                                        ))
                                    });
                                }
                            }
                        }
                    }
                    changed();
                }
                link.sending.set(false);
            });
        })
    };

    let list = {
        let (link, dispatch, offline_copy) = (link.clone(), dispatch.clone(), offline_copy.clone());
        Rc::new(move || {
            let (link, dispatch, offline_copy) =
                (link.clone(), dispatch.clone(), offline_copy.clone());
            spawn_local(async move {
                if let Ok(page) = chat_api::conversations(None).await {
                    if link.me.borrow().is_some() {
                        link.listed_fresh.set(true);
                        offline_copy.set(None);
                        dispatch.emit(ChatAction::Listed(page.items));
                    }
                }
            });
        })
    };

    let poll = {
        let (link, dispatch, flush, list, report, offline_copy) = (
            link.clone(),
            dispatch.clone(),
            flush.clone(),
            list.clone(),
            report.clone(),
            offline_copy.clone(),
        );
        Rc::new(move || {
            if link.me.borrow().is_none() || link.polling.replace(true) {
                return;
            }
            let (link, dispatch, flush, list, report, offline_copy) = (
                link.clone(),
                dispatch.clone(),
                flush.clone(),
                list.clone(),
                report.clone(),
                offline_copy.clone(),
            );
            spawn_local(async move {
                let mut answered = false;
                loop {
                    let since = link.cursor.borrow().clone();
                    match chat_api::updates(since.as_deref()).await {
                        Ok(UpdatesFetch::NotModified) => {
                            answered = true;
                            break;
                        }
                        Ok(UpdatesFetch::Changed(updates)) => {
                            answered = true;
                            let more = updates.more;
                            *link.cursor.borrow_mut() = Some(updates.cursor.clone());
                            dispatch.emit(ChatAction::Updates(updates));
                            if !more {
                                break;
                            }
                        }
                        Err(error) => {
                            report.emit(!error.is_network());
                            // No server yet: what is on screen is the kept copy; say so.
                            if error.is_network() && !link.listed_fresh.get() {
                                offline_copy.set(link.kept_at.get());
                            }
                            break;
                        }
                    }
                }
                link.polling.set(false);
                if answered {
                    report.emit(true);
                    // The cursor is known before the list is read: anything newer than
                    // the list comes in the next polls, nothing falls between.
                    if !link.listed_fresh.get() {
                        list();
                    }
                    if outbox::next(&link.outbox.borrow()).is_some() {
                        flush();
                    }
                }
            });
        })
    };

    // A new person signed in (or out): start over from their kept copy and queue.
    {
        let (link, dispatch, poll, offline_copy, changed) = (
            link.clone(),
            dispatch.clone(),
            poll.clone(),
            offline_copy.clone(),
            changed.clone(),
        );
        use_effect_with(me.clone(), move |me| {
            *link.me.borrow_mut() = me.clone();
            *link.cursor.borrow_mut() = None;
            link.listed_fresh.set(false);
            dispatch.emit(ChatAction::Reset);
            *link.outbox.borrow_mut() = me.as_deref().map(outbox::load).unwrap_or_default();
            changed();
            let restored = me.as_deref().and_then(kept::recall);
            link.kept_at.set(restored.as_ref().map(|(_, at)| *at));
            offline_copy.set(None);
            if let Some((state, _)) = restored {
                dispatch.emit(ChatAction::Restore(Box::new(state)));
            }
            let timer = me.is_some().then(|| {
                poll();
                let poll = poll.clone();
                Interval::new(POLL_MS, move || poll())
            });
            let on_online = me.is_some().then(|| {
                gloo::events::EventListener::new(&gloo::utils::window(), "online", move |_| {
                    poll();
                })
            });
            move || {
                drop(timer);
                drop(on_online);
            }
        });
    }

    // An update named a conversation not listed: read the list again.
    {
        let list = list.clone();
        use_effect_with(chat.0.stale, move |stale| {
            if *stale {
                list();
            }
        });
    }

    // Keep what the server said for reading offline (never the kept copy itself again).
    {
        let link = link.clone();
        use_effect_with(chat.clone(), move |chat| {
            if let Some(me) = link.me.borrow().as_deref() {
                if link.listed_fresh.get() {
                    kept::keep(me, &chat.0, Timestamp::from_unix_ms(js_now_ms()));
                }
            }
        });
    }

    let queue = {
        let (link, flush, changed) = (link.clone(), flush.clone(), changed.clone());
        Callback::from(move |queued: Queued| {
            let (link, flush, changed) = (link.clone(), flush.clone(), changed.clone());
            let Queued { pending, files } = queued;
            let key = pending.key.clone();
            // Queued at once, so messages keep the order they were written in.
            link.outbox.borrow_mut().push(pending);
            changed();
            let Some(files) = files.filter(|f| !f.is_empty()) else {
                return flush();
            };
            // Its files are kept before it is sent (the queue waits at it meanwhile).
            link.keeping.borrow_mut().push(key.clone());
            spawn_local(async move {
                let kept = held::keep(&key, &files).await;
                link.keeping.borrow_mut().retain(|k| k != &key);
                let mut still_queued = false;
                for p in link.outbox.borrow_mut().iter_mut().filter(|p| p.key == key) {
                    p.files_kept = kept;
                    still_queued = true;
                }
                if kept && !still_queued {
                    // Discarded meanwhile.
                    held::forget(&key, files.len()).await;
                }
                changed();
                flush();
            });
        })
    };
    let discard = {
        let (link, changed) = (link.clone(), changed.clone());
        Callback::from(move |key: String| {
            let dropped: Vec<Pending> = link
                .outbox
                .borrow()
                .iter()
                .filter(|p| p.key == key)
                .cloned()
                .collect();
            link.outbox.borrow_mut().retain(|p| p.key != key);
            changed();
            for p in dropped.into_iter().filter(|p| p.files_kept) {
                spawn_local(async move { held::forget(&p.key, p.attachments.len()).await });
            }
        })
    };

    let context = ChatLive {
        me,
        state: Rc::new(chat.0.clone()),
        dispatch,
        outbox: Rc::new(link.outbox.borrow().clone()),
        queue,
        discard,
        offline_copy: *offline_copy,
    };
    html! {
        <ContextProvider<ChatLive> {context}>{ props.children.clone() }</ContextProvider<ChatLive>>
    }
}

/// `pending` with its files uploaded again from the copies this device kept (`Ok(None)`: a
/// copy is missing). The same key goes with it, so the message is still made once.
async fn upload_again(pending: &Pending) -> Result<Option<Pending>, crate::api::ApiError> {
    let Some(files) = held::read(&pending.key, pending.attachments.len()).await else {
        return Ok(None);
    };
    let mut fresh: Vec<Attachment> = Vec::with_capacity(files.len());
    for (file, was) in files.iter().zip(&pending.attachments) {
        fresh.push(
            chat_api::upload(&pending.conversation_id, file, &was.name, was.content_type).await?,
        );
    }
    Ok(pending.with_uploads(fresh))
}
