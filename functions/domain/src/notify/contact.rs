//! A contact as the blind index sees it: one normal form per e-mail and per phone, so
//! `Anna.Nowak@Example.PL` and `anna.nowak@example.pl`, or `600 100 200` and `+48600100200`,
//! look up the same recipient without decrypting anyone.

use crate::validate;

/// A contact given to ask for a code or to bind a device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contact {
    /// Canonical e-mail.
    Email(String),
    /// E.164 phone.
    Phone(String),
}

impl Contact {
    /// Parses what a person typed: an `@` makes it an e-mail, else a phone. `None` when it is
    /// neither (the caller answers as for an unknown contact, telling nothing).
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim();
        if t.contains('@') {
            validate::email(t).ok().map(Contact::Email)
        } else {
            super::fields::phone(Some(t))
                .ok()
                .flatten()
                .map(Contact::Phone)
        }
    }

    /// The text the blind index is computed over: the kind and the normal form, so an e-mail
    /// and a phone can never share an index value.
    pub fn index_input(&self) -> String {
        match self {
            Contact::Email(v) => index_input_email(v),
            Contact::Phone(v) => index_input_phone(v),
        }
    }
}

/// The blind index input of a canonical e-mail.
pub fn index_input_email(email: &str) -> String {
    format!("email:{email}")
}

/// The blind index input of an E.164 phone.
pub fn index_input_phone(phone: &str) -> String {
    format!("phone:{phone}")
}

/// A phone already stripped of spaces and dashes (`validate::phone`) in E.164: a Polish
/// number of 9 digits (optionally after `48`, `0048` or `+48`) becomes `+48…`; any other
/// number must start with `+` and a country code (not 0).
pub fn normalize_phone(typed: &str) -> Option<String> {
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    let e164 = if let Some(rest) = typed.strip_prefix('+') {
        (!rest.starts_with('0')).then(|| format!("+{digits}"))
    } else if digits.len() == 9 {
        Some(format!("+48{digits}"))
    } else if digits.len() == 11 && digits.starts_with("48") {
        Some(format!("+{digits}"))
    } else if digits.len() == 13 && digits.starts_with("0048") {
        digits.get(2..).map(|d| format!("+{d}"))
    } else {
        None
    };
    // A Polish number has exactly 9 digits after +48.
    e164.filter(|p| !p.starts_with("+48") || p.len() == 12)
        .filter(|p| (8..=16).contains(&p.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_parse_to_one_normal_form() {
        let cases = [
            (
                " Anna.Nowak@Example.PL ",
                Some("email:anna.nowak@example.pl"),
            ),
            ("600 100 200", Some("phone:+48600100200")),
            ("+48-600-100-200", Some("phone:+48600100200")),
            ("0048600100200", Some("phone:+48600100200")),
            ("+4860010020", None),
            ("anna@", None),
            ("", None),
            ("12", None),
        ];
        for (text, expected) in cases {
            assert_eq!(
                Contact::parse(text).map(|c| c.index_input()).as_deref(),
                expected,
                "{text}"
            );
        }
    }
}
