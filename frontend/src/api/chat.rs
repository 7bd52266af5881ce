//! The chat part of the typed client (`docs/api/messaging.md`): conversations, messages (the
//! send with its `Idempotency-Key`), read markers and the conditional updates poll.
//!
//! Every path comes from `ratusz_domain::endpoints`, every body is a shared contract type.

use ratusz_domain::api::chat::{
    Attachment, AttachmentType, ChatUpdates, Conversation, ConversationCreate, ConversationPatch,
    MembersPut, Message, MessageCreate, MessageEdit, PushKey, PushSubscriptionCreate,
    PushSubscriptionCreated, ReadMarkerPut,
};
use ratusz_domain::api::Page;
use ratusz_domain::endpoints::{self, Endpoint, HttpMethod};

use super::{
    call_with, encode_component, fill_path, get, parse, request, request_empty, to_json,
    with_query, ApiError, Outgoing,
};

fn at(endpoint: &Endpoint, values: &[&str]) -> String {
    fill_path(endpoint.path, values)
}

/// `GET /api/chat/conversations`: the first page (most recently active first) and the cursor
/// of the next.
pub async fn conversations(cursor: Option<&str>) -> Result<Page<Conversation>, ApiError> {
    get(&with_query(
        endpoints::CHAT_CONVERSATIONS.path,
        &[("cursor", cursor)],
    ))
    .await
}

/// `GET /api/chat/conversations/:cid`.
pub async fn conversation(cid: &str) -> Result<Conversation, ApiError> {
    get(&at(&endpoints::CHAT_CONVERSATION, &[cid])).await
}

/// `POST /api/chat/conversations`: a direct conversation (the existing one comes back with
/// 200) or a group (clerk).
pub async fn create_conversation(body: &ConversationCreate) -> Result<Conversation, ApiError> {
    request(
        HttpMethod::Post,
        endpoints::CHAT_CONVERSATION_CREATE.path,
        to_json(body),
    )
    .await
}

/// `PATCH /api/chat/conversations/:cid` (clerk, group): a new title.
pub async fn rename(cid: &str, title: String) -> Result<Conversation, ApiError> {
    request(
        HttpMethod::Patch,
        &at(&endpoints::CHAT_CONVERSATION_UPDATE, &[cid]),
        to_json(&ConversationPatch { title }),
    )
    .await
}

/// `PUT /api/chat/conversations/:cid/members` (clerk, group): the whole list.
pub async fn set_members(cid: &str, member_ids: Vec<String>) -> Result<Conversation, ApiError> {
    request(
        HttpMethod::Put,
        &at(&endpoints::CHAT_MEMBERS, &[cid]),
        to_json(&MembersPut { member_ids }),
    )
    .await
}

/// `PUT /api/chat/conversations/:cid/read`: the read marker (only ever moves forward).
pub async fn mark_read(cid: &str, message_id: &str) -> Result<(), ApiError> {
    request_empty(
        HttpMethod::Put,
        &at(&endpoints::CHAT_READ, &[cid]),
        to_json(&ReadMarkerPut {
            message_id: message_id.to_owned(),
        }),
    )
    .await
}

/// `GET …/messages?before=`: a page of messages, newest first.
pub async fn messages(cid: &str, before: Option<&str>) -> Result<Page<Message>, ApiError> {
    get(&with_query(
        &at(&endpoints::CHAT_MESSAGES, &[cid]),
        &[("before", before)],
    ))
    .await
}

/// `POST …/messages` with the message's own `Idempotency-Key`: a retry of the offline queue
/// gets the first answer, so the message exists once.
pub async fn send(
    cid: &str,
    body: &MessageCreate,
    idempotency_key: &str,
) -> Result<Message, ApiError> {
    let outgoing = Outgoing {
        json: to_json(body),
        headers: vec![("Idempotency-Key", idempotency_key.to_owned())],
        ..Outgoing::default()
    };
    let path = at(&endpoints::CHAT_MESSAGE_POST, &[cid]);
    let answer = call_with(HttpMethod::Post, &path, outgoing, true).await?;
    parse(&answer.text)
}

