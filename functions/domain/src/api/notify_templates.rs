//! Message templates of citizen notifications (docs/api/notifications-messages.md § Shapes,
//! Staff: `notifier`): what a notifier keeps to compose from, with placeholders. Written once
//! for the `notify` component, the frontend and the OpenAPI document; fields may be added,
//! none is renamed.

use super::notify::Channel;
use super::notify_messages::Category;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// A template (`GET /api/notify/templates/{id}`, the answers of create and update).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Template {
    /// Id (a ULID).
    pub id: String,
    /// Name (1–80), unique whatever the case.
    pub name: String,
    /// Title (1–120; placeholders allowed).
    pub title: String,
    /// Text (1–2000; placeholders allowed).
    pub text: String,
    /// Category.
    pub category: Category,
    /// An `https` URL.
    pub link: Option<String>,
    /// Channels (1–4, distinct).
    pub channels: Vec<Channel>,
    /// Created.
    pub created_at: Timestamp,
    /// Last changed.
    pub updated_at: Timestamp,
}

/// `POST /api/notify/templates`: a template without id and times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TemplateInput {
    /// Name (1–80), unique whatever the case.
    pub name: String,
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
}

/// `PATCH /api/notify/templates/{id}`: absent = unchanged; `link: null` clears the link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TemplatePatch {
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    /// Link; `null` clears it.
    #[serde(
        default,
        deserialize_with = "super::notify::nullable",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub link: Option<Option<String>>,
    /// Channels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channels: Option<Vec<Channel>>,
}

impl From<TemplateInput> for TemplatePatch {
    /// Every field set (a form that edits the whole template sends this).
    fn from(input: TemplateInput) -> Self {
        Self {
            name: Some(input.name),
            title: Some(input.title),
            text: Some(input.text),
            category: Some(input.category),
            link: Some(input.link),
            channels: Some(input.channels),
        }
    }
}

/// `GET /api/notify/templates`: every template, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Templates {
    /// The templates.
    pub items: Vec<Template>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_patch_tells_absent_from_null() {
        let cases = [
            (r#"{}"#, None),
            (r#"{"link":null}"#, Some(None)),
            (
                r#"{"link":"https://siedlce.pl/a"}"#,
                Some(Some("https://siedlce.pl/a".to_owned())),
            ),
        ];
        for (json, link) in cases {
            let patch: TemplatePatch = serde_json::from_str(json).unwrap();
            assert_eq!(patch.link, link, "{json}");
        }
        assert!(serde_json::from_str::<TemplatePatch>(r#"{"id":"x"}"#).is_err());
    }

    #[test]
    fn a_whole_input_is_a_patch_of_everything() {
        let input = TemplateInput {
            name: "Woda".into(),
            title: "Przerwa w dostawie wody".into(),
            text: "Dzień dobry ((first_name))".into(),
            category: Category::Warning,
            link: None,
            channels: vec![Channel::Sms],
        };
        let json = serde_json::to_string(&input).unwrap();
        let patch: TemplatePatch = serde_json::from_str(&json).unwrap();
        assert_eq!(patch, TemplatePatch::from(input));
        assert_eq!(patch.link, Some(None), "a whole input's null link clears");
    }
}
