//! Tables `meetings` and `meeting_members`.

use super::{count, wire};
use ratusz_domain::api::council::{MeetingKind, MeetingState, MemberView, SpeakingLimits};
use ratusz_domain::time::Timestamp;
use ratusz_platform::accounts_view::VIEW;
use ratusz_platform::db::{
    self, flag, opt_text, opt_time, text_or_null, time, time_or_null, Db, DbError,
};
use ratusz_platform::db::{Row, Value};

/// A meeting row (members and agenda are loaded separately).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRow {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Number as text.
    pub number: String,
    /// Kind.
    pub kind: MeetingKind,
    /// State.
    pub state: MeetingState,
    /// Planned start.
    pub starts_at: Timestamp,
    /// Place.
    pub location: String,
    /// Video room.
    pub video_url: Option<String>,
    /// Statutory composition.
    pub statutory_members: u32,
    /// Named chair.
    pub chair_id: Option<String>,
    /// Speaking limits.
    pub limits: SpeakingLimits,
    /// Vote changes allowed until close.
    pub allow_vote_change: bool,
    /// Speaker list open.
    pub list_open: bool,
    /// Current agenda item.
    pub current_item_id: Option<String>,
    /// Opened by the chair.
    pub opened_at: Option<Timestamp>,
    /// Closed by the chair.
    pub closed_at: Option<Timestamp>,
}

/// The columns [`decode`] reads, in order.
pub const COLUMNS: &str = "id, title, number, kind, state, starts_at, location, video_url, \
    statutory_members, chair_id, limit_normal, limit_ad_vocem, limit_formal_motion, \
    allow_vote_change, list_open, current_item_id, opened_at, closed_at";

fn flag_column(row: &Row, i: usize, what: &str) -> Result<bool, DbError> {
    Ok(db::integer(row, i, what)? != 0)
}

/// Decodes a row selected with [`COLUMNS`].
pub fn decode(row: &Row) -> Result<MeetingRow, DbError> {
    Ok(MeetingRow {
        id: db::text(row, 0, "meetings.id")?,
        title: db::text(row, 1, "meetings.title")?,
        number: db::text(row, 2, "meetings.number")?,
        kind: wire(row, 3, "meetings.kind", MeetingKind::parse)?,
        state: wire(row, 4, "meetings.state", MeetingState::parse)?,
        starts_at: time(row, 5, "meetings.starts_at")?,
        location: db::text(row, 6, "meetings.location")?,
        video_url: opt_text(row, 7),
        statutory_members: count(row, 8, "meetings.statutory_members")?,
        chair_id: opt_text(row, 9),
        limits: SpeakingLimits {
            normal: count(row, 10, "meetings.limit_normal")?,
            ad_vocem: count(row, 11, "meetings.limit_ad_vocem")?,
            formal_motion: count(row, 12, "meetings.limit_formal_motion")?,
        },
        allow_vote_change: flag_column(row, 13, "meetings.allow_vote_change")?,
        list_open: flag_column(row, 14, "meetings.list_open")?,
        current_item_id: opt_text(row, 15),
        opened_at: opt_time(row, 16),
        closed_at: opt_time(row, 17),
    })
}

/// The meeting `id`.
pub fn by_id(db: &Db, id: &str) -> Result<Option<MeetingRow>, DbError> {
    let result = db.execute(
        &format!("SELECT {COLUMNS} FROM meetings WHERE id = ?"),
        &[Value::Text(id.to_owned())],
    )?;
    result.rows.first().map(decode).transpose()
}

/// Whether `user_id` is a member of meeting `session_id`.
pub fn is_member(db: &Db, session_id: &str, user_id: &str) -> Result<bool, DbError> {
    let result = db.execute(
        "SELECT 1 FROM meeting_members WHERE session_id = ? AND user_id = ?",
        &[
            Value::Text(session_id.to_owned()),
            Value::Text(user_id.to_owned()),
        ],
    )?;
    Ok(!result.rows.is_empty())
}

