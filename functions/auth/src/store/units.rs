//! Table `units`.

use ratusz_domain::api::accounts::{Unit, UnitKind};
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, Db, DbError};
use ratusz_platform::db::{Row, Value};

/// A kind this code does not know is a broken row, not `other`.
fn parse_kind(text: &str) -> Result<UnitKind, DbError> {
    db::wire_text(text, "units.kind", UnitKind::parse)
}

fn decode(row: &Row) -> Result<Unit, DbError> {
    Ok(Unit {
        id: db::text(row, 0, "units.id")?,
        name: db::text(row, 1, "units.name")?,
        kind: parse_kind(&db::text(row, 2, "units.kind")?)?,
    })
}

/// The unit `id`.
pub fn by_id(db: &Db, id: &str) -> Result<Option<Unit>, DbError> {
    let result = db.execute(
        "SELECT id, name, kind FROM units WHERE id = ?",
        &[Value::Text(id.to_owned())],
    )?;
    result.rows.first().map(decode).transpose()
}

/// Units after id `after`, by id.
pub fn list(db: &Db, after: Option<&str>, limit: u32) -> Result<Vec<Unit>, DbError> {
    let result = db.execute(
        "SELECT id, name, kind FROM units WHERE id > ? ORDER BY id LIMIT ?",
        &[
            Value::Text(after.unwrap_or("").to_owned()),
            Value::Integer(i64::from(limit)),
        ],
    )?;
    result.rows.iter().map(decode).collect()
}

/// Inserts a unit.
pub fn insert(db: &Db, unit: &Unit, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO units (id, name, kind, created_at) VALUES (?, ?, ?, ?)",
        &[
            Value::Text(unit.id.clone()),
            Value::Text(unit.name.clone()),
            Value::from(unit.kind.as_str()),
            Value::Text(now.to_rfc3339()),
        ],
    )?;
    Ok(())
}

/// Writes name and kind.
pub fn update(db: &Db, unit: &Unit) -> Result<(), DbError> {
    db.execute(
        "UPDATE units SET name = ?, kind = ? WHERE id = ?",
        &[
            Value::Text(unit.name.clone()),
            Value::from(unit.kind.as_str()),
            Value::Text(unit.id.clone()),
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_kind_is_a_decode_error() {
        assert_eq!(parse_kind("school").ok(), Some(UnitKind::School));
        assert!(matches!(parse_kind("ministry"), Err(DbError::Decode(_))));
    }
}
