//! The updates cursor: the chat change number up to which a client has seen its
//! conversations. On the wire it is opaque; here it is `c` and the number in decimal, so a
//! malformed one is told apart from a number a client made up by arithmetic.

use crate::validate::limits::SEQ_CURSOR_DIGITS_MAX;

/// A position in the chat's changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct UpdatesCursor(pub i64);

/// The cursor is not one this server gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CursorError;

impl UpdatesCursor {
    /// The text a client echoes back (and the `ETag`'s content).
    pub fn format(self) -> String {
        format!("c{}", self.0)
    }

    /// Reads a cursor: `c` then 1–18 ASCII digits.
    pub fn parse(text: &str) -> Result<Self, CursorError> {
        let digits = text.strip_prefix('c').ok_or(CursorError)?;
        if digits.is_empty()
            || digits.len() > SEQ_CURSOR_DIGITS_MAX
            || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(CursorError);
        }
        digits.parse().map(UpdatesCursor).map_err(|_| CursorError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_table() {
        let cases = [
            ("c0", Ok(UpdatesCursor(0))),
            ("c42", Ok(UpdatesCursor(42))),
            (
                "c999999999999999999",
                Ok(UpdatesCursor(999_999_999_999_999_999)),
            ),
            ("c1000000000000000000", Err(CursorError)),
            ("42", Err(CursorError)),
            ("c", Err(CursorError)),
            ("c-1", Err(CursorError)),
            ("c+1", Err(CursorError)),
            ("c 1", Err(CursorError)),
            ("C1", Err(CursorError)),
            ("", Err(CursorError)),
        ];
        for (text, expected) in cases {
            assert_eq!(UpdatesCursor::parse(text), expected, "{text:?}");
        }
        assert_eq!(UpdatesCursor(7).format(), "c7");
        assert_eq!(
            UpdatesCursor::parse(&UpdatesCursor(7).format()),
            Ok(UpdatesCursor(7))
        );
    }
}
