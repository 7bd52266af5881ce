//! End-to-end: the chat's conversations (docs/api/messaging.md § Conversations) on the real
//! host — one direct conversation per pair, groups made and managed by the council office
//! (audited, ids only), the council-wide channel of councillors, the chair and the office,
//! and 404 for everyone who is not a member, administrators and support included.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::json;
use support::accounts::*;
use support::chat::*;

#[test]
fn a_direct_conversation_is_one_per_pair_and_hidden_from_everyone_else() {
    let chat = Chat::start();
    let anna = chat.person(&["councillor"]);
    let jan = chat.person(&["director"]);
    let other = chat.person(&["councillor"]);
    let support = chat.person(&["support"]);

    let reply = anna.session.post(
        "/api/chat/conversations",
        &json!({ "kind": "direct", "user_id": jan.id() }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    let created = json_of(&reply);
    assert_eq!(created["kind"], "direct");
    assert_eq!(created["title"], serde_json::Value::Null);
    let mut names: Vec<String> = created["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| str_field(m, "user_id"))
        .collect();
    names.sort();
    let mut expected = vec![anna.id(), jan.id()];
    expected.sort();
    assert_eq!(names, expected);
    let cid = str_field(&created, "id");

    // the other side finds the same conversation: 200, not a second one
    let again = jan.session.post(
        "/api/chat/conversations",
        &json!({ "kind": "direct", "user_id": anna.id() }),
    );
    assert_eq!(again.status, 200, "{}", again.text());
    assert_eq!(str_field(&json_of(&again), "id"), cid);
    assert!(conversation_ids(&jan.session).contains(&cid));

    send(&anna.session, &cid, "Dzień dobry");
    for outsider in [&other.session, &support.session, &chat.admin] {
        assert_problem(
            &outsider.get(&format!("/api/chat/conversations/{cid}")),
            404,
            "not_found",
        );
        assert_problem(
            &outsider.get(&format!("/api/chat/conversations/{cid}/messages")),
            404,
            "not_found",
        );
        assert!(!conversation_ids(outsider).contains(&cid));
    }
}

#[test]
fn a_direct_conversation_needs_another_active_account_with_a_chat_role() {
    let chat = Chat::start();
    let anna = chat.person(&["councillor"]);
    let notifier = chat.person(&["notifier"]);
    for (user_id, rule) in [
        ("01JUNKNOWNACCOUNT000000000".to_owned(), "unknown_account"),
        (notifier.id(), "unknown_account"),
        (anna.id(), "own_account"),
    ] {
        let reply = anna.session.post(
            "/api/chat/conversations",
            &json!({ "kind": "direct", "user_id": user_id }),
        );
        assert_problem(&reply, 422, "validation_failed");
        assert_eq!(json_of(&reply)["fields"]["user_id"]["params"]["rule"], rule);
    }
    for body in [
        json!({ "kind": "council" }),
        json!({ "kind": "direct", "user_id": anna.id(), "title": "x" }),
        json!({ "kind": "direct", "user_id": "" }),
    ] {
        assert_problem(
            &anna.session.post("/api/chat/conversations", &body),
            422,
            "validation_failed",
        );
    }
    // a disabled account is refused too
    let jan = chat.person(&["councillor"]);
    let reply = chat.admin.post(
        &format!("/api/users/{}/disable", jan.id()),
        &json!({ "reason": "odszedł" }),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let refused = anna.session.post(
        "/api/chat/conversations",
        &json!({ "kind": "direct", "user_id": jan.id() }),
    );
    assert_problem(&refused, 422, "validation_failed");
    assert_eq!(
        conversation_ids(&anna.session).len(),
        1,
        "only the council channel"
    );
}

#[test]
fn the_council_office_makes_groups_and_manages_their_members_with_an_audit_trail() {
    let chat = Chat::start();
    let clerk = chat.person(&["clerk"]);
    let anna = chat.person(&["councillor"]);
    let jan = chat.person(&["councillor"]);
    let ewa = chat.person(&["director"]);

    let refused = anna.session.post(
        "/api/chat/conversations",
        &json!({ "kind": "group", "title": "Klub", "member_ids": [jan.id()] }),
    );
    assert_problem(&refused, 403, "forbidden");
    let refused = chat.admin.post(
        "/api/chat/conversations",
        &json!({ "kind": "group", "title": "Klub", "member_ids": [jan.id()] }),
    );
    assert_problem(&refused, 403, "forbidden");
    let unknown = clerk.session.post(
        "/api/chat/conversations",
        &json!({ "kind": "group", "title": "Komisja", "member_ids": [anna.id(), "01JNOBODY"] }),
    );
    assert_problem(&unknown, 422, "validation_failed");
    assert_eq!(
        json_of(&unknown)["fields"]["member_ids"]["params"]["rule"],
        "unknown_account"
    );

    let cid = group(&clerk.session, "Komisja Budżetowa", &[anna.id(), jan.id()]);
    send(&anna.session, &cid, "Posiedzenie w czwartek");
    let seen = conversation(&jan.session, &cid);
    assert_eq!(seen["kind"], "group");
    assert_eq!(seen["title"], "Komisja Budżetowa");
    assert_eq!(seen["unread"], 1);

    // the clerk manages the group without being in it, and reads none of it
    assert_problem(
        &clerk.session.get(&format!("/api/chat/conversations/{cid}")),
        404,
        "not_found",
    );
    let renamed = clerk.session.patch(
        &format!("/api/chat/conversations/{cid}"),
        &json!({ "title": "Komisja Budżetu i Finansów" }),
    );
    assert_eq!(renamed.status, 200, "{}", renamed.text());
    let renamed = json_of(&renamed);
    assert_eq!(renamed["title"], "Komisja Budżetu i Finansów");
    assert_eq!(renamed["last_message"], serde_json::Value::Null);
    assert_problem(
        &anna.session.patch(
            &format!("/api/chat/conversations/{cid}"),
            &json!({ "title": "x" }),
        ),
        403,
        "forbidden",
    );

    let reply = put(
        &clerk.session,
        &format!("/api/chat/conversations/{cid}/members"),
        &json!({ "member_ids": [anna.id(), ewa.id()] }),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_problem(
        &jan.session.get(&format!("/api/chat/conversations/{cid}")),
        404,
        "not_found",
    );
    assert_eq!(messages(&ewa.session, &cid).len(), 1);
    assert!(!conversation_ids(&jan.session).contains(&cid));

    let audit = chat.app.audit(&chat.admin);
    let changes: Vec<&serde_json::Value> = audit
        .iter()
        .filter(|e| action_is(e, "chat.members_changed"))
        .collect();
    assert_eq!(changes.len(), 2, "{changes:?}");
    let last = changes[1];
    assert_eq!(last["data"]["added"], json!([ewa.id()]));
    assert_eq!(last["data"]["removed"], json!([jan.id()]));
    assert_eq!(last["actor"], clerk.id());
    let whole = serde_json::to_string(&audit).unwrap();
    assert!(
        !whole.contains("Posiedzenie w czwartek"),
        "no message text in the audit chain"
    );

    // a direct conversation is not a group, even for a clerk who is in it
    let direct_id = direct(&clerk.session, &anna.id());
    let reply = clerk.session.patch(
        &format!("/api/chat/conversations/{direct_id}"),
        &json!({ "title": "x" }),
    );
    assert_problem(&reply, 409, "conflict");
    assert_eq!(json_of(&reply)["params"]["rule"], "not_a_group");
}

#[test]
fn the_council_channel_holds_councillors_the_chair_and_the_office_only() {
    let chat = Chat::start();
    let councillor = chat.person(&["councillor"]);
    let chair = chat.person(&["chair"]);
    let clerk = chat.person(&["clerk"]);
    let director = chat.person(&["director"]);
    let support = chat.person(&["support"]);

    let council_of = |s: &Session| {
        s.get_ok("/api/chat/conversations")["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["kind"] == "council")
            .cloned()
    };
    let channel = council_of(&councillor.session).expect("the councillor is in the channel");
    let cid = str_field(&channel, "id");
    for s in [&chair.session, &clerk.session] {
        assert_eq!(str_field(&council_of(s).unwrap(), "id"), cid);
    }
    let mut members: Vec<String> = channel["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| str_field(m, "user_id"))
        .collect();
    members.sort();
    let mut expected = vec![councillor.id(), chair.id(), clerk.id()];
    expected.sort();
    assert_eq!(members, expected);

    send(&chair.session, &cid, "Sesja w piątek o 10");
    assert_eq!(conversation(&councillor.session, &cid)["unread"], 1);
    for outsider in [&director.session, &support.session, &chat.admin] {
        assert!(council_of(outsider).is_none());
        assert_problem(
            &outsider.get(&format!("/api/chat/conversations/{cid}")),
            404,
            "not_found",
        );
    }
    // nobody adds or removes members by hand there
    let reply = put(
        &clerk.session,
        &format!("/api/chat/conversations/{cid}/members"),
        &json!({ "member_ids": [clerk.id()] }),
    );
    assert_problem(&reply, 409, "conflict");
}
