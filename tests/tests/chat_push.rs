//! End-to-end: Web Push for the chat (docs/api/messaging.md § Live) on the real host with the
//! test push service, which decrypts every push with the subscription's private key and checks
//! its VAPID token as a browser vendor's push service would. A councillor subscribes; another
//! writes to her directly and mentions her in the council channel: exactly those two pushes
//! arrive, with the conversation as title and "Nowa wiadomość" as body, never the text. A
//! message without a mention in the channel pushes nothing. A 410 from the push service
//! removes that subscription and no other. Subscriptions are the owner's only, checked, and
//! sealed at rest.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_tests::{wait_until, PushService, TestSubscription};
use serde_json::{json, Value};
use std::time::Duration;
use support::accounts::*;

const WAIT: Duration = Duration::from_secs(15);
/// What a message says; never in a push.
const SECRET_TEXT: &str = "Poufne: projekt budżetu na 2027";

fn subscribe(session: &Session, sub: &TestSubscription) -> String {
    let reply = session.post("/api/chat/push-subscriptions", &sub.to_json());
    assert_eq!(reply.status, 201, "{}", reply.text());
    str_field(&json_of(&reply), "id")
}

fn post_message(session: &Session, cid: &str, text: &str) -> Value {
    let reply = session.post(
        &format!("/api/chat/conversations/{cid}/messages"),
        &json!({ "text": text }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    json_of(&reply)
}

fn council_channel(session: &Session) -> Value {
    let page = session.get_ok("/api/chat/conversations?limit=100");
    page["items"]
        .as_array()
        .and_then(|items| items.iter().find(|c| c["kind"] == "council").cloned())
        .expect("a councillor is in the council channel")
}

/// Rows of `push_subscriptions` (read-only look at the real SQLite file).
fn stored_subscriptions(app: &App) -> Vec<(String, String)> {
    let db = rusqlite::Connection::open_with_flags(
        app.database_path(),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let mut stmt = db
        .prepare("SELECT account_id, sealed FROM push_subscriptions ORDER BY created_at")
        .unwrap();
    stmt.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn direct_messages_and_mentions_reach_the_closed_app_as_encrypted_pushes_without_the_text() {
    let push = PushService::start().unwrap();
    let app = start_with(&[("push_service_origin", &push.origin())]);
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (anna_user, anna) = app.active_user(&admin, &["councillor"], &council);
    let (_, piotr) = app.active_user(&admin, &["councillor"], &council);

    // The browser asks for the server's key and subscribes with it; the push service takes
    // only pushes signed by that key.
    let key = anna.get_ok("/api/chat/push-key");
    let key = str_field(&key, "vapid_public_key");
    assert_eq!(key.len(), 87, "an uncompressed P-256 point: {key}");
    push.expect_vapid_key(&key);
    let tablet = push.subscribe("anna-tablet").unwrap();
    let phone = push.subscribe("anna-phone").unwrap();
    let tablet_id = subscribe(&anna, &tablet);
    subscribe(&anna, &phone);
    // The same browser subscribing again keeps its one subscription.
    assert_eq!(subscribe(&anna, &tablet), tablet_id);
    assert_eq!(stored_subscriptions(&app).len(), 2);

    // A direct message from Piotr.
    let reply = piotr.post(
        "/api/chat/conversations",
        &json!({ "kind": "direct", "user_id": anna_user.id }),
    );
    assert!(matches!(reply.status, 200 | 201), "{}", reply.text());
    let direct = str_field(&json_of(&reply), "id");
    let sent = post_message(&piotr, &direct, SECRET_TEXT);
    let piotr_name = sent["author"]["name"].as_str().unwrap().to_owned();
    let expected_direct = json!({
        "title": piotr_name, "body": "Nowa wiadomość", "url": format!("/chat/{direct}"),
    });
    for device in ["anna-tablet", "anna-phone"] {
        let got = push.wait_for(device, 1, WAIT).unwrap();
        assert_eq!(got[0].payload, expected_direct, "{device}");
        assert_eq!(got[0].urgency.as_deref(), Some("high"));
        assert_eq!(got[0].topic.as_deref(), Some(direct.as_str()));
        assert_eq!(got[0].vapid_key, key);
        assert!(got[0].subject.starts_with("mailto:"));
        assert!(got[0].ttl > 0);
    }

    // In the council channel: a message without a mention pushes nothing, a mention does.
    let channel = council_channel(&piotr);
    let cid = str_field(&channel, "id");
    post_message(&piotr, &cid, "Dzień dobry wszystkim");
    let mention = format!("@[Anna](user:{}) {SECRET_TEXT}", anna_user.id);
    let mentioned = post_message(&piotr, &cid, &mention);
    assert_eq!(mentioned["mentions"], json!([anna_user.id]));
    let got = push.wait_for("anna-tablet", 2, WAIT).unwrap();
    let title = channel["title"]
        .as_str()
        .filter(|t| !t.is_empty())
        .unwrap_or("Kanał rady");
    assert_eq!(
        got[1].payload,
        json!({ "title": title, "body": "Nowa wiadomość", "url": format!("/chat/{cid}") })
    );
    // Anna's own message tells nobody (she is the author; Piotr has no subscription).
    post_message(&anna, &direct, "Dziękuję");

    push.wait_for("anna-phone", 2, WAIT).unwrap();

    // The tablet's subscription has expired: 410 removes it, the phone's stays.
    push.set_status("anna-tablet", Some(410));
    post_message(&piotr, &direct, "Jeszcze jedno");
    push.wait_for("anna-phone", 3, WAIT).unwrap();
    // Exactly the direct messages and the mention, on each device, none carrying the text.
    let arrivals = push.arrivals();
    assert_eq!(arrivals.len(), 6, "{arrivals:?}");
    for arrival in arrivals.iter().filter(|a| a.status == 201) {
        let payload = arrival.outcome.as_ref().unwrap().payload.to_string();
        assert!(
            !payload.contains("Poufne") && !payload.contains("Dzień"),
            "{payload}"
        );
    }
    wait_until("the gone subscription removed", WAIT, || {
        (stored_subscriptions(&app).len() == 1).then_some(())
    })
    .unwrap();
    assert_eq!(push.arrivals_for("anna-tablet").last().unwrap().status, 410);
    assert_eq!(
        anna.delete(&format!("/api/chat/push-subscriptions/{tablet_id}"))
            .status,
        404
    );
}

#[test]
fn subscriptions_are_checked_are_the_owners_only_and_sealed_at_rest() {
    let push = PushService::start().unwrap();
    let app = start_with(&[("push_service_origin", &push.origin())]);
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (anna_user, anna) = app.active_user(&admin, &["councillor"], &council);
    let (_, piotr) = app.active_user(&admin, &["councillor"], &council);
    let sub = push.subscribe("anna").unwrap();

    // Malformed subscriptions: a clear 422 naming the field, nothing stored.
    let with = |endpoint: &str, p256dh: &str, auth: &str| json!({ "endpoint": endpoint, "keys": { "p256dh": p256dh, "auth": auth } });
    let other_port = format!("{}9/push/x", push.origin());
    let cases = [
        (
            with("https://fcm.googleapis.com/x", &sub.p256dh, &sub.auth),
            "endpoint",
        ),
        (with(&other_port, &sub.p256dh, &sub.auth), "endpoint"),
        (with("ftp://x", &sub.p256dh, &sub.auth), "endpoint"),
        (with("", &sub.p256dh, &sub.auth), "endpoint"),
        (with(&sub.endpoint, "BAAA", &sub.auth), "keys.p256dh"),
        (
            with(&sub.endpoint, &sub.p256dh[..86], &sub.auth),
            "keys.p256dh",
        ),
        (
            with(&sub.endpoint, &"B".repeat(201), &sub.auth),
            "keys.p256dh",
        ),
        (with(&sub.endpoint, &sub.p256dh, "short"), "keys.auth"),
        (
            with(&sub.endpoint, &sub.p256dh, "!!!!!!!!!!!!!!!!!!!!!!"),
            "keys.auth",
        ),
    ];
    for (body, field) in cases {
        let reply = anna.post("/api/chat/push-subscriptions", &body);
        assert_problem(&reply, 422, "validation_failed");
        assert!(
            json_of(&reply)["fields"][field].is_object(),
            "{body}: {}",
            reply.text()
        );
    }
    let reply = anna.post(
        "/api/chat/push-subscriptions",
        &json!({ "endpoint": sub.endpoint }),
    );
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert!(stored_subscriptions(&app).is_empty());

    // Only the owner removes a subscription; to anyone else it does not exist.
    let id = subscribe(&anna, &sub);
    assert_eq!(
        piotr
            .delete(&format!("/api/chat/push-subscriptions/{id}"))
            .status,
        404
    );
    assert_eq!(
        admin
            .delete(&format!("/api/chat/push-subscriptions/{id}"))
            .status,
        404
    );
    assert_eq!(
        anna.delete("/api/chat/push-subscriptions/not-an-id!")
            .status,
        404
    );

    // At rest: the account id and a sealed blob; neither the endpoint nor a key in the file.
    let rows = stored_subscriptions(&app);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0, anna_user.id);
    let file = std::fs::read(app.database_path()).unwrap();
    let wal = std::fs::read(app.database_path().with_extension("db-wal")).unwrap_or_default();
    for secret in [&sub.endpoint, &sub.p256dh, &sub.auth] {
        let needle = secret.as_bytes();
        let found = |bytes: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        assert!(
            !found(&file) && !found(&wal),
            "{secret} is in the database file"
        );
    }

    assert_eq!(
        anna.delete(&format!("/api/chat/push-subscriptions/{id}"))
            .status,
        204
    );
    assert_eq!(
        anna.delete(&format!("/api/chat/push-subscriptions/{id}"))
            .status,
        404
    );
    assert!(stored_subscriptions(&app).is_empty());
    // Without a session, nothing.
    assert_eq!(app.anon().get("/api/chat/push-key").status, 401);
}
