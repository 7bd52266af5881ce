//! Placeholders in a message's or template's title and text (docs/api/notifications-messages.md
//! § Shapes): `((first_name))`, `((last_name))` and `((district))`, filled per recipient when
//! the message is sent.
//!
//! The syntax: `((` + a name + `))`, where the name is not blank and holds no parenthesis and no
//! line break. Exactly the three names above are known, spelled exactly so; any other name
//! (`((imię))`, `((First_name))`, `((first name))`) is refused, field code
//! `unknown_placeholder` with the name as written, because sending it literally to thousands of
//! residents is worse than a refusal before sending. A `((` that does not begin such a form —
//! no `))` closes it, or what lies between holds a parenthesis or a line break — is ordinary
//! text and stays as written: ":((" is a sad face in a Polish SMS, not a mistake.

use crate::validate::{FieldCode, Invalid};

/// A value a placeholder stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    /// The recipient's first name.
    FirstName,
    /// The recipient's last name.
    LastName,
    /// The name of the recipient's district.
    District,
}

crate::wire_names!(Placeholder {
    FirstName = "first_name",
    LastName = "last_name",
    District = "district",
});

impl Placeholder {
    /// How it is written in a text: `((first_name))`.
    pub fn written(self) -> String {
        format!("(({}))", self.as_str())
    }
}

/// One recipient's values of the placeholders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlaceholderValues<'a> {
    /// First name.
    pub first_name: &'a str,
    /// Last name.
    pub last_name: &'a str,
    /// The district's name.
    pub district: &'a str,
}

impl<'a> PlaceholderValues<'a> {
    fn get(&self, placeholder: Placeholder) -> &'a str {
        match placeholder {
            Placeholder::FirstName => self.first_name,
            Placeholder::LastName => self.last_name,
            Placeholder::District => self.district,
        }
    }
}

/// A text names a placeholder that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownPlaceholder {
    /// The name as written (shortened to [`NAME_SHOWN_MAX`] characters).
    pub name: String,
}

/// How much of an unknown name a refusal repeats.
pub const NAME_SHOWN_MAX: usize = 40;

impl UnknownPlaceholder {
    /// The field refusal: `unknown_placeholder` with `params.name`.
    pub fn invalid(&self) -> Invalid {
        Invalid::new(FieldCode::UnknownPlaceholder).with("name", &self.name)
    }
}

/// A piece of a text: as written, or a placeholder form with its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Form(&'a str),
}

/// Whether what lies between `((` and `))` is a placeholder's name.
fn is_name(between: &str) -> bool {
    !between.trim().is_empty() && !between.contains(['(', ')', '\n', '\r'])
}

/// `text` cut into plain text and placeholder forms, in order.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("((") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("))") else {
            break;
        };
        let between = &after[..close];
        if is_name(between) {
            out.push(Piece::Text(&rest[..open]));
            out.push(Piece::Form(between));
            rest = &after[close + 2..];
        } else {
            // Not a form from this `(`; one may start at the next (`(((first_name)))`).
            out.push(Piece::Text(&rest[..open + 1]));
            rest = &rest[open + 1..];
        }
    }
    out.push(Piece::Text(rest));
    out
}

/// `Ok` when every placeholder form in `text` is a known one; else the first unknown.
pub fn check(text: &str) -> Result<(), UnknownPlaceholder> {
    for piece in pieces(text) {
        if let Piece::Form(name) = piece {
            if Placeholder::parse(name).is_none() {
                return Err(UnknownPlaceholder {
                    name: name.chars().take(NAME_SHOWN_MAX).collect(),
                });
            }
        }
    }
    Ok(())
}

/// Whether `text` holds any placeholder form (one recipient's text differs from another's).
pub fn has_placeholders(text: &str) -> bool {
    ParsedText::new(text).has_placeholders()
}

/// `text` with each known placeholder replaced by the recipient's value; an unknown form (which
/// [`check`] refused before anything was stored) stays as written.
pub fn fill(text: &str, values: &PlaceholderValues<'_>) -> String {
    ParsedText::new(text).filled_parts(values).concat()
}

/// A text cut once into plain pieces and placeholder forms, to fill for many recipients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedText<'a> {
    pieces: Vec<Piece<'a>>,
}

impl<'a> ParsedText<'a> {
    /// Cuts `text`.
    pub fn new(text: &'a str) -> Self {
        Self {
            pieces: pieces(text),
        }
    }

    /// Whether any piece is a placeholder form.
    pub fn has_placeholders(&self) -> bool {
        self.pieces.iter().any(|p| matches!(p, Piece::Form(_)))
    }

    /// The filled text as parts in order (their concatenation is [`fill`]'s answer), so a
    /// caller that only measures need not build the string.
    pub fn filled_parts<'s>(&'s self, values: &PlaceholderValues<'s>) -> Vec<&'s str> {
        let mut parts = Vec::with_capacity(self.pieces.len() + 2);
        for piece in &self.pieces {
            match *piece {
                Piece::Text(t) => parts.push(t),
                Piece::Form(name) => match Placeholder::parse(name) {
                    Some(p) => parts.push(values.get(p)),
                    None => parts.extend(["((", name, "))"]),
                },
            }
        }
        parts
    }
}

