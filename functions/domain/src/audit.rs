//! The audit chain: an append-only, hash-linked log of security- and legally-relevant actions.
//!
//! Each entry's `hash = hex(SHA-256(prev_hash ‖ canonical JSON of the entry without `hash`))`,
//! so changing, removing or reordering any stored row breaks every hash after it. Anyone with
//! an export can recompute the chain with [`verify`]; nothing here does I/O.

pub mod checkpoint;
pub mod export;

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// `prev_hash` of the first entry: 64 zeros.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One link of the chain, as stored and as exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AuditEntry {
    /// Position in the chain, from 1, without gaps.
    pub seq: u64,
    /// When the action happened.
    pub at: Timestamp,
    /// Who did it (a user id, `system`, or `anonymous:<address>`).
    pub actor: String,
    /// What was done (`auth.login_failed`, `poll.closed`, …).
    pub action: String,
    /// What it was done to (`user:<id>`, `poll:<id>`, or empty).
    pub object: String,
    /// Details of the action (never a password or token).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: Value,
    /// `hash` of the previous entry ([`GENESIS_HASH`] for the first).
    pub prev_hash: String,
    /// Lowercase hex SHA-256 over `prev_hash` and this entry's canonical JSON.
    pub hash: String,
}

/// An action about to be recorded (the chain fills in `seq`, `prev_hash` and `hash`).
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    /// Who did it.
    pub actor: String,
    /// What was done.
    pub action: String,
    /// What it was done to.
    pub object: String,
    /// Details.
    pub data: Value,
}

impl AuditEvent {
    /// An event with no details.
    pub fn new(
        actor: impl Into<String>,
        action: impl Into<String>,
        object: impl Into<String>,
    ) -> Self {
        Self {
            actor: actor.into(),
            action: action.into(),
            object: object.into(),
            data: Value::Object(serde_json::Map::new()),
        }
    }

    /// Adds details.
    pub fn with_data(mut self, data: Value) -> Self {
        self.data = data;
        self
    }
}

/// The end of the chain that a new entry links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    /// `seq` of the last entry (0 for an empty chain).
    pub seq: u64,
    /// `hash` of the last entry ([`GENESIS_HASH`] for an empty chain).
    pub hash: String,
}

impl ChainHead {
    /// The head of an empty chain.
    pub fn genesis() -> Self {
        Self {
            seq: 0,
            hash: GENESIS_HASH.to_owned(),
        }
    }
}

impl From<&AuditEntry> for ChainHead {
    fn from(entry: &AuditEntry) -> Self {
        Self {
            seq: entry.seq,
            hash: entry.hash.clone(),
        }
    }
}

/// Result of recomputing the chain (`GET /api/audit/verify`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditVerification {
    /// Whether every entry links to the one before and its hash recomputes.
    pub valid: bool,
    /// How many entries were checked.
    pub entries: u64,
    /// `hash` of the last entry as stored ([`GENESIS_HASH`] when empty).
    pub head_hash: String,
    /// `seq` of the first entry that does not verify, when not valid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_broken_seq: Option<u64>,
    /// How the chain compares with the signed checkpoints (the server always fills it in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkpoints: Option<export::CheckpointAgreement>,
}

/// Builds the entry that follows `head`.
pub fn append(head: &ChainHead, at: Timestamp, event: AuditEvent) -> AuditEntry {
    let mut entry = AuditEntry {
        seq: head.seq + 1,
        at,
        actor: event.actor,
        action: event.action,
        object: event.object,
        data: event.data,
        prev_hash: head.hash.clone(),
        hash: String::new(),
    };
    entry.hash = entry_hash(&entry);
    entry
}

/// The hash an entry must carry, computed from its other fields.
pub fn entry_hash(entry: &AuditEntry) -> String {
    let mut hasher = Sha256::new();
    hasher.update(entry.prev_hash.as_bytes());
    hasher.update(canonical_body(entry).as_bytes());
    hex::encode(hasher.finalize())
}

/// The canonical JSON of `entry` without its `hash`, the bytes the hash covers.
pub fn canonical_body(entry: &AuditEntry) -> String {
    let mut body = serde_json::Map::new();
    body.insert("seq".into(), Value::from(entry.seq));
    body.insert("at".into(), Value::from(entry.at.to_rfc3339()));
    body.insert("actor".into(), Value::from(entry.actor.as_str()));
    body.insert("action".into(), Value::from(entry.action.as_str()));
    body.insert("object".into(), Value::from(entry.object.as_str()));
    body.insert("data".into(), entry.data.clone());
    body.insert("prev_hash".into(), Value::from(entry.prev_hash.as_str()));
    canonical_json(&Value::Object(body))
}

/// Canonical JSON: object keys sorted by their UTF-8 bytes, no insignificant whitespace,
/// strings escaped as `serde_json` does. Independent of `serde_json`'s map ordering feature.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::from(key.as_str()).to_string());
                out.push(':');
                if let Some(v) = map.get(key) {
                    write_canonical(v, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// Recomputes a chain given in `seq` order from its first entry.
pub fn verify(entries: &[AuditEntry]) -> AuditVerification {
    let mut verifier = ChainVerifier::new();
    entries.iter().for_each(|e| verifier.push(e));
    verifier.finish()
}

/// Verifies a chain fed one entry at a time (for a log too large to hold in memory).
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    head: ChainHead,
    entries: u64,
    last_hash: String,
    first_broken_seq: Option<u64>,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self::new()
    }
}

