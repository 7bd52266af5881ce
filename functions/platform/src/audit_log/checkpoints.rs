//! Signed checkpoints of the audit chain in table `audit_checkpoints` (migration 8;
//! docs/api/operations.md § Audit checkpoints). The signing key comes from the secret variable
//! [`SIGNING_KEY_VARIABLE`] and never reaches the database; each row keeps its public key so a
//! page can show it without the secret.

use crate::db::{self, Db, DbError, Row, Value};
use ratusz_domain::audit::checkpoint::Checkpoint;
use ratusz_domain::time::Timestamp;

/// The secret variable holding the Ed25519 seed (32 bytes, base64). Empty = checkpoints off.
pub const SIGNING_KEY_VARIABLE: &str = "audit_signing_key";

const COLUMNS: &str = "sequence, head_hash, at, signature, key_id, public_key";

/// The newest checkpoint (highest sequence, then the latest signed).
pub fn newest(db: &Db) -> Result<Option<Checkpoint>, DbError> {
    let result = db.execute(
        &format!("SELECT {COLUMNS} FROM audit_checkpoints ORDER BY sequence DESC, id DESC LIMIT 1"),
        &[],
    )?;
    result.rows.first().map(decode).transpose()
}

/// Checkpoints with `from <= sequence <= upto` (no upper bound when `upto` is `None`), in
/// sequence order.
pub fn in_range(db: &Db, from: u64, upto: Option<u64>) -> Result<Vec<Checkpoint>, DbError> {
    let upto = upto.map_or(i64::MAX, to_i64);
    let result = db.execute(
        &format!(
            "SELECT {COLUMNS} FROM audit_checkpoints WHERE sequence >= ? AND sequence <= ? ORDER BY sequence, id"
        ),
        &[Value::Integer(to_i64(from)), Value::Integer(upto)],
    )?;
    result.rows.iter().map(decode).collect()
}

/// Stores a checkpoint (joins the caller's transaction when there is one).
pub fn insert(db: &Db, checkpoint: &Checkpoint) -> Result<(), DbError> {
    db.execute(
        &format!("INSERT INTO audit_checkpoints ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)"),
        &[
            Value::Integer(to_i64(checkpoint.sequence)),
            Value::Text(checkpoint.head_hash.clone()),
            Value::Text(checkpoint.at.to_rfc3339()),
            Value::Text(checkpoint.signature.clone()),
            Value::Text(checkpoint.key_id.clone()),
            Value::Text(checkpoint.public_key.clone()),
        ],
    )?;
    Ok(())
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn decode(row: &Row) -> Result<Checkpoint, DbError> {
    let sequence = u64::try_from(db::integer(row, 0, "audit_checkpoints.sequence")?)
        .map_err(|e| DbError::Decode(e.to_string()))?;
    let at = Timestamp::parse_rfc3339(&db::text(row, 2, "audit_checkpoints.at")?)
        .map_err(|e| DbError::Decode(e.to_string()))?;
    Ok(Checkpoint {
        sequence,
        head_hash: db::text(row, 1, "audit_checkpoints.head_hash")?,
        at,
        signature: db::text(row, 3, "audit_checkpoints.signature")?,
        key_id: db::text(row, 4, "audit_checkpoints.key_id")?,
        public_key: db::text(row, 5, "audit_checkpoints.public_key")?,
    })
}

#[cfg(feature = "checkpoints")]
pub use signing::{sign_if_moved, sign_now, signer_from_vars, verify};

#[cfg(feature = "checkpoints")]
mod signing {
    use super::{in_range, insert, newest, SIGNING_KEY_VARIABLE};
    use crate::audit_log;
    use crate::config::{ConfigError, Vars};
    use crate::db::{Db, DbError};
    use ratusz_domain::audit::checkpoint::{head_moved, Checkpoint, CheckpointSigner, TrustedKey};
    use ratusz_domain::audit::export::{
        judge_signatures, CheckpointAgreement, CheckpointedVerifier,
    };
    use ratusz_domain::audit::AuditVerification;
    use ratusz_domain::time::Timestamp;

    /// The signer from [`SIGNING_KEY_VARIABLE`]: `None` when unset or empty (checkpoints
    /// off); a value that is not a 32-byte base64 seed is a configuration error (the reason
    /// is logged, never the value).
    pub fn signer_from_vars(vars: &impl Vars) -> Result<Option<CheckpointSigner>, ConfigError> {
        let text = vars.get(SIGNING_KEY_VARIABLE)?.unwrap_or_default();
        if text.trim().is_empty() {
            return Ok(None);
        }
        CheckpointSigner::from_seed_base64(&text)
            .map(Some)
            .map_err(|e| ConfigError::Invalid {
                name: SIGNING_KEY_VARIABLE.to_owned(),
                reason: e.to_string(),
            })
    }

    /// Signs the chain's current head at `at` and stores it. The head is read and the row
    /// written in one short transaction, so the checkpoint covers a head that exists.
    pub fn sign_now(
        db: &Db,
        signer: &CheckpointSigner,
        at: Timestamp,
    ) -> Result<Checkpoint, DbError> {
        db.transaction(|db| {
            let checkpoint = signer.sign(&audit_log::head(db)?, at);
            insert(db, &checkpoint)?;
            Ok(checkpoint)
        })
    }

    /// The tick's checkpoint: signed only when the head moved since the newest one. An idle
    /// chain is seen by two reads, without taking the write lock.
    pub fn sign_if_moved(
        db: &Db,
        signer: &CheckpointSigner,
        at: Timestamp,
    ) -> Result<Option<Checkpoint>, DbError> {
        if !head_moved(newest(db)?.as_ref(), &audit_log::head(db)?) {
            return Ok(None);
        }
        // Read again under the lock: another tick may have signed meanwhile.
        db.transaction(|db| {
            let head = audit_log::head(db)?;
            if !head_moved(newest(db)?.as_ref(), &head) {
                return Ok(None);
            }
            let checkpoint = signer.sign(&head, at);
            insert(db, &checkpoint)?;
            Ok(Some(checkpoint))
        })
    }

    /// Recomputes the stored chain and compares it with the stored checkpoints signed by
    /// `key` (rows naming another key are not this deployment's and are left out). Without a
    /// key the checkpoint part says `disabled`.
    pub fn verify(db: &Db, key: Option<&TrustedKey>) -> Result<AuditVerification, DbError> {
        let Some(key) = key else {
            let mut report = audit_log::verify(db)?;
            report.checkpoints = Some(CheckpointAgreement::disabled());
            return Ok(report);
        };
        let stored: Vec<Checkpoint> = in_range(db, 0, None)?
            .into_iter()
            .filter(|c| key.names(c))
            .collect();
        let (good, faults) = judge_signatures(stored, std::slice::from_ref(key));
        let mut verifier = CheckpointedVerifier::new(good, faults);
        audit_log::for_each(db, |entry| verifier.push(entry))?;
        let report = verifier.finish();
        let agreement = report.agreement();
        let mut chain = report.chain;
        chain.valid = chain.valid && report.faults.is_empty();
        chain.checkpoints = Some(agreement);
        Ok(chain)
    }
}
