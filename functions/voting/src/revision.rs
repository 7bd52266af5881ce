//! The live revision of a meeting: a KV counter bumped after every committed change that a
//! tablet or the chamber screen shows. It is the `ETag` of the live documents, so a poll of an
//! unchanged meeting costs one KV read and answers 304.
//!
//! Bump *after* the SQLite commit: a reader that sees the new revision then also sees the
//! new data. A crash between the two leaves the revision behind until the next change.

use ratusz_platform::kv::{CounterKey, Counters};
use ratusz_platform::ApiError;

fn key(session_id: &str) -> CounterKey {
    CounterKey::new("live-rev", session_id)
}

/// Marks meeting `session_id` as changed; returns the new revision.
pub fn bump(session_id: &str) -> Result<u64, ApiError> {
    let rev = Counters::open()?.increment(&key(session_id), 1)?;
    Ok(u64::try_from(rev).unwrap_or(0))
}

/// The current revision (0 before the first change).
pub fn current(session_id: &str) -> Result<u64, ApiError> {
    let rev = Counters::open()?.current(&key(session_id))?;
    Ok(u64::try_from(rev).unwrap_or(0))
}

/// The strong ETag of revision `rev`.
pub fn etag(rev: u64) -> String {
    format!("\"r{rev}\"")
}

/// Whether `If-None-Match` (a list of ETags, or `*`) matches `rev`.
pub fn matches(if_none_match: Option<&str>, rev: u64) -> bool {
    ratusz_platform::response::none_match(if_none_match, &etag(rev))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_compares_revisions() {
        assert!(matches(Some("\"r7\""), 7));
        assert!(matches(Some("\"r6\", W/\"r7\""), 7));
        assert!(matches(Some("*"), 7));
        assert!(!matches(Some("\"r6\""), 7));
        assert!(!matches(None, 7));
        assert!(!matches(Some("\"r70\""), 7));
    }
}
