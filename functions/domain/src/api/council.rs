//! Council meetings, agenda, attendance, floor control, polls and results
//! (`shared/spec/council.md`, § Endpoints and shapes — field names there are a contract).
//!
//! Requests reject unknown fields; responses may grow. Ids are opaque strings.

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------------------------
// Meetings
// ---------------------------------------------------------------------------------------------

/// A council session or a committee meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// Sesja rady.
    Session,
    /// Posiedzenie komisji.
    Committee,
}

crate::wire_names!(MeetingKind {
    Session = "session",
    Committee = "committee",
});

/// Lifecycle: `draft` → `published` → `live` → `closed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MeetingState {
    /// Being prepared by the council office; visible to clerk, chair and admin only.
    Draft,
    /// Announced: members and the public see it; members may check in.
    Published,
    /// Opened by the chair: floor and polls run.
    Live,
    /// Closed by the chair; read only.
    Closed,
}

crate::wire_names!(MeetingState {
    Draft = "draft",
    Published = "published",
    Live = "live",
    Closed = "closed",
});

/// Speaking time limits per request kind, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SpeakingLimits {
    /// Normal speech (default 300 s).
    pub normal: u32,
    /// Ad vocem reply (default 60 s).
    pub ad_vocem: u32,
    /// Formal motion (default 60 s).
    pub formal_motion: u32,
}

impl Default for SpeakingLimits {
    fn default() -> Self {
        Self {
            normal: 300,
            ad_vocem: 60,
            formal_motion: 60,
        }
    }
}

/// A member of a meeting as shown to readers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberView {
    /// Account id.
    pub user_id: String,
    /// "First Last".
    pub name: String,
}

/// A meeting as the API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Meeting {
    /// Opaque id.
    pub id: String,
    /// Title ("Sesja Rady Miasta").
    pub title: String,
    /// Number as text (`"XII"`).
    pub number: String,
    /// Session or committee.
    pub kind: MeetingKind,
    /// State.
    pub state: MeetingState,
    /// Planned start.
    pub starts_at: Timestamp,
    /// Where (room, address).
    pub location: String,
    /// Room for remote participation (shown to members only; absent for the public).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_url: Option<String>,
    /// Statutory composition (ustawowy skład), the base of quorum and absolute majorities.
    pub statutory_members: u32,
    /// Member account ids.
    pub member_ids: Vec<String>,
    /// Members with names, in the order of `member_ids`.
    #[serde(default)]
    pub members: Vec<MemberView>,
    /// The chair named for this meeting; `None` = any account with the `chair` role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair_id: Option<String>,
    /// Speaking time limits.
    pub speaking_limits: SpeakingLimits,
    /// Whether a vote may be changed until the poll closes (open polls only).
    pub allow_vote_change: bool,
    /// Whether new floor requests are accepted.
    pub list_open: bool,
    /// Current agenda item id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_item_id: Option<String>,
    /// Agenda in order.
    #[serde(default)]
    pub agenda: Vec<AgendaItem>,
    /// When the chair opened it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened_at: Option<Timestamp>,
    /// When the chair closed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<Timestamp>,
}

/// `POST /api/sessions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MeetingCreate {
    /// Title, 1–200 characters.
    pub title: String,
    /// Number as text, 1–20 characters.
    pub number: String,
    /// Session or committee.
    pub kind: MeetingKind,
    /// Planned start.
    pub starts_at: Timestamp,
    /// Place, 1–200 characters.
    pub location: String,
    /// `https://` link to the video room.
    #[serde(default)]
    pub video_url: Option<String>,
    /// Statutory composition, 1–1000.
    pub statutory_members: u32,
    /// Member account ids (active accounts), at most `statutory_members`.
    pub member_ids: Vec<String>,
    /// Named chair (must be a member).
    #[serde(default)]
    pub chair_id: Option<String>,
    /// Defaults 300/60/60.
    #[serde(default)]
    pub speaking_limits: Option<SpeakingLimits>,
    /// Default `false`.
    #[serde(default)]
    pub allow_vote_change: Option<bool>,
}

