//! `GET /api/notify/push-key` (no login): the server's VAPID public key, the browser's
//! `applicationServerKey` for `pushManager.subscribe` before it gives the subscription to
//! `PUT /api/notify/me/push-subscription`. 404 when push is off on this server.

use ratusz_domain::api::push::PushKey;
use ratusz_platform::config::SpinVars;
use ratusz_platform::push::PushConfig;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// The configured sender; push off (no `vapid_private_key`) is 404, as for any absent thing.
pub fn config() -> Result<PushConfig, ApiError> {
    PushConfig::from_vars(&SpinVars)?.ok_or(ApiError::NotFound)
}

/// → 200 `{vapid_public_key}`.
pub fn get(_ctx: &Ctx) -> Result<Response, ApiError> {
    let config = config()?;
    Ok(response::ok(&PushKey {
        vapid_public_key: config.vapid.public_key_base64url(),
    }))
}
