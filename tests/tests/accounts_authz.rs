//! End-to-end: the authorization matrix — every accounts endpoint of the catalogue × every kind
//! of caller — plus the per-object rules (a director's unit, support and roles).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_domain::endpoints::{self, Endpoint};
use serde_json::{json, Value};
use support::accounts::*;

/// Who calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    StartPassword,
    Councillor,
    Clerk,
    Chair,
    Director,
    Support,
    Admin,
}

/// In this order within a row: those who should be refused first, so a refusal is never
/// explained by what an allowed caller changed earlier in the row.
const CALLERS: [Who; 8] = [
    Who::Anonymous,
    Who::StartPassword,
    Who::Councillor,
    Who::Clerk,
    Who::Chair,
    Who::Director,
    Who::Support,
    Who::Admin,
];

/// Who may call an endpoint.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// Anyone, signed in or not.
    Public,
    /// Any session, a start-password session included.
    AnySession,
    /// Any session that is not a start-password session.
    SignedIn,
    /// Only these roles.
    Roles(&'static [Who]),
}

const ADMIN: &[Who] = &[Who::Admin];
const STAFF: &[Who] = &[Who::Admin, Who::Support];

/// The audit chain's operations endpoints (issue 18), checked with the accounts ones.
const AUDIT_CHECKPOINTS: &[&Endpoint] = &[
    &endpoints::AUDIT_EXPORT,
    &endpoints::AUDIT_CHECKPOINT_SIGN,
    &endpoints::PUBLIC_AUDIT_CHECKPOINT,
];

/// The matrix's rows. An endpoint without a row fails the test: add it here.
fn rule(e: &Endpoint) -> Rule {
    match (e.method.as_str(), e.path) {
        ("POST", "/api/auth/login") => Rule::Public,
        // "Who am I" answers a visitor too: 204, nobody (docs/decisions.md, issue 14).
        ("GET", "/api/auth/me") => Rule::Public,
        ("POST", "/api/auth/logout") | ("POST", "/api/auth/password") => Rule::AnySession,
        // The council office lists accounts to pick a meeting's members (council.md).
        ("GET", "/api/users") => Rule::Roles(&[Who::Admin, Who::Support, Who::Clerk]),
        ("POST", "/api/users") => Rule::Roles(ADMIN),
        ("GET", "/api/users/:id") => Rule::Roles(STAFF),
        ("PATCH", "/api/users/:id") => Rule::Roles(ADMIN),
        ("POST", "/api/users/:id/lock") | ("POST", "/api/users/:id/unlock") => Rule::Roles(STAFF),
        ("POST", "/api/users/:id/disable") | ("POST", "/api/users/:id/enable") => {
            Rule::Roles(ADMIN)
        }
        ("DELETE", "/api/users/:id/session") => Rule::Roles(STAFF),
        ("GET", "/api/units") => Rule::SignedIn,
        ("POST", "/api/units") | ("PATCH", "/api/units/:id") => Rule::Roles(ADMIN),
        ("POST", "/api/password-resets") | ("POST", "/api/password-resets/claim") => Rule::Public,
        ("GET", "/api/password-resets")
        | ("GET", "/api/password-resets/:id")
        | ("POST", "/api/password-resets/:id/approve")
        | ("POST", "/api/password-resets/:id/reject")
        | ("GET", "/api/password-resets/:id/letter")
        | ("POST", "/api/password-resets/:id/handover") => Rule::Roles(STAFF),
        ("GET", "/api/incidents")
        | ("POST", "/api/incidents")
        | ("GET", "/api/incidents/:id")
        | ("PATCH", "/api/incidents/:id") => Rule::Roles(STAFF),
        ("GET", "/api/audit") | ("GET", "/api/audit/verify") => Rule::Roles(STAFF),
        ("GET", "/api/audit/export") => Rule::Roles(STAFF),
        // Support verifies the chain; signing a checkpoint speaks for it (issue 18).
        ("POST", "/api/audit/checkpoints") => Rule::Roles(ADMIN),
        ("GET", "/api/public/audit/checkpoint") => Rule::Public,
        (method, path) => panic!(
            "{method} {path} is in endpoints::ACCOUNTS but has no row in the authorization \
             matrix (tests/tests/accounts_authz.rs)"
        ),
    }
}

