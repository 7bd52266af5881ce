//! The e-mails and SMS the accounts module sends, as pure builders: plain text, Polish first,
//! then a line `---`, then English. Times are shown in Polish civil time.
//!
//! Names and reasons typed by people are flattened to one line before they are put in a
//! message, so a "first name" cannot smuggle in paragraphs that look like ours.

use super::local_time::{format_en, format_pl};
use crate::api::resets::ResetDelivery;
use crate::time::Timestamp;

/// An outgoing message for the outbox (an SMS uses only `text`; its `subject` is empty).
#[derive(Clone, PartialEq, Eq)]
pub struct Message {
    /// E-mail subject.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
}

// Bodies may hold a start password or a reset link: never print them in logs by accident.
impl std::fmt::Debug for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Message")
            .field("subject", &self.subject)
            .field("text", &format_args!("<{} bytes>", self.text.len()))
            .finish()
    }
}

/// The line between the Polish and the English part.
pub const SEPARATOR: &str = "---";

const SIGNATURE_PL: &str =
    "Wiadomość wysłana automatycznie przez system Ratusz — nie odpowiadaj na nią.";
const SIGNATURE_EN: &str = "This message was sent automatically by Ratusz — please do not reply.";

/// The start password of a new account (or one issued by a reset), for the account's e-mail.
/// Without a configured `app_url` the address line is left out rather than printed empty.
pub fn start_password(
    first_name: &str,
    email: &str,
    password: &str,
    expires_at: Timestamp,
    app_url: &str,
) -> Message {
    let (name, email, url) = (one_line(first_name), one_line(email), one_line(app_url));
    let line = |label: &str| {
        if url.is_empty() {
            String::new()
        } else {
            format!("{label}: {url}\n")
        }
    };
    let (address_pl, address_en) = (line("Adres"), line("Address"));
    let pl = format!(
        "Dzień dobry, {name}!\n\n\
         Założyliśmy Ci konto w systemie Ratusz.\n\n\
         {address_pl}Login: {email}\nHasło startowe: {password}\n\n\
         Hasło startowe jest ważne do {}. Po pierwszym zalogowaniu ustawisz własne hasło \
         (co najmniej 12 znaków).\n\n\
         Jeśli nie spodziewasz się tej wiadomości, skontaktuj się z administratorem systemu.",
        format_pl(expires_at)
    );
    let en = format!(
        "Hello {name},\n\n\
         An account has been created for you in Ratusz.\n\n\
         {address_en}Login: {email}\nStart password: {password}\n\n\
         The start password is valid until {}. After the first sign-in you will set your own \
         password (at least 12 characters).\n\n\
         If you did not expect this message, please contact the system administrator.",
        format_en(expires_at)
    );
    email_message("Ratusz: Twoje konto", "Your account", &pl, &en)
}

/// Tells the owner their password was changed at `at` (so a stranger's change is noticed).
pub fn password_changed(first_name: &str, at: Timestamp) -> Message {
    let name = one_line(first_name);
    let pl = format!(
        "Dzień dobry, {name}!\n\n\
         Hasło do Twojego konta w systemie Ratusz zostało zmienione {}.\n\n\
         Jeśli to nie Ty, natychmiast skontaktuj się z pomocą techniczną.",
        format_pl(at)
    );
    let en = format!(
        "Hello {name},\n\n\
         The password of your Ratusz account was changed on {}.\n\n\
         If this was not you, contact technical support immediately.",
        format_en(at)
    );
    email_message("Ratusz: hasło zmienione", "Password changed", &pl, &en)
}

/// Tells the owner their account was locked after failed logins, until `until` or, when
/// `None`, until an administrator or support unlocks it.
pub fn account_locked(first_name: &str, until: Option<Timestamp>) -> Message {
    let name = one_line(first_name);
    let (when_pl, when_en) = match until {
        Some(t) => (
            format!("do {}. Potem możesz znów się zalogować", format_pl(t)),
            format!("until {}. You can sign in again after that", format_en(t)),
        ),
        None => (
            "do odwołania. Odblokuje je administrator lub pomoc techniczna".to_owned(),
            "until an administrator or technical support unlocks it".to_owned(),
        ),
    };
    let pl = format!(
        "Dzień dobry, {name}!\n\n\
         Po kolejnych nieudanych próbach logowania Twoje konto w systemie Ratusz zostało \
         zablokowane {when_pl}.\n\n\
         Jeśli to nie były Twoje próby, ktoś może próbować odgadnąć Twoje hasło: zgłoś to \
         pomocy technicznej."
    );
    let en = format!(
        "Hello {name},\n\n\
         After repeated failed sign-in attempts your Ratusz account has been locked \
         {when_en}.\n\n\
         If these attempts were not yours, someone may be trying to guess your password: \
         please tell technical support."
    );
    email_message("Ratusz: konto zablokowane", "Account locked", &pl, &en)
}

