//! The resident registry's refusals (docs/api/notifications.md): its problem codes, rules and
//! formats in the active language. Their sentences live in the resident's table, which only
//! the office bundle carries (`crate::bundle`); the first bundle, which has no resident
//! screen, answers `None` and falls back to the generic sentences.

use std::collections::BTreeMap;

use crate::i18n::Texts;

type Params = BTreeMap<String, String>;

/// The sentence of a resident registry problem code.
pub fn code(code: &str, texts: &Texts) -> Option<&'static str> {
    #[cfg(feature = "office")]
    {
        let r = texts.residents;
        match code {
            "invalid_code" => Some(r.invalid_code),
            _ => None,
        }
    }
    #[cfg(not(feature = "office"))]
    {
        let _ = (code, texts);
        None
    }
}

/// The sentence of a field rule of the registry (`unknown_district`, …).
pub fn rule(rule: &str, texts: &Texts) -> Option<&'static str> {
    #[cfg(feature = "office")]
    {
        let r = texts.residents;
        match rule {
            "unknown_district" => Some(r.rule_unknown_district),
            "consent_outdated" => Some(r.rule_consent_outdated),
            "one_contact_required" => Some(r.rule_one_contact_required),
            "contact_missing" => Some(r.rule_contact_missing),
            "channel_without_contact" => Some(r.rule_channel_without_contact),
            "one_filter_kind" => Some(r.rule_one_filter_kind),
            "quiet_hours_empty" => Some(r.rule_quiet_hours_empty),
            _ => None,
        }
    }
    #[cfg(not(feature = "office"))]
    {
        let _ = (rule, texts);
        None
    }
}

/// The sentence of a 409 `conflict` rule of the registry.
pub fn conflict(rule: &str, texts: &Texts) -> Option<&'static str> {
    #[cfg(feature = "office")]
    {
        let r = texts.residents;
        match rule {
            "contact_taken" => Some(r.conflict_contact_taken),
            "consent_document_state" => Some(r.conflict_consent_document_state),
            "name_taken" => Some(r.conflict_name_taken),
            "erasure_pending" => Some(r.conflict_erasure_pending),
            _ => None,
        }
    }
    #[cfg(not(feature = "office"))]
    {
        let _ = (rule, texts);
        None
    }
}

/// The sentence of a 403 `four_eyes` rule of the registry: staff who registered a person do
/// not verify them, and who asked for an erasure does not confirm it.
pub fn four_eyes(rule: &str, texts: &Texts) -> Option<&'static str> {
    #[cfg(feature = "office")]
    {
        let r = texts.residents;
        match rule {
            "own_registration" => Some(r.four_eyes_own_registration),
            "own_request" => Some(r.four_eyes_own_request),
            _ => None,
        }
    }
    #[cfg(not(feature = "office"))]
    {
        let _ = (rule, texts);
        None
    }
}

/// The sentence of a format the registry names (`postal_code`, `date`, `ade_address`).
pub fn format(format: &str, texts: &Texts) -> Option<&'static str> {
    #[cfg(feature = "office")]
    {
        let r = texts.residents;
        match format {
            "postal_code" => Some(r.format_postal_code),
            "date" => Some(r.format_date),
            "ade_address" => Some(r.format_ade_address),
            "time" => Some(r.format_time),
            _ => None,
        }
    }
    #[cfg(not(feature = "office"))]
    {
        let _ = (format, texts);
        None
    }
}

/// `out_of_range` between two dates (a birth date) or two moments (a suspension's end),
/// moments in Polish time; `None` for numbers (the general sentence says those).
pub fn out_of_range(params: &Params, texts: &Texts) -> Option<String> {
    #[cfg(feature = "office")]
    {
        let numeric = |name: &str| {
            params
                .get(name)
                .is_some_and(|v| v.trim().parse::<i64>().is_ok())
        };
        if numeric("min") || numeric("max") {
            return None;
        }
        use crate::i18n::Lang;
        use ratusz_domain::time::Timestamp;
        let lang = if std::ptr::eq(texts, Lang::En.texts()) {
            Lang::En
        } else {
            Lang::Pl
        };
        let shown = |name: &str| {
            let value = params.get(name)?.trim();
            match Timestamp::parse_rfc3339(value) {
                Ok(at) if value.len() > 10 => Some(crate::messages::format_timestamp(at, lang)),
                _ => Some(value.to_owned()),
            }
        };
        let (min, max) = (shown("min")?, shown("max")?);
        Some(
            texts
                .problems
                .field_out_of_range
                .replace("{min}", &min)
                .replace("{max}", &max),
        )
    }
    #[cfg(not(feature = "office"))]
    {
        let _ = (params, texts);
        None
    }
}

