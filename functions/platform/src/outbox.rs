//! The durable outbox for e-mail and SMS (accounts.md § Outgoing e-mail and SMS).
//!
//! A message is first written to table `outbox`, in the same transaction as the change that
//! caused it, so it is never lost. After the handler has answered, [`crate::App`] delivers
//! what is due (best effort; the user's request never fails because a gateway did); the
//! scheduled tick retries the rest with exponential backoff.
//!
//! Nothing secret at rest: a message carries start passwords, claim links and SMS codes, so
//! its recipient, subject and text are stored only sealed ([`crate::sealed`], column `sealed`,
//! bound to the row id) under the `data_keys` keyring — no keyring, no message (the request
//! fails; plaintext is never stored instead). Once delivered, or given up after
//! [`ratusz_domain::outbox::GIVE_UP_AFTER_S`], the sealed message is wiped.
//!
//! A gateway left at its default origin (`http://gateway.invalid`) is "not configured". In
//! development (`dev_log_messages=true`, set by `cargo xtask up`) the message is then written
//! to the component's log, so the developer sees the bootstrap administrator's start password
//! in the terminal. Otherwise the log says only that a message could not be delivered (never
//! its text) and the message waits, sealed, for a gateway to be configured.

use crate::config::{GatewayConfig, SpinVars, Vars};
use crate::db::Value;
use crate::db::{self, Db, DbError};
use crate::runtime::HostEntropy;
use crate::sealed::Keyring;
use ratusz_domain::outbox::{next_attempt_at, Channel, GIVE_UP_AFTER_S};
use ratusz_domain::time::Timestamp;
use spin_sdk::http::{Method, Request, Response};
use std::cell::Cell;

/// How many due messages one delivery pass sends at most (keeps a request's tail short).
pub const BATCH: i64 = 20;
/// How long a delivery pass holds a message before another instance may try it.
const LEASE_MS: i64 = 60_000;
/// What a sealed message is for (the associated data, with the row id).
const SEAL_PURPOSE: &str = "outbox.message";
/// The variable that lets the log fallback print whole messages (development only).
pub const DEV_LOG_VARIABLE: &str = "dev_log_messages";
/// What a delivered or expired message keeps: channel, status, times — no address, no text.
const WIPE: &str = "recipient = '', subject = '', body = '', sealed = NULL";

thread_local! {
    static DELIVERY_REQUESTED: Cell<bool> = const { Cell::new(false) };
}

/// One message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMessage {
    /// E-mail or SMS.
    pub channel: Channel,
    /// Address or phone number.
    pub to: String,
    /// Subject (e-mail; empty for SMS).
    pub subject: String,
    /// Plain text.
    pub text: String,
}

