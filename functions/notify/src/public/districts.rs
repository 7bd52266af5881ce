//! `GET /api/notify/districts`.

use crate::settings::Env;
use crate::store::districts;
use ratusz_domain::api::notify::Districts;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// The city's districts, by name.
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let items = districts::list(&env.db)?;
    Ok(response::ok(&Districts { items }))
}
