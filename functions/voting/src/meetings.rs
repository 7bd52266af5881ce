//! `/api/sessions` and `/api/sessions/{id}`: the council office prepares a meeting (create,
//! edit, publish), the chair opens and closes it; everyone who may see it reads it.

use crate::access::{self, Seat};
use crate::env::{principal, Env};
use crate::store::meetings::{self, ListCursor, MeetingRow, Visibility};
use crate::store::{agenda, attachments, polls};
use crate::{revision, validate};
use ratusz_domain::api::accounts::Role;
use ratusz_domain::api::council::{
    AgendaItem, AttachmentView, Meeting, MeetingCreate, MeetingPatch, MeetingState, MeetingSummary,
};
use ratusz_domain::api::Page;
use ratusz_platform::request::PageQuery;
use ratusz_platform::{response, runtime, ApiError, Ctx, Principal};
use spin_sdk::http::Response;

/// 409 `invalid_state`: the action does not apply to the meeting's current state.
pub fn invalid_state(detail: &str) -> ApiError {
    ApiError::conflict("invalid_state", detail)
}

/// The audit object of a meeting.
pub fn object(id: &str) -> String {
    format!("session:{id}")
}

/// The agenda of `session_id` with each item's attachment metadata.
pub fn agenda_view(env: &Env, session_id: &str) -> Result<Vec<AgendaItem>, ApiError> {
    let mut files = attachments::of_meeting(&env.db, session_id)?;
    let items = agenda::of_meeting(&env.db, session_id)?;
    Ok(items
        .into_iter()
        .map(|item| {
            let (mine, rest): (Vec<_>, Vec<_>) = files.drain(..).partition(|(i, _)| *i == item.id);
            files = rest;
            AgendaItem {
                attachments: mine
                    .into_iter()
                    .map(|(_, a)| a)
                    .collect::<Vec<AttachmentView>>(),
                id: item.id,
                position: item.position,
                title: item.title,
                description: item.description,
            }
        })
        .collect())
}

/// The full meeting as `seat` may see it: members with names, the agenda with attachment
/// metadata; the video room only for insiders (members, chair, office, admin) — a public
/// link would let anyone walk into the councillors' room.
pub fn view(env: &Env, m: &MeetingRow, seat: &Seat) -> Result<Meeting, ApiError> {
    let members = meetings::members(&env.db, &m.id)?;
    Ok(Meeting {
        id: m.id.clone(),
        title: m.title.clone(),
        number: m.number.clone(),
        kind: m.kind,
        state: m.state,
        starts_at: m.starts_at,
        location: m.location.clone(),
        video_url: if seat.insider() {
            m.video_url.clone()
        } else {
            None
        },
        statutory_members: m.statutory_members,
        member_ids: members.iter().map(|v| v.user_id.clone()).collect(),
        members,
        chair_id: m.chair_id.clone(),
        speaking_limits: m.limits,
        allow_vote_change: m.allow_vote_change,
        list_open: m.list_open,
        current_item_id: m.current_item_id.clone(),
        agenda: agenda_view(env, &m.id)?,
        opened_at: m.opened_at,
        closed_at: m.closed_at,
    })
}

/// One row of a meeting list.
pub fn summary(m: &MeetingRow) -> MeetingSummary {
    MeetingSummary {
        id: m.id.clone(),
        title: m.title.clone(),
        number: m.number.clone(),
        kind: m.kind,
        state: m.state,
        starts_at: m.starts_at,
        location: m.location.clone(),
    }
}

/// A page of meetings visible as `visibility` says (newest start first).
pub fn page(env: &Env, visibility: &Visibility, q: &PageQuery) -> Result<Response, ApiError> {
    let after = match q.cursor.as_deref() {
        Some(text) => Some(ListCursor::decode(text).ok_or_else(|| {
            ApiError::invalid_field("cursor", "Nieprawidłowy kursor. / Invalid cursor.")
        })?),
        None => None,
    };
    let found = meetings::list(&env.db, visibility, after.as_ref(), q.limit + 1)?;
    let more = found.len() > q.limit as usize;
    let rows: Vec<&MeetingRow> = found.iter().take(q.limit as usize).collect();
    let next_cursor = match rows.last() {
        Some(last) if more => Some(
            ListCursor {
                starts_at: last.starts_at.to_rfc3339(),
                id: last.id.clone(),
            }
            .encode(),
        ),
        _ => None,
    };
    Ok(response::ok(&Page {
        items: rows.into_iter().map(summary).collect(),
        next_cursor,
    }))
}

fn require_clerk_role(p: &Principal) -> Result<(), ApiError> {
    if p.roles.contains(&Role::Clerk) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// Members must be existing, active accounts.
fn check_accounts(env: &Env, ids: &[String]) -> Result<(), ApiError> {
    let missing = meetings::inactive_or_missing(&env.db, ids)?;
    if missing.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid_field(
            "member_ids",
            format!(
                "Nie ma aktywnych kont: {}. / No active accounts: {}.",
                missing.join(", "),
                missing.join(", ")
            ),
        ))
    }
}

