//! Residents' reports in the document (`notify`, docs/api/notifications-messages.md § Reports):
//! the bound device's photo and reports and `notifier_admin`'s queue, merged into
//! [`super::document`], with the limits of their request fields and query parameters
//! ([`apply_limits`]; the patterns hold against the domain's rules in the tests below).
#![allow(dead_code)]

use crate::api::notify_reports::{
    Report, ReportCategory, ReportHistoryEntry, ReportHistoryKind, ReportInput, ReportLocation,
    ReportLocationInput, ReportPhoto, ReportPhotoType, ReportPhotoUploaded, ReportReplyInput,
    ReportStaffMember, ReportStatus, ReportStatusInput, ReportSummary, Reports, StaffReport,
    StaffReportHistoryEntry,
};
use crate::api::page::Page;
use crate::api::Problem;
use crate::validate::limits::{
    ID_MAX, REPORT_DESCRIPTION_MAX, REPORT_LOCATION_DESCRIPTION_MAX, REPORT_REPLY_MAX,
};
use crate::validate::schema;
use serde_json::{json, Value};
use utoipa::OpenApi;

/// The reports' operations and schemas.
#[derive(OpenApi)]
#[openapi(
    paths(
        upload_report_photo, create_report, my_reports, my_report, my_report_photo,
        list_reports, get_report, get_report_photo, move_report_status, reply_to_report
    ),
    components(schemas(
        ReportCategory, ReportStatus, ReportHistoryKind, ReportPhotoType, ReportLocation,
        ReportLocationInput, ReportPhoto, ReportHistoryEntry, ReportStaffMember,
        StaffReportHistoryEntry, Report, StaffReport, ReportSummary, Page<ReportSummary>,
        ReportInput, ReportPhotoUploaded, Reports, ReportStatusInput, ReportReplyInput
    ))
)]
pub struct NotifyReportsDoc;

/// A photo for a report.
#[utoipa::path(
    post,
    path = "/api/notify/me/report-photos",
    tag = "notify",
    operation_id = "notify_upload_report_photo",
    description = "The body is the image itself: JPEG, PNG or WebP, at most 10 MiB, its first bytes checked against `Content-Type`. Name it as the report's `photo_id` within the hour; an unused photo is purged then.",
    security(("deviceToken" = [])),
    request_body(description = "The image (at most 10 MiB)", content(
        (String = "image/jpeg"),
        (String = "image/png"),
        (String = "image/webp"),
    )),
    responses(
        (status = 201, description = "Stored until a report names it (an hour)", body = ReportPhotoUploaded),
        (status = 401, description = "`invalid_token` or `unauthenticated`", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "More than 10 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not JPEG, PNG or WebP, or the first bytes are not the declared type", body = Problem, content_type = "application/problem+json"),
    )
)]
fn upload_report_photo() {}

/// Send a report.
#[utoipa::path(
    post,
    path = "/api/notify/me/reports",
    tag = "notify",
    operation_id = "notify_create_report",
    description = "A bound resident's report: category, description, optional location (decimal degrees) and a photo uploaded within the hour. With an `Idempotency-Key` a retry returns the first answer.",
    security(("deviceToken" = [])),
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request safe: a repeat with the same key returns the first answer (kept at least 24 h, per device and endpoint)"),
    ),
    request_body(content = ReportInput, content_type = "application/json"),
    responses(
        (status = 201, description = "The report, `new`", body = Report),
        (status = 401, description = "`invalid_token` or `unauthenticated`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `description` required or too long, `location.lat` / `location.lon` `out_of_range`, `photo_id` `unknown_reference` (not this device's upload of the last hour, or used already); or `idempotency_mismatch`", body = Problem, content_type = "application/problem+json"),
    )
)]
fn create_report() {}

/// The resident's reports.
#[utoipa::path(
    get,
    path = "/api/notify/me/reports",
    tag = "notify",
    operation_id = "notify_my_reports",
    security(("deviceToken" = [])),
    responses(
        (status = 200, description = "Every report of the resident, newest first", body = Reports),
        (status = 401, description = "`invalid_token` or `unauthenticated`", body = Problem, content_type = "application/problem+json"),
    )
)]
fn my_reports() {}