/// What a caller should get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// 2xx: the request was valid and it did what it asks.
    Allowed,
    /// 401.
    Unauthenticated,
    /// 403.
    Forbidden,
}

fn expected(rule: Rule, who: Who) -> Outcome {
    match (rule, who) {
        (Rule::Public, _) => Outcome::Allowed,
        (_, Who::Anonymous) => Outcome::Unauthenticated,
        (Rule::AnySession, _) => Outcome::Allowed,
        (_, Who::StartPassword) => Outcome::Forbidden,
        (Rule::SignedIn, _) => Outcome::Allowed,
        (Rule::Roles(roles), who) if roles.contains(&who) => Outcome::Allowed,
        (Rule::Roles(_), _) => Outcome::Forbidden,
    }
}

/// Any other status (a 4xx an allowed caller should not get, a 5xx) is wrong in every cell.
fn outcome(status: u16) -> Option<Outcome> {
    match status {
        200..=299 => Some(Outcome::Allowed),
        401 => Some(Outcome::Unauthenticated),
        403 => Some(Outcome::Forbidden),
        _ => None,
    }
}

/// A caller: credentials to sign in again after a logout.
struct Caller {
    who: Who,
    email: String,
    password: String,
    session: Session,
}

/// The callers' current sessions (a row may replace them: logout, password change).
type Sessions = [(Who, Session)];

fn session_of(sessions: &Sessions, who: Who) -> &Session {
    &sessions.iter().find(|(w, _)| *w == who).unwrap().1
}

/// The objects the requests refer to; the callers' own staff sessions make fresh ones (one
/// session per account: the test cannot hold a second one).
struct World<'a> {
    app: &'a App,
    /// An account the `/api/users/:id` rows act on.
    victim: String,
    /// An account the public reset request row names (in the director's unit).
    reset_target: String,
    /// An account in the director's unit whose resets the decision rows act on.
    reset_subject: String,
    /// An account the login row signs in.
    login_target: String,
    /// A unit the unit rows edit.
    unit: String,
    /// A unit for new accounts.
    school: String,
    /// A pending `letter` reset requested by the director (for the refused callers).
    reset: String,
    /// An incident.
    incident: String,
}

