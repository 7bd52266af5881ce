//! End-to-end: the chat's authorization matrix — every endpoint of `endpoints::CHAT` × every
//! kind of caller. Roles decide only who chats at all (every staff role) and who manages
//! groups (the council office); everything about a conversation is for its members: anyone
//! else gets 404, administrators and support included (docs/api/messaging.md § Who may do what).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_domain::endpoints::{self, Endpoint};
use serde_json::{json, Value};
use support::accounts::*;
use support::chat::*;

/// Who calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    /// A member who has not changed the start password yet.
    StartPassword,
    /// An account without a chat role (the residents' notifier).
    Notifier,
    /// A councillor who is not a member of the group.
    NonMember,
    Director,
    Support,
    Admin,
    /// A councillor who is not a member either (holds the council channel, not this group).
    Chair,
    /// The council office, not a member: manages the group, reads none of it.
    Clerk,
    /// A councillor, member of the group and author of its messages.
    Member,
}

/// Refused callers first, so a refusal is never explained by what an allowed one changed.
const CALLERS: [Who; 10] = [
    Who::Anonymous,
    Who::StartPassword,
    Who::Notifier,
    Who::NonMember,
    Who::Director,
    Who::Support,
    Who::Admin,
    Who::Chair,
    Who::Clerk,
    Who::Member,
];

/// What a row allows.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// Every account with a chat role.
    Chatters,
    /// Only the clerk; every other chatter 403 (a role decision, nothing to hide).
    ClerkOnly,
    /// The group's members get 2xx, these get 403, every other chatter 404.
    Members {
        allowed: &'static [Who],
        forbidden: &'static [Who],
    },
    /// The scheduler's token route: no person's session opens it; without `tick_token`
    /// configured (as here) it does not exist for anyone (404).
    TokenOnly,
}

const MEMBER: &[Who] = &[Who::Member];
const CLERK: &[Who] = &[Who::Clerk];

/// One row: an endpoint and the body it is called with.
struct Row {
    endpoint: &'static Endpoint,
    rule: Rule,
    label: &'static str,
}

fn rows() -> Vec<Row> {
    use Rule::*;
    let row = |endpoint, rule, label| Row {
        endpoint,
        rule,
        label,
    };
    vec![
        row(&endpoints::CHAT_CONVERSATIONS, Chatters, ""),
        row(&endpoints::CHAT_CONVERSATION_CREATE, Chatters, "direct"),
        row(&endpoints::CHAT_CONVERSATION_CREATE, ClerkOnly, "group"),
        row(
            &endpoints::CHAT_CONVERSATION,
            Members {
                allowed: MEMBER,
                forbidden: &[],
            },
            "",
        ),
        row(
            &endpoints::CHAT_CONVERSATION_UPDATE,
            Members {
                allowed: CLERK,
                forbidden: MEMBER,
            },
            "",
        ),
        row(
            &endpoints::CHAT_MEMBERS,
            Members {
                allowed: CLERK,
                forbidden: MEMBER,
            },
            "",
        ),
        row(
            &endpoints::CHAT_READ,
            Members {
                allowed: MEMBER,
                forbidden: &[],
            },
            "",
        ),
        row(
            &endpoints::CHAT_MESSAGES,
            Members {
                allowed: MEMBER,
                forbidden: &[],
            },
            "",
        ),
        row(
            &endpoints::CHAT_MESSAGE_POST,
            Members {
                allowed: MEMBER,
                forbidden: &[],
            },
            "",
        ),
        row(
            &endpoints::CHAT_MESSAGE_EDIT,
            Members {
                allowed: MEMBER,
                forbidden: &[],
            },
            "",
        ),
        row(
            &endpoints::CHAT_MESSAGE_DELETE,
            Members {
                allowed: MEMBER,
                forbidden: &[],
            },
            "",
        ),
        row(&endpoints::CHAT_UPDATES, Chatters, ""),
        row(&endpoints::CHAT_PUSH_KEY, Chatters, ""),
        row(&endpoints::CHAT_PUSH_SUBSCRIBE, Chatters, ""),
        // The member's own subscription: theirs to remove, nobody else's to see.
        row(
            &endpoints::CHAT_PUSH_UNSUBSCRIBE,
            Members {
                allowed: MEMBER,
                forbidden: &[],
            },
            "",
        ),
        row(&endpoints::CHAT_SEARCH, Chatters, ""),
        row(
            &endpoints::CHAT_EXPORT,
            Members {
                allowed: &[Who::Member, Who::Clerk],
                forbidden: &[],
            },
            "",
        ),
        row(
            &endpoints::CHAT_ATTACHMENT_UPLOAD,
            Members {
                allowed: MEMBER,
                forbidden: &[],
            },
            "",
        ),
        row(
            &endpoints::CHAT_ATTACHMENT,
            Members {
                allowed: MEMBER,
                forbidden: &[],
            },
            "",
        ),
        // The office's list of groups: titles and members, never a message.
        row(&endpoints::CHAT_GROUPS, ClerkOnly, ""),
        row(&endpoints::CHAT_TICK, TokenOnly, ""),
    ]
}

