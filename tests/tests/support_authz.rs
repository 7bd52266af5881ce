//! End-to-end: the technical-support role (`support`, accounts.md § Roles; operations.md)
//! over every endpoint of the app. Support sees accounts with their sessions and devices, the
//! reset queue, incidents, the audit chain, maintenance windows and health; unlocks, locks and
//! ends sessions; and cannot create accounts, change profiles or roles, disable accounts,
//! manage units, schedule maintenance, run or prepare meetings, nor read a draft meeting.
//!
//! The chat (issue 17): support is a chat role — it lists its own conversations, starts a
//! direct one and polls its updates — but reads no conversation it is not a member of (404,
//! `Hidden`). Residents' personal data does not exist yet: its endpoints will join [`rule`]
//! as `Forbidden` rows — a new endpoint without a row fails this test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_domain::endpoints::{self, Endpoint, Exposure};
use serde_json::{json, Value};
use support::accounts::*;
use support::council::small_pdf;

/// What `support` gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// 2xx: the request is valid and support may make it.
    Allowed,
    /// A public route: neither 401 nor 403 (its own answer may be a 4xx for the object).
    Public,
    /// 403.
    Forbidden,
    /// A route for a scheduler's token, not for people: 404 without one configured.
    TokenOnly,
    /// 401: a resident's own path, opened by a bound device's token only, never by a staff
    /// session (docs/api/notifications.md).
    DeviceOnly,
    /// 404: a conversation support is not a member of (no existence leaks).
    Hidden,
}

/// The row of every endpoint for `support`.
fn rule(e: &Endpoint) -> Rule {
    use Rule::*;
    match (e.method.as_str(), e.path) {
        ("GET", "/api/health") | ("GET", "/api/openapi.json") => Public,
        // The scheduler's token routes (one per component with periodic work).
        ("POST", "/api/system/tick")
        | ("POST", "/api/notify/tick")
        | ("POST", "/api/chat/tick") => TokenOnly,
        // The gateways' delivery events: their own token (`notify_callback_token`), not unset.
        ("POST", "/api/notify/deliveries/events") => TokenOnly,
        ("POST", "/api/auth/login")
        | ("POST", "/api/password-resets")
        | ("POST", "/api/password-resets/claim") => Public,
        ("GET", "/api/auth/me") | ("POST", "/api/auth/logout") | ("POST", "/api/auth/password") => {
            Allowed
        }
        // Sees accounts, their sessions and devices; locks, unlocks, ends a session.
        ("GET", "/api/users")
        | ("GET", "/api/users/:id")
        | ("POST", "/api/users/:id/lock")
        | ("POST", "/api/users/:id/unlock")
        | ("DELETE", "/api/users/:id/session") => Allowed,
        // Cannot shape accounts: no registration, no profile or role change, no disabling.
        ("POST", "/api/users")
        | ("PATCH", "/api/users/:id")
        | ("POST", "/api/users/:id/disable")
        | ("POST", "/api/users/:id/enable") => Forbidden,
        ("GET", "/api/units") => Allowed,
        ("POST", "/api/units") | ("PATCH", "/api/units/:id") => Forbidden,
        // The reset queue (four eyes: support decides what someone else requested).
        ("GET", "/api/password-resets")
        | ("GET", "/api/password-resets/:id")
        | ("POST", "/api/password-resets/:id/approve")
        | ("POST", "/api/password-resets/:id/reject")
        | ("GET", "/api/password-resets/:id/letter")
        | ("POST", "/api/password-resets/:id/handover") => Allowed,
        ("GET", "/api/incidents")
        | ("POST", "/api/incidents")
        | ("GET", "/api/incidents/:id")
        | ("PATCH", "/api/incidents/:id") => Allowed,
        ("GET", "/api/audit") | ("GET", "/api/audit/verify") | ("GET", "/api/audit/export") => {
            Allowed
        }
        // Signing a checkpoint of the chain is the administrator's (the key's holder).
        ("POST", "/api/audit/checkpoints") => Forbidden,
        // System health.
        ("GET", "/api/system/status") => Allowed,
        // Sees maintenance windows; only the administrator plans them.
        ("GET", "/api/maintenance-windows") => Allowed,
        ("POST", "/api/maintenance-windows") | ("POST", "/api/maintenance-windows/:id/cancel") => {
            Forbidden
        }
        // Council: a signed-in reader of published meetings, nothing more.
        ("GET", "/api/sessions")
        | ("GET", "/api/sessions/:id")
        | ("GET", "/api/sessions/:id/attachments/:att")
        | ("GET", "/api/sessions/:id/polls")
        | ("GET", "/api/sessions/:id/polls/:pid")
        | ("GET", "/api/sessions/:id/live") => Allowed,
        (_, path) if path.starts_with("/api/sessions") => Forbidden,
        // The chat: its own list, a direct conversation, its updates; nobody else's messages.
        ("GET", "/api/chat/conversations")
        | ("POST", "/api/chat/conversations")
        | ("GET", "/api/chat/updates")
        | ("GET", "/api/chat/search") => Allowed,
        // Web Push: its own browser's subscriptions (support is a chat role).
        ("GET", "/api/chat/push-key")
        | ("POST", "/api/chat/push-subscriptions")
        | ("DELETE", "/api/chat/push-subscriptions/:id") => Allowed,
        // The office's list of groups is the council office's alone.
        ("GET", "/api/chat/groups") => Forbidden,
        (_, path) if path.starts_with("/api/chat/conversations/") => Hidden,
        (_, path) if path.starts_with("/api/public/") => Public,
        // The resident registry (issue 15): its public forms as for anyone; a resident's own
        // paths refuse a staff session (401); its staff endpoints are `notifier_admin`'s.
        ("GET", "/api/notify/districts")
        | ("GET", "/api/notify/consent")
        | ("POST", "/api/notify/registrations")
        | ("POST", "/api/notify/codes")
        | ("POST", "/api/notify/bindings")
        | ("GET", "/api/notify/push-key")
        | ("GET", "/api/notify/news") => Public,
        // The device's own paths (not `/api/notify/messages`, the notifier's).
        (_, path) if path == "/api/notify/me" || path.starts_with("/api/notify/me/") => DeviceOnly,
        (_, path) if path.starts_with("/api/notify/") => Forbidden,
        (method, path) => panic!(
            "{method} {path} has no row in the support matrix (tests/tests/support_authz.rs)"
        ),
    }
}