impl ChainVerifier {
    /// A verifier at the start of the chain.
    pub fn new() -> Self {
        Self {
            head: ChainHead::genesis(),
            entries: 0,
            last_hash: GENESIS_HASH.to_owned(),
            first_broken_seq: None,
        }
    }

    /// Checks the next entry (in `seq` order). After the first break, entries are only counted.
    pub fn push(&mut self, entry: &AuditEntry) {
        self.entries += 1;
        self.last_hash.clone_from(&entry.hash);
        if self.first_broken_seq.is_some() {
            return;
        }
        let linked = entry.seq == self.head.seq + 1 && entry.prev_hash == self.head.hash;
        if linked && entry_hash(entry) == entry.hash {
            self.head = ChainHead::from(entry);
        } else {
            self.first_broken_seq = Some(entry.seq);
        }
    }

    /// The verdict over everything pushed.
    pub fn finish(self) -> AuditVerification {
        AuditVerification {
            valid: self.first_broken_seq.is_none(),
            entries: self.entries,
            head_hash: self.last_hash,
            first_broken_seq: self.first_broken_seq,
            checkpoints: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn chain(n: u64) -> Vec<AuditEntry> {
        let mut head = ChainHead::genesis();
        let mut out = Vec::new();
        for i in 0..n {
            let at = Timestamp::from_unix_ms(1_700_000_000_000 + i as i64 * 1000);
            let event = AuditEvent::new("user:1", "auth.login", format!("user:{i}"))
                .with_data(json!({"z": 1, "a": [true, null, "ł"], "m": {"y": 2, "b": 1.5}}));
            let entry = append(&head, at, event);
            head = ChainHead::from(&entry);
            out.push(entry);
        }
        out
    }

    #[test]
    fn canonical_json_sorts_keys_and_drops_whitespace() {
        let v = json!({"b": 1, "a": {"d": [1, 2], "c": "x\"y"}, "A": null});
        assert_eq!(
            canonical_json(&v),
            r#"{"A":null,"a":{"c":"x\"y","d":[1,2]},"b":1}"#
        );
    }

    #[test]
    fn hash_covers_prev_hash_and_canonical_body() {
        let entry = &chain(1)[0];
        assert_eq!(entry.prev_hash, GENESIS_HASH);
        let body = canonical_body(entry);
        assert!(
            body.starts_with(
                r#"{"action":"auth.login","actor":"user:1","at":"2023-11-14T22:13:20.000Z""#
            ),
            "{body}"
        );
        let mut h = Sha256::new();
        h.update(GENESIS_HASH.as_bytes());
        h.update(body.as_bytes());
        assert_eq!(entry.hash, hex::encode(h.finalize()));
        assert_eq!(entry.hash.len(), 64);
    }

    #[test]
    fn verify_table() {
        let good = chain(4);
        let tampered_data = {
            let mut c = good.clone();
            c[2].data = json!({"z": 2});
            c
        };
        let tampered_actor_rehashed = {
            // An attacker who recomputes the row's own hash still breaks the next link.
            let mut c = good.clone();
            c[1].actor = "user:evil".into();
            c[1].hash = entry_hash(&c[1]);
            c
        };
        let removed = {
            let mut c = good.clone();
            c.remove(1);
            c
        };
        let reordered = {
            let mut c = good.clone();
            c.swap(1, 2);
            c
        };
        let bad_first_prev = {
            let mut c = chain(1);
            c[0].prev_hash = "ff".repeat(32);
            c
        };
        let cases: Vec<(&str, Vec<AuditEntry>, bool, Option<u64>)> = vec![
            ("empty chain", vec![], true, None),
            ("intact chain", good.clone(), true, None),
            ("tampered data", tampered_data, false, Some(3)),
            (
                "tampered and rehashed row",
                tampered_actor_rehashed,
                false,
                Some(3),
            ),
            ("row removed", removed, false, Some(3)),
            ("rows reordered", reordered, false, Some(3)),
            (
                "first entry not from genesis",
                bad_first_prev,
                false,
                Some(1),
            ),
        ];
        for (name, entries, valid, broken) in cases {
            let report = verify(&entries);
            assert_eq!(report.valid, valid, "{name}");
            assert_eq!(report.first_broken_seq, broken, "{name}");
            assert_eq!(report.entries, entries.len() as u64, "{name}");
        }
        assert_eq!(verify(&good).head_hash, good[3].hash);
        assert_eq!(verify(&[]).head_hash, GENESIS_HASH);
    }

    #[test]
    fn data_key_order_does_not_change_the_hash() {
        let head = ChainHead::genesis();
        let at = Timestamp::EPOCH;
        let a = append(
            &head,
            at,
            AuditEvent::new("s", "x", "").with_data(json!({"a": 1, "b": 2})),
        );
        let b = append(
            &head,
            at,
            AuditEvent::new("s", "x", "").with_data(json!({"b": 2, "a": 1})),
        );
        assert_eq!(a.hash, b.hash);
    }

    #[test]
    fn verification_serialises_without_absent_broken_seq() {
        let json = serde_json::to_value(verify(&chain(2))).unwrap_or_default();
        assert_eq!(json["valid"], true);
        assert!(json.get("first_broken_seq").is_none());
    }
}
