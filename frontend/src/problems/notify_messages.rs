//! The refusals of messages and templates (`docs/api/notifications-messages.md`) in the active
//! language: 422 `audience_too_small` (said without any number: the count of a small group is
//! never shown, and neither is the threshold), the 409 `conflict` rules `message_finished` and
//! `name_taken`, a recipient or district that does not exist and the audience's rule
//! `no_criterion`; anything else as every other refusal ([`crate::messages::error_message`],
//! [`crate::messages::field_errors`]; `unknown_placeholder` and `not_in_future` are field codes
//! of the app's own table). Office bundle only, like the screens.

use std::collections::BTreeMap;

use ratusz_domain::api::problem::FieldProblem;
use ratusz_domain::api::Problem;

use crate::api::ApiError;
use crate::i18n::notify_messages::NotifyMessagesTexts;
use crate::i18n::Texts;
use crate::messages::{error_message, field_errors};

/// The messages' own sentence for `problem`, if it has one.
pub fn messages_problem(problem: &Problem, t: &NotifyMessagesTexts) -> Option<&'static str> {
    match problem.code.as_str() {
        "audience_too_small" => Some(t.audience_too_small),
        "conflict" => match problem.params.get("rule").map(String::as_str)? {
            "message_finished" => Some(t.message_finished),
            "name_taken" => Some(t.name_taken),
            _ => None,
        },
        _ => None,
    }
}

/// The messages' own sentence for one refused field: a recipient or district that does not
/// exist (the contract's field code `unknown`, or `unknown_reference`) and a filter without
/// any criterion.
pub fn messages_field(field: &FieldProblem, t: &NotifyMessagesTexts) -> Option<&'static str> {
    let rule = field.params.get("rule").map(String::as_str);
    match (field.code.as_str(), rule) {
        ("unknown" | "unknown_reference", _) => Some(t.unknown_reference),
        ("rule", Some("no_criterion")) => Some(t.no_criterion),
        _ => None,
    }
}

/// A failed call of these screens as a sentence: theirs, else the app's.
pub fn messages_error(error: &ApiError, texts: &Texts, t: &NotifyMessagesTexts) -> String {
    error
        .problem()
        .and_then(|problem| messages_problem(problem, t))
        .map_or_else(|| error_message(error, texts), str::to_owned)
}

/// Field → sentence of a `validation_failed` problem: these screens' own sentences first,
/// the app's for every other field code.
pub fn messages_field_errors(
    error: &ApiError,
    texts: &Texts,
    t: &NotifyMessagesTexts,
) -> BTreeMap<String, String> {
    let mut out = field_errors(error, texts);
    if let Some(problem) = error.problem().filter(|p| p.code == "validation_failed") {
        for (name, field) in &problem.fields {
            if let Some(sentence) = messages_field(field, t) {
                out.insert(name.clone(), sentence.to_owned());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{notify_messages, Lang};

    fn refused(field: &str, code: &str, params: &[(&str, &str)]) -> ApiError {
        let mut problem = Problem::new(422, "validation_failed", "x");
        problem.fields.insert(
            field.into(),
            FieldProblem {
                code: code.into(),
                params: params
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
            },
        );
        ApiError::Problem(problem)
    }

    #[test]
    fn a_small_audience_is_refused_without_any_number() {
        for lang in Lang::ALL {
            let (texts, t) = (lang.texts(), notify_messages::texts(lang));
            let problem = Problem::new(422, "audience_too_small", "x").with_param("k", "5");
            let said = messages_error(&ApiError::Problem(problem), texts, t);
            assert_eq!(said, t.audience_too_small);
            assert!(!said.chars().any(|c| c.is_ascii_digit()), "{said}");
        }
    }

    #[test]
    fn the_conflicts_of_messages_and_templates_are_said() {
        for lang in Lang::ALL {
            let (texts, t) = (lang.texts(), notify_messages::texts(lang));
            for (rule, said) in [
                ("message_finished", t.message_finished),
                ("name_taken", t.name_taken),
            ] {
                let problem = Problem::new(409, "conflict", "x").with_param("rule", rule);
                assert_eq!(messages_error(&ApiError::Problem(problem), texts, t), said);
            }
            let other = ApiError::Problem(
                Problem::new(409, "conflict", "x").with_param("rule", "duplicate_email"),
            );
            assert_eq!(
                messages_error(&other, texts, t),
                error_message(&other, texts)
            );
            assert_eq!(
                messages_error(&ApiError::Network, texts, t),
                texts.error_network
            );
        }
    }

    #[test]
    fn the_field_refusals_of_messages_are_said() {
        for lang in Lang::ALL {
            let (texts, t) = (lang.texts(), notify_messages::texts(lang));
            let nothing = refused("audience", "rule", &[("rule", "no_criterion")]);
            assert_eq!(
                messages_field_errors(&nothing, texts, t)["audience"],
                t.no_criterion
            );
            for code in ["unknown", "unknown_reference"] {
                let unknown = refused("audience.recipient_ids", code, &[]);
                assert_eq!(
                    messages_field_errors(&unknown, texts, t)["audience.recipient_ids"],
                    t.unknown_reference
                );
            }
            // Every other field code is the app's sentence.
            let long = refused("title", "too_long", &[("max", "120")]);
            assert_eq!(
                messages_field_errors(&long, texts, t),
                field_errors(&long, texts)
            );
        }
    }
}
