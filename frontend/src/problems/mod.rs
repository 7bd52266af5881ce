//! A refusal of the API in the active language: a problem's `code` with its `params`, and
//! each refused field's code with its params, through the i18n tables. Never the problem's
//! `detail` or `title`: the server writes those in English for API clients. A parameter that
//! is missing or not a number gives the sentence without the number.

use std::collections::BTreeMap;

use ratusz_domain::accounts::password_policy::MIN_CHARS;
use ratusz_domain::api::problem::{FieldProblem, Problem};
use ratusz_domain::validate::limits::{PASSWORD_MAX, PHONE_DIGITS_MAX, PHONE_DIGITS_MIN};
use ratusz_domain::validate::{FieldCode, Invalid};

use crate::i18n::{ProblemTexts, Texts};

mod residents;
// The chat's refusals (office bundle, like the chat screens).
#[cfg(feature = "office")]
pub mod chat;
// The refusals of messages and templates (office bundle, like their screens).
#[cfg(feature = "office")]
pub mod notify_messages;
#[cfg(test)]
mod tests;

/// A problem's or a field's parameters.
type Params = BTreeMap<String, String>;

/// The sentence for a problem: its code's, else the generic one of its status.
pub fn problem_message(problem: &Problem, texts: &Texts) -> String {
    code_message(&problem.code, &problem.params, texts)
        .unwrap_or_else(|| status_message(problem.status, texts).to_owned())
}

/// The sentence for a known problem code; `None` for a code this client does not know.
pub fn code_message(code: &str, params: &Params, texts: &Texts) -> Option<String> {
    let p = texts.problems;
    let text = match code {
        "bad_request" => p.bad_request,
        "unauthenticated" => p.unauthenticated,
        "invalid_credentials" => texts.login_failed,
        "invalid_token" => p.invalid_token,
        "session_superseded" => texts.session_superseded,
        "session_expired" => p.session_expired,
        "session_ended" => p.session_ended,
        "forbidden" => texts.error_forbidden,
        "csrf_required" => p.csrf_required,
        "password_change_required" => p.password_change_required,
        "not_a_member" => p.not_a_member,
        "not_found" => texts.error_not_found,
        "method_not_allowed" => p.method_not_allowed,
        "conflict" => conflict(params, texts),
        "invalid_state" => p.invalid_state,
        "meeting_closed" => p.meeting_closed,
        "meeting_not_live" => p.meeting_not_live,
        "no_phone" => p.no_phone,
        "no_quorum" => return Some(no_quorum(params, p)),
        "poll_closed" => p.poll_closed,
        "poll_not_closed" => p.poll_not_closed,
        "poll_not_open" => p.poll_not_open,
        "poll_open" => p.poll_open,
        "already_voted" => p.already_voted,
        "not_entitled" => p.not_entitled,
        "four_eyes" => four_eyes(params, texts),
        "letter_already_shown" => texts.letter_already_printed,
        "payload_too_large" => return Some(payload_too_large(params, texts)),
        "unsupported_media_type" => p.unsupported_media_type,
        "validation_failed" => texts.form_fix_fields,
        "idempotency_mismatch" => p.idempotency_mismatch,
        "invalid_claim" => texts.claim_invalid,
        "not_a_pdf" => p.not_a_pdf,
        "weak_password" => p.weak_password,
        "password_too_short" => {
            let min = number(params, "min").unwrap_or(MIN_CHARS as u64);
            return Some(fill(p.password_too_short, "min", &characters(min, p)));
        }
        "password_too_long" => {
            let max = number(params, "max").unwrap_or(PASSWORD_MAX as u64);
            return Some(fill(p.password_too_long, "max", &characters(max, p)));
        }
        "password_same_as_current" => p.password_same_as_current,
        "too_many_requests" => {
            let wait = number(params, "retry_after_s");
            return Some(wait_message(wait, texts.too_many_requests_in, texts));
        }
        "maintenance" => match number(params, "retry_after_s") {
            Some(s) => return Some(fill(p.maintenance_in, "n", &wait_minutes(s, texts))),
            None => p.maintenance,
        },
        "unavailable" => p.unavailable,
        "busy" => p.busy,
        "schema_too_new" => {
            let database = number(params, "database_version").unwrap_or(0).to_string();
            let code = number(params, "code_version").unwrap_or(0).to_string();
            return Some(fill(
                &fill(p.schema_too_new, "database", &database),
                "code",
                &code,
            ));
        }
        "checkpoints_disabled" => p.checkpoints_disabled,
        "no_checkpoint" => p.no_checkpoint,
        "internal" => p.internal,
        "nobody_speaking" => p.nobody_speaking,
        "floor_taken" => p.floor_taken,
        "list_closed" => p.list_closed,
        "queue_empty" => p.queue_empty,
        "already_requested" => p.already_requested,
        "outside_night_window" => {
            let start = params.get("night_start").map_or("22:00", String::as_str);
            let end = params.get("night_end").map_or("06:00", String::as_str);
            return Some(fill(
                &fill(p.outside_night_window, "night_start", start),
                "night_end",
                end,
            ));
        }
        "overlaps_meeting" => {
            let title = params.get("title").map_or("", String::as_str);
            let number = params.get("number").map_or("", String::as_str);
            return Some(fill(
                &fill(p.overlaps_meeting, "title", title),
                "number",
                number,
            ));
        }
        "overlaps_window" => p.overlaps_window,
        "window_not_in_future" => p.window_not_in_future,
        "window_order" => p.window_order,
        "window_not_cancellable" => p.window_not_cancellable,
        "maintenance_window" => p.maintenance_window,
        _ => residents::code(code, texts)?,
    };
    Some(text.to_owned())
}

