//! `/api/sessions/{id}/agenda…`: the council office keeps the order of business (porządek
//! obrad) while the meeting is not closed; the chair moves the current item.

use crate::access::{self, Seat};
use crate::meetings::{agenda_view, object, view};
use crate::store::agenda::{self, ItemRow};
use crate::store::{
    attachments,
    meetings::{self, MeetingRow},
};
use crate::{revision, Env};
use ratusz_domain::api::council::{AgendaItem, AgendaItemInput, AgendaOrder};
use ratusz_domain::council::agenda::{check_order, ItemText};
use ratusz_domain::council::lifecycle::Activity;
use ratusz_platform::{response, runtime, ApiError, Ctx};
use spin_sdk::http::Response;

/// Loads the meeting for an office edit: visible, the caller is the office, not closed.
fn for_edit(env: &Env) -> Result<(MeetingRow, Seat), ApiError> {
    let (m, seat) = access::load(env)?;
    seat.require_clerk()?;
    access::allow(&m, Activity::EditAgenda)?;
    Ok((m, seat))
}

/// Item `:item` of meeting `m`, or 404 (an item of another meeting does not exist here).
fn item_of(env: &Env, m: &MeetingRow) -> Result<ItemRow, ApiError> {
    agenda::by_id(&env.db, &m.id, env.param("item")?)?.ok_or(ApiError::NotFound)
}

/// The item as the API shows it, with its attachments.
fn item_view(env: &Env, item: &ItemRow) -> Result<AgendaItem, ApiError> {
    agenda_view(env, &item.session_id)?
        .into_iter()
        .find(|i| i.id == item.id)
        .ok_or(ApiError::NotFound)
}

/// `POST …/agenda` (clerk): appends an item → 201 `AgendaItem`.
pub fn add(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (m, seat) = for_edit(&env)?;
    let body: AgendaItemInput = ctx.req.json()?;
    let text = ItemText::new(&body)?;
    let id = runtime::new_id().as_str().to_owned();
    let actor = seat.user_id()?;
    let item = env.db.transaction(|db| {
        let item = agenda::append(
            db,
            &m.id,
            &id,
            &text.title,
            text.description.as_deref(),
            env.now,
        )?;
        env.audit(
            actor,
            "agenda_item_added",
            &object(&m.id),
            serde_json::json!({"item_id": item.id, "title": item.title, "position": item.position}),
        )?;
        Ok::<_, ApiError>(item)
    })?;
    revision::bump(&m.id)?;
    Ok(response::created(&AgendaItem {
        id: item.id,
        position: item.position,
        title: item.title,
        description: item.description,
        attachments: Vec::new(),
    }))
}

/// `PATCH …/agenda/{item}` (clerk): title and/or description (`""` clears the description).
pub fn update(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (m, seat) = for_edit(&env)?;
    let mut item = item_of(&env, &m)?;
    let body: AgendaItemInput = ctx.req.json()?;
    let text = ItemText {
        title: item.title,
        description: item.description,
    }
    .edited(&body)?;
    item.title = text.title;
    item.description = text.description;
    let actor = seat.user_id()?;
    env.db.transaction(|db| {
        agenda::update(db, &item)?;
        env.audit(
            actor,
            "agenda_item_updated",
            &object(&m.id),
            serde_json::json!({"item_id": item.id, "title": item.title}),
        )
    })?;
    revision::bump(&m.id)?;
    Ok(response::ok(&item_view(&env, &item)?))
}

/// `DELETE …/agenda/{item}` (clerk): the item and its attachments go; the rest close ranks.
pub fn delete(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (m, seat) = for_edit(&env)?;
    let item = item_of(&env, &m)?;
    let actor = seat.user_id()?;
    env.db.transaction(|db| {
        let removed = attachments::delete_of_item(db, &m.id, &item.id)?;
        agenda::delete(db, &item)?;
        let fresh = meetings::by_id(db, &m.id)?.ok_or(ApiError::NotFound)?;
        if fresh.current_item_id.as_deref() == Some(item.id.as_str()) {
            meetings::set_current_item(db, &m.id, None)?;
        }
        env.audit(
            actor,
            "agenda_item_deleted",
            &object(&m.id),
            serde_json::json!({"item_id": item.id, "title": item.title, "attachments": removed}),
        )
    })?;
    revision::bump(&m.id)?;
    Ok(response::no_content())
}

/// `PUT …/agenda/order` (clerk) `{item_ids}`: every item once, in the new order → 200 `Meeting`.
pub fn order(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (m, seat) = for_edit(&env)?;
    let body: AgendaOrder = ctx.req.json()?;
    let actor = seat.user_id()?;
    env.db.transaction(|db| {
        // Checked under the write lock, so an item added meanwhile cannot be left out.
        let existing: Vec<String> = agenda::of_meeting(db, &m.id)?
            .into_iter()
            .map(|i| i.id)
            .collect();
        let order = check_order(&existing, &body.item_ids)
            .map_err(|why| ApiError::invalid_field("item_ids", why))?;
        agenda::reorder(db, &m.id, &order)?;
        env.audit(
            actor,
            "agenda_reordered",
            &object(&m.id),
            serde_json::json!({"item_ids": body.item_ids}),
        )
    })?;
    revision::bump(&m.id)?;
    let fresh = meetings::by_id(&env.db, &m.id)?.ok_or(ApiError::NotFound)?;
    Ok(response::ok(&view(&env, &fresh, &seat)?))
}

/// `POST …/agenda/{item}/current` (chair): the item under debate now → 200 `Meeting`.
pub fn current(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let (m, seat) = access::load(&env)?;
    seat.require_chair()?;
    access::allow(&m, Activity::EditAgenda)?;
    let item = item_of(&env, &m)?;
    let actor = seat.user_id()?;
    env.db.transaction(|db| {
        meetings::set_current_item(db, &m.id, Some(&item.id))?;
        env.audit(
            actor,
            "agenda_item_current",
            &object(&m.id),
            serde_json::json!({"item_id": item.id, "title": item.title}),
        )
    })?;
    revision::bump(&m.id)?;
    let fresh = meetings::by_id(&env.db, &m.id)?.ok_or(ApiError::NotFound)?;
    Ok(response::ok(&view(&env, &fresh, &seat)?))
}
