//! Floor control (lista mówców): members request the floor, the chair grants, ends, extends,
//! removes, reorders, closes and reopens the list. One speaker at a time.
//!
//! The order and every refusal come from `ratusz_domain::council::floor`; this module loads
//! the queue, calls the rule and stores the outcome in one `BEGIN IMMEDIATE` transaction (so
//! two grants racing each other cannot both find the floor free), audits grants and ends (the
//! minutes list speakers with times) and bumps the live revision after the commit.

use crate::access;
use crate::env::{principal, Env};
use crate::revision;
use crate::store::floor::{self as store, RequestRow};
use crate::store::meetings::{self, MeetingRow};
use ratusz_domain::api::council::{
    FloorExtend, FloorGrant, FloorKind, FloorOrder, FloorRequestInput, FloorRequestView, FloorView,
    Speaker,
};
use ratusz_domain::council::floor::{self as rules, FloorRefusal, GrantTarget, Queued};
use ratusz_platform::db::Db;
use ratusz_platform::{idempotency, response, runtime, ApiError, Ctx};
use serde::de::DeserializeOwned;
use spin_sdk::http::Response;

/// The longest extension the chair may give at once, in seconds.
const MAX_EXTENSION_S: u32 = 3600;

/// The JSON body, or `T::default()` when the body is empty (action endpoints like `open`,
/// `grant` or `end` are often called with no body at all).
pub(crate) fn body_or_default<T: DeserializeOwned + Default>(ctx: &Ctx) -> Result<T, ApiError> {
    if ctx.req.body.iter().all(u8::is_ascii_whitespace) {
        Ok(T::default())
    } else {
        ctx.req.json()
    }
}