/// `PATCH /api/sessions/{id}`: every field optional (not after close).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MeetingPatch {
    /// Title.
    #[serde(default)]
    pub title: Option<String>,
    /// Number.
    #[serde(default)]
    pub number: Option<String>,
    /// Kind.
    #[serde(default)]
    pub kind: Option<MeetingKind>,
    /// Planned start.
    #[serde(default)]
    pub starts_at: Option<Timestamp>,
    /// Place.
    #[serde(default)]
    pub location: Option<String>,
    /// Video room; `""` removes it.
    #[serde(default)]
    pub video_url: Option<String>,
    /// Statutory composition.
    #[serde(default)]
    pub statutory_members: Option<u32>,
    /// Members (replaces the list).
    #[serde(default)]
    pub member_ids: Option<Vec<String>>,
    /// Named chair; `""` removes it.
    #[serde(default)]
    pub chair_id: Option<String>,
    /// Limits.
    #[serde(default)]
    pub speaking_limits: Option<SpeakingLimits>,
    /// Vote changes.
    #[serde(default)]
    pub allow_vote_change: Option<bool>,
}

/// One row of `GET /api/sessions` and `GET /api/public/sessions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingSummary {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Number.
    pub number: String,
    /// Kind.
    pub kind: MeetingKind,
    /// State.
    pub state: MeetingState,
    /// Planned start.
    pub starts_at: Timestamp,
    /// Place.
    pub location: String,
    /// The chair named for this meeting (`None`: any account with the `chair` role), so a
    /// person's home can link to the console of the meetings they run. Not in the public list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair_id: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Agenda and attachments
// ---------------------------------------------------------------------------------------------

/// An agenda item (porządek obrad).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgendaItem {
    /// Id.
    pub id: String,
    /// 1-based position.
    pub position: u32,
    /// Title.
    pub title: String,
    /// Longer text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// PDF attachments.
    #[serde(default)]
    pub attachments: Vec<AttachmentView>,
}

/// `POST …/agenda` and `PATCH …/agenda/{item}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AgendaItemInput {
    /// 1–300 characters (required on create).
    #[serde(default)]
    pub title: Option<String>,
    /// Up to 5000 characters.
    #[serde(default)]
    pub description: Option<String>,
}

/// `PUT …/agenda/order`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AgendaOrder {
    /// Every item id of the meeting, once each, in the new order.
    pub item_ids: Vec<String>,
}

/// An attachment's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachmentView {
    /// Id.
    pub id: String,
    /// File name as uploaded (sanitised).
    pub filename: String,
    /// Bytes.
    pub size: u64,
    /// `application/pdf`.
    pub content_type: String,
}

// ---------------------------------------------------------------------------------------------
// Attendance
// ---------------------------------------------------------------------------------------------

/// How a member attends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AttendanceMode {
    /// In the chamber.
    InPerson,
    /// Over the video link.
    Remote,
    /// Not present (only the clerk sets this).
    Absent,
}

crate::wire_names!(AttendanceMode {
    InPerson = "in_person",
    Remote = "remote",
    Absent = "absent",
});

/// `POST …/attendance` (self) and `PUT …/attendance/{user_id}` (clerk).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttendanceInput {
    /// `in_person` / `remote` (self); also `absent` (clerk).
    pub mode: AttendanceMode,
}

/// One member's attendance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceEntry {
    /// Account id.
    pub user_id: String,
    /// Name.
    pub name: String,
    /// Mode (`absent` when not checked in).
    pub mode: AttendanceMode,
    /// When the mode was last set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<Timestamp>,
}

/// The answer to a check-in: the whole attendance with the quorum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceView {
    /// Every member.
    pub members: Vec<AttendanceEntry>,
    /// Present (in person or remote).
    pub present: u32,
    /// Statutory composition.
    pub statutory: u32,
    /// `2 × present ≥ statutory`.
    pub quorum: bool,
}

// ---------------------------------------------------------------------------------------------
// Floor
// ---------------------------------------------------------------------------------------------

/// Kinds of request to speak, in precedence order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FloorKind {
    /// Wniosek formalny: goes to the front.
    FormalMotion,
    /// Reply to the current speaker (only while someone speaks).
    AdVocem,
    /// Normal speech.
    Normal,
}

crate::wire_names!(FloorKind {
    FormalMotion = "formal_motion",
    AdVocem = "ad_vocem",
    Normal = "normal",
});

/// What became of a request to speak (column `floor_requests.state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    /// Waiting on the list.
    Queued,
    /// The chair gave the floor.
    Granted,
    /// Withdrawn by the member.
    Withdrawn,
    /// Removed by the chair.
    Removed,
}

