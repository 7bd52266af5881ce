//! The council's own chat (`docs/api/messaging.md` — field names there are a contract):
//! conversations, messages, attachments, the updates poll, search, export and Web Push
//! subscriptions.
//!
//! Requests reject unknown fields; responses may grow. Ids are opaque strings.

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// What a conversation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConversationKind {
    /// Two people, one conversation per pair.
    Direct,
    /// Created and managed by the council office (a committee, a club, the office).
    Group,
    /// The council-wide channel: every councillor, the chair and the office, kept in sync.
    Council,
}

crate::wire_names!(ConversationKind {
    Direct = "direct",
    Group = "group",
    Council = "council",
});

/// The content types an attachment may have (checked against the file's first bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AttachmentType {
    /// A PDF document.
    #[serde(rename = "application/pdf")]
    Pdf,
    /// A PNG image.
    #[serde(rename = "image/png")]
    Png,
    /// A JPEG image.
    #[serde(rename = "image/jpeg")]
    Jpeg,
    /// A WebP image.
    #[serde(rename = "image/webp")]
    Webp,
}

crate::wire_names!(AttachmentType {
    Pdf = "application/pdf",
    Png = "image/png",
    Jpeg = "image/jpeg",
    Webp = "image/webp",
});

impl AttachmentType {
    /// Whether the type is an image (its refusal is `not_an_image`, a PDF's `not_a_pdf`).
    pub const fn is_image(self) -> bool {
        !matches!(self, AttachmentType::Pdf)
    }
}

/// A person in the chat: a member of a conversation, a message's author, an exporter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatPerson {
    /// Account id.
    pub user_id: String,
    /// "First Last".
    pub name: String,
}

/// A file attached to a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    /// Opaque id.
    pub id: String,
    /// The file name as uploaded (`X-Filename`).
    pub name: String,
    /// One of the four accepted types.
    pub content_type: AttachmentType,
    /// Size in bytes (≤ 10 MiB).
    pub size: u64,
}

/// The message a reply answers, as shown above the reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReplyRef {
    /// The answered message's id.
    pub id: String,
    /// Its author's name.
    pub author_name: String,
    /// The start of its text (empty when it was deleted).
    pub excerpt: String,
}

/// One message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    /// Opaque id (sortable by time).
    pub id: String,
    /// The conversation it is in.
    pub conversation_id: String,
    /// Who wrote it.
    pub author: ChatPerson,
    /// The Markdown source (≤ 10,000 characters); empty once deleted.
    pub text: String,
    /// The server's rendering of the safe subset; the only thing a client inserts as HTML.
    pub html: String,
    /// The message this one answers.
    pub reply_to: Option<ReplyRef>,
    /// Attached files (none once deleted).
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// Account ids mentioned (members only).
    #[serde(default)]
    pub mentions: Vec<String>,
    /// When it was sent.
    pub created_at: Timestamp,
    /// When it was last edited.
    pub edited_at: Option<Timestamp>,
    /// Deleted by its author: id, author and time stay; text, html and attachments are gone.
    pub deleted: bool,
}

/// A conversation as its member sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conversation {
    /// Opaque id.
    pub id: String,
    /// Direct, group or the council-wide channel.
    pub kind: ConversationKind,
    /// `null` for a direct conversation (the client shows the other person's name).
    pub title: Option<String>,
    /// Members with names.
    pub members: Vec<ChatPerson>,
    /// Messages by others after the caller's read marker.
    pub unread: u32,
    /// Of those, how many mention the caller.
    pub mentions_unread: u32,
    /// The caller's read marker.
    pub read_up_to: Option<String>,
    /// The newest message.
    pub last_message: Option<Box<Message>>,
    /// When it was created.
    pub created_at: Timestamp,
}

/// `POST /api/chat/conversations`: a direct conversation (any chat role) or a group (clerk).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ConversationCreate {
    /// With one other person; the existing one is answered with 200.
    Direct {
        /// The other person's account id (active, with a chat role).
        user_id: String,
    },
    /// A group created by the council office.
    Group {
        /// Title, 1–200 characters.
        title: String,
        /// Member account ids (active, with a chat role), 1–500.
        member_ids: Vec<String>,
    },
}

/// `PATCH /api/chat/conversations/{cid}` (clerk, group).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConversationPatch {
    /// New title, 1–200 characters.
    pub title: String,
}

/// `PUT /api/chat/conversations/{cid}/members` (clerk, group): the whole list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MembersPut {
    /// Member account ids (active, with a chat role), 1–500.
    pub member_ids: Vec<String>,
}

/// `PUT /api/chat/conversations/{cid}/read`: move the caller's read marker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReadMarkerPut {
    /// The newest message read (an older one than the marker changes nothing).
    pub message_id: String,
}

/// `POST /api/chat/conversations/{cid}/messages`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MessageCreate {
    /// Markdown source, 1–10,000 characters, not blank.
    pub text: String,
    /// The message answered (in this conversation).
    #[serde(default)]
    pub reply_to: Option<String>,
    /// Attachments uploaded to this conversation by the caller within the hour, unused.
    #[serde(default)]
    pub attachment_ids: Option<Vec<String>>,
}

/// `PATCH /api/chat/conversations/{cid}/messages/{mid}` (author, within 15 minutes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MessageEdit {
    /// New Markdown source, 1–10,000 characters, not blank.
    pub text: String,
}

