//! The staff's endpoints of the resident registry (`notify`, docs/api/notifications.md §
//! Staff): `notifier_admin`'s registry, `notifier`'s counts and the administrator's keys.

use super::{Endpoint, Exposure, HttpMethod};

/// `POST /api/notify/recipients`.
pub const NOTIFY_RECIPIENT_CREATE: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/recipients",
    summary: "Register a person at their request (notifier_admin; the consent document is then to sign; Idempotency-Key)",
    exposure: Exposure::Public,
};

/// `GET /api/notify/recipients`.
pub const NOTIFY_RECIPIENTS: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/notify/recipients",
    summary: "Recipients, newest first: by exact e-mail or phone, or a district and part of a name (notifier_admin; audited)",
    exposure: Exposure::Public,
};

/// `GET /api/notify/recipients/:id`.
pub const NOTIFY_RECIPIENT: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/notify/recipients/:id",
    summary: "A recipient's data, or what is left after erasure (notifier_admin; audited)",
    exposure: Exposure::Public,
};

/// `PATCH /api/notify/recipients/:id`.
pub const NOTIFY_RECIPIENT_UPDATE: Endpoint = Endpoint {
    method: HttpMethod::Patch,
    path: "/api/notify/recipients/:id",
    summary: "Correct or complete a recipient's data at their request (notifier_admin)",
    exposure: Exposure::Public,
};

/// `POST /api/notify/recipients/:id/verification`.
pub const NOTIFY_RECIPIENT_VERIFY: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/recipients/:id/verification",
    summary: "Verify, restrict or unverify a recipient (notifier_admin; four eyes on staff registrations)",
    exposure: Exposure::Public,
};

/// `GET /api/notify/recipients/:id/consent-document`.
pub const NOTIFY_CONSENT_DOCUMENT: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/notify/recipients/:id/consent-document",
    summary: "The printable consent document, Polish HTML (notifier_admin; audited)",
    exposure: Exposure::Public,
};

/// `POST /api/notify/recipients/:id/consent-document`.
pub const NOTIFY_CONSENT_DOCUMENT_MARK: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/recipients/:id/consent-document",
    summary: "Mark the consent document signed, then archived (notifier_admin)",
    exposure: Exposure::Public,
};

/// `POST /api/notify/recipients/:id/suspension`.
pub const NOTIFY_RECIPIENT_SUSPEND: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/recipients/:id/suspension",
    summary: "Suspend sending at the person's request (notifier_admin)",
    exposure: Exposure::Public,
};

/// `DELETE /api/notify/recipients/:id/suspension`.
pub const NOTIFY_RECIPIENT_RESUME: Endpoint = Endpoint {
    method: HttpMethod::Delete,
    path: "/api/notify/recipients/:id/suspension",
    summary: "Lift a suspension (notifier_admin)",
    exposure: Exposure::Public,
};

/// `POST /api/notify/recipients/:id/consent-withdrawal`.
pub const NOTIFY_RECIPIENT_WITHDRAW: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/recipients/:id/consent-withdrawal",
    summary: "Withdraw the person's consent at their request (notifier_admin)",
    exposure: Exposure::Public,
};

/// `POST /api/notify/recipients/:id/code`.
pub const NOTIFY_RECIPIENT_CODE: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/recipients/:id/code",
    summary: "Send the person a new validation code (notifier_admin)",
    exposure: Exposure::Public,
};

/// `POST /api/notify/recipients/:id/erasure`.
pub const NOTIFY_ERASURE_REQUEST: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/recipients/:id/erasure",
    summary: "Ask for a recipient's erasure; another notifier_admin confirms",
    exposure: Exposure::Public,
};

/// `POST /api/notify/recipients/:id/erasure/confirm`.
pub const NOTIFY_ERASURE_CONFIRM: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/recipients/:id/erasure/confirm",
    summary: "Confirm an erasure another notifier_admin asked for",
    exposure: Exposure::Public,
};

/// `DELETE /api/notify/recipients/:id/erasure`.
pub const NOTIFY_ERASURE_WITHDRAW: Endpoint = Endpoint {
    method: HttpMethod::Delete,
    path: "/api/notify/recipients/:id/erasure",
    summary: "Withdraw a pending erasure request (notifier_admin)",
    exposure: Exposure::Public,
};

/// `POST /api/notify/districts`.
pub const NOTIFY_DISTRICT_CREATE: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/districts",
    summary: "Add a district (notifier_admin)",
    exposure: Exposure::Public,
};

/// `PATCH /api/notify/districts/:id`.
pub const NOTIFY_DISTRICT_RENAME: Endpoint = Endpoint {
    method: HttpMethod::Patch,
    path: "/api/notify/districts/:id",
    summary: "Rename a district (notifier_admin)",
    exposure: Exposure::Public,
};

/// `GET /api/notify/stats`.
pub const NOTIFY_STATS: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/notify/stats",
    summary: "Anonymous counts of recipients (notifier, notifier_admin)",
    exposure: Exposure::Public,
};

/// `GET /api/notify/keys`.
pub const NOTIFY_KEYS: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/notify/keys",
    summary: "The residents' key ids, ciphertexts per key and the last rotation (admin; no personal data)",
    exposure: Exposure::Public,
};

/// `POST /api/notify/keys/rotation`.
pub const NOTIFY_KEY_ROTATION: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/keys/rotation",
    summary:
        "Start re-sealing every resident under the keyrings' first keys, a batch per tick (admin)",
    exposure: Exposure::Public,
};

/// The staff's endpoints of `notify`.
pub const NOTIFY_STAFF: &[&Endpoint] = &[
    &NOTIFY_RECIPIENT_CREATE,
    &NOTIFY_RECIPIENTS,
    &NOTIFY_RECIPIENT,
    &NOTIFY_RECIPIENT_UPDATE,
    &NOTIFY_RECIPIENT_VERIFY,
    &NOTIFY_CONSENT_DOCUMENT,
    &NOTIFY_CONSENT_DOCUMENT_MARK,
    &NOTIFY_RECIPIENT_SUSPEND,
    &NOTIFY_RECIPIENT_RESUME,
    &NOTIFY_RECIPIENT_WITHDRAW,
    &NOTIFY_RECIPIENT_CODE,
    &NOTIFY_ERASURE_REQUEST,
    &NOTIFY_ERASURE_CONFIRM,
    &NOTIFY_ERASURE_WITHDRAW,
    &NOTIFY_DISTRICT_CREATE,
    &NOTIFY_DISTRICT_RENAME,
    &NOTIFY_STATS,
    &NOTIFY_KEYS,
    &NOTIFY_KEY_ROTATION,
];
