//! The live documents the tablets and the chamber screen poll every second.
//!
//! Cheap when nothing changed: the revision (a KV counter bumped after every committed change)
//! is read first; an `If-None-Match` equal to it answers 304 with no body. The shared part
//! (everything but the caller's own status) is cached in KV per revision, so after a change
//! the first poller rebuilds it and the other thousand read one KV document. The revision is
//! read *before* the data, so a document is never labelled newer than what it shows.
//!
//! A time-limited poll closes when its deadline passes even if nobody acts: a cached document
//! whose open poll is past its deadline is not fresh, and rebuilding closes the poll first.

use crate::access;
use crate::floor;
use crate::polls::close_if_expired;
use crate::store::meetings::{self, MeetingRow};
use crate::store::polls::{self as poll_store, PollRow};
use crate::store::{attendance, votes};
use crate::{revision, Env};
use ratusz_domain::api::council::{
    AttendanceMode, CurrentItem, LiveAttendance, LiveMe, LivePoll, LiveView, MeetingState, MyVote,
    PollState,
};
use ratusz_domain::council::lifecycle::reader_cache_control;
use ratusz_domain::council::{casting, quorum};
use ratusz_domain::time::Timestamp;
use ratusz_platform::kv::{DocKey, Kv};
use ratusz_platform::{log, ApiError, Ctx};
use serde::{Deserialize, Serialize};
use spin_sdk::http::Response;

/// The shared live document as cached in KV.
#[derive(Debug, Serialize, Deserialize)]
struct Cached {
    /// The revision it was built at.
    rev: u64,
    /// The document without the caller's parts.
    view: LiveView,
}

fn cache_key(session_id: &str) -> DocKey {
    DocKey::new("live-doc", session_id)
}

/// The cached document, if any; a cache that cannot be read is a miss, never an error.
fn cache_get(session_id: &str) -> Option<Cached> {
    match Kv::open().and_then(|kv| kv.get(&cache_key(session_id))) {
        Ok(cached) => cached,
        Err(e) => {
            log::error(&format!("live cache read failed: {e}"));
            None
        }
    }
}

fn cache_set(session_id: &str, cached: &Cached) {
    if let Err(e) = Kv::open().and_then(|kv| kv.set(&cache_key(session_id), cached)) {
        log::error(&format!("live cache write failed: {e}"));
    }
}

/// Whether the document shows an open poll whose time is up (it must be closed, not shown).
fn shows_expired_poll(view: &LiveView, now: Timestamp) -> bool {
    view.poll
        .as_ref()
        .is_some_and(|p| casting::expired(p.state, p.closes_at, now))
}

/// The shared part of meeting `session_id`'s live document at the current revision (`None`:
/// no such meeting).
fn shared(env: &Env, session_id: &str) -> Result<Option<LiveView>, ApiError> {
    let rev = revision::current(session_id)?;
    if let Some(cached) = cache_get(session_id) {
        if cached.rev == rev && !shows_expired_poll(&cached.view, env.now) {
            return Ok(Some(cached.view));
        }
    }
    if let Some(poll) = poll_store::live(&env.db, session_id)? {
        close_if_expired(env, poll)?;
    }
    // Read again: closing a poll bumps it, and the data below must be at least this new.
    let rev = revision::current(session_id)?;
    let Some(meeting) = meetings::by_id(&env.db, session_id)? else {
        return Ok(None);
    };
    let view = build(env, &meeting, rev)?;
    cache_set(
        session_id,
        &Cached {
            rev,
            view: view.clone(),
        },
    );
    Ok(Some(view))
}

