//! End-to-end: an account's life — bootstrap, registration, start password, forced change,
//! expiry of the start password, duplicates, and the CSRF rule for cookie sessions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::json;
use support::accounts::*;

#[test]
fn bootstrap_creates_the_admin_once_and_emails_its_start_password() {
    let mut app = start();
    let health = app.anon().get("/api/health");
    assert_eq!(health.status, 200, "{}", health.text());
    let start_password = app.wait_start_password(ADMIN_EMAIL, 0);
    assert!(
        start_password.chars().count() >= 16,
        "start password of at least 16 characters, got {} characters",
        start_password.chars().count()
    );
    let mail = &app.emails_to(ADMIN_EMAIL)[0];
    assert!(mail["subject"].as_str().is_some_and(|s| !s.is_empty()));

    // A restart on the same state does not create the admin again.
    app.host.restart().unwrap();
    assert_eq!(app.anon().get("/api/health").status, 200);
    let reply = app.login_reply(ADMIN_EMAIL, &start_password);
    assert_eq!(reply.status, 200, "{}", reply.text());
    let body = json_of(&reply);
    assert_eq!(body["must_change_password"], true);
    assert_eq!(body["user"]["email"], ADMIN_EMAIL);
    assert!(
        body["user"]["roles"]
            .as_array()
            .unwrap()
            .contains(&json!("admin")),
        "{body}"
    );
    let start_mails = app
        .emails_to(ADMIN_EMAIL)
        .iter()
        .filter(|m| start_password_in(&email_text(m)).is_some())
        .count();
    assert_eq!(
        start_mails,
        1,
        "one start-password e-mail: {:#?}",
        app.emails()
    );
}

#[test]
fn login_sets_an_http_only_secure_strict_session_cookie() {
    let app = start();
    app.bootstrap_admin();
    let reply = app.login_reply(ADMIN_EMAIL, ADMIN_PASSWORD);
    assert_eq!(reply.status, 200, "{}", reply.text());
    let token = str_field(&json_of(&reply), "token");
    let cookie = reply
        .headers
        .iter()
        .filter(|(k, _)| k == "set-cookie")
        .map(|(_, v)| v.clone())
        .find(|v| v.starts_with(&format!("{COOKIE_NAME}=")))
        .unwrap_or_else(|| panic!("no {COOKIE_NAME} cookie: {:?}", reply.headers));
    let mut parts = cookie.split(';').map(str::trim);
    assert_eq!(
        parts.next(),
        Some(format!("{COOKIE_NAME}={token}").as_str())
    );
    let attributes: Vec<String> = parts.map(str::to_ascii_lowercase).collect();
    for wanted in ["httponly", "secure", "samesite=strict", "path=/"] {
        assert!(
            attributes.iter().any(|a| a == wanted),
            "cookie attribute {wanted} in {cookie:?}"
        );
    }
    // The token in the body is the same session as the cookie.
    let session = Session::with_token(&app.base(), &token);
    assert_eq!(session.me().status, 200);
    assert_eq!(session.cookie().me().status, 200);
}

#[test]
fn new_user_gets_a_start_password_and_must_change_it_before_anything_else() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let user = app.create_user(&admin, &["clerk"], &council);
    assert_eq!(user.view["must_change_password"], true);
    assert_eq!(user.view["status"], "active");
    assert_eq!(user.view["roles"], json!(["clerk"]));
    assert!(user.start_password.chars().count() >= 16);

    let start = app.login(&user.email, &user.start_password);
    assert!(start.must_change_password);

    // Only me, password and logout are open to a start-password session.
    let me = start.me();
    assert_eq!(me.status, 200, "{}", me.text());
    assert_eq!(json_of(&me)["must_change_password"], true);
    assert_problem(&start.get("/api/units"), 403, "password_change_required");
    assert_problem(&start.get("/api/users"), 403, "password_change_required");

    // Weak, short or unchanged new passwords are refused with a field error.
    for weak in [
        "krotkie",
        "password1234",
        "aaaaaaaaaaaaaaaa",
        &user.start_password,
    ] {
        let reply = start.change_password(&user.start_password, weak);
        assert_problem(&reply, 422, "validation_failed");
        assert!(
            json_of(&reply)["errors"]["new_password"].is_string(),
            "errors.new_password for {weak:?}: {}",
            reply.text()
        );
    }

    let normal = start.change_password_ok(&user.start_password, STRONG_PASSWORD);
    // The start-password session is replaced.
    assert_eq!(start.me().status, 401);
    let me = json_of(&normal.me());
    assert_eq!(me["must_change_password"], false);
    assert_eq!(normal.get("/api/units").status, 200);

    // The start password no longer works; the new one gives a normal session.
    assert_problem(
        &app.login_reply(&user.email, &user.start_password),
        401,
        "invalid_credentials",
    );
    let again = app.login(&user.email, STRONG_PASSWORD);
    assert!(!again.must_change_password);
}