crate::wire_names!(RequestState {
    Queued = "queued",
    Granted = "granted",
    Withdrawn = "withdrawn",
    Removed = "removed",
});

/// `POST …/floor/requests`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FloorRequestInput {
    /// Kind.
    pub kind: FloorKind,
}

/// The created request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FloorRequestView {
    /// Id.
    pub id: String,
    /// Requester.
    pub user_id: String,
    /// Requester's name.
    pub name: String,
    /// Kind.
    pub kind: FloorKind,
    /// When requested.
    pub requested_at: Timestamp,
}

/// `POST …/floor/grant`: `{}` (next), `{request_id}` or `{name}` (off the list).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FloorGrant {
    /// A queued request.
    #[serde(default)]
    pub request_id: Option<String>,
    /// Someone not on the list (the mayor, a guest), 1–200 characters.
    #[serde(default)]
    pub name: Option<String>,
}

/// `POST …/floor/extend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FloorExtend {
    /// Seconds to add, 1–3600.
    pub seconds: u32,
}

/// `PUT …/floor/order`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FloorOrder {
    /// Every queued request id, once each, in the new speaking order.
    pub request_ids: Vec<String>,
}

/// The person speaking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Speaker {
    /// The request granted; `null` when granted off the list.
    pub request_id: Option<String>,
    /// The member; `null` for a guest given by name.
    pub user_id: Option<String>,
    /// Name shown.
    pub name: String,
    /// Kind (a guest speaks as `normal`).
    pub kind: FloorKind,
    /// When the floor was granted.
    pub started_at: Timestamp,
    /// Time limit in seconds (after extensions).
    pub limit_s: u32,
}

/// A queued request as the live view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueEntry {
    /// Request id.
    pub id: String,
    /// Requester.
    pub user_id: String,
    /// Requester's name.
    pub name: String,
    /// Kind.
    pub kind: FloorKind,
}

/// The floor: who speaks, who waits, whether the list is open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FloorView {
    /// Current speaker.
    pub speaker: Option<Speaker>,
    /// Queue in speaking order.
    pub queue: Vec<QueueEntry>,
    /// Whether new requests are accepted.
    pub list_open: bool,
}

// ---------------------------------------------------------------------------------------------
// Polls
// ---------------------------------------------------------------------------------------------

/// Open (named list) or secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PollKind {
    /// Jawne: named list published.
    Open,
    /// Tajne: who voted, not how.
    Secret,
}

crate::wire_names!(PollKind {
    Open = "open",
    Secret = "secret",
});

/// `draft` → `open` → `closed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PollState {
    /// Prepared.
    Draft,
    /// Voting.
    Open,
    /// Counted.
    Closed,
}

crate::wire_names!(PollState {
    Draft = "draft",
    Open = "open",
    Closed = "closed",
});

/// A vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// ZA.
    For,
    /// PRZECIW.
    Against,
    /// WSTRZYMUJĘ SIĘ.
    Abstain,
}

// Ballot order: `ALL` is the order of the buttons on every tablet.
crate::wire_names!(Choice {
    For = "for",
    Against = "against",
    Abstain = "abstain",
});

/// Majority rule kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MajorityRule {
    /// Zwykła: more for than against (abstentions do not count; the base is ignored).
    Simple,
    /// Bezwzględna: more for than half of the base.
    Absolute,
    /// Kwalifikowana: at least `fraction` of the base.
    Qualified,
}

crate::wire_names!(MajorityRule {
    Simple = "simple",
    Absolute = "absolute",
    Qualified = "qualified",
});

/// What a majority is counted against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MajorityBase {
    /// Votes cast (for + against + abstain).
    Cast,
    /// Members present (entitled at opening).
    Present,
    /// Statutory composition.
    Statutory,
}

crate::wire_names!(MajorityBase {
    Cast = "cast",
    Present = "present",
    Statutory = "statutory",
});

/// An exact fraction (`{"num": 3, "den": 5}`), never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Fraction {
    /// Numerator, ≥ 1.
    pub num: u32,
    /// Denominator, `num` ≤ den ≤ 100 (equal = unanimity of the base).
    pub den: u32,
}

/// The majority a poll needs, as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Majority {
    /// Rule.
    pub rule: MajorityRule,
    /// Base.
    pub base: MajorityBase,
    /// Required for `qualified`, refused otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fraction: Option<Fraction>,
}

