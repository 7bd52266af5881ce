//! The resident's side of citizen notifications, part 2, in the document (`notify`,
//! docs/api/notifications-messages.md § The bound device, Public), merged into
//! [`super::document`]: the push key and subscription, the resident's messages and the public
//! news feed. The subscription's body is the chat's (`api::push`), so its field
//! limits are the ones [`super::limits`] writes for those schemas.
#![allow(dead_code)]

use crate::api::notify_messages::{NewsItem, ResidentMessage};
use crate::api::page::Page;
use crate::api::push::PushSubscriptionSaved;
use crate::api::Problem;
use utoipa::OpenApi;

/// The operations and schemas.
#[derive(OpenApi)]
#[openapi(
    paths(
        notify_push_key,
        notify_put_push_subscription,
        notify_delete_push_subscription,
        notify_my_messages,
        notify_news
    ),
    components(schemas(PushSubscriptionSaved, Page<ResidentMessage>, Page<NewsItem>))
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

/// What was sent to this resident.
#[utoipa::path(
    get,
    path = "/api/notify/me/messages",
    tag = "notify",
    operation_id = "notify_my_messages",
    description = "What was sent to this resident on any channel (a delivery that went out) and every message to everyone once sending started, newest first by the start of sending; placeholders filled for this resident.",
    security(("deviceToken" = [])),
    params(
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Page size, 1–500 (default 50)"),
    ),
    responses(
        (status = 200, description = "One page of the resident's messages", body = Page<ResidentMessage>),
        (status = 401, description = "`invalid_token` or `unauthenticated`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `cursor` or `limit`", body = Problem, content_type = "application/problem+json"),
    )
)]
fn notify_my_messages() {}

/// The public news feed.
#[utoipa::path(
    get,
    path = "/api/notify/news",
    tag = "notify",
    operation_id = "notify_news",
    description = "Messages to everyone once sending started, newest first by the start of sending; placeholders are left out. `ETag` is the page's content: `If-None-Match` with it answers 304 while nothing new went out.",
    params(
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Page size, 1–500 (default 50)"),
        ("If-None-Match" = Option<String>, Header, description = "The `ETag` of an earlier answer"),
    ),
    responses(
        (status = 200, description = "One page of the news feed", body = Page<NewsItem>,
            headers(("ETag" = String, description = "The page's content tag"))),
        (status = 304, description = "Unchanged since the tag given"),
        (status = 422, description = "`validation_failed`: `cursor` or `limit`", body = Problem, content_type = "application/problem+json"),
    )
)]
fn notify_news() {}

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
