//! Messages' endpoints (`notify`, docs/api/notifications-messages.md § Staff: `notifier`,
//! Gateways).

use super::{Endpoint, Exposure, HttpMethod};

/// `POST /api/notify/messages/preview`.
pub const NOTIFY_MESSAGE_PREVIEW: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/messages/preview",
    summary: "Who a draft would reach, per channel, and its SMS encoding, segments and cost; a filter below k is refused without the count (notifier)",
    exposure: Exposure::Public,
};

/// `POST /api/notify/messages`.
pub const NOTIFY_MESSAGE_CREATE: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/messages",
    summary: "Send a message now or schedule it (notifier; Idempotency-Key; audited)",
    exposure: Exposure::Public,
};

/// `GET /api/notify/messages`.
pub const NOTIFY_MESSAGES: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/notify/messages",
    summary: "Messages, newest first, with their progress (notifier)",
    exposure: Exposure::Public,
};

/// `GET /api/notify/messages/:id`.
pub const NOTIFY_MESSAGE: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/notify/messages/:id",
    summary: "A message and its progress per channel; ETag/304 (notifier)",
    exposure: Exposure::Public,
};

/// `POST /api/notify/messages/:id/cancel`.
pub const NOTIFY_MESSAGE_CANCEL: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/messages/:id/cancel",
    summary: "Cancel a scheduled or running send; what is queued is cancelled (notifier; audited)",
    exposure: Exposure::Public,
};

/// `POST /api/notify/deliveries/events`.
pub const NOTIFY_DELIVERY_EVENTS: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/deliveries/events",
    summary: "A gateway reports sent messages delivered or failed (token in variable notify_callback_token)",
    exposure: Exposure::Public,
};

/// Every messages endpoint (the role matrix of `tests/tests/notify_messages.rs`).
pub const NOTIFY_MESSAGES_ALL: &[&Endpoint] = &[
    &NOTIFY_MESSAGE_PREVIEW,
    &NOTIFY_MESSAGE_CREATE,
    &NOTIFY_MESSAGES,
    &NOTIFY_MESSAGE,
    &NOTIFY_MESSAGE_CANCEL,
    &NOTIFY_DELIVERY_EVENTS,
];
