//! `#[utoipa::path]` stubs of the chat endpoints ([`crate::endpoints::CHAT`], served by
//! `messaging`; `docs/api/messaging.md`). Only what the component serves is here: a path joins
//! the document with its handler.
//!
//! Every operation needs a session with a chat role. Only members of a conversation read it or
//! learn that it exists: anyone else gets 404, administrators and support included.

// The stubs only carry the attributes; nothing calls them.
#![allow(dead_code)]

use crate::api::chat::{
    Attachment, ChatExport, ChatUpdates, Conversation, ConversationCreate, ConversationPatch,
    MembersPut, Message, MessageCreate, MessageEdit, ReadMarkerPut,
};
use crate::api::{Page, Problem};

/// The caller's conversations (direct, groups, the council-wide channel for councillors, the
/// chair and the office), the most recently active first, with unread counts.
#[utoipa::path(
    get,
    path = "/api/chat/conversations",
    tag = "chat",
    operation_id = "list_chat_conversations",
    description = "The caller's conversations (direct, groups, the council-wide channel for councillors, the chair and the office), the most recently active first, with unread counts.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Page size (default 50)", minimum = 1, maximum = 500),
    ),
    responses(
        (status = 200, description = "One page of conversations", body = Page<Conversation>),
        (status = 422, description = "A cursor this server did not give, or `limit` out of range (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_chat_conversations() {}

/// A direct conversation with another account with a chat role (one per pair: 200 with the
/// existing one), or a group (the council office only).
#[utoipa::path(
    post,
    path = "/api/chat/conversations",
    tag = "chat",
    operation_id = "create_chat_conversation",
    description = "A direct conversation with another account with a chat role (one per pair: 200 with the existing one), or a group (the council office only).",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    request_body(content = ConversationCreate, content_type = "application/json"),
    responses(
        (status = 200, description = "The existing direct conversation of the pair", body = Conversation),
        (status = 201, description = "The new conversation", body = Conversation),
        (status = 403, description = "A group by someone who is not a clerk", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown or inactive account or one without a chat role (rule `unknown_account`), oneself (rule `own_account`), or another field refused (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn create_chat_conversation() {}

/// One conversation, for its members.
#[utoipa::path(
    get,
    path = "/api/chat/conversations/{cid}",
    tag = "chat",
    operation_id = "get_chat_conversation",
    description = "One conversation, for its members.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("cid" = String, Path, description = "Conversation id")),
    responses(
        (status = 200, description = "The conversation", body = Conversation),
        (status = 404, description = "No such conversation, or the caller is not a member", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_chat_conversation() {}

/// A group's new title (clerk; a clerk need not be a member).
#[utoipa::path(
    patch,
    path = "/api/chat/conversations/{cid}",
    tag = "chat",
    operation_id = "update_chat_conversation",
    description = "A group's new title (clerk; a clerk need not be a member).",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("cid" = String, Path, description = "Conversation id")),
    request_body(content = ConversationPatch, content_type = "application/json"),
    responses(
        (status = 200, description = "The group (messages and counters only for members)", body = Conversation),
        (status = 403, description = "A member who is not a clerk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such conversation, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a group (rule `not_a_group`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn update_chat_conversation() {}

/// A group's whole member list (clerk); the change is in the audit chain
/// (`chat.members_changed`, ids only).
#[utoipa::path(
    put,
    path = "/api/chat/conversations/{cid}/members",
    tag = "chat",
    operation_id = "set_chat_members",
    description = "A group's whole member list (clerk); the change is in the audit chain (`chat.members_changed`, ids only).",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("cid" = String, Path, description = "Conversation id")),
    request_body(content = MembersPut, content_type = "application/json"),
    responses(
        (status = 200, description = "The group with its members", body = Conversation),
        (status = 403, description = "A member who is not a clerk", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such conversation, or not visible to the caller", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a group (rule `not_a_group`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown or inactive account or one without a chat role (rule `unknown_account`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn set_chat_members() {}

/// Moves the caller's read marker; an older message than the marker changes nothing.
#[utoipa::path(
    put,
    path = "/api/chat/conversations/{cid}/read",
    tag = "chat",
    operation_id = "mark_chat_read",
    description = "Moves the caller's read marker; an older message than the marker changes nothing.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("cid" = String, Path, description = "Conversation id")),
    request_body(content = ReadMarkerPut, content_type = "application/json"),
    responses(
        (status = 204, description = "The marker is at this message or later"),
        (status = 404, description = "No such conversation, or the caller is not a member", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No such message in this conversation (`unknown_reference`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn mark_chat_read() {}

/// Messages, newest first; `next_cursor` is passed as `before`.
#[utoipa::path(
    get,
    path = "/api/chat/conversations/{cid}/messages",
    tag = "chat",
    operation_id = "list_chat_messages",
    description = "Messages, newest first; `next_cursor` is passed as `before`.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("cid" = String, Path, description = "Conversation id"),
        ("before" = Option<String>, Query, description = "Only messages older than this message id"),
        ("limit" = Option<u32>, Query, description = "Page size (default 50)", minimum = 1, maximum = 100),
    ),
    responses(
        (status = 200, description = "One page of messages", body = Page<Message>),
        (status = 404, description = "No such conversation, or the caller is not a member", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`limit` out of range (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_chat_messages() {}

/// Sends a message (Markdown subset; `html` is the server's safe rendering). With an
/// `Idempotency-Key` a retry returns the first answer (one copy).
#[utoipa::path(
    post,
    path = "/api/chat/conversations/{cid}/messages",
    tag = "chat",
    operation_id = "post_chat_message",
    description = "Sends a message (Markdown subset; `html` is the server's safe rendering). With an `Idempotency-Key` a retry returns the first answer (one copy).",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("cid" = String, Path, description = "Conversation id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request safe: a repeat with the same key returns the first answer (kept at least 24 h, per caller and endpoint)"),
    ),
    request_body(content = MessageCreate, content_type = "application/json"),
    responses(
        (status = 201, description = "The message", body = Message),
        (status = 404, description = "No such conversation, or the caller is not a member", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Text blank or too long, `reply_to` not in this conversation, an attachment not uploaded here by the caller or already used (`validation_failed`), or the same `Idempotency-Key` with another body (`idempotency_mismatch`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn post_chat_message() {}

/// Edits one's own message within 15 minutes of sending (`edited_at` is set).
#[utoipa::path(
    patch,
    path = "/api/chat/conversations/{cid}/messages/{mid}",
    tag = "chat",
    operation_id = "edit_chat_message",
    description = "Edits one's own message within 15 minutes of sending (`edited_at` is set).",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("cid" = String, Path, description = "Conversation id"),
        ("mid" = String, Path, description = "Message id"),
    ),
    request_body(content = MessageEdit, content_type = "application/json"),
    responses(
        (status = 200, description = "The edited message", body = Message),
        (status = 403, description = "Someone else's message", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such message, or the caller is not a member", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "More than 15 minutes after sending (rule `edit_window_closed`) or deleted (rule `message_deleted`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn edit_chat_message() {}

/// Deletes one's own message within 15 minutes of sending: its id, author and time stay.
#[utoipa::path(
    delete,
    path = "/api/chat/conversations/{cid}/messages/{mid}",
    tag = "chat",
    operation_id = "delete_chat_message",
    description = "Deletes one's own message within 15 minutes of sending: its id, author and time stay.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("cid" = String, Path, description = "Conversation id"),
        ("mid" = String, Path, description = "Message id"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Someone else's message", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such message, or the caller is not a member", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "More than 15 minutes after sending (rule `edit_window_closed`) or already deleted (rule `message_deleted`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn delete_chat_message() {}

/// What changed in the caller's conversations since `since` (new messages, edits and
/// deletions, counters), at most 200 messages (`more`: ask again at once). Without `since`:
/// the current cursor only. The `ETag` is the caller's cursor.
#[utoipa::path(
    get,
    path = "/api/chat/updates",
    tag = "chat",
    operation_id = "chat_updates",
    description = "What changed in the caller's conversations since `since` (new messages, edits and deletions, counters), at most 200 messages (`more`: ask again at once). Without `since`: the current cursor only. The `ETag` is the caller's cursor.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("since" = Option<String>, Query, description = "The `cursor` of the previous answer"),
        ("If-None-Match" = Option<String>, Header, description = "The `ETag` of the last answer: 304 while nothing changed"),
    ),
    responses(
        (status = 200, description = "The changes", body = ChatUpdates, headers(("ETag" = String, description = "The caller's cursor, quoted"))),
        (status = 304, description = "Nothing changed since the given `ETag`"),
        (status = 422, description = "A malformed cursor (field `since`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn chat_updates() {}

/// Whole words (case- and accent-insensitive, all must match) in the caller's conversations
/// only, newest first.
#[utoipa::path(
    get,
    path = "/api/chat/search",
    tag = "chat",
    operation_id = "search_chat",
    description = "Whole words (case- and accent-insensitive, all must match) in the caller's conversations only, newest first.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("q" = String, Query, description = "2–200 characters holding at least one word"),
        ("conversation_id" = Option<String>, Query, description = "Only this conversation (one of the caller's)"),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Page size (default 50)", minimum = 1, maximum = 100),
    ),
    responses(
        (status = 200, description = "One page of matching messages", body = Page<Message>),
        (status = 404, description = "`conversation_id` names no conversation of the caller", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`q` too short, too long or without a word (rule `no_words`), or `limit` out of range (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn search_chat() {}

/// The whole kept conversation for the archive: JSON, or with `Accept: text/html` a printable
/// page (strict CSP). Members; for a group also the council office. Audited
/// (`chat.exported`).
#[utoipa::path(
    get,
    path = "/api/chat/conversations/{cid}/export",
    tag = "chat",
    operation_id = "export_chat_conversation",
    description = "The whole kept conversation for the archive: JSON, or with `Accept: text/html` a printable page (strict CSP). Members; for a group also the council office. Audited (`chat.exported`).",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("cid" = String, Path, description = "Conversation id")),
    responses(
        (status = 200, description = "The export", content(
            (ChatExport = "application/json"),
            (String = "text/html"),
        )),
        (status = 404, description = "No such conversation, or the caller may not export it", body = Problem, content_type = "application/problem+json"),
    )
)]
fn export_chat_conversation() {}

/// A file for a message: the body is the file itself (PDF, PNG, JPEG or WebP, at most
/// 10 MiB, its content checked against the type), the name in `X-Filename`. It joins a
/// message of its uploader through `attachment_ids` within an hour, or is purged.
#[utoipa::path(
    post,
    path = "/api/chat/conversations/{cid}/attachments",
    tag = "chat",
    operation_id = "upload_chat_attachment",
    description = "A file for a message: the body is the file itself (PDF, PNG, JPEG or WebP, at most 10 MiB, its content checked against the type), the name in `X-Filename`. It joins a message of its uploader through `attachment_ids` within an hour, or is purged.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("cid" = String, Path, description = "Conversation id"),
        ("X-Filename" = String, Header, description = "File name, percent-encoded UTF-8 (paths and control characters are stripped)"),
    ),
    request_body(description = "The file (at most 10 MiB)", content(
        (String = "application/pdf"),
        (String = "image/png"),
        (String = "image/jpeg"),
        (String = "image/webp"),
    )),
    responses(
        (status = 201, description = "The upload", body = Attachment),
        (status = 404, description = "No such conversation, or the caller is not a member", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "More than 10 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not one of the four types", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The content is not of its type (`not_a_pdf`, `not_an_image`), or `X-Filename` missing or invalid (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn upload_chat_attachment() {}

/// A message's file, as a download (`Content-Disposition: attachment` for images too,
/// `nosniff`, private). Members; an upload not yet sent only its uploader.
#[utoipa::path(
    get,
    path = "/api/chat/conversations/{cid}/attachments/{aid}",
    tag = "chat",
    operation_id = "get_chat_attachment",
    description = "A message's file, as a download (`Content-Disposition: attachment` for images too, `nosniff`, private). Members; an upload not yet sent only its uploader.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("cid" = String, Path, description = "Conversation id"),
        ("aid" = String, Path, description = "Attachment id"),
    ),
    responses(
        (status = 200, description = "The file", content(
            (String = "application/pdf"),
            (String = "image/png"),
            (String = "image/jpeg"),
            (String = "image/webp"),
        )),
        (status = 404, description = "No such file, or the caller may not read it", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_chat_attachment() {}

/// The council office's list of every group (a committee, a club, the office) with its title
/// and members, whether or not the clerk is in it, so that a group the office created without
/// joining can still be renamed and given members. Never a message, a counter or a read
/// marker: those stay with the members (a non-member's `GET …/messages` is 404).
#[utoipa::path(
    get,
    path = "/api/chat/groups",
    tag = "chat",
    operation_id = "list_chat_groups",
    description = "The council office's list of every group with its title and members, whether or not the clerk is in it (to rename it and set its members). Never a message: `unread` and `mentions_unread` are 0, `read_up_to` and `last_message` null; the messages stay readable to members only. Newest first.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page (a group id: the groups created before it follow)"),
        ("limit" = Option<u32>, Query, description = "Page size (default 50)", minimum = 1, maximum = 500),
    ),
    responses(
        (status = 200, description = "One page of groups, newest first", body = Page<Conversation>),
        (status = 403, description = "Not the council office (`forbidden`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A malformed cursor, or `limit` out of range (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_chat_groups() {}

#[cfg(test)]
mod tests {
    use crate::endpoints;
    use serde_json::Value;

    fn doc() -> Value {
        super::super::document_json()
    }

    #[test]
    fn every_chat_endpoint_is_documented_with_a_session() {
        let doc = doc();
        for e in endpoints::CHAT {
            let method = e.method.as_str().to_ascii_lowercase();
            let op = &doc["paths"][e.openapi_path()][&method];
            assert!(op.is_object(), "{} {} missing", e.method.as_str(), e.path);
            assert_eq!(op["summary"], e.summary);
            let schemes = op["security"].to_string();
            assert!(
                schemes.contains("cookieAuth") && schemes.contains("bearerAuth"),
                "{}",
                e.path
            );
        }
    }

    #[test]
    fn chat_bodies_and_parameters_carry_their_limits() {
        let doc = doc();
        let schemas = &doc["components"]["schemas"];
        let text = &schemas["MessageCreate"]["properties"]["text"];
        assert_eq!(text["x-max-chars"], crate::validate::limits::CHAT_TEXT_MAX);
        assert!(text["pattern"].is_string());
        let variants = schemas["ConversationCreate"]["oneOf"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(variants.len(), 2);
        for variant in &variants {
            for (field, prop) in variant["properties"]
                .as_object()
                .cloned()
                .unwrap_or_default()
            {
                if field != "kind" {
                    let limited =
                        prop.get("pattern").is_some() || prop["items"].get("pattern").is_some();
                    assert!(limited, "ConversationCreate.{field}: {prop}");
                }
            }
        }
        assert_eq!(
            schemas["MembersPut"]["properties"]["member_ids"]["minItems"],
            1
        );
        let params = |path: &str| {
            doc["paths"][path]["get"]["parameters"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        };
        let messages = params("/api/chat/conversations/{cid}/messages");
        let limit = messages
            .iter()
            .find(|p| p["name"] == "limit")
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            limit["schema"]["anyOf"][0]["maximum"],
            crate::validate::limits::CHAT_PAGE_MAX
        );
        assert!(messages
            .iter()
            .any(|p| p["name"] == "before" && p["schema"]["pattern"].is_string()));
        let since = params("/api/chat/updates");
        assert!(since
            .iter()
            .any(|p| p["name"] == "since" && p["schema"]["pattern"] == "^(?:c[0-9]{1,18})?$"));
        let updates = &doc["paths"]["/api/chat/updates"]["get"]["responses"];
        assert!(updates["304"].is_object() && updates["200"]["headers"]["ETag"].is_object());
        let post = &doc["paths"]["/api/chat/conversations/{cid}/messages"]["post"];
        assert!(post["parameters"].to_string().contains("Idempotency-Key"));
    }
}
