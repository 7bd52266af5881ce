//! Council wire types: live (`shared/spec/council.md`, § Endpoints and shapes).

use super::{AttendanceMode, Choice, Counts, FloorView, MeetingState, PollKind, PollState};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

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