/// A named chair must be one of the members; `""` or absent means "any chair-role holder".
fn chair_of(chair: Option<&str>, members: &[String]) -> Result<Option<String>, ApiError> {
    let Some(id) = chair.map(str::trim).filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    if members.iter().any(|m| m == id) {
        Ok(Some(id.to_owned()))
    } else {
        Err(ApiError::invalid_field(
            "chair_id",
            "Przewodniczący musi być członkiem składu. / The chair must be a member.",
        ))
    }
}

/// `POST /api/sessions` (clerk): a new draft meeting → 201 `Meeting`.
pub fn create(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = principal(ctx)?;
    require_clerk_role(&p)?;
    let body: MeetingCreate = ctx.req.json()?;
    let statutory = validate::statutory("statutory_members", body.statutory_members)?;
    let member_ids = validate::member_ids("member_ids", &body.member_ids, statutory)?;
    let mut row = MeetingRow {
        id: runtime::new_id().as_str().to_owned(),
        title: validate::text("title", &body.title, validate::TITLE_MAX)?,
        number: validate::text("number", &body.number, validate::NUMBER_MAX)?,
        kind: body.kind,
        state: MeetingState::Draft,
        starts_at: body.starts_at,
        location: validate::text("location", &body.location, validate::LOCATION_MAX)?,
        video_url: validate::video_url("video_url", body.video_url.as_deref())?,
        statutory_members: statutory,
        chair_id: None,
        limits: validate::limits("speaking_limits", body.speaking_limits.unwrap_or_default())?,
        allow_vote_change: body.allow_vote_change.unwrap_or(false),
        list_open: true,
        current_item_id: None,
        opened_at: None,
        closed_at: None,
    };
    row.chair_id = chair_of(body.chair_id.as_deref(), &member_ids)?;
    let env = Env::open()?;
    check_accounts(&env, &member_ids)?;
    env.db.transaction(|db| {
        meetings::insert(db, &row, &p.user_id, env.now)?;
        meetings::set_members(db, &row.id, &member_ids)?;
        env.audit(
            &p.user_id,
            "meeting_created",
            &object(&row.id),
            serde_json::json!({
                "title": row.title, "number": row.number, "starts_at": row.starts_at,
                "statutory_members": row.statutory_members, "member_ids": member_ids,
                "chair_id": row.chair_id,
            }),
        )
    })?;
    let seat = Seat::of(Some(p.clone()), &row, member_ids.contains(&p.user_id));
    Ok(response::created(&view(&env, &row, &seat)?))
}

/// `GET /api/sessions`: what the caller may see (drafts only for the office, chair-role
/// holders, administrators and a draft's named chair), newest start first.
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = principal(ctx)?;
    let q = ctx.req.page_query()?;
    let sees_drafts = [Role::Clerk, Role::Chair, Role::Admin]
        .iter()
        .any(|r| p.roles.contains(r));
    let visibility = if sees_drafts {
        Visibility::All
    } else {
        Visibility::Announced {
            user_id: p.user_id.clone(),
        }
    };
    page(&Env::open()?, &visibility, &q)
}

/// `GET /api/sessions/{id}`.
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open()?;
    let (m, seat) = access::load(&env, ctx)?;
    Ok(response::ok(&view(&env, &m, &seat)?))
}

/// Applies the membership part of a patch: the list and the composition may change only
/// before the meeting opens (attendance, quorum and poll entitlement rest on them). A patch
/// repeating the current values is accepted at any time (forms send every field).
fn patch_membership(
    env: &Env,
    m: &mut MeetingRow,
    body: &MeetingPatch,
) -> Result<Option<Vec<String>>, ApiError> {
    let current = meetings::member_ids(&env.db, &m.id)?;
    let statutory = match body.statutory_members {
        Some(s) => validate::statutory("statutory_members", s)?,
        None => m.statutory_members,
    };
    let members = match &body.member_ids {
        Some(ids) => validate::member_ids("member_ids", ids, statutory)?,
        None => validate::member_ids("member_ids", &current, statutory)?,
    };
    let changed = members != current || statutory != m.statutory_members;
    if changed && !matches!(m.state, MeetingState::Draft | MeetingState::Published) {
        return Err(invalid_state(
            "Skład można zmienić tylko przed otwarciem posiedzenia. / Members can change only before the meeting opens.",
        ));
    }
    if members != current {
        check_accounts(env, &members)?;
    }
    m.statutory_members = statutory;
    m.chair_id = match &body.chair_id {
        Some(c) => chair_of(Some(c), &members)?,
        None => chair_of(m.chair_id.as_deref(), &members)?,
    };
    Ok((members != current).then_some(members))
}

