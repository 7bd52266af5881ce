//! Messages of citizen notifications (docs/api/notifications-messages.md § Shapes, Staff:
//! `notifier`, Gateways): every shape of the contract, written once for the `notify`
//! component, the frontend and the OpenAPI document. Fields may be added; none is renamed.

use super::notify::{Channel, Sex};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// What a message is about; `crisis` alone passes quiet hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// An event (wydarzenie).
    Event,
    /// A warning (ostrzeżenie).
    Warning,
    /// A crisis warning (komunikat kryzysowy): sent at once, through quiet hours.
    Crisis,
    /// Anything else (also a reply to a report).
    Other,
}

crate::wire_names!(Category {
    Event = "event",
    Warning = "warning",
    Crisis = "crisis",
    Other = "other",
});

/// Who a message goes to (one kind).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Audience {
    /// Every recipient who may get a message (restricted ones included). A struct variant
    /// with no fields, so `deny_unknown_fields` refuses `{kind: "everyone", age_min: 3}`
    /// (serde lets a unit variant ignore the rest of the map).
    Everyone {},
    /// Recipients matching every criterion given (at least one); the k rule applies.
    Filter(AudienceFilter),
    /// Chosen recipients (exempt from the k rule).
    Individuals(Individuals),
}

/// `{kind: "filter", …}`: at least one criterion.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AudienceFilter {
    /// Completed years on the sending day in Poland, at least (0–130).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_min: Option<u32>,
    /// Completed years, at most (0–130, ≥ `age_min`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_max: Option<u32>,
    /// Sex as the recipient stated it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// Any of these districts (≤ 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district_ids: Option<Vec<String>>,
    /// The whole street name (≤ 120), case- and accent-insensitive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// Any of these postal codes `NN-NNN` (≤ 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_codes: Option<Vec<String>>,
}

/// `{kind: "individuals", recipient_ids}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Individuals {
    /// Recipient ids (1–1000, distinct).
    pub recipient_ids: Vec<String>,
}

/// `POST /api/notify/messages`, `POST /api/notify/messages/preview`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MessageInput {
    /// Title (1–120; placeholders allowed).
    pub title: String,
    /// Text (1–2000; placeholders allowed).
    pub text: String,
    /// Category.
    pub category: Category,
    /// An `https` URL (≤ 500).
    #[serde(default)]
    pub link: Option<String>,
    /// Channels (1–4, distinct).
    pub channels: Vec<Channel>,
    /// Who it goes to.
    pub audience: Audience,
    /// When to send (absent: now).
    #[serde(default)]
    pub send_at: Option<Timestamp>,
    /// The template it was written from (recorded only).
    #[serde(default)]
    pub template_id: Option<String>,
}

/// Where a message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MessageState {
    /// Waits for `send_at`.
    Scheduled,
    /// Counts the audience and delivers.
    Sending,
    /// Nothing is queued any more.
    Done,
    /// Stopped before that.
    Cancelled,
}

crate::wire_names!(MessageState {
    Scheduled = "scheduled",
    Sending = "sending",
    Done = "done",
    Cancelled = "cancelled",
});

/// Whether the audience is still being counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AudienceState {
    /// Batches of recipients are still being matched.
    Counting,
    /// The audience is fixed.
    Done,
}

crate::wire_names!(AudienceState {
    Counting = "counting",
    Done = "done",
});

/// Where one delivery (one recipient × one channel) stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Waits (quiet hours and retries included).
    Queued,
    /// Accepted by the gateway or push service.
    Sent,
    /// The gateway reported it delivered.
    Delivered,
    /// Rejected, reported failed, or given up.
    Failed,
    /// Not sent: at delivery time the recipient was suspended, withdrawn, erased or lacked the
    /// channel's contact.
    Skipped,
    /// Still queued when the message was cancelled.
    Cancelled,
}

crate::wire_names!(DeliveryState {
    Queued = "queued",
    Sent = "sent",
    Delivered = "delivered",
    Failed = "failed",
    Skipped = "skipped",
    Cancelled = "cancelled",
});

/// The audience's count so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AudienceProgress {
    /// Counting or done.
    pub state: AudienceState,
    /// Recipients matched so far.
    pub count: u64,
}

/// Deliveries of one channel by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelProgress {
    /// Waiting.
    pub queued: u64,
    /// Accepted.
    pub sent: u64,
    /// Reported delivered.
    pub delivered: u64,
    /// Failed.
    pub failed: u64,
    /// Not sent (see [`DeliveryState::Skipped`]).
    pub skipped: u64,
    /// Cancelled while queued.
    pub cancelled: u64,
}