/// One of the resident's reports.
#[utoipa::path(
    get,
    path = "/api/notify/me/reports/{id}",
    tag = "notify",
    operation_id = "notify_my_report",
    security(("deviceToken" = [])),
    params(("id" = String, Path, description = "Report id")),
    responses(
        (status = 200, description = "The report with its history", body = Report),
        (status = 401, description = "`invalid_token` or `unauthenticated`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such report of this resident", body = Problem, content_type = "application/problem+json"),
    )
)]
fn my_report() {}

/// Its photo.
#[utoipa::path(
    get,
    path = "/api/notify/me/reports/{id}/photo",
    tag = "notify",
    operation_id = "notify_my_report_photo",
    security(("deviceToken" = [])),
    params(("id" = String, Path, description = "Report id")),
    responses(
        (status = 200, description = "The image (`nosniff`, not cached)", content(
            (String = "image/jpeg"),
            (String = "image/png"),
            (String = "image/webp"),
        )),
        (status = 401, description = "`invalid_token` or `unauthenticated`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such report of this resident, or it has no photo", body = Problem, content_type = "application/problem+json"),
    )
)]
fn my_report_photo() {}

/// The staff's queue.
#[utoipa::path(
    get,
    path = "/api/notify/reports",
    tag = "notify",
    operation_id = "notify_list_reports",
    description = "New reports first, then the rest, oldest first within each; no description (nothing personal), so not audited. `notifier_admin`.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("status" = Option<ReportStatus>, Query, description = "Only reports in this status"),
        ("category" = Option<ReportCategory>, Query, description = "Only reports of this category"),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Page size (default 50)", minimum = 1, maximum = 500),
    ),
    responses(
        (status = 200, description = "A page of the queue", body = Page<ReportSummary>),
        (status = 422, description = "`validation_failed`: a `status` or `category` not in the list (`invalid_choice`), a malformed `cursor`, `limit` out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_reports() {}

/// A report for staff.
#[utoipa::path(
    get,
    path = "/api/notify/reports/{id}",
    tag = "notify",
    operation_id = "notify_get_report",
    description = "The report with the resident's id and who did each step. Recorded in the audit chain (`report.read`, ids only). `notifier_admin`.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Report id")),
    responses(
        (status = 200, description = "The report", body = StaffReport),
        (status = 404, description = "No such report", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_report() {}

/// Its photo for staff.
#[utoipa::path(
    get,
    path = "/api/notify/reports/{id}/photo",
    tag = "notify",
    operation_id = "notify_get_report_photo",
    description = "`Cache-Control: no-store`; recorded in the audit chain (`report.read`). `notifier_admin`.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Report id")),
    responses(
        (status = 200, description = "The image", content(
            (String = "image/jpeg"),
            (String = "image/png"),
            (String = "image/webp"),
        )),
        (status = 404, description = "No such report, or it has no photo", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_report_photo() {}

/// Move a report's status.
#[utoipa::path(
    post,
    path = "/api/notify/reports/{id}/status",
    tag = "notify",
    operation_id = "notify_move_report_status",
    description = "Allowed moves: `new → in_progress | rejected`, `in_progress → resolved | rejected`, `resolved | rejected → in_progress`. The note (the resident reads it) goes into the history. `notifier_admin`.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Report id")),
    request_body(content = ReportStatusInput, content_type = "application/json"),
    responses(
        (status = 200, description = "The report, moved", body = StaffReport),
        (status = 404, description = "No such report", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`conflict` rule `report_status`: not a move from the report's status", body = Problem, content_type = "application/problem+json"),
    )
)]
fn move_report_status() {}

/// Reply to a report.
#[utoipa::path(
    post,
    path = "/api/notify/reports/{id}/replies",
    tag = "notify",
    operation_id = "notify_reply_to_report",
    description = "The reply is in the history at once (the resident reads it in the app) and is sent to the resident by their first chosen channel (push, e-mail, SMS, e-Doręczenia). `notifier_admin`.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Report id")),
    request_body(content = ReportReplyInput, content_type = "application/json"),
    responses(
        (status = 201, description = "The report with the reply", body = StaffReport),
        (status = 404, description = "No such report", body = Problem, content_type = "application/problem+json"),
    )
)]
fn reply_to_report() {}

