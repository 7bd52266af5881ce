//! Table `notify_districts`.

use ratusz_domain::api::notify::District;
use ratusz_platform::db::{self, Db, DbError};

/// Every district, by name.
pub fn list(db: &Db) -> Result<Vec<District>, DbError> {
    db.execute(
        "SELECT id, name FROM notify_districts ORDER BY name, id",
        &[],
    )?
    .rows
    .iter()
    .map(|row| {
        Ok(District {
            id: db::text(row, 0, "notify_districts.id")?,
            name: db::text(row, 1, "notify_districts.name")?,
        })
    })
    .collect()
}

/// The id of the district named `name` (case-insensitive, as the column's collation).
pub fn by_name(db: &Db, name: &str) -> Result<Option<String>, DbError> {
    let result = db.execute(
        "SELECT id FROM notify_districts WHERE name = ?",
        &[name.into()],
    )?;
    Ok(result.rows.first().and_then(|row| db::opt_text(row, 0)))
}

/// Adds a district.
pub fn insert(
    db: &Db,
    district: &District,
    now: ratusz_domain::time::Timestamp,
) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO notify_districts (id, name, created_at) VALUES (?, ?, ?)",
        &[
            district.id.as_str().into(),
            district.name.as_str().into(),
            now.into(),
        ],
    )?;
    Ok(())
}

/// Renames a district.
pub fn rename(db: &Db, id: &str, name: &str) -> Result<(), DbError> {
    db.execute(
        "UPDATE notify_districts SET name = ? WHERE id = ?",
        &[name.into(), id.into()],
    )?;
    Ok(())
}