/// A conversation's counters in an updates answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConversationCounts {
    /// Conversation id.
    pub id: String,
    /// Messages by others after the caller's read marker.
    pub unread: u32,
    /// Of those, how many mention the caller.
    pub mentions_unread: u32,
    /// The caller's read marker.
    pub read_up_to: Option<String>,
}

/// `GET /api/chat/updates?since=<cursor>`: what changed for the caller since `cursor`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatUpdates {
    /// Pass as `since` next time (also the answer's `ETag`).
    pub cursor: String,
    /// New messages in the caller's conversations, oldest first.
    pub messages: Vec<Message>,
    /// Older messages edited or deleted since `since`.
    pub changed: Vec<Message>,
    /// Counters of the conversations these touch (and those whose marker moved).
    pub conversations: Vec<ConversationCounts>,
    /// More than one page changed: ask again at once with `cursor`.
    pub more: bool,
}

/// `GET /api/chat/conversations/{cid}/export` (JSON form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChatExport {
    /// The conversation (counters as the exporter sees them).
    pub conversation: Conversation,
    /// Every message kept, oldest first.
    pub messages: Vec<Message>,
    /// When the export was made.
    pub exported_at: Timestamp,
    /// Who made it.
    pub exported_by: ChatPerson,
}

/// The browser's subscription and the server's key, shared with the residents' push
/// (`api::push`).
pub use super::push::{PushKey, PushKeys, PushSubscriptionCreate};

/// The answer to `POST /api/chat/push-subscriptions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushSubscriptionCreated {
    /// Pass to `DELETE /api/chat/push-subscriptions/{id}`.
    pub id: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::assert_serde_matches;
    use serde_json::json;

    #[test]
    fn wire_names_match_serde() {
        assert_serde_matches(
            ConversationKind::ALL,
            ConversationKind::as_str,
            ConversationKind::parse,
        );
        assert_serde_matches(
            AttachmentType::ALL,
            AttachmentType::as_str,
            AttachmentType::parse,
        );
    }

    #[test]
    fn only_pdf_is_not_an_image() {
        let images: Vec<_> = AttachmentType::ALL
            .into_iter()
            .filter(|t| t.is_image())
            .collect();
        assert_eq!(
            images,
            [
                AttachmentType::Png,
                AttachmentType::Jpeg,
                AttachmentType::Webp
            ]
        );
    }

    #[test]
    fn conversation_create_reads_both_kinds_and_refuses_the_rest() {
        let direct: ConversationCreate =
            serde_json::from_value(json!({"kind": "direct", "user_id": "u1"})).unwrap();
        assert_eq!(
            direct,
            ConversationCreate::Direct {
                user_id: "u1".into()
            }
        );
        let group: ConversationCreate = serde_json::from_value(
            json!({"kind": "group", "title": "Komisja", "member_ids": ["a", "b"]}),
        )
        .unwrap();
        assert_eq!(
            group,
            ConversationCreate::Group {
                title: "Komisja".into(),
                member_ids: vec!["a".into(), "b".into()]
            }
        );
        let refused = [
            json!({"kind": "council"}),
            json!({"kind": "direct"}),
            json!({"kind": "direct", "user_id": "u1", "title": "x"}),
            json!({"user_id": "u1"}),
            json!({"kind": "group", "title": "x"}),
        ];
        for body in refused {
            assert!(
                serde_json::from_value::<ConversationCreate>(body.clone()).is_err(),
                "{body}"
            );
        }
    }

    #[test]
    fn message_shape_keeps_the_contracts_names_and_nulls() {
        let message = Message {
            id: "m1".into(),
            conversation_id: "c1".into(),
            author: ChatPerson {
                user_id: "u1".into(),
                name: "Anna Nowak".into(),
            },
            text: "**hej**".into(),
            html: "<p><strong>hej</strong></p>\n".into(),
            reply_to: None,
            attachments: vec![Attachment {
                id: "a1".into(),
                name: "uchwała.pdf".into(),
                content_type: AttachmentType::Pdf,
                size: 12,
            }],
            mentions: vec![],
            created_at: Timestamp::from_unix_ms(0),
            edited_at: None,
            deleted: false,
        };
        let value = serde_json::to_value(&message).unwrap();
        assert_eq!(value["reply_to"], json!(null));
        assert_eq!(value["edited_at"], json!(null));
        assert_eq!(value["attachments"][0]["content_type"], "application/pdf");
        assert_eq!(value["author"]["name"], "Anna Nowak");
        let back: Message = serde_json::from_value(value).unwrap();
        assert_eq!(back, message);
    }

    #[test]
    fn requests_refuse_unknown_fields() {
        let cases = [
            serde_json::from_value::<MessageCreate>(json!({"text": "x", "html": "<b>"})).is_err(),
            serde_json::from_value::<MessageEdit>(json!({"text": "x", "deleted": true})).is_err(),
            serde_json::from_value::<ReadMarkerPut>(json!({"message_id": "m", "x": 1})).is_err(),
            serde_json::from_value::<MembersPut>(json!({"member_ids": [], "title": "x"})).is_err(),
            serde_json::from_value::<ConversationPatch>(json!({"title": "x", "kind": "group"}))
                .is_err(),
            serde_json::from_value::<PushSubscriptionCreate>(
                json!({"endpoint": "https://p", "keys": {"p256dh": "a", "auth": "b", "x": 1}}),
            )
            .is_err(),
        ];
        assert_eq!(cases, [true; 6]);
        let minimal: MessageCreate = serde_json::from_value(json!({"text": "x"})).unwrap();
        assert_eq!(minimal.reply_to, None);
        assert_eq!(minimal.attachment_ids, None);
    }
}
