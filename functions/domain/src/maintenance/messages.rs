//! The e-mails staff get about maintenance, Polish first, then English, times in Polish time
//! (the same form as the accounts' messages).

use crate::accounts::local_time::{format_en, format_pl};
use crate::accounts::messages::{email_message, one_line, Message};
use crate::time::Timestamp;

/// A window was scheduled: when the system will be unavailable, and why.
pub fn window_scheduled(starts_at: Timestamp, ends_at: Timestamp, reason: &str) -> Message {
    let reason = one_line(reason);
    let pl = format!(
        "Dzień dobry!\n\n\
         Zaplanowano przerwę techniczną systemu Ratusz:\n\
         od {} do {}.\n\
         Powód: {reason}\n\n\
         W tym czasie system będzie niedostępny. Zapisz swoją pracę wcześniej.",
        format_pl(starts_at),
        format_pl(ends_at)
    );
    let en = format!(
        "Hello,\n\n\
         Maintenance of Ratusz has been scheduled:\n\
         from {} to {}.\n\
         Reason: {reason}\n\n\
         The system will be unavailable during that time. Save your work before it starts.",
        format_en(starts_at),
        format_en(ends_at)
    );
    email_message(
        "Ratusz: przerwa techniczna",
        "Scheduled maintenance",
        &pl,
        &en,
    )
}

/// A scheduled window was called off.
pub fn window_cancelled(starts_at: Timestamp, ends_at: Timestamp) -> Message {
    let pl = format!(
        "Dzień dobry!\n\n\
         Przerwa techniczna systemu Ratusz zaplanowana od {} do {} została odwołana. \
         System będzie działał normalnie.",
        format_pl(starts_at),
        format_pl(ends_at)
    );
    let en = format!(
        "Hello,\n\n\
         The maintenance of Ratusz scheduled from {} to {} has been called off. \
         The system will work as usual.",
        format_en(starts_at),
        format_en(ends_at)
    );
    email_message(
        "Ratusz: przerwa techniczna odwołana",
        "Maintenance called off",
        &pl,
        &en,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notice_says_the_times_in_polish_time_in_both_languages() {
        // The night the clocks go back: 22:00 CEST to 06:00 CET.
        let from = Timestamp::parse_rfc3339("2026-10-24T20:00:00Z").unwrap();
        let to = Timestamp::parse_rfc3339("2026-10-25T05:00:00Z").unwrap();
        let m = window_scheduled(from, to, "aktualizacja\nserwera");
        assert!(
            m.text
                .contains("od 24.10.2026, godz. 22:00 do 25.10.2026, godz. 06:00"),
            "{}",
            m.text
        );
        assert!(m
            .text
            .contains("from 24 October 2026, 22:00 (Polish time) to 25 October 2026, 06:00"));
        assert!(m.text.contains("Powód: aktualizacja serwera"), "one line");
        assert!(m.subject.starts_with("Ratusz: przerwa techniczna"));
        let c = window_cancelled(from, to);
        assert!(c.text.contains("odwołana") && c.text.contains("called off"));
    }
}
