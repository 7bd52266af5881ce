//! End-to-end: the app in Spin's SQLite model (a connection per opened handle, SQLite's
//! defaults, a 5 s busy timeout, no write queue — the host's default, as on Spin 3.6).
//! Enrolments (each hashes a start password with argon2id), logins and password changes in
//! parallel beside a 200-voter burst: no 5xx but the 503 `busy` a vote may meet on a loaded
//! machine (with `Retry-After`; the tablet's "retry" sends the same attempt again, and so
//! does this test), nothing lost. Before the platform kit the app
//! held the database's write lock while hashing, so enrolments ran one after another; once
//! their hashing outlasted the 5 s busy timeout (120 enrolments ≈ 7 s here) the rest failed
//! with `database is locked` 500s — what a dozen enrolments did on real Spin, whose hashing
//! was slower. Now hashing runs before a short transaction and a busy database is retried.
//! Also: gateway requests carry a Content-Length, and the token-protected tick for Spin.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_tests::RequestLogLine;
use serde_json::json;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use support::accounts::*;
use support::council::*;

const ENROLMENTS: usize = 120;
/// Of those, how many then sign in, change their start password and sign in again, in parallel.
const SIGN_INS: usize = 16;
const VOTERS: usize = 200;

/// Every 5xx but a vote's 503 `busy`, which the tablet rides out (checked as it happens:
/// each carried `Retry-After` and its retry got through).
fn server_errors(log: &[RequestLogLine]) -> Vec<String> {
    log.iter()
        .filter(|l| l.status >= 500 && !(l.status == 503 && l.path.ends_with("/votes")))
        .map(|l| format!("{} {} → {}", l.method, l.path, l.status))
        .collect()
}

