//! A message's and its deliveries' states (docs/api/notifications-messages.md § Shapes,
//! Gateways): when a message starts, when it may be cancelled, what a gateway's answer to a
//! batch and a later event mean for each delivery, and the retries (the outbox's backoff,
//! given up after a day).

use crate::api::notify_messages::{
    DeliveryEventStatus, DeliveryState, GatewayBatchAnswer, MessageState,
};
use crate::outbox::next_attempt_at;
use crate::time::Timestamp;
use crate::validate::{FieldCode, Invalid};
use std::collections::HashSet;

/// A delivery still not accepted this long after its first attempt is given up (`failed`): a
/// warning or an event a day late is worse than none.
pub const GIVE_UP_AFTER_S: i64 = 24 * 3_600;
/// How far in the past a `send_at` may lie (a clock a little behind, a slow form).
pub const SEND_AT_GRACE_S: i64 = 60;
/// How long a drain holds leased deliveries before another tick may take them (longer than
/// a gateway call's 30 s bound).
pub const LEASE_S: i64 = 120;

/// Pushes per batch. A push costs the component milliseconds of P-256 work (an ephemeral key
/// and a key agreement per push, RFC 8291) where a gateway message costs microseconds, so a
/// push batch is small — tens of milliseconds of work before the pass rests — and takes turns
/// with the gateway channels (see [`push_turn_continues`]).
pub const PUSH_BATCH: u32 = 16;

/// Whether push drains another batch in this round of a sending pass, after `push_ms` of push
/// work and `gateways_ms` spent on the gateway channels' batches in the same round. Push gets
/// at most as long as the gateways had (and always one batch): while a four-channel message's
/// e-mails, SMS and letters are still queued they go at the gateways' pace instead of waiting
/// behind 100,000 pushes, and once they are drained push has the pass (one batch a round).
pub fn push_turn_continues(gateways_ms: i64, push_ms: i64) -> bool {
    push_ms < gateways_ms
}

/// How long a sending pass rests after a draining step (one batch of one channel) that took
/// `worked_ms`, with `left_ms` of its budget left: as long as the step worked (never past the
/// budget). A fan-out is CPU work in the component (the pushes' P-256, opening every contact),
/// and on a small city server it shares the cores with the people using the app meanwhile — a
/// council voting from its tablets; resting as long as it works keeps the send to about half
/// of one core, and resting after every step rather than after a round of all channels keeps
/// each stretch of work to tens of milliseconds, which is what a tablet's request may meet.
/// Counting does not rest: it is short and fixes the audience the staff watch.
pub fn rest_after_step_ms(worked_ms: i64, left_ms: i64) -> u64 {
    u64::try_from(worked_ms.min(left_ms)).unwrap_or(0)
}

/// How often a sending pass bumps a message's revision (its progress view's `ETag`) while only
/// its counts move: the staff's progress page polls once a second, and every bump is a KV
/// write — on Spin's SQLite key-value store one connection behind a mutex, synced to disk,
/// that every session check in the app waits behind. A change of state (started, counted,
/// done) is bumped at once.
pub const PROGRESS_BUMP_EVERY_MS: i64 = 1_000;

/// Whether moved counts are bumped now, the last bump of this pass having been at `last`.
pub fn progress_bump_due(last: Option<Timestamp>, now: Timestamp) -> bool {
    last.is_none_or(|last| now.ms_since(last) >= PROGRESS_BUMP_EVERY_MS)
}

/// The state a new message starts in: `scheduled` when `send_at` is later than `now`.
pub fn initial_state(send_at: Option<Timestamp>, now: Timestamp) -> MessageState {
    match send_at {
        Some(at) if at > now => MessageState::Scheduled,
        _ => MessageState::Sending,
    }
}

/// `send_at` may be at most [`SEND_AT_GRACE_S`] in the past (field code `not_in_future`).
pub fn check_send_at(send_at: Option<Timestamp>, now: Timestamp) -> Result<(), Invalid> {
    match send_at {
        Some(at) if at < now.plus_seconds(-SEND_AT_GRACE_S) => {
            Err(Invalid::new(FieldCode::NotInFuture))
        }
        _ => Ok(()),
    }
}

/// A cancel of a message that is done or cancelled already (409 rule `message_finished`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageFinished;

/// Whether a message in `state` may be cancelled: scheduled or sending.
pub fn may_cancel(state: MessageState) -> Result<(), MessageFinished> {
    match state {
        MessageState::Scheduled | MessageState::Sending => Ok(()),
        MessageState::Done | MessageState::Cancelled => Err(MessageFinished),
    }
}