/// Why a message could not be queued.
#[derive(Debug, thiserror::Error)]
pub enum EnqueueError {
    /// The database refused.
    #[error(transparent)]
    Db(#[from] DbError),
    /// No usable `data_keys` keyring: nothing is stored (fail closed).
    #[error("outbox: cannot seal the message: {0}")]
    Keyring(#[from] crate::config::ConfigError),
    /// Sealing failed.
    #[error("outbox: cannot seal the message: {0}")]
    Seal(#[from] crate::sealed::SealError),
}

impl From<EnqueueError> for crate::ApiError {
    fn from(e: EnqueueError) -> Self {
        match e {
            EnqueueError::Db(e) => e.into(),
            other => crate::ApiError::internal(other),
        }
    }
}

/// Queues a message sealed under the `data_keys` keyring (joins the caller's transaction) and
/// asks for delivery after the response. Without a keyring it fails and stores nothing.
pub fn enqueue(db: &Db, message: &OutgoingMessage, now: Timestamp) -> Result<(), EnqueueError> {
    let keyring = Keyring::from_vars(&SpinVars)?;
    db.execute(
        "INSERT INTO outbox (channel, recipient, subject, body, status, attempts, next_attempt_at_ms, created_at) VALUES (?, '', '', '', 'pending', 0, ?, ?)",
        &[
            Value::Text(message.channel.as_str().to_owned()),
            Value::Integer(now.unix_ms()),
            Value::Text(now.to_rfc3339()),
        ],
    )?;
    let id = db.last_insert_rowid();
    let envelope = serde_json::json!({
        "to": message.to, "subject": message.subject, "text": message.text
    })
    .to_string();
    let sealed = keyring.seal(
        SEAL_PURPOSE,
        &id.to_string(),
        envelope.as_bytes(),
        &mut HostEntropy,
    )?;
    db.execute(
        "UPDATE outbox SET sealed = ? WHERE id = ?",
        &[Value::Text(sealed), Value::Integer(id)],
    )?;
    request_delivery();
    Ok(())
}

/// The message sealed in row `id`.
fn open_message(
    keyring: &Keyring,
    id: i64,
    channel: Channel,
    sealed: &str,
) -> Result<OutgoingMessage, String> {
    let text = keyring
        .open_text(SEAL_PURPOSE, &id.to_string(), sealed)
        .map_err(|e| e.to_string())?;
    let envelope: serde_json::Value =
        serde_json::from_str(&text).map_err(|_| "sealed message is not JSON".to_owned())?;
    let field = |name: &str| envelope[name].as_str().unwrap_or_default().to_owned();
    Ok(OutgoingMessage {
        channel,
        to: field("to"),
        subject: field("subject"),
        text: field("text"),
    })
}

/// Asks [`deliver_if_requested`] to run after this request (the tick calls it too).
pub fn request_delivery() {
    DELIVERY_REQUESTED.with(|f| f.set(true));
}

/// Delivers due messages when this request queued any (or the tick asked). Never fails:
/// problems are logged and the message stays queued.
pub async fn deliver_if_requested() {
    if !DELIVERY_REQUESTED.with(|f| f.replace(false)) {
        return;
    }
    if let Err(e) = deliver_due(crate::runtime::now()).await {
        crate::log::error(&format!("outbox: delivery pass failed: {e}"));
    }
}

struct Queued {
    id: i64,
    attempts: u32,
    lease: i64,
    /// The sealed message (`None` only for rows queued before sealing).
    sealed: Option<String>,
    /// Channel, and for unsealed old rows their plaintext.
    message: OutgoingMessage,
}

/// Sends up to [`BATCH`] due messages. Returns how many reached their gateway.
pub async fn deliver_due(now: Timestamp) -> Result<u32, DbError> {
    let db = Db::open()?;
    expire(&db, now)?;
    let keyring = match Keyring::from_vars(&SpinVars) {
        Ok(keyring) => Some(keyring),
        Err(e) => {
            crate::log::error(&format!("outbox: {e}; queued messages cannot be opened"));
            None
        }
    };
    let mut delivered = 0;
    for queued in claim_due(&db, now)? {
        let outcome = match (&keyring, &queued.sealed) {
            (Some(keyring), Some(sealed)) => {
                match open_message(keyring, queued.id, queued.message.channel, sealed) {
                    Ok(message) => send(&message).await,
                    Err(e) => Err(e),
                }
            }
            // A message queued before sealing existed (its plaintext row is wiped once sent).
            (_, None) => send(&queued.message).await,
            (None, Some(_)) => Err(format!("no `{}` keyring", crate::sealed::KEYRING_VARIABLE)),
        };
        match outcome {
            Ok(()) => {
                delivered += 1;
                db.execute(
                    &format!("UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL, {WIPE} WHERE id = ?"),
                    &[Value::Text(now.to_rfc3339()), Value::Integer(queued.id)],
                )?;
            }
            Err(reason) => {
                let attempts = queued.attempts.saturating_add(1);
                crate::log::error(&format!(
                    "outbox: message {} ({}) not delivered (attempt {attempts}): {reason}",
                    queued.id,
                    queued.message.channel.as_str()
                ));
                db.execute(
                    "UPDATE outbox SET attempts = ?, next_attempt_at_ms = ?, last_error = ? WHERE id = ? AND next_attempt_at_ms = ?",
                    &[
                        Value::Integer(i64::from(attempts)),
                        Value::Integer(next_attempt_at(attempts, now).unix_ms()),
                        Value::Text(reason),
                        Value::Integer(queued.id),
                        Value::Integer(queued.lease),
                    ],
                )?;
            }
        }
    }
    Ok(delivered)
}

/// Gives up messages still pending after [`GIVE_UP_AFTER_S`]: what they carried (a start
/// password, a claim link) has expired by then, so they are wiped, not sent.
fn expire(db: &Db, now: Timestamp) -> Result<(), DbError> {
    let cutoff = now.plus_seconds(-GIVE_UP_AFTER_S).to_rfc3339();
    db.execute(
        &format!("UPDATE outbox SET status = 'expired', {WIPE} WHERE status = 'pending' AND created_at < ?"),
        &[Value::Text(cutoff)],
    )?;
    if db.changes() > 0 {
        crate::log::error(&format!(
            "outbox: {} undelivered message(s) expired and were wiped",
            db.changes()
        ));
    }
    Ok(())
}

/// Takes a lease on due messages so that two instances never send one twice.
fn claim_due(db: &Db, now: Timestamp) -> Result<Vec<Queued>, DbError> {
    let lease = now.unix_ms() + LEASE_MS;
    db.transaction(|db| {
        let rows = db.execute(
            "SELECT id, channel, recipient, subject, body, attempts, sealed FROM outbox WHERE status = 'pending' AND next_attempt_at_ms <= ? ORDER BY id LIMIT ?",
            &[Value::Integer(now.unix_ms()), Value::Integer(BATCH)],
        )?;
        let mut claimed = Vec::new();
        for row in &rows.rows {
            let id = db::integer(row, 0, "outbox.id")?;
            let Some(channel) = Channel::parse(&db::text(row, 1, "outbox.channel")?) else {
                continue;
            };
            db.execute(
                "UPDATE outbox SET next_attempt_at_ms = ? WHERE id = ?",
                &[Value::Integer(lease), Value::Integer(id)],
            )?;
            claimed.push(Queued {
                id,
                attempts: u32::try_from(db::integer(row, 5, "outbox.attempts")?).unwrap_or(u32::MAX),
                lease,
                sealed: db::opt_text(row, 6),
                message: OutgoingMessage {
                    channel,
                    to: db::text(row, 2, "outbox.recipient")?,
                    subject: db::text(row, 3, "outbox.subject")?,
                    text: db::text(row, 4, "outbox.body")?,
                },
            });
        }
        Ok(claimed)
    })
}

/// The gateway's JSON body (the contract of accounts.md).
pub fn gateway_body(message: &OutgoingMessage) -> serde_json::Value {
    match message.channel {
        Channel::Email => serde_json::json!({
            "to": message.to, "subject": message.subject, "text": message.text
        }),
        Channel::Sms => serde_json::json!({ "to": message.to, "text": message.text }),
    }
}

fn gateway_prefix(channel: Channel) -> &'static str {
    match channel {
        Channel::Email => "email",
        Channel::Sms => "sms",
    }
}

async fn send(message: &OutgoingMessage) -> Result<(), String> {
    let gateway = GatewayConfig::from_vars(&SpinVars, gateway_prefix(message.channel))
        .map_err(|e| e.to_string())?;
    if !gateway.is_configured() {
        // The spec's fallback (no gateway → the terminal), for development only: a log is
        // kept, shipped and read by more people than a mailbox, so elsewhere the message
        // waits, sealed, for a gateway and the log never holds its text.
        if !dev_log_messages() {
            return Err(format!(
                "no {} gateway configured (set {}_gateway_origin)",
                message.channel.as_str(),
                gateway_prefix(message.channel)
            ));
        }
        crate::log::info(&format!(
            "outbox ({} gateway not configured; {DEV_LOG_VARIABLE}=true) to {}: {}\n{}",
            message.channel.as_str(),
            message.to,
            message.subject,
            message.text
        ));
        return Ok(());
    }
    let body = serde_json::to_vec(&gateway_body(message)).map_err(|e| e.to_string())?;
    let mut builder = Request::builder();
    builder
        .method(Method::Post)
        .uri(gateway.url())
        .header("content-type", "application/json")
        // A known length instead of chunked transfer: many gateways answer 411 to chunked.
        .header("content-length", body.len().to_string());
    if !gateway.token.is_empty() {
        builder.header(
            "authorization",
            format!("Bearer {}", gateway.token.expose()),
        );
    }
    let response: Response = spin_sdk::http::send(builder.body(body).build())
        .await
        .map_err(|e| format!("gateway unreachable: {e}"))?;
    match *response.status() {
        200..=299 => Ok(()),
        status => Err(format!("gateway answered {status}")),
    }
}

/// Whether the log fallback may print whole messages (`dev_log_messages=true`).
fn dev_log_messages() -> bool {
    dev_log_enabled(&SpinVars)
}

/// `dev_log_messages` parsed strictly: only `true` enables it; unset or anything else does not.
fn dev_log_enabled(vars: &impl Vars) -> bool {
    matches!(vars.get(DEV_LOG_VARIABLE), Ok(Some(v)) if v.trim() == "true")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_explicit_true_lets_the_log_print_messages() {
        use crate::config::MapVars;
        let vars = |v: Option<&str>| {
            MapVars(
                v.map(|v| (DEV_LOG_VARIABLE.to_owned(), v.to_owned()))
                    .into_iter()
                    .collect(),
            )
        };
        assert!(dev_log_enabled(&vars(Some("true"))));
        assert!(dev_log_enabled(&vars(Some(" true "))));
        for off in [
            None,
            Some(""),
            Some("false"),
            Some("1"),
            Some("yes"),
            Some("TRUE "),
        ] {
            assert!(!dev_log_enabled(&vars(off)), "{off:?}");
        }
    }

    #[test]
    fn gateway_bodies_follow_the_contract() {
        let email = OutgoingMessage {
            channel: Channel::Email,
            to: "a@b.pl".into(),
            subject: "S".into(),
            text: "T".into(),
        };
        assert_eq!(
            gateway_body(&email),
            serde_json::json!({"to": "a@b.pl", "subject": "S", "text": "T"})
        );
        let sms = OutgoingMessage {
            channel: Channel::Sms,
            ..email
        };
        assert_eq!(
            gateway_body(&sms),
            serde_json::json!({"to": "a@b.pl", "text": "T"})
        );
    }
}
