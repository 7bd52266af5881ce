//! The compose form as typed, and the message input it sends: pure, so what goes out is
//! tested natively. The form reads its text into the input (a number or a time that is not
//! one, no category chosen, are its own refusals), then runs the domain's rules of a message
//! (`notify::message_input::check`, the server's own) — every refusal of both at once. What
//! needs the registry (a district or recipient that does not exist, the k rule) is the
//! server's, said by its refusal.

use std::collections::BTreeMap;

use ratusz_domain::accounts::local_time;
use ratusz_domain::api::notify::{Channel, Sex};
use ratusz_domain::api::notify_messages::{
    Audience, AudienceFilter, Category, Individuals, MessageInput,
};
use ratusz_domain::notify::message_input;
use ratusz_domain::time::Timestamp;
use ratusz_domain::validate::limits::AGE_MAX;
use ratusz_domain::validate::{FieldErrors, Invalid};

/// Refused fields by name.
type Refused = BTreeMap<String, Invalid>;

/// Which kind of audience the form is set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AudienceKind {
    /// `{kind: "everyone"}`.
    #[default]
    Everyone,
    /// `{kind: "filter", …}`.
    Filter,
    /// `{kind: "individuals", recipient_ids}`.
    Individuals,
}

/// The form's fields as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Draft {
    /// The template the fields came from.
    pub template_id: Option<String>,
    /// Title.
    pub title: String,
    /// Text.
    pub text: String,
    /// A category's wire name, or empty.
    pub category: String,
    /// Link, or empty.
    pub link: String,
    /// Chosen channels.
    pub channels: Vec<Channel>,
    /// The audience's kind.
    pub kind: AudienceKind,
    /// Age from, as typed.
    pub age_min: String,
    /// Age up to, as typed.
    pub age_max: String,
    /// `female`, `male` or empty.
    pub sex: String,
    /// Chosen districts.
    pub district_ids: Vec<String>,
    /// Street, as typed.
    pub street: String,
    /// Postal codes, comma-separated.
    pub postal_codes: String,
    /// Recipient ids, one per line or comma-separated.
    pub recipient_ids: String,
    /// Send later (else now).
    pub later: bool,
    /// The `datetime-local` value, Polish time.
    pub send_at: String,
}

impl Draft {
    /// `district` chosen or not.
    pub fn with_district(mut self, district: &str, on: bool) -> Self {
        self.district_ids.retain(|d| d != district);
        if on {
            self.district_ids.push(district.to_owned());
        }
        self
    }

    /// The input the form sends at `now`, or every refused field: the form's own and the
    /// domain's (named as the server names them, so one summary lists both).
    pub fn input(&self, now: Timestamp) -> Result<MessageInput, FieldErrors> {
        let mut refused = Refused::new();
        let category = Category::parse(&self.category);
        if category.is_none() {
            refused.insert("category".into(), Invalid::required());
        }
        let audience = self.audience(&mut refused);
        let send_at = if self.later {
            let at = local_time::from_input(&self.send_at);
            if at.is_none() {
                refused.insert("send_at".into(), Invalid::required());
            }
            at
        } else {
            None
        };
        let input = MessageInput {
            title: self.title.trim().to_owned(),
            text: self.text.trim().to_owned(),
            // Only read when the form's own refusals are none.
            category: category.unwrap_or(Category::Other),
            link: optional(&self.link),
            channels: self.channels.clone(),
            audience,
            send_at,
            template_id: self.template_id.clone(),
        };
        // A criterion the form could not read is not "no criterion".
        let unread_criterion = refused.keys().any(|f| f.starts_with("audience."));
        if let Err(rules) = message_input::check(&input, now) {
            for (field, invalid) in rules.0 {
                if field == "audience" && unread_criterion {
                    continue;
                }
                // The form's own reading of a field goes first (it says what was typed).
                refused.entry(field).or_insert(invalid);
            }
        }
        if refused.is_empty() {
            Ok(input)
        } else {
            Err(FieldErrors(refused))
        }
    }

    fn audience(&self, refused: &mut Refused) -> Audience {
        match self.kind {
            AudienceKind::Everyone => Audience::Everyone {},
            AudienceKind::Individuals => Audience::Individuals(Individuals {
                recipient_ids: list(&self.recipient_ids),
            }),
            AudienceKind::Filter => Audience::Filter(AudienceFilter {
                age_min: age(refused, "audience.age_min", &self.age_min),
                age_max: age(refused, "audience.age_max", &self.age_max),
                sex: Sex::parse(&self.sex),
                district_ids: Some(self.district_ids.clone()).filter(|d| !d.is_empty()),
                street: optional(&self.street),
                postal_codes: Some(list(&self.postal_codes)).filter(|c| !c.is_empty()),
            }),
        }
    }
}

/// `channels` with `channel` switched on or off, kept in the contract's order, once each.
pub fn toggle(channels: &[Channel], channel: Channel, on: bool) -> Vec<Channel> {
    let mut next: Vec<Channel> = channels.iter().copied().filter(|c| *c != channel).collect();
    if on {
        next.push(channel);
        next.sort();
    }
    next
}

