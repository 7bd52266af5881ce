//! What to tell a person about a failed call: pure mappings from an [`ApiError`] to a text of
//! the active language, tested natively. Problems are translated by their `code` and
//! `params` (see [`crate::problems`]); the English `detail` and `title` are never shown.

use std::collections::BTreeMap;

use ratusz_domain::accounts::local_time;
use ratusz_domain::time::Timestamp;
use ratusz_domain::validate::{Checks, FieldErrors};

use crate::api::ApiError;
use crate::i18n::{Lang, Texts};
use crate::problems::{field_message, invalid_message, number, problem_message, wait_message};

/// The general explanation of a failed call, in the active language.
pub fn error_message(error: &ApiError, texts: &Texts) -> String {
    match error {
        ApiError::Network => texts.error_network.to_owned(),
        ApiError::Unexpected { .. } => texts.error_unexpected.to_owned(),
        ApiError::Throttled { .. } => {
            wait_message(retry_after(error), texts.too_many_requests_in, texts)
        }
        ApiError::Problem(problem) => problem_message(problem, texts),
    }
}

/// The login form's message: the same text for every refusal, so the form never tells whether
/// an e-mail exists or an account is locked (accounts.md § Login).
pub fn login_error(error: &ApiError, texts: &Texts) -> String {
    match error {
        ApiError::Network => texts.error_network.to_owned(),
        ApiError::Throttled { .. } => too_many_attempts(retry_after(error), texts),
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
        "validation_failed" if field_errors(error, texts).is_empty() => {
            texts.claim_invalid.to_owned()
        }
        _ => error_message(error, texts),
    }
}

/// "Too many sign-in attempts, try again in N minutes" (rounded up; "later" without a delay).
pub fn too_many_attempts(retry_after_s: Option<u64>, texts: &Texts) -> String {
    wait_message(retry_after_s, texts.too_many_attempts_in, texts)
}

/// Seconds to wait: the `Retry-After` header, else the problem's `retry_after_s`.
fn retry_after(error: &ApiError) -> Option<u64> {
    match error {
        ApiError::Throttled {
            retry_after_s,
            problem,
        } => retry_after_s.or_else(|| number(&problem.params, "retry_after_s")),
        _ => error
            .problem()
            .and_then(|p| number(&p.params, "retry_after_s")),
    }
}

/// Field → message of a `validation_failed` problem, in the active language (empty
/// otherwise). A field an older server names without a code gets the generic text, never
/// the server's English message.
pub fn field_errors(error: &ApiError, texts: &Texts) -> BTreeMap<String, String> {
    let Some(problem) = error.problem().filter(|p| p.code == "validation_failed") else {
        return BTreeMap::new();
    };
    let mut out: BTreeMap<String, String> = problem
        .fields
        .iter()
        .map(|(name, field)| (name.clone(), field_message(field, texts)))
        .collect();
    for name in problem.errors.keys() {
        out.entry(name.clone())
            .or_insert_with(|| texts.problems.field_invalid.to_owned());
    }
    out
}

/// Field → message of the refusals found before sending by the shared validators.
pub fn checked_errors(checks: Checks, texts: &Texts) -> BTreeMap<String, String> {
    match checks.finish() {
        Ok(()) => BTreeMap::new(),
        Err(errors) => refused_fields(&errors, texts),
    }
}

/// Field → message of the refusals of a domain rule run before sending (the same rule the
/// server runs, e.g. `NewPoll::from_create`).
pub fn refused_fields(errors: &FieldErrors, texts: &Texts) -> BTreeMap<String, String> {
    errors
        .0
        .iter()
        .map(|(name, invalid)| (name.clone(), invalid_message(invalid, texts)))
        .collect()
}

/// The lines of a form's error summary: "label: message" for the form's fields in the order
/// of `labels` (the form's order), then the message of any other refused field.
pub fn error_summary(errors: &BTreeMap<String, String>, labels: &[(&str, &str)]) -> Vec<String> {
    let labelled = labels.iter().filter_map(|(field, label)| {
        errors
            .get(*field)
            .map(|message| format!("{label}: {message}"))
    });
    let others = errors
        .iter()
        .filter(|(field, _)| !labels.iter().any(|(f, _)| f == field))
        .map(|(_, message)| message.clone());
    labelled.chain(others).collect()
}

