//! Table `notify_messages`: a message's title and text sealed (`crate::messages::sealing`),
//! its audience as the wire JSON, its state and times, and where the audience's counting
//! stands (`audience_state`, `audience_count`, `audience_cursor`).

use ratusz_domain::api::notify::Channel;
use ratusz_domain::api::notify_messages::{Audience, AudienceState, Category, MessageState};
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, Db, DbError, Row, Value};

/// A message's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRow {
    /// Id (a ULID).
    pub id: String,
    /// Sealed title.
    pub title: String,
    /// Sealed text.
    pub text: String,
    /// Category.
    pub category: Category,
    /// Link.
    pub link: Option<String>,
    /// Channels.
    pub channels: Vec<Channel>,
    /// Audience.
    pub audience: Audience,
    /// Audience `everyone`.
    pub public: bool,
    /// State.
    pub state: MessageState,
    /// When to send.
    pub send_at: Option<Timestamp>,
    /// The template it came from.
    pub template_id: Option<String>,
    /// The staff account that wrote it.
    pub created_by: String,
    /// Created.
    pub created_at: Timestamp,
    /// Sending started.
    pub started_at: Option<Timestamp>,
    /// Nothing queued any more.
    pub finished_at: Option<Timestamp>,
    /// Cancelled.
    pub cancelled_at: Option<Timestamp>,
    /// Who cancelled it.
    pub cancelled_by: Option<String>,
    /// Whether counting goes on.
    pub audience_state: AudienceState,
    /// Recipients matched so far.
    pub audience_count: u64,
    /// The last recipient id the counting reached.
    pub audience_cursor: Option<String>,
}

const COLUMNS: &str = "id, title, text, category, link, channels, audience, public, state, \
     send_at, template_id, created_by, created_at, started_at, finished_at, cancelled_at, \
     cancelled_by, audience_state, audience_count, audience_cursor";

