//! End-to-end: what residents receive and read (docs/api/notifications-messages.md § The bound
//! device, Public) on the real host, with the test push service (which decrypts every push
//! with the subscription's private key and checks its VAPID token, as a browser vendor's
//! would) and the capture gateway:
//! - a message to everyone over push reaches each subscribed resident's browser, decrypted to
//!   the filled title, the text and the message's page; a 410 removes that subscription and
//!   fails that delivery; a resident without a subscription gets no push delivery;
//! - `GET /api/notify/me/messages` lists it filled for the reader, and an individual message
//!   only for its recipient; `GET /api/notify/news` lists the public one with the placeholders
//!   left out, never the individual one, with an `ETag` that answers 304 until a new message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_tests::{wait_until, PushService};
use serde_json::{json, Value};
use std::time::Duration;
use support::accounts::*;
use support::notify::*;

const WAIT: Duration = Duration::from_secs(30);
/// The scheduler's token (so the test can run a tick, as a CronJob would on Spin).
const TICK_TOKEN: &str = "feeds-tick-token-0123456789abcdef0123";

/// The sealed subscription of recipient `id`'s device, if any (read-only look at the file).
fn stored(app: &App, id: &str) -> Option<String> {
    let db = rusqlite::Connection::open_with_flags(
        app.database_path(),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    db.query_row(
        "SELECT push_subscription FROM notify_devices WHERE recipient_id = ?",
        [id],
        |row| row.get::<_, Option<String>>(0),
    )
    .ok()
    .flatten()
}

/// Sends `body` as the notifier and waits until the message is `done`.
fn send_and_finish(app: &App, notifier: &Session, body: &Value) -> Value {
    let reply = notifier.post("/api/notify/messages", body);
    assert_eq!(reply.status, 201, "{}", reply.text());
    let id = str_field(&json_of(&reply), "id");
    let path = format!("/api/notify/messages/{id}");
    wait_until("the message is done", WAIT, || {
        // The sending pass runs after a response: a tick keeps it going if it stopped.
        let _ = Session::with_token(&app.base(), TICK_TOKEN).post_empty("/api/notify/tick");
        let m = notifier.get_ok(&path);
        (m["state"] == "done").then_some(m)
    })
    .unwrap()
}

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_message_to_everyone_is_pushed_read_by_residents_and_in_the_news_feed() {
    let push = PushService::start().unwrap();
    let app = start_registry(&[
        ("push_service_origin", &push.origin()),
        ("tick_token", TICK_TOKEN),
    ]);
    accept_every_batch(&app);
    let district = a_district(&app);
    let admin = app.bootstrap_admin();
    let unit = app.council_unit(&admin);
    let (_, notifier) = app.active_user(&admin, &["notifier"], &unit);

    let key = str_field(
        &app.anon().get_ok("/api/notify/push-key"),
        "vapid_public_key",
    );
    push.expect_vapid_key(&key);
    let mut anna_body = registration(&district, unique());
    anna_body["first_name"] = json!("Anna");
    anna_body["quiet_hours"] = Value::Null;
    let anna = bound_resident(&app, &anna_body);
    let mut jan_body = registration(&district, unique());
    jan_body["first_name"] = json!("Jan");
    jan_body["quiet_hours"] = Value::Null;
    let jan = bound_resident(&app, &jan_body);
    let mut ola_body = registration(&district, unique());
    ola_body["quiet_hours"] = Value::Null;
    let ola = bound_resident(&app, &ola_body);
    let anna_sub = push.subscribe("anna").unwrap();
    let jan_sub = push.subscribe("jan").unwrap();
    for (resident, sub) in [(&anna, &anna_sub), (&jan, &jan_sub)] {
        let reply = resident.device.send(
            "PUT",
            "/api/notify/me/push-subscription",
            Some(&sub.to_json()),
        );
        assert_eq!(reply.status, 200, "{}", reply.text());
    }
    // Jan's browser has dropped its subscription: the push service answers 410.
    push.set_status("jan", Some(410));

    let news_before = app.anon().get("/api/notify/news");
    assert_eq!(news_before.status, 200, "{}", news_before.text());
    let tag_before = news_before.header("etag").unwrap().to_owned();

    let message = send_and_finish(
        &app,
        &notifier,
        &json!({
            "title": "Burza ((first_name))",
            "text": "Dzień dobry ((first_name)), silny wiatr do 22:00.",
            "category": "warning",
            "channels": ["push"],
            "audience": { "kind": "everyone" },
        }),
    );
    let id = str_field(&message, "id");
    let progress = &message["progress"]["by_channel"]["push"];
    assert_eq!(progress["sent"], 1, "{message}");
    assert_eq!(progress["failed"], 1, "{message}");

    // Anna's browser got it, decrypted with her keys and signed with the server's key.
    let got = push.wait_for("anna", 1, WAIT).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].payload["title"], "Burza Anna",
        "{:?}",
        got[0].payload
    );
    assert_eq!(got[0].payload["url"], format!("/residents/messages/{id}"));
    assert!(
        got[0].payload["body"]
            .as_str()
            .unwrap()
            .contains("Dzień dobry Anna, silny wiatr"),
        "{:?}",
        got[0].payload
    );
    assert_eq!(got[0].vapid_key, key);
    // Jan's 410 removed his subscription; Anna's stays; Ola had none and got no push.
    assert_eq!(push.arrivals_for("jan").last().unwrap().status, 410);
    wait_until("the gone subscription removed", WAIT, || {
        stored(&app, &jan.id).is_none().then_some(())
    })
    .unwrap();
    assert!(stored(&app, &anna.id).is_some());
    assert!(push.arrivals_for("anna").len() == 1);

    // Each resident reads it filled for them; the news feed reads it without placeholders.
    let mine = anna.device.get_ok("/api/notify/me/messages");
    assert_eq!(mine["items"][0]["id"], id);
    assert_eq!(mine["items"][0]["title"], "Burza Anna");
    assert_eq!(mine["items"][0]["category"], "warning");
    assert!(mine["items"][0]["sent_at"].is_string());
    let olas = ola.device.get_ok("/api/notify/me/messages");
    assert_eq!(
        ids(&olas),
        std::slice::from_ref(&id),
        "a message to everyone is everyone's"
    );
    let news = app.anon().get("/api/notify/news");
    assert_eq!(news.status, 200);
    let tag = news.header("etag").unwrap().to_owned();
    assert_ne!(tag, tag_before);
    let news = json_of(&news);
    assert_eq!(news["items"][0]["id"], id);
    assert_eq!(news["items"][0]["title"], "Burza");
    assert_eq!(
        news["items"][0]["text"],
        "Dzień dobry, silny wiatr do 22:00."
    );
    // Unchanged: 304 with the same tag.
    let again = app
        .anon()
        .request("GET", "/api/notify/news")
        .header("if-none-match", &tag)
        .send()
        .unwrap();
    assert_eq!(again.status, 304);
    assert_eq!(again.header("etag"), Some(tag.as_str()));

    // A message to one resident (by e-mail): only hers, never in the news.
    let ola_email = ola_body["email"].as_str().unwrap().to_owned();
    let personal = send_and_finish(
        &app,
        &notifier,
        &json!({
            "title": "Odbiór odpadów",
            "text": "Pani zgłoszenie przyjęto.",
            "category": "other",
            "channels": ["email"],
            "audience": { "kind": "individuals", "recipient_ids": [ola.id] },
        }),
    );
    let personal_id = str_field(&personal, "id");
    assert_eq!(
        personal["progress"]["by_channel"]["email"]["sent"], 1,
        "{personal}"
    );
    let to_ola = app.gateway.requests().iter().any(|r| {
        r.path_only().ends_with("/batch")
            && r.json().is_ok_and(|b| {
                b["messages"].as_array().is_some_and(|ms| {
                    ms.iter()
                        .any(|m| m["to"] == ola_email && m["text"] == "Pani zgłoszenie przyjęto.")
                })
            })
    });
    assert!(to_ola, "the e-mail went to Ola through the batch form");
    let olas = ola.device.get_ok("/api/notify/me/messages");
    assert_eq!(
        ids(&olas),
        [personal_id.clone(), id.clone()],
        "newest first"
    );
    assert_eq!(
        ids(&anna.device.get_ok("/api/notify/me/messages")),
        std::slice::from_ref(&id)
    );
    let news = app.anon().get_ok("/api/notify/news");
    assert_eq!(ids(&news), std::slice::from_ref(&id));
    // The tag stays while the feed is unchanged.
    let again = app
        .anon()
        .request("GET", "/api/notify/news")
        .header("if-none-match", &tag)
        .send()
        .unwrap();
    assert_eq!(again.status, 304);

    // Pages: limit and cursor; a malformed cursor is named.
    let first = app.anon().get_ok("/api/notify/news?limit=1");
    assert_eq!(ids(&first), std::slice::from_ref(&id));
    let bad = app.anon().get("/api/notify/news?cursor=not%20an%20id");
    assert_problem(&bad, 422, "validation_failed");
    // A blank cursor is no cursor (the fuzz step's ST202 on `cursor=%20`).
    let blank = app.anon().get_ok("/api/notify/news?limit=1&cursor=%20");
    assert_eq!(ids(&blank), ids(&first));
    let bad = ola.device.get("/api/notify/me/messages?limit=0");
    assert_problem(&bad, 422, "validation_failed");
    let page = ola.device.get_ok("/api/notify/me/messages?limit=1");
    assert_eq!(ids(&page), [personal_id]);
    let cursor = page["next_cursor"].as_str().unwrap().to_owned();
    let rest = ola
        .device
        .get_ok(&format!("/api/notify/me/messages?limit=1&cursor={cursor}"));
    assert_eq!(ids(&rest), [id]);
    assert!(rest["next_cursor"].is_null());
}
