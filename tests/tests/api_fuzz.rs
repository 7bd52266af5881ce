//! The API fuzz step: schemathesis (pinned, from PyPI, installed by `cargo xtask setup` into
//! `target/schemathesis-venv`) generates requests from `GET /api/openapi.json` and sends them to
//! the real app on the project's host, as an administrator and as a councillor. Every check
//! must pass: no server error, every answer (status, content type, headers, body) conforms to
//! the document, every schema-valid request is accepted and every schema-invalid one refused.
//!
//! Ignored by a plain `cargo test` (it needs the venv and takes minutes); `cargo xtask test`
//! runs it with `--ignored`. Set `RATUSZ_SCHEMATHESIS` to another `schemathesis` binary, and
//! `RATUSZ_FUZZ_EXAMPLES` to change the examples per operation.
//!
//! What is excluded and why (docs/decisions.md, "Issue 13 — hardening"):
//! - `POST /api/auth/logout` and `POST /api/auth/password` end or replace the caller's own
//!   session, so in the administrator's and the councillor's runs they would sign the fuzzer out
//!   half-way (and a wrong current password counts towards a lock). They are fuzzed in a third
//!   run with the token of an account that exists only to be broken.
//! - `POST /api/auth/login` and `POST /api/password-resets/claim` are fuzzed in the third run
//!   too (they need no session), so a lock the fuzzer causes cannot touch the other accounts.
//! - Nothing else is excluded, but every `/api/users/{id}…` operation acts on one account
//!   made for it (`path.id` is pinned): the fuzzer learns ids from answers and would otherwise
//!   end, lock or disable the session of the administrator it runs as.
//! - The operations of [`MAY_REFUSE_VALID`] may answer a schema-valid request with 422.
//! - The resident registry's staff paths ([`REGISTRY_STAFF`]) are fuzzed once more as a
//!   `notifier_admin` (to the administrator and the councillor they are only 403), before the
//!   administrator's run, which may end any session it learns of.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod support;

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;
use support::council::*;

/// The seed of every run (CI must see the same requests each time).
const SEED: &str = "20261213";
/// Test cases per operation and phase (bounded so both runs fit in a few minutes on 2 cores).
const MAX_EXAMPLES: &str = "20";

/// The scheduler's token the host is given (so `POST /api/system/tick` is on and fuzzed).
const TICK_TOKEN: &str = "fuzz-tick-token-0123456789abcdef";

/// Operations that end or replace the caller's session, fuzzed only with a sacrificial token.
const SELF_BREAKING: &str = "^/api/auth/(logout|password|login)$|^/api/password-resets/claim$";

fn schemathesis() -> PathBuf {
    match std::env::var_os("RATUSZ_SCHEMATHESIS") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => ratusz_tests::target_dir().join("schemathesis-venv/bin/schemathesis"),
    }
}

