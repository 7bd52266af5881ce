//! Tables `votes` (open polls: voter, choice, receipt) and `ballots` (secret polls: choice and
//! receipt under a random id, no voter, no time), plus the `voted_at` mark in `poll_voters`.
//!
//! Casting is the hot path (every councillor at once): [`cast_facts`] answers everything a
//! cast is decided on in one statement.

use super::{opt_wire, wire};
use ratusz_domain::api::council::{
    Choice, MeetingState, NamedVote, PollKind, PollState, SecretVoter,
};
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::Value;
use ratusz_platform::db::{self, opt_text, opt_time, Db, DbError};

/// What a cast is decided on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CastRow {
    /// Poll kind.
    pub kind: PollKind,
    /// Poll state.
    pub state: PollState,
    /// Deadline.
    pub closes_at: Option<Timestamp>,
    /// Allowed choices.
    pub options: Vec<Choice>,
    /// Meeting setting.
    pub allow_change: bool,
    /// Meeting state.
    pub meeting_state: MeetingState,
    /// The caller is in the snapshot of entitled voters.
    pub entitled: bool,
    /// The caller already voted.
    pub already_voted: bool,
}

/// The facts for `user_id` casting in poll `poll_id` of meeting `session_id` (`None`: no
/// such poll in that meeting).
pub fn cast_facts(
    db: &Db,
    session_id: &str,
    poll_id: &str,
    user_id: &str,
) -> Result<Option<CastRow>, DbError> {
    let result = db.execute(
        "SELECT p.kind, p.state, p.closes_at, p.options, m.allow_vote_change, m.state,
                pv.user_id IS NOT NULL, pv.voted_at IS NOT NULL
         FROM polls p JOIN meetings m ON m.id = p.session_id
         LEFT JOIN poll_voters pv ON pv.poll_id = p.id AND pv.user_id = ?
         WHERE p.id = ? AND p.session_id = ?",
        &[
            Value::Text(user_id.to_owned()),
            Value::Text(poll_id.to_owned()),
            Value::Text(session_id.to_owned()),
        ],
    )?;
    let Some(row) = result.rows.first() else {
        return Ok(None);
    };
    Ok(Some(CastRow {
        kind: wire(row, 0, "polls.kind", PollKind::parse)?,
        state: wire(row, 1, "polls.state", PollState::parse)?,
        closes_at: opt_time(row, 2),
        options: serde_json::from_str(&db::text(row, 3, "polls.options")?)
            .map_err(|e| DbError::Decode(format!("polls.options: {e}")))?,
        allow_change: db::integer(row, 4, "meetings.allow_vote_change")? != 0,
        meeting_state: wire(row, 5, "meetings.state", MeetingState::parse)?,
        entitled: db::integer(row, 6, "entitled")? != 0,
        already_voted: db::integer(row, 7, "voted")? != 0,
    }))
}

/// Records a first vote in an open poll, marks the voter and counts it.
pub fn insert_open(
    db: &Db,
    poll_id: &str,
    user_id: &str,
    choice: Choice,
    receipt: &str,
    now: Timestamp,
) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO votes (poll_id, user_id, choice, receipt, cast_at) VALUES (?, ?, ?, ?, ?)",
        &[
            Value::Text(poll_id.to_owned()),
            Value::Text(user_id.to_owned()),
            Value::from(choice.as_str()),
            Value::Text(receipt.to_owned()),
            Value::Text(now.to_rfc3339()),
        ],
    )?;
    mark_and_count(db, poll_id, user_id, now)
}

/// Replaces the voter's choice in an open poll (the meeting allows changes until close).
pub fn change_open(
    db: &Db,
    poll_id: &str,
    user_id: &str,
    choice: Choice,
    receipt: &str,
    now: Timestamp,
) -> Result<(), DbError> {
    db.execute(
        "UPDATE votes SET choice = ?, receipt = ?, cast_at = ? WHERE poll_id = ? AND user_id = ?",
        &[
            Value::from(choice.as_str()),
            Value::Text(receipt.to_owned()),
            Value::Text(now.to_rfc3339()),
            Value::Text(poll_id.to_owned()),
            Value::Text(user_id.to_owned()),
        ],
    )?;
    Ok(())
}

/// Records a secret ballot (no voter, no time), marks the voter and counts it.
pub fn insert_secret(
    db: &Db,
    poll_id: &str,
    user_id: &str,
    ballot_id: &str,
    choice: Choice,
    receipt: &str,
    now: Timestamp,
) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO ballots (poll_id, ballot_id, choice, receipt) VALUES (?, ?, ?, ?)",
        &[
            Value::Text(poll_id.to_owned()),
            Value::Text(ballot_id.to_owned()),
            Value::from(choice.as_str()),
            Value::Text(receipt.to_owned()),
        ],
    )?;
    mark_and_count(db, poll_id, user_id, now)
}

