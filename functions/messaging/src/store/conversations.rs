//! Table `chat_conversations`.

use super::in_list;
use ratusz_domain::api::chat::ConversationKind;
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, opt_text, time, wire, Db, DbError, Row, Value};

/// A conversation row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationRow {
    /// Id.
    pub id: String,
    /// Direct, group or council.
    pub kind: ConversationKind,
    /// Title (groups and the council channel).
    pub title: Option<String>,
    /// When it was created.
    pub created_at: Timestamp,
    /// The newest message's time (or the creation).
    pub last_activity_at: Timestamp,
}

const COLUMNS: &str = "id, kind, title, created_at, last_activity_at";

fn decode(row: &Row) -> Result<ConversationRow, DbError> {
    Ok(ConversationRow {
        id: db::text(row, 0, "chat_conversations.id")?,
        kind: wire(row, 1, "chat_conversations.kind", ConversationKind::parse)?,
        title: opt_text(row, 2),
        created_at: time(row, 3, "chat_conversations.created_at")?,
        last_activity_at: time(row, 4, "chat_conversations.last_activity_at")?,
    })
}

/// Conversation `id`.
pub fn by_id(db: &Db, id: &str) -> Result<Option<ConversationRow>, DbError> {
    let result = db.execute(
        &format!("SELECT {COLUMNS} FROM chat_conversations WHERE id = ?"),
        &[Value::from(id)],
    )?;
    result.rows.first().map(decode).transpose()
}

/// The conversations `ids`, the most recently active first.
pub fn by_ids_newest_first(db: &Db, ids: &[String]) -> Result<Vec<ConversationRow>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let (marks, params) = in_list(ids);
    let result = db.execute(
        &format!(
            "SELECT {COLUMNS} FROM chat_conversations WHERE id IN ({marks}) \
             ORDER BY last_activity_at DESC, id DESC"
        ),
        &params,
    )?;
    result.rows.iter().map(decode).collect()
}

/// The direct conversation of `pair` (see `chat::direct_pair`).
pub fn direct_by_pair(db: &Db, pair: &str) -> Result<Option<ConversationRow>, DbError> {
    let result = db.execute(
        &format!("SELECT {COLUMNS} FROM chat_conversations WHERE direct_pair = ?"),
        &[Value::from(pair)],
    )?;
    result.rows.first().map(decode).transpose()
}

/// The council-wide channel, if created.
pub fn council(db: &Db) -> Result<Option<ConversationRow>, DbError> {
    let result = db.execute(
        &format!("SELECT {COLUMNS} FROM chat_conversations WHERE kind = 'council'"),
        &[],
    )?;
    result.rows.first().map(decode).transpose()
}

/// A new conversation.
pub struct NewConversation<'a> {
    /// Id.
    pub id: &'a str,
    /// Kind.
    pub kind: ConversationKind,
    /// Title.
    pub title: Option<&'a str>,
    /// The pair of a direct conversation.
    pub direct_pair: Option<&'a str>,
    /// Creator.
    pub created_by: &'a str,
}

/// Inserts `c` unless its pair (or the council channel) exists already; true when inserted.
pub fn insert(db: &Db, c: &NewConversation<'_>, now: Timestamp) -> Result<bool, DbError> {
    db.execute(
        "INSERT OR IGNORE INTO chat_conversations \
         (id, kind, title, direct_pair, created_by, created_at, last_activity_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        &[
            Value::from(c.id),
            Value::from(c.kind.as_str()),
            db::text_or_null(c.title),
            db::text_or_null(c.direct_pair),
            Value::from(c.created_by),
            Value::from(now),
            Value::from(now),
        ],
    )?;
    Ok(db.changes() == 1)
}

/// Sets a group's title.
pub fn set_title(db: &Db, id: &str, title: &str) -> Result<(), DbError> {
    db.execute(
        "UPDATE chat_conversations SET title = ? WHERE id = ?",
        &[Value::from(title), Value::from(id)],
    )?;
    Ok(())
}

/// Marks activity (a new message) for the list's order.
pub fn touch(db: &Db, id: &str, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        "UPDATE chat_conversations SET last_activity_at = ? WHERE id = ? AND last_activity_at < ?",
        &[Value::from(now), Value::from(id), Value::from(now)],
    )?;
    Ok(())
}

/// One page of groups, newest first (ids are time-ordered): those created before `before`
/// when given, at most `limit`.
pub fn groups_newest_first(
    db: &Db,
    before: Option<&str>,
    limit: u32,
) -> Result<Vec<ConversationRow>, DbError> {
    let result = db.execute(
        &format!(
            "SELECT {COLUMNS} FROM chat_conversations WHERE kind = 'group' \
             AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?"
        ),
        &[
            db::text_or_null(before),
            db::text_or_null(before),
            Value::from(limit),
        ],
    )?;
    result.rows.iter().map(decode).collect()
}

/// Conversation `id`'s change number as the database tells it now: its newest message change
/// or the number all its member rows have reached (a rename, a member change or a purge moves
/// every row; read markers only move one), whichever is higher. Every member's cursor is at
/// least that (the council channel's members without a row aside), and every change all its
/// members see leaves it at least as high — what a change mark is raised to
/// (`store::marks`).
pub fn committed_change(db: &Db, id: &str) -> Result<i64, DbError> {
    let result = db.execute(
        "SELECT max(\
         coalesce((SELECT max(change_seq) FROM chat_messages WHERE conversation_id = ?), 0), \
         coalesce((SELECT min(seq) FROM chat_members WHERE conversation_id = ?), 0))",
        &[Value::from(id), Value::from(id)],
    )?;
    result
        .rows
        .first()
        .map_or(Ok(0), |row| db::integer(row, 0, "committed change"))
}
