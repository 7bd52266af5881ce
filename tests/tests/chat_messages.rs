//! End-to-end: chat messages (docs/api/messaging.md § Messages) on the real host — the safe
//! Markdown rendering (script payloads arrive inert), one copy per `Idempotency-Key`, edits
//! and deletions by the author within 15 minutes (the test clock moves, nothing sleeps),
//! replies, mentions of members, unread counts and read markers that only move forward, and
//! bad input refused with nothing stored.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{json, Value};
use support::accounts::*;
use support::chat::*;

fn pair(chat: &Chat) -> (Person, Person, String) {
    let anna = chat.person(&["councillor"]);
    let jan = chat.person(&["councillor"]);
    let cid = direct(&anna.session, &jan.id());
    (anna, jan, cid)
}

#[test]
fn script_and_html_payloads_arrive_inert() {
    let chat = Chat::start();
    let (anna, jan, cid) = pair(&chat);
    let payload = "<script>alert(1)</script>\n\n**Ważne**: <img src=x onerror=alert(2)> \
                   [klik](javascript:alert(3)) [BIP](https://bip.example/uchwala) \
                   <a href=\"javascript:alert(4)\" onclick=\"alert(5)\">x</a>";
    let sent = send(&anna.session, &cid, payload);
    assert_eq!(sent["text"], payload, "the source is kept as written");
    for message in [sent, messages(&jan.session, &cid).remove(0)] {
        let html = message["html"].as_str().unwrap().to_ascii_lowercase();
        for bad in ["<script", "<img", "onerror", "onclick", "javascript:"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert!(html.contains("<strong>ważne</strong>"), "{html}");
        assert!(
            html.contains(
                "<a href=\"https://bip.example/uchwala\" rel=\"noopener noreferrer nofollow\">bip</a>"
            ),
            "{html}"
        );
    }
}

#[test]
fn a_retried_send_with_the_same_idempotency_key_delivers_one_copy() {
    let chat = Chat::start();
    let (anna, jan, cid) = pair(&chat);
    let path = format!("/api/chat/conversations/{cid}/messages");
    let body = json!({ "text": "Napisane offline" });
    let first = anna
        .session
        .request("POST", &path)
        .header("idempotency-key", "offline-queue-1")
        .json(&body)
        .send()
        .unwrap();
    assert_eq!(first.status, 201, "{}", first.text());
    let again = anna
        .session
        .request("POST", &path)
        .header("idempotency-key", "offline-queue-1")
        .json(&body)
        .send()
        .unwrap();
    assert_eq!(again.status, 201, "{}", again.text());
    assert_eq!(json_of(&again)["id"], json_of(&first)["id"]);
    let other_body = anna
        .session
        .request("POST", &path)
        .header("idempotency-key", "offline-queue-1")
        .json(&json!({ "text": "Inny tekst" }))
        .send()
        .unwrap();
    assert_problem(&other_body, 422, "idempotency_mismatch");
    assert_eq!(messages(&jan.session, &cid).len(), 1);
}

#[test]
fn the_author_edits_and_deletes_within_fifteen_minutes_only() {
    let chat = Chat::start();
    let (anna, jan, cid) = pair(&chat);
    let message = send(&anna.session, &cid, "Sesja o 10");
    let mid = str_field(&message, "id");
    let path = format!("/api/chat/conversations/{cid}/messages/{mid}");

    let edited = anna
        .session
        .patch(&path, &json!({ "text": "Sesja o *11*" }));
    assert_eq!(edited.status, 200, "{}", edited.text());
    let edited = json_of(&edited);
    assert_eq!(edited["text"], "Sesja o *11*");
    assert_eq!(edited["html"], "<p>Sesja o <em>11</em></p>\n");
    assert!(edited["edited_at"].is_string());
    assert!(
        messages(&jan.session, &cid)[0]["edited_at"].is_string(),
        "the edit is visible"
    );

    assert_problem(
        &jan.session.patch(&path, &json!({ "text": "nie moje" })),
        403,
        "forbidden",
    );
    assert_problem(&jan.session.delete(&path), 403, "forbidden");

    chat.app.advance_clock(16 * MINUTE);
    let late = anna.session.patch(&path, &json!({ "text": "za późno" }));
    assert_problem(&late, 409, "conflict");
    assert_eq!(json_of(&late)["params"]["rule"], "edit_window_closed");
    assert_problem(&anna.session.delete(&path), 409, "conflict");
    assert_eq!(messages(&jan.session, &cid)[0]["text"], "Sesja o *11*");

    let fresh = send(&anna.session, &cid, "Pomyłka");
    let fresh_path = format!(
        "/api/chat/conversations/{cid}/messages/{}",
        str_field(&fresh, "id")
    );
    let deleted = anna.session.delete(&fresh_path);
    assert_eq!(deleted.status, 204, "{}", deleted.text());
    let shown = messages(&jan.session, &cid);
    assert_eq!(shown[0]["id"], fresh["id"]);
    assert_eq!(shown[0]["deleted"], true);
    assert_eq!(shown[0]["text"], "");
    assert_eq!(shown[0]["html"], "");
    assert_eq!(shown[0]["author"]["user_id"], anna.id());
    let again = anna.session.delete(&fresh_path);
    assert_problem(&again, 409, "conflict");
    assert_eq!(json_of(&again)["params"]["rule"], "message_deleted");
}

#[test]
fn replies_mentions_unread_counts_and_read_markers() {
    let chat = Chat::start();
    let clerk = chat.person(&["clerk"]);
    let anna = chat.person(&["councillor"]);
    let jan = chat.person(&["councillor"]);
    let outsider = chat.person(&["councillor"]);
    let cid = group(&clerk.session, "Klub radnych", &[anna.id(), jan.id()]);

    let question = send(&anna.session, &cid, "Kto ma projekt uchwały nr 12?");
    let reply = jan.session.post(
        &format!("/api/chat/conversations/{cid}/messages"),
        &json!({
            "text": format!(
                "@[Anna](user:{}) mam, wyślę też @[Obcy](user:{})",
                anna.id(),
                outsider.id()
            ),
            "reply_to": question["id"],
        }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    let reply = json_of(&reply);
    assert_eq!(
        reply["mentions"],
        json!([anna.id()]),
        "only members are mentioned"
    );
    assert_eq!(reply["reply_to"]["id"], question["id"]);
    assert_eq!(
        reply["reply_to"]["excerpt"],
        "Kto ma projekt uchwały nr 12?"
    );
    assert!(reply["html"]
        .as_str()
        .unwrap()
        .contains("<span class=\"mention\">Anna</span>"));

    let seen = conversation(&anna.session, &cid);
    assert_eq!(
        (seen["unread"].clone(), seen["mentions_unread"].clone()),
        (json!(1), json!(1))
    );
    assert_eq!(conversation(&jan.session, &cid)["unread"], 1);

    let read = format!("/api/chat/conversations/{cid}/read");
    let marked = put(&anna.session, &read, &json!({ "message_id": reply["id"] }));
    assert_eq!(marked.status, 204, "{}", marked.text());
    let seen = conversation(&anna.session, &cid);
    assert_eq!(
        (seen["unread"].clone(), seen["mentions_unread"].clone()),
        (json!(0), json!(0))
    );
    assert_eq!(seen["read_up_to"], reply["id"]);
    // an older message is accepted and changes nothing
    let older = put(
        &anna.session,
        &read,
        &json!({ "message_id": question["id"] }),
    );
    assert_eq!(older.status, 204);
    assert_eq!(conversation(&anna.session, &cid)["read_up_to"], reply["id"]);

    // a reply or a marker must name a message of this conversation
    let elsewhere = direct(&anna.session, &jan.id());
    let foreign = send(&anna.session, &elsewhere, "gdzie indziej");
    let refused = anna.session.post(
        &format!("/api/chat/conversations/{cid}/messages"),
        &json!({ "text": "odpowiedź", "reply_to": foreign["id"] }),
    );
    assert_problem(&refused, 422, "validation_failed");
    assert_eq!(
        json_of(&refused)["fields"]["reply_to"]["code"],
        "unknown_reference"
    );
    let refused = put(
        &anna.session,
        &read,
        &json!({ "message_id": foreign["id"] }),
    );
    assert_problem(&refused, 422, "validation_failed");
}

#[test]
fn messages_page_newest_first_with_before() {
    let chat = Chat::start();
    let (anna, jan, cid) = pair(&chat);
    let sent: Vec<Value> = (1..=5)
        .map(|i| send(&anna.session, &cid, &format!("wiadomość {i}")))
        .collect();
    let first = jan
        .session
        .get_ok(&format!("/api/chat/conversations/{cid}/messages?limit=2"));
    let texts = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| str_field(m, "text"))
            .collect()
    };
    assert_eq!(texts(&first), ["wiadomość 5", "wiadomość 4"]);
    let before = str_field(&first, "next_cursor");
    assert_eq!(before, str_field(&sent[3], "id"));
    let second = jan.session.get_ok(&format!(
        "/api/chat/conversations/{cid}/messages?limit=3&before={before}"
    ));
    assert_eq!(
        texts(&second),
        ["wiadomość 3", "wiadomość 2", "wiadomość 1"]
    );
    assert_problem(
        &jan.session
            .get(&format!("/api/chat/conversations/{cid}/messages?limit=101")),
        422,
        "validation_failed",
    );
}

#[test]
fn bad_input_is_refused_and_nothing_is_stored() {
    let chat = Chat::start();
    let (anna, jan, cid) = pair(&chat);
    let path = format!("/api/chat/conversations/{cid}/messages");
    let cases = [
        (json!({ "text": "   \n " }), "text"),
        (json!({ "text": "x".repeat(10_001) }), "text"),
        (json!({ "text": "a\u{0007}b" }), "text"),
        (json!({ "text": "x", "html": "<b>" }), "html"),
        (
            json!({ "text": "x", "reply_to": "01JNOSUCHMESSAGE" }),
            "reply_to",
        ),
        (
            json!({ "text": "x", "attachment_ids": ["01JNOSUCHUPLOAD"] }),
            "attachment_ids",
        ),
        // a wrong type: serde names no field, the platform answers for the body
        (json!({ "text": 5 }), "body"),
    ];
    for (body, field) in cases {
        let reply = anna.session.post(&path, &body);
        assert_problem(&reply, 422, "validation_failed");
        assert!(
            json_of(&reply)["fields"][field].is_object(),
            "{field}: {}",
            reply.text()
        );
    }
    let malformed = anna
        .session
        .request("POST", &path)
        .header("content-type", "application/json")
        .body("{\"text\":")
        .send()
        .unwrap();
    assert_problem(&malformed, 400, "bad_request");
    assert!(messages(&jan.session, &cid).is_empty());
    assert_eq!(
        conversation(&jan.session, &cid)["last_message"],
        Value::Null
    );
}
