//! Residents' reports (zgłoszenia; docs/api/notifications-messages.md § Reports): every shape
//! of the contract, written once for the `notify` component, the frontend and the OpenAPI
//! document. Fields may be added; none is ever renamed.

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// What a report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportCategory {
    /// Roads and pavements.
    Roads,
    /// Street lighting.
    Lighting,
    /// Waste and litter.
    Waste,
    /// Parks, trees, green areas.
    Greenery,
    /// Public safety.
    Safety,
    /// Anything else.
    Other,
}

crate::wire_names!(ReportCategory {
    Roads = "roads",
    Lighting = "lighting",
    Waste = "waste",
    Greenery = "greenery",
    Safety = "safety",
    Other = "other",
});

/// Where staff stand on a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Sent, not yet taken up.
    New,
    /// Staff work on it.
    InProgress,
    /// Dealt with.
    Resolved,
    /// Not taken up (a duplicate, not the city's matter, …).
    Rejected,
}

crate::wire_names!(ReportStatus {
    New = "new",
    InProgress = "in_progress",
    Resolved = "resolved",
    Rejected = "rejected",
});

/// What a history entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportHistoryKind {
    /// The resident sent the report.
    Created,
    /// Staff moved its status (`status`, with an optional note as `text`).
    Status,
    /// Staff replied (`text`).
    Reply,
}

crate::wire_names!(ReportHistoryKind {
    Created = "created",
    Status = "status",
    Reply = "reply",
});

/// The media type of a report's photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ReportPhotoType {
    /// A JPEG image.
    #[serde(rename = "image/jpeg")]
    Jpeg,
    /// A PNG image.
    #[serde(rename = "image/png")]
    Png,
    /// A WebP image.
    #[serde(rename = "image/webp")]
    Webp,
}

crate::wire_names!(ReportPhotoType {
    Jpeg = "image/jpeg",
    Png = "image/png",
    Webp = "image/webp",
});

/// Where the problem is, as the resident gave it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportLocation {
    /// Latitude in decimal degrees, −90…90.
    pub lat: f64,
    /// Longitude in decimal degrees, −180…180.
    pub lon: f64,
    /// A few words (≤ 200): "przy przystanku", "Kościuszki 5".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A location as a request gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportLocationInput {
    /// Latitude in decimal degrees, −90…90.
    pub lat: f64,
    /// Longitude in decimal degrees, −180…180.
    pub lon: f64,
    /// A few words (≤ 200); blank is none.
    #[serde(default)]
    pub description: Option<String>,
}

/// A report's photo, as a report shows it (the image itself has its own path).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportPhoto {
    /// Its media type (checked against its first bytes).
    pub content_type: ReportPhotoType,
    /// Its size in bytes (≤ 10 MiB).
    pub size: u64,
}

/// One step of a report's history, as the resident reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportHistoryEntry {
    /// When.
    pub at: Timestamp,
    /// What happened.
    pub kind: ReportHistoryKind,
    /// The status it moved to (kind `status`), else null.
    pub status: Option<ReportStatus>,
    /// A reply's text or a status move's note, else null.
    pub text: Option<String>,
}

/// A staff member named in a report's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportStaffMember {
    /// Account id.
    pub id: String,
    /// "First Last".
    pub name: String,
}

/// One step of a report's history, as staff read it (with who did it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffReportHistoryEntry {
    /// When.
    pub at: Timestamp,
    /// What happened.
    pub kind: ReportHistoryKind,
    /// The status it moved to (kind `status`), else null.
    pub status: Option<ReportStatus>,
    /// A reply's text or a status move's note, else null.
    pub text: Option<String>,
    /// The staff member (null for the resident's own step).
    pub by: Option<ReportStaffMember>,
}

/// A report as its resident reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    /// Id (a ULID).
    pub id: String,
    /// What it is about.
    pub category: ReportCategory,
    /// The resident's description (1–4000).
    pub description: String,
    /// Where, when given.
    pub location: Option<ReportLocation>,
    /// The photo, when one was attached.
    pub photo: Option<ReportPhoto>,
    /// Where staff stand on it.
    pub status: ReportStatus,
    /// When it was sent.
    pub created_at: Timestamp,
    /// Its last change.
    pub updated_at: Timestamp,
    /// Every step, oldest first.
    pub history: Vec<ReportHistoryEntry>,
}

/// A report as `notifier_admin` reads it: who sent it and who did each step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffReport {
    /// Id (a ULID).
    pub id: String,
    /// The resident who sent it.
    pub recipient_id: String,
    /// What it is about.
    pub category: ReportCategory,
    /// The resident's description (1–4000).
    pub description: String,
    /// Where, when given.
    pub location: Option<ReportLocation>,
    /// The photo, when one was attached.
    pub photo: Option<ReportPhoto>,
    /// Where staff stand on it.
    pub status: ReportStatus,
    /// When it was sent.
    pub created_at: Timestamp,
    /// Its last change.
    pub updated_at: Timestamp,
    /// Every step, oldest first.
    pub history: Vec<StaffReportHistoryEntry>,
}

/// A line of the staff's queue (no description: nothing personal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportSummary {
    /// Id.
    pub id: String,
    /// What it is about.
    pub category: ReportCategory,
    /// Where staff stand on it.
    pub status: ReportStatus,
    /// When it was sent.
    pub created_at: Timestamp,
    /// Its last change.
    pub updated_at: Timestamp,
    /// Whether a photo is attached.
    pub has_photo: bool,
    /// Whether a location was given.
    pub has_location: bool,
}

/// `POST /api/notify/me/reports`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    /// What it is about.
    pub category: ReportCategory,
    /// What is wrong (1–4000 characters).
    pub description: String,
    /// Where, optionally.
    #[serde(default)]
    pub location: Option<ReportLocationInput>,
    /// A photo uploaded within the hour by `POST /api/notify/me/report-photos`.
    #[serde(default)]
    pub photo_id: Option<String>,
}

/// `201` of `POST /api/notify/me/report-photos`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportPhotoUploaded {
    /// Pass as the report's `photo_id` within the hour.
    pub photo_id: String,
}

/// `GET /api/notify/me/reports`: the resident's reports, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reports {
    /// The reports.
    pub items: Vec<Report>,
}

/// `POST /api/notify/reports/{id}/status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportStatusInput {
    /// The status to move to.
    pub status: ReportStatus,
    /// Why, for the history (≤ 2000; the resident reads it); blank is none.
    #[serde(default)]
    pub note: Option<String>,
}

/// `POST /api/notify/reports/{id}/replies`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportReplyInput {
    /// The reply (1–2000 characters).
    pub text: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::assert_serde_matches;

    #[test]
    fn wire_names_match_serde() {
        assert_serde_matches(
            ReportCategory::ALL,
            ReportCategory::as_str,
            ReportCategory::parse,
        );
        assert_serde_matches(ReportStatus::ALL, ReportStatus::as_str, ReportStatus::parse);
        assert_serde_matches(
            ReportHistoryKind::ALL,
            ReportHistoryKind::as_str,
            ReportHistoryKind::parse,
        );
        assert_serde_matches(
            ReportPhotoType::ALL,
            ReportPhotoType::as_str,
            ReportPhotoType::parse,
        );
    }
}
