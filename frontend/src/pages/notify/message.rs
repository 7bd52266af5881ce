//! `/notify/messages/:id`: one message — what it says, to whom, on which channels, who sent
//! it and when — and its progress per channel. While it is `sending` the page asks every
//! [`POLL_MS`] with `If-None-Match` (an unchanged message is a `304` that costs the server
//! almost nothing); while `scheduled` every [`SCHEDULED_EVERY`]th tick, so the start shows;
//! once `done` or `cancelled` it stops. A scheduled or running send is cancelled after a
//! confirmation.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::timers::callback::Interval;
use ratusz_domain::api::notify_messages::{Message, MessageState};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::progress::ProgressView;
use super::{audience_words, category_name, channel_list, state_name, use_notify_texts};
use crate::api::notify_messages::{self as api, MessageFetch};
use crate::app::Route;
use crate::components::confirm::ConfirmButton;
use crate::components::error_view::ErrorView;
use crate::components::nav_link::NavLink;
use crate::i18n::{use_lang, use_texts};
use crate::messages::format_timestamp;
use crate::pages::admin::Loaded;
use crate::pages::registry::{district_name, use_districts};
use crate::pages::use_page_title;
use crate::problems::notify_messages::messages_error;

/// The poll period while a message is sending: the tick moves a batch every few seconds.
pub const POLL_MS: u32 = 2_000;
/// While scheduled, one poll in this many ticks (20 s).
const SCHEDULED_EVERY: u32 = 10;

/// Props of [`NotifyMessagePage`].
#[derive(Properties, PartialEq)]
pub struct NotifyMessagePageProps {
    /// Message id.
    pub id: AttrValue,
}

/// Shared between the timer and the request in flight.
#[derive(Default)]
struct Poller {
    etag: RefCell<Option<String>>,
    in_flight: Cell<bool>,
    ticks: Cell<u32>,
}

