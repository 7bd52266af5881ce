//! The bound device's own data and rights (`/api/notify/me…`), authenticated by its device
//! token alone: `Authorization: Bearer ntd1.…`, looked up by SHA-256. No session and no CSRF
//! header (a browser never sends a bearer token on its own); a staff session is refused here
//! (401 `unauthenticated`), so staff reach residents only through their audited endpoints.

pub mod consent;
pub mod data;
pub mod device;
pub mod messages;
pub mod push_subscription;
pub mod suspension;

use crate::keys::ResidentKeys;
use crate::recipient;
use crate::settings::Env;
use crate::store::devices;
use crate::store::recipients::{self, RecipientRow};
use ratusz_domain::notify::device_token;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

fn invalid_token() -> ApiError {
    ApiError::unauthenticated_because(
        "invalid_token",
        "The device token is missing, unknown or no longer bound.",
    )
}

/// The bound resident calling: their environment and row (not erased).
pub struct Resident {
    /// The request's environment.
    pub env: Env,
    /// Their row.
    pub row: RecipientRow,
}

/// The resident whose device token this request carries, or 401.
pub fn authenticate(ctx: &Ctx) -> Result<Resident, ApiError> {
    if ctx.maybe_principal().is_some() {
        return Err(ApiError::unauthenticated());
    }
    let token = ctx
        .req
        .header("authorization")
        .and_then(|h| h.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    let hash = token
        .and_then(device_token::stored_hash)
        .ok_or_else(invalid_token)?;
    let env = Env::open(ctx)?;
    let id = devices::recipient_of(&env.db, &hash)?.ok_or_else(invalid_token)?;
    let row = recipients::by_id(&env.db, &id)?
        .filter(|r| r.erased_at.is_none())
        .ok_or_else(invalid_token)?;
    Ok(Resident { env, row })
}

/// 200 with the recipient `id` as stored now.
pub fn current(env: &Env, keys: &ResidentKeys, id: &str) -> Result<Response, ApiError> {
    let row = recipients::by_id(&env.db, id)?.ok_or(ApiError::NotFound)?;
    let fields = recipient::open(keys, &row)?;
    Ok(response::ok(&recipient::view(&row, fields, env.now)))
}
