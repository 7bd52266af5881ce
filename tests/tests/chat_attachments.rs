//! End-to-end: chat attachments (docs/api/messaging.md § Messages) on the real host — PDF and
//! images up to 10 MiB whose content must match their type, joined to one message of their
//! uploader within the hour, served as downloads with `nosniff`, to members only, and sealed
//! at rest (neither the name nor the bytes readable in the database file).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_tests::{raw_request, HttpReply};
use serde_json::{json, Value};
use std::time::Duration;
use support::accounts::*;
use support::chat::*;

/// A PNG's signature and the start of its header: enough for the content check.
fn png() -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend_from_slice(b"tajna-tresc-obrazka");
    bytes
}

fn upload(
    session: &Session,
    cid: &str,
    content_type: &str,
    name: &str,
    body: Vec<u8>,
) -> HttpReply {
    session
        .request(
            "POST",
            &format!("/api/chat/conversations/{cid}/attachments"),
        )
        .header("content-type", content_type)
        .header("x-filename", name)
        .body(body)
        .send()
        .unwrap()
}

fn send_with(session: &Session, cid: &str, ids: &[&Value]) -> HttpReply {
    session.post(
        &format!("/api/chat/conversations/{cid}/messages"),
        &json!({ "text": "W załączniku", "attachment_ids": ids }),
    )
}

#[test]
fn an_upload_joins_one_message_and_members_download_it() {
    let chat = Chat::start();
    let anna = chat.person(&["councillor"]);
    let jan = chat.person(&["councillor"]);
    let outsider = chat.person(&["councillor"]);
    let cid = direct(&anna.session, &jan.id());

    let reply = upload(
        &anna.session,
        &cid,
        "image/png",
        "tajny-plan%20sali.png",
        png(),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    let file = json_of(&reply);
    assert_eq!(file["name"], "tajny-plan sali.png");
    assert_eq!(file["content_type"], "image/png");
    assert_eq!(file["size"], png().len());
    let aid = str_field(&file, "id");
    let path = format!("/api/chat/conversations/{cid}/attachments/{aid}");

    // not sent yet: only its uploader sees it
    assert_problem(&jan.session.get(&path), 404, "not_found");
    let sent = send_with(&anna.session, &cid, &[&file["id"]]);
    assert_eq!(sent.status, 201, "{}", sent.text());
    assert_eq!(json_of(&sent)["attachments"], json!([file]));
    assert_eq!(
        messages(&jan.session, &cid)[0]["attachments"][0]["id"],
        file["id"]
    );

    let download = jan.session.get(&path);
    assert_eq!(download.status, 200);
    assert_eq!(download.body, png());
    assert_eq!(download.header("content-type"), Some("image/png"));
    assert_eq!(download.header("x-content-type-options"), Some("nosniff"));
    assert!(download
        .header("content-disposition")
        .unwrap()
        .starts_with("attachment;"));
    assert!(download
        .header("cache-control")
        .unwrap()
        .contains("private"));
    for refused in [&outsider.session, &chat.admin] {
        assert_problem(&refused.get(&path), 404, "not_found");
    }

    // one message only
    let again = send_with(&anna.session, &cid, &[&file["id"]]);
    assert_problem(&again, 422, "validation_failed");
    assert_eq!(
        json_of(&again)["fields"]["attachment_ids"]["code"],
        "unknown_reference"
    );

    // sealed at rest
    let db_path = chat.app.database_path();
    let mut db = std::fs::read(&db_path).unwrap();
    db.extend(std::fs::read(format!("{}-wal", db_path.display())).unwrap_or_default());
    let raw = String::from_utf8_lossy(&db);
    assert!(raw.contains("chat_attachments"), "the database was read");
    for secret in ["tajny-plan", "tajna-tresc-obrazka"] {
        assert!(
            !raw.contains(secret),
            "{secret} readable in the database file"
        );
    }

    // deleting the message takes its files
    let mid = str_field(&json_of(&sent), "id");
    let deleted = anna
        .session
        .delete(&format!("/api/chat/conversations/{cid}/messages/{mid}"));
    assert_eq!(deleted.status, 204);
    assert_problem(&jan.session.get(&path), 404, "not_found");
}

#[test]
fn uploads_are_checked_and_belong_to_their_uploader_for_an_hour() {
    // Sessions outlive the hour the test clock jumps.
    let chat = Chat::start_with(&[("session_idle_minutes", "240")]);
    let anna = chat.person(&["councillor"]);
    let jan = chat.person(&["councillor"]);
    let cid = direct(&anna.session, &jan.id());

    let html = b"<html><script>alert(1)</script></html>".to_vec();
    assert_problem(
        &upload(&anna.session, &cid, "image/png", "a.png", html.clone()),
        422,
        "not_an_image",
    );
    assert_problem(
        &upload(&anna.session, &cid, "application/pdf", "a.pdf", png()),
        422,
        "not_a_pdf",
    );
    assert_problem(
        &upload(&anna.session, &cid, "text/html", "a.html", html),
        415,
        "unsupported_media_type",
    );
    let reply = upload(&anna.session, &cid, "image/png", "", png());
    assert_problem(&reply, 422, "validation_failed");
    assert!(json_of(&reply)["fields"]["X-Filename"].is_object());
    // Over 10 MiB: the host refuses before reading it all (a raw request, as a client that
    // keeps sending would see the answer only after its last byte).
    let head = format!(
        "POST /api/chat/conversations/{cid}/attachments HTTP/1.1\r\nhost: {}\r\n\
         authorization: Bearer {}\r\ncontent-type: application/pdf\r\nx-filename: duzy.pdf\r\n\
         content-length: {}\r\nconnection: close",
        chat.app.host.addr(),
        anna.session.token,
        10 * 1024 * 1024 + 1
    );
    let mut big = b"%PDF-1.7\n".to_vec();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    let raw = raw_request(chat.app.host.addr(), &head, &big, Duration::from_secs(60)).unwrap();
    assert!(
        raw.starts_with("HTTP/1.1 413"),
        "{}",
        raw.lines().next().unwrap_or("")
    );
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.resize(10 * 1024 * 1024, b' ');
    let ok = upload(&anna.session, &cid, "application/pdf", "uchwala.pdf", pdf);
    assert_eq!(ok.status, 201, "exactly 10 MiB is accepted: {}", ok.text());

    // someone else's upload, and an hour-old one, cannot be sent
    let mine = json_of(&upload(&anna.session, &cid, "image/png", "b.png", png()));
    assert_problem(
        &send_with(&jan.session, &cid, &[&mine["id"]]),
        422,
        "validation_failed",
    );
    chat.app.advance_clock(61 * MINUTE);
    assert_problem(
        &send_with(&anna.session, &cid, &[&mine["id"]]),
        422,
        "validation_failed",
    );
    assert!(
        messages(&jan.session, &cid).is_empty(),
        "nothing was stored"
    );
}
