//! Agenda attachments: the stored file name from an `X-Filename` header, the PDF check and
//! the download's `Content-Disposition`.

use crate::validate::limits::FILENAME_MAX;
use crate::validate::Invalid;

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

/// The last path part of an `X-Filename` header, percent-decoded, without control characters,
/// quotes and backslashes (they would break `Content-Disposition`), trimmed. Shared by the
/// council's and the chat's attachment names.
pub fn header_basename(header: Option<&str>) -> String {
    let decoded = percent_decode_header(header.unwrap_or(""));
    let base = decoded.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"' && *c != '\\')
        .collect();
    cleaned.trim().to_owned()
}

/// The stored name of an uploaded file from its `X-Filename` header: percent-decoded, any
/// directory part dropped (`C:\…\a.pdf`, `../a.pdf`), control characters, quotes and
/// backslashes removed (they would break `Content-Disposition`), leading dots removed (no
/// hidden files on a member's disk), at most [`FILENAME_MAX`] characters, ending in `.pdf`.
/// Nothing left → `required`.
pub fn filename(header: Option<&str>) -> Result<String, Invalid> {
    let cleaned = header_basename(header);
    let cleaned = cleaned.as_str();
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
        return Err(Invalid::required());
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
            assert_eq!(filename(Some(raw)).as_deref(), Ok(expected), "{raw}");
        }
        for raw in ["", "   ", ".pdf", "dir/", "%0A%0D", "...", "\"\""] {
            assert_eq!(filename(Some(raw)), Err(Invalid::required()), "{raw:?}");
        }
        assert!(filename(None).is_err());
        let long = filename(Some(&"ż".repeat(500))).unwrap_or_default();
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
