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
