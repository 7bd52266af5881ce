//! Rules of the administrator-approved password reset (accounts.md § procedure PZO-01).

use crate::api::resets::ResetDelivery;
use crate::time::Timestamp;

/// The configurable reset limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResetPolicy {
    /// How long the e-mailed link works after approval, in seconds (72 h).
    pub link_ttl_s: i64,
    /// Wrong SMS codes that burn the token (5).
    pub max_code_attempts: u32,
}

impl Default for ResetPolicy {
    fn default() -> Self {
        Self {
            link_ttl_s: 72 * 3600,
            max_code_attempts: 5,
        }
    }
}

impl ResetPolicy {
    /// When the link of a request approved at `approved_at` stops working.
    pub fn link_expires_at(&self, approved_at: Timestamp) -> Timestamp {
        approved_at.plus_seconds(self.link_ttl_s)
    }

    /// Whether a claim at `now` is still in time.
    pub fn claim_window_open(&self, approved_at: Timestamp, now: Timestamp) -> bool {
        now < self.link_expires_at(approved_at)
    }

    /// Whether `wrong_attempts` wrong codes (this one included) burn the token: an 8-digit
    /// code with 5 tries gives a guesser one chance in 20 million.
    pub fn burns_after(&self, wrong_attempts: u32) -> bool {
        wrong_attempts >= self.max_code_attempts
    }
}

/// A step of a reset that a staff member takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetStep {
    /// `POST …/approve`: the old password stops working, the secret is issued.
    Approve,
    /// `POST …/reject`.
    Reject,
    /// `GET …/letter`: the start password is shown (once) to the caller.
    PrintLetter,
    /// `POST …/handover`: the letter is recorded as collected.
    RecordHandover,
}

/// Who has taken part in a reset so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResetParties<'a> {
    /// The account being reset.
    pub holder: &'a str,
    /// The account holds the `admin` role.
    pub holder_is_admin: bool,
    /// The signed-in person who filed the request; `None` for the public form.
    pub requester: Option<&'a str>,
    /// Who approved it, once approved.
    pub approver: Option<&'a str>,
    /// How the secret travels.
    pub delivery: ResetDelivery,
    /// Who last changed the holder's contact data (the phone the SMS code goes to; the login
    /// e-mail cannot be edited), when a staff member did; `None` when unchanged since creation.
    pub contact_changed_by: Option<&'a str>,
}

/// Which four-eyes rule refuses a step (the problem's `rule` parameter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FourEyesRule {
    /// Nobody decides a request they filed themselves.
    OwnRequest,
    /// Nobody takes a step in the reset of their own account.
    OwnAccount,
    /// Who approved a reset does not also obtain or hand out its secret (print the letter,
    /// record its handover): otherwise one person could file a request from the public form,
    /// approve it and sign in with the letter's start password.
    ApproverHandlesSecret,
    /// An administrator's account needs two distinct staff members besides its holder. With
    /// `letter` the printer is the second; with `email_sms` nobody prints, so the request must
    /// have been recorded by a signed-in staff member other than the approver.
    AdminNeedsTwoStaff,
    /// Whoever last changed the holder's contact data does not approve an `email_sms` reset:
    /// otherwise one administrator could point an account's phone at themselves, approve a
    /// public request and receive the SMS code — one of the claim's two halves — alone.
    ContactChangedByApprover,
}

crate::wire_names!(FourEyesRule {
    OwnRequest = "own_request",
    OwnAccount = "own_account",
    ApproverHandlesSecret = "approver_handles_secret",
    AdminNeedsTwoStaff = "admin_needs_two_staff",
    ContactChangedByApprover = "contact_changed_by_approver",
});

impl FourEyesRule {
    /// The English explanation (the problem's `detail`; clients translate from the rule).
    pub fn detail(self) -> &'static str {
        match self {
            FourEyesRule::OwnRequest => "A request is decided by someone other than its requester.",
            FourEyesRule::OwnAccount => "Nobody takes a step in the reset of their own account.",
            FourEyesRule::ApproverHandlesSecret => {
                "Whoever approved the request may not print the letter or record its handover; another staff member does."
            }
            FourEyesRule::AdminNeedsTwoStaff => {
                "An administrator's reset needs two staff members besides the holder: have the request recorded by a colleague, or use delivery `letter`."
            }
            FourEyesRule::ContactChangedByApprover => {
                "You last changed this account's contact data, where the SMS code goes; another staff member approves."
            }
        }
    }
}