/// Objects the rows act on.
struct World {
    app: App,
    admin: Session,
    support_email: String,
    victim: String,
    victim_email: String,
    reset_subject: String,
    unit: String,
    meeting: String,
    item: String,
    attachment: String,
    poll: String,
    incident: String,
    window: String,
    member: String,
    floor_request: String,
    /// A direct conversation of two councillors, and one of its messages.
    conversation: String,
    message: String,
}

impl World {
    /// A pending `letter` request the administrator recorded (so support may decide it).
    fn pending_reset(&self) -> String {
        self.reset_requested_by(&self.admin)
    }

    /// A pending `letter` request recorded by `staff`.
    fn reset_requested_by(&self, staff: &Session) -> String {
        let reply = staff.post(
            "/api/password-resets",
            &json!({ "email": self.reset_subject, "reason": "zgubione hasło", "delivery": "letter" }),
        );
        assert_eq!(reply.status, 202, "{}", reply.text());
        str_field(&json_of(&reply), "id")
    }

    /// A letter support recorded and the administrator approved (four eyes); support, who did
    /// not approve it, prints it.
    fn approved_letter(&self, support: &Session) -> String {
        let id = self.reset_requested_by(support);
        let reply = self
            .admin
            .post_empty(&format!("/api/password-resets/{id}/approve"));
        assert_eq!(reply.status, 200, "{}", reply.text());
        id
    }

