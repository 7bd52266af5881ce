//! The resident registry's endpoints (`notify`, docs/api/notifications.md): public
//! registration and binding, and the bound device's own data and rights.

use super::{Endpoint, Exposure, HttpMethod};

/// `GET /api/notify/districts`: the city's districts (no login).
pub const NOTIFY_DISTRICTS: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/notify/districts",
    summary: "The city's districts a registration may name (no login)",
    exposure: Exposure::Public,
};

/// `GET /api/notify/consent`: the consent text a registration accepts (no login).
pub const NOTIFY_CONSENT: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/notify/consent",
    summary: "The consent text and version a registration accepts (no login)",
    exposure: Exposure::Public,
};

/// `POST /api/notify/registrations`: self-registration (no login).
pub const NOTIFY_REGISTER: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/registrations",
    summary: "Register for the city's notifications; a validation code goes to the chosen contact (no login)",
    exposure: Exposure::Public,
};

/// `POST /api/notify/codes`: a new validation code to a known contact (no login).
pub const NOTIFY_CODES: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/codes",
    summary: "Send a new validation code to a registered e-mail or phone (no login)",
    exposure: Exposure::Public,
};

/// `POST /api/notify/bindings`: bind this device with a code (no login).
pub const NOTIFY_BIND: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/bindings",
    summary: "Bind this device with the validation code; answers the device token (no login)",
    exposure: Exposure::Public,
};

/// `GET /api/notify/me`: the bound resident's data.
pub const NOTIFY_ME: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/notify/me",
    summary: "The bound resident's data (right of access; also the portable copy)",
    exposure: Exposure::Public,
};

/// `PATCH /api/notify/me`: correct or complete one's data.
pub const NOTIFY_ME_UPDATE: Endpoint = Endpoint {
    method: HttpMethod::Patch,
    path: "/api/notify/me",
    summary: "Correct or complete the bound resident's data",
    exposure: Exposure::Public,
};

/// `DELETE /api/notify/me`: erasure now.
pub const NOTIFY_ME_ERASE: Endpoint = Endpoint {
    method: HttpMethod::Delete,
    path: "/api/notify/me",
    summary: "Erase the bound resident's data and binding now (right to be forgotten)",
    exposure: Exposure::Public,
};

/// `POST /api/notify/me/suspension`: suspend sending.
pub const NOTIFY_ME_SUSPEND: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/me/suspension",
    summary: "Suspend notifications until a time or until lifted",
    exposure: Exposure::Public,
};

/// `DELETE /api/notify/me/suspension`: lift a suspension.
pub const NOTIFY_ME_RESUME: Endpoint = Endpoint {
    method: HttpMethod::Delete,
    path: "/api/notify/me/suspension",
    summary: "Lift a suspension of notifications",
    exposure: Exposure::Public,
};

/// `POST /api/notify/me/consent-withdrawal`: withdraw consent.
pub const NOTIFY_ME_WITHDRAW: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/me/consent-withdrawal",
    summary: "Withdraw consent: nothing is sent, the data is erased later unless given again",
    exposure: Exposure::Public,
};

/// `POST /api/notify/me/consent`: give consent again.
pub const NOTIFY_ME_CONSENT: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/me/consent",
    summary: "Give consent again (the current version)",
    exposure: Exposure::Public,
};

/// `DELETE /api/notify/me/device`: unbind this device.
pub const NOTIFY_ME_UNBIND: Endpoint = Endpoint {
    method: HttpMethod::Delete,
    path: "/api/notify/me/device",
    summary: "Unbind this device (its token stops working)",
    exposure: Exposure::Public,
};

/// Every endpoint `notify` serves.
pub const NOTIFY: &[&Endpoint] = &[
    &NOTIFY_DISTRICTS,
    &NOTIFY_CONSENT,
    &NOTIFY_REGISTER,
    &NOTIFY_CODES,
    &NOTIFY_BIND,
    &NOTIFY_ME,
    &NOTIFY_ME_UPDATE,
    &NOTIFY_ME_ERASE,
    &NOTIFY_ME_SUSPEND,
    &NOTIFY_ME_RESUME,
    &NOTIFY_ME_WITHDRAW,
    &NOTIFY_ME_CONSENT,
    &NOTIFY_ME_UNBIND,
];

/// The registry's endpoints anyone may call (no session, no device token).
pub const NOTIFY_PUBLIC: &[&Endpoint] = &[
    &NOTIFY_DISTRICTS,
    &NOTIFY_CONSENT,
    &NOTIFY_REGISTER,
    &NOTIFY_CODES,
    &NOTIFY_BIND,
    &super::NOTIFY_PUSH_KEY,
    &super::NOTIFY_NEWS,
];
