//! `POST /api/notify/messages`: a message is checked field by field, its references against
//! the registry and its audience against the k rule; then its title and text are sealed
//! (before the transaction) and it is stored `scheduled` or `sending` with its audit entry, in
//! one transaction under the `Idempotency-Key`. A message to send now asks for a sending pass
//! after the response, so it does not wait for the next tick.

use super::{notifier, sealing, views};
use crate::keys::ResidentKeys;
use crate::sending::targeting::{self, Target};
use crate::store::messages::{self, MessageRow};
use crate::store::{districts, targets};
use ratusz_domain::api::notify_messages::{AudienceState, MessageInput, MessageState};
use ratusz_domain::notify::age::Day;
use ratusz_domain::notify::audience::{self, CleanAudience};
use ratusz_domain::notify::message_input::{self, CleanMessage};
use ratusz_domain::notify::sending;
use ratusz_domain::time::Timestamp;
use ratusz_domain::validate::{FieldErrors, Invalid};
use ratusz_platform::db::Db;
use ratusz_platform::{idempotency, response, runtime, ApiError, Ctx};
use spin_sdk::http::Response;

/// Residents read per batch while checking the k rule.
const K_BATCH: u32 = 2_000;

/// `POST /api/notify/messages` → 201 message.
pub fn create(ctx: &Ctx) -> Result<Response, ApiError> {
    let n = notifier(ctx)?;
    let input: MessageInput = ctx.req.json()?;
    let clean = message_input::check(&input, n.env.now)?;
    check_references(&n.env.db, &clean, n.env.now)?;
    at_least_k(
        &n.env.db,
        &clean,
        n.env.now,
        n.env.settings.messages.min_audience,
    )?;
    let id = runtime::new_id().as_str().to_owned();
    let keys = sealing::keyring()?;
    let row = MessageRow {
        title: sealing::seal(&keys, &id, "title", &clean.title)?,
        text: sealing::seal(&keys, &id, "text", &clean.text)?,
        category: clean.category,
        link: clean.link.clone(),
        channels: clean.channels.clone(),
        audience: clean.audience.to_wire(),
        public: matches!(clean.audience, CleanAudience::Everyone),
        state: sending::initial_state(clean.send_at, n.env.now),
        send_at: clean.send_at,
        template_id: clean.template_id.clone(),
        created_by: n.user_id.clone(),
        created_at: n.env.now,
        started_at: None,
        finished_at: None,
        cancelled_at: None,
        cancelled_by: None,
        audience_state: AudienceState::Counting,
        audience_count: 0,
        audience_cursor: None,
        id,
    };
    let row = MessageRow {
        started_at: (row.state == MessageState::Sending).then_some(n.env.now),
        ..row
    };
    let scope = format!("user:{} POST /api/notify/messages", n.user_id);
    let resp = idempotency::run(&n.env.db, ctx.req, &scope, n.env.now, |db| {
        messages::insert(db, &row)?;
        n.env.audit(
            &n.user_id,
            "message.created",
            &format!("message:{}", row.id),
            serde_json::json!({
                "audience": audience_kind(&row.audience),
                "channels": row.channels.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                "state": row.state.as_str(),
                "send_at": row.send_at.map(Timestamp::to_rfc3339),
            }),
        )?;
        Ok(response::created(&views::message(db, &keys, row.clone())?))
    })?;
    if row.state == MessageState::Sending {
        crate::sending::request_pass();
    }
    Ok(resp)
}

fn audience_kind(a: &ratusz_domain::api::notify_messages::Audience) -> &'static str {
    use ratusz_domain::api::notify_messages::Audience;
    match a {
        Audience::Everyone {} => "everyone",
        Audience::Filter(_) => "filter",
        Audience::Individuals(_) => "individuals",
    }
}

/// 422 `unknown_reference` on `audience.district_ids` for a district that does not exist, and
/// on `audience.recipient_ids` for an id that is no recipient (or an erased one).
pub fn check_references(db: &Db, m: &CleanMessage, now: Timestamp) -> Result<(), ApiError> {
    let wanted = m.audience.district_ids();
    if !wanted.is_empty() {
        let known: Vec<String> = districts::list(db)?.into_iter().map(|d| d.id).collect();
        if wanted.iter().any(|d| !known.contains(d)) {
            return Err(
                FieldErrors::one("audience.district_ids", Invalid::unknown_reference()).into(),
            );
        }
    }
    if let CleanAudience::Individuals(ids) = &m.audience {
        let found = targets::by_ids(db, ids, &targets::Wanted::default(), now)?;
        let present = found.iter().filter(|c| !c.standing.erased).count();
        if present != ids.len() {
            return Err(
                FieldErrors::one("audience.recipient_ids", Invalid::unknown_reference()).into(),
            );
        }
    }
    Ok(())
}

/// 422 `audience_too_small` (`params.k`) when the k rule refuses `count`.
pub fn k_rule(a: &CleanAudience, count: u64, k: u32) -> Result<(), ApiError> {
    audience::k_rule(a, count, k).map_err(|e| {
        ApiError::unprocessable(
            "audience_too_small",
            "The audience is too small to be targeted by a filter.",
        )
        .with_param("k", e.k)
    })
}

/// The k rule at creation: a filter's audience is counted only until it reaches k (the whole
/// count is the tick's), so a large audience costs one batch.
fn at_least_k(db: &Db, m: &CleanMessage, now: Timestamp, k: u32) -> Result<(), ApiError> {
    if !matches!(m.audience, CleanAudience::Filter(_)) {
        return Ok(());
    }
    let keys = ResidentKeys::load()?;
    let target = Target {
        audience: &m.audience,
        channels: &m.channels,
        today: Day::in_poland(now),
        names: false,
        now,
    };
    let mut count = 0u64;
    let mut after: Option<String> = None;
    loop {
        let batch = targeting::batch(db, &keys, &target, after.as_deref(), K_BATCH)?;
        count += batch.matched.len() as u64;
        if count >= u64::from(k) || batch.exhausted {
            break;
        }
        after = batch.cursor;
    }
    k_rule(&m.audience, count, k)
}
