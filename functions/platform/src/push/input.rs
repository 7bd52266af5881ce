//! A browser's subscription as a client sends it (`api::push::PushSubscriptionCreate`),
//! checked once for every component that takes one: each field's refusal at once, with the
//! formats the frontends translate (`push_endpoint`, `p256dh`, `push_auth`).

use super::request::PushSubscription;
use crate::ApiError;
use ratusz_domain::api::push::PushSubscriptionCreate;
use ratusz_domain::validate::limits::{PUSH_ENDPOINT_MAX, PUSH_KEY_MAX};
use ratusz_domain::validate::{Checks, Invalid};
use ratusz_domain::webpush::subscription::PushServices;
use ratusz_domain::webpush::PushError;

/// The subscription when every field is right; else 422 naming each wrong one. The endpoint
/// must be one of `services` (the deployment's `push_service_origin`).
pub fn parse(
    input: &PushSubscriptionCreate,
    services: &PushServices,
) -> Result<PushSubscription, ApiError> {
    let mut checks = Checks::new();
    let bounded = |value: &str, max: usize| {
        if value.trim().is_empty() {
            Err(Invalid::required())
        } else if value.chars().count() > max {
            Err(Invalid::too_long(max))
        } else {
            Ok(())
        }
    };
    checks.check("endpoint", bounded(&input.endpoint, PUSH_ENDPOINT_MAX));
    checks.check("keys.p256dh", bounded(&input.keys.p256dh, PUSH_KEY_MAX));
    checks.check("keys.auth", bounded(&input.keys.auth, PUSH_KEY_MAX));
    let mut subscription = None;
    if checks.is_ok() {
        match PushSubscription::parse(
            &input.endpoint,
            &input.keys.p256dh,
            &input.keys.auth,
            services,
        ) {
            Ok(parsed) => subscription = Some(parsed),
            Err(PushError::BadP256dh) => checks.refuse("keys.p256dh", Invalid::format("p256dh")),
            Err(PushError::BadAuth) => checks.refuse("keys.auth", Invalid::format("push_auth")),
            Err(_) => checks.refuse("endpoint", Invalid::format("push_endpoint")),
        }
    }
    Ok(checks.finish_with(subscription)?)
}
