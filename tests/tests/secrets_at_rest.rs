//! End-to-end: nothing secret at rest (issue 13). After a full accounts run through the real
//! host — bootstrap, accounts with start passwords, an `email_sms` reset with claim link and
//! SMS code, a letter reset, a lockout e-mail — no start password, claim token or SMS code is
//! in any file of the host's state directory (SQLite with its `-wal`, KV) nor in its log; with
//! no gateway configured (and not in development) the log holds no message text and the
//! message waits sealed until a gateway is configured. A cast in a secret poll leaves no row
//! that links the voter to the choice or the receipt.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_tests::CaptureServer;
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;
use support::accounts::*;
use support::at_rest::{files_under, occurrences};
use support::council::*;

/// Every start password, claim token and SMS code the gateway received.
fn secrets_sent(app: &App) -> Vec<String> {
    let mut secrets = Vec::new();
    for mail in app.emails() {
        let text = email_text(&mail);
        secrets.extend(start_password_in(&text));
        secrets.extend(link_token_in(&text));
    }
    for sms in app.sms() {
        secrets.extend(sms_code_in(sms["text"].as_str().unwrap_or("")));
    }
    secrets.sort();
    secrets.dedup();
    secrets
}

/// The pending reset request about `user_id`.
fn pending_reset(staff: &Session, user_id: &str) -> String {
    let page = staff.get_ok("/api/password-resets?status=pending&limit=500");
    let request = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["user_id"] == user_id)
        .cloned()
        .unwrap_or_else(|| panic!("a pending request for {user_id}: {page}"));
    str_field(&request, "id")
}