/// Confirms to the account holder that a reset request for their account was registered.
pub fn reset_requested_ack(first_name: &str, delivery: ResetDelivery) -> Message {
    let name = one_line(first_name);
    let (next_pl, next_en) = match delivery {
        ResetDelivery::EmailSms => (
            "Po zatwierdzeniu dostaniesz e-mail z linkiem i SMS z kodem na zarejestrowany \
             numer telefonu.",
            "Once approved, you will receive an e-mail with a link and an SMS with a code on \
             your registered phone number.",
        ),
        ResetDelivery::Letter => (
            "Po zatwierdzeniu przygotujemy list z nowym hasłem do odbioru osobiście.",
            "Once approved, a letter with a new password will be prepared for collection in \
             person.",
        ),
    };
    let pl = format!(
        "Dzień dobry, {name}!\n\n\
         Przyjęliśmy wniosek o zresetowanie hasła do Twojego konta w systemie Ratusz. \
         Rozpatrzy go administrator; o decyzji poinformujemy Cię e-mailem. {next_pl}\n\n\
         Jeśli wniosek nie pochodzi od Ciebie, zgłoś to pomocy technicznej. Twoje obecne \
         hasło działa do czasu zatwierdzenia wniosku."
    );
    let en = format!(
        "Hello {name},\n\n\
         We have received a request to reset the password of your Ratusz account. An \
         administrator will review it and you will be told the decision by e-mail. {next_en}\n\n\
         If you did not make this request, please tell technical support. Your current \
         password keeps working until the request is approved."
    );
    email_message(
        "Ratusz: wniosek o reset hasła",
        "Password reset request",
        &pl,
        &en,
    )
}

/// The path of the claim page holding `token` (the frontend's `/password/claim` route).
pub fn claim_path(token: &str) -> String {
    format!("/password/claim?token={token}")
}

/// The approved reset's link (holding the token), sent to the account's e-mail; the code
/// goes separately by SMS ([`reset_sms`]).
///
/// The link is `app_url` + [`claim_path`]. Without a configured `app_url` a link would be
/// relative (no mail client opens it), so the message says so and asks the holder to open
/// the path at the address the administrator gives them.
pub fn reset_approved_link(
    first_name: &str,
    app_url: &str,
    token: &str,
    expires_at: Timestamp,
) -> Message {
    let name = one_line(first_name);
    let (url, path) = (one_line(app_url), one_line(&claim_path(token)));
    let (open_pl, open_en) = if url.is_empty() {
        (
            format!(
                "Adres systemu nie został skonfigurowany, więc nie możemy podać linku. Zapytaj \
                 administratora o adres systemu Ratusz i otwórz go z dopisaną na końcu \
                 ścieżką:\n\n{path}"
            ),
            format!(
                "The system's address has not been configured, so we cannot give you a link. \
                 Ask the administrator for the address of Ratusz and open it with this path \
                 added at the end:\n\n{path}"
            ),
        )
    } else {
        let link = format!("{}{path}", url.trim_end_matches('/'));
        (
            format!("Aby ustawić nowe hasło, otwórz link:\n\n{link}"),
            format!("To set a new password, open this link:\n\n{link}"),
        )
    };
    let pl = format!(
        "Dzień dobry, {name}!\n\n\
         Wniosek o zresetowanie hasła został zatwierdzony. {open_pl}\n\n\
         Będzie potrzebny także 8-cyfrowy kod, który wysłaliśmy SMS-em na Twój telefon. \
         Link działa do {} i można go użyć tylko raz. Nie przekazuj nikomu linku ani kodu.",
        format_pl(expires_at)
    );
    let en = format!(
        "Hello {name},\n\n\
         Your password reset request has been approved. {open_en}\n\n\
         You will also need the 8-digit code we sent to your phone by SMS. The link works \
         until {} and only once. Do not share the link or the code with anyone.",
        format_en(expires_at)
    );
    email_message("Ratusz: ustaw nowe hasło", "Set a new password", &pl, &en)
}