/// What happens to one delivery after a send attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// Accepted: `sent`.
    Sent,
    /// Refused or given up: `failed`.
    Failed,
    /// Queued again, due at this moment.
    Retry(Timestamp),
}

/// One leased delivery as the drain holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempted {
    /// Failed attempts before this one.
    pub attempts: u32,
    /// When it was first tried (this attempt's `now` for the first).
    pub first_attempt_at: Timestamp,
}

/// A failed attempt: retried with the outbox's backoff, or given up after
/// [`GIVE_UP_AFTER_S`] since the first attempt. `after_s` is a gateway's or push service's
/// `Retry-After`, honoured when later than the backoff.
pub fn retry(d: Attempted, after_s: Option<u32>, now: Timestamp) -> Move {
    let attempts = d.attempts.saturating_add(1);
    let backoff = next_attempt_at(attempts, now);
    let asked = after_s.map(|s| now.plus_seconds(i64::from(s)));
    let at = asked.filter(|a| *a > backoff).unwrap_or(backoff);
    if at > d.first_attempt_at.plus_seconds(GIVE_UP_AFTER_S) {
        Move::Failed
    } else {
        Move::Retry(at)
    }
}

/// What a gateway's answer to a batch means for each of its `ids`: a 2xx body with
/// `accepted`/`rejected` (`Some`) — accepted are sent, rejected failed, ids in neither list
/// retried; anything else (`None`: another status, no answer, an unreadable body) retries the
/// whole batch. An id in both lists counts as accepted (it may have gone out).
pub fn batch_moves(
    ids: &[(String, Attempted)],
    answer: Option<&GatewayBatchAnswer>,
    now: Timestamp,
) -> Vec<(String, Move)> {
    let Some(answer) = answer else {
        return ids
            .iter()
            .map(|(id, d)| (id.clone(), retry(*d, None, now)))
            .collect();
    };
    let accepted: HashSet<&str> = answer.accepted.iter().map(String::as_str).collect();
    let rejected: HashSet<&str> = answer.rejected.iter().map(|r| r.id.as_str()).collect();
    ids.iter()
        .map(|(id, d)| {
            let m = if accepted.contains(id.as_str()) {
                Move::Sent
            } else if rejected.contains(id.as_str()) {
                Move::Failed
            } else {
                retry(*d, None, now)
            };
            (id.clone(), m)
        })
        .collect()
}

/// The state an event moves a delivery to, if it applies: only a `sent` delivery takes one
/// (a late or repeated event changes nothing).
pub fn event_move(current: DeliveryState, event: DeliveryEventStatus) -> Option<DeliveryState> {
    (current == DeliveryState::Sent).then_some(match event {
        DeliveryEventStatus::Delivered => DeliveryState::Delivered,
        DeliveryEventStatus::Failed => DeliveryState::Failed,
    })
}

