//! End-to-end: the system endpoints of the real compiled app on the real host.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_domain::api::{HealthReport, HealthStatus};
use std::time::Duration;
use support::{app_host, start_app};

#[test]
fn health_reports_the_key_value_store_and_the_database() {
    let app = start_app();
    let reply = app.get("/api/health").unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let report: HealthReport = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(report.status, HealthStatus::Ok);
    assert!(report.checks.kv.ok);
    assert!(report.checks.sqlite.ok);
    assert_eq!(report.version, env!("CARGO_PKG_VERSION"));
}

#[test]
fn health_keeps_working_across_a_restart_on_the_same_state() {
    let mut app = start_app();
    assert_eq!(app.get("/api/health").unwrap().status, 200);
    app.restart().unwrap();
    assert_eq!(app.get("/api/health").unwrap().status, 200);
}

#[test]
fn openapi_document_is_openapi_3_1_and_lists_the_system_endpoints() {
    let app = start_app();
    let reply = app.get("/api/openapi.json").unwrap();
    assert_eq!(reply.status, 200);
    let doc = reply.json().unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    assert!(doc["paths"]["/api/health"]["get"].is_object());
    assert!(doc["paths"]["/api/openapi.json"]["get"].is_object());
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    assert!(doc["components"]["schemas"]["HealthReport"].is_object());
}

/// The components with a private tick (spin.toml); one unnamed `--schedule` calls them all.
const TICK_COMPONENTS: [&str; 3] = ["auth-tick", "notify-tick", "messaging-tick"];

#[test]
fn the_scheduled_tick_reaches_every_private_component() {
    let app = app_host().schedule("1s /internal/tick").start().unwrap();
    for component in TICK_COMPONENTS {
        let line = app
            .wait_for_request_log(Duration::from_secs(15), |l| {
                l.path == "/internal/tick" && l.component == component
            })
            .unwrap();
        assert_eq!(line.status, 200, "{component}: {}", app.logs());
    }
}

#[test]
fn clients_cannot_reach_the_private_tick() {
    let app = start_app();
    let reply = app.post("/internal/tick", "").unwrap();
    assert_ne!(reply.status, 200);
    let logged = app.request_log();
    assert!(
        logged
            .iter()
            .all(|l| !TICK_COMPONENTS.contains(&l.component.as_str())),
        "no request from outside reached a tick component: {logged:?}"
    );
}

#[test]
fn voting_routes_need_a_session_and_public_ones_answer_problems_for_unknown_meetings() {
    let app = start_app();
    let reply = app.get("/api/sessions/unknown").unwrap();
    assert_eq!(reply.status, 401);
    assert_eq!(reply.json().unwrap()["code"], "unauthenticated");
    let reply = app.get("/api/public/sessions/unknown/live").unwrap();
    assert_eq!(reply.status, 404);
    assert_eq!(reply.json().unwrap()["code"], "not_found");
    let reply = app.get("/api/public/sessions").unwrap();
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json().unwrap()["items"], serde_json::json!([]));
}
