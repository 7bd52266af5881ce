//! The security incident register (`shared/spec/accounts.md` § incidents; GDPR art. 33).

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IncidentKind {
    /// A password was lost (opened by every reset request).
    PasswordLoss,
    /// An account was locked by failed logins.
    Lockout,
    /// Wrong SMS codes burned a reset token.
    ClaimBruteforce,
    /// A login looked suspicious.
    SuspiciousLogin,
    /// Anything else.
    Other,
}

crate::wire_names!(IncidentKind {
    PasswordLoss = "password_loss",
    Lockout = "lockout",
    ClaimBruteforce = "claim_bruteforce",
    SuspiciousLogin = "suspicious_login",
    Other = "other",
});

/// How serious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High.
    High,
    /// Critical.
    Critical,
}

crate::wire_names!(Severity {
    Low = "low",
    Medium = "medium",
    High = "high",
    Critical = "critical",
});

/// Where the handling stands: `open` → `in_progress` → `closed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IncidentStatus {
    /// Registered, nobody on it yet.
    Open,
    /// Being handled.
    InProgress,
    /// Done.
    Closed,
}

crate::wire_names!(IncidentStatus {
    Open = "open",
    InProgress = "in_progress",
    Closed = "closed",
});

/// An incident in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncidentView {
    /// Incident id.
    pub id: String,
    /// Kind.
    pub kind: IncidentKind,
    /// Severity.
    pub severity: Severity,
    /// Status.
    pub status: IncidentStatus,
    /// One line.
    pub title: String,
    /// The account concerned, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// Who reported it: a staff account id, or `system`.
    pub reporter: String,
    /// Who handles it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    /// Personal data may be affected (GDPR art. 33: report to the authority within 72 h).
    pub personal_data: bool,
    /// The 72-hour deadline, when `personal_data`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_deadline: Option<Timestamp>,
    /// When registered.
    pub created_at: Timestamp,
    /// Last change.
    pub updated_at: Timestamp,
}

/// One entry of an incident's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncidentNote {
    /// When.
    pub at: Timestamp,
    /// Who: a staff account id, or `system`.
    pub author: String,
    /// What happened or was done.
    pub text: String,
}

/// An incident with its description and timeline (`GET /api/incidents/{id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncidentDetail {
    /// The summary fields.
    #[serde(flatten)]
    pub incident: IncidentView,
    /// Description.
    pub description: String,
    /// Timeline, oldest first.
    pub timeline: Vec<IncidentNote>,
}

/// `POST /api/incidents`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateIncident {
    /// Kind.
    pub kind: IncidentKind,
    /// Severity (default `medium`).
    #[serde(default)]
    pub severity: Option<Severity>,
    /// One line (1–200 characters).
    pub title: String,
    /// Description (≤ 10 000 characters).
    #[serde(default)]
    pub description: Option<String>,
    /// The account concerned.
    #[serde(default)]
    pub account_id: Option<String>,
    /// Personal data may be affected (starts the 72-hour deadline).
    #[serde(default)]
    pub personal_data: bool,
}

/// `PATCH /api/incidents/{id}`: change what is given; `note` appends to the timeline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateIncident {
    /// New status (forward only: open → in_progress → closed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<IncidentStatus>,
    /// New severity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// New owner (an admin or support account).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    /// Personal data may be affected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_data: Option<bool>,
    /// A note for the timeline (≤ 10 000 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::assert_serde_matches;

    #[test]
    fn wire_names_match_serde() {
        assert_serde_matches(IncidentKind::ALL, IncidentKind::as_str, IncidentKind::parse);
        assert_serde_matches(Severity::ALL, Severity::as_str, Severity::parse);
        assert_serde_matches(
            IncidentStatus::ALL,
            IncidentStatus::as_str,
            IncidentStatus::parse,
        );
    }
}
