//! The e-mail address as a login: one canonical form, so `Jan.Kowalski@Gmina.pl ` and
//! `jan.kowalski@gmina.pl` are the same account (accounts.md § Registration).

use super::nfkc::nfkc;
use std::fmt;

/// Longest address we accept, in characters (RFC 5321's path limit minus the angle brackets).
pub const MAX_LEN: usize = 254;

/// Why a text is not an acceptable e-mail address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailError {
    /// Nothing but whitespace.
    Empty,
    /// More than [`MAX_LEN`] characters.
    TooLong,
    /// Whitespace, a control character or an invisible formatting character inside.
    InvalidCharacter,
    /// No `@`, or more than one.
    NotOneAt,
    /// Nothing before the `@`.
    EmptyLocalPart,
    /// The domain has no dot, or an empty label (`gmina..pl`, `.pl`, `gmina.`).
    InvalidDomain,
}

impl EmailError {
    /// Stable machine code for the problem response.
    pub const fn code(self) -> &'static str {
        match self {
            EmailError::Empty => "email_empty",
            EmailError::TooLong => "email_too_long",
            EmailError::InvalidCharacter => "email_invalid_character",
            EmailError::NotOneAt => "email_not_one_at",
            EmailError::EmptyLocalPart => "email_empty_local_part",
            EmailError::InvalidDomain => "email_invalid_domain",
        }
    }

    /// The problem in Polish, as a sentence for the person filling in the form.
    pub const fn message_pl(self) -> &'static str {
        match self {
            EmailError::Empty => "Podaj adres e-mail.",
            EmailError::TooLong => "Adres e-mail może mieć najwyżej 254 znaki.",
            EmailError::InvalidCharacter => {
                "Adres e-mail nie może zawierać spacji ani znaków niewidocznych."
            }
            EmailError::NotOneAt => "Adres e-mail musi zawierać dokładnie jeden znak @.",
            EmailError::EmptyLocalPart => {
                "Przed znakiem @ musi stać nazwa skrzynki, np. jan.kowalski@gmina.pl."
            }
            EmailError::InvalidDomain => "Po znaku @ musi stać poprawna domena, np. gmina.pl.",
        }
    }

    /// The problem in English, as a sentence for the person filling in the form.
    pub const fn message_en(self) -> &'static str {
        match self {
            EmailError::Empty => "Enter an e-mail address.",
            EmailError::TooLong => "An e-mail address can be at most 254 characters long.",
            EmailError::InvalidCharacter => {
                "An e-mail address cannot contain spaces or invisible characters."
            }
            EmailError::NotOneAt => "An e-mail address must contain exactly one @ sign.",
            EmailError::EmptyLocalPart => {
                "A mailbox name must come before the @ sign, e.g. jan.kowalski@gmina.pl."
            }
            EmailError::InvalidDomain => "A valid domain must follow the @ sign, e.g. gmina.pl.",
        }
    }
}

impl fmt::Display for EmailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message_en())
    }
}

impl std::error::Error for EmailError {}

/// The canonical login form of `raw`: trimmed, NFKC-normalised, lower-cased, and checked.
///
/// NFKC folds look-alike compatibility forms (full-width `ｊａｎ`, ligatures) so that two
/// addresses a person cannot tell apart are one account; lower-casing makes the comparison
/// case-insensitive as the spec requires.
pub fn normalize_email(raw: &str) -> Result<String, EmailError> {
    let folded = nfkc(raw.trim());
    let email = folded.trim().to_lowercase();
    if email.is_empty() {
        return Err(EmailError::Empty);
    }
    if email.chars().count() > MAX_LEN {
        return Err(EmailError::TooLong);
    }
    if email.chars().any(is_forbidden) {
        return Err(EmailError::InvalidCharacter);
    }
    let mut parts = email.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(EmailError::NotOneAt);
    };
    if local.is_empty() {
        return Err(EmailError::EmptyLocalPart);
    }
    if !domain.contains('.') || domain.split('.').any(str::is_empty) {
        return Err(EmailError::InvalidDomain);
    }
    Ok(email)
}

/// Whitespace and control characters, plus the invisible ones (zero-width, bidi overrides)
/// that would let two different stored logins look identical on screen.
fn is_forbidden(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_to_one_canonical_login() {
        let cases = [
            ("jan.kowalski@gmina.pl", "jan.kowalski@gmina.pl"),
            ("  Jan.Kowalski@Gmina.PL \n", "jan.kowalski@gmina.pl"),
            ("\u{3000}anna@um.krakow.pl\t", "anna@um.krakow.pl"),
            // Full-width letters and the full-width at sign fold to ASCII.
            ("ｊａｎ＠ｇｍｉｎａ．ｐｌ", "jan@gmina.pl"),
            ("ŁUKASZ.ŻÓŁĆ@Urząd.pl", "łukasz.żółć@urząd.pl"),
            // Decomposed "o" + combining acute is composed, so both spellings match.
            ("zo\u{301}ł@gmina.pl", "zół@gmina.pl"),
            ("a+tag@sub.domain.example", "a+tag@sub.domain.example"),
        ];
        for (raw, expected) in cases {
            assert_eq!(normalize_email(raw).as_deref(), Ok(expected), "{raw:?}");
        }
    }

    #[test]
    fn rejects_what_is_not_an_address() {
        let long_local = "a".repeat(250);
        let too_long = format!("{long_local}@g.pl"); // 255 characters
        let just_fits = format!("{}@g.pl", "a".repeat(249));
        assert_eq!(normalize_email(&just_fits).map(|e| e.len()), Ok(254));
        let cases: [(&str, EmailError); 16] = [
            ("", EmailError::Empty),
            ("   \t ", EmailError::Empty),
            (&too_long, EmailError::TooLong),
            ("jan kowalski@gmina.pl", EmailError::InvalidCharacter),
            ("jan@gmina\u{0}.pl", EmailError::InvalidCharacter),
            ("jan\u{200B}@gmina.pl", EmailError::InvalidCharacter),
            ("jan@gmi\u{202E}na.pl", EmailError::InvalidCharacter),
            ("jan.gmina.pl", EmailError::NotOneAt),
            ("jan@@gmina.pl", EmailError::NotOneAt),
            ("a@b@gmina.pl", EmailError::NotOneAt),
            ("@gmina.pl", EmailError::EmptyLocalPart),
            ("jan@", EmailError::InvalidDomain),
            ("jan@localhost", EmailError::InvalidDomain),
            ("jan@gmina..pl", EmailError::InvalidDomain),
            ("jan@.gmina.pl", EmailError::InvalidDomain),
            ("jan@gmina.pl.", EmailError::InvalidDomain),
        ];
        for (raw, expected) in cases {
            assert_eq!(normalize_email(raw), Err(expected), "{raw:?}");
        }
    }

    #[test]
    fn every_error_has_a_code_and_two_sentences() {
        let all = [
            EmailError::Empty,
            EmailError::TooLong,
            EmailError::InvalidCharacter,
            EmailError::NotOneAt,
            EmailError::EmptyLocalPart,
            EmailError::InvalidDomain,
        ];
        for e in all {
            assert!(e.code().starts_with("email_"));
            assert!(e.message_pl().ends_with('.') && e.message_en().ends_with('.'));
            assert_eq!(e.to_string(), e.message_en());
        }
    }
}