/// `POST …/polls`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PollCreate {
    /// 1–300 characters.
    pub title: String,
    /// Open or secret.
    pub kind: PollKind,
    /// The rule.
    pub majority: Majority,
    /// A subset of for/against/abstain (default all three, at least two, `for` required).
    #[serde(default)]
    pub options: Option<Vec<Choice>>,
    /// Agenda item.
    #[serde(default)]
    pub item_id: Option<String>,
    /// Closes by itself after this many seconds (10–86400).
    #[serde(default)]
    pub time_limit_s: Option<u32>,
}

/// `POST …/polls/{pid}/open`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PollOpen {
    /// Opening without quorum: why (recorded in the audit chain and the minutes).
    #[serde(default)]
    pub override_reason: Option<String>,
}

/// Counts of a closed poll.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counts {
    /// ZA.
    #[serde(rename = "for")]
    pub for_: u32,
    /// PRZECIW.
    pub against: u32,
    /// WSTRZYMUJĘ SIĘ.
    pub abstain: u32,
    /// Entitled but did not vote.
    pub not_voted: u32,
}

/// A poll as members and the clerk see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Poll {
    /// Id.
    pub id: String,
    /// Meeting.
    pub session_id: String,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: PollKind,
    /// Rule.
    pub majority: Majority,
    /// Allowed choices.
    pub options: Vec<Choice>,
    /// Agenda item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<String>,
    /// Time limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit_s: Option<u32>,
    /// State.
    pub state: PollState,
    /// When opened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opened_at: Option<Timestamp>,
    /// When it closes by itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<Timestamp>,
    /// When closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<Timestamp>,
    /// Quorum override reason, when opened without quorum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub override_reason: Option<String>,
    /// Entitled voters (snapshot at opening), 0 before.
    pub entitled: u32,
    /// Votes cast so far.
    pub voted: u32,
    /// After close.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
}

/// `POST …/polls/{pid}/votes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VoteCast {
    /// The choice.
    pub choice: Choice,
}

/// The answer to a cast: the receipt the councillor can check in the named list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoteReceipt {
    /// ≥ 8 characters of Crockford base32.
    pub receipt: String,
    /// Poll.
    pub poll_id: String,
    /// The recorded choice.
    pub choice: Choice,
    /// When recorded.
    pub cast_at: Timestamp,
}

/// One row of the named list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NamedVote {
    /// Account id.
    pub user_id: String,
    /// Name.
    pub name: String,
    /// `null` = did not vote.
    pub choice: Option<Choice>,
    /// `null` = did not vote.
    pub receipt: Option<String>,
}

/// Who voted in a secret poll (not how).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SecretVoter {
    /// Account id.
    pub user_id: String,
    /// Name.
    pub name: String,
    /// Whether they voted.
    pub voted: bool,
}

/// `GET /api/public/sessions/{id}/polls/{pid}` after close.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PollResult {
    /// Poll id.
    pub id: String,
    /// Meeting id.
    pub session_id: String,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: PollKind,
    /// Rule.
    pub majority: Majority,
    /// Counts.
    pub counts: Counts,
    /// Entitled voters (count).
    pub entitled: u32,
    /// Outcome.
    pub passed: bool,
    /// The outcome with the rule in words (Polish).
    pub result_text: String,
    /// The same in English.
    pub result_text_en: String,
    /// Open polls: one row per entitled voter (ordered by name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub named_list: Option<Vec<NamedVote>>,
    /// Secret polls: who voted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voters: Option<Vec<SecretVoter>>,
    /// Lowercase hex SHA-256 of the audit chain entry recording this result.
    pub audit_hash: String,
    /// Opened.
    pub opened_at: Timestamp,
    /// Closed.
    pub closed_at: Timestamp,
}

// ---------------------------------------------------------------------------------------------
// Live
// ---------------------------------------------------------------------------------------------

/// `live.attendance`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiveAttendance {
    /// Present now.
    pub present: u32,
    /// Statutory composition.
    pub statutory: u32,
    /// Quorum now.
    pub quorum: bool,
}

/// `live.current_item`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurrentItem {
    /// Item id.
    pub id: String,
    /// Title.
    pub title: String,
}

/// The caller's own vote in the live poll.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyVote {
    /// Whether the caller's vote is recorded.
    pub cast: bool,
    /// Its receipt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<String>,
    /// The recorded choice (open polls; shown only to the caller).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub choice: Option<Choice>,
    /// Whether the caller is entitled in this poll.
    pub entitled: bool,
}