/// `PATCH …/messages/:mid` (author, within 15 minutes).
pub async fn edit(cid: &str, mid: &str, text: String) -> Result<Message, ApiError> {
    request(
        HttpMethod::Patch,
        &at(&endpoints::CHAT_MESSAGE_EDIT, &[cid, mid]),
        to_json(&MessageEdit { text }),
    )
    .await
}

/// `DELETE …/messages/:mid` (author, within 15 minutes).
pub async fn delete(cid: &str, mid: &str) -> Result<(), ApiError> {
    request_empty(
        HttpMethod::Delete,
        &at(&endpoints::CHAT_MESSAGE_DELETE, &[cid, mid]),
        None,
    )
    .await
}

/// `POST …/attachments`: the file's bytes as its own type, its name percent-encoded in
/// `X-Filename` (header values are ASCII; the server decodes it). The answer's id joins the
/// message through `attachment_ids`.
pub async fn upload(
    cid: &str,
    file: &web_sys::Blob,
    name: &str,
    content_type: AttachmentType,
) -> Result<Attachment, ApiError> {
    let path = at(&endpoints::CHAT_ATTACHMENT_UPLOAD, &[cid]);
    let outgoing = Outgoing {
        headers: vec![("X-Filename", encode_component(name))],
        raw: Some((file.clone().into(), content_type.as_str())),
        ..Outgoing::default()
    };
    let answer = call_with(HttpMethod::Post, &path, outgoing, true).await?;
    parse(&answer.text)
}

/// `GET /api/chat/search?q=&cursor=`: the caller's messages holding every word, newest first.
pub async fn search(q: &str, cursor: Option<&str>) -> Result<Page<Message>, ApiError> {
    get(&with_query(
        endpoints::CHAT_SEARCH.path,
        &[("q", Some(q)), ("cursor", cursor)],
    ))
    .await
}

/// `GET /api/chat/groups?cursor=` (the council office): every group, titles and members only.
pub async fn groups(cursor: Option<&str>) -> Result<Page<Conversation>, ApiError> {
    get(&with_query(
        endpoints::CHAT_GROUPS.path,
        &[("cursor", cursor)],
    ))
    .await
}

/// `GET /api/chat/push-key`: the server's VAPID key (404: push is off on this server).
pub async fn push_key() -> Result<PushKey, ApiError> {
    get(endpoints::CHAT_PUSH_KEY.path).await
}

/// `POST /api/chat/push-subscriptions`: this browser's subscription.
pub async fn push_subscribe(
    body: &PushSubscriptionCreate,
) -> Result<PushSubscriptionCreated, ApiError> {
    request(
        HttpMethod::Post,
        endpoints::CHAT_PUSH_SUBSCRIBE.path,
        to_json(body),
    )
    .await
}

/// `DELETE /api/chat/push-subscriptions/:id`.
pub async fn push_unsubscribe(id: &str) -> Result<(), ApiError> {
    request_empty(
        HttpMethod::Delete,
        &at(&endpoints::CHAT_PUSH_UNSUBSCRIBE, &[id]),
        None,
    )
    .await
}

/// What one poll of the updates brought.
pub enum UpdatesFetch {
    /// `304`: nothing changed since the cursor.
    NotModified,
    /// What changed (its `cursor` is the next `since` and `If-None-Match`).
    Changed(Box<ChatUpdates>),
}

/// `GET /api/chat/updates?since=` with `If-None-Match` of the same cursor (its `ETag`).
pub async fn updates(since: Option<&str>) -> Result<UpdatesFetch, ApiError> {
    let path = with_query(endpoints::CHAT_UPDATES.path, &[("since", since)]);
    let outgoing = Outgoing {
        headers: since
            .map(|cursor| ("If-None-Match", etag_of(cursor)))
            .into_iter()
            .collect(),
        ..Outgoing::default()
    };
    let answer = call_with(HttpMethod::Get, &path, outgoing, true).await?;
    if answer.status == 304 {
        return Ok(UpdatesFetch::NotModified);
    }
    parse(&answer.text).map(|u| UpdatesFetch::Changed(Box::new(u)))
}

/// The cursor as an entity tag (a strong `ETag` is quoted).
fn etag_of(cursor: &str) -> String {
    format!("\"{cursor}\"")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_etag_is_the_quoted_cursor() {
        assert_eq!(super::etag_of("c_12"), "\"c_12\"");
    }
}
