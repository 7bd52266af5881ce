use super::*;
use crate::api::ApiError;
use crate::i18n::Lang;
use crate::messages::{error_message, field_errors};

/// Every problem code the API answers with (a stable contract); each has its own sentence.
const CODES: [&str; 57] = [
    "bad_request",
    "unauthenticated",
    "invalid_credentials",
    "invalid_token",
    "session_superseded",
    "session_expired",
    "session_ended",
    "forbidden",
    "csrf_required",
    "password_change_required",
    "not_a_member",
    "not_found",
    "method_not_allowed",
    "conflict",
    "invalid_state",
    "meeting_closed",
    "meeting_not_live",
    "no_phone",
    "no_quorum",
    "poll_closed",
    "poll_not_closed",
    "poll_not_open",
    "poll_open",
    "already_voted",
    "not_entitled",
    "four_eyes",
    "letter_already_shown",
    "payload_too_large",
    "unsupported_media_type",
    "validation_failed",
    "idempotency_mismatch",
    "invalid_claim",
    "not_a_pdf",
    "weak_password",
    "password_too_short",
    "password_too_long",
    "password_same_as_current",
    "too_many_requests",
    "maintenance",
    "unavailable",
    "busy",
    "internal",
    "nobody_speaking",
    "floor_taken",
    "list_closed",
    "queue_empty",
    "already_requested",
    "schema_too_new",
    "checkpoints_disabled",
    "no_checkpoint",
    "outside_night_window",
    "overlaps_meeting",
    "overlaps_window",
    "window_not_in_future",
    "window_order",
    "window_not_cancellable",
    "maintenance_window",
];

