//! Table `chat_messages`: the sealed body (text and its rendering), the reply, the times and
//! the change numbers the updates poll reads.

use super::in_list;
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, opt_text, opt_time, time, Db, DbError, Row, Value};

/// A message row (body still sealed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRow {
    /// Id.
    pub id: String,
    /// Conversation.
    pub conversation_id: String,
    /// Author's account id.
    pub author_id: String,
    /// The sealed body; `None` once deleted.
    pub sealed_body: Option<String>,
    /// The answered message.
    pub reply_to: Option<String>,
    /// Sent.
    pub created_at: Timestamp,
    /// Last edited.
    pub edited_at: Option<Timestamp>,
    /// Deleted.
    pub deleted_at: Option<Timestamp>,
    /// The change number it was sent at.
    pub created_seq: i64,
    /// The change number of its last change.
    pub change_seq: i64,
}

const COLUMNS: &str = "id, conversation_id, author_id, body, reply_to, created_at, edited_at, \
    deleted_at, created_seq, change_seq";

fn decode(row: &Row) -> Result<MessageRow, DbError> {
    Ok(MessageRow {
        id: db::text(row, 0, "chat_messages.id")?,
        conversation_id: db::text(row, 1, "chat_messages.conversation_id")?,
        author_id: db::text(row, 2, "chat_messages.author_id")?,
        sealed_body: opt_text(row, 3),
        reply_to: opt_text(row, 4),
        created_at: time(row, 5, "chat_messages.created_at")?,
        edited_at: opt_time(row, 6),
        deleted_at: opt_time(row, 7),
        created_seq: db::integer(row, 8, "chat_messages.created_seq")?,
        change_seq: db::integer(row, 9, "chat_messages.change_seq")?,
    })
}

fn rows(db: &Db, sql: &str, params: &[Value]) -> Result<Vec<MessageRow>, DbError> {
    db.execute(sql, params)?.rows.iter().map(decode).collect()
}

/// Message `mid` of conversation `cid`.
pub fn by_id(db: &Db, cid: &str, mid: &str) -> Result<Option<MessageRow>, DbError> {
    Ok(rows(
        db,
        &format!("SELECT {COLUMNS} FROM chat_messages WHERE conversation_id = ? AND id = ?"),
        &[Value::from(cid), Value::from(mid)],
    )?
    .into_iter()
    .next())
}

/// The messages `ids` (any conversation), in no particular order.
pub fn by_ids(db: &Db, ids: &[String]) -> Result<Vec<MessageRow>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let (marks, params) = in_list(ids);
    rows(
        db,
        &format!("SELECT {COLUMNS} FROM chat_messages WHERE id IN ({marks})"),
        &params,
    )
}

/// Up to `limit` messages of `cid` older than `before` (or the newest), newest first.
pub fn page(
    db: &Db,
    cid: &str,
    before: Option<&str>,
    limit: u32,
) -> Result<Vec<MessageRow>, DbError> {
    match before {
        Some(before) => rows(
            db,
            &format!(
                "SELECT {COLUMNS} FROM chat_messages WHERE conversation_id = ? AND id < ? \
                 ORDER BY id DESC LIMIT ?"
            ),
            &[Value::from(cid), Value::from(before), Value::from(limit)],
        ),
        None => rows(
            db,
            &format!(
                "SELECT {COLUMNS} FROM chat_messages WHERE conversation_id = ? \
                 ORDER BY id DESC LIMIT ?"
            ),
            &[Value::from(cid), Value::from(limit)],
        ),
    }
}

/// The newest message of `cid`.
pub fn newest(db: &Db, cid: &str) -> Result<Option<MessageRow>, DbError> {
    Ok(page(db, cid, None, 1)?.into_iter().next())
}

/// Messages of `cids` changed after `since`, in change order, at most `limit`.
pub fn changed_since(
    db: &Db,
    cids: &[String],
    since: i64,
    limit: usize,
) -> Result<Vec<MessageRow>, DbError> {
    if cids.is_empty() {
        return Ok(Vec::new());
    }
    let (marks, mut params) = in_list(cids);
    params.push(Value::Integer(since));
    params.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
    rows(
        db,
        &format!(
            "SELECT {COLUMNS} FROM chat_messages WHERE conversation_id IN ({marks}) \
             AND change_seq > ? ORDER BY change_seq LIMIT ?"
        ),
        &params,
    )
}

/// The highest change number of the messages in `cids`.
pub fn max_change(db: &Db, cids: &[String]) -> Result<i64, DbError> {
    let mut highest = 0;
    // One indexed look-up per conversation (index on conversation and change number).
    for cid in cids {
        let result = db.execute(
            "SELECT coalesce(max(change_seq), 0) FROM chat_messages WHERE conversation_id = ?",
            &[Value::from(cid.as_str())],
        )?;
        if let Some(row) = result.rows.first() {
            highest = highest.max(db::integer(row, 0, "max(change_seq)")?);
        }
    }
    Ok(highest)
}

