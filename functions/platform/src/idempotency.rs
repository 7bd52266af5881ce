//! `Idempotency-Key` over table `idempotency_keys`: the check, the action and the stored
//! answer commit in one transaction, so two retries racing each other cannot both act.
//!
//! Nothing readable at rest: a stored answer can hold what must not be linked to its caller
//! (a secret ballot's choice and receipt, under the voter's scope). So the row keeps only a
//! hash of the key, and the answer and the request's fingerprint are sealed
//! ([`crate::sealed`]) under a key derived from the scope and the client's `Idempotency-Key`,
//! which the server never stores: only the client that sent the key can have its answer
//! replayed, and a SELECT (or a stolen backup) shows who called, never what was answered.
//! The sealed plaintext is padded to a multiple of [`PAD`] bytes, so its length does not
//! tell `for` from `against` either.

use crate::db::Value;
use crate::db::{self, Db, DbError};
use crate::request::ApiRequest;
use crate::runtime::HostEntropy;
use crate::sealed::Keyring;
use crate::ApiError;
use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use ratusz_domain::idempotency::{self, Replay, StoredAnswer};
use ratusz_domain::time::Timestamp;
use sha2::{Digest, Sha256};
use spin_sdk::http::Response;

/// Sealed answers are padded to a multiple of this many bytes.
const PAD: usize = 512;
/// What a sealed answer is for (the associated data, with the key's hash).
const SEAL_PURPOSE: &str = "idempotency.answer";

/// Runs `act` at most once per (`scope`, key). `scope` names the caller and the endpoint
/// (`user:<id> POST /api/sessions/:id/polls/:pid/votes`). Without the header, `act` just runs
/// (in a transaction). A repeat gets the first answer; the same key with another body gets
/// 422 `idempotency_mismatch`.
pub fn run(
    db: &Db,
    req: &ApiRequest,
    scope: &str,
    now: Timestamp,
    act: impl FnOnce(&Db) -> Result<Response, ApiError>,
) -> Result<Response, ApiError> {
    let Some(raw_key) = req.header(idempotency::HEADER) else {
        return db.transaction(act);
    };
    let key = idempotency::validate_key(raw_key.trim())
        .map_err(|_| {
            ApiError::BadRequest(format!(
                "Idempotency-Key must be 1–{} visible ASCII characters.",
                ratusz_domain::validate::limits::IDEMPOTENCY_KEY_MAX
            ))
        })?
        .to_owned();
    let fingerprint = idempotency::fingerprint(&req.method, &req.path, &req.body);
    let sealing = Sealing::new(scope, &key)?;
    db.transaction(|db| {
        let cutoff = now.plus_ms(-idempotency::RETENTION_MS);
        let stored = load(db, scope, &sealing, cutoff)?;
        match idempotency::decide(stored.as_ref(), &fingerprint) {
            Replay::Repeat(answer) => Ok(replay(answer)),
            Replay::Mismatch => Err(ApiError::unprocessable(
                "idempotency_mismatch",
                "This Idempotency-Key was used for a different request.",
            )),
            Replay::Fresh => {
                let resp = act(db)?;
                if idempotency::should_store(*resp.status()) {
                    store(db, scope, &sealing, &fingerprint, &resp, now)?;
                }
                Ok(resp)
            }
        }
    })
}

/// Forgets keys older than the retention (the scheduled tick calls this).
pub fn purge(db: &Db, now: Timestamp) -> Result<u64, DbError> {
    let cutoff = now.plus_ms(-idempotency::RETENTION_MS).to_rfc3339();
    db.execute(
        "DELETE FROM idempotency_keys WHERE created_at < ?",
        &[Value::Text(cutoff)],
    )?;
    Ok(db.changes())
}

/// Where and how one (scope, key)'s answer is stored: the row's key is a hash of the client's
/// key; the answer is sealed under a key derived from it.
struct Sealing {
    lookup: String,
    keyring: Keyring,
}

