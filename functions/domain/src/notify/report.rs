//! Residents' reports (zgłoszenia; docs/api/notifications-messages.md § Reports): the fields a
//! bound resident sends, the photo's type by its first bytes, the status moves staff may make
//! (one table), a reply's text and the staff queue's cursor. No I/O: `notify` loads, calls
//! these and stores (sealed under `resident_data_keys`, bound to the report id).

use crate::api::notify_reports::{
    ReportCategory, ReportInput, ReportLocation, ReportLocationInput, ReportPhotoType, ReportStatus,
};
use crate::file_signature::FileSignature;
use crate::validate::limits::{
    REPORT_DESCRIPTION_MAX, REPORT_LOCATION_DESCRIPTION_MAX, REPORT_PHOTO_MAX_BYTES,
    REPORT_REPLY_MAX,
};
use crate::validate::{self, Checks, FieldErrors, Invalid};

/// The associated data's purpose of a report's sealed columns (description, location, the
/// history's texts); the row binding is `at_rest::binding(report id, column)`.
pub const PURPOSE: &str = "notify.report";
/// The associated data's purpose of a photo's bytes (bound to the photo id: it is uploaded
/// before the report that names it).
pub const PHOTO_PURPOSE: &str = "notify.report_photo";
/// How long an uploaded photo waits for its report (ms): then the tick purges it.
pub const UNUSED_PHOTO_TTL_MS: i64 = 60 * 60 * 1000;
/// The `rule` of the 409 `conflict` a refused status move gets.
pub const STATUS_RULE: &str = "report_status";
/// The title of the message that carries a staff reply to the resident (the city writes to
/// its residents in Polish; the reply itself is the text).
pub const REPLY_TITLE: &str = "Odpowiedź na Twoje zgłoszenie";

/// A report's fields as checked, ready to seal.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedReport {
    /// What it is about.
    pub category: ReportCategory,
    /// The description, trimmed.
    pub description: String,
    /// Where, when given.
    pub location: Option<ReportLocation>,
    /// The uploaded photo's id, when given.
    pub photo_id: Option<String>,
}

/// Checks a report as a resident sends it; every refused field is named (`location.lat`).
pub fn check_report(input: &ReportInput) -> Result<CheckedReport, FieldErrors> {
    let mut checks = Checks::new();
    let description = checks.check(
        "description",
        validate::long_text(&input.description, REPORT_DESCRIPTION_MAX),
    );
    let location = match &input.location {
        None => Some(None),
        Some(given) => check_location(&mut checks, given).map(Some),
    };
    let photo_id = match input.photo_id.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(id) => checks.check("photo_id", validate::id(id)).map(Some),
    };
    let checked = match (description, location, photo_id) {
        (Some(description), Some(location), Some(photo_id)) => Some(CheckedReport {
            category: input.category,
            description,
            location,
            photo_id,
        }),
        _ => None,
    };
    checks.finish_with(checked)
}

fn check_location(checks: &mut Checks, given: &ReportLocationInput) -> Option<ReportLocation> {
    let lat = checks.check("location.lat", degrees(given.lat, 90.0));
    let lon = checks.check("location.lon", degrees(given.lon, 180.0));
    let description = checks.check(
        "location.description",
        validate::optional_text(
            given.description.as_deref(),
            REPORT_LOCATION_DESCRIPTION_MAX,
        ),
    );
    Some(ReportLocation {
        lat: lat?,
        lon: lon?,
        description: description?,
    })
}

/// Decimal degrees within ±`bound` (JSON has no NaN or infinity, but a client's float may).
fn degrees(value: f64, bound: f64) -> Result<f64, Invalid> {
    if value.is_finite() && (-bound..=bound).contains(&value) {
        Ok(value)
    } else {
        Err(Invalid::out_of_range(-bound, bound))
    }
}

/// A staff reply's text: 1–2000 characters of free text, trimmed.
pub fn check_reply(text: &str) -> Result<String, FieldErrors> {
    validate::long_text(text, REPORT_REPLY_MAX).map_err(|e| FieldErrors::one("text", e))
}

/// A status move's note: blank is none, else as a reply.
pub fn check_note(note: Option<&str>) -> Result<Option<String>, FieldErrors> {
    validate::optional_long_text(note, REPORT_REPLY_MAX).map_err(|e| FieldErrors::one("note", e))
}

/// The status moves staff may make: take up or reject a new report, finish or reject one in
/// progress, reopen a finished one. Anything else (a report moved to where it is, back to
/// `new`, straight from `new` to `resolved`) is refused: 409 `conflict` rule `report_status`.
pub const MOVES: [(ReportStatus, ReportStatus); 6] = [
    (ReportStatus::New, ReportStatus::InProgress),
    (ReportStatus::New, ReportStatus::Rejected),
    (ReportStatus::InProgress, ReportStatus::Resolved),
    (ReportStatus::InProgress, ReportStatus::Rejected),
    (ReportStatus::Resolved, ReportStatus::InProgress),
    (ReportStatus::Rejected, ReportStatus::InProgress),
];

