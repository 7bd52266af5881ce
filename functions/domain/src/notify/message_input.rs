//! A message as staff compose it (`POST /api/notify/messages` and its preview): every field's
//! rule, so the create and the preview refuse the same things with the same field codes.

use super::audience::{self, CleanAudience};
use super::placeholders;
use super::sending;
use crate::api::notify::Channel;
use crate::api::notify_messages::{Category, MessageInput};
use crate::time::Timestamp;
use crate::validate::limits::{MESSAGE_CHANNELS_MAX, MESSAGE_TEXT_MAX, MESSAGE_TITLE_MAX};
use crate::validate::{self, Checks, FieldCode, FieldErrors, Invalid};

/// A message that passed every field rule (references — districts, recipients — are checked
/// against the registry by the component).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanMessage {
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
    /// Who it goes to.
    pub audience: CleanAudience,
    /// When to send (`None`: now).
    pub send_at: Option<Timestamp>,
    /// The template it came from.
    pub template_id: Option<String>,
}

/// Checks `input` at `now`; every refused field at once.
pub fn check(input: &MessageInput, now: Timestamp) -> Result<CleanMessage, FieldErrors> {
    let mut checks = Checks::new();
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
    checks.check("send_at", sending::check_send_at(input.send_at, now));
    let template_id = checks
        .check(
            "template_id",
            input.template_id.as_deref().map(validate::id).transpose(),
        )
        .flatten();
    let audience = match audience::check(&input.audience) {
        Ok(a) => Some(a),
        Err(errors) => {
            for (field, invalid) in errors.0 {
                checks.refuse(&field, invalid);
            }
            None
        }
    };
    let clean = match (title, text, channels, audience) {
        (Some(title), Some(text), Some(channels), Some(audience)) => Some(CleanMessage {
            title,
            text,
            category: input.category,
            link,
            channels,
            audience,
            send_at: input.send_at,
            template_id,
        }),
        _ => None,
    };
    checks.finish_with(clean)
}

pub(crate) fn known_placeholders(text: String) -> Result<String, Invalid> {
    placeholders::check(&text).map_err(|e| e.invalid())?;
    Ok(text)
}

/// 1..=4 channels, none twice.
pub(crate) fn channels(given: &[Channel]) -> Result<Vec<Channel>, Invalid> {
    if given.is_empty() {
        return Err(Invalid::required());
    }
    if given.len() > MESSAGE_CHANNELS_MAX {
        return Err(Invalid::out_of_range(1, MESSAGE_CHANNELS_MAX));
    }
    let mut out: Vec<Channel> = Vec::with_capacity(given.len());
    for c in given {
        if out.contains(c) {
            return Err(Invalid::new(FieldCode::Duplicate));
        }
        out.push(*c);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        Timestamp::parse_rfc3339("2026-12-06T12:00:00Z").unwrap()
    }

    fn input(patch: serde_json::Value) -> MessageInput {
        let mut base = serde_json::json!({
            "title": "Utrudnienia ((district))",
            "text": "Dzień dobry ((first_name)),\nwoda będzie wyłączona.",
            "category": "warning",
            "channels": ["email", "sms"],
            "audience": {"kind": "filter", "district_ids": ["d1"]}
        });
        if let (Some(b), Some(p)) = (base.as_object_mut(), patch.as_object()) {
            for (k, v) in p {
                b.insert(k.clone(), v.clone());
            }
        }
        serde_json::from_value(base).unwrap()
    }

    #[test]
    fn a_good_message_passes() {
        let clean = check(&input(serde_json::json!({})), now()).unwrap();
        assert_eq!(clean.channels, [Channel::Email, Channel::Sms]);
        assert_eq!(clean.title, "Utrudnienia ((district))");
        assert!(clean.send_at.is_none());
    }

    #[test]
    fn every_refused_field_is_named() {
        let cases = [
            (
                serde_json::json!({"title": " "}),
                "title",
                FieldCode::Required,
            ),
            (
                serde_json::json!({"title": "a".repeat(121)}),
                "title",
                FieldCode::TooLong,
            ),
            (
                serde_json::json!({"title": "two\nlines"}),
                "title",
                FieldCode::ControlCharacters,
            ),
            (
                serde_json::json!({"text": "Hi ((name))"}),
                "text",
                FieldCode::UnknownPlaceholder,
            ),
            (
                serde_json::json!({"text": "a".repeat(2001)}),
                "text",
                FieldCode::TooLong,
            ),
            (
                serde_json::json!({"link": "http://x.pl"}),
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
            (
                serde_json::json!({"send_at": "2026-12-06T11:58:59Z"}),
                "send_at",
                FieldCode::NotInFuture,
            ),
            (
                serde_json::json!({"audience": {"kind": "filter", "age_min": 200}}),
                "audience.age_min",
                FieldCode::OutOfRange,
            ),
            (
                serde_json::json!({"template_id": " "}),
                "template_id",
                FieldCode::Required,
            ),
        ];
        for (patch, field, code) in cases {
            let errors = check(&input(patch.clone()), now()).unwrap_err();
            let got: Vec<(&str, FieldCode)> =
                errors.0.iter().map(|(f, i)| (f.as_str(), i.code)).collect();
            assert_eq!(got, [(field, code)], "{patch}");
        }
        let both = check(
            &input(serde_json::json!({"title": "", "channels": []})),
            now(),
        )
        .unwrap_err();
        assert_eq!(both.0.len(), 2);
        let unknown = check(&input(serde_json::json!({"title": "((imie))"})), now()).unwrap_err();
        assert_eq!(
            unknown.0["title"].params.get("name").map(String::as_str),
            Some("imie")
        );
    }
}
