//! The components' token-protected ticks in the document ([`crate::endpoints::NOTIFY_TICK`],
//! [`crate::endpoints::CHAT_TICK`]), merged into [`super::document`]; described like
//! `POST /api/system/tick`: the scheduler's `tickToken`, no body, no parameter.
#![allow(dead_code)]

use crate::api::{Problem, TickReport};
use utoipa::OpenApi;

/// The ticks of `notify` and `messaging`.
#[derive(OpenApi)]
#[openapi(paths(notify_tick, chat_tick))]
pub struct TicksDoc;

/// The resident registry's periodic work for schedulers outside the host.
#[utoipa::path(
    post,
    path = "/api/notify/tick",
    tag = "system",
    operation_id = "notify_scheduled_tick",
    description = "Erases residents whose consent was withdrawn more than `notify_withdrawn_days` ago and moves a running key rotation by one batch; each call does a bounded amount of work.",
    security(("tickToken" = [])),
    responses(
        (status = 200, description = "The tick ran", body = TickReport),
        (status = 401, description = "Missing or wrong tick token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No tick token is configured (the route is off)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database stayed busy; retry later", body = Problem, content_type = "application/problem+json"),
    )
)]
fn notify_tick() {}

/// The chat's periodic work for schedulers outside the host.
#[utoipa::path(
    post,
    path = "/api/chat/tick",
    tag = "system",
    operation_id = "chat_scheduled_tick",
    description = "Purges attachments not joined to a message within an hour and, unless `chat_retention_days` is 0, messages older than that with everything hanging from them; each call does a bounded amount of work.",
    security(("tickToken" = [])),
    responses(
        (status = 200, description = "The tick ran", body = TickReport),
        (status = 401, description = "Missing or wrong tick token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No tick token is configured (the route is off)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database stayed busy; retry later", body = Problem, content_type = "application/problem+json"),
    )
)]
fn chat_tick() {}