/// A moment as people in Poland read it, whatever the device's time zone: Polish time (CET or
/// CEST) in the format of the e-mails and the BIP pages, `23.11.2026, godz. 10:04` (English:
/// `23 November 2026, 10:04 (Polish time)`). The API speaks UTC; every screen shows this.
pub fn format_timestamp(at: Timestamp, lang: Lang) -> String {
    match lang {
        Lang::Pl => local_time::format_pl(at),
        Lang::En => local_time::format_en(at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
    fn general_messages_never_show_the_english_detail_or_title() {
        let en = Lang::En.texts();
        let with_detail = ApiError::Problem(
            Problem::new(409, "conflict", "Conflict").with_detail("This e-mail is taken."),
        );
        assert_eq!(error_message(&with_detail, en), en.error_conflict);
        assert_eq!(
            error_message(&problem(403, "forbidden"), en),
            en.error_forbidden
        );
        assert_eq!(
            error_message(&problem(500, "internal"), en),
            en.problems.internal
        );
        let invalid = ApiError::Problem(
            Problem::new(422, "validation_failed", "Invalid").with_field_error("email", "Bad"),
        );
        assert_eq!(error_message(&invalid, en), en.form_fix_fields);
        assert!(field_errors(&problem(409, "conflict"), en).is_empty());
    }

    #[test]
    fn a_field_named_by_an_older_server_gets_the_generic_text_not_its_english_message() {
        let pl = Lang::Pl.texts();
        let old = ApiError::Problem(
            Problem::new(422, "validation_failed", "Invalid")
                .with_field_error("email", "Not a valid e-mail."),
        );
        assert_eq!(
            field_errors(&old, pl).get("email").map(String::as_str),
            Some(pl.problems.field_invalid)
        );
    }

    #[test]
    fn a_throttled_call_without_retry_after_reads_the_parameter() {
        let pl = Lang::Pl.texts();
        let throttled = ApiError::Throttled {
            problem: Problem::new(429, "too_many_requests", "Too many")
                .with_param("retry_after_s", "120"),
            retry_after_s: None,
        };
        assert_eq!(
            error_message(&throttled, pl),
            "Zbyt wiele żądań. Spróbuj ponownie za 2 minuty."
        );
    }

    #[test]
    fn the_summary_lists_every_field_in_form_order_with_its_label() {
        let errors = BTreeMap::from([
            ("email".to_owned(), "Zły adres.".to_owned()),
            ("first_name".to_owned(), "Wymagane.".to_owned()),
            ("body".to_owned(), "Nieznane.".to_owned()),
        ]);
        let labels = [("first_name", "Imię"), ("email", "Adres e-mail")];
        assert_eq!(
            error_summary(&errors, &labels),
            ["Imię: Wymagane.", "Adres e-mail: Zły adres.", "Nieznane."]
        );
    }

    #[test]
    fn checks_before_sending_are_told_like_the_servers() {
        use ratusz_domain::validate::{self, limits};
        let pl = Lang::Pl.texts();
        let mut checks = Checks::new();
        checks.check("first_name", validate::text(" ", limits::PERSON_NAME_MAX));
        checks.check(
            "last_name",
            validate::text(&"a".repeat(101), limits::PERSON_NAME_MAX),
        );
        checks.check("email", validate::email("jan"));
        let errors = checked_errors(checks, pl);
        assert_eq!(errors.len(), 3);
        assert_eq!(
            errors.get("last_name").map(String::as_str),
            Some("Najwyżej 100 znaków.")
        );
        assert_eq!(
            errors.get("first_name").map(String::as_str),
            Some(pl.problems.field_required)
        );
        assert!(checked_errors(Checks::new(), pl).is_empty());
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
        let bare = ApiError::Problem(Problem::new(422, "validation_failed", "Invalid"));
        assert_eq!(claim_error(&bare, en), en.claim_invalid);
    }

    #[test]
    fn timestamps_are_shown_in_polish_time_in_both_languages() {
        // 2026-11-23T09:04:35Z: winter, CET.
        let at = Timestamp::from_unix_ms(1_795_424_675_123);
        assert_eq!(format_timestamp(at, Lang::Pl), "23.11.2026, godz. 10:04");
        assert_eq!(
            format_timestamp(at, Lang::En),
            "23 November 2026, 10:04 (Polish time)"
        );
        // 2027-07-01T12:00:00Z: summer, CEST.
        let summer = Timestamp::from_unix_ms(1_814_443_200_000);
        assert_eq!(
            format_timestamp(summer, Lang::Pl),
            "01.07.2027, godz. 14:00"
        );
    }
}
