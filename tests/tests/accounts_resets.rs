//! End-to-end: the administrator-approved password reset (procedure PZO-01) for both deliveries
//! — four eyes, the two-channel claim and its brute-force limit, the letter shown once and its
//! handover — and the audit chain that records every step and notices tampering.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_domain::api::AuditEntry;
use serde_json::{json, Value};
use support::accounts::*;

fn reset_view(staff: &Session, id: &str) -> Value {
    staff.get_ok(&format!("/api/password-resets/{id}"))
}

/// The pending request about `user_id` in the queue.
fn pending_for(staff: &Session, user_id: &str) -> Value {
    let page = staff.get_ok("/api/password-resets?status=pending&limit=500");
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["user_id"] == user_id)
        .cloned()
        .unwrap_or_else(|| panic!("a pending request for {user_id}: {page}"))
}

fn incident(staff: &Session, id: &str) -> Value {
    staff.get_ok(&format!("/api/incidents/{id}"))
}

fn severity_rank(severity: &Value) -> usize {
    ["low", "medium", "high", "critical"]
        .iter()
        .position(|s| severity == s)
        .unwrap_or_else(|| panic!("a severity: {severity}"))
}

fn approve(staff: &Session, id: &str) -> Value {
    let reply = staff.post_empty(&format!("/api/password-resets/{id}/approve"));
    assert_eq!(reply.status, 200, "approve: {}", reply.text());
    json_of(&reply)
}

fn claim(app: &App, token: &str, code: &str, new_password: &str) -> ratusz_tests::HttpReply {
    app.anon().post(
        "/api/password-resets/claim",
        &json!({ "token": token, "code": code, "new_password": new_password }),
    )
}

/// Requests an `email_sms` reset anonymously, approves it as `staff`, and returns the reset view
/// and both halves (link token, SMS code).
fn approved_email_sms(app: &App, staff: &Session, user: &NewUser) -> (Value, String, String) {
    let mails = app.emails_to(&user.email).len();
    let sms = app
        .sms()
        .iter()
        .filter(|m| digits(m["to"].as_str().unwrap_or("")).ends_with(&user.phone_digits()))
        .count();
    let reply = app.anon().post(
        "/api/password-resets",
        &json!({ "email": user.email, "reason": "Zgubiłem hasło", "delivery": "email_sms" }),
    );
    assert_eq!(reply.status, 202, "{}", reply.text());
    let request = pending_for(staff, &user.id);
    let view = approve(staff, &str_field(&request, "id"));
    assert_eq!(view["status"], "approved", "{view}");
    let mail = app.wait_email_matching(&user.email, mails, |t| link_token_in(t).is_some());
    let token = link_token_in(&email_text(&mail)).unwrap();
    let sms = app.wait_sms_to(&user.phone_digits(), sms);
    let code = sms_code_in(sms["text"].as_str().unwrap_or(""))
        .unwrap_or_else(|| panic!("an 8-digit code in the SMS: {sms}"));
    assert!(
        !email_text(&mail).contains(&code),
        "the code is not in the e-mail (two channels)"
    );
    assert!(
        !sms["text"].as_str().unwrap().contains(&token),
        "the token is not in the SMS (two channels)"
    );
    (view, token, code)
}

/// A wrong 8-digit code, different from `code`.
fn wrong_code(code: &str, i: u32) -> String {
    let n: u32 = code.parse().unwrap();
    format!("{:08}", (n + 1 + i) % 100_000_000)
}

/// The queues' `status=` filters take only the values the document lists: an empty one is not
/// "no filter" but a 422 naming the parameter (the API fuzz step sends `?status=`).
#[test]
fn list_status_filters_take_only_listed_values() {
    let app = start();
    let admin = app.bootstrap_admin();
    for (list, listed) in [
        ("/api/password-resets", "pending"),
        ("/api/incidents", "open"),
    ] {
        assert_eq!(admin.get(&format!("{list}?status={listed}")).status, 200);
        for bad in ["", "PENDING%20", "bogus"] {
            let reply = admin.get(&format!("{list}?status={bad}"));
            assert_eq!(reply.status, 422, "{list}?status={bad}: {}", reply.text());
            let problem = json_of(&reply);
            assert_eq!(
                problem["fields"]["status"]["code"], "invalid_choice",
                "{problem}"
            );
        }
    }
}

