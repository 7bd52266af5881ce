//! End-to-end: one active session per account, and every way a session ends — a second login,
//! logout, disabling, termination by staff, a password change, idleness and the absolute limit.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_domain::time::Timestamp;
use support::accounts::*;

fn timestamp(value: &serde_json::Value) -> Timestamp {
    Timestamp::parse_rfc3339(
        value
            .as_str()
            .unwrap_or_else(|| panic!("a timestamp: {value}")),
    )
    .unwrap_or_else(|_| panic!("an RFC 3339 timestamp: {value}"))
}

#[test]
fn second_login_supersedes_first_session() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (user, first) = app.active_user(&admin, &["councillor"], &council);
    assert_eq!(first.me().status, 200);

    let second = app.login(&user.email, STRONG_PASSWORD);
    assert_problem(&first.me(), 401, "session_superseded");
    // Also for the cookie and for a state change.
    assert_problem(&first.cookie().me(), 401, "session_superseded");
    assert_problem(
        &first.post_empty("/api/auth/logout"),
        401,
        "session_superseded",
    );
    assert_eq!(second.me().status, 200, "the new device keeps working");

    let view = admin.get_ok(&format!("/api/users/{}", user.id));
    assert_eq!(view["has_session"], true);
}

#[test]
fn logout_ends_the_session() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (user, session) = app.active_user(&admin, &["councillor"], &council);

    let reply = session.post_empty("/api/auth/logout");
    assert_eq!(reply.status, 204, "{}", reply.text());
    assert_problem(&session.me(), 401, "session_ended");
    assert_eq!(session.post_empty("/api/auth/logout").status, 401);
    let view = admin.get_ok(&format!("/api/users/{}", user.id));
    assert_eq!(view["has_session"], false);
    // Signing in again works.
    app.login(&user.email, STRONG_PASSWORD);
}

#[test]
fn disabling_an_account_ends_its_session_and_blocks_login_until_enabled() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (user, session) = app.active_user(&admin, &["councillor"], &council);

    let reply = admin.post(
        &format!("/api/users/{}/disable", user.id),
        &serde_json::json!({ "reason": "left the council" }),
    );
    assert!(
        reply.status == 200 || reply.status == 204,
        "{}",
        reply.text()
    );
    assert_problem(&session.me(), 401, "session_ended");
    let view = admin.get_ok(&format!("/api/users/{}", user.id));
    assert_eq!(view["status"], "disabled");
    assert_problem(
        &app.login_reply(&user.email, STRONG_PASSWORD),
        401,
        "invalid_credentials",
    );

    let reply = admin.post_empty(&format!("/api/users/{}/enable", user.id));
    assert!(
        reply.status == 200 || reply.status == 204,
        "{}",
        reply.text()
    );
    app.login(&user.email, STRONG_PASSWORD);

    let reasons = failed_login_reasons(&app.audit(&admin), &user.email, Some(&user.id));
    assert_eq!(reasons, vec!["disabled".to_owned()]);
}

#[test]
fn staff_can_end_an_account_session() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (_support_user, support) = app.active_user(&admin, &["support"], &council);
    let (user, session) = app.active_user(&admin, &["councillor"], &council);

    let reply = admin.delete(&format!("/api/users/{}/session", user.id));
    assert!(
        reply.status == 200 || reply.status == 204,
        "{}",
        reply.text()
    );
    assert_problem(&session.me(), 401, "session_ended");

    // Support may do it too; the account can always sign in again.
    let session = app.login(&user.email, STRONG_PASSWORD);
    let reply = support.delete(&format!("/api/users/{}/session", user.id));
    assert!(
        reply.status == 200 || reply.status == 204,
        "{}",
        reply.text()
    );
    assert_problem(&session.me(), 401, "session_ended");
    app.login(&user.email, STRONG_PASSWORD);
}

#[test]
fn password_change_replaces_the_session() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (_user, session) = app.active_user(&admin, &["councillor"], &council);
    let new = session.change_password_ok(STRONG_PASSWORD, OTHER_PASSWORD);
    assert_ne!(new.token, session.token);
    assert_problem(&session.me(), 401, "session_ended");
    assert_eq!(new.me().status, 200);
}

