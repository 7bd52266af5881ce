//! `use_live`: the live document of a meeting, polled twice a second with
//! `If-None-Match` (a `304` keeps what we have), and the polite live region that announces a
//! new speaker or a poll opening or closing — once per change, not on every poll.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo::timers::callback::Interval;
use ratusz_domain::api::council::{LiveView, MeetingState};
use ratusz_domain::time::Timestamp;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::council::{self as council_api, LiveFetch};
use crate::api::ApiError;
use crate::components::offline::use_network_report;
use crate::council::{announcement, js_now_ms, AnnounceKey};
use crate::i18n::use_texts;

/// Poll period while the meeting is live: an opened poll must be on every tablet within a
/// second (issue 14), and a `304` costs the server almost nothing.
const LIVE_PERIOD_MS: u32 = 500;
/// Outside a live meeting (published, closed) the document changes rarely: every 10th tick (5 s).
const IDLE_EVERY: u32 = 10;

/// What the hook gives a page.
#[derive(Clone, PartialEq)]
pub struct Live {
    /// The latest document, once one arrived.
    pub view: Option<Rc<LiveView>>,
    /// The last failure (cleared by the next success).
    pub error: Option<ApiError>,
    /// Server time minus local time, in ms, measured when the document arrived.
    pub offset_ms: i64,
    /// The network is down and `view` is the copy the service worker kept at this moment
    /// (`sw.js`): readable, but not current.
    pub offline_copy: Option<Timestamp>,
    /// Fetch now (after an action), without waiting for the next tick.
    pub refresh: Callback<()>,
}

/// Shared between the timer, the in-flight request and the refresh callback.
#[derive(Default)]
struct Poller {
    etag: RefCell<Option<String>>,
    in_flight: Cell<bool>,
    alive: Cell<bool>,
    ticks: Cell<u32>,
    live: Cell<bool>,
    /// The last poll failed: the error is on screen until a poll succeeds.
    failing: Cell<bool>,
    /// When the offline copy on screen was kept (`None`: the document came from the server).
    kept_at: Cell<Option<Timestamp>>,
    /// The revision of the document on screen.
    shown: Cell<Option<u64>>,
}

/// Polls `GET …/live` (or the public one) for `session_id` until the page unmounts.
#[hook]
pub fn use_live(session_id: AttrValue, public: bool) -> Live {
    let view = use_state(|| None::<Rc<LiveView>>);
    let error = use_state(|| None::<ApiError>);
    let offset = use_state(|| 0_i64);
    let kept_at = use_state(|| None::<Timestamp>);
    let poller = use_memo((session_id.clone(), public), |_| Rc::new(Poller::default()));
    let report = use_network_report();

    let fetch = {
        let (view, error, offset, kept_at, poller) = (
            view.clone(),
            error.clone(),
            offset.clone(),
            kept_at.clone(),
            poller.clone(),
        );
        let id = session_id.clone();
        Rc::new(move || {
            if poller.in_flight.replace(true) {
                return;
            }
            let (view, error, offset, kept_at, poller) = (
                view.clone(),
                error.clone(),
                offset.clone(),
                kept_at.clone(),
                poller.clone(),
            );
            let (id, report) = (id.clone(), report.clone());
            spawn_local(async move {
                let etag = poller.etag.borrow().clone();
                let result = council_api::live(&id, public, etag).await;
                poller.in_flight.set(false);
                if !poller.alive.get() {
                    return;
                }
                // An offline copy means the request did not reach the server either.
                report.emit(!matches!(
                    &result,
                    Err(ApiError::Network) | Ok(LiveFetch::Kept(..))
                ));
                if !matches!(&result, Ok(LiveFetch::Kept(..))) && poller.kept_at.take().is_some() {
                    kept_at.set(None);
                }
                match result {
                    // Unchanged is an answer too: the network is back, the error goes (set
                    // only then, so a quiet 304 does not re-render the page).
                    Ok(LiveFetch::NotModified) => {
                        if poller.failing.replace(false) {
                            error.set(None);
                        }
                    }
                    Ok(LiveFetch::Fresh(doc, etag)) => {
                        *poller.etag.borrow_mut() = etag;
                        poller.live.set(doc.state == MeetingState::Live);
                        offset.set(doc.server_time.unix_ms() - js_now_ms());
                        poller.failing.set(false);
                        poller.shown.set(Some(doc.revision));
                        error.set(None);
                        view.set(Some(Rc::from(doc)));
                    }
                    // The copy is shown as it is, marked as not current: the clock offset and
                    // the ETag stay those of the last answer from the server.
                    Ok(LiveFetch::Kept(doc, at)) => {
                        poller.live.set(doc.state == MeetingState::Live);
                        if poller.failing.replace(false) {
                            error.set(None);
                        }
                        if poller.kept_at.replace(Some(at)) != Some(at) {
                            kept_at.set(Some(at));
                        }
                        if poller.shown.replace(Some(doc.revision)) != Some(doc.revision) {
                            // Another revision than the server last sent: the next answer
                            // must be a whole document, not a 304 about that one.
                            poller.etag.borrow_mut().take();
                            view.set(Some(Rc::from(doc)));
                        }
                    }
                    // A 401 has already reached the session watcher (superseded notice);
                    // keep the last document on screen with the error next to it.
                    Err(e) => {
                        poller.failing.set(true);
                        error.set(Some(e));
                    }
                }
            });
        })
    };

    {
        let (fetch, poller) = (fetch.clone(), poller.clone());
        use_effect_with((session_id, public), move |_| {
            poller.alive.set(true);
            fetch();
            let tick = {
                let poller = poller.clone();
                Interval::new(LIVE_PERIOD_MS, move || {
                    let n = poller.ticks.get().wrapping_add(1);
                    poller.ticks.set(n);
                    if poller.live.get() || n % IDLE_EVERY == 0 {
                        fetch();
                    }
                })
            };
            move || {
                poller.alive.set(false);
                drop(tick);
            }
        });
    }

    Live {
        view: (*view).clone(),
        error: (*error).clone(),
        offset_ms: *offset,
        offline_copy: *kept_at,
        refresh: Callback::from(move |()| fetch()),
    }
}

/// Props of [`LiveAnnouncer`].
#[derive(Properties, PartialEq)]
pub struct LiveAnnouncerProps {
    /// The current live document.
    pub view: Option<Rc<LiveView>>,
}

/// A visually hidden `aria-live="polite"` region saying who got the floor and which poll
/// opened or closed. The text changes only with the event, so it is read once.
#[component]
pub fn LiveAnnouncer(props: &LiveAnnouncerProps) -> Html {
    let t = use_texts().council;
    let last_key = use_mut_ref(|| None::<AnnounceKey>);
    let said = use_state(String::new);
    {
        let said = said.clone();
        use_effect_with(props.view.clone(), move |view| {
            if let Some(view) = view {
                let before = last_key.borrow().clone();
                if let Some(text) = announcement(before.as_ref(), view, t) {
                    said.set(text);
                }
                *last_key.borrow_mut() = Some(AnnounceKey::of(view));
            }
        });
    }
    html! {
        <div class="visually-hidden" aria-live="polite">{ (*said).clone() }</div>
    }
}
