//! End-to-end: the chat's one poll, `GET /api/chat/updates?since=` (docs/api/messaging.md
//! § Live) — new messages, edits and deletions of the caller's conversations only, unread
//! counters, ETag / 304 while nothing changed, pages of at most 200 (`more`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_tests::HttpReply;
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

// --- the 304 answered from the KV store (store::marks, docs/decisions.md) ---
//
// Each test below first settles a poll (a 200 that leaves the person's stamp, then a 304
// answered from it), then makes one kind of change and expects the next poll with the same
// `If-None-Match` to be a 200 with a new `ETag`. Were a writer's mark missing, the stamp
// would still hold and that poll would be a 304.

fn poll_with(session: &Session, etag: &str) -> HttpReply {
    let cursor = etag.trim_matches('"');
    session
        .request("GET", &format!("/api/chat/updates?since={cursor}"))
        .header("if-none-match", etag)
        .send()
        .unwrap()
}

/// The caller's `ETag` once their poll is settled (answered 304 from then on).
fn settled(session: &Session) -> String {
    let first = session.get("/api/chat/updates");
    assert_eq!(first.status, 200, "{}", first.text());
    let etag = first.header("etag").unwrap().to_owned();
    unchanged(session, &etag);
    etag
}

/// Nothing changed for the caller: 304, no body, the same `ETag`.
fn unchanged(session: &Session, etag: &str) {
    let reply = poll_with(session, etag);
    assert_eq!(reply.status, 304, "{}", reply.text());
    assert!(reply.text().is_empty());
    assert_eq!(reply.header("etag"), Some(etag));
}

/// Something changed for the caller: 200 with a new `ETag` (its cursor); the answer and it.
fn changed(session: &Session, etag: &str, what: &str) -> (Value, String) {
    let reply = poll_with(session, etag);
    assert_eq!(reply.status, 200, "{what}: {}", reply.text());
    let new = reply.header("etag").unwrap().to_owned();
    assert_ne!(new, etag, "{what}");
    let body = json_of(&reply);
    assert_eq!(new, format!("\"{}\"", str_field(&body, "cursor")), "{what}");
    (body, new)
}

fn council_channel_id(session: &Session) -> String {
    let list = session.get_ok("/api/chat/conversations");
    let found = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "council")
        .map(|c| str_field(c, "id"));
    found.expect("the council channel")
}

fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend_from_slice(b"obrazek");
    bytes
}

#[test]
fn every_change_to_a_conversation_turns_the_next_poll_into_a_200() {
    let chat = Chat::start();
    let clerk = chat.person(&["clerk"]);
    let anna = chat.person(&["director"]);
    let jan = chat.person(&["director"]);
    let outsider = chat.person(&["director"]);
    let cid = group(&clerk.session, "Komisja budżetu", &[anna.id(), jan.id()]);
    let etag = settled(&jan.session);
    let outsider_etag = settled(&outsider.session);

    let first = send(&anna.session, &cid, "Pierwsza");
    let (got, etag) = changed(&jan.session, &etag, "a new message");
    assert_eq!(got["messages"][0]["id"], first["id"]);
    unchanged(&jan.session, &etag);
    // someone else's conversation leaves the outsider's stamp standing
    unchanged(&outsider.session, &outsider_etag);

    let mid = str_field(&first, "id");
    let path = format!("/api/chat/conversations/{cid}/messages/{mid}");
    let edited = anna.session.patch(&path, &json!({ "text": "Poprawiona" }));
    assert_eq!(edited.status, 200, "{}", edited.text());
    let (got, etag) = changed(&jan.session, &etag, "an edit");
    assert_eq!(got["changed"][0]["text"], "Poprawiona");
    unchanged(&jan.session, &etag);

    assert_eq!(anna.session.delete(&path).status, 204);
    let (got, etag) = changed(&jan.session, &etag, "a deletion");
    assert_eq!(got["changed"][0]["deleted"], true);
    unchanged(&jan.session, &etag);

    // an upload alone is nobody's news; the message it joins is
    let upload = anna
        .session
        .request(
            "POST",
            &format!("/api/chat/conversations/{cid}/attachments"),
        )
        .header("content-type", "image/png")
        .header("x-filename", "plan.png")
        .body(png())
        .send()
        .unwrap();
    assert_eq!(upload.status, 201, "{}", upload.text());
    unchanged(&jan.session, &etag);
    let sent = anna.session.post(
        &format!("/api/chat/conversations/{cid}/messages"),
        &json!({ "text": "Plan", "attachment_ids": [json_of(&upload)["id"]] }),
    );
    assert_eq!(sent.status, 201, "{}", sent.text());
    let (got, etag) = changed(&jan.session, &etag, "a message with an attachment");
    assert_eq!(got["messages"][0]["attachments"][0]["name"], "plan.png");
    unchanged(&jan.session, &etag);

    let renamed = clerk.session.patch(
        &format!("/api/chat/conversations/{cid}"),
        &json!({ "title": "Komisja finansów" }),
    );
    assert_eq!(renamed.status, 200, "{}", renamed.text());
    let (got, etag) = changed(&jan.session, &etag, "a rename");
    assert_eq!(got["conversations"][0]["id"], cid.as_str());
    unchanged(&jan.session, &etag);

    // the read marker moved by the same person (their other device) shows on this one
    let marked = put(
        &jan.session,
        &format!("/api/chat/conversations/{cid}/read"),
        &json!({ "message_id": json_of(&sent)["id"] }),
    );
    assert_eq!(marked.status, 204);
    let (got, etag) = changed(&jan.session, &etag, "a read marker");
    assert_eq!(got["conversations"][0]["read_up_to"], json_of(&sent)["id"]);
    assert_eq!(got["conversations"][0]["unread"], 0);
    unchanged(&jan.session, &etag);
    // …and a marker that does not move changes nothing
    let again = put(
        &jan.session,
        &format!("/api/chat/conversations/{cid}/read"),
        &json!({ "message_id": json_of(&sent)["id"] }),
    );
    assert_eq!(again.status, 204);
    unchanged(&jan.session, &etag);
    unchanged(&outsider.session, &outsider_etag);
}

