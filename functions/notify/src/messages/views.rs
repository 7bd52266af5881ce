//! A message's row as the contract's shapes: its title and text opened, its staff named, its
//! progress from the counters.

use super::sealing;
use crate::store::deliveries;
use crate::store::messages::MessageRow;
use ratusz_domain::api::notify_messages::{
    AudienceProgress, Message, MessageSummary, Progress, StaffRef,
};
use ratusz_platform::accounts_view;
use ratusz_platform::db::Db;
use ratusz_platform::sealed::Keyring;
use ratusz_platform::ApiError;

fn staff(db: &Db, id: &str) -> Result<StaffRef, ApiError> {
    Ok(StaffRef {
        id: id.to_owned(),
        name: accounts_view::display_name(db, id)?.unwrap_or_default(),
    })
}

/// The progress of `row`.
pub fn progress(db: &Db, row: &MessageRow) -> Result<Progress, ApiError> {
    Ok(Progress {
        audience: AudienceProgress {
            state: row.audience_state,
            count: row.audience_count,
        },
        by_channel: deliveries::progress(db, &row.id, &row.channels)?,
    })
}

/// The whole message.
pub fn message(db: &Db, keys: &Keyring, row: MessageRow) -> Result<Message, ApiError> {
    let progress = progress(db, &row)?;
    let cancelled_by = row
        .cancelled_by
        .as_deref()
        .map(|id| staff(db, id))
        .transpose()?;
    Ok(Message {
        title: sealing::open(keys, &row.id, "title", &row.title)?,
        text: sealing::open(keys, &row.id, "text", &row.text)?,
        created_by: staff(db, &row.created_by)?,
        id: row.id,
        category: row.category,
        link: row.link,
        channels: row.channels,
        audience: row.audience,
        public: row.public,
        state: row.state,
        send_at: row.send_at,
        created_at: row.created_at,
        started_at: row.started_at,
        finished_at: row.finished_at,
        cancelled_at: row.cancelled_at,
        cancelled_by,
        progress,
    })
}

/// A list's row (the text is not opened).
pub fn summary(db: &Db, keys: &Keyring, row: MessageRow) -> Result<MessageSummary, ApiError> {
    let progress = progress(db, &row)?;
    let cancelled_by = row
        .cancelled_by
        .as_deref()
        .map(|id| staff(db, id))
        .transpose()?;
    Ok(MessageSummary {
        title: sealing::open(keys, &row.id, "title", &row.title)?,
        created_by: staff(db, &row.created_by)?,
        id: row.id,
        category: row.category,
        link: row.link,
        channels: row.channels,
        public: row.public,
        state: row.state,
        send_at: row.send_at,
        created_at: row.created_at,
        started_at: row.started_at,
        finished_at: row.finished_at,
        cancelled_at: row.cancelled_at,
        cancelled_by,
        progress,
    })
}
