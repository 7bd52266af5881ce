//! Which new passwords we accept (accounts.md § Passwords): 12–128 characters of any
//! Unicode, no composition rules, zxcvbn score ≥ 3 against the user's own names and e-mail,
//! and not the current password.
//!
//! Normalisation and the length rule build everywhere (the frontend checks as the person
//! types); the zxcvbn estimate is behind the `password-strength` feature.

use crate::validate::{FieldCode, Invalid};
use std::fmt;

/// Fewest characters (Unicode scalar values after NFKC) a password may have.
pub const MIN_CHARS: usize = 12;
/// Most characters a password may have (argon2 has no limit; this bounds the work per login).
pub const MAX_CHARS: usize = 128;
/// Lowest acceptable zxcvbn score (0–4): 3 means "safely unguessable" (≥ 10¹⁰ guesses).
pub const MIN_SCORE: u8 = 3;

/// Why a new password is refused (the API answers 422 with [`PasswordProblem::code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    /// Fewer than [`MIN_CHARS`] characters.
    TooShort,
    /// More than [`MAX_CHARS`] characters.
    TooLong,
    /// zxcvbn estimates it would be guessed too soon.
    TooWeak,
    /// The same as the password it replaces.
    SameAsCurrent,
}

impl PasswordProblem {
    /// Stable machine code for the problem response.
    pub const fn code(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "password_too_short",
            PasswordProblem::TooLong => "password_too_long",
            PasswordProblem::TooWeak => "weak_password",
            PasswordProblem::SameAsCurrent => "password_same_as_current",
        }
    }

    /// The refusal of the password field: the length rules as the generic `too_short` /
    /// `too_long` with their bound, the others as `rule` named by [`PasswordProblem::code`]
    /// (the frontend words each in its language; `min_score` is zxcvbn's bar).
    pub fn invalid(self) -> Invalid {
        match self {
            PasswordProblem::TooShort => Invalid::new(FieldCode::TooShort).with("min", MIN_CHARS),
            PasswordProblem::TooLong => Invalid::too_long(MAX_CHARS),
            PasswordProblem::TooWeak => Invalid::rule(self.code()).with("min_score", MIN_SCORE),
            PasswordProblem::SameAsCurrent => Invalid::rule(self.code()),
        }
    }

    /// The problem in English, as advice a person can act on.
    pub const fn message_en(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "The password must be at least 12 characters long.",
            PasswordProblem::TooLong => "The password can be at most 128 characters long.",
            PasswordProblem::TooWeak => {
                "This password is easy to guess. Use a longer sentence or several unrelated \
                 words, and leave out your first name, last name and e-mail address."
            }
            PasswordProblem::SameAsCurrent => {
                "The new password must be different from the current one."
            }
        }
    }
}

impl fmt::Display for PasswordProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message_en())
    }
}

impl std::error::Error for PasswordProblem {}

/// The form of a password that is hashed and compared: NFKC, nothing trimmed (spaces count).
///
/// The same password typed on a phone and a PC may arrive composed or decomposed; NFKC makes
/// them one password.
pub fn normalize_password(raw: &str) -> String {
    super::nfkc::nfkc(raw)
}

/// The length rule alone, on the normalised form of `raw` (counted in characters, not bytes).
pub fn check_length(raw: &str) -> Result<(), PasswordProblem> {
    let chars = normalize_password(raw).chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    Ok(())
}

/// The whole policy for a new password; `user_inputs` are the person's names and e-mail
/// (the e-mail's local part and its pieces are added here), `same_as_current` is computed by
/// the caller by verifying the new password against the stored hash.
#[cfg(feature = "password-strength")]
pub fn check_new_password(
    new_password: &str,
    user_inputs: &[&str],
    same_as_current: bool,
) -> Result<(), PasswordProblem> {
    check_length(new_password)?;
    if same_as_current {
        return Err(PasswordProblem::SameAsCurrent);
    }
    let password = normalize_password(new_password);
    let inputs = expand_inputs(user_inputs);
    let inputs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let score = u8::from(zxcvbn::zxcvbn(&password, &inputs).score());
    if score < MIN_SCORE {
        return Err(PasswordProblem::TooWeak);
    }
    Ok(())
}

