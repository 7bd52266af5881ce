//! The chat (docs/api/messaging.md) in end-to-end tests: people with roles, conversations
//! and messages arranged through the API.

use super::accounts::*;
use ratusz_tests::HttpReply;
use serde_json::{json, Value};

/// The app with an administrator and the council's unit.
pub struct Chat {
    /// The app.
    pub app: App,
    /// The bootstrap administrator.
    pub admin: Session,
    /// The council's unit.
    pub unit: String,
}

/// A signed-in person.
pub struct Person {
    /// The account.
    pub user: NewUser,
    /// Their session.
    pub session: Session,
}

impl Person {
    /// The account id.
    pub fn id(&self) -> String {
        self.user.id.clone()
    }
}

impl Chat {
    /// Starts the app.
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// Starts the app with extra variables.
    pub fn start_with(variables: &[(&str, &str)]) -> Self {
        let app = start_with(variables);
        let admin = app.bootstrap_admin();
        let unit = app.council_unit(&admin);
        Self { app, admin, unit }
    }

    /// A new active account with `roles`.
    pub fn person(&self, roles: &[&str]) -> Person {
        let (user, session) = self.app.active_user(&self.admin, roles, &self.unit);
        Person { user, session }
    }
}

/// `PUT path` with a JSON body.
pub fn put(session: &Session, path: &str, body: &Value) -> HttpReply {
    session.send("PUT", path, Some(body))
}

/// `a` starts (or finds) the direct conversation with `b_id`; its id.
pub fn direct(a: &Session, b_id: &str) -> String {
    let reply = a.post(
        "/api/chat/conversations",
        &json!({ "kind": "direct", "user_id": b_id }),
    );
    assert!(
        reply.status == 201 || reply.status == 200,
        "direct: {} {}",
        reply.status,
        reply.text()
    );
    str_field(&json_of(&reply), "id")
}

/// `clerk` creates a group of `members`; its id.
pub fn group(clerk: &Session, title: &str, members: &[String]) -> String {
    let reply = clerk.post(
        "/api/chat/conversations",
        &json!({ "kind": "group", "title": title, "member_ids": members }),
    );
    assert_eq!(reply.status, 201, "group: {}", reply.text());
    str_field(&json_of(&reply), "id")
}

/// `session` sends `text` to `cid`; the message.
pub fn send(session: &Session, cid: &str, text: &str) -> Value {
    let reply = session.post(
        &format!("/api/chat/conversations/{cid}/messages"),
        &json!({ "text": text }),
    );
    assert_eq!(reply.status, 201, "send: {}", reply.text());
    json_of(&reply)
}

/// The newest messages of `cid` as `session` reads them (newest first).
pub fn messages(session: &Session, cid: &str) -> Vec<Value> {
    session.get_ok(&format!("/api/chat/conversations/{cid}/messages"))["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The conversation `cid` as `session` reads it.
pub fn conversation(session: &Session, cid: &str) -> Value {
    session.get_ok(&format!("/api/chat/conversations/{cid}"))
}

/// The ids of `session`'s conversations.
pub fn conversation_ids(session: &Session) -> Vec<String> {
    session.get_ok("/api/chat/conversations")["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|c| str_field(c, "id"))
        .collect()
}