impl World<'_> {
    /// A pending `letter` request of the director's.
    fn fresh_reset(&self, s: &Sessions) -> String {
        let reply = session_of(s, Who::Director).post(
            "/api/password-resets",
            &json!({ "email": self.reset_subject, "reason": "zgubione hasło", "delivery": "letter" }),
        );
        assert_eq!(reply.status, 202, "director's request: {}", reply.text());
        str_field(&json_of(&reply), "id")
    }

    /// The other staff member than `who` (four eyes: the approver never prints).
    fn colleague<'s>(&self, s: &'s Sessions, who: Who) -> &'s Session {
        session_of(
            s,
            if who == Who::Admin {
                Who::Support
            } else {
                Who::Admin
            },
        )
    }

    /// A `letter` request approved by `who`'s colleague, so `who` may print it.
    fn fresh_approved_letter(&self, s: &Sessions, who: Who) -> String {
        let id = self.fresh_reset(s);
        let reply = self
            .colleague(s, who)
            .post_empty(&format!("/api/password-resets/{id}/approve"));
        assert_eq!(reply.status, 200, "approve: {}", reply.text());
        id
    }

    /// A letter approved by `who`'s colleague and printed, so `who` may record its handover.
    fn fresh_printed_letter(&self, s: &Sessions, who: Who) -> String {
        let id = self.fresh_approved_letter(s, who);
        let reply = session_of(s, who).get(&format!("/api/password-resets/{id}/letter"));
        assert_eq!(reply.status, 200, "letter: {}", reply.text());
        id
    }

    /// The path and JSON body of one caller's request; fresh objects for allowed callers
    /// where the row changes its object.
    fn request(
        &self,
        e: &Endpoint,
        rule: Rule,
        caller: &Caller,
        s: &Sessions,
    ) -> (String, Option<Value>) {
        let who = caller.who;
        let allowed = expected(rule, who) == Outcome::Allowed;
        let n = unique();
        let mut reset = self.reset.clone();
        let body = match (e.method.as_str(), e.path) {
            ("POST", "/api/auth/login") => {
                Some(json!({ "email": self.login_target, "password": STRONG_PASSWORD }))
            }
            ("POST", "/api/auth/password") => Some(json!({
                "current_password": caller.password,
                "new_password": new_password(n),
            })),
            ("POST", "/api/users") => Some(json!({
                "first_name": "Nowy",
                "last_name": format!("Radny{n}"),
                "email": format!("matrix.{n}.{who:?}@ratusz.test").to_lowercase(),
                "unit_id": self.school,
                "roles": ["councillor"],
            })),
            ("PATCH", "/api/users/:id") => Some(json!({ "first_name": format!("Ewa{n}") })),
            ("POST", "/api/users/:id/lock") | ("POST", "/api/users/:id/disable") => {
                Some(json!({ "reason": "macierz uprawnień" }))
            }
            ("POST", "/api/units") => {
                Some(json!({ "name": format!("Wydział {n}"), "kind": "department" }))
            }
            ("PATCH", "/api/units/:id") => Some(json!({ "name": format!("Wydział Kultury {n}") })),
            ("POST", "/api/password-resets") => Some(json!({
                "email": self.reset_target,
                "reason": "zgubione hasło",
                "delivery": "email_sms",
            })),
            ("POST", "/api/password-resets/:id/approve") => {
                if allowed {
                    reset = self.fresh_reset(s);
                }
                None
            }
            ("POST", "/api/password-resets/:id/reject") => {
                if allowed {
                    reset = self.fresh_reset(s);
                }
                Some(json!({ "reason": "brak podstaw" }))
            }
            ("GET", "/api/password-resets/:id/letter") => {
                if allowed {
                    reset = self.fresh_approved_letter(s, who);
                }
                None
            }
            ("POST", "/api/password-resets/:id/handover") => {
                if allowed {
                    reset = self.fresh_printed_letter(s, who);
                }
                Some(json!({
                    "collected_by": "holder",
                    "document_kind": "id_card",
                    "document_last4": "1234",
                }))
            }
            ("POST", "/api/password-resets/claim") => {
                // Each caller claims a reset of its own: both halves of a fresh approval.
                let admin = session_of(s, Who::Admin);
                let (holder, _) = self.app.active_user(admin, &["councillor"], &self.school);
                let (token, code) = self
                    .app
                    .approved_claim(session_of(s, Who::Support), &holder);
                Some(json!({ "token": token, "code": code, "new_password": OTHER_PASSWORD }))
            }
            ("POST", "/api/incidents") => {
                Some(json!({ "kind": "other", "title": format!("Zdarzenie {n}") }))
            }
            ("PATCH", "/api/incidents/:id") => Some(json!({ "note": format!("notatka {n}") })),
            _ => None,
        };
        let path = e.path;
        let id = if path.starts_with("/api/users/") {
            &self.victim
        } else if path.starts_with("/api/units/") {
            &self.unit
        } else if path.starts_with("/api/password-resets/") {
            &reset
        } else if path.starts_with("/api/incidents/") {
            &self.incident
        } else {
            ""
        };
        (path.replace(":id", id), body)
    }
}

/// A strong new password, different for every change.
fn new_password(n: usize) -> String {
    format!("Szeroka-Rzeka-Pod-Mostem-{n}-Zielona")
}

/// A start-password session of a fresh account (a start password works until it is changed).
fn start_password_caller(app: &App, admin: &Session, unit: &str) -> Caller {
    let starter = app.create_user(admin, &["clerk"], unit);
    let session = app.login(&starter.email, &starter.start_password);
    assert!(session.must_change_password);
    Caller {
        who: Who::StartPassword,
        email: starter.email,
        password: starter.start_password,
        session,
    }
}

