//! `POST /api/notify/districts` and `PATCH /api/notify/districts/{id}`: the city's districts
//! (osiedla), unique by name whatever the case (409 rule `name_taken`).

use crate::store::districts;
use ratusz_domain::accounts::authz::Operation;
use ratusz_domain::api::notify::{District, DistrictInput};
use ratusz_domain::validate::{self, limits};
use ratusz_platform::runtime;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

fn name_of(body: &DistrictInput) -> Result<String, ApiError> {
    validate::text(&body.name, limits::DISTRICT_NAME_MAX)
        .map_err(|e| ApiError::invalid_field("name", e))
}

fn taken() -> ApiError {
    ApiError::conflict("conflict", "Another district has this name.")
        .with_param("rule", "name_taken")
}

/// `POST /api/notify/districts` `{name}` → 201 `{id, name}`.
pub fn create(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = super::staff(ctx, Operation::ManageDistricts)?;
    let body: DistrictInput = ctx.req.json()?;
    let name = name_of(&body)?;
    let district = District {
        id: runtime::new_id().as_str().to_owned(),
        name,
    };
    s.env.db.transaction(|db| {
        if districts::by_name(db, &district.name)?.is_some() {
            return Err(taken());
        }
        districts::insert(db, &district, s.env.now)?;
        s.env.audit(
            &s.user_id,
            "district.created",
            &format!("district:{}", district.id),
            serde_json::json!({ "name": district.name }),
        )?;
        Ok(())
    })?;
    Ok(response::created(&district))
}

/// `PATCH /api/notify/districts/{id}` `{name}` → 200 `{id, name}`.
pub fn rename(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = super::staff(ctx, Operation::ManageDistricts)?;
    let body: DistrictInput = ctx.req.json()?;
    let name = name_of(&body)?;
    let id = s.env.param("id")?.to_owned();
    s.env.db.transaction(|db| {
        if !districts::list(db)?.iter().any(|d| d.id == id) {
            return Err(ApiError::NotFound);
        }
        if districts::by_name(db, &name)?.is_some_and(|other| other != id) {
            return Err(taken());
        }
        districts::rename(db, &id, &name)?;
        s.env.audit(
            &s.user_id,
            "district.renamed",
            &format!("district:{id}"),
            serde_json::json!({ "name": name }),
        )?;
        Ok(())
    })?;
    Ok(response::ok(&District { id, name }))
}