/// Operations where a schema-valid request may rightly get 422, because what decides it is
/// not in the request's shape (docs/decisions.md):
/// - a reference that must name an existing record (`unit_id`, `account_id`, `owner_id`,
///   `member_ids`, `chair_id`, `item_ids`, `request_ids`, `request_id`, `item_id`) —
///   `unknown_reference`;
/// - a rule between fields or against the stored state (more members than seats, a chair who
///   is not a member, `num` > `den`, an order that is not the current list, `absent` asked by
///   someone who is not the clerk);
/// - secrets: a wrong current password, a wrong claim token or code, a new password the
///   strength policy (zxcvbn, after NFKC) refuses.
/// - the chat's references: an account with a chat role, a message of the conversation, an
///   upload, a cursor of the caller's list;
/// - the resident registry (docs/decisions.md, issue 15): a district that must exist, the
///   current consent version, a birth date that is a real day not in the future, a phone
///   that is Polish or E.164 (stricter than the general phone pattern), a contact another
///   recipient has (409), a suspension's end in the future; a code that is wrong (401); and
///   every `/api/notify/me…` operation once the fuzzer has erased or unbound its resident
///   (401 `invalid_token`).
/// - a maintenance window against the clock and the calendar: its end after its start, a start
///   in the future, both inside one night window in Polish time (`window_order`,
///   `window_not_in_future`, `outside_night_window`).
const MAY_REFUSE_VALID: &[&str] = &[
    "notify_register",
    "notify_bind",
    "notify_me",
    "notify_update_me",
    "notify_erase_me",
    "notify_suspend_me",
    "notify_resume_me",
    "notify_withdraw_consent",
    "notify_give_consent",
    "notify_unbind_device",
    // The resident's Web Push subscription is checked as the chat's (a point on the curve, a
    // public push service name); like every device path, 401 once the fuzzer erased its
    // resident.
    "notify_put_push_subscription",
    "notify_delete_push_subscription",
    "notify_my_messages",
    "change_password",
    "claim_password_reset",
    "create_user",
    "update_user",
    "create_incident",
    "update_incident",
    "create_session",
    "update_session",
    "order_agenda",
    "order_floor",
    "grant_floor",
    "create_poll",
    "open_poll",
    "set_attendance",
    "check_in",
    "cast_vote",
    "create_maintenance_window",
    // The chat: an account that must exist with a chat role (`unknown_account`), a message
    // of this conversation (`reply_to`, a read marker), uploads (`attachment_ids`), a list
    // cursor this server gave.
    "list_chat_conversations",
    "create_chat_conversation",
    "set_chat_members",
    "mark_chat_read",
    "post_chat_message",
    // Web Push: `keys.p256dh` must be a point on the curve, and the endpoint a public push
    // service name (not an IPv4 address, not `*.localhost`) — what no pattern says.
    "create_chat_push_subscription",
    "search_chat",
    // The staff's registry (notifier_admin): a district that must exist, a contact another
    // recipient has (409), two kinds of filter, a name or an age without a district, or
    // `age_max` below `age_min` (422), four eyes
    // (403), a consent document or erasure request in another state (409/404), a code channel
    // the recipient has no contact for, three codes an hour (429), a district name taken.
    "notify_create_recipient",
    "notify_list_recipients",
    "notify_update_recipient",
    "notify_verify_recipient",
    "notify_mark_consent_document",
    "notify_suspend_recipient",
    "notify_send_recipient_code",
    "notify_request_erasure",
    "notify_confirm_erasure",
    "notify_withdraw_erasure",
    "notify_create_district",
    "notify_rename_district",
    // Residents' reports: a `photo_id` must be this device's unused upload of the last hour
    // (422 `unknown_reference`), a status move must be one the report's status allows (409
    // `report_status`), and every device path is 401 once the fuzzer erased its resident.
    "notify_create_report",
    "notify_my_reports",
    "notify_my_report",
    "notify_my_report_photo",
    "notify_move_report_status",
    // Message templates: a name another template has, whatever its case (409 `name_taken`), a
    // placeholder other than the three (422 `unknown_placeholder`), an id nobody made (404).
    "notify_create_template",
    "notify_update_template",
    // Messages: a district or recipient that must exist (`unknown_reference`), a filter with
    // no criterion or matching fewer than k residents (`audience_too_small`), a `send_at` in
    // the past (`not_in_future`), a placeholder other than the three; a cancel of a message
    // done or cancelled already (409 `message_finished`).
    "notify_preview_message",
    "notify_create_message",
    "notify_cancel_message",
];

/// A report's photo must begin with its type's signature (JPEG, PNG, WebP), which no schema
/// can say of a generated body: a schema-valid upload may rightly get 415 (and 401 once the
/// fuzzer erased its resident).
const PHOTO_UPLOAD: &str = "notify_upload_report_photo";

/// The staff's registry paths, fuzzed a fourth time as a `notifier_admin` (the other runs
/// only see their 403).
const REGISTRY_STAFF: &str = "^/api/notify/(recipients|districts|stats|reports)";

