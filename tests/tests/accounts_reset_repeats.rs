//! Repeated public reset requests for one account join the pending one: the form cannot be
//! used to flood the incident register or the holder's mailbox.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{json, Value};
use support::accounts::*;

#[test]
fn repeated_public_requests_join_the_pending_one() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (user, _) = app.active_user(&admin, &["councillor"], &council);
    // The start password and the "password changed" notice (sent after their responses).
    let before = app.wait_emails_to(&user.email, 2).len();
    for _ in 0..3 {
        let reply = app.anon().post(
            "/api/password-resets",
            &json!({ "email": user.email, "reason": "Zgubiłem hasło", "delivery": "letter" }),
        );
        assert_eq!(reply.status, 202, "{}", reply.text());
        assert_eq!(json_of(&reply), json!({ "status": "accepted" }));
    }
    let queue = admin.get_ok("/api/password-resets?status=pending&limit=500");
    let mine: Vec<&Value> = queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["user_id"] == user.id.as_str())
        .collect();
    assert_eq!(mine.len(), 1, "one pending request: {queue}");
    let incidents = admin.get_ok("/api/incidents?limit=500");
    let losses = incidents["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "password_loss" && i["account_id"] == user.id.as_str())
        .count();
    assert_eq!(losses, 1, "one password-loss incident: {incidents}");
    // One acknowledgement reached the holder, not three.
    app.wait_emails_to(&user.email, before + 1);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(app.emails_to(&user.email).len(), before + 1);
    // The repeats are still in the audit chain.
    let repeats = app
        .audit(&admin)
        .into_iter()
        .filter(|e| e["action"] == "reset_requested" && e["data"]["repeat"] == true)
        .count();
    assert_eq!(repeats, 2);
}
