//! Table `notify_report_photos`: a report's photo, sealed in one AEAD value (≤ 10 MiB) with the
//! id of its key beside it, stored when uploaded and joined to its report when the report names
//! it; the tick purges one that no report named within the hour.

use ratusz_domain::api::notify_reports::ReportPhotoType;
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, Db, DbError};

/// What a report shows of its photo (without the bytes).
#[derive(Debug, Clone)]
pub struct PhotoRow {
    /// Its media type.
    pub content_type: ReportPhotoType,
    /// Its size in bytes.
    pub size: u64,
}

/// A new upload.
pub struct NewPhoto<'a> {
    /// Id.
    pub id: &'a str,
    /// The uploader.
    pub recipient_id: &'a str,
    /// Its media type.
    pub content_type: ReportPhotoType,
    /// Its size in bytes.
    pub size: usize,
    /// The sealed bytes.
    pub sealed: String,
    /// The id of the key that sealed them (what the key rotation and its counts read).
    pub seal_kid: &'a str,
}

/// Stores an upload (pending).
pub fn insert(db: &Db, photo: &NewPhoto<'_>, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO notify_report_photos \
           (id, recipient_id, report_id, content_type, size, body, seal_kid, created_at) \
         VALUES (?, ?, NULL, ?, ?, ?, ?, ?)",
        &[
            photo.id.into(),
            photo.recipient_id.into(),
            photo.content_type.as_str().into(),
            i64::try_from(photo.size).unwrap_or(i64::MAX).into(),
            photo.sealed.as_str().into(),
            photo.seal_kid.into(),
            now.into(),
        ],
    )?;
    Ok(())
}

/// Photo `id` without its bytes.
pub fn by_id(db: &Db, id: &str) -> Result<Option<PhotoRow>, DbError> {
    let result = db.execute(
        "SELECT content_type, size FROM notify_report_photos WHERE id = ?",
        &[id.into()],
    )?;
    result
        .rows
        .first()
        .map(|row| {
            Ok(PhotoRow {
                content_type: db::wire(
                    row,
                    0,
                    "notify_report_photos.content_type",
                    ReportPhotoType::parse,
                )?,
                size: u64::try_from(db::integer(row, 1, "notify_report_photos.size")?)
                    .unwrap_or_default(),
            })
        })
        .transpose()
}

/// The sealed bytes of photo `id`.
pub fn body(db: &Db, id: &str) -> Result<Option<String>, DbError> {
    let result = db.execute(
        "SELECT body FROM notify_report_photos WHERE id = ?",
        &[id.into()],
    )?;
    Ok(result.rows.first().and_then(|row| db::opt_text(row, 0)))
}

/// Joins pending photo `id` of `recipient_id` uploaded after `since` to report `report_id`;
/// whether it was such a photo (else nothing changes).
pub fn attach(
    db: &Db,
    id: &str,
    recipient_id: &str,
    since: Timestamp,
    report_id: &str,
) -> Result<bool, DbError> {
    db.execute(
        "UPDATE notify_report_photos SET report_id = ? \
         WHERE id = ? AND recipient_id = ? AND report_id IS NULL AND created_at >= ?",
        &[
            report_id.into(),
            id.into(),
            recipient_id.into(),
            since.into(),
        ],
    )?;
    Ok(db.changes() == 1)
}

/// Deletes at most `limit` pending photos uploaded before `before`; how many went.
pub fn purge_pending(db: &Db, before: Timestamp, limit: u32) -> Result<u64, DbError> {
    db.execute(
        "DELETE FROM notify_report_photos WHERE id IN ( \
           SELECT id FROM notify_report_photos \
           WHERE report_id IS NULL AND created_at < ? ORDER BY created_at LIMIT ?)",
        &[before.into(), limit.into()],
    )?;
    Ok(db.changes())
}

/// Deletes every photo of recipient `recipient_id` (erasure).
pub fn delete_of_recipient(db: &Db, recipient_id: &str) -> Result<(), DbError> {
    db.execute(
        "DELETE FROM notify_report_photos WHERE recipient_id = ?",
        &[recipient_id.into()],
    )?;
    Ok(())
}