/// Words of a letter that could be its start password (long, with letters and digits).
fn letter_candidates(html: &str) -> Vec<String> {
    let text: String = {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    out.push(' ');
                }
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    };
    text.split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | ',' | ';' | '(' | ')'))
        .map(|w| w.trim_end_matches(['.', ':']))
        .filter(|w| (16..=64).contains(&w.chars().count()))
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()) && w.chars().any(char::is_alphabetic))
        .filter(|w| !w.contains('/') && !w.contains('@') && !w.contains('='))
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_full_accounts_run_leaves_no_secret_in_the_state_directory_or_the_log() {
    // Even in development mode: with a gateway configured, the log never gets a message.
    let app = start_with(&[("lockout_threshold", "3"), ("dev_log_messages", "true")]);
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (_support_user, support) = app.active_user(&admin, &["support"], &council);
    let (holder, _) = app.active_user(&admin, &["councillor"], &council);
    let (letter_holder, _) = app.active_user(&admin, &["councillor"], &council);
    let (locked, _) = app.active_user(&admin, &["councillor"], &council);

    // An e-mail + SMS reset, claimed with both halves.
    let mails = app.emails_to(&holder.email).len();
    let reply = app.anon().post(
        "/api/password-resets",
        &json!({ "email": holder.email, "reason": "Zgubiłem hasło", "delivery": "email_sms" }),
    );
    assert_eq!(reply.status, 202, "{}", reply.text());
    let id = pending_reset(&admin, &holder.id);
    let approved = admin.post_empty(&format!("/api/password-resets/{id}/approve"));
    assert_eq!(approved.status, 200, "{}", approved.text());
    let mail = app.wait_email_matching(&holder.email, mails, |t| link_token_in(t).is_some());
    let token = link_token_in(&email_text(&mail)).unwrap();
    let sms = app.wait_sms_to(&holder.phone_digits(), 0);
    let code = sms_code_in(sms["text"].as_str().unwrap()).unwrap();
    let claimed = app.anon().post(
        "/api/password-resets/claim",
        &json!({ "token": token, "code": code, "new_password": OTHER_PASSWORD }),
    );
    assert!(claimed.status < 300, "claim: {}", claimed.text());

    // A letter reset: approved by one staff member, printed by another.
    let reply = app.anon().post(
        "/api/password-resets",
        &json!({ "email": letter_holder.email, "reason": "Wniosek osobisty", "delivery": "letter" }),
    );
    assert_eq!(reply.status, 202, "{}", reply.text());
    let id = pending_reset(&admin, &letter_holder.id);
    let approved = admin.post_empty(&format!("/api/password-resets/{id}/approve"));
    assert_eq!(approved.status, 200, "{}", approved.text());
    let letter = support.get(&format!("/api/password-resets/{id}/letter"));
    assert_eq!(letter.status, 200, "{}", letter.text());
    let letter_password = letter_candidates(&letter.text())
        .into_iter()
        .find(|c| app.login_reply(&letter_holder.email, c).status == 200)
        .expect("the letter's start password signs in");

    // A lockout, which e-mails the holder.
    let before = app.emails_to(&locked.email).len();
    for _ in 0..3 {
        app.login_reply(&locked.email, WRONG_PASSWORD);
    }
    app.wait_emails_to(&locked.email, before + 1);

    let mut secrets = secrets_sent(&app);
    assert!(
        secrets.len() >= 6,
        "start passwords, a claim token and an SMS code went out: {secrets:?}"
    );
    secrets.push(letter_password);
    // Give the delivery passes time to record what they sent, then look.
    std::thread::sleep(Duration::from_millis(500));
    let found = occurrences(app.host.state_dir(), &app.host.logs(), &secrets);
    assert!(found.is_empty(), "secrets at rest: {found:#?}");

    // Delivered messages keep no address and no text, sealed or not.
    let db = rusqlite::Connection::open(app.database_path()).unwrap();
    let left: i64 = db
        .query_row(
            "SELECT count(*) FROM outbox WHERE status = 'sent' AND (recipient <> '' OR body <> '' OR sealed IS NOT NULL)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0, "sent messages are wiped");
}

#[test]
fn without_a_gateway_the_log_holds_no_message_and_the_message_waits_sealed() {
    let state = tempfile::tempdir().unwrap();
    let state_dir = state.path().join("state");
    // No gateway and not in development: the bootstrap e-mail cannot be delivered.
    let mut first = support::app_host()
        .variable("bootstrap_admin_email", ADMIN_EMAIL)
        .state_dir(&state_dir)
        .test_clock()
        .start()
        .unwrap();
    assert_eq!(first.get("/api/health").unwrap().status, 200);
    ratusz_tests::wait_until(
        "the outbox to try the message",
        Duration::from_secs(15),
        || first.logs().contains("outbox").then_some(()),
    )
    .unwrap();
    let first_log = first.logs();
    assert!(
        start_password_in(&first_log).is_none() && !first_log.contains("Start password"),
        "the log fallback printed the message outside development:\n{first_log}"
    );
    first.stop().unwrap();

    // The same state with a gateway: the waiting message goes out (its retry is due).
    let gateway = CaptureServer::start().unwrap();
    let second = support::app_host()
        .variable("bootstrap_admin_email", ADMIN_EMAIL)
        .state_dir(&state_dir)
        .gateways(&gateway)
        .test_clock()
        .schedule("1s /internal/tick")
        .start()
        .unwrap();
    second.advance_clock(10 * 60).unwrap();
    let mails = gateway
        .wait_for(EMAIL_PATH, 1, Duration::from_secs(30))
        .expect("the queued start password reaches the gateway once configured");
    let password = start_password_in(&email_text(&mails[0])).unwrap();
    let found = occurrences(
        &state_dir,
        &format!("{first_log}\n{}", second.logs()),
        &[password],
    );
    assert!(found.is_empty(), "secrets at rest: {found:#?}");
}

/// Every row of every table in the SQLite files under `dir`, each as the text of its columns.
fn all_rows(dir: &Path) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    for path in files_under(dir) {
        if path.extension().is_none_or(|e| e != "db") {
            continue;
        }
        let db = rusqlite::Connection::open(&path).unwrap();
        let tables: Vec<String> = db
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for table in tables {
            let mut stmt = db.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
            let n = stmt.column_count();
            let mut q = stmt.query([]).unwrap();
            while let Some(row) = q.next().unwrap() {
                let mut text = String::new();
                for i in 0..n {
                    use rusqlite::types::ValueRef;
                    match row.get_ref(i).unwrap() {
                        ValueRef::Text(t) | ValueRef::Blob(t) => {
                            text.push_str(&String::from_utf8_lossy(t));
                        }
                        ValueRef::Integer(v) => text.push_str(&v.to_string()),
                        ValueRef::Real(v) => text.push_str(&v.to_string()),
                        ValueRef::Null => {}
                    }
                    text.push('\u{1f}');
                }
                rows.push((format!("{}:{table}", path.display()), text));
            }
        }
    }
    rows
}

