//! How long an SMS is (docs/api/notifications-messages.md § preview): which alphabet it needs
//! and how many segments a gateway will send and bill.
//!
//! GSM-7 (3GPP TS 23.038, the "GSM 03.38" default alphabet) fits 160 septets in one SMS and 153
//! per segment of a longer one (the concatenation header takes the rest); the extension table's
//! characters (`^ { } \ [ ~ ] | €` and form feed) are an escape plus a character, two septets.
//! Any character outside both tables (Polish ą ć ę ł ń ó ś ź ż among them) makes the whole text
//! UCS-2: 70 UTF-16 code units in one SMS, 67 per segment; a character outside the BMP (an
//! emoji) is a surrogate pair, two units.
//!
//! Senders never split an escape sequence or a surrogate pair across two segments (the halves
//! alone would be garbage on the phone), so a segment ends one unit early when such a pair
//! would straddle its end. That can add a segment — 152 plain characters, `€`, 152 more are
//! 306 septets, two segments by division but three as sent — so segments are counted by
//! packing, not by dividing.

use serde::{Deserialize, Serialize};

/// The alphabet an SMS is sent in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SmsEncoding {
    /// The GSM 7-bit default alphabet with its extension table.
    Gsm7,
    /// UCS-2 (in practice UTF-16): any character GSM-7 lacks.
    Ucs2,
}

crate::wire_names!(SmsEncoding {
    Gsm7 = "gsm7",
    Ucs2 = "ucs2",
});

impl SmsEncoding {
    /// Units one SMS holds on its own.
    pub const fn single_capacity(self) -> u32 {
        match self {
            SmsEncoding::Gsm7 => 160,
            SmsEncoding::Ucs2 => 70,
        }
    }

    /// Units each segment of a concatenated SMS holds.
    pub const fn segment_capacity(self) -> u32 {
        match self {
            SmsEncoding::Gsm7 => 153,
            SmsEncoding::Ucs2 => 67,
        }
    }
}

/// What a text costs as an SMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SmsMeasure {
    /// The alphabet it needs.
    pub encoding: SmsEncoding,
    /// Its length in the encoding's units: septets for GSM-7 (extension characters count two),
    /// UTF-16 code units for UCS-2.
    pub characters: u32,
    /// Segments sent (at least one: an empty SMS is still one message).
    pub segments: u32,
}

/// The GSM 03.38 default alphabet (one septet each), in table order.
const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/// The extension table's characters (an escape plus one septet each).
const GSM7_EXTENSION: &str = "\u{0C}^{}\\[~]|€";

/// Septets `c` takes in GSM-7, `None` when GSM-7 cannot carry it.
fn gsm7_septets(c: char) -> Option<u32> {
    if GSM7_BASIC.contains(c) {
        Some(1)
    } else if GSM7_EXTENSION.contains(c) {
        Some(2)
    } else {
        None
    }
}

/// The encoding `text` needs: GSM-7 when every character is in its tables, else UCS-2.
pub fn encoding(text: &str) -> SmsEncoding {
    encoding_of(&[text])
}

/// The encoding of the text made of `parts` one after another.
fn encoding_of(parts: &[&str]) -> SmsEncoding {
    let gsm7 = parts
        .iter()
        .all(|part| part.chars().all(|c| gsm7_septets(c).is_some()));
    if gsm7 {
        SmsEncoding::Gsm7
    } else {
        SmsEncoding::Ucs2
    }
}

/// Units `c` takes in `encoding` (an unencodable character in GSM-7 never reaches here:
/// [`encoding`] chose UCS-2 then; counted as one to stay total).
fn units(c: char, encoding: SmsEncoding) -> u32 {
    match encoding {
        SmsEncoding::Gsm7 => gsm7_septets(c).unwrap_or(1),
        // len_utf16 is 1 or 2.
        SmsEncoding::Ucs2 => c.len_utf16() as u32,
    }
}

/// Measures `text` as one SMS: encoding, length and segments.
pub fn measure(text: &str) -> SmsMeasure {
    measure_parts(&[text])
}

/// Measures the text made of `parts` one after another (a filled template's pieces, without
/// joining them into a new string for every recipient).
pub fn measure_parts(parts: &[&str]) -> SmsMeasure {
    let encoding = encoding_of(parts);
    let chars = || parts.iter().flat_map(|part| part.chars());
    let characters = chars().map(|c| units(c, encoding)).sum::<u32>();
    let segments = if characters <= encoding.single_capacity() {
        1
    } else {
        packed_segments(chars(), encoding)
    };
    SmsMeasure {
        encoding,
        characters,
        segments,
    }
}

