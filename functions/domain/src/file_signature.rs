//! What a file's first bytes say it is. An upload's declared `Content-Type` is only believed
//! when its content starts with that type's signature, so a file that is really HTML (or
//! anything else a browser might render) is never stored as an image or a PDF. Shared by the
//! chat's attachments and the residents' report photos.

/// A file type the API accepts somewhere, by its signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileSignature {
    /// `%PDF-`.
    Pdf,
    /// PNG's eight bytes `\x89PNG\r\n\x1a\n`.
    Png,
    /// JPEG's start-of-image marker `FF D8 FF`.
    Jpeg,
    /// `RIFF`, four bytes of length, `WEBP`.
    Webp,
}

impl FileSignature {
    /// Whether `body` starts with this type's signature.
    pub fn matches(self, body: &[u8]) -> bool {
        match self {
            FileSignature::Pdf => body.starts_with(b"%PDF-"),
            FileSignature::Png => body.starts_with(b"\x89PNG\r\n\x1a\n"),
            FileSignature::Jpeg => body.starts_with(&[0xFF, 0xD8, 0xFF]),
            FileSignature::Webp => {
                body.len() >= 12 && body.starts_with(b"RIFF") && body.get(8..12) == Some(b"WEBP")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::FileSignature::{Jpeg, Pdf, Png, Webp};

    #[test]
    fn signatures_table() {
        let pdf = b"%PDF-1.7\n".as_slice();
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".as_slice();
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        let webp = b"RIFF\x24\0\0\0WEBPVP8 ".as_slice();
        let html = b"<html><script>alert(1)</script>".as_slice();
        let cases = [
            (Pdf, pdf, true),
            (Png, png, true),
            (Jpeg, &jpeg[..], true),
            (Webp, webp, true),
            (Jpeg, png, false),
            (Png, &jpeg[..], false),
            (Png, html, false),
            (Pdf, png, false),
            (Webp, b"RIFF\x24\0\0\0WAVEfmt ".as_slice(), false),
            (Webp, b"RIFF".as_slice(), false),
            (Jpeg, b"\xFF\xD8".as_slice(), false),
            (Png, b"".as_slice(), false),
        ];
        for (signature, body, expected) in cases {
            assert_eq!(signature.matches(body), expected, "{signature:?} {body:?}");
        }
    }
}
