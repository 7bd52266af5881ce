//! Field rules for the meeting, agenda and attachment bodies (422 `validation_failed` naming
//! the field). Pure: tested natively.

use ratusz_domain::api::council::SpeakingLimits;
use ratusz_platform::ApiError;
use std::collections::HashSet;

/// Longest title of a meeting.
pub const TITLE_MAX: usize = 200;
/// Longest meeting number (`"XII"`, `"LXXIV/2026"`).
pub const NUMBER_MAX: usize = 20;
/// Longest place.
pub const LOCATION_MAX: usize = 200;
/// Longest video-room link.
pub const URL_MAX: usize = 500;
/// Largest statutory composition (the biggest Polish council, Warsaw's, has 60 seats; 1000
/// leaves room for any assembly without letting a typo build a huge meeting).
pub const STATUTORY_MAX: u32 = 1000;
/// Longest agenda item title.
pub const ITEM_TITLE_MAX: usize = 300;
/// Longest agenda item description.
pub const ITEM_DESCRIPTION_MAX: usize = 5000;
/// Longest attachment file name (with the `.pdf` suffix).
pub const FILENAME_MAX: usize = 200;
/// Longest speaking limit, one hour.
pub const LIMIT_MAX_S: u32 = 3600;

fn required(field: &str) -> ApiError {
    ApiError::invalid_field(field, "Pole jest wymagane. / This field is required.")
}

/// A required single-line text of 1..=`max` characters, trimmed.
pub fn text(field: &str, value: &str, max: usize) -> Result<String, ApiError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(required(field));
    }
    if v.chars().count() > max || v.chars().any(char::is_control) {
        return Err(ApiError::invalid_field(
            field,
            format!(
                "Najwyżej {max} znaków, bez znaków sterujących. / At most {max} characters, no control characters."
            ),
        ));
    }
    Ok(v.to_owned())
}

/// An optional free text (may span lines) of up to `max` characters; blank → none.
pub fn optional_long_text(
    field: &str,
    value: Option<&str>,
    max: usize,
) -> Result<Option<String>, ApiError> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let bad_control = v
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t');
    if v.chars().count() > max || bad_control {
        return Err(ApiError::invalid_field(
            field,
            format!("Najwyżej {max} znaków. / At most {max} characters."),
        ));
    }
    Ok(Some(v.to_owned()))
}

/// The video room: an `https://` link with a host, no spaces; blank → none.
///
/// Only `https` so a tablet never opens a `javascript:` or plain-text link from the meeting.
pub fn video_url(field: &str, value: Option<&str>) -> Result<Option<String>, ApiError> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let host = v
        .get(..8)
        .filter(|scheme| scheme.eq_ignore_ascii_case("https://"))
        .and_then(|_| v.get(8..))
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or(""));
    let valid = host.is_some_and(|h| !h.is_empty())
        && v.chars().count() <= URL_MAX
        && !v.chars().any(|c| c.is_whitespace() || c.is_control());
    if !valid {
        return Err(ApiError::invalid_field(
            field,
            format!(
                "Podaj adres https:// (najwyżej {URL_MAX} znaków). / Give an https:// link (at most {URL_MAX} characters)."
            ),
        ));
    }
    Ok(Some(v.to_owned()))
}

/// The statutory composition, 1..=[`STATUTORY_MAX`].
pub fn statutory(field: &str, value: u32) -> Result<u32, ApiError> {
    if (1..=STATUTORY_MAX).contains(&value) {
        Ok(value)
    } else {
        Err(ApiError::invalid_field(
            field,
            format!("Od 1 do {STATUTORY_MAX}. / From 1 to {STATUTORY_MAX}."),
        ))
    }
}

/// Speaking limits: each 1..=[`LIMIT_MAX_S`] seconds.
pub fn limits(field: &str, value: SpeakingLimits) -> Result<SpeakingLimits, ApiError> {
    for (name, s) in [
        ("normal", value.normal),
        ("ad_vocem", value.ad_vocem),
        ("formal_motion", value.formal_motion),
    ] {
        if !(1..=LIMIT_MAX_S).contains(&s) {
            return Err(ApiError::invalid_field(
                &format!("{field}.{name}"),
                format!("Od 1 do {LIMIT_MAX_S} sekund. / From 1 to {LIMIT_MAX_S} seconds."),
            ));
        }
    }
    Ok(value)
}