/// Members with their names, in the meeting's order (an account gone from the directory
/// shows its id).
pub fn members(db: &Db, session_id: &str) -> Result<Vec<MemberView>, DbError> {
    let result = db.execute(
        &format!(
            "SELECT m.user_id, COALESCE(u.display_name, m.user_id)
             FROM meeting_members m LEFT JOIN {VIEW} u ON u.id = m.user_id
             WHERE m.session_id = ? ORDER BY m.position"
        ),
        &[Value::from(session_id)],
    )?;
    result
        .rows
        .iter()
        .map(|row| {
            Ok(MemberView {
                user_id: db::text(row, 0, "meeting_members.user_id")?,
                name: db::text(row, 1, "account_directory.display_name")?,
            })
        })
        .collect()
}

fn meeting_values(m: &MeetingRow) -> Vec<Value> {
    vec![
        Value::Text(m.title.clone()),
        Value::Text(m.number.clone()),
        Value::from(m.kind.as_str()),
        Value::from(m.state.as_str()),
        Value::Text(m.starts_at.to_rfc3339()),
        Value::Text(m.location.clone()),
        text_or_null(m.video_url.as_deref()),
        Value::Integer(i64::from(m.statutory_members)),
        text_or_null(m.chair_id.as_deref()),
        Value::Integer(i64::from(m.limits.normal)),
        Value::Integer(i64::from(m.limits.ad_vocem)),
        Value::Integer(i64::from(m.limits.formal_motion)),
        flag(m.allow_vote_change),
        flag(m.list_open),
        text_or_null(m.current_item_id.as_deref()),
        time_or_null(m.opened_at),
        time_or_null(m.closed_at),
    ]
}

/// Inserts a new meeting created by `created_by`.
pub fn insert(db: &Db, m: &MeetingRow, created_by: &str, now: Timestamp) -> Result<(), DbError> {
    let mut params = vec![Value::Text(m.id.clone())];
    params.extend(meeting_values(m));
    params.extend([
        Value::Text(created_by.to_owned()),
        Value::Text(now.to_rfc3339()),
        Value::Text(now.to_rfc3339()),
    ]);
    db.execute(
        &format!(
            "INSERT INTO meetings ({COLUMNS}, created_by, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        ),
        &params,
    )?;
    Ok(())
}

/// Writes every field of `m` back (the handler changed what the request asked for).
pub fn update(db: &Db, m: &MeetingRow, now: Timestamp) -> Result<(), DbError> {
    let mut params = meeting_values(m);
    params.extend([Value::Text(now.to_rfc3339()), Value::Text(m.id.clone())]);
    db.execute(
        "UPDATE meetings SET title = ?, number = ?, kind = ?, state = ?, starts_at = ?,
           location = ?, video_url = ?, statutory_members = ?, chair_id = ?, limit_normal = ?,
           limit_ad_vocem = ?, limit_formal_motion = ?, allow_vote_change = ?, list_open = ?,
           current_item_id = ?, opened_at = ?, closed_at = ?, updated_at = ?
         WHERE id = ?",
        &params,
    )?;
    Ok(())
}

/// Moves meeting `id` from state `from` to `to`; `false` when it was not in `from` any more
/// (a concurrent change won: the caller answers 409). `opened_at`/`closed_at` are stamped on
/// entering `live`/`closed`.
pub fn transition(
    db: &Db,
    id: &str,
    from: MeetingState,
    to: MeetingState,
    now: Timestamp,
) -> Result<bool, DbError> {
    let stamp = match to {
        MeetingState::Live => ", opened_at = ?",
        MeetingState::Closed => ", closed_at = ?",
        _ => "",
    };
    let mut params = vec![Value::from(to.as_str()), Value::Text(now.to_rfc3339())];
    if !stamp.is_empty() {
        params.push(Value::Text(now.to_rfc3339()));
    }
    params.extend([Value::Text(id.to_owned()), Value::from(from.as_str())]);
    db.execute(
        &format!("UPDATE meetings SET state = ?, updated_at = ?{stamp} WHERE id = ? AND state = ?"),
        &params,
    )?;
    Ok(db.changes() == 1)
}

/// Sets (or clears) the current agenda item.
pub fn set_current_item(db: &Db, id: &str, item_id: Option<&str>) -> Result<(), DbError> {
    db.execute(
        "UPDATE meetings SET current_item_id = ? WHERE id = ?",
        &[text_or_null(item_id), Value::Text(id.to_owned())],
    )?;
    Ok(())
}

/// Replaces the member list of `session_id` with `user_ids` (in that order) and forgets the
/// attendance of anyone no longer a member.
pub fn set_members(db: &Db, session_id: &str, user_ids: &[String]) -> Result<(), DbError> {
    let sid = Value::Text(session_id.to_owned());
    db.execute(
        "DELETE FROM meeting_members WHERE session_id = ?",
        std::slice::from_ref(&sid),
    )?;
    for (position, user_id) in user_ids.iter().enumerate() {
        db.execute(
            "INSERT INTO meeting_members (session_id, user_id, position) VALUES (?, ?, ?)",
            &[
                sid.clone(),
                Value::Text(user_id.clone()),
                Value::Integer(i64::try_from(position).unwrap_or(i64::MAX)),
            ],
        )?;
    }
    db.execute(
        "DELETE FROM attendance WHERE session_id = ? AND user_id NOT IN
           (SELECT user_id FROM meeting_members WHERE session_id = ?)",
        &[sid.clone(), sid],
    )?;
    Ok(())
}

/// Member account ids, in the meeting's order.
pub fn member_ids(db: &Db, session_id: &str) -> Result<Vec<String>, DbError> {
    let result = db.execute(
        "SELECT user_id FROM meeting_members WHERE session_id = ? ORDER BY position",
        &[Value::Text(session_id.to_owned())],
    )?;
    result
        .rows
        .iter()
        .map(|row| db::text(row, 0, "meeting_members.user_id"))
        .collect()
}

/// Which meetings a list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    /// Everything, drafts included (council office, chair role, administrator).
    All,
    /// Published, live and closed ones, plus drafts this account is named to chair.
    Announced {
        /// The caller, whose named-chair drafts are shown too.
        user_id: String,
    },
    /// Published, live and closed ones (the public list).
    Public,
}

