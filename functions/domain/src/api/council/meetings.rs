//! Council wire types: meetings (`shared/spec/council.md`, § Endpoints and shapes).

use super::AgendaItem;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

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