#[test]
fn public_reset_request_answers_the_same_for_known_and_unknown_emails() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (user, _) = app.active_user(&admin, &["councillor"], &council);
    let ask = |email: &str| {
        app.anon().post(
            "/api/password-resets",
            &json!({ "email": email, "reason": "Zgubiłem hasło", "delivery": "email_sms" }),
        )
    };
    let known = ask(&user.email);
    let unknown = ask("nikt.taki@ratusz.test");
    assert_eq!(known.status, 202, "{}", known.text());
    assert_eq!(unknown.status, 202, "{}", unknown.text());
    assert_eq!(json_of(&known), json!({ "status": "accepted" }));
    assert_eq!(json_of(&unknown), json_of(&known));

    // The known one is queued with a password-loss incident; nothing changed yet.
    let request = pending_for(&admin, &user.id);
    assert!(request.get("requested_by").is_none_or(Value::is_null));
    let incident = incident(&admin, &str_field(&request, "incident_id"));
    assert_eq!(incident["kind"], "password_loss");
    assert_eq!(incident["account_id"], user.id.as_str());
    app.login(&user.email, STRONG_PASSWORD);
}

#[test]
fn email_sms_reset_sets_a_new_password_only_with_both_halves() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (_s, support) = app.active_user(&admin, &["support"], &council);
    let (user, session) = app.active_user(&admin, &["councillor"], &council);

    let (view, token, code) = approved_email_sms(&app, &support, &user);
    let id = str_field(&view, "id");
    assert_eq!(view["decided_by"], support.user_id().as_str());
    assert!(view["expires_at"].is_string(), "{view}");

    // Approval ends the old password and the session.
    assert_eq!(session.me().status, 401);
    assert_problem(
        &app.login_reply(&user.email, STRONG_PASSWORD),
        401,
        "invalid_credentials",
    );

    // Either half alone is not enough.
    assert_problem(
        &claim(&app, &token, &wrong_code(&code, 0), OTHER_PASSWORD),
        422,
        "invalid_claim",
    );
    assert_problem(
        &claim(&app, "zly-token", &code, OTHER_PASSWORD),
        422,
        "invalid_claim",
    );
    let mut other_token = token.clone();
    let last = other_token.pop().unwrap();
    other_token.push(if last == 'A' { 'B' } else { 'A' });
    assert_problem(
        &claim(&app, &other_token, &code, OTHER_PASSWORD),
        422,
        "invalid_claim",
    );

    // A weak new password is a validation error and keeps the claim usable.
    let reply = claim(&app, &token, &code, "abc");
    assert_eq!(reply.status, 422, "{}", reply.text());

    let reply = claim(&app, &token, &code, OTHER_PASSWORD);
    assert_eq!(reply.status, 204, "{}", reply.text());
    let session = app.login(&user.email, OTHER_PASSWORD);
    assert!(!session.must_change_password);

    // Single use.
    assert_problem(
        &claim(&app, &token, &code, STRONG_PASSWORD),
        422,
        "invalid_claim",
    );
    let view = reset_view(&support, &id);
    assert_eq!(view["status"], "completed", "{view}");
    let incident = incident(&support, &str_field(&view, "incident_id"));
    assert_eq!(incident["status"], "closed", "{incident}");

    let verify = admin.get_ok("/api/audit/verify");
    assert_eq!(verify["valid"], true, "{verify}");
}

#[test]
fn five_wrong_sms_codes_burn_the_reset_token() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (user, _) = app.active_user(&admin, &["councillor"], &council);
    let (view, token, code) = approved_email_sms(&app, &admin, &user);
    let id = str_field(&view, "id");
    let incident_id = str_field(&view, "incident_id");
    let severity_before = severity_rank(&incident(&admin, &incident_id)["severity"]);

    for i in 0..5 {
        assert_problem(
            &claim(&app, &token, &wrong_code(&code, i), OTHER_PASSWORD),
            422,
            "invalid_claim",
        );
    }
    // Burned: the right code no longer works.
    assert_problem(
        &claim(&app, &token, &code, OTHER_PASSWORD),
        422,
        "invalid_claim",
    );
    assert_problem(
        &app.login_reply(&user.email, OTHER_PASSWORD),
        401,
        "invalid_credentials",
    );
    assert_eq!(reset_view(&admin, &id)["status"], "burned");
    let severity_after = severity_rank(&incident(&admin, &incident_id)["severity"]);
    let raised_elsewhere = incidents(&admin).iter().any(|i| {
        i["kind"] == "claim_bruteforce"
            && i["account_id"] == user.id.as_str()
            && severity_rank(&i["severity"]) > severity_before
    });
    assert!(
        severity_after > severity_before || raised_elsewhere,
        "the incident's severity rises: before {severity_before}, after {severity_after}"
    );
}

