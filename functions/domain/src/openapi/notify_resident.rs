//! The resident's side of citizen notifications, part 2, in the document (`notify`,
//! docs/api/notifications-messages.md § The bound device, Public), merged into
//! [`super::document`]. The subscription's body is the chat's (`api::push`), so its field
//! limits are the ones [`super::limits`] writes for those schemas.
#![allow(dead_code)]

use crate::api::push::PushSubscriptionSaved;
use crate::api::Problem;
use utoipa::OpenApi;

/// The operations and schemas.
#[derive(OpenApi)]
#[openapi(
    paths(
        notify_push_key,
        notify_put_push_subscription,
        notify_delete_push_subscription
    ),
    components(schemas(PushSubscriptionSaved))
)]
pub struct NotifyResidentDoc;

/// The server's VAPID public key.
#[utoipa::path(
    get,
    path = "/api/notify/push-key",
    tag = "notify",
    operation_id = "notify_push_key",
    description = "The server's VAPID public key (RFC 8292), the `applicationServerKey` of `pushManager.subscribe` before `PUT /api/notify/me/push-subscription`. 404 when this deployment has Web Push off (no `vapid_private_key`).",
    responses(
        (status = 200, description = "The key", body = crate::api::push::PushKey),
        (status = 404, description = "Web Push is off on this deployment", body = Problem, content_type = "application/problem+json"),
    )
)]
fn notify_push_key() {}

/// This device's push subscription.
#[utoipa::path(
    put,
    path = "/api/notify/me/push-subscription",
    tag = "notify",
    operation_id = "notify_put_push_subscription",
    description = "`PushSubscription.toJSON()` of this device's browser; one per device (it replaces an earlier one), sealed at rest, removed on unbinding or erasure. The endpoint must be a push service the deployment may reach (`push_service_origin`; by default an HTTPS name on port 443, no IP address or localhost); `p256dh` an uncompressed P-256 point, `auth` 16 bytes, both base64url. Messages to this resident by push then reach the browser; a 404/410 from the push service removes it.",
    security(("deviceToken" = [])),
    request_body(content = crate::api::push::PushSubscriptionCreate, content_type = "application/json"),
    responses(
        (status = 200, description = "Stored", body = PushSubscriptionSaved),
        (status = 401, description = "`invalid_token` or `unauthenticated`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Web Push is off on this deployment", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `endpoint` (format `push_endpoint`), `keys.p256dh` (format `p256dh`) or `keys.auth` (format `push_auth`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn notify_put_push_subscription() {}

/// Remove it.
#[utoipa::path(
    delete,
    path = "/api/notify/me/push-subscription",
    tag = "notify",
    operation_id = "notify_delete_push_subscription",
    description = "Also 204 when the device had none.",
    security(("deviceToken" = [])),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "`invalid_token` or `unauthenticated`", body = Problem, content_type = "application/problem+json"),
    )
)]
fn notify_delete_push_subscription() {}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn the_document_has_the_residents_push_operations() {
        let doc = super::super::document_json();
        let put = &doc["paths"]["/api/notify/me/push-subscription"]["put"];
        assert_eq!(put["security"][0]["deviceToken"], json!([]));
        assert!(put["responses"]["422"].is_object());
        let key = &doc["paths"]["/api/notify/push-key"]["get"];
        assert!(key["responses"]["404"].is_object());
        let endpoint =
            &doc["components"]["schemas"]["PushSubscriptionCreate"]["properties"]["endpoint"];
        assert!(endpoint["pattern"].is_string());
    }
}
