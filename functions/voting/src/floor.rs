//! Floor control (lista mówców): members request the floor, the chair grants, ends, extends,
//! removes, reorders, closes and reopens the list. One speaker at a time.
//!
//! The order and every refusal come from `ratusz_domain::council::floor`; this module loads
//! the queue, calls the rule and stores the outcome in one `BEGIN IMMEDIATE` transaction (so
//! two grants racing each other cannot both find the floor free), audits grants and ends (the
//! minutes list speakers with times) and bumps the live revision after the commit.

use crate::access;
use crate::store::floor::{self as store, RequestRow};
use crate::store::meetings::{self, MeetingRow};
use crate::{refusal, revision, Env};
use ratusz_domain::api::council::{
    FloorExtend, FloorGrant, FloorKind, FloorOrder, FloorRequestInput, FloorRequestView, FloorView,
    RequestState, Speaker,
};
use ratusz_domain::council::floor::{self as rules, FloorRefusal, GrantTarget, Queued};
use ratusz_domain::council::lifecycle::Activity;
use ratusz_domain::validate::limits::SPEAKING_SECONDS_MAX;
use ratusz_domain::validate::range;
use ratusz_platform::db::Db;
use ratusz_platform::{accounts_view, idempotency, response, runtime, ApiError, Ctx};
use serde::de::DeserializeOwned;
use spin_sdk::http::Response;

/// The JSON body, or `T::default()` when the body is empty (action endpoints like `open`,
/// `grant` or `end` are often called with no body at all).
pub(crate) fn body_or_default<T: DeserializeOwned + Default>(ctx: &Ctx) -> Result<T, ApiError> {
    if ctx.req.body.iter().all(u8::is_ascii_whitespace) {
        Ok(T::default())
    } else {
        ctx.req.json()
    }
}

/// For actions without a body (`end`, `close`, `reopen`): whatever was sent is ignored.
fn no_body(_ctx: &Ctx) -> Result<(), ApiError> {
    Ok(())
}

/// The queue of meeting `session_id` in speaking order.
fn ordered_queue(db: &Db, session_id: &str) -> Result<Vec<RequestRow>, ApiError> {
    let rows = store::queue(db, session_id)?;
    let mut queued: Vec<Queued> = rows.iter().map(|r| r.queued.clone()).collect();
    rules::speaking_order(&mut queued);
    // Re-attach names in the sorted order (ids are unique).
    Ok(queued
        .iter()
        .filter_map(|q| rows.iter().find(|r| r.queued.id == q.id).cloned())
        .collect())
}

/// The floor as the live view and the chair console show it.
pub fn view(db: &Db, session_id: &str, list_open: bool) -> Result<FloorView, ApiError> {
    Ok(FloorView {
        speaker: store::current_speech(db, session_id)?.map(|(_, s)| s),
        queue: ordered_queue(db, session_id)?
            .iter()
            .map(RequestRow::entry)
            .collect(),
        list_open,
    })
}

/// Runs a chair's floor action on a live meeting and answers 200 with the floor afterwards.
/// The body is read by `parse` once the caller is known to be the chair and before the
/// transaction; the transaction holds only `act` (given the environment, the database, the
/// meeting, the chair's id and the body); the floor is read after the commit.
fn chair_action<B>(
    ctx: &Ctx,
    parse: impl FnOnce(&Ctx) -> Result<B, ApiError>,
    act: impl FnOnce(&Env, &Db, &MeetingRow, &str, B) -> Result<(), ApiError>,
) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (meeting, seat) = access::load(&env)?;
    seat.require_chair()?;
    access::allow(&meeting, Activity::Debate)?;
    let chair_id = seat.user_id()?.to_owned();
    let body = parse(ctx)?;
    env.db
        .transaction(|db| act(&env, db, &meeting, &chair_id, body))?;
    revision::bump(&meeting.id)?;
    let list_open =
        meetings::by_id(&env.db, &meeting.id)?.map_or(meeting.list_open, |m| m.list_open);
    Ok(response::ok(&view(&env.db, &meeting.id, list_open)?))
}