/// [`crate::notify::report::QueueCursor`]: blank, or `0`/`1` and an id.
pub fn queue_cursor_pattern() -> String {
    format!("^(?:[01][!-~]{{1,{ID_MAX}}})?$")
}

fn set(doc: &mut Value, pointer: &str, pattern: String, max: usize, required: bool) {
    if let Some(prop) = doc.pointer_mut(pointer).and_then(Value::as_object_mut) {
        prop.insert("pattern".into(), json!(pattern));
        prop.insert("x-max-chars".into(), json!(max));
        if required {
            prop.insert("minLength".into(), json!(1));
        }
    }
}

fn degrees(doc: &mut Value, field: &str, bound: f64) {
    let pointer = format!("/components/schemas/ReportLocationInput/properties/{field}");
    if let Some(prop) = doc.pointer_mut(&pointer).and_then(Value::as_object_mut) {
        prop.insert("minimum".into(), json!(-bound));
        prop.insert("maximum".into(), json!(bound));
    }
}

/// Writes the reports' field and query limits into the document (before the common answers).
pub fn apply_limits(doc: &mut Value) {
    let fields = [
        (
            "ReportInput",
            "description",
            schema::long_text(REPORT_DESCRIPTION_MAX),
            REPORT_DESCRIPTION_MAX,
            true,
        ),
        (
            "ReportInput",
            "photo_id",
            schema::optional_id(),
            ID_MAX,
            false,
        ),
        (
            "ReportLocationInput",
            "description",
            schema::optional_text(REPORT_LOCATION_DESCRIPTION_MAX),
            REPORT_LOCATION_DESCRIPTION_MAX,
            false,
        ),
        (
            "ReportStatusInput",
            "note",
            schema::optional_long_text(REPORT_REPLY_MAX),
            REPORT_REPLY_MAX,
            false,
        ),
        (
            "ReportReplyInput",
            "text",
            schema::long_text(REPORT_REPLY_MAX),
            REPORT_REPLY_MAX,
            true,
        ),
    ];
    for (name, field, pattern, max, required) in fields {
        set(
            doc,
            &format!("/components/schemas/{name}/properties/{field}"),
            pattern,
            max,
            required,
        );
    }
    degrees(doc, "lat", 90.0);
    degrees(doc, "lon", 180.0);
    let Some(params) = doc
        .pointer_mut("/paths/~1api~1notify~1reports/get/parameters")
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for param in params {
        if param["name"] == "cursor" {
            if let Some(schema) = param.get_mut("schema").and_then(Value::as_object_mut) {
                schema.insert("pattern".into(), json!(queue_cursor_pattern()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notify::report::QueueCursor;
    use regex::Regex;

    #[test]
    fn the_cursor_pattern_agrees_with_the_decoder() {
        let re = Regex::new(&queue_cursor_pattern()).unwrap();
        for s in ["0abc", "101JF00", "0", "2abc", "0a b", "x", "1é"] {
            assert_eq!(re.is_match(s), QueueCursor::decode(s).is_some(), "{s:?}");
        }
        assert!(re.is_match(""), "blank is the first page");
    }

    #[test]
    fn every_report_operation_is_documented_with_its_limits() {
        let doc = super::super::document_json();
        for path in [
            "/api/notify/me/report-photos",
            "/api/notify/me/reports",
            "/api/notify/me/reports/{id}",
            "/api/notify/me/reports/{id}/photo",
            "/api/notify/reports",
            "/api/notify/reports/{id}",
            "/api/notify/reports/{id}/photo",
            "/api/notify/reports/{id}/status",
            "/api/notify/reports/{id}/replies",
        ] {
            assert!(doc["paths"][path].is_object(), "{path}");
        }
        let input = &doc["components"]["schemas"]["ReportInput"]["properties"];
        assert_eq!(input["description"]["x-max-chars"], REPORT_DESCRIPTION_MAX);
        let location = &doc["components"]["schemas"]["ReportLocationInput"]["properties"];
        assert_eq!(location["lat"]["maximum"], 90.0);
        assert_eq!(location["lon"]["minimum"], -180.0);
        let reply = &doc["components"]["schemas"]["ReportReplyInput"]["properties"];
        assert_eq!(reply["text"]["x-max-chars"], REPORT_REPLY_MAX);
    }
}
