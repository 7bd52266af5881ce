//! Draining one channel's due deliveries through its gateway's batch form (push: through
//! `sending::push`, a few at once to the residents' push services): lease a batch (one
//! short transaction), then — outside any transaction — check each resident again (suspended,
//! withdrawn, erased, contact gone: `skipped`), hold back what quiet hours hold (no attempt),
//! open the contact and fill the placeholders, POST the batch, and record the answer in one
//! transaction that also moves the counters and finishes drained messages.

use crate::keys::ResidentKeys;
use crate::messages::sealing;
use crate::sending::progress::Progress;
use crate::sending::push::{self, PushJob, PushOutcome};
use crate::store::deliveries::{self, CountMoves, Leased, Outcome};
use crate::store::targets::{self, Addressee};
use crate::store::{districts, messages};
use ratusz_domain::api::notify::Channel;
use ratusz_domain::api::notify_messages::{Category, DeliveryState, GatewayBatch, GatewayMessage};
use ratusz_domain::notify::audience::{self, CleanAudience};
use ratusz_domain::notify::placeholders::{self, PlaceholderValues};
use ratusz_domain::notify::quiet_hours::{self, Quiet};
use ratusz_domain::notify::sending::{self, Attempted, Move, LEASE_S};
use ratusz_domain::time::Timestamp;
use ratusz_platform::config::SpinVars;
use ratusz_platform::db::Db;
use ratusz_platform::runtime::Breather;
use ratusz_platform::sealed::Keyring;
use ratusz_platform::{gateway_batch, log, runtime, ApiError};
use std::collections::HashMap;
use std::time::Duration;

/// A message as its deliveries need it: opened once per batch.
struct Opened {
    title: String,
    text: String,
    category: Category,
    link: Option<String>,
    public: bool,
}

/// One batch of at most `batch` deliveries of `channel`; whether anything was leased.
pub async fn step(
    db: &Db,
    keys: &ResidentKeys,
    channel: Channel,
    batch: u32,
    progress: &mut Progress,
) -> Result<bool, ApiError> {
    let now = runtime::now();
    let until = now.plus_seconds(LEASE_S);
    let leased = deliveries::lease(db, channel, now, until, batch)?;
    if leased.is_empty() {
        return Ok(false);
    }
    let outcomes = match prepare(db, keys, channel, &leased, now) {
        Ok((outcomes, batch)) if channel == Channel::Push => {
            send_push(db, keys, outcomes, batch, &leased, now).await
        }
        Ok((outcomes, batch)) => send(channel, outcomes, batch, &leased, now).await,
        Err(e) => {
            // Nothing could be prepared (a keyring missing): every delivery waits and retries.
            log::error(&format!("sending {}: {e}", channel.as_str()));
            leased
                .iter()
                .map(|l| (l.id.clone(), retry(l, now)))
                .collect()
        }
    };
    record(db, channel, &leased, &outcomes, until, progress)?;
    Ok(true)
}

fn retry(l: &Leased, now: Timestamp) -> Outcome {
    let attempted = Attempted {
        attempts: l.attempts,
        first_attempt_at: l.first_attempt_at.unwrap_or(now),
    };
    outcome(sending::retry(attempted, None, now))
}

fn outcome(m: Move) -> Outcome {
    match m {
        Move::Sent => Outcome::State(DeliveryState::Sent),
        Move::Failed => Outcome::State(DeliveryState::Failed),
        Move::Retry(at) => Outcome::Retry(at),
    }
}

type Prepared = (HashMap<String, Outcome>, Vec<GatewayMessage>);

/// How long `prepare` works between two pauses that give the host's worker back.
const BREATHE_EVERY: Duration = Duration::from_millis(2);

