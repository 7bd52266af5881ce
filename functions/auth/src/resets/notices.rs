//! Messages of the reset workflow that the domain's builders do not cover yet: telling a
//! staff requester that the request they recorded was approved.
// TODO(domain): move into `ratusz_domain::accounts::messages` next to `reset_rejected`.

use ratusz_domain::accounts::messages::{Message, SEPARATOR};

/// Tells the staff member who recorded a request that it was approved (the holder is told
/// separately, through the link or the letter notice).
pub fn reset_approved_for_requester(first_name: &str, holder_name: &str) -> Message {
    let (name, holder) = (one_line(first_name), one_line(holder_name));
    let pl = format!(
        "Dzień dobry, {name}!\n\n\
         Zgłoszony przez Ciebie wniosek o zresetowanie hasła do konta: {holder} został \
         zatwierdzony. Właściciel konta otrzyma dalsze instrukcje."
    );
    let en = format!(
        "Hello {name},\n\n\
         The password reset request you recorded for the account of {holder} has been \
         approved. The account holder will receive further instructions."
    );
    Message {
        subject: "Ratusz: wniosek zatwierdzony / Request approved".into(),
        text: format!("{pl}\n\n{SEPARATOR}\n\n{en}\n"),
    }
}

/// Typed text on one line, so a name cannot add paragraphs that look like ours.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approval_notice_is_polish_then_english_on_safe_lines() {
        let m = reset_approved_for_requester("Ewa\n---", "Jan Kowalski");
        assert_eq!(m.text.matches(&format!("\n{SEPARATOR}\n")).count(), 1);
        assert!(m.text.starts_with("Dzień dobry, Ewa ---!"));
        assert!(m.text.contains("Jan Kowalski"));
    }
}