impl ChannelProgress {
    /// The count of one state.
    pub fn get(&self, state: DeliveryState) -> u64 {
        match state {
            DeliveryState::Queued => self.queued,
            DeliveryState::Sent => self.sent,
            DeliveryState::Delivered => self.delivered,
            DeliveryState::Failed => self.failed,
            DeliveryState::Skipped => self.skipped,
            DeliveryState::Cancelled => self.cancelled,
        }
    }

    /// The count of one state, to change.
    pub fn get_mut(&mut self, state: DeliveryState) -> &mut u64 {
        match state {
            DeliveryState::Queued => &mut self.queued,
            DeliveryState::Sent => &mut self.sent,
            DeliveryState::Delivered => &mut self.delivered,
            DeliveryState::Failed => &mut self.failed,
            DeliveryState::Skipped => &mut self.skipped,
            DeliveryState::Cancelled => &mut self.cancelled,
        }
    }

    /// Every delivery of the channel.
    pub fn total(&self) -> u64 {
        DeliveryState::ALL.iter().map(|s| self.get(*s)).sum()
    }

    /// Those no longer waiting (what a progress bar shows as done).
    pub fn finished(&self) -> u64 {
        self.total() - self.queued
    }
}

/// Something per channel; only the message's channels appear.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ByChannelProgress {
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<ChannelProgress>,
    /// SMS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms: Option<ChannelProgress>,
    /// Web Push.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub push: Option<ChannelProgress>,
    /// e-Doręczenia.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edoreczenia: Option<ChannelProgress>,
}

impl ByChannelProgress {
    /// One channel's progress, if the message has the channel.
    pub fn get(&self, channel: Channel) -> Option<&ChannelProgress> {
        match channel {
            Channel::Email => self.email.as_ref(),
            Channel::Sms => self.sms.as_ref(),
            Channel::Push => self.push.as_ref(),
            Channel::Edoreczenia => self.edoreczenia.as_ref(),
        }
    }

    /// The slot of one channel.
    pub fn slot(&mut self, channel: Channel) -> &mut Option<ChannelProgress> {
        match channel {
            Channel::Email => &mut self.email,
            Channel::Sms => &mut self.sms,
            Channel::Push => &mut self.push,
            Channel::Edoreczenia => &mut self.edoreczenia,
        }
    }
}

/// A message's progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Progress {
    /// The audience's count.
    pub audience: AudienceProgress,
    /// Deliveries per channel.
    pub by_channel: ByChannelProgress,
}

/// A staff member named on a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffRef {
    /// Account id.
    pub id: String,
    /// "First Last".
    pub name: String,
}

/// A message (`GET /api/notify/messages/{id}`, the 201 of a create, the 200 of a cancel).
/// Named `NotifyMessage` in the OpenAPI document: the chat's `Message` has the plain name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = NotifyMessage))]
pub struct Message {
    /// Id (a ULID).
    pub id: String,
    /// Title as written (placeholders unfilled).
    pub title: String,
    /// Text as written.
    pub text: String,
    /// Category.
    pub category: Category,
    /// Link.
    pub link: Option<String>,
    /// Channels.
    pub channels: Vec<Channel>,
    /// Who it goes to.
    pub audience: Audience,
    /// Whether it is public (audience `everyone`: also in the news feed).
    pub public: bool,
    /// Where it stands.
    pub state: MessageState,
    /// When it is (was) to be sent; `null` = at once.
    pub send_at: Option<Timestamp>,
    /// Who wrote it.
    pub created_by: StaffRef,
    /// Created.
    pub created_at: Timestamp,
    /// When sending started.
    pub started_at: Option<Timestamp>,
    /// When nothing was queued any more.
    pub finished_at: Option<Timestamp>,
    /// When it was cancelled.
    pub cancelled_at: Option<Timestamp>,
    /// Who cancelled it.
    pub cancelled_by: Option<StaffRef>,
    /// Progress.
    pub progress: Progress,
}

/// One row of `GET /api/notify/messages`: the message without `text` and `audience`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageSummary {
    /// Id.
    pub id: String,
    /// Title as written.
    pub title: String,
    /// Category.
    pub category: Category,
    /// Link.
    pub link: Option<String>,
    /// Channels.
    pub channels: Vec<Channel>,
    /// Whether it is public.
    pub public: bool,
    /// Where it stands.
    pub state: MessageState,
    /// When it is (was) to be sent.
    pub send_at: Option<Timestamp>,
    /// Who wrote it.
    pub created_by: StaffRef,
    /// Created.
    pub created_at: Timestamp,
    /// When sending started.
    pub started_at: Option<Timestamp>,
    /// When nothing was queued any more.
    pub finished_at: Option<Timestamp>,
    /// When it was cancelled.
    pub cancelled_at: Option<Timestamp>,
    /// Who cancelled it.
    pub cancelled_by: Option<StaffRef>,
    /// Progress.
    pub progress: Progress,
}

