//! Council wire types: floor (`shared/spec/council.md`, § Endpoints and shapes).

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

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
