//! Web Push's shapes shared by every component that pushes (the chat's councillors,
//! docs/api/messaging.md; the residents' bound devices, docs/api/notifications-messages.md):
//! the server's VAPID key and a browser's subscription as `PushSubscription.toJSON()` gives it.

use serde::{Deserialize, Serialize};

/// The keys a browser's push subscription carries (base64url, as `PushSubscription.toJSON()`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PushKeys {
    /// The subscription's P-256 public key.
    pub p256dh: String,
    /// The subscription's authentication secret.
    pub auth: String,
}

/// `POST /api/chat/push-subscriptions`, `PUT /api/notify/me/push-subscription`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PushSubscriptionCreate {
    /// The push service's `https://` endpoint.
    pub endpoint: String,
    /// The subscription's keys.
    pub keys: PushKeys,
}

/// `GET /api/chat/push-key`, `GET /api/notify/push-key`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushKey {
    /// The server's VAPID public key (base64url, uncompressed P-256 point).
    pub vapid_public_key: String,
}

/// `200` of `PUT /api/notify/me/push-subscription`: always `{}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushSubscriptionSaved {}
