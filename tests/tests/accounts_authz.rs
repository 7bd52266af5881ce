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

/// In this order within a row (support before admin: where the first success changes the
/// object, such as an approval, the second caller sees a conflict, which is still "allowed").
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

/// The matrix's rows. An endpoint without a row fails the test: add it here.
fn rule(e: &Endpoint) -> Rule {
    match (e.method.as_str(), e.path) {
        ("POST", "/api/auth/login") => Rule::Public,
        ("POST", "/api/auth/logout") | ("GET", "/api/auth/me") | ("POST", "/api/auth/password") => {
            Rule::AnySession
        }
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
        (method, path) => panic!(
            "{method} {path} is in endpoints::ACCOUNTS but has no row in the authorization \
             matrix (tests/tests/accounts_authz.rs)"
        ),
    }
}

/// What a caller should get.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Neither 401 nor 403.
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

fn outcome(status: u16) -> Outcome {
    match status {
        401 => Outcome::Unauthenticated,
        403 => Outcome::Forbidden,
        _ => Outcome::Allowed,
    }
}

/// A caller: credentials to sign in again after a logout.
struct Caller {
    who: Who,
    email: String,
    password: String,
    session: Session,
}

/// The objects the requests refer to.
struct Objects {
    /// An account the `/api/users/:id` rows act on.
    victim: String,
    /// An account the public reset request row names (in the director's unit).
    reset_target: String,
    /// An account the login row signs in.
    login_target: String,
    /// A unit the unit rows edit.
    unit: String,
    /// A unit for new accounts.
    school: String,
    /// A pending `letter` reset requested by the director.
    reset: String,
    /// An incident.
    incident: String,
}

fn request(e: &Endpoint, o: &Objects, who: Who, caller_password: &str) -> (String, Option<Value>) {
    let n = unique();
    let path = e.path;
    let body = match (e.method.as_str(), path) {
        ("POST", "/api/auth/login") => {
            Some(json!({ "email": o.login_target, "password": STRONG_PASSWORD }))
        }
        // A too-weak new password: allowed callers get 422 and nothing changes.
        ("POST", "/api/auth/password") => Some(json!({
            "current_password": caller_password,
            "new_password": "abc",
        })),
        ("POST", "/api/users") => Some(json!({
            "first_name": "Nowy",
            "last_name": format!("Radny{n}"),
            "email": format!("matrix.{n}.{who:?}@ratusz.test").to_lowercase(),
            "unit_id": o.school,
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
            "email": o.reset_target,
            "reason": "zgubione hasło",
            "delivery": "email_sms",
        })),
        ("POST", "/api/password-resets/:id/reject") => Some(json!({ "reason": "brak podstaw" })),
        ("POST", "/api/password-resets/:id/handover") => Some(json!({
            "collected_by": "holder",
            "document_kind": "id_card",
            "document_last4": "1234",
        })),
        ("POST", "/api/password-resets/claim") => Some(json!({
            "token": "nie-ma-takiego-tokenu",
            "code": "00000000",
            "new_password": OTHER_PASSWORD,
        })),
        ("POST", "/api/incidents") => {
            Some(json!({ "kind": "other", "title": format!("Zdarzenie {n}") }))
        }
        ("PATCH", "/api/incidents/:id") => Some(json!({ "note": format!("notatka {n}") })),
        _ => None,
    };
    let id = if path.starts_with("/api/users/") {
        &o.victim
    } else if path.starts_with("/api/units/") {
        &o.unit
    } else if path.starts_with("/api/password-resets/") {
        &o.reset
    } else if path.starts_with("/api/incidents/") {
        &o.incident
    } else {
        ""
    };
    (path.replace(":id", id), body)
}

#[test]
fn every_accounts_endpoint_answers_each_kind_of_caller_as_the_matrix_says() {
    // Every endpoint has a row before anything runs.
    for e in endpoints::ACCOUNTS {
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
    let starter = app.create_user(&admin, &["clerk"], &council);
    let start_session = app.login(&starter.email, &starter.start_password);
    assert!(start_session.must_change_password);
    callers.push(Caller {
        who: Who::StartPassword,
        email: starter.email.clone(),
        password: starter.start_password.clone(),
        session: start_session,
    });
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

    let director = &callers
        .iter()
        .find(|c| c.who == Who::Director)
        .unwrap()
        .session;
    let reply = director.post(
        "/api/password-resets",
        &json!({ "email": reset_subject.email, "reason": "zgubione hasło", "delivery": "letter" }),
    );
    assert_eq!(reply.status, 202, "director's request: {}", reply.text());
    let reset = str_field(&json_of(&reply), "id");
    let reply = admin.post(
        "/api/incidents",
        &json!({ "kind": "other", "title": "Zdarzenie testowe" }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text());
    let incident = str_field(&json_of(&reply), "id");

    let objects = Objects {
        victim: victim.id,
        reset_target: reset_target.email,
        login_target: login_target.email,
        unit,
        school,
        reset,
        incident,
    };

    let mut wrong = Vec::new();
    let mut table = String::new();
    for e in endpoints::ACCOUNTS {
        let rule = rule(e);
        table.push_str(&format!("{:6} {:40}", e.method.as_str(), e.path));
        for who in CALLERS {
            let caller = callers.iter().find(|c| c.who == who).unwrap();
            let (path, body) = request(e, &objects, who, &caller.password);
            let reply = caller.session.send(e.method.as_str(), &path, body.as_ref());
            table.push_str(&format!(" {:?}={}", who, reply.status));
            let want = expected(rule, who);
            let got = outcome(reply.status);
            if got != want || reply.status >= 500 {
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
        }
        table.push('\n');
        // Sessions ended by the row itself (logout): sign everyone in again.
        if e.path == "/api/auth/logout" {
            for caller in callers.iter_mut().filter(|c| c.who != Who::Anonymous) {
                caller.session = app.login(&caller.email, &caller.password);
            }
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
