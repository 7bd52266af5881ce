//! `notifier`'s message templates (docs/api/notifications-messages.md § Staff: `notifier`):
//! `GET|POST /api/notify/templates`, `GET|PATCH|DELETE /api/notify/templates/{id}`. A name is
//! unique whatever its case (409 `conflict` rule `name_taken`); title and text follow a
//! message's rules, placeholders included, so composing from a template is never refused for
//! what the template holds. Changes are audited by id and name; nothing here is personal.

use crate::staff::{staff, Staff};
use crate::store::templates as rows;
use ratusz_domain::accounts::authz::Operation;
use ratusz_domain::api::notify_templates::{Template, TemplateInput, TemplatePatch, Templates};
use ratusz_domain::notify::template_fields::{self, CleanTemplate};
use ratusz_platform::{response, runtime, ApiError, Ctx};
use spin_sdk::http::Response;

fn notifier(ctx: &Ctx) -> Result<Staff, ApiError> {
    staff(ctx, Operation::SendMessages)
}

fn taken() -> ApiError {
    ApiError::conflict("conflict", "Another template has this name.")
        .with_param("rule", "name_taken")
}

fn template(
    id: String,
    clean: CleanTemplate,
    created_at: ratusz_domain::time::Timestamp,
    s: &Staff,
) -> Template {
    Template {
        id,
        name: clean.name,
        title: clean.title,
        text: clean.text,
        category: clean.category,
        link: clean.link,
        channels: clean.channels,
        created_at,
        updated_at: s.env.now,
    }
}

fn audit(s: &Staff, action: &str, t: &Template) -> Result<(), ApiError> {
    s.env.audit(
        &s.user_id,
        action,
        &format!("template:{}", t.id),
        serde_json::json!({ "name": t.name }),
    )?;
    Ok(())
}

/// `GET /api/notify/templates` → 200 `{items}`, by name.
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = notifier(ctx)?;
    let items = rows::list(&s.env.db)?;
    Ok(response::ok(&Templates { items }))
}

/// `POST /api/notify/templates` → 201 template.
pub fn create(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = notifier(ctx)?;
    let body: TemplateInput = ctx.req.json()?;
    let clean = template_fields::check(&body)?;
    let key = clean.name_key();
    let t = template(runtime::new_id().as_str().to_owned(), clean, s.env.now, &s);
    s.env.db.transaction(|db| {
        if rows::by_name_key(db, &key)?.is_some() {
            return Err(taken());
        }
        rows::insert(db, &t, &key, &s.user_id)?;
        audit(&s, "template.created", &t)
    })?;
    Ok(response::created(&t))
}

/// `GET /api/notify/templates/{id}` → 200 template.
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = notifier(ctx)?;
    let t = rows::by_id(&s.env.db, s.env.param("id")?)?.ok_or(ApiError::NotFound)?;
    Ok(response::ok(&t))
}

/// `PATCH /api/notify/templates/{id}` → 200 template: absent fields stay, `link: null` clears.
pub fn update(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = notifier(ctx)?;
    let patch: TemplatePatch = ctx.req.json()?;
    let id = s.env.param("id")?.to_owned();
    let t = s.env.db.transaction(|db| {
        let current = rows::by_id(db, &id)?.ok_or(ApiError::NotFound)?;
        let clean = template_fields::patched(&current, &patch)?;
        let key = clean.name_key();
        if rows::by_name_key(db, &key)?.is_some_and(|other| other != id) {
            return Err(taken());
        }
        let t = template(id.clone(), clean, current.created_at, &s);
        rows::update(db, &t, &key)?;
        audit(&s, "template.updated", &t)?;
        Ok(t)
    })?;
    Ok(response::ok(&t))
}

/// `DELETE /api/notify/templates/{id}` → 204. Messages written from it keep their own text.
pub fn delete(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = notifier(ctx)?;
    let id = s.env.param("id")?.to_owned();
    s.env.db.transaction(|db| {
        let t = rows::by_id(db, &id)?.ok_or(ApiError::NotFound)?;
        rows::delete(db, &id)?;
        audit(&s, "template.deleted", &t)
    })?;
    Ok(response::no_content())
}
