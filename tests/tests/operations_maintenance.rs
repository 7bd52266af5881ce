//! End-to-end: maintenance windows on the real host with the test clock, across the night the
//! clocks go back (24/25 October 2026 in Poland: 22:00 CEST = 20:00Z, 06:00 CET = 05:00Z).
//! Scheduling and its refusals, the public notice, the staff e-mail, 503 `maintenance` with
//! `Retry-After` for everyone but administrators and health, sign-in during a window, opening
//! a meeting refused, the window over by itself, cancelling.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_tests::HttpReply;
use serde_json::{json, Value};
use support::accounts::*;

/// Moves the components' clock to `at` (RFC 3339).
fn set_clock(app: &App, at: &str) {
    let target = ratusz_domain::time::Timestamp::parse_rfc3339(at)
        .unwrap()
        .unix_ms();
    let wall = i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis(),
    )
    .unwrap();
    app.host
        .advance_clock_ms(target - (wall + app.host.clock_offset_ms()))
        .unwrap();
}

fn window(starts_at: &str, ends_at: &str) -> Value {
    json!({ "starts_at": starts_at, "ends_at": ends_at, "reason": "Aktualizacja serwera" })
}

fn param(reply: &HttpReply, name: &str) -> String {
    json_of(reply)["params"][name]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn retry_after(reply: &HttpReply) -> i64 {
    reply
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no Retry-After: {:?}", reply.headers))
}

#[test]
fn a_window_across_the_clock_change_stops_everyone_but_administrators_and_ends_by_itself() {
    // Sessions outlive the clock's jumps through the night.
    let app = start_with(&[
        ("session_idle_minutes", "1440"),
        ("session_absolute_hours", "48"),
    ]);
    set_clock(&app, "2026-10-24T08:00:00Z");
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (councillor, councillor_session) = app.active_user(&admin, &["councillor"], &council);
    let (_, clerk) = app.active_user(&admin, &["clerk"], &council);
    let (_, support_session) = app.active_user(&admin, &["support"], &council);
    let (chair_admin, chair_admin_session) = app.active_user(&admin, &["admin", "chair"], &council);

    // An afternoon meeting (16:00 Polish time) is taken to last 8 hours: to midnight.
    let meeting = |starts_at: &str| {
        let reply = clerk.post(
            "/api/sessions",
            &json!({
                "title": "Sesja Rady",
                "number": "XII",
                "kind": "session",
                "starts_at": starts_at,
                "location": "Sala obrad",
                "statutory_members": 2,
                "member_ids": [councillor.id, chair_admin.id],
                "chair_id": chair_admin.id,
            }),
        );
        assert_eq!(reply.status, 201, "{}", reply.text());
        str_field(&json_of(&reply), "id")
    };
    let afternoon = meeting("2026-10-24T14:00:00Z");
    let morning = meeting("2026-10-25T08:00:00Z");
    let reply = clerk.post_empty(&format!("/api/sessions/{morning}/publish"));
    assert_eq!(reply.status, 200, "{}", reply.text());

    // Refusals, each with its code and what it names.
    let reply = admin.post(
        "/api/maintenance-windows",
        &window("2026-10-24T19:30:00Z", "2026-10-24T21:00:00Z"),
    );
    assert_problem(&reply, 422, "outside_night_window");
    assert_eq!(param(&reply, "night_start"), "22:00");
    assert_eq!(param(&reply, "night_end"), "06:00");
    // 05:30Z is 06:30 CET once the clocks have gone back (it would be 07:30 in summer time).
    let reply = admin.post(
        "/api/maintenance-windows",
        &window("2026-10-25T04:00:00Z", "2026-10-25T05:30:00Z"),
    );
    assert_problem(&reply, 422, "outside_night_window");
    let reply = admin.post(
        "/api/maintenance-windows",
        &window("2026-10-24T20:00:00Z", "2026-10-24T21:00:00Z"),
    );
    assert_problem(&reply, 409, "overlaps_meeting");
    assert_eq!(param(&reply, "session_id"), afternoon);
    assert_eq!(param(&reply, "ends_at"), "2026-10-24T22:00:00.000Z");
    let reply = admin.post(
        "/api/maintenance-windows",
        &window("2026-10-23T22:00:00Z", "2026-10-23T23:00:00Z"),
    );
    assert_problem(&reply, 422, "window_not_in_future");
    let reply = admin.post(
        "/api/maintenance-windows",
        &json!({ "starts_at": "2026-10-24T23:30:00Z", "ends_at": "2026-10-25T01:30:00Z", "reason": " " }),
    );
    assert_problem(&reply, 422, "validation_failed");
    for session in [&councillor_session, &support_session, &clerk] {
        let reply = session.post(
            "/api/maintenance-windows",
            &window("2026-10-24T23:30:00Z", "2026-10-25T01:30:00Z"),
        );
        assert_problem(&reply, 403, "forbidden");
    }
    assert_eq!(
        admin.get_ok("/api/maintenance-windows")["items"],
        json!([]),
        "nothing was scheduled by a refusal"
    );

    // 01:30 CEST → 02:30 CET: the window spans the hour the clocks go back.
    let reply = admin.post(
        "/api/maintenance-windows",
        &window("2026-10-24T23:30:00Z", "2026-10-25T01:30:00Z"),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    let scheduled = json_of(&reply);
    assert_eq!(scheduled["state"], "scheduled");
    let id = str_field(&scheduled, "id");
    let reply = admin.post(
        "/api/maintenance-windows",
        &window("2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z"),
    );
    assert_problem(&reply, 409, "overlaps_window");
    assert_eq!(param(&reply, "window_id"), id);

    // Told in advance: the public notice and an e-mail to staff in Polish time.
    let notice = app.anon().get_ok("/api/public/maintenance");
    assert_eq!(notice["window"]["starts_at"], "2026-10-24T23:30:00.000Z");
    assert_eq!(notice["window"]["in_progress"], false);
    assert_eq!(notice["window"]["reason"], "Aktualizacja serwera");
    let mail = app.wait_email_matching(&councillor.email, 0, |t| t.contains("przerwę techniczną"));
    let text = email_text(&mail);
    assert!(
        text.contains("od 25.10.2026, godz. 01:30 do 25.10.2026, godz. 02:30"),
        "{text}"
    );
    assert_eq!(
        support_session.get_ok("/api/maintenance-windows")["items"][0]["id"],
        id.as_str()
    );

    // Inside the window, after the clocks went back: 01:00Z is 02:00 CET, half an hour left.
    set_clock(&app, "2026-10-25T01:00:00Z");
    let reply = councillor_session.get("/api/units");
    assert_problem(&reply, 503, "maintenance");
    let left = retry_after(&reply);
    assert!((1790..=1800).contains(&left), "Retry-After {left}");
    assert_problem(&app.anon().get("/api/public/sessions"), 503, "maintenance");
    assert_problem(
        &councillor_session.get(&format!("/api/sessions/{morning}/live")),
        503,
        "maintenance",
    );
    assert_problem(&support_session.get("/api/incidents"), 503, "maintenance");
    assert_eq!(admin.get("/api/users").status, 200);
    assert_eq!(app.anon().get("/api/health").status, 200);
    let notice = app.anon().get_ok("/api/public/maintenance");
    assert_eq!(notice["window"]["in_progress"], true);
    assert_eq!(
        admin.get_ok("/api/maintenance-windows")["items"][0]["state"],
        "in_progress"
    );
    // Sign-in: a councillor's correct password gets no session, a wrong one the usual 401,
    // an administrator signs in.
    let reply = app.login_reply(&councillor.email, STRONG_PASSWORD);
    assert_problem(&reply, 503, "maintenance");
    assert!(reply.header("set-cookie").is_none());
    assert_problem(
        &app.login_reply(&councillor.email, "Zle-Haslo-Zle-Haslo-1"),
        401,
        "invalid_credentials",
    );
    let chair_admin_session = {
        let _ = chair_admin_session;
        app.login(&chair_admin.email, STRONG_PASSWORD)
    };
    // An administrator who chairs may not open a meeting inside the window.
    let reply = chair_admin_session.post_empty(&format!("/api/sessions/{morning}/open"));
    assert_problem(&reply, 409, "maintenance_window");
    assert_eq!(param(&reply, "window_id"), id);

    // The window ends by itself.
    set_clock(&app, "2026-10-25T01:30:01Z");
    assert_eq!(councillor_session.get("/api/units").status, 200);
    assert_eq!(
        app.anon().get_ok("/api/public/maintenance")["window"],
        Value::Null
    );
    assert_eq!(
        admin.get_ok("/api/maintenance-windows")["items"][0]["state"],
        "ended"
    );
    let reply = admin.post_empty(&format!("/api/maintenance-windows/{id}/cancel"));
    assert_problem(&reply, 409, "window_not_cancellable");
    assert_eq!(param(&reply, "state"), "ended");
    let reply = chair_admin_session.post_empty(&format!("/api/sessions/{morning}/open"));
    assert_eq!(reply.status, 200, "{}", reply.text());
}

#[test]
fn an_administrator_calls_a_window_off_and_staff_are_told() {
    let app = start_with(&[("session_idle_minutes", "1440")]);
    // A winter night: 22:00–06:00 CET is 21:00Z–05:00Z.
    set_clock(&app, "2026-12-10T12:00:00Z");
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (councillor, councillor_session) = app.active_user(&admin, &["councillor"], &council);
    let reply = admin.post(
        "/api/maintenance-windows",
        &window("2026-12-10T21:00:00Z", "2026-12-11T05:00:00Z"),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    let id = str_field(&json_of(&reply), "id");
    let reply = councillor_session.post_empty(&format!("/api/maintenance-windows/{id}/cancel"));
    assert_problem(&reply, 403, "forbidden");
    assert_problem(
        &admin.post_empty("/api/maintenance-windows/01JNOSUCHWINDOW000000000000/cancel"),
        404,
        "not_found",
    );
    let reply = admin.post_empty(&format!("/api/maintenance-windows/{id}/cancel"));
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(json_of(&reply)["state"], "cancelled");
    assert_eq!(
        app.anon().get_ok("/api/public/maintenance")["window"],
        Value::Null
    );
    app.wait_email_matching(&councillor.email, 0, |t| t.contains("odwołana"));
    // The cancelled night runs as usual.
    set_clock(&app, "2026-12-10T22:00:00Z");
    assert_eq!(councillor_session.get("/api/units").status, 200);
    assert_problem(
        &admin.post_empty(&format!("/api/maintenance-windows/{id}/cancel")),
        409,
        "window_not_cancellable",
    );
}

#[test]
fn every_role_on_the_maintenance_endpoints_as_the_matrix_says() {
    // (caller, create, list, cancel): 2xx, 401 or 403; the notice answers everyone.
    let app = start();
    set_clock(&app, "2026-12-10T12:00:00Z");
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let school = app.create_unit(&admin, "Szkoła Podstawowa nr 7", "school");
    let starter = app.create_user(&admin, &["clerk"], &council);
    let start_session = app.login(&starter.email, &starter.start_password);
    let mut callers: Vec<(&str, Session, [u16; 3])> = vec![
        ("anonymous", app.anon(), [401, 401, 401]),
        ("start password", start_session, [403, 403, 403]),
    ];
    for (role, unit, expected) in [
        ("councillor", &council, [403, 403, 403]),
        ("clerk", &council, [403, 403, 403]),
        ("chair", &council, [403, 403, 403]),
        ("director", &school, [403, 403, 403]),
        ("support", &council, [403, 200, 403]),
    ] {
        let (_, session) = app.active_user(&admin, &[role], unit);
        callers.push((role, session, expected));
    }
    callers.push(("admin", admin.clone(), [201, 200, 200]));
    let mut night = 0;
    for (who, session, [create, list, cancel]) in &callers {
        night += 1;
        // A different winter night for every caller, so an allowed one never collides.
        let day = 10 + night;
        let reply = session.post(
            "/api/maintenance-windows",
            &window(
                &format!("2026-12-{day}T21:00:00Z"),
                &format!("2026-12-{day}T22:00:00Z"),
            ),
        );
        assert_eq!(reply.status, *create, "{who} create: {}", reply.text());
        let reply = session.get("/api/maintenance-windows");
        assert_eq!(reply.status, *list, "{who} list: {}", reply.text());
        let target = admin.post(
            "/api/maintenance-windows",
            &window(
                &format!("2026-12-{day}T23:00:00Z"),
                &format!("2026-12-{}T00:00:00Z", day + 1),
            ),
        );
        assert_eq!(target.status, 201, "{}", target.text());
        let id = str_field(&json_of(&target), "id");
        let reply = session.post_empty(&format!("/api/maintenance-windows/{id}/cancel"));
        assert_eq!(reply.status, *cancel, "{who} cancel: {}", reply.text());
        let reply = session.get("/api/public/maintenance");
        assert_eq!(reply.status, 200, "{who} notice: {}", reply.text());
    }
}
