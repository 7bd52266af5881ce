//! What to tell a person about a failed call: pure mappings from an [`ApiError`] to a text of
//! the active language, tested natively.

use std::collections::BTreeMap;

use ratusz_domain::time::Timestamp;

use crate::api::ApiError;
use crate::i18n::Texts;

/// The general explanation: the problem's own detail (written for people), else its title,
/// else a text from the table.
pub fn error_message(error: &ApiError, texts: &Texts) -> String {
    match error {
        ApiError::Network => texts.error_network.to_owned(),
        ApiError::Unexpected { .. } => texts.error_unexpected.to_owned(),
        ApiError::Throttled { retry_after_s, .. } => {
            wait_message(*retry_after_s, texts.too_many_requests_in, texts)
        }
        ApiError::Problem(problem) => match problem.code.as_str() {
            "validation_failed" if !problem.errors.is_empty() => texts.form_fix_fields.to_owned(),
            "forbidden" => texts.error_forbidden.to_owned(),
            "not_found" => texts.error_not_found.to_owned(),
            "conflict" if problem.detail.is_empty() => texts.error_conflict.to_owned(),
            _ if !problem.detail.is_empty() => problem.detail.clone(),
            _ => problem.title.clone(),
        },
    }
}

/// The login form's message: the same text for every refusal, so the form never tells whether
/// an e-mail exists or an account is locked (accounts.md § Login).
pub fn login_error(error: &ApiError, texts: &Texts) -> String {
    match error {
        ApiError::Network => texts.error_network.to_owned(),
        ApiError::Throttled { retry_after_s, .. } => too_many_attempts(*retry_after_s, texts),
        _ => texts.login_failed.to_owned(),
    }
}

/// A reset request filed by a director: 403 means the account is not in their unit.
pub fn employee_reset_error(error: &ApiError, texts: &Texts) -> String {
    if error.status() == Some(403) && error.code() != "password_change_required" {
        texts.request_not_your_unit.to_owned()
    } else {
        error_message(error, texts)
    }
}

/// The claim form: a wrong token or code gets one generic text (no hint which half was wrong).
pub fn claim_error(error: &ApiError, texts: &Texts) -> String {
    match error.code() {
        "invalid_claim" => texts.claim_invalid.to_owned(),
        "validation_failed" if field_errors(error).is_empty() => texts.claim_invalid.to_owned(),
        _ => error_message(error, texts),
    }
}

/// "Too many sign-in attempts, try again in N minutes" (rounded up; "later" without a delay).
pub fn too_many_attempts(retry_after_s: Option<u64>, texts: &Texts) -> String {
    wait_message(retry_after_s, texts.too_many_attempts_in, texts)
}

/// `template` with `{n}` replaced by the wait in minutes, rounded up.
fn wait_message(retry_after_s: Option<u64>, template: &str, texts: &Texts) -> String {
    match retry_after_s {
        Some(seconds) => {
            let minutes = seconds.div_ceil(60).max(1);
            template.replace("{n}", &format_minutes(minutes, texts))
        }
        None => texts.too_many_attempts_later.to_owned(),
    }
}

/// `n` with the right form of "minute" (Polish: 1 minutę, 2–4 minuty, 5+ minut; English uses
/// the same three slots with "minute", "minutes", "minutes").
pub fn format_minutes(n: u64, texts: &Texts) -> String {
    let [one, few, many] = texts.minute_forms;
    let form = if n == 1 {
        one
    } else if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) {
        few
    } else {
        many
    };
    format!("{n} {form}")
}

/// Field → message of a `validation_failed` problem (empty otherwise).
pub fn field_errors(error: &ApiError) -> BTreeMap<String, String> {
    match error.problem() {
        Some(problem) if problem.code == "validation_failed" => problem.errors.clone(),
        _ => BTreeMap::new(),
    }
}

