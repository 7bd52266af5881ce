//! Message templates' endpoints (`notify`, docs/api/notifications-messages.md § Staff:
//! `notifier`).

use super::{Endpoint, Exposure, HttpMethod};

/// `GET /api/notify/templates`.
pub const NOTIFY_TEMPLATES: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/notify/templates",
    summary: "Message templates, by name (notifier)",
    exposure: Exposure::Public,
};

/// `POST /api/notify/templates`.
pub const NOTIFY_TEMPLATE_CREATE: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/templates",
    summary: "Keep a message template; its name unique whatever the case (notifier)",
    exposure: Exposure::Public,
};

/// `GET /api/notify/templates/:id`.
pub const NOTIFY_TEMPLATE: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/notify/templates/:id",
    summary: "One message template (notifier)",
    exposure: Exposure::Public,
};

/// `PATCH /api/notify/templates/:id`.
pub const NOTIFY_TEMPLATE_UPDATE: Endpoint = Endpoint {
    method: HttpMethod::Patch,
    path: "/api/notify/templates/:id",
    summary: "Change a message template (notifier)",
    exposure: Exposure::Public,
};

/// `DELETE /api/notify/templates/:id`.
pub const NOTIFY_TEMPLATE_DELETE: Endpoint = Endpoint {
    method: HttpMethod::Delete,
    path: "/api/notify/templates/:id",
    summary: "Delete a message template; messages written from it keep their text (notifier)",
    exposure: Exposure::Public,
};

/// Every template endpoint (their role matrix is `tests/tests/notify_templates.rs`).
pub const NOTIFY_TEMPLATES_ALL: &[&Endpoint] = &[
    &NOTIFY_TEMPLATES,
    &NOTIFY_TEMPLATE_CREATE,
    &NOTIFY_TEMPLATE,
    &NOTIFY_TEMPLATE_UPDATE,
    &NOTIFY_TEMPLATE_DELETE,
];
