//! What a push service's answer means for the sender (RFC 8030 §5–§8).

use std::fmt;

/// RFC 8030 §5.3 `Urgency`: how soon the user agent should be woken for the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    /// On power and Wi-Fi only.
    VeryLow,
    /// On power or Wi-Fi.
    Low,
    /// On neither.
    Normal,
    /// Even on low battery (a direct message, a mention).
    High,
}

crate::wire_names!(Urgency {
    VeryLow = "very-low",
    Low = "low",
    Normal = "normal",
    High = "high",
});

/// The outcome of one POST to a push service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// 201 (or 202): the push service took the message.
    Delivered,
    /// 404 or 410: the subscription has expired or been revoked; the caller removes it.
    Gone,
    /// 429, a 5xx or no answer: try again later, not before `after_s` seconds when the
    /// service said so (`Retry-After`).
    Retry {
        /// `Retry-After` in seconds, when given as delta-seconds.
        after_s: Option<u64>,
    },
    /// Any other answer (400 bad request, 403 VAPID refused, 413 too large): sending the same
    /// message again would get the same answer, so it is reported, not retried, and the
    /// subscription stays (the fault is ours, not the browser's).
    Refused {
        /// The status the push service answered.
        status: u16,
    },
}

impl Delivery {
    /// Classifies a push service's status and `Retry-After` header.
    pub fn from_response(status: u16, retry_after: Option<&str>) -> Self {
        match status {
            200..=299 => Self::Delivered,
            404 | 410 => Self::Gone,
            429 | 500..=599 => Self::Retry {
                after_s: retry_after.and_then(parse_retry_after),
            },
            status => Self::Refused { status },
        }
    }

    /// No answer at all (connection refused, timeout): retry.
    pub const NETWORK_FAILURE: Self = Self::Retry { after_s: None };
}

impl fmt::Display for Delivery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Delivered => f.write_str("delivered"),
            Self::Gone => f.write_str("gone"),
            Self::Retry { after_s: Some(s) } => write!(f, "retry after {s} s"),
            Self::Retry { after_s: None } => f.write_str("retry"),
            Self::Refused { status } => write!(f, "refused ({status})"),
        }
    }
}

/// `Retry-After` as delta-seconds (RFC 9110 §10.2.3); an HTTP-date is left to the caller's
/// backoff (push services send seconds), and nonsense is ignored.
fn parse_retry_after(value: &str) -> Option<u64> {
    let value = value.trim();
    if value.is_empty() || value.len() > 10 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    value.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_to_outcomes() {
        let retry = |after_s| Delivery::Retry { after_s };
        let cases: &[(u16, Option<&str>, Delivery)] = &[
            (201, None, Delivery::Delivered),
            (202, None, Delivery::Delivered),
            (404, None, Delivery::Gone),
            (410, Some("30"), Delivery::Gone),
            (429, Some("30"), retry(Some(30))),
            (429, Some(" 120 "), retry(Some(120))),
            (429, Some("Fri, 31 Dec 1999 23:59:59 GMT"), retry(None)),
            (429, Some("-5"), retry(None)),
            (429, Some("99999999999999999999"), retry(None)),
            (500, None, retry(None)),
            (503, Some("7"), retry(Some(7))),
            (400, None, Delivery::Refused { status: 400 }),
            (403, None, Delivery::Refused { status: 403 }),
            (413, None, Delivery::Refused { status: 413 }),
            (301, None, Delivery::Refused { status: 301 }),
        ];
        for (status, retry_after, expected) in cases {
            assert_eq!(
                Delivery::from_response(*status, *retry_after),
                *expected,
                "{status}"
            );
        }
    }

    #[test]
    fn urgency_wire_names_are_rfc_8030s() {
        let names: Vec<&str> = Urgency::ALL.iter().map(|u| u.as_str()).collect();
        assert_eq!(names, ["very-low", "low", "normal", "high"]);
        assert_eq!(Urgency::parse("urgent"), None);
    }
}