/// `notifier`'s paths (message templates and messages), fuzzed once more as a `notifier` (the other runs
/// only see their 403).
const NOTIFIER_PATHS: &str = "^/api/notify/(templates|messages)";

/// The gateways' token the host is given (so `POST /api/notify/deliveries/events` is on).
const CALLBACK_TOKEN: &str = "fuzz-callback-token-0123456789abcdef";

/// The `schemathesis.toml` of one run: the caller's token for both ways to present a session
/// (so the `ignored_auth` check can take it away), the scheduler's token, the CSRF header, and
/// the operations of [`MAY_REFUSE_VALID`].
fn config(token: &str, target: &str, device: &str) -> String {
    let token = ratusz_tests::toml_string(token);
    let device = ratusz_tests::toml_string(device);
    let tick = ratusz_tests::toml_string(TICK_TOKEN);
    let callback = ratusz_tests::toml_string(CALLBACK_TOKEN);
    let accounts = ratusz_tests::toml_string(r"^/api/users/\{id\}");
    let target = ratusz_tests::toml_string(target);
    let photo = ratusz_tests::toml_string(PHOTO_UPLOAD);
    let ops = MAY_REFUSE_VALID
        .iter()
        .map(|op| ratusz_tests::toml_string(op))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "[auth.openapi.bearerAuth]\nbearer = {token}\n\
         [auth.openapi.cookieAuth]\napi_key = {token}\n\
         [auth.openapi.tickToken]\nbearer = {tick}\n\
         [auth.openapi.callbackToken]\nbearer = {callback}\n\
         [auth.openapi.deviceToken]\nbearer = {device}\n\
         [headers]\n\"X-Ratusz-CSRF\" = \"1\"\n\
         [[operations]]\ninclude-operation-id = [{ops}]\n\
         [operations.checks.positive_data_acceptance]\n\
         expected-statuses = [\"2xx\", \"401\", \"403\", \"404\", \"409\", \"422\", \"429\"]\n\
         [[operations]]\ninclude-operation-id = [{photo}]\n\
         [operations.checks.positive_data_acceptance]\n\
         expected-statuses = [\"2xx\", \"401\", \"415\"]\n\
         [[operations]]\ninclude-path-regex = {accounts}\n\
         parameters = {{ \"path.id\" = {target} }}\n"
    )
}

/// Runs schemathesis against `base` with `token`; `filter` is `(flag, value)` selecting operations.
fn run(
    base: &str,
    name: &str,
    (token, device): (&str, &str),
    target: &str,
    filter: (&str, &str),
) -> (bool, String) {
    let examples = std::env::var("RATUSZ_FUZZ_EXAMPLES").unwrap_or_else(|_| MAX_EXAMPLES.into());
    let reports = ratusz_tests::target_dir()
        .join("schemathesis-report")
        .join(name);
    std::fs::create_dir_all(&reports).expect("the report directory");
    let config_file = reports.join("schemathesis.toml");
    std::fs::write(&config_file, config(token, target, device)).expect("the config file");
    let hooks = ratusz_tests::workspace_root().join("tests/fuzz/hooks.py");
    let started = Instant::now();
    let output = Command::new(schemathesis())
        .arg("--config-file")
        .arg(&config_file)
        .args([
            "run",
            &format!("{base}/api/openapi.json"),
            "--url",
            base,
            "--checks",
            "all",
            "--seed",
            SEED,
            "--max-examples",
            &examples,
            // One worker: Python 3.11's `ast` keeps its recursion depth in one global, so two
            // threads describing Hypothesis strategies at once crash the tool ("AST constructor
            // recursion depth mismatch", CPython gh-106905) — a crash of the fuzzer, not a finding.
            "--workers",
            "1",
            "--phases",
            "examples,coverage,fuzzing",
            "--suppress-health-check",
            "all",
            "--request-timeout",
            "30",
            "--report",
            "junit",
            "--report-dir",
            &reports.to_string_lossy(),
            filter.0,
            filter.1,
        ])
        .env("SCHEMATHESIS_HOOKS", &hooks)
        // Its cache (`.schemathesis/`) goes beside the report, not into the source tree.
        .current_dir(&reports)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "running {} failed ({e}); install it with `cargo xtask setup`",
                schemathesis().display()
            )
        });
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    eprintln!(
        "=== schemathesis as {name} ({:.0} s) ===\n{text}",
        started.elapsed().as_secs_f64()
    );
    (output.status.success(), text)
}