/// Segments of a concatenated SMS: characters packed in order, a character that does not fit
/// whole (an escape sequence, a surrogate pair) starting the next segment.
fn packed_segments(chars: impl Iterator<Item = char>, encoding: SmsEncoding) -> u32 {
    let capacity = encoding.segment_capacity();
    let mut segments = 1;
    let mut used = 0;
    for c in chars {
        let w = units(c, encoding);
        if used + w > capacity {
            segments += 1;
            used = 0;
        }
        used += w;
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;
    use SmsEncoding::{Gsm7, Ucs2};

    fn m(encoding: SmsEncoding, characters: u32, segments: u32) -> SmsMeasure {
        SmsMeasure {
            encoding,
            characters,
            segments,
        }
    }

    #[test]
    fn wire_names_match_serde() {
        crate::wire::assert_serde_matches(
            SmsEncoding::ALL,
            SmsEncoding::as_str,
            SmsEncoding::parse,
        );
    }

    #[test]
    fn the_tables_are_the_standards_sizes() {
        // 128 positions, one of them the escape (not a character of its own).
        assert_eq!(GSM7_BASIC.chars().count(), 127);
        assert_eq!(GSM7_EXTENSION.chars().count(), 10);
        let basic: std::collections::BTreeSet<char> = GSM7_BASIC.chars().collect();
        assert_eq!(basic.len(), 127, "no character twice");
        assert!(!GSM7_EXTENSION.chars().any(|c| basic.contains(&c)));
    }

    #[test]
    fn measures_texts() {
        let plain = |n: usize| "a".repeat(n);
        let cases: Vec<(String, SmsMeasure)> = vec![
            (String::new(), m(Gsm7, 0, 1)),
            ("Hello".into(), m(Gsm7, 5, 1)),
            ("@£$¥èéùìòÇ\n\r ÆæßÉ¡¿§Ññ".into(), m(Gsm7, 22, 1)),
            (plain(160), m(Gsm7, 160, 1)),
            (plain(161), m(Gsm7, 161, 2)),
            (plain(306), m(Gsm7, 306, 2)),
            (plain(307), m(Gsm7, 307, 3)),
            // Extension characters count two septets.
            ("€".into(), m(Gsm7, 2, 1)),
            ("^{}\\[~]|€\u{0C}".into(), m(Gsm7, 20, 1)),
            (format!("{}€", plain(158)), m(Gsm7, 160, 1)),
            (format!("{}€", plain(159)), m(Gsm7, 161, 2)),
            // An escape sequence is not split: 152 + € would end at 154 > 153.
            (format!("{}€{}", plain(152), plain(152)), m(Gsm7, 306, 3)),
            (format!("{}€{}", plain(151), plain(153)), m(Gsm7, 306, 2)),
            // Polish letters (ó too: GSM-7 has ò, not ó) force UCS-2.
            ("Zażółć gęślą jaźń".into(), m(Ucs2, 17, 1)),
            ("ó".into(), m(Ucs2, 1, 1)),
            ("ç".into(), m(Ucs2, 1, 1)),
            (format!("{}ł", plain(69)), m(Ucs2, 70, 1)),
            (format!("{}ł", plain(70)), m(Ucs2, 71, 2)),
            (format!("ł{}", plain(133)), m(Ucs2, 134, 2)),
            (format!("ł{}", plain(134)), m(Ucs2, 135, 3)),
            // In UCS-2 an extension character is one unit like any other.
            ("€ł".into(), m(Ucs2, 2, 1)),
            // Outside the BMP: a surrogate pair, two units.
            ("🙂".into(), m(Ucs2, 2, 1)),
            (format!("{}🙂", plain(68)), m(Ucs2, 70, 1)),
            (format!("{}🙂", plain(69)), m(Ucs2, 71, 2)),
            // A pair is not split: 66 + 🙂 would end at 68 > 67.
            (format!("{}🙂{}", plain(66), plain(66)), m(Ucs2, 134, 3)),
            (format!("{}🙂{}", plain(65), plain(67)), m(Ucs2, 134, 2)),
        ];
        for (text, expected) in cases {
            assert_eq!(measure(&text), expected, "{text:?}");
        }
    }

    #[test]
    fn parts_measure_as_their_concatenation() {
        let texts = [
            "Dzień dobry",
            "a€b",
            "🙂",
            "",
            "x",
            "Zebranie mieszkańców",
            "[sala]",
        ];
        for a in texts {
            for b in texts {
                for n in [0, 66, 150, 152, 159, 200] {
                    let middle = "m".repeat(n);
                    let joined = format!("{a}{middle}{b}");
                    assert_eq!(
                        measure_parts(&[a, &middle, b]),
                        measure(&joined),
                        "{joined:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn encoding_alone() {
        assert_eq!(encoding("Spotkanie o 18:00 [sala 2]"), Gsm7);
        assert_eq!(encoding("Spotkanie w środę"), Ucs2);
        assert_eq!(encoding("tab\there"), Ucs2, "a tab is not in GSM-7");
    }
}