/// Four eyes on resets (accounts.md § procedure PZO-01, issue 13): whether `actor` may take
/// `step` in the reset `parties` describe. No single staff member may alone cause a reset and
/// obtain its secret, and an administrator's reset involves two staff members besides its
/// holder. The e-mailed link and SMS code reach only the holder's registered channels, and
/// the approver is never the one who last changed them, so for `email_sms` the approver never
/// sees the secret.
pub fn four_eyes(parties: &ResetParties, step: ResetStep, actor: &str) -> Result<(), FourEyesRule> {
    if parties.holder == actor {
        return Err(FourEyesRule::OwnAccount);
    }
    match step {
        ResetStep::Approve | ResetStep::Reject if parties.requester == Some(actor) => {
            Err(FourEyesRule::OwnRequest)
        }
        ResetStep::Approve
            if parties.delivery == ResetDelivery::EmailSms
                && parties.contact_changed_by == Some(actor) =>
        {
            Err(FourEyesRule::ContactChangedByApprover)
        }
        ResetStep::Approve if parties.holder_is_admin && !second_staff_for_admin(parties) => {
            Err(FourEyesRule::AdminNeedsTwoStaff)
        }
        ResetStep::PrintLetter | ResetStep::RecordHandover if parties.approver == Some(actor) => {
            Err(FourEyesRule::ApproverHandlesSecret)
        }
        _ => Ok(()),
    }
}