#[test]
fn idle_session_expires_after_thirty_minutes_without_requests() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (_user, session) = app.active_user(&admin, &["councillor"], &council);

    let me = json_of(&session.me());
    assert_eq!(me["idle_timeout_s"], 1800);

    // Requests keep it alive…
    for _ in 0..3 {
        app.advance_clock(29 * MINUTE);
        let reply = session.me();
        assert_eq!(reply.status, 200, "{}", reply.text());
    }
    // …31 minutes of silence end it.
    app.advance_clock(31 * MINUTE);
    assert_problem(&session.me(), 401, "session_expired");
}

#[test]
fn idle_timeout_is_configurable() {
    let app = start_with(&[("session_idle_minutes", "5")]);
    let admin = app.bootstrap_admin();
    assert_eq!(json_of(&admin.me())["idle_timeout_s"], 300);
    app.advance_clock(4 * MINUTE);
    assert_eq!(admin.me().status, 200);
    app.advance_clock(6 * MINUTE);
    assert_problem(&admin.me(), 401, "session_expired");
}

#[test]
fn session_ends_twelve_hours_after_login_even_when_active() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (_user, session) = app.active_user(&admin, &["councillor"], &council);

    let me = json_of(&session.me());
    let started = timestamp(&me["session_started_at"]);
    let expires = timestamp(&me["session_expires_at"]);
    assert_eq!(expires.ms_since(started), 12 * HOUR * 1000, "{me}");

    // 28 × 25 min = 11 h 40 min of activity: still signed in.
    for step in 0..28 {
        app.advance_clock(25 * MINUTE);
        let reply = session.me();
        assert_eq!(reply.status, 200, "after step {step}: {}", reply.text());
    }
    // 12 h 05 min after login: over, although never idle for 30 minutes.
    app.advance_clock(25 * MINUTE);
    assert_problem(&session.me(), 401, "session_expired");
}

#[test]
fn absolute_session_limit_is_configurable() {
    let app = start_with(&[("session_absolute_hours", "1")]);
    let admin = app.bootstrap_admin();
    for _ in 0..2 {
        app.advance_clock(25 * MINUTE);
        assert_eq!(admin.me().status, 200);
    }
    app.advance_clock(11 * MINUTE);
    assert_problem(&admin.me(), 401, "session_expired");
}

/// A request that loaded the session before an administrator took a role away must not write
/// the old roles back when it records the holder's activity. The window is between the guard's
/// read and its last-seen write, which no client can hold open, so this test makes the race as
/// likely as it can: while the administrator revokes the role, two clients of the holder keep
/// sending requests and one of them moves the clock past the write interval before each, so
/// every request is due to write. Before last-seen had its own key, a few rounds were enough to
/// leave the revoked role in the session.
#[test]
fn a_revoked_role_is_gone_on_the_next_request_despite_concurrent_activity() {
    use std::sync::atomic::{AtomicBool, Ordering};
    // Long limits: the rounds move the clock by hours in all.
    let app = start_with(&[
        ("session_idle_minutes", "600"),
        ("session_absolute_hours", "200"),
    ]);
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (user, session) = app.active_user(&admin, &["clerk", "councillor"], &council);
    let roles = |roles: &[&str]| {
        let reply = admin.patch(
            &format!("/api/users/{}", user.id),
            &serde_json::json!({ "roles": roles }),
        );
        assert_eq!(reply.status, 200, "{}", reply.text());
    };
    for round in 0..150 {
        roles(&["clerk", "councillor"]);
        assert_eq!(
            session.get("/api/users").status,
            200,
            "round {round}: clerk"
        );
        let stop = AtomicBool::new(false);
        std::thread::scope(|s| {
            s.spawn(|| {
                while !stop.load(Ordering::Relaxed) {
                    app.advance_clock(31);
                    assert_eq!(session.me().status, 200);
                }
            });
            s.spawn(|| {
                while !stop.load(Ordering::Relaxed) {
                    assert_eq!(session.me().status, 200);
                }
            });
            std::thread::sleep(std::time::Duration::from_millis(5 + round % 7));
            roles(&["councillor"]);
            std::thread::sleep(std::time::Duration::from_millis(20));
            stop.store(true, Ordering::Relaxed);
        });
        let reply = session.get("/api/users");
        assert_eq!(
            reply.status,
            403,
            "round {round}: the revoked clerk role came back: {}",
            reply.text()
        );
    }
}
