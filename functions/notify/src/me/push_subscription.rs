//! `PUT` and `DELETE /api/notify/me/push-subscription`: this device's Web Push subscription,
//! one per device (a new one replaces the earlier), sealed at rest
//! ([`crate::push_subscription`]). Checked as the chat checks its own
//! (`platform::push::input`): the endpoint must be a push service this server may reach.

use super::authenticate;
use crate::keys::ResidentKeys;
use crate::public::push_key;
use crate::push_subscription;
use crate::store::devices;
use ratusz_domain::api::push::{PushSubscriptionCreate, PushSubscriptionSaved};
use ratusz_platform::push;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// `PUT` `{endpoint, keys: {p256dh, auth}}` → 200 `{}`; 404 when push is off.
pub fn put(ctx: &Ctx) -> Result<Response, ApiError> {
    let me = authenticate(ctx)?;
    let config = push_key::config()?;
    let input: PushSubscriptionCreate = ctx.req.json()?;
    let subscription = push::input::parse(&input, &config.services)?;
    let keys = ResidentKeys::load()?;
    let sealed = push_subscription::seal(&keys, &me.row.id, &subscription)?;
    let bound = me
        .env
        .db
        .transaction(|db| devices::set_push_subscription(db, &me.row.id, Some(&sealed)))?;
    if !bound {
        // Unbound between the token check and the write: the token no longer works.
        return Err(ApiError::unauthenticated_because(
            "invalid_token",
            "The device token is missing, unknown or no longer bound.",
        ));
    }
    Ok(response::ok(&PushSubscriptionSaved {}))
}

/// `DELETE` → 204 (also when there was none: the device has no subscription either way).
pub fn delete(ctx: &Ctx) -> Result<Response, ApiError> {
    let me = authenticate(ctx)?;
    me.env
        .db
        .transaction(|db| devices::set_push_subscription(db, &me.row.id, None))?;
    Ok(response::no_content())
}
