//! What anyone may call without logging in: the districts and the consent text the form
//! shows, registration, a new code, and binding a device. The three forms share one
//! per-address throttle, and none of them tells whether a contact is registered.

pub mod bindings;
pub mod codes;
pub mod consent;
pub mod districts;
pub mod news;
pub mod push_key;
pub mod registrations;

use crate::settings::Env;
use ratusz_domain::outbox::Channel;
use ratusz_platform::db::Db;
use ratusz_platform::kv::{CounterKey, Counters};
use ratusz_platform::outbox::{self, OutgoingMessage};
use ratusz_platform::{ApiError, Ctx};

/// Counts this request against its client address (every request of the public forms, not
/// only failures: they send messages and guess codes). Over the limit → 429 with
/// `Retry-After`.
pub fn throttle(ctx: &Ctx, env: &Env) -> Result<(), ApiError> {
    let policy = env.settings.throttle;
    let key = CounterKey::new(
        "notify-addr",
        &format!("{}:{}", ctx.client_addr(), policy.window(env.now)),
    );
    let count = Counters::open()?.increment(&key, 1)?;
    policy
        .check(count, env.now)
        .map_err(|retry_after_s| ApiError::TooManyRequests { retry_after_s })
}

/// Queues a message to `to` (sealed in the outbox, joins the caller's transaction).
pub fn send(
    db: &Db,
    env: &Env,
    channel: Channel,
    to: &str,
    message: ratusz_domain::notify::messages::ResidentMessage,
) -> Result<(), ApiError> {
    outbox::enqueue(
        db,
        &OutgoingMessage {
            channel,
            to: to.to_owned(),
            subject: if channel == Channel::Email {
                message.subject
            } else {
                String::new()
            },
            text: message.text,
        },
        env.now,
    )?;
    Ok(())
}