    /// Path and body of support's request for `e`.
    fn request(&self, e: &Endpoint, support: &Session) -> (String, Option<Value>) {
        let n = unique();
        let mut reset = String::new();
        let body = match (e.method.as_str(), e.path) {
            // Someone else signs in (support's own session stays for the next rows).
            ("POST", "/api/auth/login") => {
                Some(json!({ "email": self.victim_email, "password": STRONG_PASSWORD }))
            }
            ("POST", "/api/auth/password") => Some(json!({
                "current_password": STRONG_PASSWORD,
                "new_password": OTHER_PASSWORD,
            })),
            ("POST", "/api/users") => Some(json!({
                "first_name": "Nowy", "last_name": format!("Radny{n}"),
                "email": format!("support.matrix.{n}@ratusz.test"),
                "unit_id": self.unit, "roles": ["councillor"],
            })),
            ("PATCH", "/api/users/:id") => Some(json!({ "roles": ["admin"] })),
            ("POST", "/api/users/:id/lock") | ("POST", "/api/users/:id/disable") => {
                Some(json!({ "reason": "macierz wsparcia" }))
            }
            ("POST", "/api/units") => {
                Some(json!({ "name": format!("Wydział {n}"), "kind": "department" }))
            }
            ("PATCH", "/api/units/:id") => Some(json!({ "name": format!("Wydział {n}") })),
            ("POST", "/api/password-resets") => Some(json!({
                "email": self.reset_subject, "reason": "zgubione hasło", "delivery": "letter",
            })),
            ("POST", "/api/password-resets/claim") => Some(json!({
                "token": "x".repeat(43), "code": "12345678", "new_password": OTHER_PASSWORD,
            })),
            ("POST", "/api/password-resets/:id/approve") => {
                reset = self.pending_reset();
                None
            }
            ("POST", "/api/password-resets/:id/reject") => {
                reset = self.pending_reset();
                Some(json!({ "reason": "brak podstaw" }))
            }
            ("GET", "/api/password-resets/:id") => {
                reset = self.pending_reset();
                None
            }
            ("GET", "/api/password-resets/:id/letter") => {
                reset = self.approved_letter(support);
                None
            }
            ("POST", "/api/password-resets/:id/handover") => {
                reset = self.approved_letter(support);
                let letter = support.get(&format!("/api/password-resets/{reset}/letter"));
                assert_eq!(letter.status, 200, "{}", letter.text());
                Some(
                    json!({ "collected_by": "holder", "document_kind": "id_card", "document_last4": "1234" }),
                )
            }
            ("POST", "/api/incidents") => {
                Some(json!({ "kind": "other", "title": format!("Zdarzenie {n}") }))
            }
            ("PATCH", "/api/incidents/:id") => Some(json!({ "note": format!("notatka {n}") })),
            ("POST", "/api/maintenance-windows") => Some(json!({
                "starts_at": "2030-01-10T22:00:00Z", "ends_at": "2030-01-10T23:00:00Z", "reason": "x",
            })),
            ("POST", "/api/sessions/:id/floor/requests") => Some(json!({ "kind": "normal" })),
            ("POST", "/api/chat/push-subscriptions") => Some(push_subscription(n)),
            ("DELETE", "/api/chat/push-subscriptions/:id") => {
                let reply = support.post("/api/chat/push-subscriptions", &push_subscription(n));
                assert_eq!(reply.status, 201, "{}", reply.text());
                reset = str_field(&json_of(&reply), "id");
                None
            }
            ("POST", "/api/chat/conversations") => {
                Some(json!({ "kind": "direct", "user_id": self.member }))
            }
            ("POST", "/api/sessions/:id/polls/:pid/votes") => Some(json!({ "choice": "for" })),
            ("POST", "/api/sessions") => Some(json!({
                "title": "Sesja", "number": "I", "kind": "session",
                "starts_at": "2030-01-10T10:00:00Z", "location": "Sala",
                "statutory_members": 1, "member_ids": [self.member],
            })),
            (m, _) if m != "GET" && m != "DELETE" => Some(json!({})),
            _ => None,
        };
        let path = e
            .path
            .replace(":att", &self.attachment)
            .replace(":pid.csv", &format!("{}.csv", self.poll))
            .replace(":pid.html", &format!("{}.html", self.poll))
            .replace(":pid", &self.poll)
            .replace(":item", &self.item)
            .replace(":rid", &self.floor_request)
            .replace(":user_id", &self.member)
            .replace(":cid", &self.conversation)
            .replace(":mid", &self.message)
            .replace("/api/chat/search", "/api/chat/search?q=dwojga");
        let id = if path.starts_with("/api/users/") {
            self.victim.clone()
        } else if path.starts_with("/api/units/") {
            self.unit.clone()
        } else if path.starts_with("/api/password-resets/")
            || path.starts_with("/api/chat/push-subscriptions/")
        {
            reset
        } else if path.starts_with("/api/incidents/") {
            self.incident.clone()
        } else if path.starts_with("/api/maintenance-windows/") {
            self.window.clone()
        } else {
            self.meeting.clone()
        };
        (path.replace(":id", &id), body)
    }
}

/// A browser's subscription at a public push service (nothing is sent to it here).
fn push_subscription(n: usize) -> Value {
    json!({
        "endpoint": format!("https://fcm.googleapis.com/fcm/send/support-{n}"),
        "keys": {
            "p256dh": "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
            "auth": "BTBZMqHH6r4Tts7J_aSIgg",
        },
    })
}