/// The member list: ids trimmed, no blanks, no duplicates, at most `statutory` of them.
/// (Whether the accounts exist and are active is the handler's database check.)
pub fn member_ids(field: &str, ids: &[String], statutory: u32) -> Result<Vec<String>, ApiError> {
    let mut seen = HashSet::new();
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let id = id.trim();
        if id.is_empty() || id.chars().count() > 64 {
            return Err(ApiError::invalid_field(
                field,
                "Nieprawidłowy identyfikator. / Invalid account id.",
            ));
        }
        if !seen.insert(id.to_owned()) {
            return Err(ApiError::invalid_field(
                field,
                "Każdy członek może wystąpić tylko raz. / Each member may appear only once.",
            ));
        }
        out.push(id.to_owned());
    }
    if out.len() > statutory as usize {
        return Err(ApiError::invalid_field(
            field,
            "Członków jest więcej niż ustawowy skład. / More members than the statutory composition.",
        ));
    }
    Ok(out)
}

/// Whether `given` lists every id of `existing` exactly once (in any order).
pub fn is_permutation(existing: &[String], given: &[String]) -> bool {
    if existing.len() != given.len() {
        return false;
    }
    let wanted: HashSet<&str> = existing.iter().map(String::as_str).collect();
    let mut seen = HashSet::new();
    given
        .iter()
        .all(|id| wanted.contains(id.as_str()) && seen.insert(id.as_str()))
}

/// Whether `body` looks like a PDF: every PDF starts with the `%PDF-` header. A file that
/// does not is refused rather than served as `application/pdf` to members.
pub fn is_pdf(body: &[u8]) -> bool {
    body.starts_with(b"%PDF-")
}

