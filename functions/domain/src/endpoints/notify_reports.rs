//! Residents' reports' endpoints (`notify`, docs/api/notifications-messages.md § Reports): the
//! bound device's photo upload and reports, and `notifier_admin`'s queue.

use super::{Endpoint, Exposure, HttpMethod};

/// `POST /api/notify/me/report-photos`: upload a photo for a report (bound device).
pub const NOTIFY_ME_REPORT_PHOTO_UPLOAD: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/me/report-photos",
    summary:
        "Upload a photo for a report (JPEG, PNG or WebP, ≤ 10 MiB, content checked; bound device)",
    exposure: Exposure::Public,
};

/// `POST /api/notify/me/reports`: send a report (bound device).
pub const NOTIFY_ME_REPORT_CREATE: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/me/reports",
    summary: "Send a report: category, description, optional location and photo (bound device)",
    exposure: Exposure::Public,
};

/// `GET /api/notify/me/reports`: the resident's reports.
pub const NOTIFY_ME_REPORTS: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/notify/me/reports",
    summary:
        "The resident's own reports with their status and history, newest first (bound device)",
    exposure: Exposure::Public,
};

/// `GET /api/notify/me/reports/:id`: one of the resident's reports.
pub const NOTIFY_ME_REPORT: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/notify/me/reports/:id",
    summary: "One of the resident's own reports (bound device)",
    exposure: Exposure::Public,
};

/// `GET /api/notify/me/reports/:id/photo`: its photo.
pub const NOTIFY_ME_REPORT_PHOTO: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/notify/me/reports/:id/photo",
    summary: "The photo of one of the resident's own reports (bound device)",
    exposure: Exposure::Public,
};

/// `GET /api/notify/reports`: the staff's queue.
pub const NOTIFY_REPORTS: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/notify/reports",
    summary: "The residents' reports, new ones first, without descriptions (notifier_admin)",
    exposure: Exposure::Public,
};

/// `GET /api/notify/reports/:id`: a report for staff (audited).
pub const NOTIFY_REPORT: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/notify/reports/:id",
    summary: "A resident's report with its history (notifier_admin; audited)",
    exposure: Exposure::Public,
};

/// `GET /api/notify/reports/:id/photo`: its photo for staff (audited).
pub const NOTIFY_REPORT_PHOTO: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/notify/reports/:id/photo",
    summary: "A report's photo (notifier_admin; audited)",
    exposure: Exposure::Public,
};

/// `POST /api/notify/reports/:id/status`: move a report's status.
pub const NOTIFY_REPORT_STATUS: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/reports/:id/status",
    summary: "Move a report to in progress, resolved or rejected, or reopen it (notifier_admin)",
    exposure: Exposure::Public,
};

/// `POST /api/notify/reports/:id/replies`: reply to the resident.
pub const NOTIFY_REPORT_REPLY: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/notify/reports/:id/replies",
    summary: "Reply to a report: kept in its history and sent by the resident's first channel (notifier_admin)",
    exposure: Exposure::Public,
};

/// The reports' endpoints of `notify`.
pub const NOTIFY_REPORTS_ALL: &[&Endpoint] = &[
    &NOTIFY_ME_REPORT_PHOTO_UPLOAD,
    &NOTIFY_ME_REPORT_CREATE,
    &NOTIFY_ME_REPORTS,
    &NOTIFY_ME_REPORT,
    &NOTIFY_ME_REPORT_PHOTO,
    &NOTIFY_REPORTS,
    &NOTIFY_REPORT,
    &NOTIFY_REPORT_PHOTO,
    &NOTIFY_REPORT_STATUS,
    &NOTIFY_REPORT_REPLY,
];