/// `text` with every placeholder form left out, for readers who are nobody in particular (the
/// public news feed) and the SMS estimate of the text as written. A space before a form goes
/// with it when no word follows ("Dzień dobry ((first_name)), …" → "Dzień dobry, …").
pub fn strip(text: &str) -> String {
    let pieces = pieces(text);
    let mut out = String::with_capacity(text.len());
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Form(_) => {
                let next = pieces[i + 1..].iter().find_map(|p| match p {
                    Piece::Text(t) => t.chars().next(),
                    Piece::Form(_) => None,
                });
                let word_follows = next.is_some_and(char::is_alphanumeric);
                if !word_follows && out.ends_with(' ') {
                    out.pop();
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANNA: PlaceholderValues<'static> = PlaceholderValues {
        first_name: "Anna",
        last_name: "Żółkiewska",
        district: "Śródmieście",
    };

    #[test]
    fn checks() {
        let unknown = |name: &str| {
            Err(UnknownPlaceholder {
                name: name.to_owned(),
            })
        };
        let cases: &[(&str, Result<(), UnknownPlaceholder>)] = &[
            ("", Ok(())),
            ("Zebranie w czwartek", Ok(())),
            (
                "Dzień dobry ((first_name)) ((last_name)) z ((district))",
                Ok(()),
            ),
            ("((first_name))((first_name))", Ok(())),
            ("(((first_name)))", Ok(())),
            // Not a form: text as written.
            (":(( szkoda", Ok(())),
            ("((first_name)", Ok(())),
            ("(())", Ok(())),
            ("((  ))", Ok(())),
            ("((a(b))", Ok(())),
            ("((first\nname))", Ok(())),
            ("((first_name) i ((district))", Ok(())),
            // Forms with a name nobody knows.
            ("((imię))", unknown("imię")),
            ("((First_name))", unknown("First_name")),
            ("((first name))", unknown("first name")),
            ("(( first_name ))", unknown(" first_name ")),
            ("((first_name)) ((street)) ((x))", unknown("street")),
            ("((first_name) i ((ulica))", unknown("ulica")),
        ];
        for (text, expected) in cases {
            assert_eq!(&check(text), expected, "{text:?}");
        }
    }

    #[test]
    fn a_long_unknown_name_is_shortened_in_the_refusal() {
        let text = format!("(({}))", "x".repeat(500));
        let refused = check(&text).unwrap_err();
        assert_eq!(refused.name.chars().count(), NAME_SHOWN_MAX);
        let invalid = refused.invalid();
        assert_eq!(invalid.code, FieldCode::UnknownPlaceholder);
        assert_eq!(invalid.params.get("name"), Some(&refused.name));
    }

    #[test]
    fn fills() {
        let cases = [
            ("Bez pól", "Bez pól"),
            (
                "Dzień dobry ((first_name)) ((last_name)), ((district)) zaprasza.",
                "Dzień dobry Anna Żółkiewska, Śródmieście zaprasza.",
            ),
            ("(((first_name)))", "(Anna)"),
            (":(( ((first_name))", ":(( Anna"),
            ("((first_name)", "((first_name)"),
            ("((imię)) ((first_name))", "((imię)) Anna"),
        ];
        for (text, expected) in cases {
            assert_eq!(fill(text, &ANNA), expected, "{text:?}");
        }
    }

    #[test]
    fn a_value_that_looks_like_a_placeholder_is_not_filled_again() {
        let sly = PlaceholderValues {
            first_name: "((last_name))",
            ..ANNA
        };
        assert_eq!(fill("((first_name))", &sly), "((last_name))");
    }

    #[test]
    fn strips() {
        let cases = [
            ("Bez pól", "Bez pól"),
            (
                "Dzień dobry ((first_name)), zebranie.",
                "Dzień dobry, zebranie.",
            ),
            ("Dzień dobry ((first_name)) ((last_name))!", "Dzień dobry!"),
            (
                "Mieszkańcy ((district)) zapraszamy",
                "Mieszkańcy zapraszamy",
            ),
            ("((first_name))", ""),
            ("(((district)))", "()"),
            (":(( ((imię))", ":(("),
            ("((first_name)", "((first_name)"),
        ];
        for (text, expected) in cases {
            assert_eq!(strip(text), expected, "{text:?}");
        }
    }

    #[test]
    fn tells_whether_a_text_varies() {
        assert!(has_placeholders("Hej ((first_name))"));
        assert!(!has_placeholders("Hej :(( ((a(b))"));
    }

    #[test]
    fn written_forms() {
        for p in Placeholder::ALL {
            assert_eq!(check(&p.written()), Ok(()));
            assert_eq!(Placeholder::parse(p.as_str()), Some(p));
        }
        assert_eq!(Placeholder::FirstName.written(), "((first_name))");
    }
}