impl From<Message> for MessageSummary {
    fn from(m: Message) -> Self {
        MessageSummary {
            id: m.id,
            title: m.title,
            category: m.category,
            link: m.link,
            channels: m.channels,
            public: m.public,
            state: m.state,
            send_at: m.send_at,
            created_by: m.created_by,
            created_at: m.created_at,
            started_at: m.started_at,
            finished_at: m.finished_at,
            cancelled_at: m.cancelled_at,
            cancelled_by: m.cancelled_by,
            progress: m.progress,
        }
    }
}

/// Recipients who would get each channel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChannelCounts {
    /// E-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<u64>,
    /// SMS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sms: Option<u64>,
    /// Web Push.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub push: Option<u64>,
    /// e-Doręczenia.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edoreczenia: Option<u64>,
}

impl ChannelCounts {
    /// One channel's count, if asked for.
    pub fn get(&self, channel: Channel) -> Option<u64> {
        match channel {
            Channel::Email => self.email,
            Channel::Sms => self.sms,
            Channel::Push => self.push,
            Channel::Edoreczenia => self.edoreczenia,
        }
    }

    /// The slot of one channel.
    pub fn slot(&mut self, channel: Channel) -> &mut Option<u64> {
        match channel {
            Channel::Email => &mut self.email,
            Channel::Sms => &mut self.sms,
            Channel::Push => &mut self.push,
            Channel::Edoreczenia => &mut self.edoreczenia,
        }
    }
}

/// The preview's audience.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreviewAudience {
    /// Recipients matched.
    pub count: u64,
    /// Who would get each of the message's channels.
    pub by_channel: ChannelCounts,
}

/// How an SMS text is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SmsEncodingName {
    /// The GSM 03.38 alphabet: 160 characters in one segment, 153 per segment beyond.
    Gsm7,
    /// UCS-2 (any character outside GSM-7): 70 and 67.
    Ucs2,
}

crate::wire_names!(SmsEncodingName {
    Gsm7 = "gsm7",
    Ucs2 = "ucs2",
});

/// The preview's SMS estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SmsPreview {
    /// The encoding of the text as written, placeholders left out.
    pub encoding: SmsEncodingName,
    /// Its characters (GSM-7 extension characters count two; UCS-2 counts UTF-16 units).
    pub characters: u32,
    /// Its segments.
    pub segments: u32,
    /// SMS messages to send (the SMS audience).
    pub messages: u64,
    /// Segments over the SMS audience with the placeholders filled.
    pub segments_total: u64,
    /// `notify_sms_segment_price_grosze`.
    pub segment_price_grosze: u64,
    /// `segments_total × segment_price_grosze`.
    pub estimated_cost_grosze: u64,
}

/// `200` of `POST /api/notify/messages/preview`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Preview {
    /// The audience.
    pub audience: PreviewAudience,
    /// The SMS estimate when the message goes by SMS, else `null`.
    pub sms: Option<SmsPreview>,
}

/// What a device reads (`GET /api/notify/me/messages`): placeholders filled for this resident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResidentMessage {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Text.
    pub text: String,
    /// Category.
    pub category: Category,
    /// Link.
    pub link: Option<String>,
    /// When sending started.
    pub sent_at: Timestamp,
}

/// An item of the public news feed (`GET /api/notify/news`): placeholders left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewsItem {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Text.
    pub text: String,
    /// Category.
    pub category: Category,
    /// Link.
    pub link: Option<String>,
    /// When sending started.
    pub sent_at: Timestamp,
}

/// One message of a gateway's batch request (`{messages: [...]}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewayMessage {
    /// The delivery's id (a ULID, nothing personal).
    pub id: String,
    /// An e-mail address, an E.164 phone or an ADE address.
    pub to: String,
    /// Subject (e-mail and e-Doręczenia).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The text, placeholders filled.
    pub text: String,
    /// The message's category.
    pub category: Category,
}

/// A gateway's batch request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewayBatch {
    /// ≤ `notify_gateway_batch` messages.
    pub messages: Vec<GatewayMessage>,
}