/// The generic sentence of a status, for a code this client does not know.
pub fn status_message(status: u16, texts: &Texts) -> &'static str {
    let p = texts.problems;
    match status {
        400 => p.status_400,
        401 => p.status_401,
        403 => texts.error_forbidden,
        404 => texts.error_not_found,
        409 => texts.error_conflict,
        410 => p.status_410,
        413 => p.status_413,
        415 => p.status_415,
        422 => p.status_422,
        429 => texts.too_many_attempts_later,
        503 => p.status_503,
        500..=599 => p.status_5xx,
        _ => p.status_other,
    }
}

/// The sentence for one refused field (its code and parameters).
pub fn field_message(field: &FieldProblem, texts: &Texts) -> String {
    let p = texts.problems;
    let params = &field.params;
    let Some(code) = FieldCode::parse(&field.code) else {
        return p.field_invalid.to_owned();
    };
    let text = match code {
        FieldCode::Required => p.field_required,
        FieldCode::TooLong => match number(params, "max") {
            Some(max) => return fill(p.field_too_long, "max", &characters(max, p)),
            None => p.field_too_long_plain,
        },
        FieldCode::TooShort => match number(params, "min") {
            Some(min) => return fill(p.field_too_short, "min", &characters(min, p)),
            None => p.field_too_short_plain,
        },
        FieldCode::ControlCharacters => p.field_control_characters,
        FieldCode::OutOfRange => {
            return residents::out_of_range(params, texts)
                .unwrap_or_else(|| out_of_range(params, p))
        }
        FieldCode::InvalidChoice => p.field_invalid_choice,
        FieldCode::InvalidFormat => return format_message(params, texts),
        FieldCode::Duplicate => p.field_duplicate,
        FieldCode::UnknownReference => p.field_unknown_reference,
        FieldCode::UnknownField => p.field_unknown_field,
        FieldCode::Rule => return rule_message(params, texts),
        FieldCode::UnknownPlaceholder => match params.get("name") {
            Some(name) => return fill(p.field_unknown_placeholder, "name", name),
            None => p.field_unknown_placeholder_plain,
        },
        FieldCode::NotInFuture => p.field_not_in_future,
    };
    text.to_owned()
}

/// The sentence for a refusal found before sending, by the same shared validators the server
/// runs (`ratusz_domain::validate`).
pub fn invalid_message(invalid: &Invalid, texts: &Texts) -> String {
    let field = FieldProblem {
        code: invalid.code.as_str().to_owned(),
        params: invalid
            .params
            .iter()
            .map(|(name, value)| ((*name).to_owned(), value.clone()))
            .collect(),
    };
    field_message(&field, texts)
}

/// `n` with the right form of the noun: Polish 1 znak, 2–4 znaki (not 12–14), 5+ znaków;
/// English uses the same three slots.
pub fn format_count(n: u64, forms: [&str; 3]) -> String {
    let [one, few, many] = forms;
    let form = if n == 1 {
        one
    } else if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) {
        few
    } else {
        many
    };
    format!("{n} {form}")
}

/// `n` minutes with the right form of "minute" (after "in": Polish "za 1 minutę", "za 2 minuty").
pub fn format_minutes(n: u64, texts: &Texts) -> String {
    format_count(n, texts.minute_forms)
}

/// `template` with `{n}` replaced by the wait in minutes (rounded up); "later" without a delay.
pub fn wait_message(retry_after_s: Option<u64>, template: &str, texts: &Texts) -> String {
    match retry_after_s {
        Some(seconds) => fill(template, "n", &wait_minutes(seconds, texts)),
        None => texts.too_many_attempts_later.to_owned(),
    }
}

fn wait_minutes(seconds: u64, texts: &Texts) -> String {
    format_minutes(seconds.div_ceil(60).max(1), texts)
}

/// A whole-number parameter.
pub fn number(params: &Params, name: &str) -> Option<u64> {
    params.get(name)?.trim().parse().ok()
}

fn fill(template: &str, name: &str, value: &str) -> String {
    template.replace(&format!("{{{name}}}"), value)
}

fn characters(n: u64, p: &ProblemTexts) -> String {
    format_count(n, p.character_forms)
}