#[test]
fn claim_link_expires_after_72_hours() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (user, _) = app.active_user(&admin, &["councillor"], &council);
    let (view, token, code) = approved_email_sms(&app, &admin, &user);
    app.advance_clock(73 * HOUR);
    let reply = claim(&app, &token, &code, OTHER_PASSWORD);
    assert!(
        matches!(reply.status, 410 | 422),
        "an expired link is refused: {} {}",
        reply.status,
        reply.text()
    );
    let admin = app.admin();
    let status = reset_view(&admin, &str_field(&view, "id"))["status"].clone();
    assert_eq!(status, "expired");
}

#[test]
fn the_requester_cannot_decide_their_own_request() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (_s, support) = app.active_user(&admin, &["support"], &council);
    let (user, session) = app.active_user(&admin, &["councillor"], &council);

    let reply = support.post(
        "/api/password-resets",
        &json!({ "email": user.email, "reason": "Zgłoszenie osobiste", "delivery": "letter" }),
    );
    assert_eq!(reply.status, 202, "{}", reply.text());
    let id = str_field(&json_of(&reply), "id");
    assert_eq!(
        reset_view(&admin, &id)["requested_by"],
        support.user_id().as_str()
    );

    assert_problem(
        &support.post_empty(&format!("/api/password-resets/{id}/approve")),
        403,
        "four_eyes",
    );
    assert_problem(
        &support.post(
            &format!("/api/password-resets/{id}/reject"),
            &json!({ "reason": "sam sobie" }),
        ),
        403,
        "four_eyes",
    );
    assert_eq!(reset_view(&admin, &id)["status"], "pending");
    assert_eq!(session.me().status, 200, "nothing happened yet");

    let view = approve(&admin, &id);
    assert_eq!(view["decided_by"], admin.user_id().as_str());
}

#[test]
fn a_rejected_request_changes_nothing_and_is_told_to_the_requester() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let school = app.create_unit(&admin, "Szkoła Podstawowa nr 5", "school");
    let (director_user, director) = app.active_user(&admin, &["director"], &school);
    let (user, session) = app.active_user(&admin, &["councillor"], &school);
    let _ = council;

    let reply = director.post(
        "/api/password-resets",
        &json!({ "email": user.email, "reason": "Prośba dyrektora", "delivery": "email_sms" }),
    );
    assert_eq!(reply.status, 202, "{}", reply.text());
    let id = str_field(&json_of(&reply), "id");
    let mails_before = app.emails_to(&director_user.email).len();

    let reply = admin.post(
        &format!("/api/password-resets/{id}/reject"),
        &json!({ "reason": "Brak potwierdzenia tożsamości" }),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let view = json_of(&reply);
    assert_eq!(view["status"], "rejected");
    assert_eq!(view["decision_reason"], "Brak potwierdzenia tożsamości");

    assert_eq!(session.me().status, 200, "session untouched");
    app.login(&user.email, STRONG_PASSWORD);
    app.wait_emails_to(&director_user.email, mails_before + 1);
    // A decided request cannot be approved afterwards.
    let reply = admin.post_empty(&format!("/api/password-resets/{id}/approve"));
    assert_eq!(reply.status, 409, "{}", reply.text());
}