/// The SMS half of an approved reset: the 8-digit code, short, text only.
pub fn reset_sms(code: &str) -> Message {
    let code = one_line(code);
    Message {
        subject: String::new(),
        text: format!(
            "Ratusz: kod do zmiany hasła: {code}. Nie podawaj go nikomu.\n{SEPARATOR}\n\
             Ratusz password reset code: {code}. Do not share it."
        ),
    }
}

/// Tells the requester that the reset request was rejected, and why.
pub fn reset_rejected(first_name: &str, reason: &str) -> Message {
    let (name, reason) = (one_line(first_name), one_line(reason));
    let pl = format!(
        "Dzień dobry, {name}!\n\n\
         Wniosek o zresetowanie hasła do konta w systemie Ratusz został odrzucony.\n\
         Uzasadnienie: {reason}\n\n\
         W razie pytań skontaktuj się z pomocą techniczną."
    );
    let en = format!(
        "Hello {name},\n\n\
         The request to reset the password of a Ratusz account has been rejected.\n\
         Reason: {reason}\n\n\
         If you have questions, please contact technical support."
    );
    email_message("Ratusz: wniosek odrzucony", "Request rejected", &pl, &en)
}

/// Tells the staff member who recorded a reset request that it was approved (the holder is
/// told separately, through the link or the letter notice).
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
    email_message("Ratusz: wniosek zatwierdzony", "Request approved", &pl, &en)
}

/// Tells the holder that the letter with their new start password awaits collection.
pub fn reset_letter_ready(first_name: &str) -> Message {
    let name = one_line(first_name);
    let pl = format!(
        "Dzień dobry, {name}!\n\n\
         Wniosek o zresetowanie hasła został zatwierdzony. List z nowym hasłem startowym \
         czeka na odbiór osobiście; zabierz dokument tożsamości. Jeśli nie możesz przyjść, \
         list odbierze osoba z Twoim pisemnym upoważnieniem (formularz F-01).\n\n\
         Twoje dotychczasowe hasło już nie działa."
    );
    let en = format!(
        "Hello {name},\n\n\
         Your password reset request has been approved. A letter with a new start password \
         is ready for collection in person; please bring an identity document. If you cannot \
         come, someone holding your written authorisation (form F-01) can collect it.\n\n\
         Your previous password no longer works."
    );
    email_message("Ratusz: list z hasłem do odbioru", "Letter ready", &pl, &en)
}

pub(crate) fn email_message(subject_pl: &str, subject_en: &str, pl: &str, en: &str) -> Message {
    Message {
        subject: format!("{subject_pl} / {subject_en}"),
        text: format!("{pl}\n\n{SIGNATURE_PL}\n\n{SEPARATOR}\n\n{en}\n\n{SIGNATURE_EN}\n"),
    }
}

