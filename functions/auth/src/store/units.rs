//! Table `units`.

use ratusz_domain::api::accounts::{Unit, UnitKind};
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, Db, DbError};
use spin_sdk::sqlite3::{RowResult, Value};

/// The wire name of a unit kind.
pub fn kind_text(kind: UnitKind) -> &'static str {
    match kind {
        UnitKind::Council => "council",
        UnitKind::School => "school",
        UnitKind::Department => "department",
        UnitKind::Other => "other",
    }
}

fn parse_kind(text: &str) -> UnitKind {
    match text {
        "council" => UnitKind::Council,
        "school" => UnitKind::School,
        "department" => UnitKind::Department,
        _ => UnitKind::Other,
    }
}

fn decode(row: &RowResult) -> Result<Unit, DbError> {
    Ok(Unit {
        id: db::text(row, 0, "units.id")?,
        name: db::text(row, 1, "units.name")?,
        kind: parse_kind(&db::text(row, 2, "units.kind")?),
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
            Value::Text(kind_text(unit.kind).to_owned()),
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
            Value::Text(kind_text(unit.kind).to_owned()),
            Value::Text(unit.id.clone()),
        ],
    )?;
    Ok(())
}
