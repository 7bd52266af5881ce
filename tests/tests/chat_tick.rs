//! End-to-end: the chat's scheduled tick (docs/api/messaging.md § Messages, § Data at rest and
//! retention) — an upload not joined to a message within the hour is purged and a used one
//! kept; with `chat_retention_days` (730 by default) an older message goes with everything
//! hanging from it (attachments, mentions, search tokens) while a newer one, the conversation
//! and its members stay, and members' polls see the change (in the council channel also a
//! councillor who never read there); 0 keeps everything. An upload that expired while its
//! message waited is refused by its id, and uploaded again it goes with the same
//! `Idempotency-Key`, whose retry replays the first answer. The ticks are
//! the scheduler's `POST /api/chat/tick` with the tick token; the clock is the host's
//! `--test-clock`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_tests::HttpReply;
use serde_json::{json, Value};
use support::accounts::*;
use support::chat::*;

/// The scheduler's token the host is given.
const TICK_TOKEN: &str = "chat-tick-token-0123456789abcdef0123";
/// Seconds in a day.
const DAY: i64 = 24 * HOUR;

fn tick(chat: &Chat) {
    let reply = Session::with_token(&chat.app.base(), TICK_TOKEN).post_empty("/api/chat/tick");
    assert_eq!(reply.status, 200, "{}", reply.text());
}

fn upload(session: &Session, cid: &str, name: &str) -> String {
    let reply = session
        .request(
            "POST",
            &format!("/api/chat/conversations/{cid}/attachments"),
        )
        .header("content-type", "application/pdf")
        .header("x-filename", name)
        .body(b"%PDF-1.7\n".to_vec())
        .send()
        .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    str_field(&json_of(&reply), "id")
}

fn attachment(session: &Session, cid: &str, aid: &str) -> u16 {
    session
        .get(&format!("/api/chat/conversations/{cid}/attachments/{aid}"))
        .status
}

fn post(session: &Session, cid: &str, body: &Value) -> Value {
    let reply = session.post(&format!("/api/chat/conversations/{cid}/messages"), body);
    assert_eq!(reply.status, 201, "{}", reply.text());
    json_of(&reply)
}

fn message_ids(session: &Session, cid: &str) -> Vec<String> {
    messages(session, cid)
        .iter()
        .map(|m| str_field(m, "id"))
        .collect()
}