/// Messages by others than `user_id` after `marker` in `cid`, not deleted.
pub fn unread(db: &Db, cid: &str, user_id: &str, marker: Option<&str>) -> Result<u32, DbError> {
    let result = db.execute(
        "SELECT count(*) FROM chat_messages WHERE conversation_id = ? AND id > ? \
         AND author_id != ? AND deleted_at IS NULL",
        &[
            Value::from(cid),
            Value::from(marker.unwrap_or("")),
            Value::from(user_id),
        ],
    )?;
    result.rows.first().map_or(Ok(0), |row| {
        u32::try_from(db::integer(row, 0, "count")?).map_err(|_| DbError::Decode("count".into()))
    })
}

/// A new message, its body already sealed.
pub struct NewMessage<'a> {
    /// Id.
    pub id: &'a str,
    /// Conversation.
    pub conversation_id: &'a str,
    /// Author.
    pub author_id: &'a str,
    /// Sealed body.
    pub sealed_body: &'a str,
    /// The answered message.
    pub reply_to: Option<&'a str>,
}

/// Inserts `m` at change `seq`.
pub fn insert(db: &Db, m: &NewMessage<'_>, seq: i64, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO chat_messages (id, conversation_id, author_id, body, reply_to, created_at, \
         edited_at, deleted_at, created_seq, change_seq) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)",
        &[
            Value::from(m.id),
            Value::from(m.conversation_id),
            Value::from(m.author_id),
            Value::from(m.sealed_body),
            db::text_or_null(m.reply_to),
            Value::from(now),
            Value::Integer(seq),
            Value::Integer(seq),
        ],
    )?;
    Ok(())
}

/// Replaces the body of `mid` (an edit) at change `seq`.
pub fn edit(
    db: &Db,
    mid: &str,
    sealed_body: &str,
    seq: i64,
    now: Timestamp,
) -> Result<(), DbError> {
    db.execute(
        "UPDATE chat_messages SET body = ?, edited_at = ?, change_seq = ? WHERE id = ?",
        &[
            Value::from(sealed_body),
            Value::from(now),
            Value::Integer(seq),
            Value::from(mid),
        ],
    )?;
    Ok(())
}

/// Deletes the body of `mid` (id, author and times stay) at change `seq`.
pub fn delete(db: &Db, mid: &str, seq: i64, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        "UPDATE chat_messages SET body = NULL, deleted_at = ?, change_seq = ? WHERE id = ?",
        &[Value::from(now), Value::Integer(seq), Value::from(mid)],
    )?;
    Ok(())
}

/// Messages of `cids` (not deleted, older than `before`) holding, for every word, one of its
/// tokens (`words[i]` lists the word's token under each index key), newest first.
pub fn search(
    db: &Db,
    cids: &[String],
    words: &[Vec<String>],
    before: Option<&str>,
    limit: u32,
) -> Result<Vec<MessageRow>, DbError> {
    if cids.is_empty() || words.is_empty() {
        return Ok(Vec::new());
    }
    let (marks, mut params) = in_list(cids);
    let mut sql = format!(
        "SELECT {COLUMNS} FROM chat_messages m WHERE m.conversation_id IN ({marks}) \
         AND m.deleted_at IS NULL AND m.id < ?"
    );
    params.push(Value::from(before.unwrap_or("\u{10FFFF}")));
    for tokens in words {
        let (token_marks, token_params) = in_list(tokens);
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM chat_words w WHERE w.message_id = m.id \
             AND w.token IN ({token_marks}))"
        ));
        params.extend(token_params);
    }
    sql.push_str(" ORDER BY m.id DESC LIMIT ?");
    params.push(Value::from(limit));
    rows(db, &sql, &params)
}

/// Every kept message of `cid`, oldest first (an export).
pub fn all(db: &Db, cid: &str) -> Result<Vec<MessageRow>, DbError> {
    rows(
        db,
        &format!("SELECT {COLUMNS} FROM chat_messages WHERE conversation_id = ? ORDER BY id"),
        &[Value::from(cid)],
    )
}

/// Up to `limit` messages sent before `cutoff`, oldest first, as (id, conversation) pairs
/// (retention; deleted ones included: their id, author and times are kept data too).
pub fn sent_before(
    db: &Db,
    cutoff: Timestamp,
    limit: u32,
) -> Result<Vec<(String, String)>, DbError> {
    db.execute(
        "SELECT id, conversation_id FROM chat_messages WHERE created_at < ? \
         ORDER BY created_at, id LIMIT ?",
        &[Value::from(cutoff), Value::from(limit)],
    )?
    .rows
    .iter()
    .map(|row| {
        Ok((
            db::text(row, 0, "chat_messages.id")?,
            db::text(row, 1, "chat_messages.conversation_id")?,
        ))
    })
    .collect()
}

/// Deletes the rows of messages `ids` (retention; what hangs from them goes first).
pub fn purge(db: &Db, ids: &[String]) -> Result<(), DbError> {
    if ids.is_empty() {
        return Ok(());
    }
    let (marks, params) = in_list(ids);
    db.execute(
        &format!("DELETE FROM chat_messages WHERE id IN ({marks})"),
        &params,
    )?;
    Ok(())
}
