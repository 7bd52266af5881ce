//! Typed calls of the messages to residents (docs/api/notifications-messages.md § Staff:
//! `notifier`): the staff session's cookie and CSRF header like every office call.

use ratusz_domain::api::notify_messages::{Message, MessageInput, MessageSummary, Preview};
use ratusz_domain::api::Page;
use ratusz_domain::endpoints::{self, HttpMethod};

use super::{call_with, get, parse, path_of, request, to_json, with_query};
use super::{ApiError, Outgoing};

/// `GET /api/notify/messages?state=&cursor=`: one page of summaries, newest first.
pub async fn list(
    state: Option<&str>,
    cursor: Option<&str>,
) -> Result<Page<MessageSummary>, ApiError> {
    get(&with_query(
        endpoints::NOTIFY_MESSAGES.path,
        &[("state", state), ("cursor", cursor)],
    ))
    .await
}

/// What a conditional read of a message brought.
#[derive(Debug, Clone, PartialEq)]
pub enum MessageFetch {
    /// `304`: the message held is current.
    NotModified,
    /// The message and its `ETag`.
    Fresh(Box<Message>, Option<String>),
}

/// `GET /api/notify/messages/{id}` with `If-None-Match` when a tag is held.
pub async fn message(id: &str, etag: Option<String>) -> Result<MessageFetch, ApiError> {
    let outgoing = Outgoing {
        headers: etag.map(|tag| ("If-None-Match", tag)).into_iter().collect(),
        ..Outgoing::default()
    };
    let path = path_of(&endpoints::NOTIFY_MESSAGE, id);
    let answer = call_with(HttpMethod::Get, &path, outgoing, true).await?;
    if answer.status == 304 {
        return Ok(MessageFetch::NotModified);
    }
    Ok(MessageFetch::Fresh(
        Box::new(parse(&answer.text)?),
        answer.etag,
    ))
}

/// `POST /api/notify/messages/preview`: who would get it, per channel, and the SMS estimate.
pub async fn preview(body: &MessageInput) -> Result<Preview, ApiError> {
    let endpoint = &endpoints::NOTIFY_MESSAGE_PREVIEW;
    request(endpoint.method, endpoint.path, to_json(body)).await
}

/// `POST /api/notify/messages` with this submit's `Idempotency-Key` (a repeated submit of the
/// same form gets the first answer, so the message goes out once).
pub async fn create(body: &MessageInput, idempotency_key: &str) -> Result<Message, ApiError> {
    let outgoing = Outgoing {
        json: to_json(body),
        headers: vec![("Idempotency-Key", idempotency_key.to_owned())],
        ..Outgoing::default()
    };
    let endpoint = &endpoints::NOTIFY_MESSAGE_CREATE;
    let answer = call_with(endpoint.method, endpoint.path, outgoing, true).await?;
    parse(&answer.text)
}

/// `POST /api/notify/messages/{id}/cancel`: 409 `message_finished` when it is too late.
pub async fn cancel(id: &str) -> Result<Message, ApiError> {
    let endpoint = &endpoints::NOTIFY_MESSAGE_CANCEL;
    request(endpoint.method, &path_of(endpoint, id), None).await
}