/// Events one call may carry.
pub const EVENTS_MAX: usize = 1000;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::notify_messages::GatewayRejection;

    fn at(s: i64) -> Timestamp {
        Timestamp::from_unix_ms(1_800_000_000_000 + s * 1000)
    }

    #[test]
    fn a_message_starts_scheduled_only_for_later() {
        let now = at(0);
        let cases = [
            (None, MessageState::Sending),
            (Some(at(-30)), MessageState::Sending),
            (Some(at(0)), MessageState::Sending),
            (Some(at(1)), MessageState::Scheduled),
        ];
        for (send_at, state) in cases {
            assert_eq!(initial_state(send_at, now), state, "{send_at:?}");
        }
        assert!(check_send_at(None, now).is_ok());
        assert!(check_send_at(Some(at(-60)), now).is_ok());
        let late = check_send_at(Some(at(-61)), now).unwrap_err();
        assert_eq!(late.code, FieldCode::NotInFuture);
    }

    #[test]
    fn a_pass_rests_as_long_as_it_worked_within_its_budget() {
        // (worked, budget left, rest)
        let cases = [
            (300, 10_000, 300),
            (0, 10_000, 0),
            (300, 120, 120),
            (300, 0, 0),
            (300, -5, 0),
            (-1, 100, 0),
        ];
        for (worked, left, rest) in cases {
            assert_eq!(rest_after_step_ms(worked, left), rest, "{worked} {left}");
        }
    }

    #[test]
    fn moved_counts_are_bumped_at_most_once_a_second() {
        let t0 = at(0);
        let cases = [
            (None, t0, true),
            (Some(t0), t0, false),
            (Some(t0), t0.plus_ms(999), false),
            (Some(t0), t0.plus_ms(1_000), true),
            (Some(t0), t0.plus_ms(60_000), true),
            // A clock set back: wait for it rather than bump on every batch.
            (Some(t0), t0.plus_ms(-5_000), false),
        ];
        for (last, now, due) in cases {
            assert_eq!(progress_bump_due(last, now), due, "{last:?} {now:?}");
        }
    }

    #[test]
    fn push_takes_turns_with_the_gateways() {
        // (gateways' time this round, push's time so far, another push batch?)
        let cases = [
            (400, 0, true),
            (400, 399, true),
            (400, 400, false),
            (400, 900, false),
            // Gateways drained: their empty look-ups take a few ms; push has one batch a round.
            (3, 250, false),
            (0, 0, false),
        ];
        for (gateways, push, more) in cases {
            assert_eq!(
                push_turn_continues(gateways, push),
                more,
                "{gateways} {push}"
            );
        }
    }

    #[test]
    fn only_unfinished_messages_cancel() {
        let cases = [
            (MessageState::Scheduled, true),
            (MessageState::Sending, true),
            (MessageState::Done, false),
            (MessageState::Cancelled, false),
        ];
        for (state, ok) in cases {
            assert_eq!(may_cancel(state).is_ok(), ok, "{state:?}");
        }
    }

    #[test]
    fn retries_back_off_and_give_up_after_a_day() {
        let first = Attempted {
            attempts: 0,
            first_attempt_at: at(0),
        };
        assert_eq!(retry(first, None, at(0)), Move::Retry(at(30)));
        let third = Attempted {
            attempts: 2,
            first_attempt_at: at(0),
        };
        assert_eq!(retry(third, None, at(100)), Move::Retry(at(220)));
        // A Retry-After later than the backoff is honoured; an earlier one is not.
        assert_eq!(retry(first, Some(600), at(0)), Move::Retry(at(600)));
        assert_eq!(retry(first, Some(5), at(0)), Move::Retry(at(30)));
        // The next try would fall past a day from the first attempt: failed.
        let old = Attempted {
            attempts: 30,
            first_attempt_at: at(0),
        };
        assert_eq!(
            retry(old, None, at(GIVE_UP_AFTER_S - 3_600)),
            Move::Retry(at(GIVE_UP_AFTER_S))
        );
        assert_eq!(retry(old, None, at(GIVE_UP_AFTER_S - 3_599)), Move::Failed);
    }

    #[test]
    fn a_batch_answer_moves_each_delivery() {
        let d = Attempted {
            attempts: 0,
            first_attempt_at: at(0),
        };
        let ids: Vec<(String, Attempted)> = ["a", "b", "c", "d"]
            .iter()
            .map(|i| ((*i).to_owned(), d))
            .collect();
        let answer = GatewayBatchAnswer {
            accepted: vec!["a".into(), "d".into(), "zzz".into()],
            rejected: vec![
                GatewayRejection {
                    id: "b".into(),
                    reason: "no such number".into(),
                },
                GatewayRejection {
                    id: "d".into(),
                    reason: String::new(),
                },
            ],
        };
        let moves = batch_moves(&ids, Some(&answer), at(0));
        assert_eq!(
            moves,
            [
                ("a".to_owned(), Move::Sent),
                ("b".to_owned(), Move::Failed),
                ("c".to_owned(), Move::Retry(at(30))),
                ("d".to_owned(), Move::Sent),
            ]
        );
        let failed = batch_moves(&ids, None, at(0));
        assert!(failed.iter().all(|(_, m)| *m == Move::Retry(at(30))));
    }

    #[test]
    fn events_apply_to_sent_deliveries_only() {
        use DeliveryEventStatus as E;
        use DeliveryState as S;
        let cases = [
            (S::Sent, E::Delivered, Some(S::Delivered)),
            (S::Sent, E::Failed, Some(S::Failed)),
            (S::Queued, E::Delivered, None),
            (S::Delivered, E::Failed, None),
            (S::Failed, E::Delivered, None),
            (S::Cancelled, E::Delivered, None),
            (S::Skipped, E::Delivered, None),
        ];
        for (current, event, expected) in cases {
            assert_eq!(
                event_move(current, event),
                expected,
                "{current:?} {event:?}"
            );
        }
    }
}
