//! `#[utoipa::path]` stubs of the chat's Web Push endpoints (docs/api/messaging.md § Live,
//! served by `messaging`; the sender is `ratusz_platform::push`).
#![allow(dead_code)]

use crate::api::chat::{PushKey, PushSubscriptionCreate, PushSubscriptionCreated};
use crate::api::Problem;

/// The server's VAPID public key, the browser's `applicationServerKey`.
#[utoipa::path(
    get,
    path = "/api/chat/push-key",
    tag = "chat",
    operation_id = "chat_push_key",
    description = "The server's VAPID public key (RFC 8292), for `pushManager.subscribe`'s `applicationServerKey`. 404 when this deployment has Web Push off (no `vapid_private_key`).",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    responses(
        (status = 200, description = "The key", body = PushKey),
        (status = 404, description = "Web Push is off on this deployment", body = Problem, content_type = "application/problem+json"),
    )
)]
fn chat_push_key() {}

/// Stores the caller's browser subscription (sealed at rest).
#[utoipa::path(
    post,
    path = "/api/chat/push-subscriptions",
    tag = "chat",
    operation_id = "create_chat_push_subscription",
    description = "`PushSubscription.toJSON()` of the caller's browser. The endpoint must be a push service the deployment may reach (`push_service_origin`; by default an HTTPS name on port 443, no IP address or localhost); `p256dh` an uncompressed P-256 point, `auth` 16 bytes, both base64url. The same endpoint again keeps its id (201 with it). An account keeps at most 10 (the oldest goes). A new message in a direct conversation and every mention are then pushed: the conversation as title, \"Nowa wiadomość\" as body, never the text.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    request_body(content = PushSubscriptionCreate, content_type = "application/json"),
    responses(
        (status = 201, description = "Subscribed", body = PushSubscriptionCreated),
        (status = 404, description = "Web Push is off on this deployment", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `endpoint` (format `push_endpoint`), `keys.p256dh` (format `p256dh`) or `keys.auth` (format `push_auth`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn create_chat_push_subscription() {}

/// Removes one of the caller's subscriptions.
#[utoipa::path(
    delete,
    path = "/api/chat/push-subscriptions/{id}",
    tag = "chat",
    operation_id = "delete_chat_push_subscription",
    description = "Only the caller's own; anyone else's, or none, is 404.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Subscription id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, description = "No such subscription of the caller's", body = Problem, content_type = "application/problem+json"),
    )
)]
fn delete_chat_push_subscription() {}