/// The status class a caller should get: 2xx as `200`, else the status.
fn expected(rule: Rule, who: Who) -> u16 {
    if matches!(rule, Rule::TokenOnly) {
        return 404;
    }
    match who {
        Who::Anonymous => return 401,
        Who::StartPassword | Who::Notifier => return 403,
        _ => {}
    }
    match rule {
        Rule::Chatters => 200,
        Rule::ClerkOnly if who == Who::Clerk => 200,
        Rule::ClerkOnly => 403,
        Rule::Members { allowed, .. } if allowed.contains(&who) => 200,
        Rule::Members { forbidden, .. } if forbidden.contains(&who) => 403,
        Rule::Members { .. } | Rule::TokenOnly => 404,
    }
}

/// A browser's subscription at a public push service, a new endpoint each time (nothing is
/// sent to it: the matrix posts no direct message).
fn push_subscription() -> Value {
    json!({
        "endpoint": format!("https://fcm.googleapis.com/fcm/send/matrix-{}", unique()),
        "keys": {
            "p256dh": "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
            "auth": "BTBZMqHH6r4Tts7J_aSIgg",
        },
    })
}

struct World {
    group: String,
    member: Session,
    member_id: String,
    other_member_id: String,
    /// A file of the member's first message.
    attachment: String,
}

impl World {
    /// Path and body of `row` (a fresh message of the member for edits and deletions).
    fn request(&self, row: &Row) -> (String, Option<Value>) {
        let mut message = String::new();
        let body = match (row.endpoint.method.as_str(), row.endpoint.path, row.label) {
            ("POST", "/api/chat/conversations", "direct") => {
                Some(json!({ "kind": "direct", "user_id": self.other_member_id }))
            }
            ("POST", "/api/chat/conversations", _) => Some(json!({
                "kind": "group", "title": "Klub", "member_ids": [self.member_id],
            })),
            ("PATCH", "/api/chat/conversations/:cid", _) => Some(json!({ "title": "Komisja" })),
            ("PUT", "/api/chat/conversations/:cid/members", _) => {
                Some(json!({ "member_ids": [self.member_id, self.other_member_id] }))
            }
            ("PUT", "/api/chat/conversations/:cid/read", _) => {
                message = str_field(&send(&self.member, &self.group, "do przeczytania"), "id");
                Some(json!({ "message_id": message }))
            }
            ("POST", "/api/chat/push-subscriptions", _) => Some(push_subscription()),
            ("DELETE", "/api/chat/push-subscriptions/:id", _) => {
                let reply = self
                    .member
                    .post("/api/chat/push-subscriptions", &push_subscription());
                assert_eq!(reply.status, 201, "{}", reply.text());
                message = str_field(&json_of(&reply), "id");
                None
            }
            ("POST", "/api/chat/conversations/:cid/messages", _) => {
                Some(json!({ "text": "Cześć" }))
            }
            ("PATCH", "/api/chat/conversations/:cid/messages/:mid", _) => {
                message = str_field(&send(&self.member, &self.group, "do poprawy"), "id");
                Some(json!({ "text": "poprawione" }))
            }
            ("DELETE", "/api/chat/conversations/:cid/messages/:mid", _) => {
                message = str_field(&send(&self.member, &self.group, "do usunięcia"), "id");
                None
            }
            _ => None,
        };
        let path = row
            .endpoint
            .path
            .replace(":cid", &self.group)
            .replace(":mid", &message)
            .replace(":aid", &self.attachment)
            .replace(":id", &message);
        let path = if row.endpoint.path == "/api/chat/search" {
            format!("{path}?q=wiadomo%C5%9B%C4%87")
        } else {
            path
        };
        (path, body)
    }
}

