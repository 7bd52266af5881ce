//! Table `attachments`: PDF files of agenda items, stored in the database (one backup holds
//! the whole record of a meeting).

use ratusz_domain::api::council::AttachmentView;
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, Db, DbError};
use ratusz_platform::db::{Row, Value};

/// The one content type stored here.
pub const PDF: &str = "application/pdf";

/// A new attachment.
pub struct NewAttachment<'a> {
    /// Id.
    pub id: &'a str,
    /// Meeting.
    pub session_id: &'a str,
    /// Agenda item.
    pub item_id: &'a str,
    /// Sanitised file name.
    pub filename: &'a str,
    /// Lowercase hex SHA-256 of `data` (the download's ETag).
    pub sha256: &'a str,
    /// The file.
    pub data: &'a [u8],
    /// Uploader's account id.
    pub uploaded_by: &'a str,
}

/// An attachment with its bytes, for download.
pub struct AttachmentFile {
    /// Sanitised file name.
    pub filename: String,
    /// Content type.
    pub content_type: String,
    /// Lowercase hex SHA-256.
    pub sha256: String,
    /// The file.
    pub data: Vec<u8>,
}

fn size_of(row: &Row, i: usize) -> Result<u64, DbError> {
    u64::try_from(db::integer(row, i, "attachments.size")?)
        .map_err(|_| DbError::Decode("attachments.size".into()))
}

/// An attachment ready to store: its statement parameters, body included, are built before
/// the transaction, so the write lock is held for the insert alone, not for copying up to
/// 10 MiB.
pub struct PreparedInsert {
    params: Vec<Value>,
    view: AttachmentView,
}

/// Prepares `a` for [`insert`].
pub fn prepare(a: &NewAttachment<'_>, now: Timestamp) -> PreparedInsert {
    let size = a.data.len();
    PreparedInsert {
        params: vec![
            Value::from(a.id),
            Value::from(a.session_id),
            Value::from(a.item_id),
            Value::from(a.filename),
            Value::from(PDF),
            Value::Integer(i64::try_from(size).unwrap_or(i64::MAX)),
            Value::from(a.sha256),
            Value::Blob(a.data.to_vec()),
            Value::from(a.uploaded_by),
            Value::from(now),
        ],
        view: AttachmentView {
            id: a.id.to_owned(),
            filename: a.filename.to_owned(),
            size: size as u64,
            content_type: PDF.to_owned(),
        },
    }
}

/// Stores a prepared attachment; returns its metadata.
pub fn insert(db: &Db, prepared: &PreparedInsert) -> Result<AttachmentView, DbError> {
    db.execute(
        "INSERT INTO attachments (id, session_id, item_id, filename, content_type, size, sha256,
           data, uploaded_by, uploaded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        &prepared.params,
    )?;
    Ok(prepared.view.clone())
}

/// Metadata of every attachment of meeting `session_id`, as (item id, view), in upload order.
pub fn of_meeting(db: &Db, session_id: &str) -> Result<Vec<(String, AttachmentView)>, DbError> {
    let result = db.execute(
        "SELECT item_id, id, filename, size, content_type FROM attachments
         WHERE session_id = ? ORDER BY uploaded_at, id",
        &[Value::Text(session_id.to_owned())],
    )?;
    result
        .rows
        .iter()
        .map(|row| {
            Ok((
                db::text(row, 0, "attachments.item_id")?,
                AttachmentView {
                    id: db::text(row, 1, "attachments.id")?,
                    filename: db::text(row, 2, "attachments.filename")?,
                    size: size_of(row, 3)?,
                    content_type: db::text(row, 4, "attachments.content_type")?,
                },
            ))
        })
        .collect()
}

/// Attachment `id` of meeting `session_id` with its bytes.
pub fn file(db: &Db, session_id: &str, id: &str) -> Result<Option<AttachmentFile>, DbError> {
    let result = db.execute(
        "SELECT filename, content_type, sha256, data FROM attachments
         WHERE session_id = ? AND id = ?",
        &[
            Value::Text(session_id.to_owned()),
            Value::Text(id.to_owned()),
        ],
    )?;
    let Some(row) = result.rows.first() else {
        return Ok(None);
    };
    Ok(Some(AttachmentFile {
        filename: db::text(row, 0, "attachments.filename")?,
        content_type: db::text(row, 1, "attachments.content_type")?,
        sha256: db::text(row, 2, "attachments.sha256")?,
        data: row
            .get::<&[u8]>(3)
            .map(<[u8]>::to_vec)
            .ok_or_else(|| DbError::Decode("attachments.data".into()))?,
    }))
}

/// Deletes the attachments of agenda item `item_id` (the item is being deleted).
pub fn delete_of_item(db: &Db, session_id: &str, item_id: &str) -> Result<u64, DbError> {
    db.execute(
        "DELETE FROM attachments WHERE session_id = ? AND item_id = ?",
        &[
            Value::Text(session_id.to_owned()),
            Value::Text(item_id.to_owned()),
        ],
    )?;
    Ok(db.changes())
}
