//! `messaging` component: the council's own chat (`docs/api/messaging.md`) — conversations
//! (direct, groups of the council office, the council-wide channel), messages in a safe
//! Markdown subset with replies, mentions, edits and deletions within 15 minutes, read
//! markers and unread counts, and one updates poll with ETag / 304.
//!
//! Thin shell like `voting`: every request goes through [`ratusz_platform::App`] (parse →
//! guard with the KV session check → handler → one error mapping). Handlers: the caller's
//! chat role → the conversation if a member ([`access`]; anyone else 404) → the pure rules of
//! `ratusz_domain::chat` (text, edit window, marker, mentions, rendering, words) → store
//! (SQL only in [`store`], accounts only through `ratusz_platform::accounts_view`) → respond.
//! Bodies are rendered, sealed and tokenised before a transaction ([`compose`]), so the write
//! lock covers only the inserts. [`tick`] is the scheduler's entry (the private
//! `messaging-tick` and the token route `/api/chat/tick`): [`retention`]'s purges.

mod access;
mod archive;
mod attachments;
mod body;
mod compose;
mod conversations;
mod groups;
mod messages;
mod push;
mod read;
mod refusal;
mod retention;
mod search;
mod settings;
mod store;
mod tick;
mod updates;
mod views;

use ratusz_domain::endpoints as ep;
use ratusz_platform::session::KvSessions;
use ratusz_platform::{Access, App, Router};

fn app() -> App {
    let router = Router::new()
        // the scheduled tick: the host's private route and the scheduler's token route
        .route(&ep::TICK, Access::Internal, tick::tick)
        .route(&ep::CHAT_TICK, Access::TickToken, tick::tick)
        .route(
            &ep::CHAT_CONVERSATIONS,
            Access::Session,
            conversations::list,
        )
        .route(
            &ep::CHAT_CONVERSATION_CREATE,
            Access::Session,
            conversations::create,
        )
        .route(&ep::CHAT_CONVERSATION, Access::Session, conversations::get)
        .route(
            &ep::CHAT_CONVERSATION_UPDATE,
            Access::Session,
            conversations::patch,
        )
        .route(
            &ep::CHAT_MEMBERS,
            Access::Session,
            conversations::put_members,
        )
        .route(&ep::CHAT_READ, Access::Session, read::put)
        .route(&ep::CHAT_MESSAGES, Access::Session, messages::list)
        .route(&ep::CHAT_MESSAGE_POST, Access::Session, messages::post)
        .route(&ep::CHAT_MESSAGE_EDIT, Access::Session, messages::edit)
        .route(&ep::CHAT_MESSAGE_DELETE, Access::Session, messages::delete)
        .route(&ep::CHAT_PUSH_KEY, Access::Session, push::key)
        .route(&ep::CHAT_PUSH_SUBSCRIBE, Access::Session, push::subscribe)
        .route(
            &ep::CHAT_PUSH_UNSUBSCRIBE,
            Access::Session,
            push::unsubscribe,
        )
        .route(&ep::CHAT_UPDATES, Access::Session, updates::get)
        .route(&ep::CHAT_SEARCH, Access::Session, search::get)
        .route(&ep::CHAT_EXPORT, Access::Session, archive::get)
        .route_accepting(
            &ep::CHAT_ATTACHMENT_UPLOAD,
            Access::Session,
            attachments::ACCEPTED,
            ratusz_domain::validate::limits::CHAT_ATTACHMENT_MAX_BYTES,
            attachments::upload,
        )
        .route(&ep::CHAT_ATTACHMENT, Access::Session, attachments::get)
        .route(&ep::CHAT_GROUPS, Access::Session, groups::list);
    App::new(router).with_sessions(KvSessions)
}

/// The wasi:http export. `#[http_component]` expands to the component ABI glue, which is
/// `unsafe` by nature; the allowance is scoped to this module, our own code stays safe.
#[allow(unsafe_code)]
mod export {
    use spin_sdk::http::{IncomingRequest, ResponseOutparam};

    #[spin_sdk::http_component]
    async fn handle(req: IncomingRequest, out: ResponseOutparam) {
        super::app().handle(req, out).await
    }
}
