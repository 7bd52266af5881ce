//! End-to-end: the council office's list of groups (`GET /api/chat/groups`,
//! docs/api/messaging.md § Conversations) — a clerk finds a group she created without joining,
//! with its title and members and never a message, manages it from there, and still cannot
//! read it; the list pages by its cursor; nobody but the office may list.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{json, Value};
use support::accounts::*;
use support::chat::*;

fn groups(session: &Session, query: &str) -> Value {
    session.get_ok(&format!("/api/chat/groups{query}"))
}

fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| str_field(c, "id"))
        .collect()
}

#[test]
fn the_office_lists_a_group_it_is_not_in_manages_it_and_reads_none_of_it() {
    let chat = Chat::start();
    let clerk = chat.person(&["clerk"]);
    let anna = chat.person(&["councillor"]);
    let jan = chat.person(&["councillor"]);

    let cid = group(&clerk.session, "Klub Radnych", &[anna.id(), jan.id()]);
    send(&anna.session, &cid, "Tajne ustalenia klubu");
    // Not in the clerk's own conversations: she is not a member.
    assert!(!conversation_ids(&clerk.session).contains(&cid));

    let page = groups(&clerk.session, "");
    assert_eq!(ids(&page), vec![cid.clone()]);
    let listed = &page["items"][0];
    assert_eq!(listed["kind"], "group");
    assert_eq!(listed["title"], "Klub Radnych");
    let mut members: Vec<String> = listed["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| str_field(m, "user_id"))
        .collect();
    members.sort();
    let mut expected = vec![anna.id(), jan.id()];
    expected.sort();
    assert_eq!(members, expected);
    // Never a message, a counter or a marker.
    assert_eq!(listed["last_message"], Value::Null);
    assert_eq!(listed["read_up_to"], Value::Null);
    assert_eq!(listed["unread"], 0);
    assert!(!page.to_string().contains("Tajne"), "{page}");

    // Managed from the list: renamed, a member replaced.
    let renamed = clerk.session.patch(
        &format!("/api/chat/conversations/{cid}"),
        &json!({ "title": "Klub Radnych Niezależnych" }),
    );
    assert_eq!(renamed.status, 200, "{}", renamed.text());
    let reply = put(
        &clerk.session,
        &format!("/api/chat/conversations/{cid}/members"),
        &json!({ "member_ids": [anna.id()] }),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let listed = &groups(&clerk.session, "")["items"][0];
    assert_eq!(listed["title"], "Klub Radnych Niezależnych");
    assert_eq!(listed["members"].as_array().unwrap().len(), 1);

    // The messages stay with the members.
    for path in [
        format!("/api/chat/conversations/{cid}"),
        format!("/api/chat/conversations/{cid}/messages"),
    ] {
        assert_problem(&clerk.session.get(&path), 404, "not_found");
    }
    let search = clerk.session.get("/api/chat/search?q=tajne");
    assert_eq!(search.status, 200, "{}", search.text());
    assert_eq!(json_of(&search)["items"], json!([]));
    assert_eq!(messages(&anna.session, &cid).len(), 1);
}

#[test]
fn the_office_list_pages_newest_first_and_is_the_offices_alone() {
    let chat = Chat::start();
    let clerk = chat.person(&["clerk"]);
    let anna = chat.person(&["councillor"]);
    let made: Vec<String> = (1..=3)
        .map(|n| group(&clerk.session, &format!("Komisja {n}"), &[anna.id()]))
        .collect();
    // A direct conversation is no group.
    direct(&clerk.session, &anna.id());

    let first = groups(&clerk.session, "?limit=2");
    assert_eq!(ids(&first), vec![made[2].clone(), made[1].clone()]);
    let cursor = str_field(&first, "next_cursor");
    let second = groups(&clerk.session, &format!("?limit=2&cursor={cursor}"));
    assert_eq!(ids(&second), vec![made[0].clone()]);
    assert_eq!(second["next_cursor"], Value::Null);

    assert_problem(
        &clerk.session.get("/api/chat/groups?limit=0"),
        422,
        "validation_failed",
    );
    assert_problem(
        &clerk.session.get("/api/chat/groups?cursor=a%20b"),
        422,
        "validation_failed",
    );
    for roles in [&["councillor"][..], &["chair"], &["admin"], &["support"]] {
        let someone = chat.person(roles);
        assert_problem(&someone.session.get("/api/chat/groups"), 403, "forbidden");
    }
    assert_eq!(chat.app.anon().get("/api/chat/groups").status, 401);
}