/// The message page.
#[component]
pub fn NotifyMessagePage(props: &NotifyMessagePageProps) -> Html {
    let texts = use_texts();
    let lang = use_lang();
    let t = use_notify_texts();
    use_page_title(t.message_title);
    let districts = use_districts();
    let message = use_state(|| Loaded::<Message>::Loading);
    // A failed poll after a good answer: said beside the message, which stays.
    let poll_error = use_state(|| None::<String>);
    let notice = use_state(|| None::<&'static str>);
    let action_error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let poller = use_memo(props.id.clone(), |_| Rc::new(Poller::default()));

    let fetch = {
        let (message, poll_error, poller, id) = (
            message.clone(),
            poll_error.clone(),
            poller.clone(),
            props.id.clone(),
        );
        Callback::from(move |_: ()| {
            if poller.in_flight.replace(true) {
                return;
            }
            let (message, poll_error, poller, id) = (
                message.clone(),
                poll_error.clone(),
                poller.clone(),
                id.clone(),
            );
            spawn_local(async move {
                let etag = poller.etag.borrow().clone();
                let result = api::message(&id, etag).await;
                poller.in_flight.set(false);
                match result {
                    Ok(MessageFetch::NotModified) => {
                        if poll_error.is_some() {
                            poll_error.set(None);
                        }
                    }
                    Ok(MessageFetch::Fresh(m, etag)) => {
                        *poller.etag.borrow_mut() = etag;
                        poll_error.set(None);
                        message.set(Loaded::Ready(*m));
                    }
                    Err(e) if matches!(*message, Loaded::Ready(_)) => {
                        poll_error.set(Some(messages_error(&e, texts, t)));
                    }
                    Err(e) => message.set(Loaded::Failed(e)),
                }
            });
        })
    };
    {
        let fetch = fetch.clone();
        use_effect_with(props.id.clone(), move |_| fetch.emit(()));
    }
    let state = match &*message {
        Loaded::Ready(m) => Some(m.state),
        _ => None,
    };
    {
        let (fetch, poller) = (fetch.clone(), poller.clone());
        use_effect_with(state, move |state| {
            let every = match state {
                Some(MessageState::Sending) => Some(1),
                Some(MessageState::Scheduled) => Some(SCHEDULED_EVERY),
                _ => None,
            };
            let timer = every.map(|every| {
                Interval::new(POLL_MS, move || {
                    let tick = poller.ticks.get().wrapping_add(1);
                    poller.ticks.set(tick);
                    if tick % every == 0 {
                        fetch.emit(());
                    }
                })
            });
            move || drop(timer)
        });
    }

    let on_cancel = {
        let (message, notice, action_error, busy, poller, id) = (
            message.clone(),
            notice.clone(),
            action_error.clone(),
            busy.clone(),
            poller.clone(),
            props.id.clone(),
        );
        let fetch = fetch.clone();
        Callback::from(move |_: ()| {
            if *busy {
                return;
            }
            busy.set(true);
            notice.set(None);
            action_error.set(None);
            let (message, notice, action_error, busy, poller, id) = (
                message.clone(),
                notice.clone(),
                action_error.clone(),
                busy.clone(),
                poller.clone(),
                id.clone(),
            );
            let fetch = fetch.clone();
            spawn_local(async move {
                let result = api::cancel(&id).await;
                busy.set(false);
                match result {
                    Ok(m) => {
                        // The next read must be the whole message, not a 304 about the last.
                        poller.etag.borrow_mut().take();
                        notice.set(Some(t.cancel_done));
                        message.set(Loaded::Ready(m));
                    }
                    Err(e) => {
                        action_error.set(Some(messages_error(&e, texts, t)));
                        // Too late or not: the page shows where the message stands now.
                        fetch.emit(());
                    }
                }
            });
        })
    };

    let m = match &*message {
        Loaded::Loading => {
            return html! {
                <>
                    <h1>{ t.message_title }</h1>
                    <p role="status">{ texts.loading }</p>
                </>
            }
        }
        Loaded::Failed(e) => {
            return html! {
                <>
                    <h1>{ t.message_title }</h1>
                    <ErrorView error={e.clone()} />
                    <p><NavLink to={Route::NotifyMessages}>{ t.back_to_list }</NavLink></p>
                </>
            }
        }
        Loaded::Ready(m) => m,
    };
    let at_by = |at, by: Option<&str>| match by {
        Some(name) => t
            .at_by
            .replace("{at}", &format_timestamp(at, lang))
            .replace("{name}", name),
        None => format_timestamp(at, lang),
    };
    let cancellable = matches!(m.state, MessageState::Scheduled | MessageState::Sending);
    let polling = matches!(m.state, MessageState::Sending);
    let audience = audience_words(&m.audience, t, |id| district_name(&districts, id));
    html! {
        <>
            <p><NavLink to={Route::NotifyMessages}>{ t.back_to_list }</NavLink></p>
            <h1>{ m.title.clone() }</h1>
            <section aria-labelledby="message-details-heading" class="panel">
                <h2 id="message-details-heading">{ t.details_heading }</h2>
                <dl class="facts">
                    <dt>{ t.field_state }</dt><dd>{ state_name(m.state, t) }</dd>
                    <dt>{ t.field_category }</dt><dd>{ category_name(m.category, t) }</dd>
                    <dt>{ t.field_channels }</dt><dd>{ channel_list(&m.channels, t) }</dd>
                    <dt>{ t.field_audience }</dt><dd>{ audience }</dd>
                    <dt>{ t.created }</dt>
                    <dd>{ at_by(m.created_at, Some(m.created_by.name.as_str())) }</dd>
                    if let Some(at) = m.send_at {
                        <dt>{ t.scheduled_for }</dt><dd>{ format_timestamp(at, lang) }</dd>
                    }
                    if let Some(at) = m.started_at {
                        <dt>{ t.started }</dt><dd>{ format_timestamp(at, lang) }</dd>
                    }
                    if let Some(at) = m.finished_at {
                        <dt>{ t.finished }</dt><dd>{ format_timestamp(at, lang) }</dd>
                    }
                    if let Some(at) = m.cancelled_at {
                        <dt>{ t.cancelled }</dt>
                        <dd>{ at_by(at, m.cancelled_by.as_ref().map(|b| b.name.as_str())) }</dd>
                    }
                    if let Some(link) = &m.link {
                        <dt>{ t.field_link }</dt>
                        <dd><a href={link.clone()} rel="noopener noreferrer">{ link.clone() }</a></dd>
                    }
                </dl>
                if m.public { <p>{ t.public_note }</p> }
                <h3>{ t.field_text }</h3>
                <p class="prewrap">{ m.text.clone() }</p>
            </section>
            <section aria-labelledby="message-progress-heading" class="panel">
                <h2 id="message-progress-heading">{ t.progress_heading }</h2>
                <ProgressView channels={m.channels.clone()} progress={m.progress} />
                if polling { <p class="muted">{ t.polling_hint }</p> }
                <div role="status">
                    if let Some(e) = &*poll_error { <p>{ e.clone() }</p> }
                </div>
            </section>
            <div role="status">
                if let Some(n) = *notice { <p class="form-success">{ n }</p> }
            </div>
            <div role="alert">
                if let Some(e) = &*action_error { <p class="form-error">{ e.clone() }</p> }
            </div>
            if cancellable {
                <ConfirmButton label={t.cancel} question={t.cancel_question}
                    on_confirm={on_cancel} danger=true busy={*busy} />
            }
        </>
    }
}
