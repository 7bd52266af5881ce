//! What residents read of `notify_messages` (docs/api/notifications-messages.md § The bound
//! device, Public): the public news feed (messages to everyone once sending started) and one
//! resident's messages (those and every message sent to them on any channel). Newest first by
//! the start of sending; a page continues below the cursor message's `(started_at, id)`.

use ratusz_domain::api::notify_messages::Category;
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, Db, DbError, Row, Value};

/// A message as a feed shows it (title and text still sealed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedRow {
    /// Id.
    pub id: String,
    /// Sealed title.
    pub title: String,
    /// Sealed text.
    pub text: String,
    /// Category.
    pub category: Category,
    /// Link.
    pub link: Option<String>,
    /// When sending started.
    pub started_at: Timestamp,
}

const COLUMNS: &str = "m.id, m.title, m.text, m.category, m.link, m.started_at";

/// Below the cursor message (none, or an id that names no started message: from the top /
/// nothing — a cursor is only ever an id this list gave).
const BELOW_CURSOR: &str = "(? IS NULL OR (m.started_at, m.id) < \
     (SELECT c.started_at, c.id FROM notify_messages c WHERE c.id = ?))";

fn feed_row(row: &Row) -> Result<FeedRow, DbError> {
    Ok(FeedRow {
        id: db::text(row, 0, "notify_messages.id")?,
        title: db::text(row, 1, "notify_messages.title")?,
        text: db::text(row, 2, "notify_messages.text")?,
        category: db::wire(row, 3, "notify_messages.category", Category::parse)?,
        link: db::opt_text(row, 4),
        started_at: db::time(row, 5, "notify_messages.started_at")?,
    })
}

/// Messages to everyone once sending started, newest first (the partial index
/// `notify_messages_news`).
pub fn news(db: &Db, before: Option<&str>, limit: u32) -> Result<Vec<FeedRow>, DbError> {
    let cursor = db::text_or_null(before);
    db.execute(
        &format!(
            "SELECT {COLUMNS} FROM notify_messages m
             WHERE m.public = 1 AND m.started_at IS NOT NULL AND {BELOW_CURSOR}
             ORDER BY m.started_at DESC, m.id DESC LIMIT ?"
        ),
        &[cursor.clone(), cursor, Value::Integer(i64::from(limit))],
    )?
    .rows
    .iter()
    .map(feed_row)
    .collect()
}

/// What recipient `recipient_id` reads: every message to everyone once sending started, and
/// every message with a delivery to them that went out (`sent` or `delivered`) on any channel.
pub fn of_recipient(
    db: &Db,
    recipient_id: &str,
    before: Option<&str>,
    limit: u32,
) -> Result<Vec<FeedRow>, DbError> {
    let cursor = db::text_or_null(before);
    db.execute(
        &format!(
            "SELECT {COLUMNS} FROM notify_messages m
             WHERE m.started_at IS NOT NULL
               AND (m.public = 1 OR EXISTS (SELECT 1 FROM notify_deliveries d
                    WHERE d.recipient_id = ? AND d.message_id = m.id
                      AND d.state IN ('sent', 'delivered')))
               AND {BELOW_CURSOR}
             ORDER BY m.started_at DESC, m.id DESC LIMIT ?"
        ),
        &[
            recipient_id.into(),
            cursor.clone(),
            cursor,
            Value::Integer(i64::from(limit)),
        ],
    )?
    .rows
    .iter()
    .map(feed_row)
    .collect()
}
