//! Council wire types: agenda and attachments (`shared/spec/council.md`, § Endpoints and shapes).

use serde::{Deserialize, Serialize};

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
