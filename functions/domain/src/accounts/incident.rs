//! Rules of the security incident register (accounts.md § Security incident register).

use crate::api::incidents::{IncidentStatus, Severity};
use crate::time::Timestamp;

/// GDPR art. 33: a breach of personal data is reported to the supervisory authority (UODO)
/// within 72 hours of becoming aware of it.
pub const REPORT_DEADLINE_S: i64 = 72 * 3600;

/// Whether an incident may move from `from` to `to`: forward only (`open` → `in_progress` →
/// `closed`, or straight to `closed`); staying put is a no-op; `closed` is final.
pub fn can_transition(from: IncidentStatus, to: IncidentStatus) -> bool {
    use IncidentStatus::{Closed, InProgress, Open};
    from == to
        || matches!(
            (from, to),
            (Open, InProgress) | (Open, Closed) | (InProgress, Closed)
        )
}

/// The art. 33 reporting deadline of an incident created at `created_at`, when personal data
/// may be affected.
pub fn report_deadline(created_at: Timestamp, personal_data: bool) -> Option<Timestamp> {
    personal_data.then(|| created_at.plus_seconds(REPORT_DEADLINE_S))
}

/// One step more serious, capped at critical (e.g. when wrong SMS codes burn a reset token).
pub fn raise(s: Severity) -> Severity {
    match s {
        Severity::Low => Severity::Medium,
        Severity::Medium => Severity::High,
        Severity::High | Severity::Critical => Severity::Critical,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use IncidentStatus::{Closed, InProgress, Open};

    #[test]
    fn status_moves_forward_only() {
        let cases = [
            (Open, Open, true),
            (Open, InProgress, true),
            (Open, Closed, true),
            (InProgress, Open, false),
            (InProgress, InProgress, true),
            (InProgress, Closed, true),
            (Closed, Open, false),
            (Closed, InProgress, false),
            (Closed, Closed, true),
        ];
        for (from, to, ok) in cases {
            assert_eq!(can_transition(from, to), ok, "{from:?} → {to:?}");
        }
    }

    #[test]
    fn personal_data_sets_a_72_hour_deadline() {
        let created = Timestamp::parse_rfc3339("2026-11-23T09:00:00Z").unwrap_or(Timestamp::EPOCH);
        let deadline = report_deadline(created, true).map(Timestamp::to_rfc3339);
        assert_eq!(deadline.as_deref(), Some("2026-11-26T09:00:00.000Z"));
        assert_eq!(report_deadline(created, false), None);
    }

    #[test]
    fn raise_is_one_step_capped_at_critical() {
        let cases = [
            (Severity::Low, Severity::Medium),
            (Severity::Medium, Severity::High),
            (Severity::High, Severity::Critical),
            (Severity::Critical, Severity::Critical),
        ];
        for (from, to) in cases {
            assert_eq!(raise(from), to);
        }
    }
}
