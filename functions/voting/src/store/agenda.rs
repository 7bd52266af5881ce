//! Table `agenda_items`: the order of business (porządek obrad), positions 1..n with no gaps.

use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, opt_text, text_or_null, Db, DbError};
use ratusz_platform::db::{Row, Value};

/// An agenda item row (attachments are loaded separately).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemRow {
    /// Id.
    pub id: String,
    /// Meeting.
    pub session_id: String,
    /// 1-based position.
    pub position: u32,
    /// Title.
    pub title: String,
    /// Longer text.
    pub description: Option<String>,
}

const COLUMNS: &str = "id, session_id, position, title, description";

fn decode(row: &Row) -> Result<ItemRow, DbError> {
    Ok(ItemRow {
        id: db::text(row, 0, "agenda_items.id")?,
        session_id: db::text(row, 1, "agenda_items.session_id")?,
        position: u32::try_from(db::integer(row, 2, "agenda_items.position")?)
            .map_err(|_| DbError::Decode("agenda_items.position".into()))?,
        title: db::text(row, 3, "agenda_items.title")?,
        description: opt_text(row, 4),
    })
}

/// The items of meeting `session_id` in order.
pub fn of_meeting(db: &Db, session_id: &str) -> Result<Vec<ItemRow>, DbError> {
    let result = db.execute(
        &format!("SELECT {COLUMNS} FROM agenda_items WHERE session_id = ? ORDER BY position, id"),
        &[Value::Text(session_id.to_owned())],
    )?;
    result.rows.iter().map(decode).collect()
}

/// Item `id` of meeting `session_id` (`None` when absent or of another meeting).
pub fn by_id(db: &Db, session_id: &str, id: &str) -> Result<Option<ItemRow>, DbError> {
    let result = db.execute(
        &format!("SELECT {COLUMNS} FROM agenda_items WHERE session_id = ? AND id = ?"),
        &[
            Value::Text(session_id.to_owned()),
            Value::Text(id.to_owned()),
        ],
    )?;
    result.rows.first().map(decode).transpose()
}

/// Appends an item at the end of the agenda; returns it.
pub fn append(
    db: &Db,
    session_id: &str,
    id: &str,
    title: &str,
    description: Option<&str>,
    now: Timestamp,
) -> Result<ItemRow, DbError> {
    let result = db.execute(
        "SELECT COALESCE(MAX(position), 0) FROM agenda_items WHERE session_id = ?",
        &[Value::Text(session_id.to_owned())],
    )?;
    let last = match result.rows.first() {
        Some(row) => db::integer(row, 0, "agenda_items max position")?,
        None => 0,
    };
    let position =
        u32::try_from(last + 1).map_err(|_| DbError::Decode("agenda_items.position".into()))?;
    db.execute(
        "INSERT INTO agenda_items (id, session_id, position, title, description, created_at)
         VALUES (?, ?, ?, ?, ?, ?)",
        &[
            Value::Text(id.to_owned()),
            Value::Text(session_id.to_owned()),
            Value::Integer(i64::from(position)),
            Value::Text(title.to_owned()),
            text_or_null(description),
            Value::Text(now.to_rfc3339()),
        ],
    )?;
    Ok(ItemRow {
        id: id.to_owned(),
        session_id: session_id.to_owned(),
        position,
        title: title.to_owned(),
        description: description.map(str::to_owned),
    })
}

/// Writes the title and description of `item`.
pub fn update(db: &Db, item: &ItemRow) -> Result<(), DbError> {
    db.execute(
        "UPDATE agenda_items SET title = ?, description = ? WHERE id = ? AND session_id = ?",
        &[
            Value::Text(item.title.clone()),
            text_or_null(item.description.as_deref()),
            Value::Text(item.id.clone()),
            Value::Text(item.session_id.clone()),
        ],
    )?;
    Ok(())
}

/// Deletes `item` and closes the gap it leaves (positions stay 1..n).
pub fn delete(db: &Db, item: &ItemRow) -> Result<(), DbError> {
    let sid = Value::Text(item.session_id.clone());
    db.execute(
        "DELETE FROM agenda_items WHERE id = ? AND session_id = ?",
        &[Value::Text(item.id.clone()), sid.clone()],
    )?;
    db.execute(
        "UPDATE agenda_items SET position = position - 1 WHERE session_id = ? AND position > ?",
        &[sid, Value::Integer(i64::from(item.position))],
    )?;
    Ok(())
}

/// Gives the items of `session_id` the positions 1..n in the order of `item_ids` (the caller
/// checked it is a permutation of the meeting's items).
pub fn reorder(db: &Db, session_id: &str, item_ids: &[String]) -> Result<(), DbError> {
    for (i, id) in item_ids.iter().enumerate() {
        db.execute(
            "UPDATE agenda_items SET position = ? WHERE id = ? AND session_id = ?",
            &[
                Value::Integer(i64::try_from(i + 1).unwrap_or(i64::MAX)),
                Value::Text(id.clone()),
                Value::Text(session_id.to_owned()),
            ],
        )?;
    }
    Ok(())
}