/// `POST …/floor/requests` `{kind}` (a member; `Idempotency-Key` makes a retry safe) → 201.
pub fn request(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (meeting, seat) = access::load(&env)?;
    access::allow(&meeting, Activity::Debate)?;
    let user_id = seat.require_member()?.to_owned();
    let body: FloorRequestInput = ctx.req.json()?;
    // Read before the transaction: the name is the caller's own and needs no lock.
    let name = accounts_view::display_name(&env.db, &user_id)?.unwrap_or_else(|| user_id.clone());
    let scope = format!("user:{user_id} POST floor/requests {}", meeting.id);
    let resp = idempotency::run(&env.db, ctx.req, &scope, env.now, |db| {
        let queue = store::queue(db, &meeting.id)?;
        let queued: Vec<Queued> = queue.iter().map(|r| r.queued.clone()).collect();
        let speaking = store::current_speech(db, &meeting.id)?.is_some();
        rules::check_request(body.kind, meeting.list_open, speaking, &queued, &user_id)
            .map_err(refusal::floor)?;
        let id = runtime::new_id().as_str().to_owned();
        store::insert_request(db, &meeting.id, &id, &user_id, body.kind, env.now)?;
        Ok(response::created(&FloorRequestView {
            id,
            user_id: user_id.clone(),
            name: name.clone(),
            kind: body.kind,
            requested_at: env.now,
        }))
    })?;
    if *resp.status() < 300 {
        revision::bump(&meeting.id)?;
    }
    Ok(resp)
}

/// `DELETE …/floor/requests/{rid}`: the member withdraws their own request, the chair removes
/// anyone's → 204; others 403; a request no longer queued → 404.
pub fn withdraw(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (meeting, seat) = access::load(&env)?;
    access::allow(&meeting, Activity::Debate)?;
    let user_id = seat.user_id()?.to_owned();
    let rid = env.param("rid")?;
    env.db.transaction(|db| {
        let request = store::queued_by_id(db, &meeting.id, rid)?.ok_or(ApiError::NotFound)?;
        let state = if request.queued.user_id == user_id {
            RequestState::Withdrawn
        } else if seat.chair {
            RequestState::Removed
        } else {
            return Err(ApiError::forbidden());
        };
        store::resolve(db, rid, state, env.now)?;
        Ok(())
    })?;
    revision::bump(&meeting.id)?;
    Ok(response::no_content())
}

/// `POST …/floor/grant` `{}` (next in order), `{request_id}` or `{name}` (off the list).
pub fn grant(ctx: &Ctx) -> Result<Response, ApiError> {
    chair_action(
        ctx,
        body_or_default::<FloorGrant>,
        |env, db, meeting, chair_id, body| {
            let queue = ordered_queue(db, &meeting.id)?;
            let queued: Vec<Queued> = queue.iter().map(|r| r.queued.clone()).collect();
            let speaking = store::current_speech(db, &meeting.id)?.is_some();
            let target = rules::pick_grant(&queued, &body, speaking).map_err(refusal::floor)?;
            let speaker = match target {
                GrantTarget::Request(id) => {
                    let request = queue
                        .iter()
                        .find(|r| r.queued.id == id)
                        .ok_or(ApiError::NotFound)?;
                    store::resolve(db, &id, RequestState::Granted, env.now)?;
                    Speaker {
                        request_id: Some(id),
                        user_id: Some(request.queued.user_id.clone()),
                        name: request.name.clone(),
                        kind: request.queued.kind,
                        started_at: env.now,
                        limit_s: rules::limit_for(request.queued.kind, &meeting.limits),
                    }
                }
                // A guest (the mayor, an expert) speaks as a normal speech.
                GrantTarget::Guest(name) => Speaker {
                    request_id: None,
                    user_id: None,
                    name,
                    kind: FloorKind::Normal,
                    started_at: env.now,
                    limit_s: rules::limit_for(FloorKind::Normal, &meeting.limits),
                },
            };
            let speech_id = runtime::new_id().as_str().to_owned();
            store::insert_speech(
                db,
                &speech_id,
                &meeting.id,
                &speaker,
                meeting.current_item_id.as_deref(),
            )?;
            env.audit(
                chair_id,
                "floor_granted",
                &format!("session:{}", meeting.id),
                serde_json::json!({
                    "speech_id": speech_id,
                    "request_id": speaker.request_id,
                    "user_id": speaker.user_id,
                    "name": speaker.name,
                    "kind": speaker.kind.as_str(),
                    "limit_s": speaker.limit_s,
                    "item_id": meeting.current_item_id,
                }),
            )?;
            Ok(())
        },
    )
}

