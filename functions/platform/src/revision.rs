//! Live revisions: a KV counter per object, bumped after every committed change a poller
//! shows, and used as the object's `ETag`, so an unchanged poll costs one KV read and
//! answers 304 (api.md § Live data). The council's meetings and the residents' messages'
//! progress use it.
//!
//! Bump *after* the SQLite commit: a reader that sees the new revision then also sees the new
//! data. A crash between the two leaves the revision behind until the next change.

use crate::kv::{CounterKey, Counters};
use crate::ApiError;

/// The revision counter of object `id` in `namespace` (`live-rev`, `notify-msg`).
pub struct Revision {
    key: CounterKey,
}

impl Revision {
    /// The counter of `id` in `namespace`.
    pub fn of(namespace: &str, id: &str) -> Self {
        Self {
            key: CounterKey::new(namespace, id),
        }
    }

    /// Marks the object changed; returns the new revision.
    pub fn bump(&self) -> Result<u64, ApiError> {
        let rev = Counters::open()?.increment(&self.key, 1)?;
        Ok(u64::try_from(rev).unwrap_or(0))
    }

    /// The current revision (0 before the first change).
    pub fn current(&self) -> Result<u64, ApiError> {
        let rev = Counters::open()?.current(&self.key)?;
        Ok(u64::try_from(rev).unwrap_or(0))
    }
}

/// The strong ETag of revision `rev`.
pub fn etag(rev: u64) -> String {
    format!("\"r{rev}\"")
}

/// Whether `If-None-Match` (a list of ETags, or `*`) matches `rev`.
pub fn matches(if_none_match: Option<&str>, rev: u64) -> bool {
    ratusz_domain::etag::none_match(if_none_match, &etag(rev))
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
