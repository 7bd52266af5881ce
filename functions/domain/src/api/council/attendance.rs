//! Council wire types: attendance (`shared/spec/council.md`, § Endpoints and shapes).

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

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