/// Builds the shared document from the database.
fn build(env: &Env, meeting: &MeetingRow, rev: u64) -> Result<LiveView, ApiError> {
    let present = attendance::present_count(&env.db, &meeting.id)?;
    let current_item = match &meeting.current_item_id {
        Some(id) => poll_store::item_title(&env.db, &meeting.id, id)?.map(|title| CurrentItem {
            id: id.clone(),
            title,
        }),
        None => None,
    };
    let poll = poll_store::live(&env.db, &meeting.id)?
        .map(|p| live_poll(&p))
        .transpose()?;
    Ok(LiveView {
        revision: rev,
        session_id: meeting.id.clone(),
        title: meeting.title.clone(),
        number: meeting.number.clone(),
        state: meeting.state,
        attendance: LiveAttendance {
            present,
            statutory: meeting.statutory_members,
            quorum: quorum::has_quorum(present, meeting.statutory_members),
        },
        current_item,
        floor: floor::view(&env.db, &meeting.id, meeting.list_open)?,
        poll,
        server_time: env.now,
        me: None,
    })
}

/// `live.poll`: progress while open (how many voted, never how), the outcome once closed.
fn live_poll(poll: &PollRow) -> Result<LivePoll, ApiError> {
    let result = if poll.state == PollState::Closed {
        poll.result()?
    } else {
        None
    };
    Ok(LivePoll {
        id: poll.id.clone(),
        title: poll.title.clone(),
        kind: poll.kind,
        state: poll.state,
        voted: poll.voted,
        entitled: poll.entitled,
        options: poll.options.clone(),
        closes_at: poll.closes_at,
        passed: result.as_ref().map(|r| r.passed),
        counts: result.as_ref().map(|r| r.counts),
        result_text: result.map(|r| r.result_text),
        my_vote: None,
    })
}

/// 304 with the ETag, or 200 with the document.
fn respond(ctx: &Ctx, view: &LiveView, cache_control: &str) -> Response {
    let etag = revision::etag(view.revision);
    if revision::matches(ctx.req.header("if-none-match"), view.revision) {
        return Response::builder()
            .status(304)
            .header("etag", etag)
            .header("cache-control", cache_control)
            .build();
    }
    let mut resp = ratusz_platform::response::ok(view);
    resp.set_header("etag", etag);
    resp.set_header("cache-control", cache_control);
    resp
}

/// `GET …/live` (anyone who can see the meeting; members also get their own status).
pub fn member(ctx: &Ctx) -> Result<Response, ApiError> {
    ctx.principal()?;
    let env = Env::open(ctx)?;
    let (meeting, seat) = access::load(&env)?;
    let mut view = shared(&env, &meeting.id)?.ok_or(ApiError::NotFound)?;
    if revision::matches(ctx.req.header("if-none-match"), view.revision) {
        return Ok(respond(ctx, &view, reader_cache_control(meeting.state)));
    }
    view.server_time = env.now;
    if seat.member || seat.chair {
        let user_id = seat.user_id()?;
        let mode = if seat.member {
            attendance::mode_of(&env.db, &meeting.id, user_id)?
        } else {
            AttendanceMode::Absent
        };
        view.me = Some(LiveMe {
            member: seat.member,
            chair: seat.chair,
            attendance: mode,
            request_id: view
                .floor
                .queue
                .iter()
                .find(|q| q.user_id == user_id)
                .map(|q| q.id.clone()),
            speaking: view
                .floor
                .speaker
                .as_ref()
                .is_some_and(|s| s.user_id.as_deref() == Some(user_id)),
        });
        if seat.member {
            if let Some(poll) = view.poll.as_mut() {
                poll.my_vote = Some(match votes::mine(&env.db, &poll.id, user_id)? {
                    Some(mine) => MyVote {
                        cast: mine.voted,
                        receipt: mine.receipt,
                        choice: mine.choice,
                        entitled: true,
                    },
                    None => MyVote {
                        cast: false,
                        receipt: None,
                        choice: None,
                        entitled: false,
                    },
                });
            }
        }
    }
    Ok(respond(ctx, &view, reader_cache_control(meeting.state)))
}

/// `GET /api/public/sessions/{id}/live` (no login; published, live or closed meetings).
pub fn public(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let session_id = env.param("id")?;
    let mut view = shared(&env, session_id)?.ok_or(ApiError::NotFound)?;
    if view.state == MeetingState::Draft {
        return Err(ApiError::NotFound);
    }
    view.server_time = env.now;
    Ok(respond(ctx, &view, "no-cache"))
}
