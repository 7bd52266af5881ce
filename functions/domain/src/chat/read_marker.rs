//! Read markers only move forward: message ids sort by time (ULIDs), so a tablet that was
//! offline and reports an older position cannot make read messages unread again.

/// The marker after a client reports `reported` as read: the later of the two.
/// `None` = unchanged (nothing to write).
pub fn advance(current: Option<&str>, reported: &str) -> Option<String> {
    match current {
        Some(now) if now >= reported => None,
        _ => Some(reported.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_table() {
        let cases = [
            (None, "01B", Some("01B")),
            (Some("01A"), "01B", Some("01B")),
            (Some("01B"), "01B", None),
            (Some("01C"), "01B", None),
        ];
        for (current, reported, expected) in cases {
            assert_eq!(
                advance(current, reported).as_deref(),
                expected,
                "{current:?} ← {reported}"
            );
        }
    }
}