/// `live.poll`: the open poll, else the last closed one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LivePoll {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Kind.
    pub kind: PollKind,
    /// `open` or `closed`.
    pub state: PollState,
    /// Votes cast (never how).
    pub voted: u32,
    /// Entitled voters.
    pub entitled: u32,
    /// Allowed choices.
    pub options: Vec<Choice>,
    /// When it closes by itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<Timestamp>,
    /// Closed polls: outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
    /// Closed polls: counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts: Option<Counts>,
    /// Closed polls: outcome in words (Polish).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_text: Option<String>,
    /// Members only: the caller's vote status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub my_vote: Option<MyVote>,
}

/// `GET …/live` and `GET /api/public/sessions/{id}/live`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiveView {
    /// Revision (also the ETag).
    pub revision: u64,
    /// Meeting id.
    pub session_id: String,
    /// Meeting title and number, for the screen header.
    pub title: String,
    /// Number.
    pub number: String,
    /// Meeting state.
    pub state: MeetingState,
    /// Attendance and quorum.
    pub attendance: LiveAttendance,
    /// Current agenda item.
    pub current_item: Option<CurrentItem>,
    /// Floor.
    pub floor: FloorView,
    /// Poll.
    pub poll: Option<LivePoll>,
    /// Server time when this document was built (clients derive countdowns from it).
    pub server_time: Timestamp,
    /// Members only: the caller's attendance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub me: Option<LiveMe>,
}

/// The caller's own state in the live view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiveMe {
    /// Whether the caller is a member.
    pub member: bool,
    /// Whether the caller runs this meeting.
    pub chair: bool,
    /// The caller's attendance.
    pub attendance: AttendanceMode,
    /// The caller's queued request, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Whether the caller has the floor.
    pub speaking: bool,
}

// ---------------------------------------------------------------------------------------------
// Minutes
// ---------------------------------------------------------------------------------------------

/// A member's attendance in the minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MinutesAttendance {
    /// Account id.
    pub user_id: String,
    /// Name.
    pub name: String,
    /// Final mode.
    pub mode: AttendanceMode,
}

/// A speech in the minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Speech {
    /// Speaker's name.
    pub name: String,
    /// Member id (`null` for guests).
    pub user_id: Option<String>,
    /// Kind.
    pub kind: FloorKind,
    /// Granted.
    pub started_at: Timestamp,
    /// Ended (`null` while speaking).
    pub ended_at: Option<Timestamp>,
    /// Agenda item current at the time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<String>,
}

/// `GET …/minutes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Minutes {
    /// The meeting.
    pub session: Meeting,
    /// Every member.
    pub attendance: Vec<MinutesAttendance>,
    /// Agenda.
    pub agenda: Vec<CurrentItem>,
    /// Speeches in order.
    pub speeches: Vec<Speech>,
    /// Results of closed polls, in order.
    pub polls: Vec<PollResult>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::assert_serde_matches;

    #[test]
    fn meeting_vocabulary_has_one_wire_name_each() {
        assert_serde_matches(MeetingKind::ALL, MeetingKind::as_str, MeetingKind::parse);
        assert_serde_matches(MeetingState::ALL, MeetingState::as_str, MeetingState::parse);
        assert_serde_matches(
            AttendanceMode::ALL,
            AttendanceMode::as_str,
            AttendanceMode::parse,
        );
        assert_serde_matches(FloorKind::ALL, FloorKind::as_str, FloorKind::parse);
        assert_serde_matches(RequestState::ALL, RequestState::as_str, RequestState::parse);
    }

    #[test]
    fn poll_vocabulary_has_one_wire_name_each() {
        assert_serde_matches(PollKind::ALL, PollKind::as_str, PollKind::parse);
        assert_serde_matches(PollState::ALL, PollState::as_str, PollState::parse);
        assert_serde_matches(Choice::ALL, Choice::as_str, Choice::parse);
        assert_serde_matches(MajorityRule::ALL, MajorityRule::as_str, MajorityRule::parse);
        assert_serde_matches(MajorityBase::ALL, MajorityBase::as_str, MajorityBase::parse);
    }

    #[test]
    fn choices_come_in_ballot_order() {
        assert_eq!(Choice::ALL, [Choice::For, Choice::Against, Choice::Abstain]);
    }
}