#[test]
fn password_change_is_told_to_the_owner_by_email() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (user, _session) = app.active_user(&admin, &["councillor"], &council);
    // Start password, then the notice of the change.
    let mails = app.wait_emails_to(&user.email, 2);
    assert!(
        start_password_in(&email_text(&mails[1])).is_none(),
        "the notice holds no password: {}",
        mails[1]
    );
    assert!(!email_text(&mails[1]).contains(STRONG_PASSWORD));
}

#[test]
fn wrong_current_password_is_refused_and_nothing_changes() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (user, session) = app.active_user(&admin, &["councillor"], &council);

    let reply = session.change_password(WRONG_PASSWORD, OTHER_PASSWORD);
    match reply.status {
        422 => {
            assert_problem(&reply, 422, "validation_failed");
            assert!(
                json_of(&reply)["errors"]["current_password"].is_string(),
                "{}",
                reply.text()
            );
        }
        401 => assert_problem(&reply, 401, "invalid_credentials"),
        other => panic!(
            "wrong current password refused, got {other}: {}",
            reply.text()
        ),
    }
    assert_problem(
        &app.login_reply(&user.email, OTHER_PASSWORD),
        401,
        "invalid_credentials",
    );
    app.login(&user.email, STRONG_PASSWORD);
}

#[test]
fn start_password_expires_after_seven_days() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let early = app.create_user(&admin, &["councillor"], &council);
    let late = app.create_user(&admin, &["councillor"], &council);

    app.advance_clock(6 * DAY);
    let session = app.login(&early.email, &early.start_password);
    assert!(
        session.must_change_password,
        "still a start password on day 6"
    );

    app.advance_clock(2 * DAY);
    let reply = app.login_reply(&late.email, &late.start_password);
    assert_problem(&reply, 401, "invalid_credentials");

    let admin = app.admin();
    let reasons = failed_login_reasons(&app.audit(&admin), &late.email, Some(&late.id));
    assert_eq!(
        reasons,
        vec!["start_password_expired".to_owned()],
        "audit reason of the refused login"
    );
}

#[test]
fn duplicate_email_is_a_conflict_whatever_the_case_or_spacing() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let n = unique();
    let body = |email: String| {
        json!({
            "first_name": "Jan",
            "last_name": "Nowak",
            "email": email,
            "unit_id": council,
            "roles": ["councillor"],
        })
    };
    let user = app.create_user_with(&admin, &body(format!("Jan.Nowak{n}@Ratusz.TEST")));
    assert_eq!(
        user.email,
        format!("jan.nowak{n}@ratusz.test"),
        "normalised"
    );

    for duplicate in [
        format!("jan.nowak{n}@ratusz.test"),
        format!("  JAN.NOWAK{n}@ratusz.test  "),
    ] {
        let reply = admin.post("/api/users", &body(duplicate.clone()));
        assert_problem(&reply, 409, "conflict");
    }

    // The login is compared the same way.
    let session = app.login(&format!(" JAN.Nowak{n}@ratusz.test "), &user.start_password);
    assert!(session.must_change_password);
}