/// Channels as stored: wire names joined by commas.
pub fn channels_text(channels: &[Channel]) -> String {
    channels
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn parse_channels(text: &str) -> Result<Vec<Channel>, DbError> {
    text.split(',')
        .filter(|c| !c.is_empty())
        .map(|c| db::wire_text(c, "notify_messages.channels", Channel::parse))
        .collect()
}

fn from_row(row: &Row) -> Result<MessageRow, DbError> {
    let audience: Audience = serde_json::from_str(&db::text(row, 6, "notify_messages.audience")?)
        .map_err(|_| DbError::Decode("notify_messages.audience".into()))?;
    Ok(MessageRow {
        id: db::text(row, 0, "notify_messages.id")?,
        title: db::text(row, 1, "notify_messages.title")?,
        text: db::text(row, 2, "notify_messages.text")?,
        category: db::wire(row, 3, "notify_messages.category", Category::parse)?,
        link: db::opt_text(row, 4),
        channels: parse_channels(&db::text(row, 5, "notify_messages.channels")?)?,
        audience,
        public: db::integer(row, 7, "notify_messages.public")? != 0,
        state: db::wire(row, 8, "notify_messages.state", MessageState::parse)?,
        send_at: db::opt_time(row, 9),
        template_id: db::opt_text(row, 10),
        created_by: db::text(row, 11, "notify_messages.created_by")?,
        created_at: db::time(row, 12, "notify_messages.created_at")?,
        started_at: db::opt_time(row, 13),
        finished_at: db::opt_time(row, 14),
        cancelled_at: db::opt_time(row, 15),
        cancelled_by: db::opt_text(row, 16),
        audience_state: db::wire(
            row,
            17,
            "notify_messages.audience_state",
            AudienceState::parse,
        )?,
        audience_count: u64::try_from(db::integer(row, 18, "notify_messages.audience_count")?)
            .unwrap_or(0),
        audience_cursor: db::opt_text(row, 19),
    })
}

/// Stores a new message.
pub fn insert(db: &Db, m: &MessageRow) -> Result<(), DbError> {
    let audience = serde_json::to_string(&m.audience)
        .map_err(|_| DbError::Decode("notify_messages.audience".into()))?;
    db.execute(
        &format!(
            "INSERT INTO notify_messages ({COLUMNS}) VALUES \
             (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        ),
        &[
            m.id.as_str().into(),
            m.title.as_str().into(),
            m.text.as_str().into(),
            m.category.as_str().into(),
            db::text_or_null(m.link.as_deref()),
            channels_text(&m.channels).into(),
            audience.into(),
            m.public.into(),
            m.state.as_str().into(),
            db::time_or_null(m.send_at),
            db::text_or_null(m.template_id.as_deref()),
            m.created_by.as_str().into(),
            m.created_at.into(),
            db::time_or_null(m.started_at),
            db::time_or_null(m.finished_at),
            db::time_or_null(m.cancelled_at),
            db::text_or_null(m.cancelled_by.as_deref()),
            m.audience_state.as_str().into(),
            Value::Integer(i64::try_from(m.audience_count).unwrap_or(i64::MAX)),
            db::text_or_null(m.audience_cursor.as_deref()),
        ],
    )?;
    Ok(())
}

/// Message `id`.
pub fn by_id(db: &Db, id: &str) -> Result<Option<MessageRow>, DbError> {
    db.execute(
        &format!("SELECT {COLUMNS} FROM notify_messages WHERE id = ?"),
        &[id.into()],
    )?
    .rows
    .first()
    .map(from_row)
    .transpose()
}

/// Up to `limit` messages below id `before` (newest first), optionally in one state.
pub fn page(
    db: &Db,
    state: Option<MessageState>,
    before: Option<&str>,
    limit: u32,
) -> Result<Vec<MessageRow>, DbError> {
    let state = state.map(|s| s.as_str());
    db.execute(
        &format!(
            "SELECT {COLUMNS} FROM notify_messages \
             WHERE (? IS NULL OR state = ?) AND (? IS NULL OR id < ?) \
             ORDER BY id DESC LIMIT ?"
        ),
        &[
            db::text_or_null(state),
            db::text_or_null(state),
            db::text_or_null(before),
            db::text_or_null(before),
            limit.into(),
        ],
    )?
    .rows
    .iter()
    .map(from_row)
    .collect()
}

/// Marks message `id` cancelled by `by` if it is still scheduled or sending; whether it was.
pub fn cancel(db: &Db, id: &str, by: &str, now: Timestamp) -> Result<bool, DbError> {
    db.execute(
        "UPDATE notify_messages SET state = 'cancelled', cancelled_at = ?, cancelled_by = ? \
         WHERE id = ? AND state IN ('scheduled', 'sending')",
        &[now.into(), by.into(), id.into()],
    )?;
    Ok(db.changes() == 1)
}

/// Starts up to `limit` scheduled messages whose `send_at` has come; their ids.
pub fn start_due(db: &Db, now: Timestamp, limit: u32) -> Result<Vec<String>, DbError> {
    db.transaction(|db| {
        let ids: Vec<String> = db
            .execute(
                "SELECT id FROM notify_messages WHERE state = 'scheduled' AND send_at <= ? \
                 ORDER BY send_at LIMIT ?",
                &[now.into(), limit.into()],
            )?
            .rows
            .iter()
            .map(|r| db::text(r, 0, "notify_messages.id"))
            .collect::<Result<_, _>>()?;
        for id in &ids {
            db.execute(
                "UPDATE notify_messages SET state = 'sending', started_at = ? \
                 WHERE id = ? AND state = 'scheduled'",
                &[now.into(), id.as_str().into()],
            )?;
        }
        Ok(ids)
    })
}

/// Messages whose audience is still being counted, oldest first.
pub fn counting(db: &Db, limit: u32) -> Result<Vec<MessageRow>, DbError> {
    db.execute(
        &format!(
            "SELECT {COLUMNS} FROM notify_messages \
             WHERE state = 'sending' AND audience_state = 'counting' ORDER BY id LIMIT ?"
        ),
        &[limit.into()],
    )?
    .rows
    .iter()
    .map(from_row)
    .collect()
}

/// Moves message `id`'s counting from cursor `old` to `new`, adding `matched` to the count,
/// and marks it counted when `done` — only if the cursor is still `old` (another tick did
/// not take the same batch meanwhile). Joins the caller's transaction; whether it moved.
pub fn advance_counting(
    db: &Db,
    id: &str,
    old: Option<&str>,
    new: Option<&str>,
    matched: u64,
    done: bool,
) -> Result<bool, DbError> {
    let state = if done {
        AudienceState::Done
    } else {
        AudienceState::Counting
    };
    db.execute(
        "UPDATE notify_messages SET audience_cursor = ?, audience_state = ?, \
         audience_count = audience_count + ? \
         WHERE id = ? AND state = 'sending' AND audience_state = 'counting' \
         AND audience_cursor IS ?",
        &[
            db::text_or_null(new),
            state.as_str().into(),
            Value::Integer(i64::try_from(matched).unwrap_or(i64::MAX)),
            id.into(),
            db::text_or_null(old),
        ],
    )?;
    Ok(db.changes() == 1)
}

/// Marks message `id` done when it is sending, counted, and nothing of it is queued (the
/// counters say so); joins the caller's transaction. Whether it was.
pub fn finish_if_drained(db: &Db, id: &str, now: Timestamp) -> Result<bool, DbError> {
    db.execute(
        "UPDATE notify_messages SET state = 'done', finished_at = ? \
         WHERE id = ? AND state = 'sending' AND audience_state = 'done' \
         AND NOT EXISTS (SELECT 1 FROM notify_delivery_counts c \
                         WHERE c.message_id = notify_messages.id AND c.state = 'queued' AND c.n > 0)",
        &[now.into(), id.into()],
    )?;
    Ok(db.changes() == 1)
}

/// Sending messages that may be done (counted; the caller checks the counters).
pub fn sending_counted(db: &Db, limit: u32) -> Result<Vec<String>, DbError> {
    db.execute(
        "SELECT id FROM notify_messages WHERE state = 'sending' AND audience_state = 'done' \
         ORDER BY id LIMIT ?",
        &[limit.into()],
    )?
    .rows
    .iter()
    .map(|r| db::text(r, 0, "notify_messages.id"))
    .collect()
}