/// What is decided without the gateway (skips, holds, retries of what could not be opened)
/// and the gateway's messages for the rest.
fn prepare(
    db: &Db,
    keys: &ResidentKeys,
    channel: Channel,
    leased: &[Leased],
    now: Timestamp,
) -> Result<Prepared, ApiError> {
    let data_keys = sealing::keyring()?;
    let mut opened: HashMap<String, Option<Opened>> = HashMap::new();
    for l in leased {
        if !opened.contains_key(&l.message_id) {
            let m = open_message(db, &data_keys, &l.message_id)?;
            opened.insert(l.message_id.clone(), m);
        }
    }
    let ids: Vec<String> = leased.iter().map(|l| l.recipient_id.clone()).collect();
    let addressees: HashMap<String, Addressee> = targets::addressees(db, &ids, channel, now)?
        .into_iter()
        .map(|a| (a.id.clone(), a))
        .collect();
    let district_names: HashMap<String, String> = districts::list(db)?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    let mut outcomes = HashMap::new();
    let mut batch = Vec::new();
    // Opening 500 contacts is tens of milliseconds of CPU without a host call.
    let mut breather = Breather::every(BREATHE_EVERY);
    for l in leased {
        breather.breathe();
        let (Some(Some(m)), Some(a)) = (opened.get(&l.message_id), addressees.get(&l.recipient_id))
        else {
            outcomes.insert(l.id.clone(), Outcome::State(DeliveryState::Skipped));
            continue;
        };
        match one(keys, channel, l, m, a, &district_names, now) {
            Ok(Ok(message)) => batch.push(message),
            Ok(Err(decided)) => {
                outcomes.insert(l.id.clone(), decided);
            }
            Err(e) => {
                log::error(&format!("delivery {}: {e}", l.id));
                outcomes.insert(l.id.clone(), retry(l, now));
            }
        }
    }
    Ok((outcomes, batch))
}

fn open_message(db: &Db, keys: &Keyring, id: &str) -> Result<Option<Opened>, ApiError> {
    let Some(row) = messages::by_id(db, id)? else {
        return Ok(None);
    };
    Ok(Some(Opened {
        title: sealing::open(keys, id, "title", &row.title)?,
        text: sealing::open(keys, id, "text", &row.text)?,
        category: row.category,
        link: row.link,
        public: row.public,
    }))
}

/// The gateway's message for one delivery, or what becomes of it without one.
fn one(
    keys: &ResidentKeys,
    channel: Channel,
    l: &Leased,
    m: &Opened,
    a: &Addressee,
    district_names: &HashMap<String, String>,
    now: Timestamp,
) -> Result<Result<GatewayMessage, Outcome>, ApiError> {
    // Checked again at delivery: the audience was fixed when counting ended.
    let kind = if m.public {
        CleanAudience::Everyone
    } else {
        CleanAudience::Individuals(Vec::new())
    };
    if !audience::may_receive(&kind, a.standing) || !a.reach.reaches(channel) {
        return Ok(Err(Outcome::State(DeliveryState::Skipped)));
    }
    let quiet_text = a
        .quiet_hours
        .as_deref()
        .map(|s| keys.open(&a.id, "quiet_hours", s))
        .transpose()?;
    if let Some(at) = quiet_hours::held_until(quiet(quiet_text.as_deref()), m.category, now) {
        return Ok(Err(Outcome::Hold(at)));
    }
    let to = match targets::contact_column(channel) {
        Some(column) => {
            let Some(sealed) = a.contact.as_deref() else {
                return Ok(Err(Outcome::State(DeliveryState::Skipped)));
            };
            keys.open(&a.id, column, sealed)?
        }
        // Push has no address here: the push sender opens the device's sealed subscription.
        None => String::new(),
    };
    let needs_names =
        placeholders::has_placeholders(&m.title) || placeholders::has_placeholders(&m.text);
    let open_name = |column: &str, v: &Option<String>| -> Result<String, ApiError> {
        match (needs_names, v.as_deref()) {
            (true, Some(s)) => keys.open(&a.id, column, s),
            _ => Ok(String::new()),
        }
    };
    let first = open_name("first_name", &a.names.0)?;
    let last = open_name("last_name", &a.names.1)?;
    let values = PlaceholderValues {
        first_name: &first,
        last_name: &last,
        district: district_names
            .get(&a.district_id)
            .map_or("", String::as_str),
    };
    let text = placeholders::fill(&m.text, &values);
    let (subject, text) = match channel {
        // The SMS carries the text alone: what the preview measured and the bill counts.
        Channel::Sms => (None, text),
        // A notification: the title and the text; its click opens the message (the link is
        // on that page).
        Channel::Push => (Some(placeholders::fill(&m.title, &values)), text),
        _ => (
            Some(placeholders::fill(&m.title, &values)),
            match &m.link {
                Some(link) => format!("{text}\n\n{link}"),
                None => text,
            },
        ),
    };
    Ok(Ok(GatewayMessage {
        id: l.id.clone(),
        to,
        subject,
        text,
        category: m.category,
    }))
}

/// The stored quiet hours (`HH:MM-HH:MM`, `none`; NULL: the default 22:00–07:00) as the rule
/// reads them.
fn quiet(stored: Option<&str>) -> Option<Quiet<'_>> {
    match stored {
        None => Some(Quiet {
            start: "22:00",
            end: "07:00",
        }),
        Some(text) => text
            .split_once('-')
            .map(|(start, end)| Quiet { start, end }),
    }
}

