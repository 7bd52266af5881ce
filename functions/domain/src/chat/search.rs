//! A chat search: `q` is 2–200 characters (trimmed, one line) holding at least one word; a
//! message matches when it holds every word (whole words, case- and accent-insensitive).

use super::words;
use crate::validate::limits::{CHAT_SEARCH_MAX, CHAT_SEARCH_MIN};
use crate::validate::{FieldCode, Invalid};

/// The folded, distinct words to look for.
pub fn query_words(q: &str) -> Result<Vec<String>, Invalid> {
    let v = q.trim();
    if v.chars().any(char::is_control) {
        return Err(Invalid::new(FieldCode::ControlCharacters));
    }
    let n = v.chars().count();
    if n < CHAT_SEARCH_MIN {
        return Err(Invalid::new(FieldCode::TooShort).with("min", CHAT_SEARCH_MIN));
    }
    if n > CHAT_SEARCH_MAX {
        return Err(Invalid::too_long(CHAT_SEARCH_MAX));
    }
    let found = words::words(v);
    if found.is_empty() {
        return Err(Invalid::rule("no_words"));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_table() {
        let long = "a".repeat(CHAT_SEARCH_MAX + 1);
        let cases: [(&str, Result<Vec<&str>, FieldCode>); 8] = [
            ("Budżet", Ok(vec!["budzet"])),
            ("  sesja BUDŻETOWA sesja ", Ok(vec!["sesja", "budzetowa"])),
            ("ŁÓDŹ", Ok(vec!["lodz"])),
            ("a", Err(FieldCode::TooShort)),
            ("  a  ", Err(FieldCode::TooShort)),
            ("?!", Err(FieldCode::Rule)),
            ("ab\u{7}", Err(FieldCode::ControlCharacters)),
            (long.as_str(), Err(FieldCode::TooLong)),
        ];
        for (q, expected) in cases {
            let got = query_words(q).map_err(|e| e.code);
            let expected = expected.map(|w| w.into_iter().map(str::to_owned).collect::<Vec<_>>());
            assert_eq!(got, expected, "{q:?}");
        }
    }
}
