//! End-to-end: who may call the staff's side of the resident registry (docs/api/
//! notifications.md § Who calls) — every endpoint of [`endpoints::NOTIFY_STAFF`] by every role:
//! `notifier_admin` succeeds (2xx) on all but the keys, `notifier` only on the counts, the
//! administrator only on the keys (they hold them but read no resident's data), support,
//! clerk, chair, councillor and director get 403, and a resident's device token gets 401 `unauthenticated` on every staff
//! path (the contract's answer: a device token is never a staff session).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_domain::endpoints::{self, Endpoint};
use serde_json::{json, Value};
use support::accounts::*;
use support::notify::{bound_resident, registration};
use support::notify_staff::*;

/// The roles with a staff session.
const ROLES: [&str; 8] = [
    "admin",
    "support",
    "clerk",
    "chair",
    "councillor",
    "director",
    "notifier",
    "notifier_admin",
];

/// The roles that succeed on `e`.
fn allowed(e: &Endpoint) -> &'static [&'static str] {
    if e.path == endpoints::NOTIFY_STATS.path && e.method == endpoints::NOTIFY_STATS.method {
        &["notifier", "notifier_admin"]
    } else if e.path.starts_with("/api/notify/keys") {
        // the administrator holds the keys and reads no resident's data
        &["admin"]
    } else {
        &["notifier_admin"]
    }
}

/// A request `caller` may rightly succeed with: a fresh recipient (or district) wherever the
/// call changes a state it could only change once. `second` is another `notifier_admin`.
fn valid_request(r: &Registry, e: &Endpoint) -> (String, Option<Value>) {
    let fresh =
        |by: &Session| str_field(&register(by, &resident("Olga", "Tokarczuk", CENTRUM)), "id");
    let n = unique();
    let path = e.path;
    let (id, body) = match (e.method.as_str(), path) {
        ("POST", "/api/notify/recipients") => {
            return (path.into(), Some(resident("Jan", "Nowy", CENTRUM)))
        }
        ("GET", "/api/notify/recipients")
        | ("GET", "/api/notify/stats")
        | ("GET", "/api/notify/keys")
        | ("POST", "/api/notify/keys/rotation") => return (path.into(), None),
        ("POST", "/api/notify/districts") => {
            return (path.into(), Some(json!({ "name": format!("Osiedle {n}") })))
        }
        ("PATCH", "/api/notify/districts/:id") => {
            let made = r.second.post(
                "/api/notify/districts",
                &json!({ "name": format!("Nowe {n}") }),
            );
            let id = str_field(&json_of(&made), "id");
            (id, Some(json!({ "name": format!("Przemianowane {n}") })))
        }
        ("PATCH", _) => (fresh(&r.first), Some(json!({ "last_name": "Nowicka" }))),
        ("POST", "/api/notify/recipients/:id/verification") => {
            (fresh(&r.second), Some(json!({ "decision": "verified" })))
        }
        ("POST", "/api/notify/recipients/:id/consent-document") => {
            (fresh(&r.first), Some(json!({ "state": "signed" })))
        }
        ("POST", "/api/notify/recipients/:id/code") => {
            (fresh(&r.first), Some(json!({ "channel": "email" })))
        }
        ("POST", "/api/notify/recipients/:id/erasure") => (
            fresh(&r.first),
            Some(json!({ "reason": "Wniosek pisemny" })),
        ),
        ("POST", "/api/notify/recipients/:id/erasure/confirm") => {
            let id = fresh(&r.first);
            let asked = r.second.post(
                &format!("/api/notify/recipients/{id}/erasure"),
                &json!({ "reason": "Wniosek" }),
            );
            assert_eq!(asked.status, 202, "{}", asked.text());
            (id, None)
        }
        ("DELETE", "/api/notify/recipients/:id/erasure") => {
            let id = fresh(&r.first);
            r.second.post(
                &format!("/api/notify/recipients/{id}/erasure"),
                &json!({ "reason": "Wniosek" }),
            );
            (id, None)
        }
        ("POST", "/api/notify/recipients/:id/suspension") => (fresh(&r.first), Some(json!({}))),
        _ => (fresh(&r.first), None),
    };
    (path.replace(":id", &id), body)
}

