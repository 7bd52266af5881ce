//! `#[utoipa::path]` stubs of the operations endpoints ([`crate::endpoints::OPERATIONS`],
//! served by `auth`; docs/api/operations.md).
#![allow(dead_code)]

use crate::api::maintenance::{
    MaintenanceNotice, MaintenanceWindow, MaintenanceWindowInput, MaintenanceWindows,
};
use crate::api::Problem;

/// Inside the night window (Polish time), in the future, clear of meetings and other windows.
/// Every active account is told by e-mail.
#[utoipa::path(
    post,
    path = "/api/maintenance-windows",
    tag = "maintenance",
    operation_id = "create_maintenance_window",
    description = "Inside the night window (Polish time), in the future, clear of meetings and other windows. Every active account is told by e-mail.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    request_body(content = MaintenanceWindowInput, content_type = "application/json"),
    responses(
        (status = 201, description = "The window is scheduled", body = MaintenanceWindow),
        (status = 409, description = "A meeting (`overlaps_meeting`) or another window (`overlaps_window`) overlaps; `params` name it", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Validation failed (`validation_failed`), the end is not after the start (`window_order`), the start is not in the future (`window_not_in_future`), or the window leaves the night window (`outside_night_window`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn create_maintenance_window() {}

/// The windows not over yet, then those of the last 90 days, by start.
#[utoipa::path(
    get,
    path = "/api/maintenance-windows",
    tag = "maintenance",
    operation_id = "list_maintenance_windows",
    description = "The windows not over yet, then those of the last 90 days, by start (at most 200).",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    responses(
        (status = 200, description = "The windows", body = MaintenanceWindows),
    )
)]
fn list_maintenance_windows() {}

/// A window that has not ended; staff are told by e-mail.
#[utoipa::path(
    post,
    path = "/api/maintenance-windows/{id}/cancel",
    tag = "maintenance",
    operation_id = "cancel_maintenance_window",
    description = "A window that has not ended; staff are told by e-mail.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Window id")),
    responses(
        (status = 200, description = "The window, cancelled", body = MaintenanceWindow),
        (status = 404, description = "No such window", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It has ended or was cancelled already (`window_not_cancellable`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn cancel_maintenance_window() {}

/// Served during a window too.
#[utoipa::path(
    get,
    path = "/api/public/maintenance",
    tag = "public",
    operation_id = "public_maintenance",
    description = "The current window, else the next scheduled one, else `null`. Served during a window too.",
    responses(
        (status = 200, description = "The notice", body = MaintenanceNotice),
    )
)]
fn public_maintenance() {}