/// Percent-decodes a header value as UTF-8. Unlike a query string, `+` stays a plus
/// (`uchwała+załącznik.pdf`). A malformed escape is kept as it is.
pub fn percent_decode_header(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let escaped = if b == b'%' {
            bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        } else {
            None
        };
        match escaped {
            Some(decoded) => {
                out.push(decoded);
                i += 3;
            }
            None => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The stored name of an uploaded file from its `X-Filename` header: percent-decoded, any
/// directory part dropped (`C:\…\a.pdf`, `../a.pdf`), control characters, quotes and
/// backslashes removed (they would break `Content-Disposition`), leading dots removed (no
/// hidden files on a member's disk), at most [`FILENAME_MAX`] characters, ending in `.pdf`.
pub fn filename(field: &str, header: Option<&str>) -> Result<String, ApiError> {
    let decoded = percent_decode_header(header.unwrap_or(""));
    let base = decoded.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"' && *c != '\\')
        .collect();
    let cleaned = cleaned.trim();
    let stem = match cleaned.len().checked_sub(4) {
        Some(cut)
            if cleaned.is_char_boundary(cut) && cleaned[cut..].eq_ignore_ascii_case(".pdf") =>
        {
            &cleaned[..cut]
        }
        _ => cleaned,
    };
    let stem = stem.trim_start_matches('.').trim_start();
    let stem: String = stem.chars().take(FILENAME_MAX - 4).collect();
    let stem = stem.trim_end();
    if stem.is_empty() {
        return Err(ApiError::invalid_field(
            field,
            "Podaj nazwę pliku w nagłówku X-Filename. / Give the file name in the X-Filename header.",
        ));
    }
    Ok(format!("{stem}.pdf"))
}

/// `Content-Disposition: attachment` for `name`: an ASCII `filename` fallback (other
/// characters as `_`) and the exact name as RFC 8187 `filename*=UTF-8''…`.
pub fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() && c != '"' && c != '\\' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::with_capacity(name.len() * 3);
    for b in name.bytes() {
        // RFC 8187 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~".
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field_of(e: ApiError) -> String {
        match e {
            ApiError::Validation { errors } => errors.keys().cloned().collect::<Vec<_>>().join(","),
            other => panic!("not a validation error: {other:?}"),
        }
    }

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(text("title", "  Sesja  ", 10).unwrap(), "Sesja");
        assert_eq!(field_of(text("title", "   ", 10).unwrap_err()), "title");
        assert!(text("title", &"ą".repeat(10), 10).is_ok());
        assert!(text("title", &"ą".repeat(11), 10).is_err());
        assert!(text("title", "a\nb", 10).is_err());
        assert_eq!(optional_long_text("d", Some("  "), 5).unwrap(), None);
        assert_eq!(
            optional_long_text("d", Some("a\nb"), 5).unwrap().as_deref(),
            Some("a\nb")
        );
        assert!(optional_long_text("d", Some("123456"), 5).is_err());
        assert!(optional_long_text("d", Some("a\u{7}b"), 5).is_err());
    }

    #[test]
    fn video_links_must_be_https() {
        let cases = [
            ("https://meet.jit.si/ratusz", true),
            ("HTTPS://meet.jit.si", true),
            ("https://", false),
            ("https:///path", false),
            ("http://meet.jit.si/ratusz", false),
            ("javascript:alert(1)", false),
            ("https://meet.jit.si/a b", false),
            ("meet.jit.si", false),
        ];
        for (url, ok) in cases {
            assert_eq!(video_url("video_url", Some(url)).is_ok(), ok, "{url}");
        }
        assert_eq!(video_url("video_url", Some("")).unwrap(), None);
        assert_eq!(video_url("video_url", None).unwrap(), None);
        let long = format!("https://x/{}", "a".repeat(URL_MAX));
        assert!(video_url("video_url", Some(&long)).is_err());
    }

    #[test]
    fn statutory_and_limits_are_bounded() {
        assert!(statutory("s", 0).is_err());
        assert!(statutory("s", 1).is_ok());
        assert!(statutory("s", 1000).is_ok());
        assert!(statutory("s", 1001).is_err());
        assert!(limits("l", SpeakingLimits::default()).is_ok());
        let bad = SpeakingLimits {
            ad_vocem: 0,
            ..SpeakingLimits::default()
        };
        assert_eq!(
            field_of(limits("speaking_limits", bad).unwrap_err()),
            "speaking_limits.ad_vocem"
        );
    }

    #[test]
    fn members_are_unique_and_fit_the_composition() {
        let ids = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            member_ids("m", &ids(&[" a ", "b"]), 2).unwrap(),
            ids(&["a", "b"])
        );
        assert!(member_ids("m", &ids(&["a", "a"]), 5).is_err());
        assert!(member_ids("m", &ids(&["a", ""]), 5).is_err());
        assert!(member_ids("m", &ids(&["a", "b", "c"]), 2).is_err());
        assert!(member_ids("m", &[], 2).unwrap().is_empty());
    }

    #[test]
    fn an_order_must_be_a_permutation() {
        let ids = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let items = ids(&["a", "b", "c"]);
        assert!(is_permutation(&items, &ids(&["c", "a", "b"])));
        assert!(!is_permutation(&items, &ids(&["a", "b"])));
        assert!(!is_permutation(&items, &ids(&["a", "a", "b"])));
        assert!(!is_permutation(&items, &ids(&["a", "b", "x"])));
        assert!(!is_permutation(&items, &ids(&["a", "b", "c", "c"])));
        assert!(is_permutation(&[], &[]));
    }

    #[test]
    fn only_pdf_headers_pass() {
        assert!(is_pdf(b"%PDF-1.7\n..."));
        assert!(!is_pdf(b"<html>"));
        assert!(!is_pdf(b"%PD"));
        assert!(!is_pdf(b""));
    }

    #[test]
    fn file_names_are_sanitised() {
        let cases = [
            ("projekt-uchwaly.pdf", "projekt-uchwaly.pdf"),
            ("Uchwa%C5%82a%20nr%2012.pdf", "Uchwała nr 12.pdf"),
            ("a+b.PDF", "a+b.pdf"),
            ("notatka", "notatka.pdf"),
            ("notatka.txt", "notatka.txt.pdf"),
            ("../../etc/passwd", "passwd.pdf"),
            ("C:\\Users\\rada\\plan.pdf", "plan.pdf"),
            ("..%2F..%2Fsecret.pdf", "secret.pdf"),
            (".ukryty.pdf", "ukryty.pdf"),
            ("zły\"cudzysłów\r\n.pdf", "złycudzysłów.pdf"),
            ("%ZZ.pdf", "%ZZ.pdf"),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                filename("X-Filename", Some(raw)).unwrap(),
                expected,
                "{raw}"
            );
        }
        for raw in ["", "   ", ".pdf", "dir/", "%0A%0D", "...", "\"\""] {
            assert_eq!(
                field_of(filename("X-Filename", Some(raw)).unwrap_err()),
                "X-Filename",
                "{raw:?}"
            );
        }
        assert!(filename("X-Filename", None).is_err());
        let long = filename("X-Filename", Some(&"ż".repeat(500))).unwrap();
        assert_eq!(long.chars().count(), FILENAME_MAX);
        assert!(long.ends_with(".pdf"));
    }

    #[test]
    fn content_disposition_has_an_ascii_fallback_and_the_utf8_name() {
        assert_eq!(
            content_disposition("Uchwała nr 12.pdf"),
            "attachment; filename=\"Uchwa_a nr 12.pdf\"; filename*=UTF-8''Uchwa%C5%82a%20nr%2012.pdf"
        );
        assert_eq!(
            content_disposition("a.pdf"),
            "attachment; filename=\"a.pdf\"; filename*=UTF-8''a.pdf"
        );
    }
}