/// Marks the voter as having voted (guarded: a second mark changes nothing and fails the
/// cast) and adds one to the poll's count.
fn mark_and_count(db: &Db, poll_id: &str, user_id: &str, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        "UPDATE poll_voters SET voted_at = ? WHERE poll_id = ? AND user_id = ? AND voted_at IS NULL",
        &[
            Value::Text(now.to_rfc3339()),
            Value::Text(poll_id.to_owned()),
            Value::Text(user_id.to_owned()),
        ],
    )?;
    if db.changes() != 1 {
        return Err(DbError::Decode("poll_voters: voter already marked".into()));
    }
    db.execute(
        "UPDATE polls SET voted = voted + 1 WHERE id = ?",
        &[Value::Text(poll_id.to_owned())],
    )?;
    Ok(())
}

/// Every choice recorded in a poll (votes or ballots, by kind).
pub fn choices(db: &Db, poll_id: &str, kind: PollKind) -> Result<Vec<Choice>, DbError> {
    let sql = match kind {
        PollKind::Open => "SELECT choice FROM votes WHERE poll_id = ?",
        PollKind::Secret => "SELECT choice FROM ballots WHERE poll_id = ?",
    };
    let result = db.execute(sql, &[Value::Text(poll_id.to_owned())])?;
    result
        .rows
        .iter()
        .map(|row| wire(row, 0, "choice", Choice::parse))
        .collect()
}

/// The named list of an open poll: one row per entitled voter, by name.
pub fn named_list(db: &Db, poll_id: &str) -> Result<Vec<NamedVote>, DbError> {
    let result = db.execute(
        "SELECT pv.user_id, pv.name, v.choice, v.receipt
         FROM poll_voters pv LEFT JOIN votes v ON v.poll_id = pv.poll_id AND v.user_id = pv.user_id
         WHERE pv.poll_id = ? ORDER BY pv.name, pv.user_id",
        &[Value::Text(poll_id.to_owned())],
    )?;
    result
        .rows
        .iter()
        .map(|row| {
            Ok(NamedVote {
                user_id: db::text(row, 0, "poll_voters.user_id")?,
                name: db::text(row, 1, "poll_voters.name")?,
                choice: opt_wire(row, 2, "votes.choice", Choice::parse)?,
                receipt: opt_text(row, 3),
            })
        })
        .collect()
}

/// Who voted in a secret poll (not how), by name.
pub fn secret_voters(db: &Db, poll_id: &str) -> Result<Vec<SecretVoter>, DbError> {
    let result = db.execute(
        "SELECT user_id, name, voted_at IS NOT NULL FROM poll_voters WHERE poll_id = ?
         ORDER BY name, user_id",
        &[Value::Text(poll_id.to_owned())],
    )?;
    result
        .rows
        .iter()
        .map(|row| {
            Ok(SecretVoter {
                user_id: db::text(row, 0, "poll_voters.user_id")?,
                name: db::text(row, 1, "poll_voters.name")?,
                voted: db::integer(row, 2, "voted")? != 0,
            })
        })
        .collect()
}

/// The caller's own status in a poll they are entitled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MyStatus {
    /// Whether their vote is recorded.
    pub voted: bool,
    /// Open polls: the recorded choice.
    pub choice: Option<Choice>,
    /// Open polls: its receipt.
    pub receipt: Option<String>,
}

/// The caller's own status in a poll: `None` when not entitled.
pub fn mine(db: &Db, poll_id: &str, user_id: &str) -> Result<Option<MyStatus>, DbError> {
    let result = db.execute(
        "SELECT pv.voted_at IS NOT NULL, v.choice, v.receipt
         FROM poll_voters pv LEFT JOIN votes v ON v.poll_id = pv.poll_id AND v.user_id = pv.user_id
         WHERE pv.poll_id = ? AND pv.user_id = ?",
        &[
            Value::Text(poll_id.to_owned()),
            Value::Text(user_id.to_owned()),
        ],
    )?;
    result
        .rows
        .first()
        .map(|row| {
            Ok(MyStatus {
                voted: db::integer(row, 0, "voted")? != 0,
                choice: opt_wire(row, 1, "votes.choice", Choice::parse)?,
                receipt: opt_text(row, 2),
            })
        })
        .transpose()
}
