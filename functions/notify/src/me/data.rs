//! `GET`, `PATCH` and `DELETE /api/notify/me`: access (the same JSON is the portable copy),
//! correction and erasure.

use super::{authenticate, current};
use crate::correction;
use crate::keys::ResidentKeys;
use crate::recipient;
use ratusz_domain::api::notify::RecipientPatch;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// `GET /api/notify/me`.
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    let me = authenticate(ctx)?;
    let keys = ResidentKeys::load()?;
    let fields = recipient::open(&keys, &me.row)?;
    Ok(response::ok(&recipient::view(&me.row, fields, me.env.now)))
}

/// `PATCH /api/notify/me`: a verified recipient whose name, birth date or address changes is
/// unverified again.
pub fn update(ctx: &Ctx) -> Result<Response, ApiError> {
    let me = authenticate(ctx)?;
    let patch: RecipientPatch = ctx.req.json()?;
    let env = &me.env;
    let keys = ResidentKeys::load()?;
    let corrected = correction::prepare(&env.db, env.now, &keys, &me.row, &patch)?;
    env.db
        .transaction(|db| correction::store(db, &me.row.id, &corrected, env.now))?;
    current(env, &keys, &me.row.id)
}

/// `DELETE /api/notify/me` → 204: the personal data, the binding and any code are gone now;
/// the id and the anonymous columns stay.
pub fn erase(ctx: &Ctx) -> Result<Response, ApiError> {
    let me = authenticate(ctx)?;
    let env = &me.env;
    let id = &me.row.id;
    env.db.transaction(|db| {
        crate::erase::erase(db, id, env.now)?;
        env.audit(
            "resident",
            "recipient.erased",
            &format!("recipient:{id}"),
            serde_json::json!({ "by": "self" }),
        )?;
        Ok::<_, ApiError>(())
    })?;
    Ok(response::no_content())
}