/// Candidate start passwords in a letter: long tokens of letters and digits outside the markup.
fn password_candidates(html: &str) -> Vec<String> {
    let mut text = String::new();
    let mut rest = html;
    // Drop <style> and <script> blocks, then tags.
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        text.push(' ');
        let after = &rest[start..];
        let lower = after.to_ascii_lowercase();
        let end = if lower.starts_with("<style") || lower.starts_with("<script") {
            let close = if lower.starts_with("<style") {
                "</style>"
            } else {
                "</script>"
            };
            lower.find(close).map(|i| i + close.len())
        } else {
            after.find('>').map(|i| i + 1)
        };
        match end {
            Some(end) => rest = &after[end..],
            None => {
                rest = "";
                break;
            }
        }
    }
    text.push_str(rest);
    let mut out: Vec<String> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | ';' | '(' | ')'))
        .map(|w| w.trim_end_matches(['.', ':']))
        .filter(|w| w.chars().count() >= 16 && w.chars().count() <= 64)
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()) && w.chars().any(char::is_alphabetic))
        .filter(|w| !w.contains('/') && !w.contains('@') && !w.contains('='))
        .map(str::to_owned)
        .collect();
    out.dedup();
    out
}

#[test]
fn letter_reset_shows_the_start_password_once_and_records_the_handover() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (_s, support) = app.active_user(&admin, &["support"], &council);
    let (user, session) = app.active_user(&admin, &["councillor"], &council);

    let reply = admin.post(
        "/api/password-resets",
        &json!({ "email": user.email, "reason": "Wniosek złożony osobiście", "delivery": "letter" }),
    );
    assert_eq!(reply.status, 202, "{}", reply.text());
    let id = str_field(&json_of(&reply), "id");
    approve(&support, &id);
    assert_eq!(session.me().status, 401, "approval ends the session");

    let letter = admin.get(&format!("/api/password-resets/{id}/letter"));
    assert_eq!(letter.status, 200, "{}", letter.text());
    assert!(
        letter
            .header("content-type")
            .unwrap_or("")
            .starts_with("text/html"),
        "{:?}",
        letter.headers
    );
    let html = letter.text();
    assert!(
        html.contains("F-01"),
        "the proxy form F-01 is in the letter"
    );
    assert!(
        html.contains("@media print") || html.contains("@page") || html.contains("media=\"print\""),
        "print CSS"
    );

    assert_problem(
        &admin.get(&format!("/api/password-resets/{id}/letter")),
        410,
        "letter_already_shown",
    );
    assert_problem(
        &support.get(&format!("/api/password-resets/{id}/letter")),
        410,
        "letter_already_shown",
    );
    assert_eq!(reset_view(&admin, &id)["letter_printed"], true);

    let reply = admin.post(
        &format!("/api/password-resets/{id}/handover"),
        &json!({
            "collected_by": "proxy",
            "proxy_name": "Jan Kowalski",
            "document_kind": "id_card",
            "document_last4": "4821",
        }),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let view = json_of(&reply);
    assert_eq!(view["status"], "handed_over", "{view}");
    let handover = &view["handover"];
    assert_eq!(handover["collected_by"], "proxy");
    assert_eq!(handover["proxy_name"], "Jan Kowalski");
    assert_eq!(handover["document_kind"], "id_card");
    assert_eq!(handover["document_last4"], "4821");
    assert_eq!(handover["recorded_by"], admin.user_id().as_str());

    // The holder signs in with the letter's start password and must change it.
    let candidates = password_candidates(&html);
    assert!(
        !candidates.is_empty() && candidates.len() <= 4,
        "the start password is recognisable in the letter: {candidates:?}"
    );
    let start_password = candidates
        .iter()
        .find(|c| app.login_reply(&user.email, c).status == 200)
        .unwrap_or_else(|| panic!("one of {candidates:?} signs in"))
        .clone();
    let start = app.login(&user.email, &start_password);
    assert!(start.must_change_password);
    start.change_password_ok(&start_password, OTHER_PASSWORD);
    assert_eq!(reset_view(&admin, &id)["status"], "completed");
}

