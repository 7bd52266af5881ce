//! Conditional requests: the one `If-None-Match` comparison every component uses.

/// Whether an `If-None-Match` header matches `etag` (weak comparison, RFC 9110 § 13.1.2:
/// `W/` prefixes are ignored, `*` matches anything, the header may list several tags).
pub fn none_match(if_none_match: Option<&str>, etag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    let ours = bare(etag);
    if_none_match.is_some_and(|header| header.split(',').map(bare).any(|t| t == "*" || t == ours))
}

/// A strong `ETag` of a body whose content alone decides it (the public news feed): the first
/// 128 bits of its SHA-256, hex, quoted.
pub fn of_content(body: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(body);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_content_tag_follows_the_content() {
        let a = of_content(b"{\"items\":[]}");
        assert_eq!(a.len(), 34);
        assert!(a.starts_with('"') && a.ends_with('"'));
        assert_eq!(a, of_content(b"{\"items\":[]}"));
        assert_ne!(a, of_content(b"{\"items\":[1]}"));
        assert!(none_match(Some(&a), &a));
    }

    #[test]
    fn if_none_match_compares_weakly() {
        let cases = [
            (Some("\"r7\""), true),
            (Some("\"r6\", W/\"r7\""), true),
            (Some("W/\"r7\""), true),
            (Some("*"), true),
            (Some("\"r6\""), false),
            (Some("\"r70\""), false),
            (Some(""), false),
            (None, false),
        ];
        for (header, expected) in cases {
            assert_eq!(none_match(header, "\"r7\""), expected, "{header:?}");
        }
    }
}
