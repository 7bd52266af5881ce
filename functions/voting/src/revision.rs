//! The live revision of a meeting (the platform's [`ratusz_platform::revision`]): bumped after
//! every committed change that a tablet or the chamber screen shows; it is the `ETag` of the
//! live documents, so a poll of an unchanged meeting costs one KV read and answers 304.

use ratusz_platform::revision::{self, Revision};
use ratusz_platform::ApiError;

fn counter(session_id: &str) -> Revision {
    Revision::of("live-rev", session_id)
}

/// Marks meeting `session_id` as changed; returns the new revision.
pub fn bump(session_id: &str) -> Result<u64, ApiError> {
    counter(session_id).bump()
}

/// The current revision (0 before the first change).
pub fn current(session_id: &str) -> Result<u64, ApiError> {
    counter(session_id).current()
}

/// The strong ETag of revision `rev`.
pub fn etag(rev: u64) -> String {
    revision::etag(rev)
}

/// Whether `If-None-Match` (a list of ETags, or `*`) matches `rev`.
pub fn matches(if_none_match: Option<&str>, rev: u64) -> bool {
    revision::matches(if_none_match, rev)
}
