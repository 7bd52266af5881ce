//! Table `notify_reports`: a resident's report. `description` and `location` hold only sealed
//! text (the callers seal before and open after, `crate::reports::sealing`).

use ratusz_domain::api::notify_reports::{ReportCategory, ReportStatus};
use ratusz_domain::notify::report::QueueCursor;
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, Db, DbError, Row, Value};

/// A report as stored.
#[derive(Debug, Clone)]
pub struct ReportRow {
    /// Id.
    pub id: String,
    /// The resident who sent it.
    pub recipient_id: String,
    /// Category.
    pub category: ReportCategory,
    /// Status.
    pub status: ReportStatus,
    /// The sealed description.
    pub description: String,
    /// The sealed location (JSON), when given.
    pub location: Option<String>,
    /// The photo's id, when one is attached.
    pub photo_id: Option<String>,
    /// When it was sent.
    pub created_at: Timestamp,
    /// Its last change.
    pub updated_at: Timestamp,
}

const COLUMNS: &str =
    "id, recipient_id, category, status, description, location, photo_id, created_at, updated_at";

fn read(row: &Row) -> Result<ReportRow, DbError> {
    Ok(ReportRow {
        id: db::text(row, 0, "notify_reports.id")?,
        recipient_id: db::text(row, 1, "notify_reports.recipient_id")?,
        category: db::wire(row, 2, "notify_reports.category", ReportCategory::parse)?,
        status: db::wire(row, 3, "notify_reports.status", ReportStatus::parse)?,
        description: db::text(row, 4, "notify_reports.description")?,
        location: db::opt_text(row, 5),
        photo_id: db::opt_text(row, 6),
        created_at: db::time(row, 7, "notify_reports.created_at")?,
        updated_at: db::time(row, 8, "notify_reports.updated_at")?,
    })
}

/// Stores a new report (status `new`).
pub fn insert(db: &Db, row: &ReportRow) -> Result<(), DbError> {
    db.execute(
        &format!("INSERT INTO notify_reports ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        &[
            row.id.as_str().into(),
            row.recipient_id.as_str().into(),
            row.category.as_str().into(),
            row.status.as_str().into(),
            row.description.as_str().into(),
            db::text_or_null(row.location.as_deref()),
            db::text_or_null(row.photo_id.as_deref()),
            row.created_at.into(),
            row.updated_at.into(),
        ],
    )?;
    Ok(())
}

/// Report `id`.
pub fn by_id(db: &Db, id: &str) -> Result<Option<ReportRow>, DbError> {
    db.execute(
        &format!("SELECT {COLUMNS} FROM notify_reports WHERE id = ?"),
        &[id.into()],
    )?
    .rows
    .first()
    .map(read)
    .transpose()
}

/// Every report of recipient `recipient_id`, newest first.
pub fn of_recipient(db: &Db, recipient_id: &str) -> Result<Vec<ReportRow>, DbError> {
    db.execute(
        &format!("SELECT {COLUMNS} FROM notify_reports WHERE recipient_id = ? ORDER BY id DESC"),
        &[recipient_id.into()],
    )?
    .rows
    .iter()
    .map(read)
    .collect()
}

/// The staff queue's filters.
#[derive(Debug, Clone, Copy, Default)]
pub struct QueueFilter {
    /// Only this status.
    pub status: Option<ReportStatus>,
    /// Only this category.
    pub category: Option<ReportCategory>,
}

/// One page of the staff queue (new first, then the rest, oldest first within each; the
/// `notify_reports_queue` index's order), after `cursor`, at most `limit` rows.
pub fn queue(
    db: &Db,
    filter: QueueFilter,
    cursor: Option<&QueueCursor>,
    limit: u32,
) -> Result<Vec<ReportRow>, DbError> {
    let (rank, after) = match cursor {
        Some(c) => (i64::from(c.past_new), c.id.as_str()),
        // Below every rank and id: the first page.
        None => (-1, ""),
    };
    let status = filter.status.map(|s| s.as_str());
    let category = filter.category.map(|c| c.as_str());
    db.execute(
        &format!(
            "SELECT {COLUMNS} FROM notify_reports \
             WHERE ((status <> 'new'), id) > (?, ?) \
             AND (? IS NULL OR status = ?) AND (? IS NULL OR category = ?) \
             ORDER BY (status <> 'new'), id LIMIT ?"
        ),
        &[
            Value::Integer(rank),
            after.into(),
            db::text_or_null(status),
            db::text_or_null(status),
            db::text_or_null(category),
            db::text_or_null(category),
            limit.into(),
        ],
    )?
    .rows
    .iter()
    .map(read)
    .collect()
}

/// Moves report `id` to `status`.
pub fn set_status(db: &Db, id: &str, status: ReportStatus, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        "UPDATE notify_reports SET status = ?, updated_at = ? WHERE id = ?",
        &[status.as_str().into(), now.into(), id.into()],
    )?;
    Ok(())
}

/// Marks report `id` changed (a reply).
pub fn touch(db: &Db, id: &str, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        "UPDATE notify_reports SET updated_at = ? WHERE id = ?",
        &[now.into(), id.into()],
    )?;
    Ok(())
}

/// Deletes every report of recipient `recipient_id` (erasure; their history and photos go
/// first, `crate::erase`).
pub fn delete_of_recipient(db: &Db, recipient_id: &str) -> Result<(), DbError> {
    db.execute(
        "DELETE FROM notify_reports WHERE recipient_id = ?",
        &[recipient_id.into()],
    )?;
    Ok(())
}
