//! Chat attachments: the file's content must be what its `Content-Type` says (a browser
//! given `image/png` that is really HTML must never get the chance to render it), and the
//! stored name from `X-Filename`.

use crate::api::chat::AttachmentType;
use crate::council::attachment::header_basename;
use crate::file_signature::FileSignature;
use crate::validate::limits::FILENAME_MAX;
use crate::validate::Invalid;

/// The content does not match its declared type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentRefusal {
    /// Declared a PDF, is not one: 422 `not_a_pdf`.
    NotAPdf,
    /// Declared an image, is not that image: 422 `not_an_image`.
    NotAnImage,
}

impl ContentRefusal {
    /// The problem `code`.
    pub const fn code(self) -> &'static str {
        match self {
            ContentRefusal::NotAPdf => "not_a_pdf",
            ContentRefusal::NotAnImage => "not_an_image",
        }
    }
}

/// Whether `body` starts with the signature of `declared` (PDF `%PDF-`, PNG's eight bytes,
/// JPEG's SOI marker, WebP's `RIFF….WEBP`).
pub fn check_content(declared: AttachmentType, body: &[u8]) -> Result<(), ContentRefusal> {
    let signature = match declared {
        AttachmentType::Pdf => FileSignature::Pdf,
        AttachmentType::Png => FileSignature::Png,
        AttachmentType::Jpeg => FileSignature::Jpeg,
        AttachmentType::Webp => FileSignature::Webp,
    };
    let ok = signature.matches(body);
    match (ok, declared.is_image()) {
        (true, _) => Ok(()),
        (false, false) => Err(ContentRefusal::NotAPdf),
        (false, true) => Err(ContentRefusal::NotAnImage),
    }
}

/// The stored name from `X-Filename`: the council's cleaning (no directories, control
/// characters, quotes), leading dots removed, at most [`FILENAME_MAX`] characters keeping the
/// extension. Nothing left → `required`.
pub fn filename(header: Option<&str>) -> Result<String, Invalid> {
    let cleaned = header_basename(header);
    let name = cleaned.trim_start_matches('.').trim_start();
    if name.is_empty() {
        return Err(Invalid::required());
    }
    if name.chars().count() <= FILENAME_MAX {
        return Ok(name.to_owned());
    }
    // Too long: shorten the stem, keep a short extension (`.pdf`, `.jpeg`).
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.chars().count() <= 5 => (stem, ext),
        _ => (name, ""),
    };
    let room = FILENAME_MAX
        - if ext.is_empty() {
            0
        } else {
            ext.chars().count() + 1
        };
    let stem: String = stem.chars().take(room).collect();
    let stem = stem.trim_end();
    Ok(if ext.is_empty() {
        stem.to_owned()
    } else {
        format!("{stem}.{ext}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use AttachmentType::{Jpeg, Pdf, Png, Webp};

    #[test]
    fn content_must_match_the_declared_type() {
        let pdf = b"%PDF-1.7\n".as_slice();
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".as_slice();
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        let webp = b"RIFF\x24\0\0\0WEBPVP8 ".as_slice();
        let html = b"<html><script>alert(1)</script>".as_slice();
        let cases: [(AttachmentType, &[u8], Result<(), ContentRefusal>); 12] = [
            (Pdf, pdf, Ok(())),
            (Png, png, Ok(())),
            (Jpeg, &jpeg, Ok(())),
            (Webp, webp, Ok(())),
            (Pdf, png, Err(ContentRefusal::NotAPdf)),
            (Pdf, html, Err(ContentRefusal::NotAPdf)),
            (Png, pdf, Err(ContentRefusal::NotAnImage)),
            (Png, html, Err(ContentRefusal::NotAnImage)),
            (Jpeg, png, Err(ContentRefusal::NotAnImage)),
            (
                Webp,
                b"RIFF\x24\0\0\0WAVEfmt ",
                Err(ContentRefusal::NotAnImage),
            ),
            (Webp, b"RIFF", Err(ContentRefusal::NotAnImage)),
            (Pdf, b"", Err(ContentRefusal::NotAPdf)),
        ];
        for (declared, body, expected) in cases {
            assert_eq!(
                check_content(declared, body),
                expected,
                "{declared} {body:?}"
            );
        }
        assert_eq!(ContentRefusal::NotAPdf.code(), "not_a_pdf");
        assert_eq!(ContentRefusal::NotAnImage.code(), "not_an_image");
    }

    #[test]
    fn names_are_cleaned_and_keep_their_extension() {
        let cases = [
            ("zdjecie.jpg", "zdjecie.jpg"),
            ("Zdj%C4%99cie%201.png", "Zdjęcie 1.png"),
            ("../../etc/passwd", "passwd"),
            (".ukryty.webp", "ukryty.webp"),
            ("a\"b\r\n.pdf", "ab.pdf"),
        ];
        for (raw, expected) in cases {
            assert_eq!(filename(Some(raw)).as_deref(), Ok(expected), "{raw}");
        }
        for raw in ["", "  ", "...", "dir/"] {
            assert_eq!(filename(Some(raw)), Err(Invalid::required()), "{raw:?}");
        }
        let long = filename(Some(&format!("{}.jpeg", "ż".repeat(500)))).unwrap_or_default();
        assert_eq!(long.chars().count(), FILENAME_MAX);
        assert!(long.ends_with(".jpeg"));
    }
}
