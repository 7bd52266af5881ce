//! Table `chat_mentions`: who a message mentions (members only), for the mention counters.

use super::in_list;
use ratusz_platform::db::{self, Db, DbError, Value};

/// Records that `mid` in `cid` mentions `user_ids` (replacing what it mentioned before).
pub fn set(db: &Db, cid: &str, mid: &str, user_ids: &[String]) -> Result<(), DbError> {
    clear(db, mid)?;
    for user_id in user_ids {
        db.execute(
            "INSERT OR IGNORE INTO chat_mentions (message_id, user_id, conversation_id) \
             VALUES (?, ?, ?)",
            &[
                Value::from(mid),
                Value::from(user_id.as_str()),
                Value::from(cid),
            ],
        )?;
    }
    Ok(())
}

/// Forgets the mentions of `mid`.
pub fn clear(db: &Db, mid: &str) -> Result<(), DbError> {
    db.execute(
        "DELETE FROM chat_mentions WHERE message_id = ?",
        &[Value::from(mid)],
    )?;
    Ok(())
}

/// The (message, user) pairs of the messages `ids`.
pub fn of_messages(db: &Db, ids: &[String]) -> Result<Vec<(String, String)>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let (marks, params) = in_list(ids);
    let result = db.execute(
        &format!(
            "SELECT message_id, user_id FROM chat_mentions WHERE message_id IN ({marks}) \
             ORDER BY message_id, user_id"
        ),
        &params,
    )?;
    result
        .rows
        .iter()
        .map(|row| {
            Ok((
                db::text(row, 0, "chat_mentions.message_id")?,
                db::text(row, 1, "chat_mentions.user_id")?,
            ))
        })
        .collect()
}

/// Unread mentions of `user_id` in `cid` after `marker`, on messages not deleted.
pub fn unread(db: &Db, cid: &str, user_id: &str, marker: Option<&str>) -> Result<u32, DbError> {
    let result = db.execute(
        "SELECT count(*) FROM chat_mentions m JOIN chat_messages g ON g.id = m.message_id \
         WHERE m.user_id = ? AND m.conversation_id = ? AND m.message_id > ? \
         AND g.deleted_at IS NULL AND g.author_id != ?",
        &[
            Value::from(user_id),
            Value::from(cid),
            Value::from(marker.unwrap_or("")),
            Value::from(user_id),
        ],
    )?;
    result.rows.first().map_or(Ok(0), |row| {
        u32::try_from(db::integer(row, 0, "count")?).map_err(|_| DbError::Decode("count".into()))
    })
}

/// Removes the mentions of messages `ids` (retention).
pub fn clear_messages(db: &Db, ids: &[String]) -> Result<(), DbError> {
    if ids.is_empty() {
        return Ok(());
    }
    let (marks, params) = super::in_list(ids);
    db.execute(
        &format!("DELETE FROM chat_mentions WHERE message_id IN ({marks})"),
        &params,
    )?;
    Ok(())
}