fn search(session: &Session, cid: &str, word: &str) -> Vec<String> {
    session.get_ok(&format!(
        "/api/chat/search?q={}&conversation_id={cid}",
        url_encode(word)
    ))["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|m| str_field(m, "id"))
        .collect()
}

/// Rows of `table` whose `message_id` is `mid`, read from the app's database file.
fn rows_of_message(chat: &Chat, table: &str, mid: &str) -> i64 {
    let db = rusqlite::Connection::open_with_flags(
        chat.app.database_path(),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let sql = if table == "chat_messages" {
        "SELECT count(*) FROM chat_messages WHERE id = ?1".to_owned()
    } else {
        format!("SELECT count(*) FROM {table} WHERE message_id = ?1")
    };
    db.query_row(&sql, [mid], |row| row.get(0)).unwrap()
}

fn poll(session: &Session, etag: Option<&str>) -> HttpReply {
    let mut request = session.request("GET", "/api/chat/updates");
    if let Some(tag) = etag {
        request = request.header("if-none-match", tag);
    }
    request.send().unwrap()
}

fn signed_in_again(chat: &Chat, person: &Person) -> Session {
    chat.app.login(&person.user.email, STRONG_PASSWORD)
}

#[test]
fn an_upload_not_sent_within_the_hour_is_purged_and_a_sent_one_kept() {
    let chat = Chat::start_with(&[("tick_token", TICK_TOKEN)]);
    let clerk = chat.person(&["clerk"]);
    let member = chat.person(&["councillor"]);
    let cid = group(&clerk.session, "Komisja Budżetowa", &[member.id()]);
    let used = upload(&member.session, &cid, "uchwala.pdf");
    let unused = upload(&member.session, &cid, "szkic.pdf");
    post(
        &member.session,
        &cid,
        &json!({ "text": "Projekt uchwały", "attachment_ids": [used] }),
    );

    // 59 minutes: still the uploader's to send.
    chat.app.advance_clock(59 * MINUTE);
    tick(&chat);
    let session = signed_in_again(&chat, &member);
    assert_eq!(attachment(&session, &cid, &unused), 200);

    // Past the hour: gone; the one in a message stays.
    chat.app.advance_clock(2 * MINUTE);
    tick(&chat);
    assert_eq!(attachment(&session, &cid, &unused), 404);
    assert_eq!(attachment(&session, &cid, &used), 200);
    let late = session.post(
        &format!("/api/chat/conversations/{cid}/messages"),
        &json!({ "text": "Za późno", "attachment_ids": [unused] }),
    );
    assert_eq!(late.status, 422, "{}", late.text());
}

#[test]
fn messages_past_the_retention_go_with_what_hangs_from_them_newer_ones_stay() {
    let chat = Chat::start_with(&[("tick_token", TICK_TOKEN)]);
    let clerk = chat.person(&["clerk"]);
    let member = chat.person(&["councillor"]);
    let other = chat.person(&["councillor"]);
    let cid = group(&clerk.session, "Klub Radnych", &[member.id(), other.id()]);
    let file = upload(&member.session, &cid, "stary.pdf");
    let old = post(
        &member.session,
        &cid,
        &json!({
            "text": format!("Archiwalny budżet @[Radna](user:{})", other.id()),
            "attachment_ids": [file],
        }),
    );
    let old_id = str_field(&old, "id");
    for table in [
        "chat_messages",
        "chat_attachments",
        "chat_mentions",
        "chat_words",
    ] {
        assert!(rows_of_message(&chat, table, &old_id) > 0, "{table} before");
    }

    // A year later a newer message; the default retention is 730 days.
    chat.app.advance_clock(365 * DAY);
    let member_session = signed_in_again(&chat, &member);
    let newer = str_field(&send(&member_session, &cid, "Nowy budżet"), "id");
    chat.app.advance_clock(364 * DAY);
    tick(&chat);
    let member_session = signed_in_again(&chat, &member);
    assert_eq!(
        message_ids(&member_session, &cid),
        vec![newer.clone(), old_id.clone()]
    );

    // The other member's poll has settled before the purge.
    let other_session = signed_in_again(&chat, &other);
    let first = poll(&other_session, None);
    let etag = first.header("etag").expect("an ETag").to_owned();
    assert_eq!(poll(&other_session, Some(&etag)).status, 304);

    // Day 731 after the old message: it goes, with its file, mention and search words.
    chat.app.advance_clock(2 * DAY);
    tick(&chat);
    let member_session = signed_in_again(&chat, &member);
    let other_session = signed_in_again(&chat, &other);
    assert_eq!(message_ids(&member_session, &cid), vec![newer.clone()]);
    assert_eq!(attachment(&member_session, &cid, &file), 404);
    assert!(search(&member_session, &cid, "budżet").contains(&newer));
    assert!(search(&member_session, &cid, "archiwalny").is_empty());
    for table in [
        "chat_messages",
        "chat_attachments",
        "chat_mentions",
        "chat_words",
    ] {
        assert_eq!(rows_of_message(&chat, table, &old_id), 0, "{table} after");
    }
    assert!(rows_of_message(&chat, "chat_words", &newer) > 0);
    // The conversation and its members stay; the members' polls see the change.
    let kept = conversation(&other_session, &cid);
    assert_eq!(kept["id"], cid.as_str());
    let after = poll(&other_session, Some(&etag));
    assert_eq!(after.status, 200, "the purge moved the cursor");
    assert_ne!(after.header("etag"), Some(etag.as_str()));
}

/// `GET /api/chat/updates?since=` with `If-None-Match`.
fn poll_since(session: &Session, since: &str, etag: &str) -> HttpReply {
    session
        .request(
            "GET",
            &format!("/api/chat/updates?since={}", url_encode(since)),
        )
        .header("if-none-match", etag)
        .send()
        .unwrap()
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

#[test]
fn a_purge_in_the_council_channel_reaches_a_councillor_who_never_read_there() {
    let chat = Chat::start_with(&[("tick_token", TICK_TOKEN)]);
    let anna = chat.person(&["councillor"]);
    let jan = chat.person(&["councillor"]);
    let council = council_channel_id(&anna.session);
    send(&anna.session, &council, "Stara sprawa całej rady");

    // Jan never opened the channel (no read marker, so no member row): his poll settles with
    // the message unread.
    assert_eq!(conversation(&jan.session, &council)["unread"], 1);
    let settled = jan.session.get_ok("/api/chat/updates");
    let cursor = str_field(&settled, "cursor");
    let etag = format!("\"{cursor}\"");
    assert_eq!(poll_since(&jan.session, &cursor, &etag).status, 304);

    // Past the retention the message goes; Jan's next poll must carry the recount.
    chat.app.advance_clock(731 * DAY);
    tick(&chat);
    let jan_session = signed_in_again(&chat, &jan);
    assert!(message_ids(&jan_session, &council).is_empty());
    let after = poll_since(&jan_session, &cursor, &etag);
    assert_eq!(after.status, 200, "the purge moved Jan's cursor");
    let body = json_of(&after);
    let counts = body["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == council.as_str())
        .cloned()
        .unwrap_or_else(|| panic!("the council channel's recount in {body}"));
    assert_eq!(counts["unread"], 0, "{body}");
    assert_eq!(counts["mentions_unread"], 0, "{body}");
    // And the poll settles on the new cursor.
    let new_cursor = str_field(&body, "cursor");
    let new_etag = after.header("etag").expect("an ETag").to_owned();
    assert_eq!(new_etag, format!("\"{new_cursor}\""));
    assert_eq!(poll_since(&jan_session, &new_cursor, &new_etag).status, 304);
}

#[test]
fn an_expired_upload_is_refused_by_its_id_and_uploaded_again_it_goes_with_the_same_key() {
    let chat = Chat::start_with(&[("tick_token", TICK_TOKEN)]);
    let clerk = chat.person(&["clerk"]);
    let member = chat.person(&["councillor"]);
    let cid = group(&clerk.session, "Komisja Rewizyjna", &[member.id()]);
    // Uploaded, then the message waited in the offline queue past the hour and the tick.
    let stale = upload(&member.session, &cid, "protokol.pdf");
    chat.app.advance_clock(61 * MINUTE);
    tick(&chat);
    let session = signed_in_again(&chat, &member);
    let path = format!("/api/chat/conversations/{cid}/messages");
    let queued = |file: &str| {
        session
            .request("POST", &path)
            .header("idempotency-key", "offline-queue-9")
            .json(&json!({ "text": "Protokół w załączniku", "attachment_ids": [file] }))
            .send()
            .unwrap()
    };

    // The refusal names the field, the reason and the upload, and nothing is sent.
    let refused = queued(&stale);
    assert_problem(&refused, 422, "validation_failed");
    let problem = json_of(&refused);
    assert_eq!(
        problem["fields"]["attachment_ids"]["code"],
        "unknown_reference"
    );
    assert_eq!(
        problem["fields"]["attachment_ids"]["params"]["id"],
        stale.as_str()
    );
    assert!(message_ids(&session, &cid).is_empty(), "nothing sent");

    // The queue's kept copy uploaded again, the same key: one message, with the file.
    let fresh = upload(&session, &cid, "protokol.pdf");
    let sent = queued(&fresh);
    assert_eq!(sent.status, 201, "{}", sent.text());
    let message = json_of(&sent);
    assert_eq!(message["attachments"][0]["id"], fresh.as_str());
    assert_eq!(message["attachments"][0]["name"], "protokol.pdf");
    assert_eq!(attachment(&session, &cid, &fresh), 200);

    // Its answer lost, the queue sends it once more: the first answer, not a refusal of the
    // file that message took.
    let again = queued(&fresh);
    assert_eq!(again.status, 201, "{}", again.text());
    assert_eq!(json_of(&again)["id"], message["id"]);
    assert_eq!(message_ids(&session, &cid), vec![str_field(&message, "id")]);
}

#[test]
fn a_retention_of_zero_keeps_every_message() {
    let chat = Chat::start_with(&[("tick_token", TICK_TOKEN), ("chat_retention_days", "0")]);
    let clerk = chat.person(&["clerk"]);
    let member = chat.person(&["councillor"]);
    let cid = group(&clerk.session, "Rada Seniorów", &[member.id()]);
    let old = str_field(&send(&member.session, &cid, "Na zawsze"), "id");
    chat.app.advance_clock(3650 * DAY);
    tick(&chat);
    let member_session = signed_in_again(&chat, &member);
    assert_eq!(message_ids(&member_session, &cid), vec![old.clone()]);
    assert!(rows_of_message(&chat, "chat_words", &old) > 0);
}

/// Rows of the shared `idempotency_keys` table (their answers are sealed, but whole).
fn idempotency_records(chat: &Chat) -> i64 {
    let db = rusqlite::Connection::open_with_flags(
        chat.app.database_path(),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    db.query_row("SELECT count(*) FROM idempotency_keys", [], |row| {
        row.get(0)
    })
    .unwrap()
}

#[test]
fn an_idempotency_record_with_a_messages_text_is_gone_a_day_later() {
    let chat = Chat::start_with(&[("tick_token", TICK_TOKEN)]);
    let clerk = chat.person(&["clerk"]);
    let member = chat.person(&["councillor"]);
    let cid = group(&clerk.session, "Komisja Skarg", &[member.id()]);
    let sent = member
        .session
        .request("POST", &format!("/api/chat/conversations/{cid}/messages"))
        .header("idempotency-key", "offline-queue-7")
        .json(&json!({ "text": "Napisane offline" }))
        .send()
        .unwrap();
    assert_eq!(sent.status, 201, "{}", sent.text());
    let before = idempotency_records(&chat);
    assert!(before >= 1);
    // Within the day a retry may still replay it: kept.
    chat.app.advance_clock(23 * HOUR);
    tick(&chat);
    assert_eq!(idempotency_records(&chat), before);
    // Past the day (the replay window): forgotten, with the sealed answer it held.
    chat.app.advance_clock(2 * HOUR);
    tick(&chat);
    assert_eq!(idempotency_records(&chat), 0);
}
