//! Table `password_resets`: reset requests of procedure PZO-01, with the holder's name and
//! e-mail joined from `users` for the queue.
//!
//! The claim token and the SMS code are stored only as SHA-256 hashes: a copy of the database
//! cannot be used to claim a reset.

use super::{opt_text, opt_time, text_or_null, time, time_or_null};
use ratusz_domain::api::resets::{HandoverView, ResetDelivery, ResetStatus, ResetView};
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, Db, DbError};
use ratusz_platform::db::{Row, Value};

/// One reset request row (plus the holder's name and e-mail).
#[derive(Clone, PartialEq, Eq)]
pub struct ResetRecord {
    /// Request id (ULID).
    pub id: String,
    /// The account concerned.
    pub user_id: String,
    /// Why the password is lost.
    pub reason: String,
    /// `email_sms` or `letter`.
    pub delivery: ResetDelivery,
    /// Where it stands.
    pub status: ResetStatus,
    /// Staff requester; `None` when the holder asked.
    pub requested_by: Option<String>,
    /// When asked.
    pub requested_at: Timestamp,
    /// Who decided.
    pub decided_by: Option<String>,
    /// When decided.
    pub decided_at: Option<Timestamp>,
    /// Why rejected.
    pub decision_reason: Option<String>,
    /// SHA-256 of the claim token (`email_sms`, after approval).
    pub token_hash: Option<String>,
    /// SHA-256 of `"{id}:{code}"` (`email_sms`, after approval).
    pub code_hash: Option<String>,
    /// Wrong codes so far.
    pub code_attempts: u32,
    /// End of the claim window.
    pub expires_at: Option<Timestamp>,
    /// When the letter was printed (shown once).
    pub letter_printed_at: Option<Timestamp>,
    /// The recorded handover.
    pub handover: Option<HandoverView>,
    /// The *password loss* incident.
    pub incident_id: String,
    /// When the holder set a new password.
    pub completed_at: Option<Timestamp>,
    /// The holder's "First Last" (joined).
    pub user_name: String,
    /// The holder's e-mail (joined).
    pub email: String,
}

// The hashes are not secrets, but nothing in a log needs them either.
impl std::fmt::Debug for ResetRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResetRecord")
            .field("id", &self.id)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

impl ResetRecord {
    /// The API view.
    pub fn view(&self) -> ResetView {
        ResetView {
            id: self.id.clone(),
            user_id: self.user_id.clone(),
            user_name: self.user_name.clone(),
            email: self.email.clone(),
            reason: self.reason.clone(),
            delivery: self.delivery,
            status: self.status,
            requested_by: self.requested_by.clone(),
            requested_at: self.requested_at,
            decided_by: self.decided_by.clone(),
            decided_at: self.decided_at,
            decision_reason: self.decision_reason.clone(),
            expires_at: self.expires_at,
            letter_printed: self.letter_printed_at.is_some(),
            handover: self.handover.clone(),
            incident_id: self.incident_id.clone(),
        }
    }
}

fn parse_status(text: &str) -> Result<ResetStatus, DbError> {
    db::wire_text(text, "password_resets.status", ResetStatus::parse)
}

fn parse_delivery(text: &str) -> Result<ResetDelivery, DbError> {
    db::wire_text(text, "password_resets.delivery", ResetDelivery::parse)
}

const COLUMNS: &str = "r.id, r.user_id, r.reason, r.delivery, r.status, r.requested_by, r.requested_at, r.decided_by, r.decided_at, r.decision_reason, r.token_hash, r.code_hash, r.code_attempts, r.expires_at, r.letter_printed_at, r.handover, r.incident_id, r.completed_at, u.first_name, u.last_name, u.email";

const FROM: &str = "password_resets r JOIN users u ON u.id = r.user_id";

