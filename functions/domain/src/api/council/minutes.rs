//! Council wire types: minutes (`shared/spec/council.md`, § Endpoints and shapes).

use super::{AttendanceMode, CurrentItem, FloorKind, Meeting, PollResult};
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

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
