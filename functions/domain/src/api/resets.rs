//! Administrator-approved password reset (procedure PZO-01, `shared/spec/accounts.md`).

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// How the new secret reaches the holder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResetDelivery {
    /// A link with a token by e-mail plus an 8-digit code by SMS (two channels).
    EmailSms,
    /// A printed letter with a start password, collected in person (or by a proxy, form F-01).
    Letter,
}

crate::wire_names!(ResetDelivery {
    EmailSms = "email_sms",
    Letter = "letter",
});

/// Where a reset request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResetStatus {
    /// Waiting for a decision by admin or support (not the requester).
    Pending,
    /// Rejected; nothing changed.
    Rejected,
    /// Approved; the old password no longer works; waiting for the claim or the handover.
    Approved,
    /// Letter handed over (holder or proxy); completes when the holder sets a new password.
    HandedOver,
    /// The holder set a new password.
    Completed,
    /// Five wrong SMS codes: the token no longer works.
    Burned,
    /// The link was not used within 72 hours.
    Expired,
}

crate::wire_names!(ResetStatus {
    Pending = "pending",
    Rejected = "rejected",
    Approved = "approved",
    HandedOver = "handed_over",
    Completed = "completed",
    Burned = "burned",
    Expired = "expired",
});

/// `POST /api/password-resets`: the holder (anonymous), a director for their unit, or admin /
/// support recording a request made in person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateResetRequest {
    /// The account's login e-mail.
    pub email: String,
    /// Why the password is lost (1–1000 characters).
    pub reason: String,
    /// `email_sms` or `letter`.
    pub delivery: ResetDelivery,
}

/// Answer to a reset request: always 202. `id` only for staff requesters (a public request
/// learns nothing, so it cannot probe which e-mails exist).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetAccepted {
    /// Always `accepted`.
    pub status: String,
    /// The request's id (staff requesters only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// Who collected a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CollectedBy {
    /// The account holder in person.
    Holder,
    /// A proxy with the signed authorisation (form F-01).
    Proxy,
}

crate::wire_names!(CollectedBy {
    Holder = "holder",
    Proxy = "proxy",
});

/// The identity document shown at the handover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Dowód osobisty.
    IdCard,
    /// Passport.
    Passport,
    /// Another official document.
    Other,
}

crate::wire_names!(DocumentKind {
    IdCard = "id_card",
    Passport = "passport",
    Other = "other",
});

/// `POST /api/password-resets/{id}/handover`: who collected the letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HandoverRequest {
    /// Holder or proxy.
    pub collected_by: CollectedBy,
    /// The proxy's full name (required for a proxy, ≤ 200 characters).
    #[serde(default)]
    pub proxy_name: Option<String>,
    /// Kind of identity document.
    pub document_kind: DocumentKind,
    /// Last 4 characters of the document number (never the whole number).
    pub document_last4: String,
}

/// The recorded handover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HandoverView {
    /// Holder or proxy.
    pub collected_by: CollectedBy,
    /// The proxy's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy_name: Option<String>,
    /// Kind of identity document.
    pub document_kind: DocumentKind,
    /// Last 4 characters of its number.
    pub document_last4: String,
    /// Who handed it over (staff account id).
    pub recorded_by: String,
    /// When.
    pub at: Timestamp,
}

/// A reset request as admin and support see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetView {
    /// Request id.
    pub id: String,
    /// The account concerned.
    pub user_id: String,
    /// Its holder's name, for the queue.
    pub user_name: String,
    /// Its login e-mail.
    pub email: String,
    /// Why.
    pub reason: String,
    /// `email_sms` or `letter`.
    pub delivery: ResetDelivery,
    /// Where it stands.
    pub status: ResetStatus,
    /// Who asked: a staff account id, absent when the holder asked through the public form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested_by: Option<String>,
    /// When.
    pub requested_at: Timestamp,
    /// Who decided (admin or support, never the requester).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<String>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<Timestamp>,
    /// Reason given for a rejection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_reason: Option<String>,
    /// The claim link's end (`email_sms`, after approval).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Timestamp>,
    /// The letter was printed (it is shown once).
    #[serde(default)]
    pub letter_printed: bool,
    /// The handover, once recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handover: Option<HandoverView>,
    /// The *password loss* incident opened with the request.
    pub incident_id: String,
}

/// `POST /api/password-resets/{id}/reject`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RejectRequest {
    /// Why (1–1000 characters), told to the requester.
    pub reason: String,
}

/// `POST /api/password-resets/claim`: both halves and the new password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ClaimRequest {
    /// The token from the e-mailed link.
    pub token: String,
    /// The 8-digit code from the SMS.
    pub code: String,
    /// The new password.
    pub new_password: String,
}

impl std::fmt::Debug for ClaimRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClaimRequest { <redacted> }")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::assert_serde_matches;

    #[test]
    fn wire_names_match_serde() {
        assert_serde_matches(
            ResetDelivery::ALL,
            ResetDelivery::as_str,
            ResetDelivery::parse,
        );
        assert_serde_matches(ResetStatus::ALL, ResetStatus::as_str, ResetStatus::parse);
        assert_serde_matches(CollectedBy::ALL, CollectedBy::as_str, CollectedBy::parse);
        assert_serde_matches(DocumentKind::ALL, DocumentKind::as_str, DocumentKind::parse);
    }
}
