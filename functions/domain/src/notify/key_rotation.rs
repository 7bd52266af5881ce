//! The residents' key rotation (docs/api/notifications.md § Administrator: keys): one running
//! at a time, started by the administrator, moved one batch per scheduled tick until no
//! recipient, report or photo is left under another key than the keyrings' first ones (the
//! pass over those tables: [`super::rotation_pass`]). Progress is counted in those rows; what
//! is left is always re-counted from them (a resident who corrects their data mid-rotation is
//! re-sealed by the correction itself), so the numbers never drift.

use crate::api::notify::{Rotation, RotationState};
use crate::time::Timestamp;

/// Rows (recipients, reports, photos) re-sealed per tick unless `notify_rotation_batch` says
/// otherwise: for recipients about 2,000 AES-GCM operations and one short write transaction,
/// far below a request's time limit (photos are bounded by bytes too,
/// [`super::rotation_pass::PHOTO_BATCH_BYTES`]).
pub const DEFAULT_BATCH: u32 = 200;

/// A rotation as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RotationRecord {
    /// When the administrator started it.
    pub started_at: Timestamp,
    /// Rows (recipients, reports, photos) to re-seal: those under other keys at the start,
    /// more if the keys changed again.
    pub total: u64,
    /// Rows re-sealed (or gone) so far.
    pub done: u64,
    /// When the last row was re-sealed.
    pub finished_at: Option<Timestamp>,
}

/// Why a rotation cannot start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartRefusal {
    /// 409 `conflict` rule `rotation_running`.
    RotationRunning,
}

impl StartRefusal {
    /// The problem's `params.rule`.
    pub fn rule(self) -> &'static str {
        match self {
            Self::RotationRunning => "rotation_running",
        }
    }
}

impl RotationRecord {
    /// Whether batches are still to come.
    pub fn running(&self) -> bool {
        self.finished_at.is_none()
    }

    /// The contract's shape.
    pub fn view(&self) -> Rotation {
        Rotation {
            state: if self.running() {
                RotationState::Running
            } else {
                RotationState::Done
            },
            started_at: self.started_at,
            done: self.done,
            total: self.total,
        }
    }
}

/// A new rotation at `now` with `remaining` rows under other keys, unless `last` still
/// runs. With nothing to re-seal it is done at once.
pub fn start(
    last: Option<&RotationRecord>,
    remaining: u64,
    now: Timestamp,
) -> Result<RotationRecord, StartRefusal> {
    if last.is_some_and(RotationRecord::running) {
        return Err(StartRefusal::RotationRunning);
    }
    Ok(RotationRecord {
        started_at: now,
        total: remaining,
        done: 0,
        finished_at: (remaining == 0).then_some(now),
    })
}

/// The record after a batch, with `remaining` rows still under other keys at `now`.
/// `done` never goes back; if more remain than the total allows (the keyrings changed again
/// mid-rotation), the total grows to what is done plus what remains.
pub fn after_batch(record: &RotationRecord, remaining: u64, now: Timestamp) -> RotationRecord {
    if !record.running() {
        return record.clone();
    }
    if remaining == 0 {
        return RotationRecord {
            done: record.total.max(record.done),
            total: record.total.max(record.done),
            finished_at: Some(now),
            ..record.clone()
        };
    }
    let done = record.done.max(record.total.saturating_sub(remaining));
    RotationRecord {
        total: record.total.max(done + remaining),
        done,
        ..record.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        Timestamp::parse_rfc3339(s).unwrap()
    }

    fn running(total: u64, done: u64) -> RotationRecord {
        RotationRecord {
            started_at: at("2026-12-06T10:00:00Z"),
            total,
            done,
            finished_at: None,
        }
    }

    #[test]
    fn one_rotation_at_a_time_and_an_empty_one_is_done_at_once() {
        let now = at("2026-12-06T11:00:00Z");
        let finished = RotationRecord {
            finished_at: Some(now),
            ..running(3, 3)
        };
        // (the last rotation, remaining) → (total, running) or the refusal
        type Case<'a> = (
            Option<&'a RotationRecord>,
            u64,
            Result<(u64, bool), StartRefusal>,
        );
        let cases: [Case; 4] = [
            (None, 5, Ok((5, true))),
            (None, 0, Ok((0, false))),
            (Some(&finished), 7, Ok((7, true))),
            (Some(&finished), 0, Ok((0, false))),
        ];
        for (last, remaining, expected) in cases {
            let got = start(last, remaining, now).map(|r| {
                assert_eq!((r.done, r.started_at), (0, now));
                (r.total, r.running())
            });
            assert_eq!(got, expected, "{last:?} {remaining}");
        }
        let busy = running(4, 1);
        assert_eq!(
            start(Some(&busy), 9, now),
            Err(StartRefusal::RotationRunning)
        );
        assert_eq!(StartRefusal::RotationRunning.rule(), "rotation_running");
    }

    #[test]
    fn batches_count_what_is_left_and_finish_at_zero() {
        let now = at("2026-12-06T11:00:00Z");
        // (total, done before, remaining now) → (total, done, finished)
        let cases = [
            ((10, 0, 8), (10, 2, false)),
            ((10, 2, 2), (10, 8, false)),
            ((10, 8, 0), (10, 10, true)),
            // an erasure mid-rotation also leaves less to do
            ((10, 2, 5), (10, 5, false)),
            // the keyrings changed again, more remain than the total allows: what is done
            // stays done, the total grows
            ((10, 6, 5), (11, 6, false)),
            ((10, 4, 12), (16, 4, false)),
            ((0, 0, 3), (3, 0, false)),
        ];
        for ((total, done, remaining), (e_total, e_done, e_finished)) in cases {
            let after = after_batch(&running(total, done), remaining, now);
            assert_eq!(
                (after.total, after.done, after.finished_at.is_some()),
                (e_total, e_done, e_finished),
                "{total} {done} {remaining}"
            );
            assert!(after.done <= after.total);
        }
    }

    #[test]
    fn a_finished_rotation_stays_as_it_was_and_shows_done() {
        let now = at("2026-12-06T11:00:00Z");
        let finished = after_batch(&running(4, 3), 0, now);
        assert_eq!(
            after_batch(&finished, 2, at("2026-12-06T12:00:00Z")),
            finished
        );
        let view = finished.view();
        assert_eq!(view.state, RotationState::Done);
        assert_eq!((view.done, view.total), (4, 4));
        assert_eq!(running(4, 1).view().state, RotationState::Running);
    }
}
