//! Shared pieces of the printable pages: escaping, the page frame with its inline CSS,
//! Polish labels and Polish civil time.

use crate::accounts::local_time::{format_pl, warsaw_offset_s};
use crate::api::council::{AttendanceMode, Choice, FloorKind, PollKind};
use crate::time::Timestamp;

/// Escapes text for HTML element content and quoted attribute values.
///
/// Every string that comes from data goes through here: a councillor named
/// `<script>…</script>` must print as text on the BIP page, not run in readers' browsers.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Inline CSS: no external resources, so the page prints and archives as one file (BIP
/// pages are saved and printed), readable at 200 % zoom, black on white when printed.
const CSS: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;line-height:1.5;\
color:#111;background:#fff;margin:0 auto;max-width:60rem;padding:1rem}\
h1{font-size:1.6rem;margin:0 0 .5rem}h2{font-size:1.3rem;margin-top:2rem}h3{font-size:1.1rem}\
.meeting{display:block;font-size:1rem;font-weight:normal;color:#333}\
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}\
caption{text-align:left;font-weight:bold;padding:.25rem 0}\
th,td{border:1px solid #555;padding:.25rem .5rem;text-align:left;vertical-align:top}\
th{background:#eee}td.num{text-align:right;font-variant-numeric:tabular-nums}\
.outcome{font-size:1.3rem;font-weight:bold;padding:.5rem;border:2px solid}\
.passed{border-color:#0a5c2b}.failed{border-color:#8b1a1a}\
.notice{border-left:4px solid #555;padding:.25rem .75rem;background:#f5f5f5}\
code{font-family:ui-monospace,Consolas,monospace;word-break:break-all}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:bold}dd{margin:0}\
@media print{body{max-width:none;padding:0;font-size:11pt}th{background:none}\
.notice{background:none}h2,h3{break-after:avoid}tr{break-inside:avoid}a{color:#000}}";

/// A complete Polish HTML document with `title` (escaped here) and `body` (already HTML).
pub(super) fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"pl\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}</main>\n\
         </body>\n</html>\n",
        escape_html(title)
    )
}

/// `23.11.2026, godz. 10:04` in Polish time.
pub(super) fn date_time(at: Timestamp) -> String {
    format_pl(at)
}

/// `10:04:35` in Polish time (the minutes record speeches to the second).
pub(super) fn clock(at: Timestamp) -> String {
    let local = at.plus_seconds(warsaw_offset_s(at)).to_rfc3339();
    local.get(11..19).unwrap_or("").to_owned()
}

/// How a vote is shown in a named list (the words on the tablet's buttons).
pub(super) fn choice_pl(choice: Option<Choice>) -> &'static str {
    match choice {
        Some(Choice::For) => "ZA",
        Some(Choice::Against) => "PRZECIW",
        Some(Choice::Abstain) => "WSTRZYMUJĘ SIĘ",
        None => "nie głosował(a)",
    }
}

/// "jawne" / "tajne".
pub(super) fn poll_kind_pl(kind: PollKind) -> &'static str {
    match kind {
        PollKind::Open => "jawne (imienne)",
        PollKind::Secret => "tajne",
    }
}

/// Attendance in the minutes.
pub(super) fn mode_pl(mode: AttendanceMode) -> &'static str {
    match mode {
        AttendanceMode::InPerson => "obecny(a) na sali",
        AttendanceMode::Remote => "obecny(a) zdalnie",
        AttendanceMode::Absent => "nieobecny(a)",
    }
}

/// A kind of speech in the minutes.
pub(super) fn floor_kind_pl(kind: FloorKind) -> &'static str {
    match kind {
        FloorKind::Normal => "wystąpienie",
        FloorKind::AdVocem => "ad vocem",
        FloorKind::FormalMotion => "wniosek formalny",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_special_character() {
        let cases = [
            ("Jan Nowak", "Jan Nowak"),
            (
                "<script>alert('x')</script>",
                "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
            ),
            ("a & b", "a &amp; b"),
            ("\"q\"", "&quot;q&quot;"),
            ("&amp;", "&amp;amp;"),
            ("Żółć", "Żółć"),
        ];
        for (input, expected) in cases {
            assert_eq!(escape_html(input), expected);
        }
    }

    #[test]
    fn page_is_polish_escaped_and_printable() {
        let html = page("<b>Tytuł</b>", "<p>x</p>\n");
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("<html lang=\"pl\">"));
        assert!(html.contains("<title>&lt;b&gt;Tytuł&lt;/b&gt;</title>"));
        assert!(html.contains("@media print"));
        assert!(html.contains("<main>\n<p>x</p>\n</main>"));
    }

    #[test]
    fn clock_is_polish_time_to_the_second() {
        let cases = [
            ("2026-11-23T09:04:35Z", "10:04:35"),
            ("2026-07-01T22:30:05Z", "00:30:05"),
            ("2026-03-29T00:59:59Z", "01:59:59"),
            ("2026-03-29T01:00:00Z", "03:00:00"),
        ];
        for (utc, local) in cases {
            let at = Timestamp::parse_rfc3339(utc).unwrap();
            assert_eq!(clock(at), local, "{utc}");
        }
    }
}
