//! The result as CSV for Polish spreadsheets (council.md § Contract details).

use crate::api::council::PollResult;

/// Byte order mark: tells Excel the file is UTF-8, otherwise Polish letters are garbled.
const BOM: &str = "\u{feff}";
/// The header row.
const HEADER: &str = "user_id;name;choice;receipt";

/// CSV: UTF-8 BOM, `;`, header `user_id;name;choice;receipt`, one row per entitled voter.
///
/// Open polls list the named list (empty `choice` and `receipt` for a member who did not
/// vote); secret polls list the voters with both empty (who voted, never how). `;` is the
/// separator Polish spreadsheets expect (`,` is the decimal mark). Lines end in LF, which
/// every spreadsheet reads, so the file diffs cleanly in version control and matches the
/// rest of the API's text. Fields are defused against formula injection and quoted as
/// needed (see [`field`]).
pub fn result_csv(result: &PollResult) -> String {
    let mut out = String::with_capacity(64 + 64 * result.entitled as usize);
    out.push_str(BOM);
    out.push_str(HEADER);
    out.push('\n');
    let rows: Vec<[&str; 4]> = match (&result.named_list, &result.voters) {
        (Some(list), _) => list
            .iter()
            .map(|v| {
                [
                    v.user_id.as_str(),
                    v.name.as_str(),
                    v.choice.map(|c| c.as_str()).unwrap_or(""),
                    v.receipt.as_deref().unwrap_or(""),
                ]
            })
            .collect(),
        (None, Some(voters)) => voters
            .iter()
            .map(|v| [v.user_id.as_str(), v.name.as_str(), "", ""])
            .collect(),
        (None, None) => Vec::new(),
    };
    for row in rows {
        let fields: Vec<String> = row.iter().map(|f| field(f)).collect();
        out.push_str(&fields.join(";"));
        out.push('\n');
    }
    out
}

/// One CSV field.
///
/// A field a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, or a tab
/// or CR that some spreadsheets skip before one) gets a leading `'`, which spreadsheets
/// treat as "this is text" — a councillor's name must never become
/// `=HYPERLINK("http://evil", …)` on a clerk's machine (OWASP "CSV injection"). Then a field
/// containing `;`, `"`, CR or LF is quoted with `"` doubled inside (RFC 4180).
fn field(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if defused.contains([';', '"', '\r', '\n']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::council::export::result::tests::{open_result, secret_result};

    #[test]
    fn fields_are_quoted_and_defused() {
        let cases = [
            ("Jan Nowak", "Jan Nowak"),
            ("", ""),
            ("Nowak; Jan", "\"Nowak; Jan\""),
            ("Jan \"Kowal\" Nowak", "\"Jan \"\"Kowal\"\" Nowak\""),
            ("Jan\nNowak", "\"Jan\nNowak\""),
            ("Jan\r\nNowak", "\"Jan\r\nNowak\""),
            ("=1+1", "'=1+1"),
            ("+48 600", "'+48 600"),
            ("-5", "'-5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            (
                "=HYPERLINK(\"x\";\"y\")",
                "\"'=HYPERLINK(\"\"x\"\";\"\"y\"\")\"",
            ),
            ("Anna-Maria", "Anna-Maria"),
            ("Łucja Żółć", "Łucja Żółć"),
        ];
        for (input, expected) in cases {
            assert_eq!(field(input), expected, "{input:?}");
        }
    }

    #[test]
    fn open_poll_lists_every_entitled_voter() {
        let csv = result_csv(&open_result());
        assert_eq!(
            csv,
            "\u{feff}user_id;name;choice;receipt\n\
             u1;Anna Kowalska;for;ABCDEFGH12\n\
             u2;\"Nowak; Jan\";against;ZZZZZZZZZZ\n\
             u3;'=cmd|' /C calc'!A0;;\n"
        );
    }

    #[test]
    fn secret_poll_never_shows_choices() {
        let csv = result_csv(&secret_result());
        assert_eq!(
            csv,
            "\u{feff}user_id;name;choice;receipt\nu1;Anna Kowalska;;\nu2;Jan Nowak;;\n"
        );
        assert!(!csv.contains("for") && !csv.contains("against"));
    }
}
