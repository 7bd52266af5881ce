//! Table `chat_members`: who is in a direct or group conversation, and everyone's read
//! marker (in the council channel, membership is the role; its rows hold only markers).

use super::in_list;
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, opt_text, Db, DbError, Value};

/// The ids of the direct and group conversations `user_id` is a member of.
pub fn conversations_of(db: &Db, user_id: &str) -> Result<Vec<String>, DbError> {
    let result = db.execute(
        "SELECT m.conversation_id FROM chat_members m \
         JOIN chat_conversations c ON c.id = m.conversation_id \
         WHERE m.user_id = ? AND c.kind != 'council'",
        &[Value::from(user_id)],
    )?;
    result
        .rows
        .iter()
        .map(|row| db::text(row, 0, "chat_members.conversation_id"))
        .collect()
}

/// Whether `user_id` is a member of (direct or group) conversation `cid`.
pub fn is_member(db: &Db, cid: &str, user_id: &str) -> Result<bool, DbError> {
    let result = db.execute(
        "SELECT 1 FROM chat_members WHERE conversation_id = ? AND user_id = ?",
        &[Value::from(cid), Value::from(user_id)],
    )?;
    Ok(!result.rows.is_empty())
}

/// The member ids of `cid`.
pub fn of(db: &Db, cid: &str) -> Result<Vec<String>, DbError> {
    let result = db.execute(
        "SELECT user_id FROM chat_members WHERE conversation_id = ? ORDER BY user_id",
        &[Value::from(cid)],
    )?;
    result
        .rows
        .iter()
        .map(|row| db::text(row, 0, "chat_members.user_id"))
        .collect()
}

/// Adds `user_id` to `cid` at change `seq` (nothing when already there).
pub fn add(db: &Db, cid: &str, user_id: &str, seq: i64, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        "INSERT OR IGNORE INTO chat_members (conversation_id, user_id, read_up_to, seq, joined_at) \
         VALUES (?, ?, NULL, ?, ?)",
        &[
            Value::from(cid),
            Value::from(user_id),
            Value::Integer(seq),
            Value::from(now),
        ],
    )?;
    Ok(())
}

/// Moves every member row of `cid` to change `seq` (a change all its members must see).
pub fn touch_all(db: &Db, cid: &str, seq: i64) -> Result<(), DbError> {
    db.execute(
        "UPDATE chat_members SET seq = ? WHERE conversation_id = ?",
        &[Value::Integer(seq), Value::from(cid)],
    )?;
    Ok(())
}

/// Gives each of `user_ids` a row in `cid` at change `seq` (a new row without a read marker;
/// an existing one keeps its marker). The council channel's members have a row only once they
/// read something there; a change they must all see gives one to those without.
pub fn touch_people(
    db: &Db,
    cid: &str,
    user_ids: &[String],
    seq: i64,
    now: Timestamp,
) -> Result<(), DbError> {
    for user_id in user_ids {
        db.execute(
            "INSERT INTO chat_members (conversation_id, user_id, read_up_to, seq, joined_at) \
             VALUES (?, ?, NULL, ?, ?) \
             ON CONFLICT (conversation_id, user_id) DO UPDATE SET seq = excluded.seq",
            &[
                Value::from(cid),
                Value::from(user_id.as_str()),
                Value::Integer(seq),
                Value::from(now),
            ],
        )?;
    }
    Ok(())
}

/// Removes `user_id` from `cid`.
pub fn remove(db: &Db, cid: &str, user_id: &str) -> Result<(), DbError> {
    db.execute(
        "DELETE FROM chat_members WHERE conversation_id = ? AND user_id = ?",
        &[Value::from(cid), Value::from(user_id)],
    )?;
    Ok(())
}

/// `user_id`'s read marker in `cid`.
pub fn read_marker(db: &Db, cid: &str, user_id: &str) -> Result<Option<String>, DbError> {
    let result = db.execute(
        "SELECT read_up_to FROM chat_members WHERE conversation_id = ? AND user_id = ?",
        &[Value::from(cid), Value::from(user_id)],
    )?;
    Ok(result.rows.first().and_then(|row| opt_text(row, 0)))
}

/// Sets `user_id`'s read marker in `cid` at change `seq` (creating the row in the council
/// channel, where rows hold only markers).
pub fn set_marker(
    db: &Db,
    cid: &str,
    user_id: &str,
    message_id: &str,
    seq: i64,
    now: Timestamp,
) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO chat_members (conversation_id, user_id, read_up_to, seq, joined_at) \
         VALUES (?, ?, ?, ?, ?) \
         ON CONFLICT (conversation_id, user_id) DO UPDATE SET read_up_to = excluded.read_up_to, \
         seq = excluded.seq",
        &[
            Value::from(cid),
            Value::from(user_id),
            Value::from(message_id),
            Value::Integer(seq),
            Value::from(now),
        ],
    )?;
    Ok(())
}

/// The highest change number of `user_id`'s member rows in `cids` (joins, marker moves).
pub fn max_seq(db: &Db, user_id: &str, cids: &[String]) -> Result<i64, DbError> {
    if cids.is_empty() {
        return Ok(0);
    }
    let (marks, mut params) = in_list(cids);
    params.insert(0, Value::from(user_id));
    let result = db.execute(
        &format!(
            "SELECT coalesce(max(seq), 0) FROM chat_members \
             WHERE user_id = ? AND conversation_id IN ({marks})"
        ),
        &params,
    )?;
    result
        .rows
        .first()
        .map_or(Ok(0), |row| db::integer(row, 0, "max(chat_members.seq)"))
}

/// The conversations among `cids` whose member row for `user_id` changed after `since`.
pub fn changed_since(
    db: &Db,
    user_id: &str,
    cids: &[String],
    since: i64,
) -> Result<Vec<String>, DbError> {
    if cids.is_empty() {
        return Ok(Vec::new());
    }
    let (marks, mut params) = in_list(cids);
    params.insert(0, Value::from(user_id));
    params.push(Value::Integer(since));
    let result = db.execute(
        &format!(
            "SELECT conversation_id FROM chat_members \
             WHERE user_id = ? AND conversation_id IN ({marks}) AND seq > ?"
        ),
        &params,
    )?;
    result
        .rows
        .iter()
        .map(|row| db::text(row, 0, "chat_members.conversation_id"))
        .collect()
}
