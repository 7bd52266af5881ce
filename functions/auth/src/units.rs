//! `/api/units`: the municipality's units (the council, schools, departments).

use crate::settings::Env;
use crate::store::units;
use ratusz_domain::accounts::authz::Operation;
use ratusz_domain::api::accounts::{Unit, UnitInput, UnitKind};
use ratusz_domain::api::Page;
use ratusz_domain::validate::{self, limits::UNIT_NAME_MAX};
use ratusz_platform::{response, runtime, ApiError, Ctx};
use spin_sdk::http::Response;

/// `GET /api/units` (any signed-in account: forms need the list).
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    ctx.require(Operation::ListUnits)?;
    let page = ctx.req.page_query()?;
    let env = Env::open(ctx)?;
    let mut items = units::list(&env.db, page.cursor.as_deref(), page.limit + 1)?;
    let more = items.len() > page.limit as usize;
    items.truncate(page.limit as usize);
    let next_cursor = if more {
        items.last().map(|u| u.id.clone())
    } else {
        None
    };
    Ok(response::ok(&Page { items, next_cursor }))
}

/// `POST /api/units` (admin).
pub fn create(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = ctx.require(Operation::ManageUnits)?;
    let body: UnitInput = ctx.req.json()?;
    let env = Env::open(ctx)?;
    let unit = Unit {
        id: runtime::new_id().as_str().to_owned(),
        name: validate::text(body.name.as_deref().unwrap_or(""), UNIT_NAME_MAX)
            .map_err(|e| ApiError::invalid_field("name", e))?,
        kind: body.kind.unwrap_or(UnitKind::Department),
    };
    env.db.transaction(|_| {
        units::insert(&env.db, &unit, env.now)?;
        env.audit(
            &p.user_id,
            "unit_created",
            &format!("unit:{}", unit.id),
            serde_json::json!({"name": unit.name}),
        )
    })?;
    Ok(response::created(&unit))
}

/// `PATCH /api/units/{id}` (admin).
pub fn update(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = ctx.require(Operation::ManageUnits)?;
    let body: UnitInput = ctx.req.json()?;
    let env = Env::open(ctx)?;
    let mut unit = units::by_id(&env.db, env.param("id")?)?.ok_or(ApiError::NotFound)?;
    if let Some(name) = &body.name {
        unit.name =
            validate::text(name, UNIT_NAME_MAX).map_err(|e| ApiError::invalid_field("name", e))?;
    }
    if let Some(kind) = body.kind {
        unit.kind = kind;
    }
    env.db.transaction(|_| {
        units::update(&env.db, &unit)?;
        env.audit(
            &p.user_id,
            "unit_updated",
            &format!("unit:{}", unit.id),
            serde_json::json!({"name": unit.name}),
        )
    })?;
    Ok(response::ok(&unit))
}