/// A message a gateway refused at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewayRejection {
    /// The delivery's id.
    pub id: String,
    /// Why (the gateway's words; kept out of logs beyond its length).
    #[serde(default)]
    pub reason: String,
}

/// A gateway's 2xx answer to a batch: ids missing from both lists are retried.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GatewayBatchAnswer {
    /// Taken: `sent`.
    #[serde(default)]
    pub accepted: Vec<String>,
    /// Refused: `failed`.
    #[serde(default)]
    pub rejected: Vec<GatewayRejection>,
}

/// What a gateway reports of a delivery it accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryEventStatus {
    /// Delivered to the person.
    Delivered,
    /// Could not be delivered.
    Failed,
}

crate::wire_names!(DeliveryEventStatus {
    Delivered = "delivered",
    Failed = "failed",
});

/// One event of `POST /api/notify/deliveries/events`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeliveryEvent {
    /// The delivery's id (the batch message's `id`).
    pub id: String,
    /// Delivered or failed.
    pub status: DeliveryEventStatus,
    /// Why it failed (≤ 500; not stored).
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /api/notify/deliveries/events` (≤ 1000 events).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeliveryEvents {
    /// The events.
    pub events: Vec<DeliveryEvent>,
}

/// `200` of the events endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventsApplied {
    /// Events that moved a `sent` delivery.
    pub applied: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::assert_serde_matches;

    #[test]
    fn wire_names_match_serde() {
        assert_serde_matches(Category::ALL, Category::as_str, Category::parse);
        assert_serde_matches(MessageState::ALL, MessageState::as_str, MessageState::parse);
        assert_serde_matches(
            AudienceState::ALL,
            AudienceState::as_str,
            AudienceState::parse,
        );
        assert_serde_matches(
            DeliveryState::ALL,
            DeliveryState::as_str,
            DeliveryState::parse,
        );
        assert_serde_matches(
            SmsEncodingName::ALL,
            SmsEncodingName::as_str,
            SmsEncodingName::parse,
        );
        assert_serde_matches(
            DeliveryEventStatus::ALL,
            DeliveryEventStatus::as_str,
            DeliveryEventStatus::parse,
        );
    }

    #[test]
    fn audience_kinds_read_as_the_contract_writes_them() {
        let cases = [
            (r#"{"kind":"everyone"}"#, Some(Audience::Everyone {})),
            (
                r#"{"kind":"filter","age_min":18,"district_ids":["d1"]}"#,
                Some(Audience::Filter(AudienceFilter {
                    age_min: Some(18),
                    district_ids: Some(vec!["d1".into()]),
                    ..AudienceFilter::default()
                })),
            ),
            (
                r#"{"kind":"individuals","recipient_ids":["r1"]}"#,
                Some(Audience::Individuals(Individuals {
                    recipient_ids: vec!["r1".into()],
                })),
            ),
            (r#"{"kind":"everyone","age_min":3}"#, None),
            (r#"{"kind":"filter","colour":"red"}"#, None),
            (r#"{"kind":"somebody"}"#, None),
            (r#"{}"#, None),
        ];
        for (json, expected) in cases {
            assert_eq!(
                serde_json::from_str::<Audience>(json).ok(),
                expected,
                "{json}"
            );
        }
        let text = serde_json::to_string(&Audience::Everyone {}).unwrap();
        assert_eq!(text, r#"{"kind":"everyone"}"#);
    }

    #[test]
    fn progress_shows_only_the_message_channels() {
        let mut by_channel = ByChannelProgress::default();
        *by_channel.slot(Channel::Sms) = Some(ChannelProgress {
            queued: 2,
            sent: 1,
            ..ChannelProgress::default()
        });
        let text = serde_json::to_string(&by_channel).unwrap();
        assert_eq!(
            text,
            r#"{"sms":{"queued":2,"sent":1,"delivered":0,"failed":0,"skipped":0,"cancelled":0}}"#
        );
        let sms = by_channel.get(Channel::Sms).unwrap();
        assert_eq!((sms.total(), sms.finished()), (3, 1));
    }

    #[test]
    fn message_input_refuses_unknown_fields() {
        let json = r#"{"title":"T","text":"x","category":"crisis","channels":["sms"],
            "audience":{"kind":"everyone"}}"#;
        let input: MessageInput = serde_json::from_str(json).unwrap();
        assert_eq!(input.category, Category::Crisis);
        assert!(input.send_at.is_none());
        let extra = json.replace("\"title\"", "\"priority\":1,\"title\"");
        assert!(serde_json::from_str::<MessageInput>(&extra).is_err());
    }
}
