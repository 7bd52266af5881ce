//! `Idempotency-Key` (api.md § Idempotency): a repeated creating request returns the first
//! result instead of acting twice — a tablet on flaky Wi-Fi retrying "cast vote" must not
//! cast two votes, nor get an error for the vote it did cast.
//!
//! The rule is pure: fingerprint the request, compare with what was stored under the key.

use crate::validate::limits::IDEMPOTENCY_KEY_MAX;
use sha2::{Digest, Sha256};

/// The header clients send.
pub const HEADER: &str = "idempotency-key";

/// How long a key is remembered (council.md: at least 24 h).
pub const RETENTION_MS: i64 = 24 * 60 * 60 * 1000;

/// The first answer given under a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnswer {
    /// Fingerprint of the request that produced it.
    pub fingerprint: String,
    /// Its status.
    pub status: u16,
    /// Its `Content-Type`.
    pub content_type: String,
    /// Its body.
    pub body: Vec<u8>,
}

/// What to do with a request that carries a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replay<'a> {
    /// First time: act, then store the answer.
    Fresh,
    /// Same request again: send the stored answer.
    Repeat(&'a StoredAnswer),
    /// Same key, different request: refuse (422 `idempotency_mismatch`).
    Mismatch,
}

/// Why a key is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError;

/// Accepts 1..=[`IDEMPOTENCY_KEY_MAX`] visible ASCII characters (UUIDs, ULIDs, anything a
/// client generates) — the limit the OpenAPI document publishes.
pub fn validate_key(key: &str) -> Result<&str, KeyError> {
    let ok = !key.is_empty()
        && key.len() <= IDEMPOTENCY_KEY_MAX
        && key.bytes().all(|b| b.is_ascii_graphic());
    if ok {
        Ok(key)
    } else {
        Err(KeyError)
    }
}

/// Lowercase hex SHA-256 over method, path and body (length-prefixed, so no two requests
/// share a fingerprint by shifting bytes between fields).
pub fn fingerprint(method: &str, path: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    for part in [method.as_bytes(), path.as_bytes(), body] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part);
    }
    hex::encode(h.finalize())
}

/// Decides from the answer stored under the key (if any) and this request's fingerprint.
pub fn decide<'a>(stored: Option<&'a StoredAnswer>, fingerprint: &str) -> Replay<'a> {
    match stored {
        None => Replay::Fresh,
        Some(s) if s.fingerprint == fingerprint => Replay::Repeat(s),
        Some(_) => Replay::Mismatch,
    }
}

/// Whether an answer is worth keeping: successes only, so a client may retry after an error.
pub fn should_store(status: u16) -> bool {
    (200..300).contains(&status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decide_table() {
        let fp = fingerprint(
            "POST",
            "/api/sessions/S/polls/P/votes",
            br#"{"choice":"for"}"#,
        );
        let other = fingerprint(
            "POST",
            "/api/sessions/S/polls/P/votes",
            br#"{"choice":"against"}"#,
        );
        let stored = StoredAnswer {
            fingerprint: fp.clone(),
            status: 201,
            content_type: "application/json".into(),
            body: b"{}".to_vec(),
        };
        assert_eq!(decide(None, &fp), Replay::Fresh);
        assert_eq!(decide(Some(&stored), &fp), Replay::Repeat(&stored));
        assert_eq!(decide(Some(&stored), &other), Replay::Mismatch);
    }

    #[test]
    fn fingerprint_separates_fields() {
        assert_ne!(
            fingerprint("POST", "/ab", b"c"),
            fingerprint("POST", "/a", b"bc")
        );
        assert_eq!(fingerprint("POST", "/a", b"x").len(), 64);
    }

    #[test]
    fn key_table() {
        for (key, ok) in [
            ("01JDA3Y8T5C0Q9W6M2V4R7X1ZB", true),
            ("", false),
            ("a b", false),
            ("ł", false),
            (&"k".repeat(256), false),
            (&"k".repeat(IDEMPOTENCY_KEY_MAX), true),
            (&"k".repeat(IDEMPOTENCY_KEY_MAX + 1), false),
        ] {
            assert_eq!(validate_key(key).is_ok(), ok, "{key:?}");
        }
    }

    #[test]
    fn only_successes_are_stored() {
        assert!(should_store(201) && should_store(200));
        assert!(!should_store(409) && !should_store(500));
    }
}