#[test]
#[ignore = "needs schemathesis (cargo xtask setup); run by cargo xtask test"]
fn schemathesis_finds_no_failure_as_administrator_and_councillor() {
    let council = start_council_with(
        2,
        &[
            ("tick_token", TICK_TOKEN),
            ("notify_callback_token", CALLBACK_TOKEN),
            // Every form of the registry comes from 127.0.0.1.
            ("notify_throttle_per_address", "100000000"),
        ],
    );
    let district = support::notify::a_district(&council.app);
    let base = council.app.base();
    // Something for the councillor to read: a published meeting they are a member of.
    let meeting = council.create_meeting(&council.councillors, 5);
    council.publish(&meeting);
    let unit = council.app.council_unit(&council.admin);
    let (_, victim) = council
        .app
        .active_user(&council.admin, &["councillor"], &unit);
    // The account every `/api/users/{id}…` operation acts on: the fuzzer learns ids from
    // answers and would otherwise lock, disable or sign out its own administrator.
    let target = council
        .app
        .create_user(&council.admin, &["councillor"], &unit);
    let (_, registry_staff) = council
        .app
        .active_user(&council.admin, &["notifier_admin"], &unit);
    let (_, notifier) = council
        .app
        .active_user(&council.admin, &["notifier"], &unit);

    // The councillor first and the sacrificial account second: the administrator's run may
    // rightly lock, disable or reset any account whose id or e-mail it reads in an answer.
    let councillor = &council.councillors[0];
    let mut failed = Vec::new();
    for (name, token, filter) in [
        (
            "councillor",
            councillor.session.token.clone(),
            ("--exclude-path-regex", SELF_BREAKING),
        ),
        (
            "sacrificial",
            victim.token.clone(),
            ("--include-path-regex", SELF_BREAKING),
        ),
        // Before the administrator's run, which may end any session it learns of.
        (
            "notifier_admin",
            registry_staff.token.clone(),
            ("--include-path-regex", REGISTRY_STAFF),
        ),
        (
            "notifier",
            notifier.token.clone(),
            ("--include-path-regex", NOTIFIER_PATHS),
        ),
        (
            "administrator",
            council.admin.token.clone(),
            ("--exclude-path-regex", SELF_BREAKING),
        ),
    ] {
        // A bound resident of its own for each run (a run may erase or unbind it).
        let resident = support::notify::bound_resident(
            &council.app,
            &support::notify::registration(&district, support::accounts::unique()),
        );
        let (ok, _) = run(
            &base,
            name,
            (&token, &resident.device.token),
            &target.id,
            filter,
        );
        if !ok {
            failed.push(name);
        }
    }
    let touched: Vec<String> = council
        .app
        .audit(&council.admin)
        .iter()
        .filter(|e| e["object"].as_str() == Some(&format!("user:{}", councillor.id)))
        .map(|e| format!("{} by {}", e["action"], e["actor"]))
        .collect();
    eprintln!("what the runs did to the councillor's account: {touched:?}");
    // The fuzzer's accounts are still usable: nothing it did locked them out.
    let me = council.admin.get("/api/auth/me");
    assert_eq!(
        me.status, 200,
        "the administrator's session survived the fuzzer"
    );
    assert!(
        failed.is_empty(),
        "schemathesis found failures in the runs {failed:?} (see the output above)"
    );
}