/// `POST …/floor/end` (409 `nobody_speaking`). Queued ad vocem replies stay queued.
pub fn end(ctx: &Ctx) -> Result<Response, ApiError> {
    chair_action(ctx, no_body, |env, db, meeting, chair_id, ()| {
        let (speech_id, speaker) = store::current_speech(db, &meeting.id)?
            .ok_or_else(|| refusal::floor(FloorRefusal::NobodySpeaking))?;
        store::end_speech(db, &speech_id, env.now)?;
        env.audit(
            chair_id,
            "floor_ended",
            &format!("session:{}", meeting.id),
            serde_json::json!({
                "speech_id": speech_id,
                "name": speaker.name,
                "user_id": speaker.user_id,
                "started_at": speaker.started_at,
                "duration_s": env.now.ms_since(speaker.started_at) / 1000,
            }),
        )?;
        Ok(())
    })
}

/// `POST …/floor/extend` `{seconds}` (1..=`SPEAKING_SECONDS_MAX`; 409 `nobody_speaking`).
pub fn extend(ctx: &Ctx) -> Result<Response, ApiError> {
    let parse = |ctx: &Ctx| {
        let body: FloorExtend = ctx.req.json()?;
        range(body.seconds, 1, SPEAKING_SECONDS_MAX)
            .map_err(|why| ApiError::invalid_field("seconds", why))
    };
    chair_action(ctx, parse, |_env, db, meeting, _chair_id, seconds| {
        let (speech_id, speaker) = store::current_speech(db, &meeting.id)?
            .ok_or_else(|| refusal::floor(FloorRefusal::NobodySpeaking))?;
        store::set_limit(db, &speech_id, speaker.limit_s.saturating_add(seconds))?;
        Ok(())
    })
}

/// `PUT …/floor/order` `{request_ids}`: every queued request once, precedence kept.
pub fn order(ctx: &Ctx) -> Result<Response, ApiError> {
    let parse = |ctx: &Ctx| ctx.req.json::<FloorOrder>();
    chair_action(ctx, parse, |_env, db, meeting, _chair_id, body| {
        let queued: Vec<Queued> = store::queue(db, &meeting.id)?
            .into_iter()
            .map(|r| r.queued)
            .collect();
        for (id, pos) in rules::reorder(&queued, &body.request_ids).map_err(refusal::floor)? {
            store::set_pos(db, &id, pos)?;
        }
        Ok(())
    })
}

/// `POST …/floor/close`: no new requests (formal motions are still admitted).
pub fn close_list(ctx: &Ctx) -> Result<Response, ApiError> {
    chair_action(ctx, no_body, |_env, db, meeting, _, ()| {
        store::set_list_open(db, &meeting.id, false)?;
        Ok(())
    })
}

/// `POST …/floor/reopen`.
pub fn reopen_list(ctx: &Ctx) -> Result<Response, ApiError> {
    chair_action(ctx, no_body, |_env, db, meeting, _, ()| {
        store::set_list_open(db, &meeting.id, true)?;
        Ok(())
    })
}
