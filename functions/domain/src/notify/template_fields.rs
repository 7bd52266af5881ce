//! A message template's fields (docs/api/notifications-messages.md § Shapes: Template): the
//! name, and the title, text, link and channels under the very rules a message has, so a
//! template never holds what composing from it would then refuse.

use super::message_input::{channels, known_placeholders};
use crate::api::notify::Channel;
use crate::api::notify_messages::Category;
use crate::api::notify_templates::{Template, TemplateInput, TemplatePatch};
use crate::validate::limits::{MESSAGE_TEXT_MAX, MESSAGE_TITLE_MAX, TEMPLATE_NAME_MAX};
use crate::validate::{self, Checks, FieldErrors};

/// A template that passed every field rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanTemplate {
    /// Name, trimmed.
    pub name: String,
    /// Title (placeholders unfilled).
    pub title: String,
    /// Text (placeholders unfilled).
    pub text: String,
    /// Category.
    pub category: Category,
    /// An `https` link.
    pub link: Option<String>,
    /// Channels, distinct, in the order given.
    pub channels: Vec<Channel>,
}

impl CleanTemplate {
    /// What makes two names the same one: "Przerwa w dostawie wody" and "PRZERWA W DOSTAWIE
    /// WODY" are one name (Unicode lower case, so Polish capitals fold too: "ŁĄKA" = "łąka").
    pub fn name_key(&self) -> String {
        name_key(&self.name)
    }
}

/// The uniqueness key of a (trimmed) template name.
pub fn name_key(name: &str) -> String {
    name.to_lowercase()
}

/// Checks a new template; every refused field at once.
pub fn check(input: &TemplateInput) -> Result<CleanTemplate, FieldErrors> {
    let mut checks = Checks::new();
    let name = checks.check("name", validate::text(&input.name, TEMPLATE_NAME_MAX));
    let title = checks.check(
        "title",
        validate::text(&input.title, MESSAGE_TITLE_MAX).and_then(known_placeholders),
    );
    let text = checks.check(
        "text",
        validate::long_text(&input.text, MESSAGE_TEXT_MAX).and_then(known_placeholders),
    );
    let link = checks
        .check("link", validate::https_url(input.link.as_deref()))
        .flatten();
    let channels = checks.check("channels", channels(&input.channels));
    let clean = match (name, title, text, channels) {
        (Some(name), Some(title), Some(text), Some(channels)) => Some(CleanTemplate {
            name,
            title,
            text,
            category: input.category,
            link,
            channels,
        }),
        _ => None,
    };
    checks.finish_with(clean)
}

