//! The preview's SMS block (docs/api/notifications-messages.md § `POST …/messages/preview`):
//! what the text as written needs, and the exact segments over the SMS audience once each
//! recipient's placeholders are filled — a first name with a Polish letter turns that one SMS
//! into UCS-2, and a long district name can add a segment, which only filling shows.
//!
//! The body given is what the sender puts in the SMS, so the estimate and the bill agree.

use super::placeholders::{strip, ParsedText, PlaceholderValues};
use super::sms::{measure, measure_parts, SmsEncoding, SmsMeasure};
use crate::api::notify_messages::{SmsEncodingName, SmsPreview};

/// `notify_sms_segment_price_grosze` when unset: 16 gr a segment.
pub const SEGMENT_PRICE_GROSZE_DEFAULT: u64 = 16;

/// Adds up the SMS audience one recipient at a time (the preview reads it in batches).
#[derive(Debug, Clone)]
pub struct SmsEstimator<'a> {
    body: ParsedText<'a>,
    as_written: SmsMeasure,
    messages: u64,
    segments_total: u64,
}

impl<'a> SmsEstimator<'a> {
    /// An estimate of `body` (the SMS text with its placeholders) over nobody yet.
    pub fn new(body: &'a str) -> Self {
        Self {
            body: ParsedText::new(body),
            as_written: measure(&strip(body)),
            messages: 0,
            segments_total: 0,
        }
    }

    /// One more recipient who gets the SMS, with their placeholder values.
    pub fn add(&mut self, values: &PlaceholderValues<'_>) {
        let segments = if self.body.has_placeholders() {
            measure_parts(&self.body.filled_parts(values)).segments
        } else {
            self.as_written.segments
        };
        self.messages += 1;
        self.segments_total += u64::from(segments);
    }

    /// The preview's `sms` block at `segment_price_grosze` a segment.
    pub fn finish(&self, segment_price_grosze: u64) -> SmsPreview {
        SmsPreview {
            encoding: wire_encoding(self.as_written.encoding),
            characters: self.as_written.characters,
            segments: self.as_written.segments,
            messages: self.messages,
            segments_total: self.segments_total,
            segment_price_grosze,
            estimated_cost_grosze: self.segments_total.saturating_mul(segment_price_grosze),
        }
    }
}

/// The estimate of `body` over `recipients` in one call.
pub fn sms_estimate<'v>(
    body: &str,
    recipients: impl IntoIterator<Item = PlaceholderValues<'v>>,
    segment_price_grosze: u64,
) -> SmsPreview {
    let mut estimator = SmsEstimator::new(body);
    for values in recipients {
        estimator.add(&values);
    }
    estimator.finish(segment_price_grosze)
}

fn wire_encoding(encoding: SmsEncoding) -> SmsEncodingName {
    match encoding {
        SmsEncoding::Gsm7 => SmsEncodingName::Gsm7,
        SmsEncoding::Ucs2 => SmsEncodingName::Ucs2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resident(first_name: &'static str, district: &'static str) -> PlaceholderValues<'static> {
        PlaceholderValues {
            first_name,
            last_name: "Kowalska",
            district,
        }
    }

    #[test]
    fn the_wire_encodings_agree() {
        for e in SmsEncoding::ALL {
            assert_eq!(wire_encoding(e).as_str(), e.as_str());
        }
    }

    #[test]
    fn nobody_costs_nothing() {
        let p = sms_estimate("Zebranie w środę", [], 16);
        assert_eq!(
            p,
            SmsPreview {
                encoding: SmsEncodingName::Ucs2,
                characters: 16,
                segments: 1,
                messages: 0,
                segments_total: 0,
                segment_price_grosze: 16,
                estimated_cost_grosze: 0,
            }
        );
    }

    /// Body, recipients, then the text as written's encoding, characters and segments, and the
    /// segments over the recipients.
    type Case<'a> = (
        &'a str,
        Vec<PlaceholderValues<'static>>,
        SmsEncodingName,
        u32,
        u32,
        u64,
    );

    #[test]
    fn estimates() {
        let gsm_long = format!("Hej ((first_name)), {}", "a".repeat(150));
        let cases: Vec<Case> = vec![
            // No placeholders: every SMS is the text as written.
            (
                "Zebranie w czwartek",
                vec![resident("Anna", "Centrum"); 3],
                SmsEncodingName::Gsm7,
                19,
                1,
                3,
            ),
            // The text as written is GSM-7 ("Hej, " + 150 a); filled, Anna's stays GSM-7 in one
            // segment of 160, Łucja's becomes UCS-2 at 161 units: three segments.
            (
                &gsm_long,
                vec![resident("Anna", "Centrum"), resident("Łucja", "Centrum")],
                SmsEncodingName::Gsm7,
                155,
                1,
                1 + 3,
            ),
            // A long district name adds a segment for those who live there.
            (
                "Mieszkańcy ((district)): woda wyłączona",
                vec![
                    resident("Anna", "Stare Miasto"),
                    resident(
                        "Anna",
                        "Osiedle Bardzo Długiej Nazwy Dzielnicy Miejskiej Numer Dwa",
                    ),
                ],
                SmsEncodingName::Ucs2,
                26,
                1,
                1 + 2,
            ),
        ];
        for (body, recipients, encoding, characters, segments, total) in cases {
            let n = recipients.len() as u64;
            let p = sms_estimate(body, recipients, 16);
            assert_eq!(
                (p.encoding, p.characters, p.segments),
                (encoding, characters, segments),
                "{body}"
            );
            assert_eq!((p.messages, p.segments_total), (n, total), "{body}");
            assert_eq!(p.estimated_cost_grosze, total * 16, "{body}");
        }
    }

    #[test]
    fn batches_add_up_like_one_pass() {
        let body = "((first_name)) ((last_name)), ((district)) zaprasza na festyn.";
        let people = [resident("Ewa", "Centrum"), resident("Żaneta", "Zachód")];
        let mut estimator = SmsEstimator::new(body);
        for values in &people {
            estimator.add(values);
        }
        assert_eq!(estimator.finish(20), sms_estimate(body, people, 20));
    }

    #[test]
    fn the_cost_does_not_overflow() {
        let p = sms_estimate("x", [resident("A", "B")], u64::MAX);
        assert_eq!(p.estimated_cost_grosze, u64::MAX);
    }
}