/// Whether someone besides the approver and the holder will take part: the letter's printer
/// (always another person, by [`FourEyesRule::ApproverHandlesSecret`]), or for `email_sms` a
/// staff requester who is not the holder (the approver is never the requester).
fn second_staff_for_admin(parties: &ResetParties) -> bool {
    match parties.delivery {
        ResetDelivery::Letter => true,
        ResetDelivery::EmailSms => parties.requester.is_some_and(|r| r != parties.holder),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600_000;

    #[test]
    fn the_link_works_for_72_hours() {
        let p = ResetPolicy::default();
        let approved = Timestamp::from_unix_ms(1_795_425_875_000);
        let cases = [
            (-HOUR, true),
            (0, true),
            (71 * HOUR, true),
            (72 * HOUR - 1, true),
            (72 * HOUR, false),
            (1_000 * HOUR, false),
        ];
        for (offset, open) in cases {
            assert_eq!(
                p.claim_window_open(approved, approved.plus_ms(offset)),
                open,
                "{offset}"
            );
        }
        assert_eq!(p.link_expires_at(approved), approved.plus_ms(72 * HOUR));
    }

    #[test]
    fn the_fifth_wrong_code_burns_the_token() {
        let p = ResetPolicy::default();
        let burned: Vec<bool> = (0..=6).map(|n| p.burns_after(n)).collect();
        assert_eq!(burned, [false, false, false, false, false, true, true]);
    }

    const H: &str = "holder";
    const S: &str = "support-1";
    const T: &str = "support-2";
    const D: &str = "director-7";

    fn parties(
        admin: bool,
        requester: Option<&'static str>,
        approver: Option<&'static str>,
        delivery: ResetDelivery,
        contact_changed_by: Option<&'static str>,
    ) -> ResetParties<'static> {
        ResetParties {
            holder: H,
            holder_is_admin: admin,
            requester,
            approver,
            delivery,
            contact_changed_by,
        }
    }

    /// Holder is admin, requester, approver, delivery, step, actor, expected.
    type Case = (
        bool,
        Option<&'static str>,
        Option<&'static str>,
        ResetDelivery,
        ResetStep,
        &'static str,
        Result<(), FourEyesRule>,
    );

    #[test]
    fn four_eyes_on_every_path_of_a_reset() {
        use FourEyesRule::*;
        use ResetDelivery::{EmailSms as Sms, Letter};
        use ResetStep::*;
        #[rustfmt::skip]
        let cases: &[Case] = &[
            // Public form (the attack of issue 13: one support worker files, approves, prints).
            (false, None, None, Letter, Approve, S, Ok(())),
            (false, None, Some(S), Letter, PrintLetter, S, Err(ApproverHandlesSecret)),
            (false, None, Some(S), Letter, RecordHandover, S, Err(ApproverHandlesSecret)),
            (false, None, Some(S), Letter, PrintLetter, T, Ok(())),
            (false, None, Some(S), Letter, RecordHandover, T, Ok(())),
            (false, None, None, Sms, Approve, S, Ok(())),
            (false, None, None, Sms, Reject, S, Ok(())),
            // An administrator's account from the public form.
            (true, None, None, Letter, Approve, S, Ok(())),
            (true, None, Some(S), Letter, PrintLetter, S, Err(ApproverHandlesSecret)),
            (true, None, Some(S), Letter, PrintLetter, T, Ok(())),
            (true, None, None, Sms, Approve, S, Err(AdminNeedsTwoStaff)),
            (true, None, None, Sms, Reject, S, Ok(())),
            // Staff recorded the request in person.
            (false, Some(S), None, Letter, Approve, S, Err(OwnRequest)),
            (false, Some(S), None, Letter, Reject, S, Err(OwnRequest)),
            (false, Some(S), None, Letter, Approve, T, Ok(())),
            (false, Some(S), Some(T), Letter, PrintLetter, S, Ok(())),
            (false, Some(S), Some(T), Letter, PrintLetter, T, Err(ApproverHandlesSecret)),
            (true, Some(S), None, Sms, Approve, T, Ok(())),
            (true, Some(S), None, Sms, Approve, S, Err(OwnRequest)),
            // The holder is staff and recorded their own request: it does not count as a
            // second person for an administrator.
            (false, Some(H), None, Sms, Approve, S, Ok(())),
            (true, Some(H), None, Sms, Approve, S, Err(AdminNeedsTwoStaff)),
            (true, Some(H), None, Letter, Approve, S, Ok(())),
            // The holder never takes a step in their own reset.
            (false, None, None, Letter, Approve, H, Err(OwnAccount)),
            (false, Some(S), None, Sms, Reject, H, Err(OwnAccount)),
            (false, None, Some(S), Letter, PrintLetter, H, Err(OwnAccount)),
            (true, None, Some(S), Letter, RecordHandover, H, Err(OwnAccount)),
            // A director's request for an account of their unit.
            (false, Some(D), None, Letter, Approve, D, Err(OwnRequest)),
            (false, Some(D), None, Letter, Approve, S, Ok(())),
            (false, Some(D), Some(S), Letter, PrintLetter, S, Err(ApproverHandlesSecret)),
            (false, Some(D), Some(S), Letter, PrintLetter, T, Ok(())),
            (true, Some(D), None, Sms, Approve, S, Ok(())),
        ];
        for &(admin, requester, approver, delivery, step, actor, expected) in cases {
            assert_eq!(
                four_eyes(&parties(admin, requester, approver, delivery, None), step, actor),
                expected,
                "admin={admin} requester={requester:?} approver={approver:?} {delivery:?} {step:?} by {actor}"
            );
        }
    }

    /// Holder is admin, requester, delivery, who last changed the contact data, step, actor,
    /// expected (nothing approved yet).
    type ContactCase = (
        bool,
        Option<&'static str>,
        ResetDelivery,
        Option<&'static str>,
        ResetStep,
        &'static str,
        Result<(), FourEyesRule>,
    );

    #[test]
    fn whoever_changed_the_contact_data_does_not_approve_an_email_sms_reset() {
        use FourEyesRule::*;
        use ResetDelivery::{EmailSms as Sms, Letter};
        use ResetStep::*;
        #[rustfmt::skip]
        let cases: &[ContactCase] = &[
            // The attack: an administrator points the phone at themselves, a public request
            // follows, and they approve it.
            (false, None, Sms, Some(S), Approve, S, Err(ContactChangedByApprover)),
            // Another staff member approves (the second pair of eyes), or rejects it.
            (false, None, Sms, Some(S), Approve, T, Ok(())),
            (false, None, Sms, Some(S), Reject, S, Ok(())),
            // Unchanged since creation, or changed by someone else.
            (false, None, Sms, None, Approve, S, Ok(())),
            (false, None, Sms, Some(T), Approve, S, Ok(())),
            // A letter travels through no contact data: the printer is the second person.
            (false, None, Letter, Some(S), Approve, S, Ok(())),
            // The contact changer recorded the request in person: someone else decides anyway,
            // and that approver is the second person.
            (false, Some(S), Sms, Some(S), Approve, T, Ok(())),
            (false, Some(S), Sms, Some(S), Approve, S, Err(OwnRequest)),
            // Recorded by one colleague, the contact changed by the would-be approver.
            (false, Some(D), Sms, Some(S), Approve, S, Err(ContactChangedByApprover)),
            // An administrator's account: recorded by a colleague, still not the changer.
            (true, Some(T), Sms, Some(S), Approve, S, Err(ContactChangedByApprover)),
            (true, Some(T), Sms, Some(S), Approve, D, Ok(())),
            (true, None, Sms, Some(S), Approve, S, Err(ContactChangedByApprover)),
            (true, None, Sms, Some(S), Approve, T, Err(AdminNeedsTwoStaff)),
            // The holder changed it (an administrator's own phone): own account first.
            (true, Some(T), Sms, Some(H), Approve, H, Err(OwnAccount)),
            (true, Some(T), Sms, Some(H), Approve, S, Ok(())),
        ];
        for &(admin, requester, delivery, changed_by, step, actor, expected) in cases {
            assert_eq!(
                four_eyes(&parties(admin, requester, None, delivery, changed_by), step, actor),
                expected,
                "admin={admin} requester={requester:?} {delivery:?} changed by {changed_by:?} {step:?} by {actor}"
            );
        }
    }

    #[test]
    fn rule_names_are_stable() {
        let names: Vec<&str> = FourEyesRule::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(
            names,
            [
                "own_request",
                "own_account",
                "approver_handles_secret",
                "admin_needs_two_staff",
                "contact_changed_by_approver"
            ]
        );
        crate::wire::assert_serde_matches(
            FourEyesRule::ALL,
            FourEyesRule::as_str,
            FourEyesRule::parse,
        );
    }
}
