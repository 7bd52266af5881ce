//! The audit chain stored in table `audit_log`, linked by the domain's pure chain logic;
//! its signed checkpoints in [`checkpoints`].

pub mod checkpoints;

use crate::db::Value;
use crate::db::{self, Db, DbError};
use ratusz_domain::audit::{
    self, AuditEntry, AuditEvent, AuditVerification, ChainHead, ChainVerifier,
};
use ratusz_domain::time::Timestamp;

const PAGE: i64 = 1000;

/// Appends `event` at `at`. Runs in a transaction, or joins the caller's so that a change and
/// its audit entry commit together.
pub fn append(db: &Db, at: Timestamp, event: AuditEvent) -> Result<AuditEntry, DbError> {
    db.transaction(|db| {
        let entry = audit::append(&head(db)?, at, event);
        db.execute(
            "INSERT INTO audit_log (seq, at, actor, action, object, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            &[
                Value::Integer(i64::try_from(entry.seq).map_err(|e| DbError::Decode(e.to_string()))?),
                Value::Text(entry.at.to_rfc3339()),
                Value::Text(entry.actor.clone()),
                Value::Text(entry.action.clone()),
                Value::Text(entry.object.clone()),
                Value::Text(audit::canonical_json(&entry.data)),
                Value::Text(entry.prev_hash.clone()),
                Value::Text(entry.hash.clone()),
            ],
        )?;
        Ok(entry)
    })
}

/// The end of the stored chain (its last row as stored).
pub fn head(db: &Db) -> Result<ChainHead, DbError> {
    let last = db.execute(
        "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
        &[],
    )?;
    match last.rows.first() {
        Some(row) => Ok(ChainHead {
            seq: u64::try_from(db::integer(row, 0, "audit_log.seq")?)
                .map_err(|e| DbError::Decode(e.to_string()))?,
            hash: db::text(row, 1, "audit_log.hash")?,
        }),
        None => Ok(ChainHead::genesis()),
    }
}

/// Entries with `seq > after`, at most `limit`, in order (export and paging).
pub fn page(db: &Db, after: u64, limit: i64) -> Result<Vec<AuditEntry>, DbError> {
    let after = i64::try_from(after).unwrap_or(i64::MAX);
    let result = db.execute(
        "SELECT seq, at, actor, action, object, data, prev_hash, hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?",
        &[Value::Integer(after), Value::Integer(limit)],
    )?;
    result.rows.iter().map(decode_row).collect()
}

/// Recomputes the whole stored chain, a page at a time.
pub fn verify(db: &Db) -> Result<AuditVerification, DbError> {
    let mut verifier = ChainVerifier::new();
    for_each(db, |e| verifier.push(e))?;
    Ok(verifier.finish())
}

/// Calls `f` with every stored entry in `seq` order, a page at a time (a long chain is never
/// held in memory at once).
pub fn for_each(db: &Db, mut f: impl FnMut(&AuditEntry)) -> Result<(), DbError> {
    let mut after = 0;
    loop {
        let entries = page(db, after, PAGE)?;
        let Some(last) = entries.last() else {
            return Ok(());
        };
        after = last.seq;
        entries.iter().for_each(&mut f);
    }
}

fn decode_row(row: &crate::db::Row) -> Result<AuditEntry, DbError> {
    let seq = u64::try_from(db::integer(row, 0, "audit_log.seq")?)
        .map_err(|e| DbError::Decode(e.to_string()))?;
    let at = Timestamp::parse_rfc3339(&db::text(row, 1, "audit_log.at")?)
        .map_err(|e| DbError::Decode(e.to_string()))?;
    let data_text = db::text(row, 5, "audit_log.data")?;
    // A row whose data is no longer JSON still loads (as a string), so verification reports it
    // as broken instead of failing the whole request.
    let data = serde_json::from_str(&data_text).unwrap_or(serde_json::Value::String(data_text));
    Ok(AuditEntry {
        seq,
        at,
        actor: db::text(row, 2, "audit_log.actor")?,
        action: db::text(row, 3, "audit_log.action")?,
        object: db::text(row, 4, "audit_log.object")?,
        data,
        prev_hash: db::text(row, 6, "audit_log.prev_hash")?,
        hash: db::text(row, 7, "audit_log.hash")?,
    })
}
