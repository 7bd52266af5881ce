//! End-to-end: the chat's one poll, `GET /api/chat/updates?since=` (docs/api/messaging.md
//! § Live) — new messages, edits and deletions of the caller's conversations only, unread
//! counters, ETag / 304 while nothing changed, pages of at most 200 (`more`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{json, Value};
use support::accounts::*;
use support::chat::*;

fn poll(session: &Session, since: &str) -> Value {
    session.get_ok(&format!("/api/chat/updates?since={since}"))
}

#[test]
fn updates_bring_new_edited_and_deleted_messages_and_304_while_nothing_changed() {
    let chat = Chat::start();
    let anna = chat.person(&["director"]);
    let jan = chat.person(&["director"]);
    let outsider = chat.person(&["director"]);
    let cid = direct(&anna.session, &jan.id());

    let start = jan.session.get("/api/chat/updates");
    assert_eq!(start.status, 200, "{}", start.text());
    let etag = start.header("etag").unwrap().to_owned();
    let start = json_of(&start);
    assert_eq!(start["messages"], json!([]));
    let cursor = str_field(&start, "cursor");
    assert_eq!(etag, format!("\"{cursor}\""));

    let unchanged = jan
        .session
        .request("GET", &format!("/api/chat/updates?since={cursor}"))
        .header("if-none-match", &etag)
        .send()
        .unwrap();
    assert_eq!(unchanged.status, 304);
    assert!(unchanged.text().is_empty());

    let outsider_cursor = str_field(&outsider.session.get_ok("/api/chat/updates"), "cursor");
    let first = send(&anna.session, &cid, "Pierwsza");
    let got = poll(&jan.session, &cursor);
    assert_eq!(got["messages"].as_array().unwrap().len(), 1);
    assert_eq!(got["messages"][0]["id"], first["id"]);
    assert_eq!(got["changed"], json!([]));
    assert_eq!(got["more"], false);
    assert_eq!(
        got["conversations"],
        json!([{ "id": cid, "unread": 1, "mentions_unread": 0, "read_up_to": null }])
    );
    let cursor = str_field(&got, "cursor");
    // someone else's conversation moves nobody else's cursor
    let nothing = poll(&outsider.session, &outsider_cursor);
    assert_eq!(nothing["messages"], json!([]));
    assert_eq!(nothing["cursor"], outsider_cursor);

    let mid = str_field(&first, "id");
    let edited = anna.session.patch(
        &format!("/api/chat/conversations/{cid}/messages/{mid}"),
        &json!({ "text": "Pierwsza, poprawiona" }),
    );
    assert_eq!(edited.status, 200);
    let got = poll(&jan.session, &cursor);
    assert_eq!(got["messages"], json!([]));
    assert_eq!(got["changed"][0]["text"], "Pierwsza, poprawiona");
    let cursor = str_field(&got, "cursor");

    let deleted = anna
        .session
        .delete(&format!("/api/chat/conversations/{cid}/messages/{mid}"));
    assert_eq!(deleted.status, 204);
    let got = poll(&jan.session, &cursor);
    assert_eq!(got["changed"][0]["deleted"], true);
    assert_eq!(got["conversations"][0]["unread"], 0);
    let cursor = str_field(&got, "cursor");

    // the read marker moved on another device of the same person shows too
    let second = send(&anna.session, &cid, "Druga");
    let got = poll(&jan.session, &cursor);
    let cursor = str_field(&got, "cursor");
    let marked = put(
        &jan.session,
        &format!("/api/chat/conversations/{cid}/read"),
        &json!({ "message_id": second["id"] }),
    );
    assert_eq!(marked.status, 204);
    let got = poll(&jan.session, &cursor);
    assert_eq!(got["conversations"][0]["read_up_to"], second["id"]);
    assert_eq!(got["conversations"][0]["unread"], 0);

    for bad in ["42", "c", "c-1", "cx", "c1234567890123456789"] {
        let reply = jan.session.get(&format!("/api/chat/updates?since={bad}"));
        assert_problem(&reply, 422, "validation_failed");
        assert!(json_of(&reply)["fields"]["since"].is_object());
    }
}

#[test]
fn a_burst_comes_in_pages_of_at_most_two_hundred() {
    let chat = Chat::start();
    let anna = chat.person(&["director"]);
    let jan = chat.person(&["director"]);
    let cid = direct(&anna.session, &jan.id());
    let cursor = str_field(&jan.session.get_ok("/api/chat/updates"), "cursor");
    for i in 0..205 {
        send(&anna.session, &cid, &format!("m{i}"));
    }
    let first = poll(&jan.session, &cursor);
    assert_eq!(first["messages"].as_array().unwrap().len(), 200);
    assert_eq!(first["more"], true);
    assert_eq!(first["messages"][0]["text"], "m0");
    let second = poll(&jan.session, &str_field(&first, "cursor"));
    let texts: Vec<String> = second["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| str_field(m, "text"))
        .collect();
    assert_eq!(texts, ["m200", "m201", "m202", "m203", "m204"]);
    assert_eq!(second["more"], false);
}
