//! Erasure through staff takes two people (docs/api/notifications.md § Staff): one
//! `notifier_admin` asks with a reason, another confirms, so no single staff member can make a
//! resident disappear from the registry. Either of them may withdraw a pending request.

use crate::validate::{self, limits, Invalid};

/// The reason of the request a staff-recorded withdrawal of consent opens in that staff
/// member's name (sealed as any reason): the withdrawal is the resident's, told in the office,
/// and a second person confirms the erasure as for any other request.
pub const CONSENT_WITHDRAWN_REASON: &str = "Wycofanie zgody zgłoszone w urzędzie";

/// The code of that reason in the audit chain (as the tick's `recipient.erased` has it).
pub const CONSENT_WITHDRAWN_CODE: &str = "consent_withdrawn";

/// Why a confirmation is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErasureRefusal {
    /// 403 `four_eyes` rule `own_request`: the requester cannot confirm their own request.
    OwnRequest,
}

impl ErasureRefusal {
    /// The problem's rule.
    pub const fn rule(self) -> &'static str {
        match self {
            Self::OwnRequest => "own_request",
        }
    }
}

/// The reason of a request: required, free text ≤ [`limits::REASON_MAX`] (sealed at rest:
/// staff may write personal details in it).
pub fn reason(text: &str) -> Result<String, Invalid> {
    validate::long_text(text, limits::REASON_MAX)
}

/// Whether `staff` may confirm a request made by `requested_by`.
pub fn confirm(requested_by: &str, staff: &str) -> Result<(), ErasureRefusal> {
    if requested_by == staff {
        return Err(ErasureRefusal::OwnRequest);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::FieldCode;

    #[test]
    fn a_second_person_confirms() {
        let cases = [
            ("s1", "s1", Err(ErasureRefusal::OwnRequest)),
            ("s1", "s2", Ok(())),
            ("s2", "s1", Ok(())),
        ];
        for (requested_by, staff, expected) in cases {
            assert_eq!(
                confirm(requested_by, staff),
                expected,
                "{requested_by} {staff}"
            );
        }
        assert_eq!(ErasureRefusal::OwnRequest.rule(), "own_request");
    }

    #[test]
    fn reasons_are_required_and_bounded() {
        assert_eq!(
            reason("  Wniosek z 6.12.\nPodpisany. ").unwrap(),
            "Wniosek z 6.12.\nPodpisany."
        );
        assert_eq!(reason("   ").unwrap_err().code, FieldCode::Required);
        let long = "x".repeat(limits::REASON_MAX + 1);
        assert_eq!(reason(&long).unwrap_err().code, FieldCode::TooLong);
        assert!(reason(&"x".repeat(limits::REASON_MAX)).is_ok());
        // the fixed reason of a staff-recorded withdrawal passes the same rule
        assert_eq!(
            reason(CONSENT_WITHDRAWN_REASON).as_deref(),
            Ok(CONSENT_WITHDRAWN_REASON)
        );
    }
}