#[test]
fn membership_changes_turn_the_next_poll_into_a_200() {
    let chat = Chat::start();
    let clerk = chat.person(&["clerk"]);
    let anna = chat.person(&["director"]);
    let jan = chat.person(&["director"]);
    let ewa = chat.person(&["director"]);
    let jan_etag = settled(&jan.session);

    // a direct conversation started with you
    let dm = direct(&anna.session, &jan.id());
    let (_, jan_etag) = changed(&jan.session, &jan_etag, "a direct conversation");
    unchanged(&jan.session, &jan_etag);

    // a group made with you in it
    let cid = group(&clerk.session, "Klub", &[anna.id(), jan.id()]);
    let (got, jan_etag) = changed(&jan.session, &jan_etag, "a new group");
    assert!(got["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == cid.as_str()));
    unchanged(&jan.session, &jan_etag);

    // someone joining: the newcomer and those who stay
    let ewa_etag = settled(&ewa.session);
    let members = format!("/api/chat/conversations/{cid}/members");
    let put_members = |ids: &[String]| {
        let reply = put(&clerk.session, &members, &json!({ "member_ids": ids }));
        assert_eq!(reply.status, 200, "{}", reply.text());
    };
    put_members(&[anna.id(), jan.id(), ewa.id()]);
    changed(&ewa.session, &ewa_etag, "joining a group");
    let (got, jan_etag) = changed(&jan.session, &jan_etag, "another member joining");
    assert_eq!(got["conversations"][0]["id"], cid.as_str());
    unchanged(&jan.session, &jan_etag);

    // leaving: the group's changes are no longer the caller's (the cursor falls back to the
    // direct conversation's)
    put_members(&[anna.id(), ewa.id()]);
    changed(&jan.session, &jan_etag, "being removed from a group");
    assert!(!conversation_ids(&jan.session).contains(&cid));
    assert!(conversation_ids(&jan.session).contains(&dm));
}

#[test]
fn the_council_channel_follows_its_messages_and_the_role() {
    let chat = Chat::start();
    let anna = chat.person(&["councillor"]);
    let piotr = chat.person(&["chair"]);
    let jan = chat.person(&["director"]);
    let council = council_channel_id(&anna.session);
    let piotr_etag = settled(&piotr.session);
    let jan_etag = settled(&jan.session);

    send(&anna.session, &council, "Do całej rady");
    let (got, piotr_etag) = changed(&piotr.session, &piotr_etag, "a council message");
    assert_eq!(got["messages"][0]["text"], "Do całej rady");
    unchanged(&piotr.session, &piotr_etag);
    // not a member: nothing
    unchanged(&jan.session, &jan_etag);

    let roles = |roles: &[&str]| {
        let reply = chat.admin.patch(
            &format!("/api/users/{}", jan.id()),
            &json!({ "roles": roles }),
        );
        assert_eq!(reply.status, 200, "{}", reply.text());
    };
    roles(&["director", "councillor"]);
    let (got, jan_etag) = changed(&jan.session, &jan_etag, "the councillor role granted");
    assert_eq!(got["cursor"], piotr_etag.trim_matches('"'));
    unchanged(&jan.session, &jan_etag);
    roles(&["director"]);
    changed(&jan.session, &jan_etag, "the councillor role revoked");
}

/// The 304 comes from the stamp, not from SQLite: a change made behind the component's back
/// (what a writer that died between its commit and its mark would leave) stays unseen — which
/// is why every writer sets a mark, and why the tests above fail if one is missing — until the
/// stamp is a minute old; then the poll asks SQLite again. (The one test here that writes the
/// database itself: no request can make a change without its mark.)
#[test]
fn a_change_without_its_mark_is_seen_once_the_stamp_is_a_minute_old() {
    let chat = Chat::start();
    let anna = chat.person(&["director"]);
    let jan = chat.person(&["director"]);
    let cid = direct(&anna.session, &jan.id());
    let etag = settled(&jan.session);

    let db = rusqlite::Connection::open(chat.app.database_path()).unwrap();
    db.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
    let moved = db
        .execute(
            "UPDATE chat_members SET seq = seq + 1000 WHERE user_id = ?1",
            [jan.id()],
        )
        .unwrap();
    assert_eq!(moved, 1);
    drop(db);

    unchanged(&jan.session, &etag);
    chat.app.advance_clock(59);
    unchanged(&jan.session, &etag);
    chat.app.advance_clock(2);
    let (got, etag) = changed(&jan.session, &etag, "the stamp aged out");
    assert_eq!(got["conversations"][0]["id"], cid.as_str());
    unchanged(&jan.session, &etag);
}

/// The chat's rows of the host's KV file (`d:chat-…`: marks and stamps), as they stand.
fn chat_keys(chat: &Chat) -> Vec<(String, Vec<u8>)> {
    let path = chat.app.host.state_dir().join("sqlite_key_value.db");
    let kv =
        rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    kv.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
    let mut rows = kv
        .prepare("SELECT key, value FROM spin_key_value WHERE key LIKE 'd:chat-%' ORDER BY key")
        .unwrap();
    let found = rows
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    found
}

/// In the steady state no poll writes to the store: a poll that finds news (200) leaves every
/// chat key as the writer left it — the conversation's mark, which carries the message's
/// change number, tells the stamp the new cursor — and the next poll is a 304 from the
/// stamp. (Before change numbers, every such 200 rewrote the person's stamp: with 100
/// people polling, a hundred KV writes a second behind which every session read waited.)
#[test]
fn a_poll_that_finds_news_writes_nothing_to_the_store() {
    let chat = Chat::start();
    let anna = chat.person(&["director"]);
    let jan = chat.person(&["director"]);
    let ewa = chat.person(&["director"]);
    let cid = group_of_three(&chat, &anna, &jan, &ewa);
    let mut etag = settled(&jan.session);
    let mut ewa_etag = settled(&ewa.session);
    for text in ["Pierwsza", "Druga", "Trzecia"] {
        send(&anna.session, &cid, text);
        let before = chat_keys(&chat);
        let mark = before
            .iter()
            .find(|(key, _)| key == &format!("d:chat-change:{cid}"))
            .map(|(_, value)| String::from_utf8(value.clone()).unwrap());
        let (got, new) = changed(&jan.session, &etag, "a new message");
        assert_eq!(got["messages"][0]["text"], text);
        assert_eq!(
            mark.as_deref(),
            Some(str_field(&got, "cursor").trim_start_matches('c')),
            "the mark is the message's change number"
        );
        let (_, ewa_new) = changed(&ewa.session, &ewa_etag, "a new message");
        assert_eq!(chat_keys(&chat), before, "a 200 poll wrote to the store");
        unchanged(&jan.session, &new);
        unchanged(&ewa.session, &ewa_new);
        assert_eq!(chat_keys(&chat), before, "a 304 poll wrote to the store");
        (etag, ewa_etag) = (new, ewa_new);
    }
}

fn group_of_three(chat: &Chat, anna: &Person, jan: &Person, ewa: &Person) -> String {
    let clerk = chat.person(&["clerk"]);
    group(
        &clerk.session,
        "Trzy osoby",
        &[anna.id(), jan.id(), ewa.id()],
    )
}