/// Each input normalised, plus for an e-mail its local part and the words in it
/// (`jan.kowalski@gmina.pl` → `jan.kowalski`, `jan`, `kowalski`), so `Kowalski2026!` is weak.
#[cfg(feature = "password-strength")]
fn expand_inputs(user_inputs: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for input in user_inputs {
        let input = normalize_password(input.trim()).to_lowercase();
        if input.is_empty() {
            continue;
        }
        if let Some((local, _domain)) = input.split_once('@') {
            out.push(local.to_owned());
            out.extend(
                local
                    .split(['.', '_', '-', '+'])
                    .filter(|w| w.chars().count() >= 3)
                    .map(str::to_owned),
            );
        }
        out.push(input);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_with_nfkc_and_keeps_spaces() {
        assert_eq!(normalize_password(" ａｂｃ "), " abc ");
        assert_eq!(normalize_password("zo\u{301}łw"), "zółw");
        assert_eq!(normalize_password("ﬁ"), "fi");
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let cases = [
            ("", Err(PasswordProblem::TooShort)),
            ("abcdefghijk", Err(PasswordProblem::TooShort)),
            ("abcdefghijkl", Ok(())),
            // 12 characters, 24 bytes.
            ("żółćżółćżółć", Ok(())),
            // 11 characters even though 22 bytes.
            ("żółćżółćżół", Err(PasswordProblem::TooShort)),
            // Decomposed: 22 scalar values typed, 11 after NFKC.
            (
                "o\u{301}o\u{301}o\u{301}o\u{301}o\u{301}o\u{301}o\u{301}o\u{301}o\u{301}o\u{301}o\u{301}",
                Err(PasswordProblem::TooShort),
            ),
        ];
        for (password, expected) in cases {
            assert_eq!(check_length(password), expected, "{password:?}");
        }
        assert_eq!(check_length(&"x".repeat(128)), Ok(()));
        assert_eq!(
            check_length(&"ł".repeat(129)),
            Err(PasswordProblem::TooLong)
        );
    }

    #[test]
    fn problems_are_machine_readable_field_refusals() {
        let param = |p: PasswordProblem, name: &str| p.invalid().params.get(name).cloned();
        let cases = [
            (PasswordProblem::TooShort, FieldCode::TooShort, "min", "12"),
            (PasswordProblem::TooLong, FieldCode::TooLong, "max", "128"),
            (
                PasswordProblem::TooWeak,
                FieldCode::Rule,
                "rule",
                "weak_password",
            ),
            (
                PasswordProblem::SameAsCurrent,
                FieldCode::Rule,
                "rule",
                "password_same_as_current",
            ),
        ];
        for (p, code, name, value) in cases {
            assert_eq!(p.invalid().code, code, "{p:?}");
            assert_eq!(param(p, name).as_deref(), Some(value), "{p:?}");
            assert!(p.message_en().ends_with('.'));
        }
        assert_eq!(
            param(PasswordProblem::TooWeak, "min_score").as_deref(),
            Some("3")
        );
    }

    #[cfg(feature = "password-strength")]
    #[test]
    fn whole_policy_table() {
        let me = ["Jan", "Kowalski", "jan.kowalski@gmina.pl"];
        let cases = [
            ("krótkie", false, Err(PasswordProblem::TooShort)),
            ("password1234", false, Err(PasswordProblem::TooWeak)),
            ("qwertyuiop123", false, Err(PasswordProblem::TooWeak)),
            ("aaaaaaaaaaaaaaaa", false, Err(PasswordProblem::TooWeak)),
            ("Kowalski2026!", false, Err(PasswordProblem::TooWeak)),
            (
                "jan.kowalski@gmina.pl",
                false,
                Err(PasswordProblem::TooWeak),
            ),
            (
                "Zielona łąka nad Wisłą o świcie",
                true,
                Err(PasswordProblem::SameAsCurrent),
            ),
            ("Zielona łąka nad Wisłą o świcie", false, Ok(())),
            ("tramwaj kaloryfer pomidor śnieg", false, Ok(())),
            ("x7#Qm9!vR2@pLw4$", false, Ok(())),
        ];
        for (password, same, expected) in cases {
            assert_eq!(
                check_new_password(password, &me, same),
                expected,
                "{password:?}"
            );
        }
    }

    #[cfg(feature = "password-strength")]
    #[test]
    fn the_email_local_part_counts_as_a_user_input() {
        let inputs = expand_inputs(&["  Jan.Kowalski@Gmina.pl", "", "Anna"]);
        assert_eq!(
            inputs,
            [
                "jan.kowalski",
                "jan",
                "kowalski",
                "jan.kowalski@gmina.pl",
                "anna"
            ]
        );
        // Strong in general, weak for this one person.
        let password = "mieczysławwierzbicki";
        assert_eq!(check_new_password(password, &[], false), Ok(()));
        let mine = ["mieczyslaw.wierzbicki@gmina.pl", "Mieczysław", "Wierzbicki"];
        assert_eq!(
            check_new_password(password, &mine, false),
            Err(PasswordProblem::TooWeak)
        );
    }
}