/// Whether a report in `from` may move to `to` ([`MOVES`]).
pub fn may_move(from: ReportStatus, to: ReportStatus) -> bool {
    MOVES.contains(&(from, to))
}

/// Why a photo upload is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoRefusal {
    /// Over [`REPORT_PHOTO_MAX_BYTES`]: 413.
    TooLarge,
    /// Not declared as one of the three image types: 415.
    UnsupportedType,
    /// Declared as one, its first bytes are not that image: 415 as well (a PNG labelled JPEG
    /// is refused, not relabelled: the client said something untrue about its file).
    ContentMismatch,
}

/// The photo's type, if the declared media type (`Content-Type` without parameters) is one
/// of JPEG, PNG and WebP, the body starts with that type's signature and is not too large.
pub fn check_photo(declared: Option<&str>, body: &[u8]) -> Result<ReportPhotoType, PhotoRefusal> {
    if body.len() > REPORT_PHOTO_MAX_BYTES {
        return Err(PhotoRefusal::TooLarge);
    }
    let kind = declared
        .and_then(ReportPhotoType::parse)
        .ok_or(PhotoRefusal::UnsupportedType)?;
    let signature = match kind {
        ReportPhotoType::Jpeg => FileSignature::Jpeg,
        ReportPhotoType::Png => FileSignature::Png,
        ReportPhotoType::Webp => FileSignature::Webp,
    };
    if signature.matches(body) {
        Ok(kind)
    } else {
        Err(PhotoRefusal::ContentMismatch)
    }
}

/// Where the staff queue continues: new reports come first, then the rest, each oldest first
/// (ids are ULIDs: their order is the order of creation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueCursor {
    /// Whether the last row shown was past the new ones.
    pub past_new: bool,
    /// The last row's id.
    pub id: String,
}

impl QueueCursor {
    /// The opaque text: `0` (among the new) or `1` (past them), then the id.
    pub fn encode(&self) -> String {
        format!("{}{}", u8::from(self.past_new), self.id)
    }

