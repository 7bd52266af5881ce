//! Sending messages (docs/api/notifications-messages.md § Storage): the tick's work, done in
//! bounded steps so it runs the same on Spin — start due scheduled messages ([`start`]), count
//! each sending message's audience a batch at a time into queued deliveries ([`counting`]),
//! drain due deliveries per channel through the gateways' batch form ([`drain`]), sweep what a
//! cancel left queued, and mark a message `done` when nothing of it is queued.
//!
//! Counting comes first in a pass (up to half its budget), since a counting batch is cheap
//! and fixes the audience the staff watch; draining takes the rest.
//!
//! The pass runs after the response has gone (gateway calls are outbound HTTP, and a request
//! never waits for them): the tick asks for it, and so does a create of a message to send now
//! (self-chaining: it does not wait for the next tick). Each step is its own short transaction;
//! no transaction is held across a gateway call. The pass stops after
//! `notify_tick_budget_ms`, and the next tick continues where it stopped.
//!
//! Push deliveries drain the same way, sent by [`push`] (RFC 8291/8292 through
//! `platform::push`) instead of a gateway, in small batches that take turns with the gateway
//! channels: each round, push gets as long as the gateways' batches took (at least one batch),
//! so e-mail and SMS do not wait at the pace of the pushes' P-256 work. After each draining
//! step (one batch of one channel) the pass rests as long as the step worked
//! (`rest_after_step_ms`), so a fan-out takes about half of one core in stretches of tens of
//! milliseconds, and the people using the app meanwhile keep their speed.

pub mod counting;
pub mod drain;
pub mod events;
pub mod progress;
pub mod push;
pub mod targeting;

use crate::keys::ResidentKeys;
use crate::settings::{MessagePolicy, Settings};
use crate::store::{deliveries, messages};
use progress::Progress;
use ratusz_domain::api::notify::Channel;
use ratusz_domain::notify::sending::{push_turn_continues, rest_after_step_ms, PUSH_BATCH};
use ratusz_domain::time::Timestamp;
use ratusz_platform::config::SpinVars;
use ratusz_platform::db::Db;
use ratusz_platform::{log, runtime, ApiError};
use std::cell::Cell;

thread_local! {
    static REQUESTED: Cell<bool> = const { Cell::new(false) };
}

/// Messages one step looks at.
const MESSAGES_PER_STEP: u32 = 20;
/// Channels drained through a gateway's batch form; push, drained through [`push`], takes
/// turns with them (`push_turn_continues`).
const GATEWAY_CHANNELS: [Channel; 3] = [Channel::Email, Channel::Sms, Channel::Edoreczenia];

/// Asks for a sending pass after this request's response.
pub fn request_pass() {
    REQUESTED.with(|r| r.set(true));
}

/// Runs the pass if this request asked for one. Never fails: problems are logged and the
/// next tick tries again.
pub async fn run_if_requested() {
    if !REQUESTED.with(|r| r.replace(false)) {
        return;
    }
    if let Err(e) = run().await {
        log::error(&format!("sending: {e}"));
    }
}

/// One pass within the budget.
async fn run() -> Result<(), ApiError> {
    let settings = Settings::from_vars(&SpinVars)?;
    let policy = settings.messages;
    let db = Db::open()?;
    let started = runtime::now();
    let deadline = started.plus_ms(policy.tick_budget_ms);
    // The residents' keys are needed by counting and draining alike; without them nothing is
    // sent (and nothing is sent unsealed).
    let keys = ResidentKeys::load()?;
    // Audiences are counted before anything is drained, for at most half the budget: a
    // counting batch costs a fraction of a sending one, so a 100,000 audience is fixed (and
    // its count on the staff's progress bar) within seconds instead of at the pace of the
    // gateways; sending then has the rest of the pass.
    let counting_until = started.plus_ms(policy.tick_budget_ms / 2);
    // Pending bumps are made when it drops, however the pass ends.
    let mut progress = Progress::default();
    loop {
        let now = runtime::now();
        let mut moved = start_due(&db, now, &mut progress)?;
        moved |= sweep_cancelled(&db, &mut progress)?;
        // Until no audience is left to count; past half the budget, one batch per round.
        while counting::step(&db, &keys, runtime::now(), &mut progress)? {
            progress.flush_if_due(runtime::now());
            moved = true;
            if runtime::now() >= counting_until {
                break;
            }
        }
        // The gateway channels' work this round (their rests not counted), push's measure.
        let mut gateways_ms = 0;
        for channel in GATEWAY_CHANNELS {
            if runtime::now() >= deadline {
                break;
            }
            let step = drain_resting(
                &db,
                &keys,
                channel,
                policy.gateway_batch,
                deadline,
                &mut progress,
            );
            if let Some(worked_ms) = step.await? {
                moved = true;
                gateways_ms += worked_ms;
            }
        }
        moved |= push_turn(&db, &keys, &policy, (gateways_ms, deadline), &mut progress).await?;
        finish_drained(&db, runtime::now(), &mut progress)?;
        let now = runtime::now();
        progress.flush_if_due(now);
        if !moved || now >= deadline {
            return Ok(());
        }
    }
}