/// POSTs the batch (if anything is left to send) and adds the answer's outcomes.
async fn send(
    channel: Channel,
    mut outcomes: HashMap<String, Outcome>,
    batch: Vec<GatewayMessage>,
    leased: &[Leased],
    now: Timestamp,
) -> HashMap<String, Outcome> {
    if batch.is_empty() {
        return outcomes;
    }
    let answer = match gateway_batch::config(&SpinVars, channel.as_str()) {
        Ok(gateway) => gateway_batch::post(
            &gateway,
            &GatewayBatch {
                messages: batch.clone(),
            },
        )
        .await
        .map_err(|e| log::error(&format!("{} gateway: {e}", channel.as_str())))
        .ok(),
        Err(e) => {
            log::error(&format!("{} gateway: {e}", channel.as_str()));
            None
        }
    };
    let by_id: HashMap<&str, &Leased> = leased.iter().map(|l| (l.id.as_str(), l)).collect();
    let sent: Vec<(String, Attempted)> = batch
        .iter()
        .filter_map(|g| by_id.get(g.id.as_str()))
        .map(|l| {
            (
                l.id.clone(),
                Attempted {
                    attempts: l.attempts,
                    first_attempt_at: l.first_attempt_at.unwrap_or(now),
                },
            )
        })
        .collect();
    for (id, m) in sending::batch_moves(&sent, answer.as_ref(), now) {
        outcomes.insert(id, outcome(m));
    }
    outcomes
}

/// Sends the push batch through `sending::push` and adds what each answer means: taken is
/// `sent` (the push service's answer is the last word), gone or refused `failed`, a device
/// without a subscription `skipped`, a retry backs off as a gateway's would.
async fn send_push(
    db: &Db,
    keys: &ResidentKeys,
    mut outcomes: HashMap<String, Outcome>,
    batch: Vec<GatewayMessage>,
    leased: &[Leased],
    now: Timestamp,
) -> HashMap<String, Outcome> {
    let by_id: HashMap<&str, &Leased> = leased.iter().map(|l| (l.id.as_str(), l)).collect();
    let jobs: Vec<PushJob> = batch
        .into_iter()
        .filter_map(|g| {
            let l = by_id.get(g.id.as_str())?;
            Some(PushJob {
                delivery_id: g.id,
                recipient_id: l.recipient_id.clone(),
                title: g.subject.unwrap_or_default(),
                body: push::notification_body(&g.text),
                url: push::message_url(&l.message_id),
                urgency: push::urgency(g.category),
            })
        })
        .collect();
    for (id, answer) in push::send_batch(db, keys, jobs, now).await {
        let Some(l) = by_id.get(id.as_str()) else {
            continue;
        };
        let decided = match answer {
            PushOutcome::Sent => Outcome::State(DeliveryState::Sent),
            PushOutcome::Gone | PushOutcome::Failed => Outcome::State(DeliveryState::Failed),
            PushOutcome::NoSubscription => Outcome::State(DeliveryState::Skipped),
            PushOutcome::Retry { after_s } => {
                let attempted = Attempted {
                    attempts: l.attempts,
                    first_attempt_at: l.first_attempt_at.unwrap_or(now),
                };
                outcome(sending::retry(attempted, after_s, now))
            }
        };
        outcomes.insert(id, decided);
    }
    outcomes
}

/// Records every outcome in one transaction with the counters; finishes drained messages
/// (bumped at once; the others' moved counts with the pass's next due bump).
fn record(
    db: &Db,
    channel: Channel,
    leased: &[Leased],
    outcomes: &HashMap<String, Outcome>,
    until: Timestamp,
    progress: &mut Progress,
) -> Result<(), ApiError> {
    let now = runtime::now();
    let mut moves = CountMoves::default();
    let (touched, finished) = db.transaction(|db| -> Result<_, ApiError> {
        let recorded: Vec<(&Leased, Outcome)> = leased
            .iter()
            .map(|l| {
                (
                    l,
                    outcomes.get(&l.id).copied().unwrap_or(Outcome::Retry(now)),
                )
            })
            .collect();
        deliveries::record_all(db, &recorded, channel, until, now, &mut moves)?;
        moves.apply(db)?;
        let mut touched: Vec<String> = leased.iter().map(|l| l.message_id.clone()).collect();
        touched.sort();
        touched.dedup();
        let mut finished = Vec::new();
        for id in &touched {
            if messages::finish_if_drained(db, id, now)? {
                finished.push(id.clone());
            }
        }
        Ok((touched, finished))
    })?;
    progress.moved(&touched);
    progress.changed(&finished);
    Ok(())
}
