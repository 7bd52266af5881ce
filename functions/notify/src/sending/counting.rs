//! Counting a sending message's audience: one batch of residents per message per step, read
//! and matched outside any transaction (only the sealed columns the filter needs are opened);
//! the batch's deliveries, the counters and the cursor are written in one short transaction
//! that first moves the cursor from where this step read it — if another tick moved it (or
//! the message was cancelled) meanwhile, nothing is written.

use super::progress::Progress;
use super::targeting::{self, Target};
use crate::keys::ResidentKeys;
use crate::store::deliveries::{self, CountMoves, NewDelivery};
use crate::store::messages::{self, MessageRow};
use ratusz_domain::api::notify_messages::DeliveryState;
use ratusz_domain::notify::age::Day;
use ratusz_domain::notify::audience;
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::Db;
use ratusz_platform::{log, runtime, ApiError};

/// Residents one counting batch reads: more than a gateway batch, since a batch only matches
/// and inserts (a few statements of 100 rows each per channel), and each batch is one short
/// write transaction of its own (≈ 2,000 deliveries per channel at most).
pub const BATCH: u32 = 2_000;

/// One batch of every message still counting; whether anything moved. A message whose
/// audience is now counted is bumped at once (the staff watch for it), a batch's counts with
/// the pass's next due bump.
pub fn step(
    db: &Db,
    keys: &ResidentKeys,
    now: Timestamp,
    progress: &mut Progress,
) -> Result<bool, ApiError> {
    let mut moved = false;
    for m in messages::counting(db, super::MESSAGES_PER_STEP)? {
        match one(db, keys, &m, now) {
            Ok(Some(counted)) => {
                moved = true;
                let id = std::slice::from_ref(&m.id);
                if counted {
                    progress.changed(id);
                } else {
                    progress.moved(id);
                }
            }
            Ok(None) => {}
            // One message's trouble (say a resident no key opens) must not stop the others.
            Err(e) => log::error(&format!("message {}: counting: {e}", m.id)),
        }
    }
    Ok(moved)
}

/// `Some(whether the audience is now counted)` once the batch is written; `None` when another
/// tick or a cancel moved the message meanwhile.
fn one(
    db: &Db,
    keys: &ResidentKeys,
    m: &MessageRow,
    now: Timestamp,
) -> Result<Option<bool>, ApiError> {
    let clean = audience::check(&m.audience)
        .map_err(|_| ApiError::internal("notify_messages.audience no longer valid"))?;
    let target = Target {
        audience: &clean,
        channels: &m.channels,
        // Ages on the sending day in Poland.
        today: Day::in_poland(m.started_at.unwrap_or(now)),
        names: false,
        now,
    };
    let batch = targeting::batch(db, keys, &target, m.audience_cursor.as_deref(), BATCH)?;
    let mut new = Vec::new();
    let mut moves = CountMoves::default();
    for matched in &batch.matched {
        for channel in &matched.channels {
            new.push(NewDelivery {
                id: runtime::new_id().as_str().to_owned(),
                recipient_id: matched.id.clone(),
                channel: *channel,
            });
            moves.add(&m.id, *channel, DeliveryState::Queued, 1);
        }
    }
    let matched = batch.matched.len() as u64;
    let exhausted = batch.exhausted;
    db.transaction(|db| -> Result<Option<bool>, ApiError> {
        if !messages::advance_counting(
            db,
            &m.id,
            m.audience_cursor.as_deref(),
            batch.cursor.as_deref(),
            matched,
            batch.exhausted,
        )? {
            return Ok(None);
        }
        deliveries::insert_queued(db, &m.id, &new, now)?;
        moves.apply(db)?;
        Ok(Some(exhausted))
    })
}
