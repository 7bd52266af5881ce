//! The chat's refusals (`docs/api/messaging.md`) in the active language: the rules of a 409
//! `conflict` (`edit_window_closed`, `message_deleted`, `not_a_group`), the field rules of a
//! 422 (`unknown_account`, `own_account`), an upload's `not_an_image`, `not_a_pdf`, 413 and 415; anything else as every other
//! refusal ([`crate::messages::error_message`]). Office bundle only, like the chat screens.

use std::collections::BTreeMap;

use ratusz_domain::api::Problem;

use crate::api::ApiError;
use crate::i18n::chat::ChatTexts;
use crate::i18n::Texts;
use crate::messages::error_message;

/// The chat's own sentence for `problem`, if it has one.
pub fn chat_problem(problem: &Problem, t: &ChatTexts) -> Option<&'static str> {
    match problem.code.as_str() {
        "conflict" => match rule(&problem.params)? {
            "edit_window_closed" => Some(t.conflict_edit_window_closed),
            "message_deleted" => Some(t.conflict_message_deleted),
            "not_a_group" => Some(t.conflict_not_a_group),
            _ => None,
        },
        "not_an_image" => Some(t.not_an_image),
        "not_a_pdf" => Some(t.not_a_pdf),
        // Only an upload sends a body that is not JSON or larger than 1 MiB.
        "unsupported_media_type" => Some(t.attach_unsupported),
        "payload_too_large" => Some(t.attach_too_large),
        "validation_failed" => {
            problem
                .fields
                .values()
                .find_map(|field| match rule(&field.params) {
                    Some("unknown_account") => Some(t.rule_unknown_account),
                    Some("own_account") => Some(t.rule_own_account),
                    _ => None,
                })
        }
        _ => None,
    }
}

fn rule(params: &BTreeMap<String, String>) -> Option<&str> {
    params.get("rule").map(String::as_str)
}

/// A failed chat call as a sentence: the chat's own, else the app's.
pub fn chat_error(error: &ApiError, texts: &Texts, t: &ChatTexts) -> String {
    error
        .problem()
        .and_then(|problem| chat_problem(problem, t))
        .map_or_else(|| error_message(error, texts), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{chat, Lang};
    use ratusz_domain::api::problem::FieldProblem;

    fn with_rule(status: u16, code: &str, rule: &str) -> Problem {
        Problem::new(status, code, "x").with_param("rule", rule)
    }

    #[test]
    fn the_chats_rules_are_said_in_both_languages() {
        for lang in Lang::ALL {
            let t = chat::texts(lang);
            let texts = lang.texts();
            let closed = ApiError::Problem(with_rule(409, "conflict", "edit_window_closed"));
            assert_eq!(chat_error(&closed, texts, t), t.conflict_edit_window_closed);
            let deleted = ApiError::Problem(with_rule(409, "conflict", "message_deleted"));
            assert_eq!(chat_error(&deleted, texts, t), t.conflict_message_deleted);
            let group = ApiError::Problem(with_rule(409, "conflict", "not_a_group"));
            assert_eq!(chat_error(&group, texts, t), t.conflict_not_a_group);
            let mut unknown = Problem::new(422, "validation_failed", "x");
            unknown.fields.insert(
                "user_id".into(),
                FieldProblem {
                    code: "rule".into(),
                    params: [("rule".to_owned(), "unknown_account".to_owned())].into(),
                },
            );
            let unknown = ApiError::Problem(unknown);
            assert_eq!(chat_error(&unknown, texts, t), t.rule_unknown_account);
            for (status, code, said) in [
                (422, "not_a_pdf", t.not_a_pdf),
                (422, "not_an_image", t.not_an_image),
                (413, "payload_too_large", t.attach_too_large),
                (415, "unsupported_media_type", t.attach_unsupported),
            ] {
                let refused = ApiError::Problem(Problem::new(status, code, "x"));
                assert_eq!(chat_error(&refused, texts, t), said);
            }
            // Everything else is the app's sentence.
            let other = ApiError::Problem(with_rule(409, "conflict", "duplicate_email"));
            assert_eq!(chat_error(&other, texts, t), error_message(&other, texts));
            assert_eq!(
                chat_error(&ApiError::Network, texts, t),
                texts.error_network
            );
        }
    }
}
