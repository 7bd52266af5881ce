//! The durable outbox for e-mail and SMS (accounts.md § Outgoing e-mail and SMS).
//!
//! A message is first written to table `outbox`, in the same transaction as the change that
//! caused it, so it is never lost. After the handler has answered, [`crate::App`] delivers
//! what is due (best effort; the user's request never fails because a gateway did); the
//! scheduled tick retries the rest with exponential backoff. A gateway left at its default
//! origin (`http://gateway.invalid`) is "not configured": the message is written to the
//! component's log instead, so a developer running `cargo xtask up` sees the bootstrap
//! administrator's start password in the terminal. Configure gateways in production.

use crate::config::{GatewayConfig, SpinVars};
use crate::db::Value;
use crate::db::{self, Db, DbError};
use ratusz_domain::outbox::{next_attempt_at, Channel};
use ratusz_domain::time::Timestamp;
use spin_sdk::http::{Method, Request, Response};
use std::cell::Cell;

/// How many due messages one delivery pass sends at most (keeps a request's tail short).
pub const BATCH: i64 = 20;
/// How long a delivery pass holds a message before another instance may try it.
const LEASE_MS: i64 = 60_000;

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

/// Queues a message (joins the caller's transaction) and asks for delivery after the response.
pub fn enqueue(db: &Db, message: &OutgoingMessage, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        "INSERT INTO outbox (channel, recipient, subject, body, status, attempts, next_attempt_at_ms, created_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)",
        &[
            Value::Text(message.channel.as_str().to_owned()),
            Value::Text(message.to.clone()),
            Value::Text(message.subject.clone()),
            Value::Text(message.text.clone()),
            Value::Integer(now.unix_ms()),
            Value::Text(now.to_rfc3339()),
        ],
    )?;
    request_delivery();
    Ok(())
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
    message: OutgoingMessage,
}

/// Sends up to [`BATCH`] due messages. Returns how many reached their gateway.
pub async fn deliver_due(now: Timestamp) -> Result<u32, DbError> {
    let db = Db::open()?;
    let mut delivered = 0;
    for queued in claim_due(&db, now)? {
        let outcome = send(&queued.message).await;
        match outcome {
            Ok(()) => {
                delivered += 1;
                db.execute(
                    "UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL WHERE id = ?",
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

/// Takes a lease on due messages so that two instances never send one twice.
fn claim_due(db: &Db, now: Timestamp) -> Result<Vec<Queued>, DbError> {
    let lease = now.unix_ms() + LEASE_MS;
    db.transaction(|db| {
        let rows = db.execute(
            "SELECT id, channel, recipient, subject, body, attempts FROM outbox WHERE status = 'pending' AND next_attempt_at_ms <= ? ORDER BY id LIMIT ?",
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
        // Development fallback required by the spec: no gateway → the terminal.
        crate::log::info(&format!(
            "outbox ({} gateway not configured) to {}: {}\n{}",
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

#[cfg(test)]
mod tests {
    use super::*;

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