fn decode(row: &Row) -> Result<ResetRecord, DbError> {
    let handover = opt_text(row, 15)
        .map(|h| serde_json::from_str(&h))
        .transpose()
        .map_err(|_| DbError::Decode("password_resets.handover".into()))?;
    Ok(ResetRecord {
        id: db::text(row, 0, "password_resets.id")?,
        user_id: db::text(row, 1, "password_resets.user_id")?,
        reason: db::text(row, 2, "password_resets.reason")?,
        delivery: parse_delivery(&db::text(row, 3, "password_resets.delivery")?)?,
        status: parse_status(&db::text(row, 4, "password_resets.status")?)?,
        requested_by: opt_text(row, 5),
        requested_at: time(row, 6, "password_resets.requested_at")?,
        decided_by: opt_text(row, 7),
        decided_at: opt_time(row, 8),
        decision_reason: opt_text(row, 9),
        token_hash: opt_text(row, 10),
        code_hash: opt_text(row, 11),
        code_attempts: u32::try_from(db::integer(row, 12, "password_resets.code_attempts")?)
            .unwrap_or(u32::MAX),
        expires_at: opt_time(row, 13),
        letter_printed_at: opt_time(row, 14),
        handover,
        incident_id: db::text(row, 16, "password_resets.incident_id")?,
        completed_at: opt_time(row, 17),
        user_name: format!(
            "{} {}",
            db::text(row, 18, "users.first_name")?,
            db::text(row, 19, "users.last_name")?
        ),
        email: db::text(row, 20, "users.email")?,
    })
}

fn select(db: &Db, sql_tail: &str, params: &[Value]) -> Result<Vec<ResetRecord>, DbError> {
    let result = db.execute(&format!("SELECT {COLUMNS} FROM {FROM} {sql_tail}"), params)?;
    result.rows.iter().map(decode).collect()
}

/// What a new request holds.
pub struct NewReset<'a> {
    /// Request id.
    pub id: &'a str,
    /// The account.
    pub user_id: &'a str,
    /// Why.
    pub reason: &'a str,
    /// How the secret will travel.
    pub delivery: ResetDelivery,
    /// Staff requester (`None`: the holder).
    pub requested_by: Option<&'a str>,
    /// The incident opened with it.
    pub incident_id: &'a str,
}

/// Inserts a pending request.
pub fn insert(db: &Db, new: &NewReset, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO password_resets (id, user_id, reason, delivery, status, requested_by, requested_at, incident_id) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)",
        &[
            Value::Text(new.id.to_owned()),
            Value::Text(new.user_id.to_owned()),
            Value::Text(new.reason.to_owned()),
            Value::from(new.delivery.as_str()),
            text_or_null(new.requested_by),
            Value::Text(now.to_rfc3339()),
            Value::Text(new.incident_id.to_owned()),
        ],
    )?;
    Ok(())
}

/// The request `id`.
pub fn by_id(db: &Db, id: &str) -> Result<Option<ResetRecord>, DbError> {
    Ok(select(db, "WHERE r.id = ?", &[Value::Text(id.to_owned())])?
        .into_iter()
        .next())
}

/// The request whose claim token hashes to `token_hash`.
pub fn by_token_hash(db: &Db, token_hash: &str) -> Result<Option<ResetRecord>, DbError> {
    Ok(select(
        db,
        "WHERE r.token_hash = ?",
        &[Value::Text(token_hash.to_owned())],
    )?
    .into_iter()
    .next())
}

/// Requests newest first (ids are ULIDs), before id `before`, optionally of one status.
pub fn list(
    db: &Db,
    status: Option<ResetStatus>,
    before: Option<&str>,
    limit: u32,
) -> Result<Vec<ResetRecord>, DbError> {
    let status = status.map(ResetStatus::as_str);
    select(
        db,
        "WHERE r.id < ? AND (? IS NULL OR r.status = ?) ORDER BY r.id DESC LIMIT ?",
        &[
            Value::Text(before.unwrap_or("\u{10FFFF}").to_owned()),
            text_or_null(status),
            text_or_null(status),
            Value::Integer(i64::from(limit)),
        ],
    )
}

/// Printed `letter` requests of `user_id` still waiting for the holder's new password.
pub fn letters_awaiting_password(db: &Db, user_id: &str) -> Result<Vec<ResetRecord>, DbError> {
    select(
        db,
        "WHERE r.user_id = ? AND r.delivery = 'letter' AND r.status IN ('approved', 'handed_over') AND r.letter_printed_at IS NOT NULL ORDER BY r.id",
        &[Value::Text(user_id.to_owned())],
    )
}

/// Approved `email_sms` requests whose link ended at or before `now`.
pub fn claims_expired(db: &Db, now: Timestamp) -> Result<Vec<ResetRecord>, DbError> {
    // RFC 3339 with fixed millisecond precision and `Z` sorts as text in time order.
    select(
        db,
        "WHERE r.status = 'approved' AND r.delivery = 'email_sms' AND r.expires_at IS NOT NULL AND r.expires_at <= ? ORDER BY r.id",
        &[Value::Text(now.to_rfc3339())],
    )
}