/// `current` with `patch` applied (absent fields kept, `link: null` cleared), checked whole.
pub fn patched(current: &Template, patch: &TemplatePatch) -> Result<CleanTemplate, FieldErrors> {
    let input = TemplateInput {
        name: patch.name.clone().unwrap_or_else(|| current.name.clone()),
        title: patch.title.clone().unwrap_or_else(|| current.title.clone()),
        text: patch.text.clone().unwrap_or_else(|| current.text.clone()),
        category: patch.category.unwrap_or(current.category),
        link: match &patch.link {
            Some(link) => link.clone(),
            None => current.link.clone(),
        },
        channels: patch
            .channels
            .clone()
            .unwrap_or_else(|| current.channels.clone()),
    };
    check(&input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Timestamp;
    use crate::validate::FieldCode;

    fn input(patch: serde_json::Value) -> TemplateInput {
        let mut base = serde_json::json!({
            "name": "  Przerwa w dostawie wody ",
            "title": "Utrudnienia ((district))",
            "text": "Dzień dobry ((first_name)),\nwoda będzie wyłączona.",
            "category": "warning",
            "link": "https://siedlce.pl/woda",
            "channels": ["sms", "email"]
        });
        if let (Some(b), Some(p)) = (base.as_object_mut(), patch.as_object()) {
            for (k, v) in p {
                b.insert(k.clone(), v.clone());
            }
        }
        serde_json::from_value(base).unwrap()
    }

    fn codes(errors: &FieldErrors) -> Vec<(String, FieldCode)> {
        errors.0.iter().map(|(f, i)| (f.clone(), i.code)).collect()
    }

    #[test]
    fn a_good_template_passes_trimmed() {
        let clean = check(&input(serde_json::json!({}))).unwrap();
        assert_eq!(clean.name, "Przerwa w dostawie wody");
        assert_eq!(clean.channels, [Channel::Sms, Channel::Email]);
        assert_eq!(clean.link.as_deref(), Some("https://siedlce.pl/woda"));
        let clean = check(&input(serde_json::json!({"link": null}))).unwrap();
        assert_eq!(clean.link, None);
    }

    #[test]
    fn refusals_name_their_fields() {
        let cases = [
            (
                serde_json::json!({"name": "  "}),
                "name",
                FieldCode::Required,
            ),
            (
                serde_json::json!({"name": "n".repeat(81)}),
                "name",
                FieldCode::TooLong,
            ),
            (
                serde_json::json!({"name": "a\u{7}b"}),
                "name",
                FieldCode::ControlCharacters,
            ),
            (
                serde_json::json!({"title": "t".repeat(121)}),
                "title",
                FieldCode::TooLong,
            ),
            (
                serde_json::json!({"title": "Hej ((imię))"}),
                "title",
                FieldCode::UnknownPlaceholder,
            ),
            (
                serde_json::json!({"text": "x".repeat(2001)}),
                "text",
                FieldCode::TooLong,
            ),
            (
                serde_json::json!({"text": "((street)) zamknięta"}),
                "text",
                FieldCode::UnknownPlaceholder,
            ),
            (
                serde_json::json!({"link": "http://siedlce.pl"}),
                "link",
                FieldCode::InvalidFormat,
            ),
            (
                serde_json::json!({"channels": []}),
                "channels",
                FieldCode::Required,
            ),
            (
                serde_json::json!({"channels": ["sms", "sms"]}),
                "channels",
                FieldCode::Duplicate,
            ),
        ];
        for (patch, field, code) in cases {
            let errors = check(&input(patch.clone())).unwrap_err();
            assert_eq!(codes(&errors), [(field.to_owned(), code)], "{patch}");
        }
    }

    #[test]
    fn every_refused_field_at_once() {
        let errors = check(&input(serde_json::json!({
            "name": "", "title": "", "text": "((x))", "channels": []
        })))
        .unwrap_err();
        let fields: Vec<String> = codes(&errors).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["channels", "name", "text", "title"]);
        let unknown = &errors.0["text"];
        assert_eq!(unknown.params.get("name").map(String::as_str), Some("x"));
    }

    #[test]
    fn a_patch_keeps_what_it_does_not_name() {
        let at = Timestamp::parse_rfc3339("2026-12-06T12:00:00Z").unwrap();
        let clean = check(&input(serde_json::json!({}))).unwrap();
        let current = Template {
            id: "01JZTEMPLATE00000000000001".into(),
            name: clean.name,
            title: clean.title,
            text: clean.text,
            category: clean.category,
            link: clean.link,
            channels: clean.channels,
            created_at: at,
            updated_at: at,
        };
        let same = patched(&current, &TemplatePatch::default()).unwrap();
        assert_eq!(same.name, current.name);
        assert_eq!(same.link, current.link);
        let cleared: TemplatePatch =
            serde_json::from_str(r#"{"link": null, "category": "crisis"}"#).unwrap();
        let changed = patched(&current, &cleared).unwrap();
        assert_eq!((changed.link, changed.category), (None, Category::Crisis));
        assert_eq!(changed.text, current.text);
        let bad: TemplatePatch = serde_json::from_str(r#"{"title": "((Imię))"}"#).unwrap();
        let errors = patched(&current, &bad).unwrap_err();
        assert_eq!(
            codes(&errors),
            [("title".to_owned(), FieldCode::UnknownPlaceholder)]
        );
    }

    #[test]
    fn names_are_one_whatever_the_case() {
        assert_eq!(
            name_key("Przerwa W Dostawie"),
            name_key("przerwa w dostawie")
        );
        assert_eq!(name_key("ŁĄKA"), name_key("łąka"));
        assert_ne!(name_key("Łąka"), name_key("Laka"));
    }
}
