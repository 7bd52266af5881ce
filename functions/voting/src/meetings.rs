//! `/api/sessions` and `/api/sessions/{id}`: the council office prepares a meeting (create,
//! edit, publish), the chair opens and closes it; everyone who may see it reads it.

use crate::access::{self, Seat};
use crate::store::meetings::{self, ListCursor, MeetingRow, Visibility};
use crate::store::{agenda, attachments, polls};
use crate::{refusal, revision, Env};
use ratusz_domain::api::accounts::Role;
use ratusz_domain::api::council::{
    AgendaItem, AttachmentView, Meeting, MeetingCreate, MeetingPatch, MeetingState, MeetingSummary,
};
use ratusz_domain::api::Page;
use ratusz_domain::council::lifecycle::{self, reader_cache_control, Activity, MeetingAction};
use ratusz_domain::council::meeting_fields::MeetingFields;
use ratusz_domain::validate::Invalid;
use ratusz_platform::request::PageQuery;
use ratusz_platform::{accounts_view, response, runtime, ApiError, Ctx, Principal};
use spin_sdk::http::Response;

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
        chair_id: m.chair_id.clone(),
    }
}

/// A page of meetings visible as `visibility` says (newest start first).
pub fn page(env: &Env, visibility: &Visibility, q: &PageQuery) -> Result<Response, ApiError> {
    let after = match q.cursor.as_deref() {
        Some(text) => Some(
            ListCursor::decode(text)
                .ok_or_else(|| ApiError::invalid_field("cursor", Invalid::format("cursor")))?,
        ),
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
    let public = matches!(visibility, Visibility::Public);
    let items = rows
        .into_iter()
        .map(summary)
        // Who runs a meeting is for the people taking part: the public list names no account.
        .map(|s| MeetingSummary {
            chair_id: s.chair_id.filter(|_| !public),
            ..s
        })
        .collect();
    Ok(response::ok(&Page { items, next_cursor }))
}

fn require_clerk_role(p: &Principal) -> Result<(), ApiError> {
    if p.roles.contains(&Role::Clerk) {
        Ok(())
    } else {
        Err(ApiError::forbidden())
    }
}

/// Members must be existing, active accounts (read through the account directory); the
/// others are refused on `member_ids` with their ids.
fn check_accounts(env: &Env, ids: &[String]) -> Result<(), ApiError> {
    let mut missing = Vec::new();
    for id in ids {
        if !accounts_view::is_active(&env.db, id)? {
            missing.push(id.as_str());
        }
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(ApiError::invalid_field(
            "member_ids",
            Invalid::unknown_reference().with("ids", missing.join(",")),
        ))
    }
}

/// The editable fields of `m` with its members.
fn fields_of(m: &MeetingRow, member_ids: Vec<String>) -> MeetingFields {
    MeetingFields {
        title: m.title.clone(),
        number: m.number.clone(),
        kind: m.kind,
        starts_at: m.starts_at,
        location: m.location.clone(),
        video_url: m.video_url.clone(),
        statutory_members: m.statutory_members,
        member_ids,
        chair_id: m.chair_id.clone(),
        speaking_limits: m.limits,
        allow_vote_change: m.allow_vote_change,
    }
}

/// A new draft meeting `id` with the fields `f`.
fn new_draft(id: String, f: &MeetingFields) -> MeetingRow {
    MeetingRow {
        id,
        title: f.title.clone(),
        number: f.number.clone(),
        kind: f.kind,
        state: MeetingState::Draft,
        starts_at: f.starts_at,
        location: f.location.clone(),
        video_url: f.video_url.clone(),
        statutory_members: f.statutory_members,
        chair_id: f.chair_id.clone(),
        limits: f.speaking_limits,
        allow_vote_change: f.allow_vote_change,
        list_open: true,
        current_item_id: None,
        opened_at: None,
        closed_at: None,
    }
}

/// `m` with the editable fields of `f` (its state, floor and times stay).
fn with_fields(m: MeetingRow, f: &MeetingFields) -> MeetingRow {
    MeetingRow {
        state: m.state,
        list_open: m.list_open,
        current_item_id: m.current_item_id,
        opened_at: m.opened_at,
        closed_at: m.closed_at,
        ..new_draft(m.id, f)
    }
}

/// `POST /api/sessions` (clerk): a new draft meeting → 201 `Meeting`. Every refused field is
/// reported in one 422.
pub fn create(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = ctx.principal()?;
    require_clerk_role(&p)?;
    let body: MeetingCreate = ctx.req.json()?;
    let fields = MeetingFields::from_create(&body)?;
    let env = Env::open(ctx)?;
    check_accounts(&env, &fields.member_ids)?;
    let row = new_draft(runtime::new_id().as_str().to_owned(), &fields);
    env.db.transaction(|db| {
        meetings::insert(db, &row, &p.user_id, env.now)?;
        meetings::set_members(db, &row.id, &fields.member_ids)?;
        env.audit(
            &p.user_id,
            "meeting_created",
            &object(&row.id),
            serde_json::json!({
                "title": row.title, "number": row.number, "starts_at": row.starts_at,
                "statutory_members": row.statutory_members, "member_ids": fields.member_ids,
                "chair_id": row.chair_id,
            }),
        )
    })?;
    let seat = Seat::of(
        Some(p.clone()),
        &row,
        fields.member_ids.contains(&p.user_id),
    );
    Ok(response::created(&view(&env, &row, &seat)?))
}

/// `GET /api/sessions`: what the caller may see (drafts only for the office, chair-role
/// holders, administrators and a draft's named chair), newest start first.
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = ctx.principal()?;
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
    page(&Env::open(ctx)?, &visibility, &q)
}