#[test]
fn a_secret_cast_leaves_no_row_linking_the_voter_to_the_choice() {
    let council = start_council(3);
    let id = council.live_meeting(3, 3);
    let pid = council.create_poll_as(
        &council.clerk.session,
        &id,
        &poll_body("Tajne: wybór ławnika", "secret"),
    );
    council.open_poll(&id, &pid);
    let voter = &council.councillors[0];
    let key = "f3b8c1d2-secret-cast-0001";
    let first = cast(&voter.session, &id, &pid, "against", Some(key));
    assert_eq!(first.status, 201, "{}", first.text());
    let receipt = str_field(&json_of(&first), "receipt");
    // A retried request with the same key gets the same answer (its receipt included) …
    let again = cast(&voter.session, &id, &pid, "against", Some(key));
    assert_eq!(again.status, 201, "{}", again.text());
    assert_eq!(json_of(&again), json_of(&first));
    // … the same key with another choice is refused, the vote unchanged.
    let other = cast(&voter.session, &id, &pid, "for", Some(key));
    assert_problem(&other, 422, "idempotency_mismatch");
    // The others vote too, without keys.
    for member in &council.councillors[1..] {
        let reply = cast(&member.session, &id, &pid, "for", None);
        assert_eq!(reply.status, 201, "{}", reply.text());
    }

    // No row anywhere holds the voter's id together with the receipt, the choice or a
    // fingerprint of a cast body (three bodies: a hash would name the choice).
    let path = format!("/api/sessions/{id}/polls/{pid}/votes");
    let fingerprints: Vec<String> = ["for", "against", "abstain"]
        .iter()
        .map(|c| {
            let body = serde_json::to_vec(&json!({ "choice": c })).unwrap();
            ratusz_domain::idempotency::fingerprint("POST", &path, &body)
        })
        .collect();
    let links: Vec<(String, String)> = all_rows(council.app.host.state_dir())
        .into_iter()
        .filter(|(_, text)| text.contains(&voter.id))
        .filter(|(_, text)| {
            text.contains(&receipt)
                || text.contains("against")
                || fingerprints.iter().any(|f| text.contains(f.as_str()))
        })
        .collect();
    assert!(
        links.is_empty(),
        "rows linking the voter to the vote: {links:#?}"
    );

    // The ballot itself is there, with its receipt, and the voter is listed as having voted.
    let result = council.close_poll(&id, &pid);
    let shown = if result["counts"].is_object() {
        result
    } else {
        council.result(&id, &pid)
    };
    assert_eq!(shown["counts"]["against"], 1, "{shown}");
    let _: &Value = &shown;
}

#[test]
fn a_malformed_keyring_stores_no_message_at_all() {
    // Fail closed: a keyring that cannot seal means no message is queued — never one in
    // plaintext instead. (An unset keyring is refused earlier: `data_keys` is required.)
    let app = support::app_host()
        .variable("bootstrap_admin_email", ADMIN_EMAIL)
        .variable("data_keys", "k1:c2hvcnQ")
        .start()
        .unwrap();
    app.get("/api/health").unwrap();
    ratusz_tests::wait_until("the refusal in the log", Duration::from_secs(15), || {
        app.logs().contains("data_keys").then_some(())
    })
    .unwrap_or_else(|e| panic!("{e}:\n{}", app.logs()));
    let db = rusqlite::Connection::open(app.state_dir().join("sqlite_db.db")).unwrap();
    let queued: i64 = db
        .query_row("SELECT count(*) FROM outbox", [], |r| r.get(0))
        .unwrap();
    assert_eq!(queued, 0, "nothing is queued without a usable keyring");
    assert!(start_password_in(&app.logs()).is_none(), "{}", app.logs());
}

#[test]
fn an_undelivered_message_is_wiped_after_seven_days() {
    let app = support::app_host()
        .variable("bootstrap_admin_email", ADMIN_EMAIL)
        .test_clock()
        .schedule("1s /internal/tick")
        .start()
        .unwrap();
    assert_eq!(app.get("/api/health").unwrap().status, 200);
    let db = rusqlite::Connection::open(app.state_dir().join("sqlite_db.db")).unwrap();
    let row = || -> (String, bool) {
        db.query_row(
            "SELECT status, sealed IS NOT NULL FROM outbox ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap_or_default()
    };
    assert_eq!(row(), ("pending".to_owned(), true), "waiting, sealed");
    app.advance_clock(8 * 24 * 3600).unwrap();
    ratusz_tests::wait_until("the message to expire", Duration::from_secs(20), || {
        (row().0 == "expired").then_some(())
    })
    .unwrap_or_else(|e| panic!("{e}: {:?}", row()));
    let (recipient, body, sealed): (String, String, Option<String>) = db
        .query_row(
            "SELECT recipient, body, sealed FROM outbox ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((recipient.as_str(), body.as_str(), sealed), ("", "", None));
}
