//! Rules of the administrator-approved password reset (accounts.md § procedure PZO-01).

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

/// Four eyes: whether `decider` may approve or reject a request made by `requester` (`None`
/// when the holder asked without signing in). Nobody decides their own request.
pub fn may_decide(requester: Option<&str>, decider: &str) -> bool {
    requester != Some(decider)
}

/// [`may_decide`], and the decider is not the holder of the account being reset either
/// (otherwise a support worker could reset their own account through a self-service request).
pub fn may_decide_for_account(requester: Option<&str>, account: &str, decider: &str) -> bool {
    may_decide(requester, decider) && account != decider
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

    #[test]
    fn nobody_decides_their_own_request() {
        let cases = [
            (None, "support-1", true),
            (Some("director-7"), "support-1", true),
            (Some("support-1"), "support-1", false),
            (Some("support-1"), "admin-1", true),
        ];
        for (requester, decider, ok) in cases {
            assert_eq!(
                may_decide(requester, decider),
                ok,
                "{requester:?} {decider}"
            );
        }
        let cases = [
            (None, "clerk-3", "support-1", true),
            (None, "support-1", "support-1", false),
            (Some("admin-1"), "support-1", "support-1", false),
            (Some("support-1"), "clerk-3", "support-1", false),
            (Some("director-7"), "clerk-3", "admin-1", true),
        ];
        for (requester, account, decider, ok) in cases {
            assert_eq!(
                may_decide_for_account(requester, account, decider),
                ok,
                "{requester:?} {account} {decider}"
            );
        }
    }
}
