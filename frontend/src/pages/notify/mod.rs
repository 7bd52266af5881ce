//! The staff's screens of messages to residents (issue 16,
//! docs/api/notifications-messages.md § Staff: `notifier`), under `/notify/` in the office
//! bundle (`crate::bundle`): the list (`list`), one message with its progress and the cancel
//! (`message`, `progress`), compose with the preview and send or schedule (`compose`,
//! `audience`, `channels`, `preview`, the pure `draft`), and the templates (`templates`). The rules are
//! the domain's and the server decides; these pages say its answers in words.

pub mod audience;
mod channels;
pub mod compose;
pub mod draft;
pub mod list;
pub mod message;
mod preview;
mod progress;
pub mod templates;

use ratusz_domain::api::notify::{Channel, Sex};
use ratusz_domain::api::notify_messages::{Audience, Category, MessageState};
use yew::prelude::*;

use crate::i18n::notify_messages::{self, NotifyMessagesTexts};
use crate::i18n::use_lang;

/// The messages' table of the active language.
#[hook]
pub fn use_notify_texts() -> &'static NotifyMessagesTexts {
    notify_messages::texts(use_lang())
}

/// A category in words.
pub fn category_name(category: Category, t: &NotifyMessagesTexts) -> &'static str {
    match category {
        Category::Event => t.category_event,
        Category::Warning => t.category_warning,
        Category::Crisis => t.category_crisis,
        Category::Other => t.category_other,
    }
}

/// A channel in words.
pub fn channel_name(channel: Channel, t: &NotifyMessagesTexts) -> &'static str {
    match channel {
        Channel::Email => t.channel_email,
        Channel::Sms => t.channel_sms,
        Channel::Push => t.channel_push,
        Channel::Edoreczenia => t.channel_edoreczenia,
    }
}

/// Channels in words, in the order given.
pub fn channel_list(channels: &[Channel], t: &NotifyMessagesTexts) -> String {
    channels
        .iter()
        .map(|c| channel_name(*c, t))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A message's state in words.
pub fn state_name(state: MessageState, t: &NotifyMessagesTexts) -> &'static str {
    match state {
        MessageState::Scheduled => t.state_scheduled,
        MessageState::Sending => t.state_sending,
        MessageState::Done => t.state_done,
        MessageState::Cancelled => t.state_cancelled,
    }
}

/// A sex as a filter reads it.
pub fn sex_name(sex: Sex, t: &NotifyMessagesTexts) -> &'static str {
    match sex {
        Sex::Female => t.sex_female,
        Sex::Male => t.sex_male,
    }
}

/// Who a message goes to, in one line: the kind, and a filter's criteria (districts by name
/// through `district_name`).
pub fn audience_words(
    audience: &Audience,
    t: &NotifyMessagesTexts,
    district_name: impl Fn(&str) -> String,
) -> String {
    match audience {
        Audience::Everyone {} => t.audience_everyone.to_owned(),
        Audience::Individuals(i) => t
            .audience_individuals_count
            .replace("{n}", &i.recipient_ids.len().to_string()),
        Audience::Filter(f) => {
            let mut parts = Vec::new();
            if let Some(n) = f.age_min {
                parts.push(t.filter_age_from.replace("{n}", &n.to_string()));
            }
            if let Some(n) = f.age_max {
                parts.push(t.filter_age_to.replace("{n}", &n.to_string()));
            }
            if let Some(sex) = f.sex {
                parts.push(t.filter_sex.replace("{v}", sex_name(sex, t)));
            }
            if let Some(ids) = f.district_ids.as_ref().filter(|ids| !ids.is_empty()) {
                let names: Vec<String> = ids.iter().map(|id| district_name(id)).collect();
                parts.push(t.filter_districts.replace("{v}", &names.join(", ")));
            }
            if let Some(street) = &f.street {
                parts.push(t.filter_street.replace("{v}", street));
            }
            if let Some(codes) = f.postal_codes.as_ref().filter(|c| !c.is_empty()) {
                parts.push(t.filter_postal_codes.replace("{v}", &codes.join(", ")));
            }
            format!("{}: {}", t.audience_filter, parts.join("; "))
        }
    }
}

/// An amount in grosze as złoty with two decimals and the language's separator (`12,34 zł`,
/// `12.34 PLN`).
pub fn money(grosze: u64, t: &NotifyMessagesTexts, decimal_separator: &str) -> String {
    format!(
        "{}{decimal_separator}{:02} {}",
        grosze / 100,
        grosze % 100,
        t.grosze_suffix
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use ratusz_domain::api::notify_messages::{AudienceFilter, Individuals};

    #[test]
    fn an_audience_reads_in_one_line() {
        let t = notify_messages::texts(Lang::Pl);
        let names = |id: &str| {
            if id == "d1" {
                "Stare Miasto".to_owned()
            } else {
                id.to_owned()
            }
        };
        assert_eq!(
            audience_words(&Audience::Everyone {}, t, names),
            "Wszyscy mieszkańcy"
        );
        let filter = Audience::Filter(AudienceFilter {
            age_min: Some(65),
            sex: Some(Sex::Female),
            district_ids: Some(vec!["d1".into(), "d9".into()]),
            postal_codes: Some(vec!["08-110".into()]),
            ..AudienceFilter::default()
        });
        assert_eq!(
            audience_words(&filter, t, names),
            "Wybrana grupa: wiek od 65; płeć: Kobiety; osiedla: Stare Miasto, d9; kody pocztowe: 08-110"
        );
        let named = Audience::Individuals(Individuals {
            recipient_ids: vec!["a".into(), "b".into()],
        });
        assert_eq!(audience_words(&named, t, names), "Wskazane osoby: 2");
    }

    #[test]
    fn money_is_zloty_with_two_decimals() {
        let pl = notify_messages::texts(Lang::Pl);
        let en = notify_messages::texts(Lang::En);
        assert_eq!(money(1234, pl, ","), "12,34 zł");
        assert_eq!(money(7, en, "."), "0.07 PLN");
        assert_eq!(money(0, pl, ","), "0,00 zł");
    }
}