#[test]
fn every_reset_step_is_in_an_audit_chain_that_notices_tampering() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (user, _) = app.active_user(&admin, &["councillor"], &council);
    let reset_entries = |admin: &Session| {
        app.audit(admin)
            .iter()
            .filter(|e| {
                e["action"].as_str().unwrap_or("").contains("reset")
                    || e["object"].as_str().unwrap_or("").contains("reset")
            })
            .count()
    };

    let before = reset_entries(&admin);
    let reply = app.anon().post(
        "/api/password-resets",
        &json!({ "email": user.email, "reason": "Zgubiłem hasło", "delivery": "email_sms" }),
    );
    assert_eq!(reply.status, 202);
    let requested = reset_entries(&admin);
    assert!(requested > before, "the request is audited");
    // The request above is pending: approve it and read both halves.
    let request = pending_for(&admin, &user.id);
    approve(&admin, &str_field(&request, "id"));
    let mail = app.wait_email_matching(&user.email, 0, |t| link_token_in(t).is_some());
    let token = link_token_in(&email_text(&mail)).unwrap();
    let sms = app.wait_sms_to(&user.phone_digits(), 0);
    let code = sms_code_in(sms["text"].as_str().unwrap()).unwrap();
    let approved = reset_entries(&admin);
    assert!(approved > requested, "the approval is audited");
    assert_eq!(claim(&app, &token, &code, OTHER_PASSWORD).status, 204);
    assert!(reset_entries(&admin) > approved, "the claim is audited");

    // The chain verifies on the server and here.
    let audit = app.audit(&admin);
    let verify = admin.get_ok("/api/audit/verify");
    assert_eq!(verify["valid"], true, "{verify}");
    assert_eq!(
        verify["entries"].as_u64().unwrap() as usize,
        audit.len(),
        "{verify}"
    );
    assert_eq!(verify["head_hash"], audit.last().unwrap()["hash"]);
    let entries: Vec<AuditEntry> = audit
        .iter()
        .map(|e| serde_json::from_value(e.clone()).unwrap())
        .collect();
    let local = ratusz_domain::audit::verify(&entries);
    assert!(local.valid, "recomputed from the export: {local:?}");
    assert!(
        audit.iter().all(|e| !e.to_string().contains(OTHER_PASSWORD)
            && !e.to_string().contains(&code)
            && !e.to_string().contains(&token)),
        "no secrets in the audit chain"
    );

    // Tamper with one stored entry in the middle of the chain.
    let target = audit[audit.len() / 2]["seq"].as_u64().unwrap();
    tamper(&app, target);
    let verify = admin.get_ok("/api/audit/verify");
    assert_eq!(verify["valid"], false, "{verify}");
    assert_eq!(verify["first_broken_seq"], target, "{verify}");
}

/// Changes the `actor` (or another text column) of the audit row with `seq` in the host's
/// SQLite file.
fn tamper(app: &App, seq: u64) {
    let db = rusqlite::Connection::open(app.database_path()).unwrap();
    db.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
    let tables: Vec<String> = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%audit%'")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let table = tables
        .iter()
        .find(|t| {
            let columns = columns(&db, t);
            columns.iter().any(|c| c == "seq") && columns.iter().any(|c| c == "hash")
        })
        .unwrap_or_else(|| panic!("an audit table with seq and hash among {tables:?}"));
    let columns = columns(&db, table);
    let column = ["actor", "data", "object", "action"]
        .into_iter()
        .find(|c| columns.iter().any(|k| k == c))
        .unwrap_or_else(|| panic!("a text column in {table}: {columns:?}"));
    let changed = if column == "data" {
        db.execute(
            &format!("UPDATE {table} SET data = '{{\"tampered\":true}}' WHERE seq = ?1"),
            [i64::try_from(seq).unwrap()],
        )
    } else {
        db.execute(
            &format!("UPDATE {table} SET {column} = {column} || 'x' WHERE seq = ?1"),
            [i64::try_from(seq).unwrap()],
        )
    }
    .unwrap();
    assert_eq!(changed, 1, "one row of {table} changed");
}