#[test]
fn parallel_enrolments_logins_and_a_vote_burst_see_no_500_and_lose_nothing() {
    let council = start_council(VOTERS);
    let app = &council.app;
    let admin = &council.admin;
    let unit = app.council_unit(admin);
    let id = council.live_meeting(VOTERS, VOTERS);
    let pid = council.create_poll(&id, "Uchwała budżetowa na rok 2027");
    council.open_poll(&id, &pid);

    // Enrolments (start password hashed per account, e-mail queued and delivered) and the
    // vote burst, released together.
    let n = unique();
    let bodies: Vec<serde_json::Value> = (0..ENROLMENTS)
        .map(|i| {
            json!({
                "first_name": "Jan",
                "last_name": format!("Równoległy{n}x{i}"),
                "email": format!("rownolegly.{n}.{i}@ratusz.test"),
                "unit_id": unit,
                "roles": ["councillor"],
            })
        })
        .collect();
    enum Job<'a> {
        Enrol(&'a serde_json::Value),
        Vote(usize, &'a Member),
    }
    let jobs: Vec<Job> = bodies
        .iter()
        .map(Job::Enrol)
        .chain(
            council
                .councillors
                .iter()
                .enumerate()
                .map(|(i, m)| Job::Vote(i, m)),
        )
        .collect();
    let ridden_out = AtomicU32::new(0);
    let replies = in_parallel(&jobs, |job| match job {
        Job::Enrol(body) => admin.post("/api/users", body),
        Job::Vote(i, m) => {
            let (reply, busy) = cast_as_the_tablet(
                &m.session,
                &id,
                &pid,
                ["for", "against", "abstain"][i % 3],
                &format!("burst-{n}-{i}"),
            );
            ridden_out.fetch_add(busy, Ordering::Relaxed);
            reply
        }
    });
    eprintln!(
        "vote burst: {} busy answer(s) ridden out by pressing the tablet's retry",
        ridden_out.load(Ordering::Relaxed)
    );
    for (job, reply) in jobs.iter().zip(&replies) {
        let what = match job {
            Job::Enrol(body) => format!("enrolment of {}", body["email"]),
            Job::Vote(i, _) => format!("vote {i}"),
        };
        assert_eq!(reply.status, 201, "{what}: {}", reply.text());
    }

    // Every start password arrives; every new account signs in and changes it, in parallel.
    let all_emails: Vec<String> = bodies
        .iter()
        .map(|b| b["email"].as_str().unwrap().to_owned())
        .collect();
    let start_passwords: Vec<String> = all_emails
        .iter()
        .map(|e| app.wait_start_password(e, 0))
        .collect();
    let emails = &all_emails[..SIGN_INS];
    let pairs: Vec<(&String, &String)> = emails.iter().zip(&start_passwords).collect();
    let changed = in_parallel(&pairs, |(email, password)| {
        let session = app.login(email, password);
        session.change_password(password, STRONG_PASSWORD)
    });
    for reply in &changed {
        assert_eq!(reply.status, 200, "password change: {}", reply.text());
    }
    let logins = in_parallel(emails, |email| app.login_reply(email, STRONG_PASSWORD));
    for reply in &logins {
        assert_eq!(reply.status, 200, "login: {}", reply.text());
    }

    // Nothing lost: every account listed, every vote counted, the chain intact.
    let listed = admin.get_ok(&format!("/api/users?q=rownolegly.{n}.&limit=500"));
    assert_eq!(
        listed["items"].as_array().map(Vec::len),
        Some(ENROLMENTS),
        "{listed}"
    );
    council.close_poll(&id, &pid);
    let result = council.result(&id, &pid);
    let counts = &result["counts"];
    let total: u64 = ["for", "against", "abstain"]
        .iter()
        .map(|c| counts[c].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(total, VOTERS as u64, "{counts}");
    council.assert_audit_valid();
    let errors = server_errors(&app.host.request_log());
    assert!(errors.is_empty(), "server errors: {errors:?}");
}

#[test]
fn gateway_requests_carry_a_content_length_not_a_chunked_body() {
    let app = start();
    let admin = app.bootstrap_admin();
    let unit = app.council_unit(&admin);
    let user = app.create_user(&admin, &["councillor"], &unit);
    let requests = app.gateway.requests_to("/email");
    let request = requests
        .iter()
        .find(|r| r.text().contains(&user.email))
        .expect("the start-password e-mail reached the gateway");
    assert_eq!(
        request.header("content-length"),
        Some(request.body.len().to_string().as_str()),
        "{:?}",
        request.headers
    );
    assert!(request.header("transfer-encoding").is_none());
}

const TICK_TOKEN: &str = "tick-token-for-tests-0123456789abcdef";

#[test]
fn the_tick_for_spin_needs_its_token_and_drives_the_outbox() {
    let app = start_with(&[("tick_token", TICK_TOKEN)]);
    let admin = app.bootstrap_admin();
    let unit = app.council_unit(&admin);
    let anon = app.anon();

    let tick = |token: Option<&str>| {
        let mut request = anon.request("POST", "/api/system/tick");
        if let Some(token) = token {
            request = request.header("authorization", &format!("Bearer {token}"));
        }
        request.send().expect("tick request")
    };
    assert_problem(&tick(None), 401, "invalid_token");
    assert_problem(
        &tick(Some("not-the-token-0123456789abcdef0123")),
        401,
        "invalid_token",
    );

    // A message the gateway refused waits for a retry; the tick with the token delivers it.
    app.gateway.set_failing(true);
    let reply = admin.post(
        "/api/users",
        &json!({
            "first_name": "Ewa", "last_name": "Ponowna", "email": "ponowna@ratusz.test",
            "unit_id": unit, "roles": ["clerk"],
        }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    app.gateway
        .wait_for("/email", 1, Duration::from_secs(10))
        .expect("first attempt");
    app.gateway.set_failing(false);
    let before = app.emails_to("ponowna@ratusz.test").len();
    app.advance_clock(120);
    let reply = tick(Some(TICK_TOKEN));
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(reply.json().unwrap()["ran_at"].is_string());
    let after = app.wait_emails_to("ponowna@ratusz.test", before + 1);
    assert!(after.len() > before);
}

#[test]
fn the_tick_for_spin_is_off_without_a_token() {
    let app = start();
    let reply = app
        .anon()
        .request("POST", "/api/system/tick")
        .header("authorization", "Bearer anything-at-all-0123456789abcdef")
        .send()
        .expect("tick request");
    assert_problem(&reply, 404, "not_found");
}

#[test]
fn the_apps_own_migration_puts_the_database_in_wal_mode_on_spins_model() {
    // The host opens SQLite as Spin does and sets no journal mode; the app's migration 5 does,
    // and the mode is stored in the file, so Spin's connections get it too.
    let app = start();
    app.bootstrap_admin();
    let db = rusqlite::Connection::open(app.database_path()).expect("the database file opens");
    let mode: String = db
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .expect("journal mode");
    assert_eq!(mode, "wal");
}