#[test]
fn every_chat_endpoint_answers_members_and_refuses_everyone_else() {
    let listed: Vec<&Endpoint> = rows().iter().map(|r| r.endpoint).collect();
    for e in endpoints::CHAT {
        assert!(
            listed.contains(e),
            "{} {} has no row",
            e.method.as_str(),
            e.path
        );
    }

    let chat = Chat::start();
    let clerk = chat.person(&["clerk"]);
    let member = chat.person(&["councillor"]);
    let other_member = chat.person(&["councillor"]);
    let sessions: Vec<(Who, Session)> = CALLERS
        .iter()
        .map(|who| {
            let session = match who {
                Who::Anonymous => chat.app.anon(),
                Who::StartPassword => {
                    let user = chat
                        .app
                        .create_user(&chat.admin, &["councillor"], &chat.unit);
                    chat.app.login(&user.email, &user.start_password)
                }
                Who::Notifier => chat.person(&["notifier"]).session,
                Who::NonMember => chat.person(&["councillor"]).session,
                Who::Director => chat.person(&["director"]).session,
                Who::Support => chat.person(&["support"]).session,
                Who::Admin => chat.admin.clone(),
                Who::Chair => chat.person(&["chair"]).session,
                Who::Clerk => clerk.session.clone(),
                Who::Member => member.session.clone(),
            };
            (*who, session)
        })
        .collect();
    let group_id = group(
        &clerk.session,
        "Komisja Rewizyjna",
        &[member.id(), other_member.id()],
    );
    let upload = member
        .session
        .request(
            "POST",
            &format!("/api/chat/conversations/{group_id}/attachments"),
        )
        .header("content-type", "application/pdf")
        .header("x-filename", "protokol.pdf")
        .body(b"%PDF-1.7\n".to_vec())
        .send()
        .unwrap();
    assert_eq!(upload.status, 201, "{}", upload.text());
    let attachment = str_field(&json_of(&upload), "id");
    let first = member.session.post(
        &format!("/api/chat/conversations/{group_id}/messages"),
        &json!({ "text": "Pierwsza wiadomość", "attachment_ids": [attachment] }),
    );
    assert_eq!(first.status, 201, "{}", first.text());
    let world = World {
        group: group_id,
        member: member.session.clone(),
        member_id: member.id(),
        other_member_id: other_member.id(),
        attachment,
    };

    let mut wrong = Vec::new();
    let mut table = String::new();
    for row in rows() {
        let e = row.endpoint;
        table.push_str(&format!(
            "{:6} {:48} {:6}",
            e.method.as_str(),
            e.path,
            row.label
        ));
        for (who, session) in &sessions {
            let (path, body) = world.request(&row);
            let reply = if e.path.ends_with("/attachments") {
                session
                    .request("POST", &path)
                    .header("content-type", "application/pdf")
                    .header("x-filename", "protokol.pdf")
                    .body(b"%PDF-1.7\n".to_vec())
                    .send()
                    .unwrap()
            } else {
                session.send(e.method.as_str(), &path, body.as_ref())
            };
            table.push_str(&format!(" {who:?}={}", reply.status));
            let want = expected(row.rule, *who);
            let got = if (200..300).contains(&reply.status) {
                200
            } else {
                reply.status
            };
            if got != want {
                wrong.push(format!(
                    "{} {path} ({}) as {who:?}: expected {want}, got {} {}",
                    e.method.as_str(),
                    row.label,
                    reply.status,
                    reply.text()
                ));
            }
        }
        table.push('\n');
    }
    println!("{table}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