/// User-typed text on one line: control characters (newlines included) become spaces.
pub(crate) fn one_line(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    flat.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).unwrap_or(Timestamp::EPOCH)
    }

    /// (Polish part, English part) of a message body.
    fn halves(m: &Message) -> (&str, &str) {
        m.text
            .split_once(&format!("\n{SEPARATOR}\n"))
            .unwrap_or(("", ""))
    }

    fn all_messages() -> Vec<(&'static str, Message)> {
        let t = at("2026-11-23T09:04:35Z");
        vec![
            (
                "start_password",
                start_password(
                    "Anna",
                    "anna@gmina.pl",
                    "Kx7tR…",
                    t,
                    "https://rada.gmina.pl",
                ),
            ),
            ("password_changed", password_changed("Anna", t)),
            ("account_locked", account_locked("Anna", Some(t))),
            ("account_locked_permanent", account_locked("Anna", None)),
            (
                "reset_requested_ack",
                reset_requested_ack("Anna", ResetDelivery::EmailSms),
            ),
            (
                "reset_requested_ack_letter",
                reset_requested_ack("Anna", ResetDelivery::Letter),
            ),
            (
                "reset_approved_link",
                reset_approved_link("Anna", "https://rada.gmina.pl", "abc", t),
            ),
            (
                "reset_approved_link_without_address",
                reset_approved_link("Anna", "", "abc", t),
            ),
            (
                "start_password_without_address",
                start_password("Anna", "anna@gmina.pl", "Kx7tR…", t, ""),
            ),
            ("reset_sms", reset_sms("01234567")),
            (
                "reset_rejected",
                reset_rejected("Anna", "Brak potwierdzenia tożsamości"),
            ),
            ("reset_letter_ready", reset_letter_ready("Anna")),
        ]
    }

    #[test]
    fn every_message_is_polish_then_english() {
        for (name, m) in all_messages() {
            let (pl, en) = halves(&m);
            assert!(!pl.is_empty() && !en.is_empty(), "{name}: {}", m.text);
            assert_eq!(
                m.text.matches(&format!("\n{SEPARATOR}\n")).count(),
                1,
                "{name}"
            );
            assert!(pl.contains("Ratusz") && en.contains("Ratusz"), "{name}");
            let polish_letters = |s: &str| s.chars().any(|c| "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ".contains(c));
            assert!(
                polish_letters(pl),
                "{name}: the Polish part has Polish letters"
            );
            if name != "reset_sms" {
                assert!(pl.starts_with("Dzień dobry, Anna!"), "{name}");
                assert!(en.trim_start().starts_with("Hello Anna,"), "{name}");
                assert!(
                    m.subject.starts_with("Ratusz: ") && m.subject.contains(" / "),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn messages_carry_their_data_in_both_languages() {
        let t = at("2026-11-23T09:04:35Z");
        let m = start_password(
            "Anna",
            "anna@gmina.pl",
            "Kx7tRm4aPq9WcHjN3vEy",
            t,
            "https://rada.gmina.pl",
        );
        let (pl, en) = halves(&m);
        for part in [pl, en] {
            assert!(part.contains("Kx7tRm4aPq9WcHjN3vEy") && part.contains("anna@gmina.pl"));
            assert!(part.contains("https://rada.gmina.pl"));
        }
        assert!(pl.contains("23.11.2026, godz. 10:04"), "{pl}");
        assert!(en.contains("23 November 2026, 10:04 (Polish time)"), "{en}");

        let m = reset_approved_link("Anna", "https://rada.gmina.pl/", "abc", t);
        assert_eq!(
            m.text
                .matches("https://rada.gmina.pl/password/claim?token=abc")
                .count(),
            2
        );

        let locked = account_locked("Anna", None);
        let (pl, en) = halves(&locked);
        assert!(pl.contains("do odwołania") && en.contains("until an administrator"));

        let rejected = reset_rejected("Anna", "Brak potwierdzenia");
        let (pl, en) = halves(&rejected);
        assert!(pl.contains("Uzasadnienie: Brak potwierdzenia"));
        assert!(en.contains("Reason: Brak potwierdzenia"));
    }

    #[test]
    fn without_an_address_no_empty_or_relative_link_is_printed() {
        let t = at("2026-11-23T09:04:35Z");
        let m = start_password("Anna", "anna@gmina.pl", "Kx7tRm4aPq9WcHjN3vEy", t, "");
        assert!(
            !m.text.contains("Adres:") && !m.text.contains("Address:"),
            "{}",
            m.text
        );
        assert_eq!(m.text.matches("Login: anna@gmina.pl").count(), 2);
        let m = start_password("Anna", "anna@gmina.pl", "x", t, "https://rada.gmina.pl");
        assert!(m.text.contains("Adres: https://rada.gmina.pl\n"));
        assert!(m.text.contains("Address: https://rada.gmina.pl\n"));

        let m = reset_approved_link("Anna", "", "abc", t);
        let (pl, en) = halves(&m);
        assert!(pl.contains("Zapytaj administratora o adres"), "{pl}");
        assert!(en.contains("Ask the administrator for the address"), "{en}");
        // The token still reaches the holder, as a path to add to the address, never as a
        // line that looks like a link of its own.
        for line in m.text.lines() {
            if line.contains("token=abc") {
                assert_eq!(line, "/password/claim?token=abc");
            }
        }
        assert_eq!(m.text.matches("/password/claim?token=abc").count(), 2);
        assert!(!m.text.contains("open this link"));
    }

    #[test]
    fn the_sms_is_short_and_has_no_subject() {
        let m = reset_sms("01234567");
        assert!(m.subject.is_empty());
        assert_eq!(m.text.matches("01234567").count(), 2);
        assert!(m.text.chars().count() <= 140, "{}", m.text.chars().count());
    }

    #[test]
    fn typed_text_cannot_add_lines() {
        let m = reset_rejected("Anna\n\n---\n\nFake", "a\r\nb\u{7}c");
        assert_eq!(m.text.matches(&format!("\n{SEPARATOR}\n")).count(), 1);
        assert!(m.text.contains("Anna  ---  Fake"));
        assert!(m.text.contains("Uzasadnienie: a  b c"));
    }

    #[test]
    fn debug_does_not_print_the_body() {
        let m = reset_sms("98765432");
        assert!(!format!("{m:?}").contains("98765432"));
    }
}