fn params(pairs: &[(&str, &str)]) -> Params {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn field(code: &str, pairs: &[(&str, &str)]) -> FieldProblem {
    FieldProblem {
        code: code.to_owned(),
        params: params(pairs),
    }
}

/// Some of the English details the server sends (as of the platform kit).
const SERVER_DETAILS: [(&str, &str); 6] = [
    ("session_expired", "The session has expired. Sign in again."),
    ("session_ended", "The session has ended. Sign in again."),
    (
        "invalid_token",
        "The session token is not valid. Sign in again.",
    ),
    (
        "four_eyes",
        "A request is decided by someone other than its requester and the account holder.",
    ),
    ("not_a_pdf", "The file is not a PDF document."),
    (
        "internal",
        "Something went wrong on our side. The error has been logged.",
    ),
];

#[test]
fn every_code_has_a_polish_and_an_english_sentence_and_never_shows_the_detail() {
    for code in CODES {
        let mut problem = Problem::new(400, code, "TITLE-EN").with_detail("DETAIL-EN");
        if let Some((_, detail)) = SERVER_DETAILS.iter().find(|(c, _)| *c == code) {
            problem.detail = (*detail).to_owned();
        }
        let pl = code_message(code, &problem.params, Lang::Pl.texts());
        let en = code_message(code, &problem.params, Lang::En.texts());
        let (Some(pl), Some(en)) = (pl, en) else {
            panic!("{code} has no sentence");
        };
        assert_ne!(pl, en, "{code} is not translated");
        for text in [&pl, &en] {
            assert!(!text.trim().is_empty(), "{code}");
            assert!(
                !text.contains('{'),
                "{code}: unfilled placeholder in {text}"
            );
            assert_ne!(*text, problem.detail, "{code} shows the detail");
            assert!(!text.contains("DETAIL-EN") && !text.contains("TITLE-EN"));
        }
        assert_eq!(problem_message(&problem, Lang::Pl.texts()), pl);
    }
}

#[test]
fn unknown_codes_fall_back_to_their_status() {
    let pl = Lang::Pl.texts();
    let cases = [
        (400, pl.problems.status_400),
        (401, pl.problems.status_401),
        (403, pl.error_forbidden),
        (404, pl.error_not_found),
        (409, pl.error_conflict),
        (410, pl.problems.status_410),
        (413, pl.problems.status_413),
        (415, pl.problems.status_415),
        (422, pl.problems.status_422),
        (429, pl.too_many_attempts_later),
        (503, pl.problems.status_503),
        (500, pl.problems.status_5xx),
        (502, pl.problems.status_5xx),
        (418, pl.problems.status_other),
    ];
    for (status, text) in cases {
        let problem = Problem::new(status, "no_such_code", "Title").with_detail("Detail");
        assert_eq!(problem_message(&problem, pl), text, "{status}");
        assert_eq!(
            error_message(&ApiError::Problem(problem), pl),
            text,
            "{status}"
        );
    }
}

#[test]
fn parameters_are_filled_in_with_polish_plurals() {
    let pl = Lang::Pl.texts();
    let en = Lang::En.texts();
    let too_long = |max: &str| field("too_long", &[("max", max)]);
    assert_eq!(field_message(&too_long("200"), pl), "Najwyżej 200 znaków.");
    assert_eq!(
        field_message(&too_long("200"), en),
        "At most 200 characters."
    );
    assert_eq!(field_message(&too_long("1"), pl), "Najwyżej 1 znak.");
    assert_eq!(field_message(&too_long("1"), en), "At most 1 character.");
    assert_eq!(field_message(&too_long("22"), pl), "Najwyżej 22 znaki.");
    assert_eq!(field_message(&too_long("13"), pl), "Najwyżej 13 znaków.");
    assert_eq!(
        field_message(&field("too_short", &[("min", "4")]), pl),
        "Co najmniej 4 znaki."
    );
    assert_eq!(
        field_message(&field("out_of_range", &[("min", "1"), ("max", "3600")]), pl),
        "Podaj wartość od 1 do 3600."
    );
    assert_eq!(
        field_message(&field("invalid_format", &[("format", "phone")]), en),
        "Enter a phone number of 7 to 15 digits, e.g. +48 600 100 200."
    );
    let limit = |bytes: &str| params(&[("limit", bytes)]);
    assert_eq!(
        code_message("payload_too_large", &limit("10485760"), pl).as_deref(),
        Some("Przesłane dane są za duże: najwyżej 10 MB.")
    );
    assert_eq!(
        code_message("payload_too_large", &limit("1572864"), pl).as_deref(),
        Some("Przesłane dane są za duże: najwyżej 1,5 MB.")
    );
    let quorum = params(&[("present", "7"), ("required", "12")]);
    assert_eq!(
        code_message("no_quorum", &quorum, en).as_deref(),
        Some("No quorum (7 present, 12 required): opening the poll needs a reason.")
    );
    assert_eq!(
        code_message("maintenance", &params(&[("retry_after_s", "300")]), pl).as_deref(),
        Some("Trwa przerwa techniczna. Spróbuj ponownie za 5 minut.")
    );
    assert_eq!(
        code_message("too_many_requests", &params(&[("retry_after_s", "90")]), en).as_deref(),
        Some("Too many requests. Try again in 2 minutes.")
    );
}

#[test]
fn a_missing_or_odd_parameter_gives_the_sentence_without_the_number() {
    let pl = Lang::Pl.texts();
    assert_eq!(
        field_message(&field("too_long", &[]), pl),
        pl.problems.field_too_long_plain
    );
    assert_eq!(
        field_message(&field("too_long", &[("max", "many")]), pl),
        pl.problems.field_too_long_plain
    );
    assert_eq!(
        field_message(&field("out_of_range", &[("max", "9")]), pl),
        pl.problems.field_out_of_range_plain
    );
    assert_eq!(
        code_message("no_quorum", &params(&[("present", "7")]), pl).as_deref(),
        Some(pl.problems.no_quorum)
    );
    assert_eq!(
        code_message("payload_too_large", &Params::new(), pl).as_deref(),
        Some(pl.problems.payload_too_large)
    );
    assert_eq!(
        code_message("password_too_short", &Params::new(), pl).as_deref(),
        Some("Hasło musi mieć co najmniej 12 znaków.")
    );
    assert_eq!(
        code_message("too_many_requests", &Params::new(), pl).as_deref(),
        Some(pl.too_many_attempts_later)
    );
}

#[test]
fn every_field_code_reads_in_both_languages() {
    for code in FieldCode::ALL.iter().copied() {
        let invalid = Invalid::new(code);
        let pl = invalid_message(&invalid, Lang::Pl.texts());
        let en = invalid_message(&invalid, Lang::En.texts());
        assert_ne!(pl, en, "{code}");
        assert_ne!(pl, invalid.message_en(), "{code}");
        assert!(!pl.contains('{') && !en.contains('{'), "{code}");
    }
    let pl = Lang::Pl.texts();
    assert_eq!(
        field_message(&field("no_such_field_code", &[]), pl),
        pl.problems.field_invalid
    );
}

#[test]
fn formats_and_rules_have_their_own_sentences() {
    let pl = Lang::Pl.texts();
    let p = pl.problems;
    let cases = [
        (
            field("invalid_format", &[("format", "email")]),
            p.format_email,
        ),
        (
            field(
                "invalid_format",
                &[("format", "email"), ("reason", "email_not_one_at")],
            ),
            p.format_email_at,
        ),
        (
            field("invalid_format", &[("format", "https_url")]),
            p.format_https_url,
        ),
        (
            field("invalid_format", &[("format", "json_shape")]),
            p.format_json_shape,
        ),
        (
            field("invalid_format", &[("format", "isbn")]),
            p.field_invalid_format,
        ),
        (field("rule", &[("rule", "weak_password")]), p.weak_password),
        (
            field("rule", &[("rule", "password_same_as_current")]),
            p.password_same_as_current,
        ),
        (
            field("rule", &[("rule", "more_members_than_statutory")]),
            p.rule_more_members_than_statutory,
        ),
        (field("rule", &[("rule", "no_such_rule")]), p.field_rule),
    ];
    for (problem, text) in cases {
        assert_eq!(field_message(&problem, pl), text, "{problem:?}");
    }
}

#[test]
fn a_validation_problem_with_three_fields_yields_three_messages() {
    let pl = Lang::Pl.texts();
    let mut problem = Problem::new(422, "validation_failed", "Validation failed")
        .with_detail("Some fields are not valid.");
    for (name, code, pairs) in [
        ("first_name", "required", vec![]),
        ("email", "invalid_format", vec![("format", "email")]),
        ("title", "too_long", vec![("max", "200")]),
    ] {
        problem.fields.insert(name.to_owned(), field(code, &pairs));
        problem
            .errors
            .insert(name.to_owned(), "English message".to_owned());
    }
    let error = ApiError::Problem(problem);
    let errors = field_errors(&error, pl);
    assert_eq!(errors.len(), 3);
    assert_eq!(
        errors.get("first_name").map(String::as_str),
        Some("To pole jest wymagane.")
    );
    assert_eq!(
        errors.get("email").map(String::as_str),
        Some(pl.problems.format_email)
    );
    assert_eq!(
        errors.get("title").map(String::as_str),
        Some("Najwyżej 200 znaków.")
    );
    assert!(errors.values().all(|m| m != "English message"));
    assert_eq!(error_message(&error, pl), pl.form_fix_fields);
}

#[test]
fn counts_take_the_polish_plural_forms() {
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
    assert_eq!(format_count(0, pl.problems.character_forms), "0 znaków");
}

#[test]
fn conflicts_name_the_rule_they_broke() {
    let rules = [
        "duplicate_email",
        "own_admin_role",
        "own_account",
        "already_decided",
        "not_awaiting_handover",
        "not_an_approved_letter",
        "status_backwards",
    ];
    for lang in [Lang::Pl, Lang::En] {
        let texts = lang.texts();
        let mut seen = std::collections::BTreeSet::new();
        for rule in rules {
            let problem = Problem::new(409, "conflict", "Conflict")
                .with_detail("Some English detail.")
                .with_param("rule", rule);
            let text = problem_message(&problem, texts);
            assert_ne!(text, texts.error_conflict, "{lang:?} {rule}");
            assert!(
                seen.insert(text),
                "{lang:?} {rule} repeats another rule's text"
            );
        }
        let generic = Problem::new(409, "conflict", "Conflict");
        assert_eq!(problem_message(&generic, texts), texts.error_conflict);
    }
    let pl = Lang::Pl.texts();
    let dup = Problem::new(409, "conflict", "Conflict").with_param("rule", "duplicate_email");
    assert_eq!(
        problem_message(&dup, pl),
        "Konto z tym adresem e-mail już istnieje."
    );
}

#[test]
fn four_eyes_refusals_name_the_rule_they_broke() {
    for lang in [Lang::Pl, Lang::En] {
        let texts = lang.texts();
        let mut seen = std::collections::BTreeSet::new();
        for rule in ratusz_domain::accounts::reset_policy::FourEyesRule::ALL {
            let problem = Problem::new(403, "four_eyes", "Forbidden")
                .with_detail(rule.detail())
                .with_param("rule", rule.as_str());
            let text = problem_message(&problem, texts);
            assert!(!text.contains(rule.detail()), "{lang:?} {rule}");
            seen.insert(text);
        }
        // `own_request` keeps the general sentence; every other rule has its own.
        assert_eq!(seen.len(), 5, "{lang:?}: {seen:?}");
    }
}

#[test]
fn schema_too_new_names_both_versions() {
    let problem = Problem::new(503, "schema_too_new", "Service unavailable")
        .with_param("database_version", "12")
        .with_param("code_version", "9");
    let pl = problem_message(&problem, Lang::Pl.texts());
    let en = problem_message(&problem, Lang::En.texts());
    for text in [pl, en] {
        assert!(text.contains("(12)") && text.contains("(9)"), "{text}");
    }
}
