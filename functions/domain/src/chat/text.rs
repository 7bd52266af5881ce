//! A message's text: the Markdown source as written, within the limits, and the excerpt a
//! reply shows of the message it answers.

use super::mentions;
use crate::validate::limits::CHAT_TEXT_MAX;
use crate::validate::{FieldCode, Invalid};

/// Characters of a reply's excerpt of the answered message.
pub const EXCERPT_CHARS: usize = 120;

/// The text to store: not blank, at most [`CHAT_TEXT_MAX`] characters, no control characters
/// but line breaks and tabs. Trailing whitespace and leading blank lines go; leading spaces of
/// the first line stay (four of them start a code block).
pub fn message_text(value: &str) -> Result<String, Invalid> {
    let v = value.trim_end().trim_start_matches(['\n', '\r']);
    if v.trim().is_empty() {
        return Err(Invalid::required());
    }
    // Counted without the blanks around it, as every long text of the API (the published
    // pattern is `validate::schema::long_text`).
    if v.trim().chars().count() > CHAT_TEXT_MAX {
        return Err(Invalid::too_long(CHAT_TEXT_MAX));
    }
    if v.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(Invalid::new(FieldCode::ControlCharacters));
    }
    Ok(v.to_owned())
}

/// The start of `text` as one line: mentions shown as `@Name`, whitespace runs as one space,
/// at most [`EXCERPT_CHARS`] characters (with `…` when cut).
pub fn excerpt(text: &str) -> String {
    let plain = mentions::display(text);
    let words: Vec<&str> = plain.split_whitespace().collect();
    let line = words.join(" ");
    if line.chars().count() <= EXCERPT_CHARS {
        return line;
    }
    let cut: String = line.chars().take(EXCERPT_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_table() {
        let long_ok = "a".repeat(CHAT_TEXT_MAX);
        let too_long = "ą".repeat(CHAT_TEXT_MAX + 1);
        let cases: [(&str, Result<&str, FieldCode>); 9] = [
            ("Dzień dobry", Ok("Dzień dobry")),
            ("  \n\t ", Err(FieldCode::Required)),
            ("", Err(FieldCode::Required)),
            ("\n\n    kod\n", Ok("    kod")),
            ("linia 1\nlinia 2  \n", Ok("linia 1\nlinia 2")),
            ("a\u{0}b", Err(FieldCode::ControlCharacters)),
            ("a\u{1b}[31m", Err(FieldCode::ControlCharacters)),
            (long_ok.as_str(), Ok(long_ok.as_str())),
            (too_long.as_str(), Err(FieldCode::TooLong)),
        ];
        for (input, expected) in cases {
            let got = message_text(input).map_err(|e| e.code);
            assert_eq!(got.as_deref().map_err(|c| *c), expected, "{input:?}");
        }
    }

    #[test]
    fn excerpt_is_one_short_line_with_names() {
        assert_eq!(
            excerpt("Cześć @[Anna Nowak](user:01ABC)!\n\nJutro   o 10"),
            "Cześć @Anna Nowak! Jutro o 10"
        );
        let long = "słowo ".repeat(100);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), EXCERPT_CHARS);
        assert!(cut.ends_with('…'));
    }
}