/// A timestamp for people: `2026-11-23 09:04 UTC` (the API speaks UTC).
pub fn format_timestamp(at: Timestamp) -> String {
    let text = at.to_rfc3339();
    let minutes = text.get(..16).unwrap_or(&text);
    format!("{} UTC", minutes.replacen('T', " ", 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use ratusz_domain::api::Problem;

    fn problem(status: u16, code: &str) -> ApiError {
        ApiError::Problem(Problem::new(status, code, "Title"))
    }

    #[test]
    fn every_login_refusal_reads_the_same() {
        let pl = Lang::Pl.texts();
        for error in [
            problem(401, "invalid_credentials"),
            problem(422, "validation_failed"),
            problem(403, "forbidden"),
            ApiError::Unexpected { status: 500 },
        ] {
            assert_eq!(login_error(&error, pl), pl.login_failed, "{error:?}");
        }
        assert_eq!(login_error(&ApiError::Network, pl), pl.error_network);
    }

    #[test]
    fn throttling_says_how_many_minutes_to_wait() {
        let pl = Lang::Pl.texts();
        let en = Lang::En.texts();
        let throttled = |s| ApiError::Throttled {
            problem: Problem::new(429, "too_many_requests", "Too many"),
            retry_after_s: s,
        };
        assert_eq!(
            login_error(&throttled(Some(600)), pl),
            "Zbyt wiele prób logowania. Spróbuj ponownie za 10 minut."
        );
        assert_eq!(
            login_error(&throttled(Some(61)), en),
            "Too many sign-in attempts. Try again in 2 minutes."
        );
        assert_eq!(
            login_error(&throttled(Some(5)), pl),
            "Zbyt wiele prób logowania. Spróbuj ponownie za 1 minutę."
        );
        assert_eq!(
            login_error(&throttled(None), en),
            en.too_many_attempts_later
        );
    }

    #[test]
    fn minutes_take_the_polish_plural_forms() {
        let pl = Lang::Pl.texts();
        let cases = [
            (1, "1 minutę"),
            (2, "2 minuty"),
            (4, "4 minuty"),
            (5, "5 minut"),
            (12, "12 minut"),
            (14, "14 minut"),
            (22, "22 minuty"),
            (25, "25 minut"),
            (112, "112 minut"),
        ];
        for (n, text) in cases {
            assert_eq!(format_minutes(n, pl), text);
        }
        let en = Lang::En.texts();
        assert_eq!(format_minutes(1, en), "1 minute");
        assert_eq!(format_minutes(3, en), "3 minutes");
        assert_eq!(format_minutes(11, en), "11 minutes");
    }

    #[test]
    fn general_messages_prefer_the_problem_detail() {
        let en = Lang::En.texts();
        let with_detail = ApiError::Problem(
            Problem::new(409, "conflict", "Conflict").with_detail("This e-mail is taken."),
        );
        assert_eq!(error_message(&with_detail, en), "This e-mail is taken.");
        assert_eq!(
            error_message(&problem(409, "conflict"), en),
            en.error_conflict
        );
        assert_eq!(
            error_message(&problem(403, "forbidden"), en),
            en.error_forbidden
        );
        assert_eq!(error_message(&problem(500, "internal"), en), "Title");
        let invalid = ApiError::Problem(
            Problem::new(422, "validation_failed", "Invalid").with_field_error("email", "Bad"),
        );
        assert_eq!(error_message(&invalid, en), en.form_fix_fields);
        assert_eq!(
            field_errors(&invalid).get("email").map(String::as_str),
            Some("Bad")
        );
        assert!(field_errors(&problem(409, "conflict")).is_empty());
    }

    #[test]
    fn a_director_refused_is_told_the_account_is_not_in_their_unit() {
        let pl = Lang::Pl.texts();
        assert_eq!(
            employee_reset_error(&problem(403, "forbidden"), pl),
            pl.request_not_your_unit
        );
        assert_eq!(
            employee_reset_error(&ApiError::Network, pl),
            pl.error_network
        );
    }

    #[test]
    fn a_bad_claim_gets_one_generic_text() {
        let en = Lang::En.texts();
        assert_eq!(
            claim_error(&problem(422, "invalid_claim"), en),
            en.claim_invalid
        );
        let weak = ApiError::Problem(
            Problem::new(422, "validation_failed", "Invalid")
                .with_field_error("new_password", "Too weak"),
        );
        assert_eq!(claim_error(&weak, en), en.form_fix_fields);
    }

    #[test]
    fn timestamps_are_shown_to_the_minute_in_utc() {
        let at = Timestamp::from_unix_ms(1_795_424_675_123);
        assert_eq!(format_timestamp(at), "2026-11-23 09:04 UTC");
    }
}