fn world() -> (World, Session) {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let unit = app.create_unit(&admin, "Wydział Informatyki", "department");
    let (support_user, support) = app.active_user(&admin, &["support"], &council);
    let (_, clerk) = app.active_user(&admin, &["clerk"], &council);
    let (member, member_session) = app.active_user(&admin, &["councillor"], &council);
    let (_, chair) = app.active_user(&admin, &["chair"], &council);
    let (victim, _) = app.active_user(&admin, &["councillor"], &unit);
    let (reset_subject, _) = app.active_user(&admin, &["councillor"], &unit);

    let reply = clerk.post(
        "/api/sessions",
        &json!({
            "title": "Sesja Rady", "number": "XII", "kind": "session",
            "starts_at": "2030-01-10T10:00:00Z", "location": "Sala obrad",
            "statutory_members": 1, "member_ids": [member.id],
        }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    let meeting = str_field(&json_of(&reply), "id");
    let reply = clerk.post(
        &format!("/api/sessions/{meeting}/agenda"),
        &json!({ "title": "Otwarcie sesji" }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    let item = str_field(&json_of(&reply), "id");
    let reply = clerk
        .request(
            "POST",
            &format!("/api/sessions/{meeting}/agenda/{item}/attachments"),
        )
        .header("content-type", "application/pdf")
        .header("x-filename", "projekt.pdf")
        .body(small_pdf())
        .send()
        .unwrap();
    assert_eq!(reply.status, 201, "{}", reply.text());
    let attachment = str_field(&json_of(&reply), "id");
    let reply = clerk.post(
        &format!("/api/sessions/{meeting}/polls"),
        &json!({ "title": "Porządek obrad", "kind": "open", "majority": { "rule": "simple", "base": "cast" } }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    let poll = str_field(&json_of(&reply), "id");
    let reply = clerk.post_empty(&format!("/api/sessions/{meeting}/publish"));
    assert_eq!(reply.status, 200, "{}", reply.text());
    // A window next winter night, planned before the meeting goes live (a live meeting
    // blocks every window) (22:00–23:00 Polish time = 21:00–22:00Z).
    let reply = admin.post(
        "/api/maintenance-windows",
        &json!({ "starts_at": "2030-01-10T21:00:00Z", "ends_at": "2030-01-10T22:00:00Z", "reason": "Kopie" }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    let window = str_field(&json_of(&reply), "id");
    // Live, with the member present, a poll open and a request to speak: every council row
    // reaches its authorization check, not a state refusal.
    let reply = member_session.post(
        &format!("/api/sessions/{meeting}/attendance"),
        &json!({ "mode": "in_person" }),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let reply = chair.post_empty(&format!("/api/sessions/{meeting}/open"));
    assert_eq!(reply.status, 200, "{}", reply.text());
    let reply = chair.post(
        &format!("/api/sessions/{meeting}/polls/{poll}/open"),
        &json!({}),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let reply = member_session.post(
        &format!("/api/sessions/{meeting}/floor/requests"),
        &json!({ "kind": "normal" }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    let floor_request = str_field(&json_of(&reply), "id");

    let reply = admin.post(
        "/api/incidents",
        &json!({ "kind": "other", "title": "Zdarzenie testowe" }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    let incident = str_field(&json_of(&reply), "id");

    let reply = member_session.post(
        "/api/chat/conversations",
        &json!({ "kind": "direct", "user_id": victim.id }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    let conversation = str_field(&json_of(&reply), "id");
    let reply = member_session.post(
        &format!("/api/chat/conversations/{conversation}/messages"),
        &json!({ "text": "Tylko dla nas dwojga" }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    let message = str_field(&json_of(&reply), "id");

    let world = World {
        app,
        admin,
        support_email: support_user.email,
        victim: victim.id,
        victim_email: victim.email,
        reset_subject: reset_subject.email,
        unit,
        meeting,
        item,
        attachment,
        poll,
        incident,
        window,
        member: member.id,
        floor_request,
        conversation,
        message,
    };
    (world, support)
}

#[test]
fn support_is_allowed_exactly_its_rows_over_every_endpoint_of_the_app() {
    for e in endpoints::ALL
        .iter()
        .filter(|e| e.exposure == Exposure::Public)
    {
        let _ = rule(e);
    }
    let (w, mut support) = world();
    let mut wrong = Vec::new();
    let mut table = String::new();
    // Rows that end support's session (logout, password change) go last.
    let mut rows: Vec<&Endpoint> = endpoints::ALL
        .iter()
        .copied()
        .filter(|e| e.exposure == Exposure::Public)
        .collect();
    rows.sort_by_key(|e| match e.path {
        "/api/auth/password" => 1,
        "/api/auth/logout" => 2,
        _ => 0,
    });
    for e in rows {
        let expected = rule(e);
        let (path, body) = w.request(e, &support);
        let reply = if *e == endpoints::NOTIFY_ME_REPORT_PHOTO_UPLOAD {
            // A resident's photo: a staff session is no device (401), whatever the image.
            support
                .request("POST", &path)
                .header("content-type", "image/png")
                .body(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec())
                .send()
                .unwrap()
        } else if e.path.ends_with("/attachments") {
            support
                .request("POST", &path)
                .header("content-type", "application/pdf")
                .header("x-filename", "projekt.pdf")
                .body(small_pdf())
                .send()
                .unwrap()
        } else {
            support.send(e.method.as_str(), &path, body.as_ref())
        };
        let ok = match expected {
            Rule::Allowed => (200..300).contains(&reply.status),
            Rule::Public => !matches!(reply.status, 401 | 403) && reply.status < 500,
            Rule::Forbidden => reply.status == 403,
            Rule::DeviceOnly => reply.status == 401,
            Rule::TokenOnly | Rule::Hidden => reply.status == 404,
        };
        table.push_str(&format!(
            "{:6} {:48} {:?} → {}\n",
            e.method.as_str(),
            e.path,
            expected,
            reply.status
        ));
        if !ok {
            wrong.push(format!(
                "{} {path}: expected {expected:?}, got {} {}",
                e.method.as_str(),
                reply.status,
                reply.text()
            ));
        }
        if e.path == "/api/auth/password" && reply.status == 200 {
            support = w.app.login(&w.support_email, OTHER_PASSWORD);
        }
    }
    assert!(wrong.is_empty(), "{}\n\n{table}", wrong.join("\n"));
}

#[test]
fn support_sees_a_sessions_device_but_no_draft_meeting_and_cannot_change_roles() {
    let (w, support) = world();
    // A councillor signs in from a tablet.
    let (member, _) = w.app.active_user(&w.admin, &["councillor"], &w.unit);
    let tablet = "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.135 Safari/537.36";
    let reply = w
        .app
        .anon()
        .request("POST", "/api/auth/login")
        .header("user-agent", tablet)
        .json(&json!({ "email": member.email, "password": STRONG_PASSWORD }))
        .send()
        .unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    let view = support.get_ok(&format!("/api/users/{}", member.id));
    assert_eq!(view["has_session"], true);
    assert_eq!(view["session"]["device"], "Chrome 131 · Android", "{view}");
    assert!(view["session"]["started_at"].is_string());
    assert!(
        !view.to_string().contains("127.0.0.1"),
        "no address: {view}"
    );
    // Ending it is support's job; the view says so at once.
    let reply = support.delete(&format!("/api/users/{}/session", member.id));
    assert_eq!(reply.status, 204, "{}", reply.text());
    let view = support.get_ok(&format!("/api/users/{}", member.id));
    assert_eq!(view["has_session"], false);
    assert!(view["session"].is_null(), "{view}");

    // Roles stay as they were.
    let reply = support.patch(
        &format!("/api/users/{}", w.victim),
        &json!({ "roles": ["admin", "support"] }),
    );
    assert_problem(&reply, 403, "forbidden");
    let view = w.admin.get_ok(&format!("/api/users/{}", w.victim));
    assert_eq!(view["roles"], json!(["councillor"]));

    // A draft meeting support is not part of does not exist for it.
    let (_, clerk) = w.app.active_user(&w.admin, &["clerk"], &w.unit);
    let reply = clerk.post(
        "/api/sessions",
        &json!({
            "title": "Projekt sesji", "number": "XIII", "kind": "session",
            "starts_at": "2030-02-10T10:00:00Z", "location": "Sala obrad",
            "statutory_members": 1, "member_ids": [w.member],
        }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    let draft = str_field(&json_of(&reply), "id");
    for path in [
        format!("/api/sessions/{draft}"),
        format!("/api/sessions/{draft}/live"),
        format!("/api/sessions/{draft}/polls"),
    ] {
        assert_problem(&support.get(&path), 404, "not_found");
    }
    let listed = support.get_ok("/api/sessions");
    assert!(
        !listed.to_string().contains(&draft),
        "the draft is not listed: {listed}"
    );
}