#[cfg(all(test, feature = "office"))]
mod tests {
    use ratusz_domain::api::problem::{FieldProblem, Problem};

    use crate::i18n::Lang;
    use crate::problems::{field_message, problem_message};

    fn field(code: &str, params: &[(&str, &str)]) -> FieldProblem {
        FieldProblem {
            code: code.to_owned(),
            params: params
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    #[test]
    fn the_registrys_refusals_are_said_in_both_languages() {
        let cases = [
            field("rule", &[("rule", "unknown_district")]),
            field("rule", &[("rule", "consent_outdated")]),
            field("rule", &[("rule", "one_contact_required")]),
            field("rule", &[("rule", "contact_missing")]),
            field(
                "rule",
                &[("rule", "channel_without_contact"), ("channel", "sms")],
            ),
            field("invalid_format", &[("format", "postal_code")]),
            field("invalid_format", &[("format", "date")]),
            field("invalid_format", &[("format", "ade_address")]),
            field("rule", &[("rule", "quiet_hours_empty")]),
            field("invalid_format", &[("format", "time")]),
        ];
        for lang in Lang::ALL {
            let texts = lang.texts();
            for case in &cases {
                let said = field_message(case, texts);
                assert_ne!(said, texts.problems.field_rule, "{case:?}");
                assert_ne!(said, texts.problems.field_invalid_format, "{case:?}");
            }
            let wrong_code = Problem::new(401, "invalid_code", "Invalid code");
            assert_eq!(
                problem_message(&wrong_code, texts),
                texts.residents.invalid_code
            );
            let taken = Problem::new(409, "conflict", "Conflict")
                .with_param("rule", "contact_taken")
                .with_param("field", "email");
            assert_eq!(
                problem_message(&taken, texts),
                texts.residents.conflict_contact_taken
            );
            let staff = [
                (
                    "four_eyes",
                    "own_registration",
                    texts.residents.four_eyes_own_registration,
                ),
                (
                    "four_eyes",
                    "own_request",
                    texts.residents.four_eyes_own_request,
                ),
                (
                    "conflict",
                    "consent_document_state",
                    texts.residents.conflict_consent_document_state,
                ),
                (
                    "conflict",
                    "name_taken",
                    texts.residents.conflict_name_taken,
                ),
                (
                    "conflict",
                    "erasure_pending",
                    texts.residents.conflict_erasure_pending,
                ),
            ];
            for (code, rule, sentence) in staff {
                let status = if code == "four_eyes" { 403 } else { 409 };
                let problem = Problem::new(status, code, "x").with_param("rule", rule);
                assert_eq!(problem_message(&problem, texts), sentence, "{rule}");
            }
            let one_kind = field("rule", &[("rule", "one_filter_kind")]);
            assert_eq!(
                field_message(&one_kind, texts),
                texts.residents.rule_one_filter_kind
            );
        }
    }

    #[test]
    fn date_and_moment_ranges_are_shown_and_numbers_keep_the_general_sentence() {
        let pl = Lang::Pl.texts();
        let birth = field(
            "out_of_range",
            &[("min", "1900-01-01"), ("max", "2026-12-06")],
        );
        assert_eq!(
            field_message(&birth, pl),
            "Podaj wartość od 1900-01-01 do 2026-12-06."
        );
        let until = field(
            "out_of_range",
            &[
                ("min", "2026-12-06T12:00:00.000Z"),
                ("max", "2036-12-04T12:00:00.000Z"),
            ],
        );
        let said = field_message(&until, pl);
        assert!(said.contains("06.12.2026, godz. 13:00"), "{said}");
        let numbers = field("out_of_range", &[("min", "1"), ("max", "5")]);
        assert_eq!(field_message(&numbers, pl), "Podaj wartość od 1 do 5.");
    }
}