/// One draining step ([`drain::step`]) and, if it leased anything, a rest as long as it worked
/// (`rest_after_step_ms`): how long it worked, or `None` when nothing was due.
async fn drain_resting(
    db: &Db,
    keys: &ResidentKeys,
    channel: Channel,
    batch: u32,
    deadline: Timestamp,
    progress: &mut Progress,
) -> Result<Option<i64>, ApiError> {
    let started = runtime::now();
    let paused_before = runtime::paused_ms();
    if !drain::step(db, keys, channel, batch, progress).await? {
        return Ok(None);
    }
    let now = runtime::now();
    progress.flush_if_due(now);
    // The sender's pauses between pushes (`platform::push`) were rest, not work.
    let worked_ms = now.ms_since(started) - (runtime::paused_ms() - paused_before);
    rest(worked_ms, deadline.ms_since(now));
    Ok(Some(worked_ms))
}

/// Push's turn in a round: batches of [`PUSH_BATCH`] for as long as the gateway channels
/// worked (at least one), within the pass's deadline; whether anything was leased.
async fn push_turn(
    db: &Db,
    keys: &ResidentKeys,
    policy: &MessagePolicy,
    (gateways_ms, deadline): (i64, Timestamp),
    progress: &mut Progress,
) -> Result<bool, ApiError> {
    let batch = PUSH_BATCH.min(policy.gateway_batch);
    let mut push_ms = 0;
    let mut moved = false;
    while runtime::now() < deadline {
        let Some(worked_ms) =
            drain_resting(db, keys, Channel::Push, batch, deadline, progress).await?
        else {
            break;
        };
        moved = true;
        push_ms += worked_ms;
        if !push_turn_continues(gateways_ms, push_ms) {
            break;
        }
    }
    Ok(moved)
}

/// Rests after a draining step (`rest_after_step_ms`), outside any transaction: the guest
/// blocks on the host's clock, leaving the CPU to other requests.
fn rest(worked_ms: i64, left_ms: i64) {
    let ms = rest_after_step_ms(worked_ms, left_ms);
    if ms > 0 {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

fn start_due(db: &Db, now: Timestamp, progress: &mut Progress) -> Result<bool, ApiError> {
    let started = messages::start_due(db, now, MESSAGES_PER_STEP)?;
    progress.changed(&started);
    Ok(!started.is_empty())
}

/// Queued deliveries of cancelled messages the cancel's request left.
fn sweep_cancelled(db: &Db, progress: &mut Progress) -> Result<bool, ApiError> {
    let ids = deliveries::cancelled_with_queued(db, MESSAGES_PER_STEP)?;
    for id in &ids {
        deliveries::cancel_queued(db, id, crate::messages::cancel::SWEEP_BATCH)?;
    }
    progress.changed(&ids);
    Ok(!ids.is_empty())
}

/// Marks done the counted messages with nothing queued (a message whose last delivery was
/// skipped or held finishes here as well as after a batch).
fn finish_drained(db: &Db, now: Timestamp, progress: &mut Progress) -> Result<(), ApiError> {
    let mut done = Vec::new();
    for id in messages::sending_counted(db, MESSAGES_PER_STEP)? {
        if db.transaction(|db| messages::finish_if_drained(db, &id, now))? {
            done.push(id);
        }
    }
    progress.changed(&done);
    Ok(())
}
