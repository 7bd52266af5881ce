//! End-to-end: chat search and export (docs/api/messaging.md § Search and export) on the real
//! host — whole words, case- and accent-insensitive, every word, only the caller's
//! conversations, newest first, nothing readable in the word index; the export as JSON and as
//! a printable page with the strict CSP, for members and the office, in the audit chain.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{json, Value};
use support::accounts::*;
use support::chat::*;

fn texts(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| str_field(m, "text"))
        .collect()
}

#[test]
fn search_finds_whole_words_in_the_callers_conversations_only() {
    let chat = Chat::start();
    let anna = chat.person(&["director"]);
    let jan = chat.person(&["director"]);
    let ewa = chat.person(&["director"]);
    let ours = direct(&anna.session, &jan.id());
    let theirs = direct(&ewa.session, &jan.id());
    send(&anna.session, &ours, "Projekt budżetu na 2027");
    send(&jan.session, &ours, "BUDŻET jest gotowy, sesja w piątek");
    send(&anna.session, &ours, "Budżetowy zespół");
    send(&ewa.session, &theirs, "Budżet Ewy, tajny");
    let deleted = send(&anna.session, &ours, "budżet do usunięcia");
    let path = format!(
        "/api/chat/conversations/{ours}/messages/{}",
        str_field(&deleted, "id")
    );
    assert_eq!(anna.session.delete(&path).status, 204);

    let found = anna.session.get_ok("/api/chat/search?q=budzet");
    // whole words only: not "budżetu" nor "Budżetowy"; not Ewa's; not the deleted one
    assert_eq!(texts(&found), ["BUDŻET jest gotowy, sesja w piątek"]);
    let both = anna
        .session
        .get_ok("/api/chat/search?q=sesja%20BUD%C5%BBET");
    assert_eq!(texts(&both), ["BUDŻET jest gotowy, sesja w piątek"]);
    let none = anna.session.get_ok("/api/chat/search?q=sesja%20projekt");
    assert!(texts(&none).is_empty(), "every word must match");
    let jan_sees = jan.session.get_ok("/api/chat/search?q=bud%C5%BCet");
    assert_eq!(texts(&jan_sees).len(), 2, "{jan_sees}");
    let only_theirs = jan.session.get_ok(&format!(
        "/api/chat/search?q=budzet&conversation_id={theirs}"
    ));
    assert_eq!(texts(&only_theirs), ["Budżet Ewy, tajny"]);
    assert_problem(
        &anna.session.get(&format!(
            "/api/chat/search?q=budzet&conversation_id={theirs}"
        )),
        404,
        "not_found",
    );
    for bad in ["a", "%20%20", "%3F%21"] {
        assert_problem(
            &anna.session.get(&format!("/api/chat/search?q={bad}")),
            422,
            "validation_failed",
        );
    }

    // The index holds tokens, never a word of a message.
    let path = chat.app.database_path();
    let mut db = std::fs::read(&path).unwrap();
    let wal = std::path::PathBuf::from(format!("{}-wal", path.display()));
    db.extend(std::fs::read(wal).unwrap_or_default());
    let raw = String::from_utf8_lossy(&db).to_lowercase();
    assert!(raw.contains("chat_words"), "the database was read");
    for word in ["budzet", "budżet", "gotowy", "tajny", "piątek"] {
        assert!(!raw.contains(word), "{word} readable in the database file");
    }
}

#[test]
fn members_and_the_office_export_a_conversation_with_an_audit_entry() {
    let chat = Chat::start();
    let clerk = chat.person(&["clerk"]);
    let anna = chat.person(&["councillor"]);
    let jan = chat.person(&["councillor"]);
    let outsider = chat.person(&["councillor"]);
    let cid = group(
        &clerk.session,
        "Komisja <Rewizyjna>",
        &[anna.id(), jan.id()],
    );
    send(
        &anna.session,
        &cid,
        "**Protokół** gotowy <script>alert(1)</script>",
    );
    send(&jan.session, &cid, "Dziękuję");

    let export = anna
        .session
        .get_ok(&format!("/api/chat/conversations/{cid}/export"));
    assert_eq!(export["conversation"]["id"], cid);
    assert_eq!(export["messages"].as_array().unwrap().len(), 2);
    assert_eq!(export["messages"][0]["author"]["user_id"], anna.id());
    assert_eq!(export["exported_by"]["user_id"], anna.id());
    assert!(export["exported_at"].is_string());

    let page = clerk
        .session
        .request("GET", &format!("/api/chat/conversations/{cid}/export"))
        .header("accept", "text/html")
        .send()
        .unwrap();
    assert_eq!(page.status, 200, "{}", page.text());
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let csp = page.header("content-security-policy").unwrap_or("");
    assert!(
        csp.contains("default-src 'none'") || csp.contains("script-src"),
        "{csp}"
    );
    let html = page.text();
    assert!(html.contains("Komisja &lt;Rewizyjna&gt;"), "{html}");
    assert!(html.contains("<strong>Protokół</strong>"));
    assert!(!html.to_lowercase().contains("<script"), "{html}");

    for refused in [&outsider.session, &chat.admin] {
        assert_problem(
            &refused.get(&format!("/api/chat/conversations/{cid}/export")),
            404,
            "not_found",
        );
    }
    let exports: Vec<Value> = chat
        .app
        .audit(&chat.admin)
        .into_iter()
        .filter(|e| action_is(e, "chat.exported"))
        .collect();
    assert_eq!(exports.len(), 2);
    assert_eq!(exports[0]["actor"], anna.id());
    assert_eq!(exports[1]["actor"], clerk.id());
    assert_eq!(
        exports[1]["data"],
        json!({ "messages": 2, "format": "html" })
    );
}