/// Records the decision (approved or rejected).
pub fn decide(
    db: &Db,
    id: &str,
    status: ResetStatus,
    decided_by: &str,
    reason: Option<&str>,
    now: Timestamp,
) -> Result<(), DbError> {
    db.execute(
        "UPDATE password_resets SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ? WHERE id = ?",
        &[
            Value::from(status.as_str()),
            Value::Text(decided_by.to_owned()),
            Value::Text(now.to_rfc3339()),
            text_or_null(reason),
            Value::Text(id.to_owned()),
        ],
    )?;
    Ok(())
}

/// Stores the hashed claim secrets and the link's end (`email_sms` approval).
pub fn set_claim_secrets(
    db: &Db,
    id: &str,
    token_hash: &str,
    code_hash: &str,
    expires_at: Timestamp,
) -> Result<(), DbError> {
    db.execute(
        "UPDATE password_resets SET token_hash = ?, code_hash = ?, code_attempts = 0, expires_at = ? WHERE id = ?",
        &[
            Value::Text(token_hash.to_owned()),
            Value::Text(code_hash.to_owned()),
            time_or_null(Some(expires_at)),
            Value::Text(id.to_owned()),
        ],
    )?;
    Ok(())
}

/// Counts one wrong code; returns the new count.
pub fn add_code_attempt(db: &Db, id: &str) -> Result<u32, DbError> {
    db.execute(
        "UPDATE password_resets SET code_attempts = code_attempts + 1 WHERE id = ?",
        &[Value::Text(id.to_owned())],
    )?;
    let result = db.execute(
        "SELECT code_attempts FROM password_resets WHERE id = ?",
        &[Value::Text(id.to_owned())],
    )?;
    let n = result
        .rows
        .first()
        .map(|r| db::integer(r, 0, "password_resets.code_attempts"))
        .unwrap_or(Ok(0))?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Sets the status only (burned, expired, handed over …).
pub fn set_status(db: &Db, id: &str, status: ResetStatus) -> Result<(), DbError> {
    db.execute(
        "UPDATE password_resets SET status = ? WHERE id = ?",
        &[Value::from(status.as_str()), Value::Text(id.to_owned())],
    )?;
    Ok(())
}

/// Marks the letter printed, once: `false` when it already was (or is no longer approved).
pub fn mark_letter_printed(db: &Db, id: &str, now: Timestamp) -> Result<bool, DbError> {
    db.execute(
        "UPDATE password_resets SET letter_printed_at = ? WHERE id = ? AND letter_printed_at IS NULL AND status = 'approved'",
        &[Value::Text(now.to_rfc3339()), Value::Text(id.to_owned())],
    )?;
    Ok(db.changes() == 1)
}

/// Records the handover and moves the request to `handed_over`.
pub fn set_handover(db: &Db, id: &str, handover: &HandoverView) -> Result<(), DbError> {
    let json =
        serde_json::to_string(handover).map_err(|e| DbError::Decode(format!("handover: {e}")))?;
    db.execute(
        "UPDATE password_resets SET handover = ?, status = 'handed_over' WHERE id = ?",
        &[Value::Text(json), Value::Text(id.to_owned())],
    )?;
    Ok(())
}

/// The holder has set a new password.
pub fn complete(db: &Db, id: &str, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        "UPDATE password_resets SET status = 'completed', completed_at = ? WHERE id = ?",
        &[Value::Text(now.to_rfc3339()), Value::Text(id.to_owned())],
    )?;
    Ok(())
}

/// The newest pending request of the account, if any (repeated public requests join it).
pub fn pending_for_user(db: &Db, user_id: &str) -> Result<Option<String>, DbError> {
    let result = db.execute(
        "SELECT id FROM password_resets WHERE user_id = ? AND status = 'pending' ORDER BY id DESC LIMIT 1",
        &[Value::Text(user_id.to_owned())],
    )?;
    result
        .rows
        .first()
        .map(|r| db::text(r, 0, "password_resets.id"))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_vocabulary_is_read_strictly() {
        for s in ResetStatus::ALL {
            assert_eq!(parse_status(s.as_str()).ok(), Some(s));
        }
        for d in ResetDelivery::ALL {
            assert_eq!(parse_delivery(d.as_str()).ok(), Some(d));
        }
        assert!(matches!(parse_status("nope"), Err(DbError::Decode(_))));
        assert!(matches!(parse_delivery("pigeon"), Err(DbError::Decode(_))));
    }
}