#[test]
fn every_accounts_endpoint_answers_each_kind_of_caller_as_the_matrix_says() {
    // Every endpoint has a row before anything runs.
    for e in endpoints::ACCOUNTS.iter().chain(AUDIT_CHECKPOINTS) {
        let _ = rule(e);
    }

    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let school = app.create_unit(&admin, "Szkoła Podstawowa nr 7", "school");
    let unit = app.create_unit(&admin, "Wydział Kultury", "department");

    let mut callers = vec![Caller {
        who: Who::Admin,
        email: ADMIN_EMAIL.to_owned(),
        password: ADMIN_PASSWORD.to_owned(),
        session: admin.clone(),
    }];
    for (who, role, unit_id) in [
        (Who::Support, "support", &council),
        (Who::Clerk, "clerk", &council),
        (Who::Chair, "chair", &council),
        (Who::Councillor, "councillor", &council),
        (Who::Director, "director", &school),
    ] {
        let (user, session) = app.active_user(&admin, &[role], unit_id);
        callers.push(Caller {
            who,
            email: user.email,
            password: STRONG_PASSWORD.to_owned(),
            session,
        });
    }
    callers.push(start_password_caller(&app, &admin, &council));
    callers.push(Caller {
        who: Who::Anonymous,
        email: String::new(),
        password: String::new(),
        session: app.anon(),
    });

    let (victim, _) = app.active_user(&admin, &["councillor"], &school);
    let (reset_target, _) = app.active_user(&admin, &["councillor"], &school);
    let (reset_subject, _) = app.active_user(&admin, &["councillor"], &school);
    let (login_target, _) = app.active_user(&admin, &["councillor"], &council);
    let reply = admin.post(
        "/api/incidents",
        &json!({ "kind": "other", "title": "Zdarzenie testowe" }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    let incident = str_field(&json_of(&reply), "id");
    // A signed checkpoint, so the public one answers 200 to everyone.
    let reply = admin.post_empty("/api/audit/checkpoints");
    assert_eq!(reply.status, 201, "{}", reply.text());

    let mut world = World {
        app: &app,
        victim: victim.id,
        reset_target: reset_target.email,
        reset_subject: reset_subject.email,
        login_target: login_target.email,
        unit,
        school,
        reset: String::new(),
        incident,
    };
    let sessions: Vec<(Who, Session)> =
        callers.iter().map(|c| (c.who, c.session.clone())).collect();
    world.reset = world.fresh_reset(&sessions);

    let mut wrong = Vec::new();
    let mut table = String::new();
    for e in endpoints::ACCOUNTS.iter().chain(AUDIT_CHECKPOINTS) {
        let rule = rule(e);
        table.push_str(&format!("{:6} {:40}", e.method.as_str(), e.path));
        for who in CALLERS {
            let sessions: Vec<(Who, Session)> =
                callers.iter().map(|c| (c.who, c.session.clone())).collect();
            let index = callers.iter().position(|c| c.who == who).unwrap();
            let (path, body) = world.request(e, rule, &callers[index], &sessions);
            let reply = callers[index]
                .session
                .send(e.method.as_str(), &path, body.as_ref());
            table.push_str(&format!(" {:?}={}", who, reply.status));
            let want = expected(rule, who);
            if outcome(reply.status) != Some(want) {
                wrong.push(format!(
                    "{} {path} as {who:?}: expected {want:?}, got {} {}",
                    e.method.as_str(),
                    reply.status,
                    reply.text()
                ));
            } else if who == Who::StartPassword && reply.status == 403 {
                let code = code_of(&reply);
                if code != "password_change_required" {
                    wrong.push(format!(
                        "{} {path} as a start-password session: code {code:?}, expected \
                         password_change_required",
                        e.method.as_str()
                    ));
                }
            }
            // A changed password: the caller goes on with the new one and its new session.
            if e.path == "/api/auth/password" && reply.status == 200 {
                let caller = &mut callers[index];
                caller.password = body.as_ref().unwrap()["new_password"]
                    .as_str()
                    .unwrap()
                    .to_owned();
                caller.session = caller
                    .session
                    .with_other_token(&str_field(&json_of(&reply), "token"));
            }
        }
        table.push('\n');
        // Sessions ended by the row itself (logout): sign everyone in again.
        if e.path == "/api/auth/logout" {
            for caller in callers.iter_mut().filter(|c| c.who != Who::Anonymous) {
                caller.session = app.login(&caller.email, &caller.password);
            }
        }
        // The start-password caller changed its password: a fresh start-password account.
        if e.path == "/api/auth/password" {
            let admin = callers[0].session.clone();
            let index = callers
                .iter()
                .position(|c| c.who == Who::StartPassword)
                .unwrap();
            callers[index] = start_password_caller(&app, &admin, &council);
        }
    }
    assert!(
        wrong.is_empty(),
        "{} cell(s) of the matrix disagree:\n{}\n\nstatuses:\n{table}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn director_may_request_a_reset_only_for_accounts_of_their_unit() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let school = app.create_unit(&admin, "Szkoła Podstawowa nr 3", "school");
    let (_director, director) = app.active_user(&admin, &["director"], &school);
    let (teacher, _) = app.active_user(&admin, &["councillor"], &school);
    let (outsider, _) = app.active_user(&admin, &["councillor"], &council);

    let reply = director.post(
        "/api/password-resets",
        &json!({ "email": teacher.email, "reason": "zgubione hasło", "delivery": "letter" }),
    );
    assert_eq!(reply.status, 202, "{}", reply.text());
    let body = json_of(&reply);
    assert_eq!(body["status"], "accepted");
    let id = str_field(&body, "id");
    let view = admin.get_ok(&format!("/api/password-resets/{id}"));
    assert_eq!(view["requested_by"], director.user_id().as_str());
    assert_eq!(view["user_id"], teacher.id.as_str());

    let before = admin.get_ok("/api/password-resets?limit=500")["items"]
        .as_array()
        .unwrap()
        .len();
    let reply = director.post(
        "/api/password-resets",
        &json!({ "email": outsider.email, "reason": "zgubione hasło", "delivery": "letter" }),
    );
    assert_problem(&reply, 403, "forbidden");
    let after = admin.get_ok("/api/password-resets?limit=500")["items"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(before, after, "no request recorded");
}

#[test]
fn support_cannot_grant_roles_nor_create_accounts() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (support_user, support) = app.active_user(&admin, &["support"], &council);
    let (user, _) = app.active_user(&admin, &["councillor"], &council);

    for (id, roles) in [
        (&user.id, json!(["admin"])),
        (&user.id, json!(["councillor", "support"])),
        (&support_user.id, json!(["support", "admin"])),
    ] {
        let reply = support.patch(&format!("/api/users/{id}"), &json!({ "roles": roles }));
        assert_eq!(
            reply.status,
            403,
            "support PATCH roles {roles}: {}",
            reply.text()
        );
    }
    assert_eq!(
        admin.get_ok(&format!("/api/users/{}", user.id))["roles"],
        json!(["councillor"])
    );
    assert_eq!(
        admin.get_ok(&format!("/api/users/{}", support_user.id))["roles"],
        json!(["support"])
    );

    let reply = support.post(
        "/api/users",
        &json!({
            "first_name": "Piotr",
            "last_name": "Zieliński",
            "email": "piotr.zielinski@ratusz.test",
            "unit_id": council,
            "roles": ["councillor"],
        }),
    );
    assert_eq!(reply.status, 403, "{}", reply.text());
    assert!(app.emails_to("piotr.zielinski@ratusz.test").is_empty());

    // What support may do: view, lock, unlock, end a session.
    assert_eq!(support.get(&format!("/api/users/{}", user.id)).status, 200);
    let reply = support.post(&format!("/api/users/{}/lock", user.id), &json!({}));
    assert!(matches!(reply.status, 200 | 204), "{}", reply.text());
    let reply = support.post_empty(&format!("/api/users/{}/unlock", user.id));
    assert!(matches!(reply.status, 200 | 204), "{}", reply.text());
}

#[test]
fn an_account_with_several_roles_has_the_powers_of_each() {
    let app = start();
    let admin = app.bootstrap_admin();
    let council = app.council_unit(&admin);
    let (_user, session) = app.active_user(&admin, &["councillor", "support"], &council);
    assert_eq!(session.get("/api/users").status, 200);
    assert_eq!(session.get("/api/incidents").status, 200);
    assert_eq!(session.get("/api/units").status, 200);
    assert_eq!(
        session
            .post(
                "/api/units",
                &json!({ "name": "Wydział Sportu", "kind": "department" })
            )
            .status,
        403
    );
}
