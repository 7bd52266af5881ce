//! Table `chat_attachments`: files uploaded into a conversation, their name and bytes sealed,
//! joined to a message by its author within the hour (or purged).

use super::in_list;
use ratusz_domain::api::chat::AttachmentType;
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, opt_text, time, wire, Db, DbError, Row, Value};

/// An attachment row (name and body still sealed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRow {
    /// Id.
    pub id: String,
    /// Conversation.
    pub conversation_id: String,
    /// Who uploaded it.
    pub uploader_id: String,
    /// The message it belongs to, once joined.
    pub message_id: Option<String>,
    /// Sealed file name.
    pub sealed_name: String,
    /// Content type.
    pub content_type: AttachmentType,
    /// Bytes.
    pub size: u64,
    /// Uploaded.
    pub created_at: Timestamp,
}

const COLUMNS: &str =
    "id, conversation_id, uploader_id, message_id, name, content_type, size, created_at";

fn decode(row: &Row) -> Result<AttachmentRow, DbError> {
    Ok(AttachmentRow {
        id: db::text(row, 0, "chat_attachments.id")?,
        conversation_id: db::text(row, 1, "chat_attachments.conversation_id")?,
        uploader_id: db::text(row, 2, "chat_attachments.uploader_id")?,
        message_id: opt_text(row, 3),
        sealed_name: db::text(row, 4, "chat_attachments.name")?,
        content_type: wire(
            row,
            5,
            "chat_attachments.content_type",
            AttachmentType::parse,
        )?,
        size: u64::try_from(db::integer(row, 6, "chat_attachments.size")?)
            .map_err(|_| DbError::Decode("chat_attachments.size".into()))?,
        created_at: time(row, 7, "chat_attachments.created_at")?,
    })
}

/// A new attachment, sealed, its statement's parameters built before the transaction (the
/// write lock is held for the insert, not for copying up to 10 MiB).
pub struct PreparedInsert {
    params: Vec<Value>,
}

/// Prepares the insert of attachment `id`.
#[allow(clippy::too_many_arguments)]
pub fn prepare(
    id: &str,
    cid: &str,
    uploader_id: &str,
    sealed_name: &str,
    content_type: AttachmentType,
    size: usize,
    sealed_body: String,
    now: Timestamp,
) -> PreparedInsert {
    PreparedInsert {
        params: vec![
            Value::from(id),
            Value::from(cid),
            Value::from(uploader_id),
            Value::from(sealed_name),
            Value::from(content_type.as_str()),
            Value::Integer(i64::try_from(size).unwrap_or(i64::MAX)),
            Value::from(sealed_body),
            Value::from(now),
        ],
    }
}

/// Stores a prepared attachment.
pub fn insert(db: &Db, prepared: &PreparedInsert) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO chat_attachments (id, conversation_id, uploader_id, message_id, name, \
         content_type, size, body, created_at) VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?)",
        &prepared.params,
    )?;
    Ok(())
}

/// Attachment `aid` of conversation `cid`.
pub fn by_id(db: &Db, cid: &str, aid: &str) -> Result<Option<AttachmentRow>, DbError> {
    let result = db.execute(
        &format!("SELECT {COLUMNS} FROM chat_attachments WHERE conversation_id = ? AND id = ?"),
        &[Value::from(cid), Value::from(aid)],
    )?;
    result.rows.first().map(decode).transpose()
}

/// The sealed body of attachment `aid`.
pub fn body(db: &Db, aid: &str) -> Result<Option<String>, DbError> {
    let result = db.execute(
        "SELECT body FROM chat_attachments WHERE id = ?",
        &[Value::from(aid)],
    )?;
    Ok(result.rows.first().and_then(|row| opt_text(row, 0)))
}

/// The attachments of the messages `ids`, in upload order.
pub fn of_messages(db: &Db, ids: &[String]) -> Result<Vec<AttachmentRow>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let (marks, params) = in_list(ids);
    let result = db.execute(
        &format!(
            "SELECT {COLUMNS} FROM chat_attachments WHERE message_id IN ({marks}) ORDER BY id"
        ),
        &params,
    )?;
    result.rows.iter().map(decode).collect()
}

/// Joins attachment `aid` to message `mid` if it is still free, in `cid`, the uploader's,
/// and uploaded after `since`; whether it was.
pub fn claim(
    db: &Db,
    cid: &str,
    aid: &str,
    uploader_id: &str,
    mid: &str,
    since: Timestamp,
) -> Result<bool, DbError> {
    db.execute(
        "UPDATE chat_attachments SET message_id = ? WHERE id = ? AND conversation_id = ? \
         AND uploader_id = ? AND message_id IS NULL AND created_at >= ?",
        &[
            Value::from(mid),
            Value::from(aid),
            Value::from(cid),
            Value::from(uploader_id),
            Value::from(since),
        ],
    )?;
    Ok(db.changes() == 1)
}

/// Deletes the attachments of message `mid` (it was deleted).
pub fn delete_of_message(db: &Db, mid: &str) -> Result<(), DbError> {
    db.execute(
        "DELETE FROM chat_attachments WHERE message_id = ?",
        &[Value::from(mid)],
    )?;
    Ok(())
}

/// Deletes the attachments of messages `ids` (retention).
pub fn delete_of_messages(db: &Db, ids: &[String]) -> Result<(), DbError> {
    if ids.is_empty() {
        return Ok(());
    }
    let (marks, params) = in_list(ids);
    db.execute(
        &format!("DELETE FROM chat_attachments WHERE message_id IN ({marks})"),
        &params,
    )?;
    Ok(())
}

/// Deletes up to `limit` uploads never joined to a message and made before `cutoff`, the
/// oldest first (through the partial index of unused uploads); how many.
pub fn purge_unused(db: &Db, cutoff: Timestamp, limit: u32) -> Result<u64, DbError> {
    db.execute(
        "DELETE FROM chat_attachments WHERE id IN (SELECT id FROM chat_attachments \
         WHERE message_id IS NULL AND created_at < ? ORDER BY created_at LIMIT ?)",
        &[Value::from(cutoff), Value::from(limit)],
    )?;
    Ok(db.changes())
}