/// A trimmed value, `None` when empty.
pub fn optional(value: &str) -> Option<String> {
    Some(value.trim().to_owned()).filter(|v| !v.is_empty())
}

/// The entries of a comma- or line-separated list, trimmed, empty ones dropped.
fn list(value: &str) -> Vec<String> {
    value
        .split([',', '\n', ';'])
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

/// An age as typed: empty is no criterion; what is not a whole number is refused as the
/// server refuses an age out of range (a number over 130 goes to the domain's rule).
fn age(refused: &mut Refused, field: &str, value: &str) -> Option<u32> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let parsed = value.parse::<u32>().ok();
    if parsed.is_none() {
        refused.insert(field.to_owned(), Invalid::out_of_range(0, AGE_MAX));
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratusz_domain::validate::FieldCode;

    fn now() -> Timestamp {
        Timestamp::parse_rfc3339("2026-12-06T12:00:00Z").unwrap()
    }

    fn filled() -> Draft {
        Draft {
            title: " Przerwa w dostawie wody ".into(),
            text: "Dzień dobry ((first_name)), jutro nie będzie wody.".into(),
            category: "warning".into(),
            channels: vec![Channel::Email],
            ..Draft::default()
        }
    }

    #[test]
    fn an_everyone_message_sent_now() {
        let input = filled().input(now()).unwrap();
        assert_eq!(input.title, "Przerwa w dostawie wody");
        assert_eq!(input.category, Category::Warning);
        assert_eq!(input.audience, Audience::Everyone {});
        assert_eq!(
            (input.link, input.send_at, input.template_id),
            (None, None, None)
        );
    }

    #[test]
    fn a_filter_takes_only_what_was_given() {
        let draft = Draft {
            kind: AudienceKind::Filter,
            age_min: " 65 ".into(),
            sex: "female".into(),
            postal_codes: "08-110, 08-111,,".into(),
            ..filled()
        }
        .with_district("d1", true)
        .with_district("d2", true)
        .with_district("d1", false);
        let Audience::Filter(f) = draft.input(now()).unwrap().audience else {
            panic!("a filter")
        };
        assert_eq!(f.age_min, Some(65));
        assert_eq!(f.age_max, None);
        assert_eq!(f.sex, Some(Sex::Female));
        assert_eq!(f.district_ids, Some(vec!["d2".to_owned()]));
        assert_eq!(f.street, None);
        assert_eq!(
            f.postal_codes,
            Some(vec!["08-110".to_owned(), "08-111".to_owned()])
        );
    }

    #[test]
    fn individuals_by_line_or_comma() {
        let draft = Draft {
            kind: AudienceKind::Individuals,
            recipient_ids: "01JX7Z0000000000000000000A\n 01JX7Z0000000000000000000B,\n\n".into(),
            ..filled()
        };
        let Audience::Individuals(i) = draft.input(now()).unwrap().audience else {
            panic!("individuals")
        };
        assert_eq!(
            i.recipient_ids,
            ["01JX7Z0000000000000000000A", "01JX7Z0000000000000000000B"]
        );
    }

    #[test]
    fn channels_keep_the_contract_order_once_each() {
        let mut channels = Vec::new();
        for (channel, on) in [
            (Channel::Sms, true),
            (Channel::Email, true),
            (Channel::Sms, true),
            (Channel::Push, true),
            (Channel::Push, false),
        ] {
            channels = toggle(&channels, channel, on);
        }
        assert_eq!(channels, [Channel::Email, Channel::Sms]);
    }

    #[test]
    fn the_forms_reading_and_the_domains_rules_are_refused_together() {
        let draft = Draft {
            kind: AudienceKind::Filter,
            age_min: "sześćdziesiąt".into(),
            text: "Dzień dobry ((imie))".into(),
            later: true,
            send_at: "jutro".into(),
            ..Draft::default()
        };
        let refused = draft.input(now()).unwrap_err().0;
        let codes: Vec<(&str, FieldCode)> = refused
            .iter()
            .map(|(field, invalid)| (field.as_str(), invalid.code))
            .collect();
        assert_eq!(
            codes,
            [
                ("audience.age_min", FieldCode::OutOfRange),
                ("category", FieldCode::Required),
                ("channels", FieldCode::Required),
                ("send_at", FieldCode::Required),
                ("text", FieldCode::UnknownPlaceholder),
                ("title", FieldCode::Required),
            ]
        );
    }

    #[test]
    fn a_later_send_is_polish_time_and_not_in_the_past() {
        let draft = Draft {
            later: true,
            send_at: "2026-12-24T18:30".into(),
            ..filled()
        };
        let at = draft.input(now()).unwrap().send_at.unwrap();
        assert_eq!(
            at,
            Timestamp::parse_rfc3339("2026-12-24T17:30:00Z").unwrap()
        );
        let past = Draft {
            send_at: "2026-12-01T10:00".into(),
            ..draft
        };
        let refused = past.input(now()).unwrap_err().0;
        assert_eq!(refused["send_at"].code, FieldCode::NotInFuture);
    }
}