/// `GET /api/sessions/{id}`.
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (m, seat) = access::load(&env)?;
    let mut resp = response::ok(&view(&env, &m, &seat)?);
    resp.set_header("cache-control", reader_cache_control(m.state));
    Ok(resp)
}

/// `PATCH /api/sessions/{id}` (clerk): the details while not closed, the members and the
/// composition only before the meeting opens (attendance, quorum and poll entitlement rest on
/// them). A patch repeating the current values is accepted at any time (forms send every
/// field).
pub fn update(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (m, seat) = access::load(&env)?;
    seat.require_clerk()?;
    access::allow(&m, Activity::EditDetails)?;
    let body: MeetingPatch = ctx.req.json()?;
    let actor = seat.user_id()?.to_owned();
    let m = env.db.transaction(|db| {
        // Under the write lock: the state and members checked are those written over.
        let fresh = meetings::by_id(db, &m.id)?.ok_or(ApiError::NotFound)?;
        let current = fields_of(&fresh, meetings::member_ids(db, &fresh.id)?);
        let new = current.patched(&body)?;
        lifecycle::check_edit(fresh.state, current.membership_differs(&new))
            .map_err(refusal::meeting)?;
        let members_changed = new.member_ids != current.member_ids;
        if members_changed {
            check_accounts(&env, &new.member_ids)?;
        }
        let row = with_fields(fresh, &new);
        meetings::update(db, &row, env.now)?;
        if members_changed {
            meetings::set_members(db, &row.id, &new.member_ids)?;
        }
        env.audit(
            &actor,
            "meeting_updated",
            &object(&row.id),
            serde_json::to_value(&body).unwrap_or_default(),
        )?;
        Ok::<_, ApiError>(row)
    })?;
    revision::bump(&m.id)?;
    let member = meetings::is_member(&env.db, &m.id, &actor)?;
    let seat = Seat::of(seat.principal.clone(), &m, member);
    Ok(response::ok(&view(&env, &m, &seat)?))
}

/// Runs `action` on meeting `m` (the lifecycle rules decide under the write lock) and answers
/// the updated meeting. Closing also ends the current speech.
fn change_state(
    env: &Env,
    m: &MeetingRow,
    seat: &Seat,
    action: MeetingAction,
) -> Result<Response, ApiError> {
    let actor = seat.user_id()?.to_owned();
    env.db.transaction(|db| {
        let fresh = meetings::by_id(db, &m.id)?.ok_or(ApiError::NotFound)?;
        let poll_open = polls::has_open(db, &m.id)?;
        let (from, to) = (fresh.state, action.to());
        lifecycle::check_action(from, action, poll_open).map_err(refusal::meeting)?;
        if action == MeetingAction::Close {
            meetings::end_speech(db, &m.id, env.now)?;
        }
        if !meetings::transition(db, &m.id, from, to, env.now)? {
            // The state was read under this transaction's write lock, so it cannot have moved.
            return Err(ApiError::internal(format!(
                "meeting {} changed under the lock",
                m.id
            )));
        }
        env.audit(
            &actor,
            action.audit_action(),
            &object(&m.id),
            serde_json::json!({"from": from.as_str(), "to": to.as_str()}),
        )
        .map(|_| ())
    })?;
    revision::bump(&m.id)?;
    let fresh = meetings::by_id(&env.db, &m.id)?.ok_or(ApiError::NotFound)?;
    Ok(response::ok(&view(env, &fresh, seat)?))
}

/// `POST /api/sessions/{id}/publish` (clerk): draft → published.
pub fn publish(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (m, seat) = access::load(&env)?;
    seat.require_clerk()?;
    change_state(&env, &m, &seat, MeetingAction::Publish)
}

/// `POST /api/sessions/{id}/open` (chair): published → live.
pub fn open(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (m, seat) = access::load(&env)?;
    seat.require_chair()?;
    refuse_during_maintenance(&env)?;
    change_state(&env, &m, &seat, MeetingAction::Open)
}

/// 409 `maintenance_window` while a maintenance window runs: only an administrator gets this
/// far then (the guard answers everyone else 503), and a meeting must not start inside it.
fn refuse_during_maintenance(env: &Env) -> Result<(), ApiError> {
    match ratusz_platform::maintenance::current(env.now)? {
        None => Ok(()),
        Some(w) => Err(ApiError::conflict(
            "maintenance_window",
            "A meeting cannot be opened during a maintenance window.",
        )
        .with_param("window_id", w.id)
        .with_param("ends_at", w.ends_at.to_rfc3339())),
    }
}

/// `POST /api/sessions/{id}/close` (chair): live → closed; refused while a poll is open (its
/// result would never be counted).
pub fn close(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (m, seat) = access::load(&env)?;
    seat.require_chair()?;
    change_state(&env, &m, &seat, MeetingAction::Close)
}
