//! End-to-end: `GET /api/system/status`, the administrator's health page — who may read it
//! (every role), and that what it says follows the deployment (schema, database, outbox, KV,
//! audit chain, server clock).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{json, Value};
use support::accounts::*;

const STATUS: &str = "/api/system/status";

#[test]
fn system_status_is_for_admin_and_support_only() {
    let app = start();
    let admin = app.bootstrap_admin();
    let unit = app.council_unit(&admin);
    let anonymous = app.anon().get(STATUS);
    assert_eq!(anonymous.status, 401, "{}", anonymous.text());
    assert_eq!(json_of(&anonymous)["code"], "unauthenticated");
    // A start-password session must change its password first.
    let fresh = app.create_user(&admin, &["support"], &unit);
    let start_session = app.login(&fresh.email, &fresh.start_password);
    assert_eq!(start_session.get(STATUS).status, 403);
    for role in ["councillor", "clerk", "chair", "director"] {
        let (_, session) = app.active_user(&admin, &[role], &unit);
        let reply = session.get(STATUS);
        assert_eq!(reply.status, 403, "{role}: {}", reply.text());
        assert_eq!(json_of(&reply)["code"], "forbidden", "{role}");
    }
    for role in ["support", "admin"] {
        let (_, session) = app.active_user(&admin, &[role], &unit);
        let reply = session.get(STATUS);
        assert_eq!(reply.status, 200, "{role}: {}", reply.text());
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{role}");
        assert!(json_of(&reply)["schema"]["version"].as_u64() > Some(0));
    }
    // Cookie sessions read it too (a GET needs no CSRF header).
    assert_eq!(admin.cookie().get(STATUS).status, 200);
}

#[test]
fn system_status_reports_schema_database_outbox_kv_and_audit() {
    let app = start();
    let admin = app.bootstrap_admin();
    // The bootstrap's e-mails are handed to the gateway after their responses: wait until
    // nothing waits (a bounded wait, not a sleep), then read what the page would show.
    let status = ratusz_tests::wait_until(
        "the outbox to empty after the bootstrap",
        std::time::Duration::from_secs(20),
        || {
            let status = admin.get_ok(STATUS);
            (status["outbox"]["pending"] == 0).then_some(status)
        },
    )
    .unwrap();

    let migrations = status["schema"]["migrations"].as_array().unwrap();
    assert_eq!(migrations[0]["version"], 1);
    assert_eq!(migrations[0]["name"], "audit_log");
    assert_eq!(
        status["schema"]["version"].as_u64(),
        migrations.last().and_then(|m| m["version"].as_u64())
    );
    assert!(migrations.len() >= 9, "{status}");

    let database = &status["database"];
    let (pages, size) = (
        database["page_count"].as_u64().unwrap(),
        database["page_size"].as_u64().unwrap(),
    );
    assert!(pages > 0 && size >= 512, "{database}");
    assert_eq!(database["size_bytes"].as_u64(), Some(pages * size));
    assert!(["wal", "delete"].contains(&database["journal_mode"].as_str().unwrap()));

    assert_eq!(status["kv"]["ok"], true, "{status}");
    assert!(status["version"].as_str().is_some_and(|v| !v.is_empty()));

    // The bootstrap, the password change: the chain has entries and a head.
    let audit_length = status["audit"]["length"].as_u64().unwrap();
    assert!(audit_length >= 1);
    assert!(status["audit"]["head_at"].is_string());
    let chain = app.audit(&admin);
    assert_eq!(audit_length, chain.len() as u64);

    // The bootstrap's e-mail went out through the gateway: sent, nothing waits.
    assert!(status["outbox"]["sent"].as_u64() >= Some(1), "{status}");
    assert!(status["outbox"]["oldest_pending_at"].is_null());
    assert!(status["outbox"]["oldest_pending_age_s"].is_null());

    // The gateway fails: a new account's e-mail waits, and ages with the clock.
    app.gateway.set_status(503);
    let unit = app.council_unit(&admin);
    let n = unique();
    let created = admin.post(
        "/api/users",
        &json!({
            "first_name": "Jan", "last_name": format!("Nowak{n}"),
            "email": format!("waiting.{n}@ratusz.test"), "unit_id": unit, "roles": ["clerk"],
        }),
    );
    assert_eq!(created.status, 201, "{}", created.text());
    let before = admin.get_ok(STATUS);
    assert_eq!(before["outbox"]["pending"], 1, "{before}");
    assert!(
        before["outbox"]["oldest_pending_at"].is_string(),
        "{before}"
    );
    assert!(
        before["outbox"]["oldest_pending_age_s"].as_u64() < Some(60),
        "{before}"
    );
    assert!(before["audit"]["length"].as_u64() > Some(audit_length));
    app.advance_clock(600);
    let admin = app.admin();
    let later = admin.get_ok(STATUS);
    let age = later["outbox"]["oldest_pending_age_s"].as_u64().unwrap();
    assert!((600..700).contains(&age), "{later}");
    assert_eq!(
        later["outbox"]["oldest_pending_at"],
        before["outbox"]["oldest_pending_at"]
    );
    let moved = time_ms(&later["server_time"]) - time_ms(&before["server_time"]);
    assert!(
        moved >= 600_000,
        "server_time follows the clock: {moved} ms"
    );
    // Nothing personal about the waiting message is shown.
    assert!(!later.to_string().contains("waiting."), "{later}");
}

fn time_ms(value: &Value) -> i64 {
    let text = value.as_str().unwrap();
    ratusz_domain::time::Timestamp::parse_rfc3339(text)
        .unwrap()
        .unix_ms()
}
