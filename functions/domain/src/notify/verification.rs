//! Verification (`unverified` → `verified` by staff; `restricted` for doubtful data) and the
//! four-eyes rule on it: a person staff registered is verified by someone else, so one staff
//! member cannot both invent a resident and vouch for them.

use crate::api::notify::{RegisteredBy, Verification};

/// Why a verification decision is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerificationRefusal {
    /// 403 `four_eyes` rule `own_registration`.
    OwnRegistration,
}

impl VerificationRefusal {
    /// The problem's rule.
    pub const fn rule(self) -> &'static str {
        match self {
            Self::OwnRegistration => "own_registration",
        }
    }
}

/// The state after `staff` decides `decision` on a recipient registered by `registered_by`
/// (`registrar`: the staff account that registered them).
pub fn decide(
    decision: Verification,
    registered_by: RegisteredBy,
    registrar: Option<&str>,
    staff: &str,
) -> Result<Verification, VerificationRefusal> {
    let own = registered_by == RegisteredBy::Staff && registrar == Some(staff);
    if decision == Verification::Verified && own {
        return Err(VerificationRefusal::OwnRegistration);
    }
    Ok(decision)
}

/// The state after the person (or staff) corrects their data: a `verified` recipient whose
/// name, birth date or address changed is `unverified` again (staff verified other data).
pub fn after_correction(current: Verification, identity_changed: bool) -> Verification {
    match current {
        Verification::Verified if identity_changed => Verification::Unverified,
        other => other,
    }
}

/// Whether personal (not only public) messages may go to a recipient in this state.
pub fn receives_personal_messages(state: Verification) -> bool {
    state != Verification::Restricted
}

#[cfg(test)]
mod tests {
    use super::*;
    use Verification::{Restricted, Unverified, Verified};

    #[test]
    fn four_eyes_on_staff_registrations() {
        let own = Err(VerificationRefusal::OwnRegistration);
        let cases = [
            (Verified, RegisteredBy::Staff, Some("s1"), "s1", own),
            (
                Verified,
                RegisteredBy::Staff,
                Some("s1"),
                "s2",
                Ok(Verified),
            ),
            (
                Restricted,
                RegisteredBy::Staff,
                Some("s1"),
                "s1",
                Ok(Restricted),
            ),
            (
                Unverified,
                RegisteredBy::Staff,
                Some("s1"),
                "s1",
                Ok(Unverified),
            ),
            (
                Verified,
                RegisteredBy::SelfService,
                None,
                "s1",
                Ok(Verified),
            ),
            (Verified, RegisteredBy::Staff, None, "s1", Ok(Verified)),
        ];
        for (decision, by, registrar, staff, expected) in cases {
            assert_eq!(
                decide(decision, by, registrar, staff),
                expected,
                "{decision} {by} {staff}"
            );
        }
        assert_eq!(
            VerificationRefusal::OwnRegistration.rule(),
            "own_registration"
        );
    }

    #[test]
    fn corrections_undo_verification_only_of_identity() {
        let cases = [
            (Verified, true, Unverified),
            (Verified, false, Verified),
            (Restricted, true, Restricted),
            (Unverified, true, Unverified),
        ];
        for (current, changed, expected) in cases {
            assert_eq!(after_correction(current, changed), expected);
        }
        assert!(receives_personal_messages(Unverified));
        assert!(!receives_personal_messages(Restricted));
    }
}
