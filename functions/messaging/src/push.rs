//! Web Push for the chat (docs/api/messaging.md § Live): the browser asks for the server's
//! VAPID key, subscribes, and is told of a new message in a direct conversation and of every
//! mention while the app is closed. The push says only which conversation and "Nowa
//! wiadomość" — never the text: push services see a payload's size and timing. The sender,
//! the sealed subscription store and the delivery after the response are the platform's
//! (`ratusz_platform::push`); this module decides who is told and what.

use crate::access::chatter;
use crate::settings::Env;
use crate::store::conversations::ConversationRow;
use crate::store::members;
use ratusz_domain::api::chat::{
    ConversationKind, PushKey, PushSubscriptionCreate, PushSubscriptionCreated,
};
use ratusz_domain::validate;
use ratusz_platform::config::SpinVars;
use ratusz_platform::push::{
    self, subscriptions, PushConfig, PushMessage, PushNotification, Urgency,
};
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// The body of every chat push.
pub const BODY: &str = "Nowa wiadomość";
/// The title of a push from the council-wide channel (it has no title of its own).
pub const COUNCIL_TITLE: &str = "Kanał rady";
/// How long a push service keeps a push for a browser that is offline (a day: later, the
/// app's own unread counts say it better).
pub const TTL_S: u32 = 24 * 3600;

/// The configured sender; push off (no `vapid_private_key`) is 404, as for any absent thing.
fn config() -> Result<PushConfig, ApiError> {
    PushConfig::from_vars(&SpinVars)?.ok_or(ApiError::NotFound)
}

/// `GET /api/chat/push-key` → `{vapid_public_key}` (the browser's `applicationServerKey`).
pub fn key(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    chatter(&env)?;
    let config = config()?;
    Ok(response::ok(&PushKey {
        vapid_public_key: config.vapid.public_key_base64url(),
    }))
}

/// `POST /api/chat/push-subscriptions` `{endpoint, keys: {p256dh, auth}}` → 201 `{id}`.
pub fn subscribe(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let p = chatter(&env)?;
    let config = config()?;
    let input: PushSubscriptionCreate = ctx.req.json()?;
    let subscription = push::input::parse(&input, &config.services)?;
    let id = subscriptions::add(&env.db, &p.user_id, &subscription, env.now)?;
    Ok(response::created(&PushSubscriptionCreated { id }))
}

/// `DELETE /api/chat/push-subscriptions/{id}` → 204; someone else's or none → 404.
pub fn unsubscribe(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let p = chatter(&env)?;
    let id = validate::id(env.param("id")?).map_err(|_| ApiError::NotFound)?;
    if subscriptions::remove(&env.db, &p.user_id, &id)? {
        Ok(response::no_content())
    } else {
        Err(ApiError::NotFound)
    }
}

/// Queues the pushes a new message causes, once it has committed: the other member of a
/// direct conversation, and everyone mentioned (never the author). Sent after the response.
/// Never fails the request: the message is stored, and a push is only a nudge.
pub fn announce_message(
    env: &Env,
    conversation: &ConversationRow,
    author_id: &str,
    author_name: &str,
    mentions: &[String],
) {
    let mut told: Vec<String> = Vec::new();
    if conversation.kind == ConversationKind::Direct {
        match members::of(&env.db, &conversation.id) {
            Ok(members) => told.extend(members),
            Err(e) => {
                ratusz_platform::log::error(&format!("push: members of {}: {e}", conversation.id))
            }
        }
    }
    told.extend(mentions.iter().cloned());
    told.retain(|id| id != author_id);
    told.sort();
    told.dedup();
    let title = match (conversation.kind, conversation.title.as_deref()) {
        // A direct conversation has no title: its name, for the reader, is the other person.
        (ConversationKind::Direct, _) => author_name.to_owned(),
        (_, Some(title)) if !title.trim().is_empty() => title.to_owned(),
        _ => COUNCIL_TITLE.to_owned(),
    };
    push::notify_accounts(
        told,
        PushMessage {
            notification: PushNotification {
                title,
                body: BODY.to_owned(),
                url: format!("/chat/{}", conversation.id),
            },
            ttl_s: TTL_S,
            urgency: Urgency::High,
            // One pending push per conversation: a burst of messages wakes the phone once.
            topic: Some(conversation.id.clone()),
        },
    );
}
