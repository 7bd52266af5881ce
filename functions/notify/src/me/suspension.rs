//! `POST` and `DELETE /api/notify/me/suspension`: nothing is sent until a time or until lifted.

use super::{authenticate, current};
use crate::keys::ResidentKeys;
use crate::store::recipients;
use ratusz_domain::api::notify::SuspensionInput;
use ratusz_domain::notify::suspension;
use ratusz_platform::{ApiError, Ctx};
use spin_sdk::http::Response;

/// `POST /api/notify/me/suspension` `{until?}` (an empty body: until lifted).
pub fn suspend(ctx: &Ctx) -> Result<Response, ApiError> {
    let me = authenticate(ctx)?;
    let body: SuspensionInput = if ctx.req.body.is_empty() {
        SuspensionInput::default()
    } else {
        ctx.req.json()?
    };
    let env = &me.env;
    let until =
        suspension::until(body.until, env.now).map_err(|e| ApiError::invalid_field("until", e))?;
    recipients::set_suspension(&env.db, &me.row.id, Some(env.now), until, env.now)?;
    current(env, &ResidentKeys::load()?, &me.row.id)
}

/// `DELETE /api/notify/me/suspension`.
pub fn resume(ctx: &Ctx) -> Result<Response, ApiError> {
    let me = authenticate(ctx)?;
    let env = &me.env;
    recipients::set_suspension(&env.db, &me.row.id, None, None, env.now)?;
    current(env, &ResidentKeys::load()?, &me.row.id)
}