#[test]
fn users_are_listed_searched_paged_and_edited_by_the_admin() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let a = app.create_user(&admin, &["councillor"], &council);
    let b = app.create_user(&admin, &["clerk"], &council);

    let found = admin.get_ok(&format!("/api/users?q={}", url_encode(&a.email)));
    let ids: Vec<&str> = found["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["id"].as_str())
        .collect();
    assert_eq!(ids, vec![a.id.as_str()], "search by e-mail: {found}");

    // One per page: admin, a, b over three pages.
    let mut seen = Vec::new();
    let mut path = "/api/users?limit=1".to_owned();
    for _ in 0..10 {
        let page = admin.get_ok(&path);
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= 1, "limit=1: {page}");
        seen.extend(
            items
                .iter()
                .filter_map(|u| u["id"].as_str().map(str::to_owned)),
        );
        match page["next_cursor"].as_str() {
            Some(c) => path = format!("/api/users?limit=1&cursor={}", url_encode(c)),
            None => break,
        }
    }
    for id in [&a.id, &b.id, &admin.user_id()] {
        assert!(seen.contains(id), "{id} in the pages {seen:?}");
    }
    assert_eq!(seen.len(), 3, "each account once: {seen:?}");

    let reply = admin.patch(
        &format!("/api/users/{}", b.id),
        &json!({ "last_name": "Wiśniewska", "roles": ["clerk", "chair"] }),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let view = admin.get_ok(&format!("/api/users/{}", b.id));
    assert_eq!(view["last_name"], "Wiśniewska");
    assert_eq!(view["roles"], json!(["clerk", "chair"]));
    assert!(view.get("password_hash").is_none() && !view.to_string().contains("argon2"));
}

#[test]
fn cookie_session_needs_the_csrf_header_for_state_changes() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let user = app.create_user(&admin, &["councillor"], &council);
    let bare = admin.cookie_without_csrf();

    // Reading needs no header.
    assert_eq!(bare.get("/api/users").status, 200);
    // Every state change does.
    let unit = json!({ "name": "Szkoła Podstawowa nr 1", "kind": "school" });
    assert_problem(&bare.post("/api/units", &unit), 403, "csrf_required");
    assert_problem(
        &bare.patch(&format!("/api/units/{council}"), &json!({ "name": "Rada" })),
        403,
        "csrf_required",
    );
    assert_problem(
        &bare.delete(&format!("/api/users/{}/session", user.id)),
        403,
        "csrf_required",
    );
    assert_problem(&bare.post_empty("/api/auth/logout"), 403, "csrf_required");
    assert_problem(
        &bare.change_password(ADMIN_PASSWORD, OTHER_PASSWORD),
        403,
        "csrf_required",
    );
    // Nothing happened: still signed in, still the old password, no unit created.
    assert_eq!(admin.me().status, 200);
    let units = admin.get_ok("/api/units?limit=500");
    assert!(!units.to_string().contains("Szkoła Podstawowa nr 1"));

    // With the header the cookie session works; a bearer token needs no header.
    let reply = admin.cookie().post("/api/units", &unit);
    assert_eq!(reply.status, 201, "{}", reply.text());
    let reply = admin.post(
        "/api/units",
        &json!({ "name": "Wydział Oświaty", "kind": "department" }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
}

#[test]
fn nobody_locks_or_disables_their_own_account() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (support_user, support) = app.active_user(&admin, &["support"], &council);
    let me = admin.user_id();

    for (session, id, action) in [
        (&admin, me.as_str(), "lock"),
        (&admin, me.as_str(), "disable"),
        (&support, support_user.id.as_str(), "lock"),
    ] {
        let reply = session.post(
            &format!("/api/users/{id}/{action}"),
            &json!({ "reason": "pomyłka" }),
        );
        assert_problem(&reply, 409, "conflict");
        assert_eq!(json_of(&reply)["params"]["rule"], "own_account", "{action}");
    }
    // Nothing happened: both still work and sign in.
    assert_eq!(admin.me().status, 200);
    assert_eq!(support.me().status, 200);
    let view = admin.get_ok(&format!("/api/users/{me}"));
    assert!(
        view.get("lock").is_none_or(serde_json::Value::is_null),
        "{view}"
    );
    app.login(ADMIN_EMAIL, ADMIN_PASSWORD);
    app.login(&support_user.email, STRONG_PASSWORD);
}
