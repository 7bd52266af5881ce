//! End-to-end (issue 13, hardening at the edge): the per-address login throttle under a
//! parallel burst, the client address behind trusted reverse proxies (`trusted_proxies`,
//! `X-Forwarded-For`), and the strict CSP on every HTML page a component serves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_tests::HttpReply;
use serde_json::json;
use std::sync::{Arc, Barrier};
use support::accounts::*;
use support::council::*;

/// `POST /api/auth/login` from a fresh client, with an optional `X-Forwarded-For`.
fn login_via(base: &str, email: &str, password: &str, forwarded_for: Option<&str>) -> HttpReply {
    let mut request = Session::anonymous(base).request("POST", "/api/auth/login");
    if let Some(xff) = forwarded_for {
        request = request.header("x-forwarded-for", xff);
    }
    request
        .json(&json!({ "email": email, "password": password }))
        .send()
        .unwrap()
}

/// `n` wrong logins (unknown e-mails: no account lock interferes) sent at once.
fn parallel_wrong_logins(app: &App, n: usize, forwarded_for: Option<&str>) -> Vec<HttpReply> {
    let barrier = Arc::new(Barrier::new(n));
    let threads: Vec<_> = (0..n)
        .map(|i| {
            let barrier = Arc::clone(&barrier);
            let base = app.base();
            let xff = forwarded_for.map(str::to_owned);
            std::thread::spawn(move || {
                barrier.wait();
                login_via(
                    &base,
                    &format!("spray{i}@ratusz.test"),
                    WRONG_PASSWORD,
                    xff.as_deref(),
                )
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

/// At most 30 answered 401, the rest 429 `too_many_requests` with a `Retry-After` in the window.
#[track_caller]
fn assert_throttled_at_thirty(replies: &[HttpReply]) {
    let refused = replies.iter().filter(|r| r.status == 401).count();
    let throttled: Vec<&HttpReply> = replies.iter().filter(|r| r.status == 429).collect();
    let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
    eprintln!(
        "{} parallel wrong logins: {refused} × 401, {} × 429",
        replies.len(),
        throttled.len()
    );
    assert_eq!(
        refused + throttled.len(),
        replies.len(),
        "only 401 and 429: {statuses:?}"
    );
    assert!(
        refused <= 30,
        "at most 30 of {} parallel wrong logins get a password check, got {refused} × 401",
        replies.len()
    );
    assert!(refused >= 1, "{statuses:?}");
    for reply in throttled {
        assert_problem(reply, 429, "too_many_requests");
        let retry_after: u64 = reply
            .header("retry-after")
            .unwrap_or_else(|| panic!("Retry-After on 429: {:?}", reply.headers))
            .parse()
            .expect("Retry-After in seconds");
        assert!((1..=600).contains(&retry_after), "{retry_after}");
    }
}

#[test]
fn sixty_parallel_wrong_logins_from_one_address_get_at_most_thirty_401() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (user, _session) = app.active_user(&admin, &["councillor"], &council);
    align_to_window_start(&app, 10 * MINUTE);

    assert_throttled_at_thirty(&parallel_wrong_logins(&app, 60, None));
    // The address stays throttled for the window, even with the right password...
    assert_problem(
        &app.login_reply(&user.email, STRONG_PASSWORD),
        429,
        "too_many_requests",
    );
    // ...and is free again in the next one.
    app.advance_clock(10 * MINUTE);
    app.login(&user.email, STRONG_PASSWORD);
}

#[test]
fn a_successful_login_gives_its_reservation_back() {
    let app = start_with(&[("throttle_per_address", "3")]);
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (user, _session) = app.active_user(&admin, &["councillor"], &council);
    align_to_window_start(&app, 10 * MINUTE);

    // Many successes do not use up the failures the address may make.
    for _ in 0..5 {
        app.login(&user.email, STRONG_PASSWORD);
    }
    for i in 0..3 {
        assert_problem(
            &app.login_reply(&format!("nobody{i}@ratusz.test"), WRONG_PASSWORD),
            401,
            "invalid_credentials",
        );
    }
    assert_problem(
        &app.login_reply("nobody3@ratusz.test", WRONG_PASSWORD),
        429,
        "too_many_requests",
    );
}

#[test]
fn behind_a_trusted_proxy_each_forwarded_address_is_throttled_separately() {
    let app = start_with(&[("trusted_proxies", "10.0.0.0/8, 127.0.0.1/32, ::1/128")]);
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (user, _session) = app.active_user(&admin, &["councillor"], &council);
    align_to_window_start(&app, 10 * MINUTE);

    // The proxy appends the client it saw; anything left of it came from the client.
    let attacker = "198.51.100.23, 203.0.113.7";
    assert_throttled_at_thirty(&parallel_wrong_logins(&app, 60, Some(attacker)));
    assert_problem(
        &login_via(&app.base(), &user.email, STRONG_PASSWORD, Some(attacker)),
        429,
        "too_many_requests",
    );
    // Another client behind the same proxy (through a second, trusted hop) is unaffected.
    assert_problem(
        &login_via(
            &app.base(),
            "nobody@ratusz.test",
            WRONG_PASSWORD,
            Some("2001:db8::42, 10.1.2.3"),
        ),
        401,
        "invalid_credentials",
    );
    let reply = login_via(
        &app.base(),
        &user.email,
        STRONG_PASSWORD,
        Some("192.0.2.55"),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    // The throttled address is the one the audit records.
    let audit = app.audit(&app.admin());
    assert!(
        audit
            .iter()
            .any(|e| e["data"]["reason"] == "throttled" && e["data"]["addr"] == "203.0.113.7"),
        "the audit names the forwarded client"
    );
}

#[test]
fn without_a_trusted_proxy_a_forged_forwarded_for_is_ignored() {
    let app = start_with(&[("throttle_per_address", "3")]);
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (user, _session) = app.active_user(&admin, &["councillor"], &council);
    align_to_window_start(&app, 10 * MINUTE);

    for i in 0..3 {
        let forged = format!("203.0.113.{i}");
        assert_problem(
            &login_via(
                &app.base(),
                &format!("nobody{i}@ratusz.test"),
                WRONG_PASSWORD,
                Some(&forged),
            ),
            401,
            "invalid_credentials",
        );
    }
    // A fresh forged address does not escape the peer's throttle.
    assert_problem(
        &login_via(
            &app.base(),
            &user.email,
            STRONG_PASSWORD,
            Some("192.0.2.200"),
        ),
        429,
        "too_many_requests",
    );
}

#[test]
fn an_invalid_trusted_proxies_value_is_ignored_not_a_server_error() {
    let app = start_with(&[("trusted_proxies", "10.0.0.0/33, not-a-network")]);
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (user, _session) = app.active_user(&admin, &["councillor"], &council);
    let reply = login_via(
        &app.base(),
        &user.email,
        STRONG_PASSWORD,
        Some("203.0.113.9"),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    // Nothing is trusted: the peer is the client.
    app.login(&user.email, STRONG_PASSWORD);
    assert!(
        app.host.logs().contains("trusted_proxies"),
        "the ignored entries are logged"
    );
}

/// The strict document policy every component HTML page carries.
#[track_caller]
fn assert_strict_html(reply: &HttpReply, what: &str) {
    expect_status(reply, 200, what);
    assert!(
        reply
            .header("content-type")
            .unwrap_or("")
            .starts_with("text/html"),
        "{what}: HTML"
    );
    let csp = reply
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("{what}: a Content-Security-Policy: {:?}", reply.headers));
    let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
    for expected in [
        "default-src 'none'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ] {
        assert!(
            directives.contains(&expected),
            "{what}: `{expected}` in {csp}"
        );
    }
    assert!(
        !csp.contains("script-src"),
        "{what}: no script source at all: {csp}"
    );
    assert!(
        directives
            .iter()
            .any(|d| d.starts_with("style-src ") && !d.contains("'self'")),
        "{what}: inline style only: {csp}"
    );
    assert_eq!(
        reply.header("x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
}

#[test]
fn every_html_page_of_a_component_carries_a_strict_csp() {
    let council = start_council(3);
    let id = council.live_meeting(3, 3);
    let pid = council.create_poll(&id, "Uchwała budżetowa");
    council.open_poll(&id, &pid);
    for member in council.first(3) {
        expect_status(&council.cast(member, &id, &pid, "for"), 201, "a vote");
    }
    council.close_poll(&id, &pid);

    let page = council
        .anon()
        .get(&format!("/api/public/sessions/{id}/polls/{pid}.html"));
    assert_strict_html(&page, "the BIP result page");

    let minutes = council
        .clerk
        .session
        .request("GET", &format!("/api/sessions/{id}/minutes"))
        .header("accept", "text/html")
        .send()
        .unwrap();
    assert_strict_html(&minutes, "the printable minutes");

    // The printable reset letter (it shows a start password).
    let app = &council.app;
    let admin = &council.admin;
    let unit = app.council_unit(admin);
    let (_s, support) = app.active_user(admin, &["support"], &unit);
    let (user, _session) = app.active_user(admin, &["councillor"], &unit);
    let reply = admin.post(
        "/api/password-resets",
        &json!({ "email": user.email, "reason": "Wniosek złożony osobiście", "delivery": "letter" }),
    );
    assert_eq!(reply.status, 202, "{}", reply.text());
    let reset = str_field(&json_of(&reply), "id");
    let approved = support.post_empty(&format!("/api/password-resets/{reset}/approve"));
    assert_eq!(approved.status, 200, "{}", approved.text());
    let letter = admin.get(&format!("/api/password-resets/{reset}/letter"));
    assert_strict_html(&letter, "the reset letter");
}