fn call(session: &Session, e: &Endpoint, path: &str, body: Option<&Value>) -> u16 {
    session.send(e.method.as_str(), path, body).status
}

#[test]
fn every_staff_endpoint_answers_exactly_the_roles_of_its_row() {
    // Every registry endpoint that is neither public nor a device's is in NOTIFY_STAFF (so a
    // new one cannot go without a row here).
    for e in endpoints::ALL
        .iter()
        .filter(|e| e.path.starts_with("/api/notify/"))
    {
        let public_or_device = e.path.starts_with("/api/notify/me")
            || matches!(
                (e.method.as_str(), e.path),
                ("GET", "/api/notify/districts")
                    | ("GET", "/api/notify/consent")
                    | ("POST", "/api/notify/registrations")
                    | ("POST", "/api/notify/codes")
                    | ("POST", "/api/notify/bindings")
                    | ("GET", "/api/notify/push-key")
                    | ("GET", "/api/notify/news")
            );
        // The messages and the gateways' events have their own matrix (`notify_messages.rs`).
        if endpoints::NOTIFY_MESSAGES_ALL.contains(e) {
            continue;
        }
        let staff = endpoints::NOTIFY_STAFF
            .iter()
            .any(|s| s.path == e.path && s.method == e.method);
        // The scheduler's token route has its own row below.
        let token_only = **e == endpoints::NOTIFY_TICK;
        // The residents' reports have their own matrix (`notify_reports.rs`).
        let reports = endpoints::NOTIFY_REPORTS_ALL.contains(e);
        // So have the message templates (`notify_templates.rs`).
        let templates = endpoints::NOTIFY_TEMPLATES_ALL.contains(e);
        assert!(
            public_or_device || staff || token_only || reports || templates,
            "{} {} has no row",
            e.method.as_str(),
            e.path
        );
    }

    let r = Registry::start();
    let sessions: Vec<(&str, Session)> = ROLES
        .iter()
        .map(|role| match *role {
            "admin" => (*role, r.admin.clone()),
            "notifier_admin" => (*role, r.first.clone()),
            _ => (*role, r.person(&[role])),
        })
        .collect();
    let district = support::notify::a_district(&r.app);
    let device = bound_resident(&r.app, &registration(&district, unique())).device;
    let target = str_field(
        &register(&r.second, &resident("Maria", "Dąbrowska", CENTRUM)),
        "id",
    );

    for e in endpoints::NOTIFY_STAFF {
        let name = format!("{} {}", e.method.as_str(), e.path);
        for (role, session) in &sessions {
            if allowed(e).contains(role) {
                let (path, body) = valid_request(&r, e);
                let status = call(session, e, &path, body.as_ref());
                assert!((200..300).contains(&status), "{role} on {name}: {status}");
            } else {
                let path = e.path.replace(":id", &target);
                let body = json!({});
                let status = call(
                    session,
                    e,
                    &path,
                    Some(&body).filter(|_| e.method.as_str() != "GET"),
                );
                assert_eq!(status, 403, "{role} on {name}");
            }
        }
        let path = e.path.replace(":id", &target);
        let reply = device.send(e.method.as_str(), &path, None);
        // A device token is never a staff session (docs/api/notifications.md § Who calls).
        assert_problem(&reply, 401, "unauthenticated");
    }
    // The scheduler's token route: no session and no device opens it; without `tick_token`
    // configured (as here) it does not exist for anyone.
    for (role, session) in &sessions {
        let status = call(session, &endpoints::NOTIFY_TICK, "/api/notify/tick", None);
        assert_eq!(status, 404, "{role} on the tick");
    }
    let reply = device.send("POST", "/api/notify/tick", None);
    assert_eq!(reply.status, 404, "a device on the tick");
    // the resident's data was left alone by every refused call
    let still = r.first.get_ok(&format!("/api/notify/recipients/{target}"));
    assert_eq!(still["last_name"], "Dąbrowska");
    assert_eq!(still["verification"], "unverified");
}