/// A 409 `conflict`: the broken rule's sentence when the server names one, else the generic one.
fn conflict(params: &Params, texts: &Texts) -> &'static str {
    let p = texts.problems;
    match params.get("rule").map(String::as_str) {
        Some("duplicate_email") => p.conflict_duplicate_email,
        Some("own_admin_role") => p.conflict_own_admin_role,
        Some("own_account") => p.conflict_own_account,
        Some("already_decided") => p.conflict_already_decided,
        Some("not_awaiting_handover") => p.conflict_not_awaiting_handover,
        Some("not_an_approved_letter") => p.conflict_not_an_approved_letter,
        Some("status_backwards") => p.conflict_status_backwards,
        Some(rule) => residents::conflict(rule, texts).unwrap_or(texts.error_conflict),
        None => texts.error_conflict,
    }
}

/// A 403 `four_eyes`: the sentence of the four-eyes rule the server names.
fn four_eyes(params: &Params, texts: &Texts) -> &'static str {
    let p = texts.problems;
    match params.get("rule").map(String::as_str) {
        Some("approver_handles_secret") => p.four_eyes_approver_handles_secret,
        Some("admin_needs_two_staff") => p.four_eyes_admin_needs_two_staff,
        Some("own_account") => p.four_eyes_own_account,
        Some("contact_changed_by_approver") => p.four_eyes_contact_changed_by_approver,
        Some(rule) => residents::four_eyes(rule, texts).unwrap_or(p.four_eyes),
        None => p.four_eyes,
    }
}

fn no_quorum(params: &Params, p: &ProblemTexts) -> String {
    let required = number(params, "required").or_else(|| number(params, "quorum"));
    match (number(params, "present"), required) {
        (Some(present), Some(required)) => fill(
            &fill(p.no_quorum_counts, "present", &present.to_string()),
            "required",
            &required.to_string(),
        ),
        _ => p.no_quorum.to_owned(),
    }
}

/// The body limit in megabytes with one decimal (dropped when zero).
fn payload_too_large(params: &Params, texts: &Texts) -> String {
    let p = texts.problems;
    let Some(bytes) = number(params, "limit") else {
        return p.payload_too_large.to_owned();
    };
    const MIB: u64 = 1024 * 1024;
    let tenths = (bytes.saturating_mul(10) + MIB / 2) / MIB;
    let size = match tenths % 10 {
        0 => (tenths / 10).to_string(),
        d => format!("{}{}{d}", tenths / 10, texts.decimal_separator),
    };
    fill(p.payload_too_large_limit, "limit", &size)
}

fn out_of_range(params: &Params, p: &ProblemTexts) -> String {
    let bound = |name| params.get(name)?.trim().parse::<i64>().ok();
    match (bound("min"), bound("max")) {
        (Some(min), Some(max)) => fill(
            &fill(p.field_out_of_range, "min", &min.to_string()),
            "max",
            &max.to_string(),
        ),
        _ => p.field_out_of_range_plain.to_owned(),
    }
}

fn format_message(params: &Params, texts: &Texts) -> String {
    let p = texts.problems;
    let reason = params.get("reason").map(String::as_str);
    let text = match params.get("format").map(String::as_str) {
        Some("email") => match reason {
            Some("email_invalid_character") => p.format_email_character,
            Some("email_not_one_at") => p.format_email_at,
            Some("email_empty_local_part") => p.format_email_local_part,
            Some("email_invalid_domain") => p.format_email_domain,
            _ => p.format_email,
        },
        Some("phone") => {
            let text = fill(p.format_phone, "min", &PHONE_DIGITS_MIN.to_string());
            return fill(&text, "max", &PHONE_DIGITS_MAX.to_string());
        }
        Some("https_url") => p.format_https_url,
        Some("id") => p.format_id,
        Some("json_shape") => p.format_json_shape,
        Some("document_last4") => texts.last4_format,
        Some("cursor") => p.format_cursor,
        Some(other) => residents::format(other, texts).unwrap_or(p.field_invalid_format),
        None => p.field_invalid_format,
    };
    text.to_owned()
}

fn rule_message(params: &Params, texts: &Texts) -> String {
    let p = texts.problems;
    let text = match params.get("rule").map(String::as_str) {
        // The password rules share the problem codes' sentences.
        Some(
            rule @ ("weak_password"
            | "password_too_short"
            | "password_too_long"
            | "password_same_as_current"),
        ) => return code_message(rule, params, texts).unwrap_or_default(),
        Some("current_password_incorrect") => texts.password_current_wrong,
        Some("more_members_than_statutory") => p.rule_more_members_than_statutory,
        Some("chair_not_member") => p.rule_chair_not_member,
        Some("request_or_name") => p.rule_request_or_name,
        Some("every_request_once") => p.rule_every_request_once,
        Some("kind_precedence") => p.rule_kind_precedence,
        Some("every_item_once") => p.rule_every_item_once,
        Some("at_least_two_options") => p.rule_at_least_two_options,
        Some("options_include_for") => p.rule_options_include_for,
        Some("qualified_needs_fraction") => p.rule_qualified_needs_fraction,
        Some("fraction_only_for_qualified") => p.rule_fraction_only_for_qualified,
        Some("fraction_between_0_and_1") => p.rule_fraction_between_0_and_1,
        Some("incident_owner_role") => p.rule_incident_owner_role,
        Some(other) => residents::rule(other, texts).unwrap_or(p.field_rule),
        None => p.field_rule,
    };
    text.to_owned()
}