fn columns(db: &rusqlite::Connection, table: &str) -> Vec<String> {
    db.prepare(&format!("PRAGMA table_info({table})"))
        .unwrap()
        .query_map([], |row| row.get::<_, String>(1))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The `rule` parameter of a problem reply.
fn rule_of(reply: &ratusz_tests::HttpReply) -> String {
    json_of(reply)["params"]["rule"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The start password in a letter: the candidate that signs `email` in.
fn start_password_from_letter(app: &App, email: &str, html: &str) -> String {
    let candidates = password_candidates(html);
    candidates
        .iter()
        .find(|c| app.login_reply(email, c).status == 200)
        .unwrap_or_else(|| panic!("one of {candidates:?} signs in"))
        .clone()
}

#[test]
fn one_support_worker_cannot_file_approve_and_print_an_administrators_reset() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (target, target_session) = app.active_user(&admin, &["admin"], &council);
    let (_m, mallory) = app.active_user(&admin, &["support"], &council);
    let (_t, trudy) = app.active_user(&admin, &["support"], &council);

    // The attack, from outside: the public form (signed out) names the administrator …
    let reply = app.anon().post(
        "/api/password-resets",
        &json!({ "email": target.email, "reason": "Zgubiłem hasło", "delivery": "letter" }),
    );
    assert_eq!(reply.status, 202, "{}", reply.text());
    let id = str_field(&pending_for(&mallory, &target.id), "id");
    // … the same support worker approves it …
    approve(&mallory, &id);
    assert_eq!(target_session.me().status, 401, "approval ends the session");
    // … and may not print the letter holding the secret, nor record its handover.
    let letter = mallory.get(&format!("/api/password-resets/{id}/letter"));
    assert_problem(&letter, 403, "four_eyes");
    assert_eq!(rule_of(&letter), "approver_handles_secret");
    assert_eq!(
        reset_view(&admin, &id)["letter_printed"],
        false,
        "nothing printed"
    );

    // The legitimate path: a second person prints the letter and hands it over.
    let letter = trudy.get(&format!("/api/password-resets/{id}/letter"));
    assert_eq!(letter.status, 200, "{}", letter.text());
    let handover = json!({
        "collected_by": "holder",
        "document_kind": "id_card",
        "document_last4": "4821",
    });
    let reply = mallory.post(&format!("/api/password-resets/{id}/handover"), &handover);
    assert_problem(&reply, 403, "four_eyes");
    assert_eq!(rule_of(&reply), "approver_handles_secret");
    let reply = trudy.post(&format!("/api/password-resets/{id}/handover"), &handover);
    assert_eq!(reply.status, 200, "{}", reply.text());
    let start_password = start_password_from_letter(&app, &target.email, &letter.text());
    let start = app.login(&target.email, &start_password);
    assert!(start.must_change_password);
    let session = start.change_password_ok(&start_password, OTHER_PASSWORD);
    assert_eq!(
        session.get("/api/users").status,
        200,
        "the administrator is back"
    );
    assert_eq!(reset_view(&admin, &id)["status"], "completed");
}

#[test]
fn an_administrators_email_sms_reset_needs_a_staff_requester_besides_the_approver() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (target, target_session) = app.active_user(&admin, &["admin"], &council);
    let (_s, support) = app.active_user(&admin, &["support"], &council);
    let (_t, other) = app.active_user(&admin, &["support"], &council);

    // A public request: only one staff member (the approver) would take part.
    let reply = app.anon().post(
        "/api/password-resets",
        &json!({ "email": target.email, "reason": "Zgubiłem hasło", "delivery": "email_sms" }),
    );
    assert_eq!(reply.status, 202, "{}", reply.text());
    let id = str_field(&pending_for(&support, &target.id), "id");
    let reply = support.post_empty(&format!("/api/password-resets/{id}/approve"));
    assert_problem(&reply, 403, "four_eyes");
    assert_eq!(rule_of(&reply), "admin_needs_two_staff");
    assert_eq!(reset_view(&admin, &id)["status"], "pending");
    assert_eq!(target_session.me().status, 200, "nothing happened");
    // It can still be rejected, and a request recorded by a colleague can be approved.
    let reply = support.post(
        &format!("/api/password-resets/{id}/reject"),
        &json!({ "reason": "Proszę zgłosić się osobiście" }),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let reply = other.post(
        "/api/password-resets",
        &json!({ "email": target.email, "reason": "Wniosek osobisty", "delivery": "email_sms" }),
    );
    assert_eq!(reply.status, 202, "{}", reply.text());
    let id = str_field(&json_of(&reply), "id");
    let view = approve(&support, &id);
    assert_eq!(view["status"], "approved");
}

#[test]
fn nobody_prints_or_hands_over_the_letter_of_their_own_approval_whoever_asked() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let school = app.create_unit(&admin, "Szkoła Podstawowa nr 9", "school");
    let (_d, director) = app.active_user(&admin, &["director"], &school);
    let (_s, support) = app.active_user(&admin, &["support"], &council);
    let (teacher, _) = app.active_user(&admin, &["councillor"], &school);
    let (clerk, _) = app.active_user(&admin, &["clerk"], &council);

    // A director's request and a request recorded by the administrator: the approver may
    // not print, the other staff member may.
    for (requester, holder) in [(&director, &teacher), (&admin, &clerk)] {
        let reply = requester.post(
            "/api/password-resets",
            &json!({ "email": holder.email, "reason": "Wniosek", "delivery": "letter" }),
        );
        assert_eq!(reply.status, 202, "{}", reply.text());
        let id = str_field(&json_of(&reply), "id");
        approve(&support, &id);
        let reply = support.get(&format!("/api/password-resets/{id}/letter"));
        assert_problem(&reply, 403, "four_eyes");
        assert_eq!(rule_of(&reply), "approver_handles_secret");
        let letter = admin.get(&format!("/api/password-resets/{id}/letter"));
        assert_eq!(letter.status, 200, "{}", letter.text());
        start_password_from_letter(&app, &holder.email, &letter.text());
    }
}

#[test]
fn an_approver_who_changed_the_holders_contact_data_cannot_approve_its_email_sms_reset() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (holder, holder_session) = app.active_user(&admin, &["councillor"], &council);
    let (_m, mallory) = app.active_user(&admin, &["admin"], &council);
    let (_s, support) = app.active_user(&admin, &["support"], &council);
    let mallory_phone = format!("+48 700 {:06}", unique());
    let mallory_digits = digits(&mallory_phone);

    // The attack, from outside: an administrator points the councillor's contact data at
    // themselves. The login e-mail is not editable (only the phone is) …
    let reply = mallory.patch(
        &format!("/api/users/{}", holder.id),
        &json!({ "email": "mallory@ratusz.test" }),
    );
    assert!(
        matches!(reply.status, 400 | 422),
        "the e-mail is fixed: {} {}",
        reply.status,
        reply.text()
    );
    // … but the phone, where the SMS code goes, is.
    let reply = mallory.patch(
        &format!("/api/users/{}", holder.id),
        &json!({ "phone": mallory_phone }),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    // A public `email_sms` request for the account (no requester) …
    let reply = app.anon().post(
        "/api/password-resets",
        &json!({ "email": holder.email, "reason": "Zgubiłem hasło", "delivery": "email_sms" }),
    );
    assert_eq!(reply.status, 202, "{}", reply.text());
    let id = str_field(&pending_for(&mallory, &holder.id), "id");
    // … which the same administrator may not approve: the SMS code would reach them.
    let reply = mallory.post_empty(&format!("/api/password-resets/{id}/approve"));
    assert_problem(&reply, 403, "four_eyes");
    assert_eq!(rule_of(&reply), "contact_changed_by_approver");
    assert_eq!(reset_view(&admin, &id)["status"], "pending");
    assert_eq!(holder_session.me().status, 200, "nothing happened");
    assert!(
        app.sms()
            .iter()
            .all(|m| !digits(m["to"].as_str().unwrap_or("")).ends_with(&mallory_digits)),
        "no code went to the changed phone"
    );

    // The legitimate path: another staff member approves, the holder claims with the link
    // from their own e-mail and the code from the new phone, and signs in.
    let mails = app.emails_to(&holder.email).len();
    let view = approve(&support, &id);
    assert_eq!(view["decided_by"], support.user_id().as_str());
    let mail = app.wait_email_matching(&holder.email, mails, |t| link_token_in(t).is_some());
    let token = link_token_in(&email_text(&mail)).unwrap();
    let sms = app.wait_sms_to(&mallory_digits[mallory_digits.len() - 9..], 0);
    let code = sms_code_in(sms["text"].as_str().unwrap()).unwrap();
    assert_eq!(claim(&app, &token, &code, OTHER_PASSWORD).status, 204);
    app.login(&holder.email, OTHER_PASSWORD);
    assert_eq!(reset_view(&admin, &id)["status"], "completed");
}
