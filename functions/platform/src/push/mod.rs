//! The Web Push sender, written once for every component (the chat's councillors, the
//! residents' notifications): encrypt (RFC 8291), sign (RFC 8292 VAPID) and POST (RFC 8030)
//! through Spin's outbound HTTP, and say what the push service's answer means.
//!
//! - [`config`]: `vapid_private_key` (empty = push off), `vapid_subject`, and
//!   `push_service_origin`, the one `allowed_outbound_hosts` entry push services are reached
//!   through (default `https://*:443`; docs/decisions.md § Web Push).
//! - [`request`]: one push as an HTTP request, pure and tested natively.
//! - [`input`]: a browser's subscription as a client sends it, checked.
//! - [`subscriptions`]: staff accounts' subscriptions, sealed at rest.
//! - [`send_all`]: POSTs → [`Delivery`]s, a few at once, one VAPID token per push service.
//!   [`notify_accounts`] queues a push to accounts' browsers; [`deliver_queued`] sends them
//!   after the response has gone (as the outbox does), on a fresh connection, never inside a
//!   transaction, and removes subscriptions the push service calls gone (404/410).

pub mod config;
pub mod input;
pub mod request;
pub mod subscriptions;

pub use config::PushConfig;
pub use ratusz_domain::webpush::{Delivery, PushNotification, Urgency};
pub use request::{Authorizations, PushMessage, PushSubscription};

use crate::config::SpinVars;
use crate::db::Db;
use crate::runtime::HostEntropy;
use crate::sealed::Keyring;
use ratusz_domain::time::Timestamp;
use spin_sdk::http::{Method, Request, Response};
use std::cell::RefCell;

/// Pushes sent at once after a response (outgoing requests run concurrently on the host).
const CONCURRENT_SENDS: usize = 8;

/// Sends every `(subscription, message)`, [`CONCURRENT_SENDS`] at a time (outgoing requests
/// run concurrently on the host), and answers each one's [`Delivery`] in the same order. The
/// VAPID token is signed once per push service for the whole call ([`Authorizations`]). Never
/// fails: a push that cannot be built is [`Delivery::Refused`] (status 0) and logged.
pub async fn send_all(
    config: &PushConfig,
    pushes: &[(&PushSubscription, &PushMessage)],
    now: Timestamp,
) -> Vec<Delivery> {
    let mut authorizations = Authorizations::default();
    let mut outcomes = Vec::with_capacity(pushes.len());
    for chunk in pushes.chunks(CONCURRENT_SENDS) {
        // Built (encrypted, signed) one after another — that is CPU work — then POSTed at once.
        let built: Vec<Result<request::PushRequest, Delivery>> = chunk
            .iter()
            .map(|(subscription, message)| {
                let built = request::build(
                    config,
                    subscription,
                    message,
                    now,
                    &mut authorizations,
                    &mut HostEntropy,
                )
                .map_err(|e| {
                    crate::log::error(&format!("push: not sent: {e}"));
                    Delivery::Refused { status: 0 }
                });
                yield_to_host();
                built
            })
            .collect();
        outcomes.extend(futures::future::join_all(built.into_iter().map(post)).await);
    }
    outcomes
}

/// Gives the host's worker back after one push's P-256 work (milliseconds in wasm): a short
/// pause is a wait on the host's clock, so the requests queued behind this instance — a
/// councillor's tablet — run now instead of after the host's next epoch tick (10 ms on Spin).
/// Measured on a 100,000-push fan-out (push alone): the council's live p99 8.8 → 5.9 ms.
fn yield_to_host() {
    crate::runtime::pause(crate::runtime::BREATH_MS);
}

/// POSTs one built push and classifies the answer.
async fn post(built: Result<request::PushRequest, Delivery>) -> Delivery {
    let push = match built {
        Ok(push) => push,
        Err(refused) => return refused,
    };
    let mut builder = Request::builder();
    builder.method(Method::Post).uri(push.url);
    for (name, value) in push.headers {
        builder.header(name, value);
    }
    match spin_sdk::http::send::<_, Response>(builder.body(push.body).build()).await {
        Ok(response) => {
            let retry_after = response.header("retry-after").and_then(|v| v.as_str());
            Delivery::from_response(*response.status(), retry_after)
        }
        Err(e) => {
            crate::log::error(&format!("push: push service unreachable: {e}"));
            Delivery::NETWORK_FAILURE
        }
    }
}

/// A push waiting for the response to leave.
struct Queued {
    account_ids: Vec<String>,
    message: PushMessage,
}

thread_local! {
    static QUEUE: RefCell<Vec<Queued>> = const { RefCell::new(Vec::new()) };
}

/// Queues `message` to every browser the accounts subscribed, sent by [`deliver_queued`] once
/// the response has gone. Call it after the change it announces has committed.
pub fn notify_accounts(account_ids: Vec<String>, message: PushMessage) {
    if account_ids.is_empty() {
        return;
    }
    QUEUE.with(|q| {
        q.borrow_mut().push(Queued {
            account_ids,
            message,
        })
    });
}

/// Sends what this request queued (best effort: failures are logged; a push is a nudge to
/// open the app, whose state the app reads anyway, so a `retry` answer is not retried later —
/// a stale "new message" an hour late helps nobody; TTL covers a browser that is offline).
pub async fn deliver_queued() {
    let queued = QUEUE.with(|q| std::mem::take(&mut *q.borrow_mut()));
    if queued.is_empty() {
        return;
    }
    if let Err(e) = deliver(queued, crate::runtime::now()).await {
        crate::log::error(&format!("push: delivery pass failed: {e}"));
    }
}

async fn deliver(queued: Vec<Queued>, now: Timestamp) -> Result<(), String> {
    let Some(config) = PushConfig::from_vars(&SpinVars).map_err(|e| e.to_string())? else {
        return Ok(()); // Push is off: nobody could have subscribed.
    };
    let db = Db::open().map_err(|e| e.to_string())?;
    let keyring = Keyring::from_vars(&SpinVars).map_err(|e| e.to_string())?;
    let mut sends = Vec::new();
    for push in &queued {
        let ids: Vec<&str> = push.account_ids.iter().map(String::as_str).collect();
        let stored = subscriptions::of_accounts(&db, &keyring, &ids).map_err(|e| e.to_string())?;
        for subscription in stored {
            match subscription.record.parse(&config.services) {
                Some(parsed) => sends.push((subscription.id, parsed, &push.message)),
                None => crate::log::error(&format!(
                    "push: subscription {} is outside {}; skipped",
                    subscription.id,
                    config::PUSH_SERVICES_VARIABLE
                )),
            }
        }
    }
    let pushes: Vec<(&PushSubscription, &PushMessage)> = sends
        .iter()
        .map(|(_, subscription, message)| (subscription, *message))
        .collect();
    let outcomes = send_all(&config, &pushes, now).await;
    for ((id, _, _), outcome) in sends.iter().zip(outcomes) {
        match outcome {
            Delivery::Delivered => {}
            Delivery::Gone => {
                subscriptions::remove_gone(&db, id).map_err(|e| e.to_string())?;
                crate::log::info(&format!("push: subscription {id} is gone; removed"));
            }
            other => crate::log::error(&format!("push: subscription {id}: {other}")),
        }
    }
    Ok(())
}
