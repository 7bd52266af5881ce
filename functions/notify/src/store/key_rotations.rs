//! Table `notify_key_rotations`: the administrator's key rotations, how far the tick's batches
//! have come and where the current pass stands (the last row is the one `GET /api/notify/keys`
//! shows).

use ratusz_domain::notify::key_rotation::RotationRecord;
use ratusz_platform::db::{self, Db, DbError, Value};

/// A recorded rotation and its row id.
pub struct StoredRotation {
    /// Row id.
    pub id: i64,
    /// The record.
    pub record: RotationRecord,
    /// Where the current pass stands, as `ratusz_domain::notify::rotation_pass::PassCursor`
    /// stores it (none: a pass starts afresh).
    pub cursor: Option<String>,
}

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// The last rotation started, if any.
pub fn last(db: &Db) -> Result<Option<StoredRotation>, DbError> {
    let result = db.execute(
        "SELECT id, started_at, total, done, finished_at, cursor FROM notify_key_rotations
         ORDER BY id DESC LIMIT 1",
        &[],
    )?;
    let Some(row) = result.rows.first() else {
        return Ok(None);
    };
    Ok(Some(StoredRotation {
        id: db::integer(row, 0, "notify_key_rotations.id")?,
        record: RotationRecord {
            started_at: db::time(row, 1, "notify_key_rotations.started_at")?,
            total: count(db::integer(row, 2, "notify_key_rotations.total")?),
            done: count(db::integer(row, 3, "notify_key_rotations.done")?),
            finished_at: db::opt_time(row, 4),
        },
        cursor: db::opt_text(row, 5),
    }))
}

fn integer(n: u64) -> Value {
    Value::Integer(i64::try_from(n).unwrap_or(i64::MAX))
}

/// Records a new rotation towards the keys `seal_kid` and `index_kid`.
pub fn insert(
    db: &Db,
    record: &RotationRecord,
    seal_kid: &str,
    index_kid: &str,
) -> Result<i64, DbError> {
    db.execute(
        "INSERT INTO notify_key_rotations
           (started_at, target_seal_kid, target_index_kid, total, done, finished_at)
         VALUES (?, ?, ?, ?, ?, ?)",
        &[
            record.started_at.into(),
            seal_kid.into(),
            index_kid.into(),
            integer(record.total),
            integer(record.done),
            db::time_or_null(record.finished_at),
        ],
    )?;
    Ok(db.last_insert_rowid())
}

/// Stores a rotation's progress and where its pass stands.
pub fn update(
    db: &Db,
    id: i64,
    record: &RotationRecord,
    cursor: Option<&str>,
) -> Result<(), DbError> {
    db.execute(
        "UPDATE notify_key_rotations SET total = ?, done = ?, finished_at = ?, cursor = ?
         WHERE id = ?",
        &[
            integer(record.total),
            integer(record.done),
            db::time_or_null(record.finished_at),
            db::text_or_null(cursor),
            Value::Integer(id),
        ],
    )?;
    Ok(())
}
