//! The resident's side of citizen notifications, part 2 (`notify`,
//! docs/api/notifications-messages.md § The bound device, Public): the push key, the bound
//! device's push subscription, its messages, and the public news feed.

use super::{Endpoint, Exposure, HttpMethod};

/// `GET /api/notify/push-key`: the server's VAPID public key (no login).
pub const NOTIFY_PUSH_KEY: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/notify/push-key",
    summary: "The server's VAPID public key for a resident's push subscription (no login)",
    exposure: Exposure::Public,
};

/// `PUT /api/notify/me/push-subscription`: this device's push subscription.
pub const NOTIFY_ME_PUSH_SUBSCRIBE: Endpoint = Endpoint {
    method: HttpMethod::Put,
    path: "/api/notify/me/push-subscription",
    summary: "Set this device's Web Push subscription, replacing an earlier one (bound device)",
    exposure: Exposure::Public,
};

/// `DELETE /api/notify/me/push-subscription`: remove it.
pub const NOTIFY_ME_PUSH_UNSUBSCRIBE: Endpoint = Endpoint {
    method: HttpMethod::Delete,
    path: "/api/notify/me/push-subscription",
    summary: "Remove this device's Web Push subscription (bound device)",
    exposure: Exposure::Public,
};

/// `GET /api/notify/me/messages`: what was sent to this resident.
pub const NOTIFY_ME_MESSAGES: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/notify/me/messages",
    summary: "The messages sent to this resident on any channel and every message to everyone, newest first (bound device)",
    exposure: Exposure::Public,
};

/// `GET /api/notify/news`: the public news feed (no login).
pub const NOTIFY_NEWS: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/notify/news",
    summary:
        "The public news feed: messages to everyone once sending started, newest first (no login)",
    exposure: Exposure::Public,
};
