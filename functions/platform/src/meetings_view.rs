//! The meetings as other components may see them: a read-only view (`meeting_calendar`, schema
//! migration 9) with the id, title, number, state and start. The voting component owns
//! `meetings`; the maintenance rules read only this view.

use crate::db::{self, Db, DbError, Value};
use ratusz_domain::api::council::MeetingState;
use ratusz_domain::maintenance::MeetingSlot;

/// Every meeting that is not closed (drafts, published and live ones).
pub fn not_closed(db: &Db) -> Result<Vec<MeetingSlot>, DbError> {
    let result = db.execute(
        "SELECT id, title, number, state, starts_at FROM meeting_calendar
         WHERE state <> ? ORDER BY starts_at, id",
        &[Value::from(MeetingState::Closed.as_str())],
    )?;
    result
        .rows
        .iter()
        .map(|row| {
            Ok(MeetingSlot {
                id: db::text(row, 0, "meeting_calendar.id")?,
                title: db::text(row, 1, "meeting_calendar.title")?,
                number: db::text(row, 2, "meeting_calendar.number")?,
                state: db::wire(row, 3, "meeting_calendar.state", MeetingState::parse)?,
                starts_at: db::time(row, 4, "meeting_calendar.starts_at")?,
            })
        })
        .collect()
}