    /// Reads [`QueueCursor::encode`]'s text; anything else is `None` (a 422 on `cursor`).
    pub fn decode(text: &str) -> Option<Self> {
        let past_new = match text.as_bytes().first()? {
            b'0' => false,
            b'1' => true,
            _ => return None,
        };
        let id = text.get(1..)?;
        let valid = !id.is_empty()
            && id.len() <= validate::limits::ID_MAX
            && id.bytes().all(|b| b.is_ascii_graphic());
        valid.then(|| Self {
            past_new,
            id: id.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::FieldCode;
    use ReportStatus::{InProgress, New, Rejected, Resolved};

    fn input(description: &str, location: Option<(f64, f64, Option<&str>)>) -> ReportInput {
        ReportInput {
            category: ReportCategory::Roads,
            description: description.to_owned(),
            location: location.map(|(lat, lon, d)| ReportLocationInput {
                lat,
                lon,
                description: d.map(str::to_owned),
            }),
            photo_id: None,
        }
    }

    fn refused(result: Result<CheckedReport, FieldErrors>) -> Vec<(String, FieldCode)> {
        match result {
            Ok(_) => Vec::new(),
            Err(FieldErrors(map)) => map.into_iter().map(|(f, e)| (f, e.code)).collect(),
        }
    }

    #[test]
    fn report_fields_table() {
        let long = "x".repeat(REPORT_DESCRIPTION_MAX + 1);
        let just = "ż".repeat(REPORT_DESCRIPTION_MAX);
        let place = "p".repeat(REPORT_LOCATION_DESCRIPTION_MAX + 1);
        let cases: Vec<(ReportInput, Vec<(&str, FieldCode)>)> = vec![
            (input("Dziura w jezdni", None), vec![]),
            (input(&just, None), vec![]),
            (
                input("  \n ", None),
                vec![("description", FieldCode::Required)],
            ),
            (
                input(&long, None),
                vec![("description", FieldCode::TooLong)],
            ),
            (
                input("a\u{0007}b", None),
                vec![("description", FieldCode::ControlCharacters)],
            ),
            (
                input("ok", Some((52.16, 22.27, Some("przy szkole")))),
                vec![],
            ),
            (input("ok", Some((90.0, -180.0, None))), vec![]),
            (input("ok", Some((-90.0, 180.0, Some("  ")))), vec![]),
            (
                input("ok", Some((90.0001, 0.0, None))),
                vec![("location.lat", FieldCode::OutOfRange)],
            ),
            (
                input("ok", Some((0.0, -180.5, None))),
                vec![("location.lon", FieldCode::OutOfRange)],
            ),
            (
                input("ok", Some((f64::NAN, f64::INFINITY, None))),
                vec![
                    ("location.lat", FieldCode::OutOfRange),
                    ("location.lon", FieldCode::OutOfRange),
                ],
            ),
            (
                input("", Some((0.0, 0.0, Some(&place)))),
                vec![
                    ("description", FieldCode::Required),
                    ("location.description", FieldCode::TooLong),
                ],
            ),
        ];
        for (given, expected) in cases {
            let expected: Vec<(String, FieldCode)> = expected
                .into_iter()
                .map(|(f, c)| (f.to_owned(), c))
                .collect();
            assert_eq!(
                refused(check_report(&given)),
                expected,
                "{:?}",
                given.location
            );
        }
    }

    #[test]
    fn checked_report_is_trimmed_and_keeps_the_photo() {
        let mut given = input(
            "  Latarnia nie świeci \n",
            Some((52.0, 22.0, Some(" róg "))),
        );
        given.photo_id = Some(" 01JEXAMPLE ".into());
        let checked = check_report(&given).unwrap();
        assert_eq!(checked.description, "Latarnia nie świeci");
        assert_eq!(checked.photo_id.as_deref(), Some("01JEXAMPLE"));
        assert_eq!(
            checked.location.and_then(|l| l.description),
            Some("róg".to_owned())
        );
        given.photo_id = Some("".into());
        assert_eq!(check_report(&given).unwrap().photo_id, None);
        given.photo_id = Some("a b".into());
        assert_eq!(
            refused(check_report(&given)),
            vec![("photo_id".to_owned(), FieldCode::InvalidFormat)]
        );
    }

    #[test]
    fn status_moves_table() {
        // Every pair of statuses: allowed only where the contract says.
        let allowed = [
            (New, InProgress),
            (New, Rejected),
            (InProgress, Resolved),
            (InProgress, Rejected),
            (Resolved, InProgress),
            (Rejected, InProgress),
        ];
        for from in ReportStatus::ALL {
            for to in ReportStatus::ALL {
                assert_eq!(
                    may_move(from, to),
                    allowed.contains(&(from, to)),
                    "{from} → {to}"
                );
            }
        }
        assert!(!may_move(New, Resolved));
        assert!(!may_move(InProgress, New));
        assert!(!may_move(Resolved, Resolved));
    }

    #[test]
    fn replies_and_notes() {
        assert_eq!(check_reply("  Dziękujemy \n").as_deref(), Ok("Dziękujemy"));
        let code = |r: Result<String, FieldErrors>| r.err().map(|e| e.0["text"].code);
        assert_eq!(code(check_reply(" ")), Some(FieldCode::Required));
        assert_eq!(
            code(check_reply(&"y".repeat(REPORT_REPLY_MAX + 1))),
            Some(FieldCode::TooLong)
        );
        assert_eq!(check_note(None), Ok(None));
        assert_eq!(check_note(Some("  ")), Ok(None));
        assert_eq!(check_note(Some(" duplikat ")), Ok(Some("duplikat".into())));
        assert!(check_note(Some(&"n".repeat(REPORT_REPLY_MAX + 1))).is_err());
    }

    #[test]
    fn photo_table() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        let jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
        let webp = b"RIFF\x24\0\0\0WEBPVP8 ".to_vec();
        let mut huge = jpeg.clone();
        huge.resize(REPORT_PHOTO_MAX_BYTES + 1, 0);
        let mut largest = png.clone();
        largest.resize(REPORT_PHOTO_MAX_BYTES, 0);
        type Case<'a> = (
            Option<&'a str>,
            &'a [u8],
            Result<ReportPhotoType, PhotoRefusal>,
        );
        let cases: [Case; 10] = [
            (Some("image/jpeg"), &jpeg, Ok(ReportPhotoType::Jpeg)),
            (Some("image/png"), &png, Ok(ReportPhotoType::Png)),
            (Some("image/webp"), &webp, Ok(ReportPhotoType::Webp)),
            (Some("image/png"), &largest, Ok(ReportPhotoType::Png)),
            (Some("image/jpeg"), &png, Err(PhotoRefusal::ContentMismatch)),
            (
                Some("image/webp"),
                &jpeg,
                Err(PhotoRefusal::ContentMismatch),
            ),
            (
                Some("image/gif"),
                b"GIF89a",
                Err(PhotoRefusal::UnsupportedType),
            ),
            (
                Some("application/pdf"),
                b"%PDF-1.7",
                Err(PhotoRefusal::UnsupportedType),
            ),
            (None, &jpeg, Err(PhotoRefusal::UnsupportedType)),
            (Some("image/jpeg"), &huge, Err(PhotoRefusal::TooLarge)),
        ];
        for (declared, body, expected) in cases {
            assert_eq!(check_photo(declared, body), expected, "{declared:?}");
        }
    }

    #[test]
    fn queue_cursor_round_trips_and_refuses_the_rest() {
        for (past_new, id) in [(false, "01JF0000000000000000000000"), (true, "x")] {
            let cursor = QueueCursor {
                past_new,
                id: id.to_owned(),
            };
            assert_eq!(QueueCursor::decode(&cursor.encode()), Some(cursor));
        }
        let too_long = format!("0{}", "a".repeat(validate::limits::ID_MAX + 1));
        for bad in ["", "0", "2abc", "x01J", "0a b", too_long.as_str()] {
            assert_eq!(QueueCursor::decode(bad), None, "{bad:?}");
        }
    }
}