/// The paging key of a list: meetings come newest start first, ties by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListCursor {
    /// Start of the last meeting of the previous page.
    pub starts_at: String,
    /// Its id.
    pub id: String,
}

impl ListCursor {
    /// The opaque cursor text (hex, so it survives any query-string handling).
    pub fn encode(&self) -> String {
        hex::encode(format!("{}|{}", self.starts_at, self.id))
    }

    /// Reads a cursor made by [`ListCursor::encode`]; `None` when it is not one.
    pub fn decode(text: &str) -> Option<Self> {
        // ASCII only, as `encode` writes it (the OpenAPI document publishes this format).
        let raw = String::from_utf8(hex::decode(text).ok()?)
            .ok()
            .filter(|raw| raw.is_ascii())?;
        let (starts_at, id) = raw.split_once('|')?;
        Some(Self {
            starts_at: starts_at.to_owned(),
            id: id.to_owned(),
        })
    }
}

/// Up to `limit` meetings visible as `visibility` says, newest start first, after `after`.
pub fn list(
    db: &Db,
    visibility: &Visibility,
    after: Option<&ListCursor>,
    limit: u32,
) -> Result<Vec<MeetingRow>, DbError> {
    let mut sql = format!("SELECT {COLUMNS} FROM meetings WHERE 1 = 1");
    let mut params = Vec::new();
    match visibility {
        Visibility::All => {}
        Visibility::Announced { user_id } => {
            sql.push_str(" AND (state <> 'draft' OR chair_id = ?)");
            params.push(Value::Text(user_id.clone()));
        }
        Visibility::Public => sql.push_str(" AND state <> 'draft'"),
    }
    if let Some(c) = after {
        sql.push_str(" AND (starts_at < ? OR (starts_at = ? AND id < ?))");
        params.extend([
            Value::Text(c.starts_at.clone()),
            Value::Text(c.starts_at.clone()),
            Value::Text(c.id.clone()),
        ]);
    }
    sql.push_str(" ORDER BY starts_at DESC, id DESC LIMIT ?");
    params.push(Value::Integer(i64::from(limit)));
    let result = db.execute(&sql, &params)?;
    result.rows.iter().map(decode).collect()
}

/// Ends the current speech of `session_id`, if any (the meeting is closing).
pub fn end_speech(db: &Db, session_id: &str, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        "UPDATE speeches SET ended_at = ? WHERE session_id = ? AND ended_at IS NULL",
        &[
            Value::Text(now.to_rfc3339()),
            Value::Text(session_id.to_owned()),
        ],
    )?;
    Ok(())
}
