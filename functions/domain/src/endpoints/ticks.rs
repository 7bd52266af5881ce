//! The scheduled ticks for schedulers outside the host. On `ratusz-host` one unnamed
//! `--schedule "30s /internal/tick"` calls every component's private tick ([`super::TICK`]);
//! on Spin and SpinKube nothing drives a private route, so each component with periodic work
//! also answers a token-protected route a Kubernetes CronJob (or any scheduler) calls with
//! `Authorization: Bearer <tick_token>`. Each answers 404 while `tick_token` is unset.

use super::{Endpoint, Exposure, HttpMethod, SCHEDULED_TICK};

/// `POST /api/notify/tick`: the resident registry's periodic work (erasure after a withdrawn
/// consent, key rotation batches).
pub const NOTIFY_TICK: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/tick",
    summary: "The resident registry's scheduled tick for schedulers outside the host (token in variable tick_token)",
    exposure: Exposure::Public,
};

/// `POST /api/chat/tick`: the chat's periodic work (unused uploads, retention).
pub const CHAT_TICK: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/chat/tick",
    summary:
        "The chat's scheduled tick for schedulers outside the host (token in variable tick_token)",
    exposure: Exposure::Public,
};

/// Every token-protected tick, one per component with periodic work.
pub const SCHEDULED_TICKS: &[&Endpoint] = &[&SCHEDULED_TICK, &NOTIFY_TICK, &CHAT_TICK];
