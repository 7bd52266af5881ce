//! The validation code (kod weryfikacyjny) that binds a device: 8 digits, valid
//! `notify_code_hours` (24), stored only as an HMAC; the 5th wrong code for a recipient burns
//! it, and at most 3 codes a recipient an hour are sent (so the form cannot be used to flood
//! someone's phone, and guessing stays hopeless: 5 tries in 10⁸).

use crate::accounts::secrets::sms_code;
use crate::council::receipt::hmac_sha256;
use crate::id::Entropy;
use crate::time::Timestamp;
use crate::validate::limits::NOTIFY_CODE_LEN;

/// The code policy (settings with the specification's defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodePolicy {
    /// Hours a code stays valid (`notify_code_hours`).
    pub valid_hours: i64,
    /// Wrong codes that burn a code.
    pub wrong_limit: u32,
    /// Codes sent to one recipient per hour.
    pub sends_per_hour: u32,
}

impl Default for CodePolicy {
    fn default() -> Self {
        Self {
            valid_hours: 24,
            wrong_limit: 5,
            sends_per_hour: 3,
        }
    }
}

/// A recipient's live code, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredCode {
    /// When it stops working.
    pub expires_at: Timestamp,
    /// Wrong codes entered so far.
    pub failures: u32,
    /// Burned by too many wrong codes.
    pub burned: bool,
}

/// What entering a code does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Right and alive: bind the device, the code is used up.
    Bound,
    /// Wrong: record `failures`; `burned` when this was the last allowed.
    Wrong {
        /// Wrong codes now.
        failures: u32,
        /// The code is burned from now on.
        burned: bool,
    },
    /// Expired or burned already: nothing changes.
    Dead,
}

impl CodePolicy {
    /// When a code sent at `now` expires.
    pub fn expires_at(&self, now: Timestamp) -> Timestamp {
        now.plus_seconds(self.valid_hours.saturating_mul(3600))
    }

    /// Whether another code may go to a recipient who was sent `sent_last_hour` this hour.
    pub fn may_send(&self, sent_last_hour: u32) -> bool {
        sent_last_hour < self.sends_per_hour
    }

    /// The outcome of entering a code that `matches` (or not) the stored one.
    pub fn attempt(&self, code: StoredCode, matches: bool, now: Timestamp) -> Attempt {
        if code.burned || now >= code.expires_at {
            return Attempt::Dead;
        }
        if matches {
            return Attempt::Bound;
        }
        let failures = code.failures.saturating_add(1);
        Attempt::Wrong {
            failures,
            burned: failures >= self.wrong_limit,
        }
    }
}

/// A fresh code: 8 uniform decimal digits.
pub fn generate(entropy: &mut dyn Entropy) -> String {
    sms_code(entropy)
}

/// The code as typed, without spaces and dashes, when it is 8 digits.
pub fn normalize(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    (code.len() == NOTIFY_CODE_LEN && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

/// What is stored instead of the code: HMAC-SHA256 under the index key over the recipient
/// and the code (hex), so a copy of the database cannot be brute-forced offline without the
/// key and a code cannot be moved to another recipient.
pub fn mac(key: &[u8], recipient_id: &str, code: &str) -> String {
    let mut message = Vec::with_capacity(64);
    for part in ["notify.code", recipient_id, code] {
        message.extend_from_slice(&(part.len() as u64).to_be_bytes());
        message.extend_from_slice(part.as_bytes());
    }
    hex::encode(hmac_sha256(key, &message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::FixedEntropy;

    fn t(s: &str) -> Timestamp {
        Timestamp::parse_rfc3339(s).unwrap()
    }

    #[test]
    fn attempts() {
        let policy = CodePolicy::default();
        let sent = t("2026-12-06T10:00:00Z");
        let live = StoredCode {
            expires_at: policy.expires_at(sent),
            failures: 0,
            burned: false,
        };
        assert_eq!(live.expires_at, t("2026-12-07T10:00:00Z"));
        let before = t("2026-12-07T09:59:59Z");
        let cases = [
            (live, true, before, Attempt::Bound),
            (
                live,
                false,
                before,
                Attempt::Wrong {
                    failures: 1,
                    burned: false,
                },
            ),
            (
                StoredCode {
                    failures: 3,
                    ..live
                },
                false,
                before,
                Attempt::Wrong {
                    failures: 4,
                    burned: false,
                },
            ),
            (
                StoredCode {
                    failures: 4,
                    ..live
                },
                false,
                before,
                Attempt::Wrong {
                    failures: 5,
                    burned: true,
                },
            ),
            (
                StoredCode {
                    burned: true,
                    ..live
                },
                true,
                before,
                Attempt::Dead,
            ),
            (live, true, t("2026-12-07T10:00:00Z"), Attempt::Dead),
            (live, false, t("2026-12-08T10:00:00Z"), Attempt::Dead),
        ];
        for (code, matches, now, expected) in cases {
            assert_eq!(
                policy.attempt(code, matches, now),
                expected,
                "{code:?} {matches}"
            );
        }
    }

    #[test]
    fn three_codes_an_hour() {
        let policy = CodePolicy::default();
        let allowed: Vec<bool> = (0..5).map(|n| policy.may_send(n)).collect();
        assert_eq!(allowed, [true, true, true, false, false]);
    }

    #[test]
    fn codes_are_eight_digits_and_stored_keyed() {
        let code = generate(&mut FixedEntropy(vec![1, 2, 3, 4]));
        assert_eq!(normalize(&code), Some(code.clone()));
        for (typed, expected) in [
            ("1234 5678", Some("12345678")),
            ("1234-5678", Some("12345678")),
            ("1234567", None),
            ("123456789", None),
            ("1234567a", None),
            ("", None),
        ] {
            assert_eq!(normalize(typed).as_deref(), expected, "{typed}");
        }
        let a = mac(b"key", "r1", "12345678");
        assert_eq!(a.len(), 64);
        assert_ne!(a, mac(b"key", "r2", "12345678"));
        assert_ne!(a, mac(b"other", "r1", "12345678"));
        assert!(!a.contains("12345678"));
    }
}