impl Sealing {
    fn new(scope: &str, key: &str) -> Result<Self, ApiError> {
        let mut h = Sha256::new();
        for part in ["ratusz idempotency key v1", scope, key] {
            h.update((part.len() as u64).to_be_bytes());
            h.update(part.as_bytes());
        }
        let keyring = Keyring::derived(
            "idem",
            &[
                b"ratusz idempotency answer v1",
                scope.as_bytes(),
                key.as_bytes(),
            ],
        )
        .map_err(ApiError::internal)?;
        Ok(Self {
            lookup: hex::encode(h.finalize()),
            keyring,
        })
    }

    fn seal(&self, fingerprint: &str, body: &[u8]) -> Result<String, DbError> {
        let mut plain =
            serde_json::json!({ "fingerprint": fingerprint, "body": STANDARD.encode(body) })
                .to_string()
                .into_bytes();
        // JSON allows trailing whitespace: pad with spaces to hide the answer's length.
        plain.resize(plain.len().div_ceil(PAD).max(1) * PAD, b' ');
        Ok(self
            .keyring
            .seal(SEAL_PURPOSE, &self.lookup, &plain, &mut HostEntropy)?)
    }

    /// The fingerprint and body sealed in `sealed`.
    fn open(&self, sealed: &[u8]) -> Result<(String, Vec<u8>), DbError> {
        let sealed = std::str::from_utf8(sealed)
            .map_err(|_| DbError::Decode("idempotency_keys.body".into()))?;
        let plain = self.keyring.open(SEAL_PURPOSE, &self.lookup, sealed)?;
        let value: serde_json::Value = serde_json::from_slice(&plain)
            .map_err(|_| DbError::Decode("idempotency_keys.body".into()))?;
        let text = |name: &str| {
            value[name]
                .as_str()
                .map(str::to_owned)
                .ok_or_else(|| DbError::Decode(format!("idempotency_keys.body.{name}")))
        };
        let body = STANDARD
            .decode(text("body")?)
            .map_err(|_| DbError::Decode("idempotency_keys.body".into()))?;
        Ok((text("fingerprint")?, body))
    }
}

fn load(
    db: &Db,
    scope: &str,
    sealing: &Sealing,
    cutoff: Timestamp,
) -> Result<Option<StoredAnswer>, DbError> {
    let result = db.execute(
        "SELECT status, content_type, body FROM idempotency_keys WHERE scope = ? AND key = ? AND created_at >= ?",
        &[Value::Text(scope.to_owned()), Value::Text(sealing.lookup.clone()), Value::Text(cutoff.to_rfc3339())],
    )?;
    let Some(row) = result.rows.first() else {
        return Ok(None);
    };
    let sealed = row
        .get::<&[u8]>(2)
        .ok_or_else(|| DbError::Decode("idempotency_keys.body".into()))?;
    let (fingerprint, body) = sealing.open(sealed)?;
    Ok(Some(StoredAnswer {
        fingerprint,
        status: u16::try_from(db::integer(row, 0, "idempotency_keys.status")?)
            .map_err(|e| DbError::Decode(e.to_string()))?,
        content_type: db::text(row, 1, "idempotency_keys.content_type")?,
        body,
    }))
}

fn store(
    db: &Db,
    scope: &str,
    sealing: &Sealing,
    fingerprint: &str,
    resp: &Response,
    now: Timestamp,
) -> Result<(), DbError> {
    let content_type = resp
        .header("content-type")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_owned();
    let sealed = sealing.seal(fingerprint, resp.body())?;
    // The fingerprint column stays empty: a hash of a three-valued body would name the choice.
    db.execute(
        "INSERT OR REPLACE INTO idempotency_keys (scope, key, fingerprint, status, content_type, body, created_at) VALUES (?, ?, '', ?, ?, ?, ?)",
        &[
            Value::Text(scope.to_owned()),
            Value::Text(sealing.lookup.clone()),
            Value::Integer(i64::from(*resp.status())),
            Value::Text(content_type),
            Value::Blob(sealed.into_bytes()),
            Value::Text(now.to_rfc3339()),
        ],
    )?;
    Ok(())
}

fn replay(answer: &StoredAnswer) -> Response {
    let mut builder = Response::builder();
    builder.status(answer.status).body(answer.body.clone());
    if !answer.content_type.is_empty() {
        builder.header("content-type", answer.content_type.clone());
    }
    builder.header("idempotency-replayed", "true");
    builder.build()
}
