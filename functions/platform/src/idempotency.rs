//! `Idempotency-Key` over table `idempotency_keys`: the check, the action and the stored
//! answer commit in one transaction, so two retries racing each other cannot both act.

use crate::db::Value;
use crate::db::{self, Db, DbError};
use crate::request::ApiRequest;
use crate::ApiError;
use ratusz_domain::idempotency::{self, Replay, StoredAnswer};
use ratusz_domain::time::Timestamp;
use spin_sdk::http::Response;

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
            ApiError::BadRequest("Idempotency-Key must be 1–255 visible ASCII characters.".into())
        })?
        .to_owned();
    let fingerprint = idempotency::fingerprint(&req.method, &req.path, &req.body);
    db.transaction(|db| {
        let cutoff = now.plus_ms(-idempotency::RETENTION_MS);
        let stored = load(db, scope, &key, cutoff)?;
        match idempotency::decide(stored.as_ref(), &fingerprint) {
            Replay::Repeat(answer) => Ok(replay(answer)),
            Replay::Mismatch => Err(ApiError::unprocessable(
                "idempotency_mismatch",
                "This Idempotency-Key was used for a different request.",
            )),
            Replay::Fresh => {
                let resp = act(db)?;
                if idempotency::should_store(*resp.status()) {
                    store(db, scope, &key, &fingerprint, &resp, now)?;
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

fn load(
    db: &Db,
    scope: &str,
    key: &str,
    cutoff: Timestamp,
) -> Result<Option<StoredAnswer>, DbError> {
    let result = db.execute(
        "SELECT fingerprint, status, content_type, body FROM idempotency_keys WHERE scope = ? AND key = ? AND created_at >= ?",
        &[Value::Text(scope.to_owned()), Value::Text(key.to_owned()), Value::Text(cutoff.to_rfc3339())],
    )?;
    let Some(row) = result.rows.first() else {
        return Ok(None);
    };
    Ok(Some(StoredAnswer {
        fingerprint: db::text(row, 0, "idempotency_keys.fingerprint")?,
        status: u16::try_from(db::integer(row, 1, "idempotency_keys.status")?)
            .map_err(|e| DbError::Decode(e.to_string()))?,
        content_type: db::text(row, 2, "idempotency_keys.content_type")?,
        body: row
            .get::<&[u8]>(3)
            .map(<[u8]>::to_vec)
            .ok_or_else(|| DbError::Decode("idempotency_keys.body".into()))?,
    }))
}

fn store(
    db: &Db,
    scope: &str,
    key: &str,
    fingerprint: &str,
    resp: &Response,
    now: Timestamp,
) -> Result<(), DbError> {
    let content_type = resp
        .header("content-type")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_owned();
    db.execute(
        "INSERT OR REPLACE INTO idempotency_keys (scope, key, fingerprint, status, content_type, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        &[
            Value::Text(scope.to_owned()),
            Value::Text(key.to_owned()),
            Value::Text(fingerprint.to_owned()),
            Value::Integer(i64::from(*resp.status())),
            Value::Text(content_type),
            Value::Blob(resp.body().to_vec()),
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