/// `PATCH /api/sessions/{id}` (clerk; not after close; members only before opening).
pub fn update(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open()?;
    let (mut m, seat) = access::load(&env, ctx)?;
    seat.require_clerk()?;
    access::require_not_closed(&m)?;
    let body: MeetingPatch = ctx.req.json()?;
    if let Some(v) = &body.title {
        m.title = validate::text("title", v, validate::TITLE_MAX)?;
    }
    if let Some(v) = &body.number {
        m.number = validate::text("number", v, validate::NUMBER_MAX)?;
    }
    if let Some(v) = body.kind {
        m.kind = v;
    }
    if let Some(v) = body.starts_at {
        m.starts_at = v;
    }
    if let Some(v) = &body.location {
        m.location = validate::text("location", v, validate::LOCATION_MAX)?;
    }
    if let Some(v) = &body.video_url {
        m.video_url = validate::video_url("video_url", Some(v))?;
    }
    if let Some(v) = body.speaking_limits {
        m.limits = validate::limits("speaking_limits", v)?;
    }
    if let Some(v) = body.allow_vote_change {
        m.allow_vote_change = v;
    }
    let actor = seat.user_id()?.to_owned();
    env.db.transaction(|db| {
        // Under the write lock: the state checked is the state written over.
        let fresh = meetings::by_id(db, &m.id)?.ok_or(ApiError::NotFound)?;
        access::require_not_closed(&fresh)?;
        m.state = fresh.state;
        m.list_open = fresh.list_open;
        m.current_item_id = fresh.current_item_id;
        m.opened_at = fresh.opened_at;
        m.closed_at = fresh.closed_at;
        let new_members = patch_membership(&env, &mut m, &body)?;
        meetings::update(db, &m, env.now)?;
        if let Some(ids) = &new_members {
            meetings::set_members(db, &m.id, ids)?;
        }
        env.audit(
            &actor,
            "meeting_updated",
            &object(&m.id),
            serde_json::to_value(&body).unwrap_or_default(),
        )
    })?;
    revision::bump(&m.id)?;
    let member = meetings::is_member(&env.db, &m.id, &actor)?;
    let seat = Seat::of(seat.principal.clone(), &m, member);
    Ok(response::ok(&view(&env, &m, &seat)?))
}

/// Runs a state change `from` → `to` as `actor`, audited as `action`, and answers the
/// updated meeting. `guard` runs inside the transaction (e.g. "no poll open").
fn change_state(
    env: &Env,
    m: &MeetingRow,
    seat: &Seat,
    (from, to): (MeetingState, MeetingState),
    action: &str,
    guard: impl FnOnce(&Env) -> Result<(), ApiError>,
) -> Result<Response, ApiError> {
    let actor = seat.user_id()?.to_owned();
    env.db.transaction(|db| {
        guard(env)?;
        if !meetings::transition(db, &m.id, from, to, env.now)? {
            return Err(invalid_state(&format!(
                "Posiedzenie nie jest w stanie „{}”. / The meeting is not {}.",
                meetings::state_text(from),
                meetings::state_text(from)
            )));
        }
        env.audit(
            &actor,
            action,
            &object(&m.id),
            serde_json::json!({"from": meetings::state_text(from), "to": meetings::state_text(to)}),
        )
        .map(|_| ())
    })?;
    revision::bump(&m.id)?;
    let fresh = meetings::by_id(&env.db, &m.id)?.ok_or(ApiError::NotFound)?;
    Ok(response::ok(&view(env, &fresh, seat)?))
}

/// `POST /api/sessions/{id}/publish` (clerk): draft → published.
pub fn publish(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open()?;
    let (m, seat) = access::load(&env, ctx)?;
    seat.require_clerk()?;
    change_state(
        &env,
        &m,
        &seat,
        (MeetingState::Draft, MeetingState::Published),
        "meeting_published",
        |_| Ok(()),
    )
}

/// `POST /api/sessions/{id}/open` (chair): published → live.
pub fn open(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open()?;
    let (m, seat) = access::load(&env, ctx)?;
    seat.require_chair()?;
    change_state(
        &env,
        &m,
        &seat,
        (MeetingState::Published, MeetingState::Live),
        "meeting_opened",
        |_| Ok(()),
    )
}

/// `POST /api/sessions/{id}/close` (chair): live → closed. Refused while a poll is open (its
/// result would never be counted); the current speech ends with the meeting.
pub fn close(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open()?;
    let (m, seat) = access::load(&env, ctx)?;
    seat.require_chair()?;
    change_state(
        &env,
        &m,
        &seat,
        (MeetingState::Live, MeetingState::Closed),
        "meeting_closed",
        |env| {
            if polls::has_open(&env.db, &m.id)? {
                return Err(ApiError::conflict(
                    "poll_open",
                    "Najpierw zamknij trwające głosowanie. / Close the open poll first.",
                ));
            }
            meetings::end_speech(&env.db, &m.id, env.now)?;
            Ok(())
        },
    )
}