/// A floor refusal as a problem with the rule's code and status.
fn refusal(r: FloorRefusal) -> ApiError {
    match (r.status(), r.field()) {
        (404, _) => ApiError::NotFound,
        (422, Some(field)) => ApiError::invalid_field(field, r.detail_en()),
        _ => ApiError::conflict(r.code(), format!("{} / {}", r.detail_pl(), r.detail_en())),
    }
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

/// Runs a chair's floor action on a live meeting in one transaction and answers 200 with the
/// floor afterwards. `act` gets the environment, the database, the meeting and the chair's id.
fn chair_action(
    ctx: &Ctx,
    act: impl FnOnce(&Env, &Db, &MeetingRow, &str) -> Result<(), ApiError>,
) -> Result<Response, ApiError> {
    principal(ctx)?;
    let env = Env::open()?;
    let (meeting, seat) = access::load(&env, ctx)?;
    seat.require_chair()?;
    access::require_live(&meeting)?;
    let chair_id = seat.user_id()?.to_owned();
    let floor = env.db.transaction(|db| {
        act(&env, db, &meeting, &chair_id)?;
        let list_open =
            meetings::by_id(db, &meeting.id)?.map_or(meeting.list_open, |m| m.list_open);
        view(db, &meeting.id, list_open)
    })?;
    revision::bump(&meeting.id)?;
    Ok(response::ok(&floor))
}

/// `POST …/floor/requests` `{kind}` (a member; `Idempotency-Key` makes a retry safe) → 201.
pub fn request(ctx: &Ctx) -> Result<Response, ApiError> {
    principal(ctx)?;
    let env = Env::open()?;
    let (meeting, seat) = access::load(&env, ctx)?;
    access::require_live(&meeting)?;
    let user_id = seat.require_member()?.to_owned();
    let body: FloorRequestInput = ctx.req.json()?;
    let scope = format!("user:{user_id} POST floor/requests {}", meeting.id);
    let resp = idempotency::run(&env.db, ctx.req, &scope, env.now, |db| {
        let queue = store::queue(db, &meeting.id)?;
        let queued: Vec<Queued> = queue.iter().map(|r| r.queued.clone()).collect();
        let speaking = store::current_speech(db, &meeting.id)?.is_some();
        rules::check_request(body.kind, meeting.list_open, speaking, &queued, &user_id)
            .map_err(refusal)?;
        let id = runtime::new_id().as_str().to_owned();
        store::insert_request(db, &meeting.id, &id, &user_id, body.kind, env.now)?;
        let name = meetings::user_name(db, &user_id)?.unwrap_or_else(|| user_id.clone());
        Ok(response::created(&FloorRequestView {
            id,
            user_id: user_id.clone(),
            name,
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
    principal(ctx)?;
    let env = Env::open()?;
    let (meeting, seat) = access::load(&env, ctx)?;
    access::require_live(&meeting)?;
    let user_id = seat.user_id()?.to_owned();
    let rid = ctx.params.require("rid")?;
    env.db.transaction(|db| {
        let request = store::queued_by_id(db, &meeting.id, rid)?.ok_or(ApiError::NotFound)?;
        let state = if request.queued.user_id == user_id {
            "withdrawn"
        } else if seat.chair {
            "removed"
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
    chair_action(ctx, |env, db, meeting, chair_id| {
        let body: FloorGrant = body_or_default(ctx)?;
        let queue = ordered_queue(db, &meeting.id)?;
        let queued: Vec<Queued> = queue.iter().map(|r| r.queued.clone()).collect();
        let speaking = store::current_speech(db, &meeting.id)?.is_some();
        let target = rules::pick_grant(&queued, &body, speaking).map_err(refusal)?;
        let speaker = match target {
            GrantTarget::Request(id) => {
                let request = queue
                    .iter()
                    .find(|r| r.queued.id == id)
                    .ok_or(ApiError::NotFound)?;
                store::resolve(db, &id, "granted", env.now)?;
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
                "kind": store::kind_text(speaker.kind),
                "limit_s": speaker.limit_s,
                "item_id": meeting.current_item_id,
            }),
        )?;
        Ok(())
    })
}

/// `POST …/floor/end` (409 `nobody_speaking`). Queued ad vocem replies stay queued.
pub fn end(ctx: &Ctx) -> Result<Response, ApiError> {
    chair_action(ctx, |env, db, meeting, chair_id| {
        let (speech_id, speaker) = store::current_speech(db, &meeting.id)?
            .ok_or_else(|| refusal(FloorRefusal::NobodySpeaking))?;
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

/// `POST …/floor/extend` `{seconds}` (1–3600; 409 `nobody_speaking`).
pub fn extend(ctx: &Ctx) -> Result<Response, ApiError> {
    chair_action(ctx, |_env, db, meeting, _chair_id| {
        let body: FloorExtend = ctx.req.json()?;
        if body.seconds == 0 || body.seconds > MAX_EXTENSION_S {
            return Err(ApiError::invalid_field(
                "seconds",
                "Must be 1–3600 seconds.",
            ));
        }
        let (speech_id, speaker) = store::current_speech(db, &meeting.id)?
            .ok_or_else(|| refusal(FloorRefusal::NobodySpeaking))?;
        store::set_limit(db, &speech_id, speaker.limit_s.saturating_add(body.seconds))?;
        Ok(())
    })
}

/// `PUT …/floor/order` `{request_ids}`: every queued request once, precedence kept.
pub fn order(ctx: &Ctx) -> Result<Response, ApiError> {
    chair_action(ctx, |_env, db, meeting, _chair_id| {
        let body: FloorOrder = ctx.req.json()?;
        let queued: Vec<Queued> = store::queue(db, &meeting.id)?
            .into_iter()
            .map(|r| r.queued)
            .collect();
        for (id, pos) in rules::reorder(&queued, &body.request_ids).map_err(refusal)? {
            store::set_pos(db, &id, pos)?;
        }
        Ok(())
    })
}

/// `POST …/floor/close`: no new requests (formal motions are still admitted).
pub fn close_list(ctx: &Ctx) -> Result<Response, ApiError> {
    chair_action(ctx, |_env, db, meeting, _| {
        store::set_list_open(db, &meeting.id, false)?;
        Ok(())
    })
}

/// `POST …/floor/reopen`.
pub fn reopen_list(ctx: &Ctx) -> Result<Response, ApiError> {
    chair_action(ctx, |_env, db, meeting, _| {
        store::set_list_open(db, &meeting.id, true)?;
        Ok(())
    })
}
