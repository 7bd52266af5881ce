//! End-to-end: the council authorization matrix — every endpoint of `endpoints::COUNCIL` × every
//! kind of caller — plus the per-object rules: one's own vote only, entitlement fixed at
//! opening, members only, the chair runs floor and polls, nothing personal in public answers,
//! and a superseded session cannot vote.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_domain::endpoints::{self, Endpoint};
use ratusz_tests::seed;
use serde_json::{json, Value};
use support::accounts::*;
use support::council::*;

/// Who calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    /// A member of the meetings who has not changed the start password yet.
    StartPassword,
    /// A councillor who is not a member of the meetings.
    NonMember,
    /// A councillor, member of the meetings.
    Member,
    Director,
    Support,
    Admin,
    Clerk,
    Chair,
}

/// In this order within a row: those who should be refused first, so a refusal is never
/// explained by what an allowed caller changed earlier in the row.
const CALLERS: [Who; 9] = [
    Who::Anonymous,
    Who::StartPassword,
    Who::NonMember,
    Who::Director,
    Who::Support,
    Who::Admin,
    Who::Member,
    Who::Clerk,
    Who::Chair,
];

/// Who may call an endpoint.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in account that may see the (published) meeting.
    Viewers,
    /// Only these.
    Only(&'static [Who]),
}

const CLERK: &[Who] = &[Who::Clerk];
const CHAIR: &[Who] = &[Who::Chair];
const MEMBERS: &[Who] = &[Who::Member];
const PREPARERS: &[Who] = &[Who::Clerk, Who::Chair];
/// Members, the office, the chair and the administrator (minutes, attachments).
const INSIDERS: &[Who] = &[Who::Member, Who::Clerk, Who::Chair, Who::Admin];
/// One's own request, or the chair removing it.
const WITHDRAWERS: &[Who] = &[Who::Member, Who::Chair];
/// Who sees drafts (council.md § Visibility).
const DRAFT_READERS: &[Who] = &[Who::Clerk, Who::Chair, Who::Admin];

/// The matrix's rows (`shared/spec/council.md`; where it is silent, reading a published
/// meeting's state is open to every signed-in account). An endpoint without a row fails.
fn rule(e: &Endpoint) -> Rule {
    match (e.method.as_str(), e.path) {
        ("POST", "/api/sessions") => Rule::Only(CLERK),
        ("GET", "/api/sessions") | ("GET", "/api/sessions/:id") => Rule::Viewers,
        ("PATCH", "/api/sessions/:id") | ("POST", "/api/sessions/:id/publish") => Rule::Only(CLERK),
        ("POST", "/api/sessions/:id/open") | ("POST", "/api/sessions/:id/close") => {
            Rule::Only(CHAIR)
        }
        ("POST", "/api/sessions/:id/agenda")
        | ("PATCH", "/api/sessions/:id/agenda/:item")
        | ("DELETE", "/api/sessions/:id/agenda/:item")
        | ("PUT", "/api/sessions/:id/agenda/order")
        | ("POST", "/api/sessions/:id/agenda/:item/attachments") => Rule::Only(CLERK),
        ("POST", "/api/sessions/:id/agenda/:item/current") => Rule::Only(CHAIR),
        // Attachments of a published meeting are public anyway (council.md § Meetings).
        ("GET", "/api/sessions/:id/attachments/:att") => Rule::Viewers,
        // Names with modes are the members' business; the public sees counts in `live`.
        ("GET", "/api/sessions/:id/attendance") => Rule::Only(INSIDERS),
        ("POST", "/api/sessions/:id/attendance") => Rule::Only(MEMBERS),
        ("PUT", "/api/sessions/:id/attendance/:user_id") => Rule::Only(CLERK),
        ("POST", "/api/sessions/:id/floor/requests") => Rule::Only(MEMBERS),
        ("DELETE", "/api/sessions/:id/floor/requests/:rid") => Rule::Only(WITHDRAWERS),
        ("POST", "/api/sessions/:id/floor/grant")
        | ("POST", "/api/sessions/:id/floor/end")
        | ("POST", "/api/sessions/:id/floor/extend")
        | ("PUT", "/api/sessions/:id/floor/order")
        | ("POST", "/api/sessions/:id/floor/close")
        | ("POST", "/api/sessions/:id/floor/reopen") => Rule::Only(CHAIR),
        ("POST", "/api/sessions/:id/polls") => Rule::Only(PREPARERS),
        ("GET", "/api/sessions/:id/polls") | ("GET", "/api/sessions/:id/polls/:pid") => {
            Rule::Viewers
        }
        ("POST", "/api/sessions/:id/polls/:pid/open")
        | ("POST", "/api/sessions/:id/polls/:pid/close") => Rule::Only(CHAIR),
        ("POST", "/api/sessions/:id/polls/:pid/votes") => Rule::Only(MEMBERS),
        ("GET", "/api/sessions/:id/live") => Rule::Viewers,
        ("GET", "/api/sessions/:id/minutes") => Rule::Only(INSIDERS),
        (_, path) if path.starts_with("/api/public/") => Rule::Public,
        (method, path) => panic!(
            "{method} {path} is in endpoints::COUNCIL but has no row in the authorization matrix \
             (tests/tests/council_authz.rs)"
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
    /// 404: the object is not visible to the caller (a draft), so it does not exist for them.
    Hidden,
}

/// Rows whose object is a draft meeting (publication).
fn targets_draft(e: &Endpoint) -> bool {
    e.path == "/api/sessions/:id/publish"
}

fn expected(e: &Endpoint, rule: Rule, who: Who) -> Outcome {
    let signed_in = !matches!(who, Who::Anonymous | Who::StartPassword);
    if targets_draft(e) && signed_in && !DRAFT_READERS.contains(&who) {
        return Outcome::Hidden;
    }
    match (rule, who) {
        (Rule::Public, _) => Outcome::Allowed,
        (_, Who::Anonymous) => Outcome::Unauthenticated,
        (_, Who::StartPassword) => Outcome::Forbidden,
        (Rule::Viewers, _) => Outcome::Allowed,
        (Rule::Only(whos), who) if whos.contains(&who) => Outcome::Allowed,
        (Rule::Only(_), _) => Outcome::Forbidden,
    }
}

fn outcome(status: u16) -> Outcome {
    match status {
        401 => Outcome::Unauthenticated,
        403 => Outcome::Forbidden,
        404 => Outcome::Hidden,
        _ => Outcome::Allowed,
    }
}

/// The meeting everything refers to, and its fixed objects.
struct World<'a> {
    council: &'a Council,
    member: Member,
    starter_id: String,
    /// A live meeting of `member` and the start-password account (statutory 2, member present).
    meeting: String,
    item: String,
    attachment: String,
    /// A closed poll (for the rows that read a poll).
    poll: String,
    /// Polls opened by the chair during a row, closed after it.
    opened: Vec<String>,
    /// Floor requests made for a row, removed after it.
    requests: Vec<String>,
    /// A poll closed in the `…/close` row (for the public result rows).
    closed_poll: Option<String>,
    /// A poll open for the `…/votes` row.
    vote_poll: Option<String>,
}

impl World<'_> {
    fn clerk(&self) -> &Session {
        &self.council.clerk.session
    }

    fn chair(&self) -> &Session {
        &self.council.chair.session
    }

    fn members(&self) -> Vec<String> {
        vec![self.member.id.clone(), self.starter_id.clone()]
    }

    fn fresh_draft(&self) -> String {
        let mut body = Council::meeting_body(&[], 2);
        body["member_ids"] = json!(self.members());
        let reply = self.clerk().post("/api/sessions", &body);
        str_field(&json_with(&reply, 201, "draft"), "id")
    }

    fn fresh_published(&self) -> String {
        let id = self.fresh_draft();
        self.council.publish(&id);
        id
    }

    fn fresh_live(&self) -> String {
        let id = self.fresh_published();
        expect_status(
            &self.council.check_in(&self.member, &id, "in_person"),
            200,
            "check-in",
        );
        self.council.open(&id);
        id
    }

    fn fresh_poll(&self) -> String {
        self.council
            .create_poll(&self.meeting, &format!("Głosowanie {}", unique()))
    }

    fn fresh_open_poll(&mut self) -> String {
        let pid = self.fresh_poll();
        self.council.open_poll(&self.meeting, &pid);
        pid
    }

    /// Work before a row's callers (objects every caller of the row shares).
    fn before_row(&mut self, e: &Endpoint) {
        match e.path {
            "/api/sessions/:id/polls/:pid/close" => {
                let pid = self.fresh_open_poll();
                self.closed_poll = Some(pid);
            }
            "/api/sessions/:id/polls/:pid/votes" => {
                let pid = self.fresh_open_poll();
                self.vote_poll = Some(pid);
            }
            "/api/sessions/:id/floor/end" | "/api/sessions/:id/floor/extend" => {
                let grant = self.chair().post(
                    &format!("/api/sessions/{}/floor/grant", self.meeting),
                    &json!({ "name": "Skarbnik Maria Wiśniewska" }),
                );
                assert!(matches!(grant.status, 200 | 409), "{}", grant.text());
            }
            _ => {}
        }
    }

    /// Clean-up after a row (so the next row starts from the same state).
    fn after_row(&mut self, e: &Endpoint) {
        for pid in std::mem::take(&mut self.opened) {
            let _ = self
                .chair()
                .post_empty(&format!("/api/sessions/{}/polls/{pid}/close", self.meeting));
        }
        for rid in std::mem::take(&mut self.requests) {
            let _ = self.chair().delete(&format!(
                "/api/sessions/{}/floor/requests/{rid}",
                self.meeting
            ));
        }
        if e.path == "/api/sessions/:id/floor/requests" {
            // Every member asks once at most: empty the queue for the rows after.
            let live = self
                .member
                .session
                .get_ok(&format!("/api/sessions/{}/live", self.meeting));
            for request in live["floor"]["queue"]
                .as_array()
                .cloned()
                .unwrap_or_default()
            {
                let rid = request["id"].as_str().unwrap_or_default();
                let _ = self.chair().delete(&format!(
                    "/api/sessions/{}/floor/requests/{rid}",
                    self.meeting
                ));
            }
        }
        if e.path == "/api/sessions/:id/floor/grant" {
            let _ = self
                .chair()
                .post_empty(&format!("/api/sessions/{}/floor/end", self.meeting));
        }
    }

    /// The path and JSON body of one caller's request (fresh objects where the row changes them).
    fn request(&mut self, e: &Endpoint, who: Who) -> (String, Option<Value>) {
        let n = unique();
        let mut meeting = self.meeting.clone();
        let mut item = self.item.clone();
        let mut pid = self.poll.clone();
        let mut rid = String::new();
        let body = match (e.method.as_str(), e.path) {
            ("POST", "/api/sessions") => {
                let mut body = Council::meeting_body(&[], 2);
                body["member_ids"] = json!(self.members());
                body["number"] = json!(format!("M{n}"));
                Some(body)
            }
            ("PATCH", "/api/sessions/:id") => Some(json!({ "location": format!("Sala {n}") })),
            ("POST", "/api/sessions/:id/publish") => {
                meeting = self.fresh_draft();
                None
            }
            ("POST", "/api/sessions/:id/open") => {
                meeting = self.fresh_published();
                None
            }
            ("POST", "/api/sessions/:id/close") => {
                meeting = self.fresh_live();
                None
            }
            ("POST", "/api/sessions/:id/agenda") => Some(json!({ "title": format!("Punkt {n}") })),
            ("PATCH", "/api/sessions/:id/agenda/:item") => {
                Some(json!({ "title": format!("Punkt zmieniony {n}") }))
            }
            ("DELETE", "/api/sessions/:id/agenda/:item") => {
                let reply = self.clerk().post(
                    &format!("/api/sessions/{meeting}/agenda"),
                    &json!({ "title": format!("Do usunięcia {n}") }),
                );
                item = str_field(&json_with(&reply, 201, "item"), "id");
                None
            }
            ("PUT", "/api/sessions/:id/agenda/order") => {
                let agenda =
                    self.clerk().get_ok(&format!("/api/sessions/{meeting}"))["agenda"].clone();
                let mut ids: Vec<Value> = agenda
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i["id"].clone())
                    .collect();
                ids.reverse();
                Some(json!({ "item_ids": ids }))
            }
            ("PUT", "/api/sessions/:id/attendance/:user_id") => {
                Some(json!({ "mode": "in_person" }))
            }
            ("POST", "/api/sessions/:id/attendance") => Some(json!({ "mode": "in_person" })),
            ("POST", "/api/sessions/:id/floor/requests") => Some(json!({ "kind": "normal" })),
            ("DELETE", "/api/sessions/:id/floor/requests/:rid") => {
                // One request per member and kind: the previous caller's may still be queued.
                for old in std::mem::take(&mut self.requests) {
                    let _ = self
                        .chair()
                        .delete(&format!("/api/sessions/{meeting}/floor/requests/{old}"));
                }
                let reply = self.member.session.post(
                    &format!("/api/sessions/{meeting}/floor/requests"),
                    &json!({ "kind": "normal" }),
                );
                rid = str_field(&json_with(&reply, 201, "floor request"), "id");
                self.requests.push(rid.clone());
                None
            }
            ("POST", "/api/sessions/:id/floor/grant") => {
                Some(json!({ "name": format!("Gość {n}") }))
            }
            ("POST", "/api/sessions/:id/floor/extend") => Some(json!({ "seconds": 30 })),
            ("PUT", "/api/sessions/:id/floor/order") => {
                let live = self
                    .member
                    .session
                    .get_ok(&format!("/api/sessions/{meeting}/live"));
                let ids: Vec<Value> = live["floor"]["queue"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|q| q["id"].clone())
                    .collect();
                Some(json!({ "request_ids": ids }))
            }
            ("POST", "/api/sessions/:id/polls") => Some(poll_body(&format!("Uchwała {n}"), "open")),
            ("POST", "/api/sessions/:id/polls/:pid/open") => {
                pid = self.fresh_poll();
                if who == Who::Chair {
                    self.opened.push(pid.clone());
                }
                Some(json!({}))
            }
            ("POST", "/api/sessions/:id/polls/:pid/close") => {
                pid = self.closed_poll.clone().unwrap();
                None
            }
            ("POST", "/api/sessions/:id/polls/:pid/votes") => {
                pid = self.vote_poll.clone().unwrap();
                Some(json!({ "choice": "for" }))
            }
            ("GET", p) if p.starts_with("/api/public/sessions/:id/polls/") => {
                pid = self.closed_poll.clone().unwrap_or_default();
                None
            }
            ("POST", _) => Some(json!({})),
            _ => None,
        };
        let path = e
            .path
            .replace(":user_id", &self.member.id)
            .replace(":item", &item)
            .replace(":att", &self.attachment)
            .replace(":pid", &pid)
            .replace(":rid", &rid)
            .replace(":id", &meeting);
        (path, body)
    }
}

#[test]
fn every_council_endpoint_answers_each_kind_of_caller_as_the_matrix_says() {
    for e in endpoints::COUNCIL {
        let _ = rule(e);
    }
    let council = start_council(2);
    let db = council.app.database_path();
    let member = council.councillors[0].clone();
    let non_member = council.councillors[1].clone();
    let unit = council.app.council_unit(&council.admin);
    let starter = council
        .app
        .create_user(&council.admin, &["councillor"], &unit);
    let starter_session = council.app.login(&starter.email, &starter.start_password);
    assert!(starter_session.must_change_password);
    let others = seed::seed_accounts(&db, "dyrektor", 1, &["director"])
        .unwrap()
        .into_iter()
        .chain(seed::seed_accounts(&db, "wsparcie", 1, &["support"]).unwrap())
        .collect::<Vec<_>>();
    let emails: Vec<String> = others.iter().map(|a| a.email.clone()).collect();
    let tokens = seed::login_all(&council.base(), &emails, 2).unwrap();
    let session_of = |who: Who| -> Session {
        match who {
            Who::Anonymous => council.anon(),
            Who::StartPassword => starter_session.clone(),
            Who::NonMember => non_member.session.clone(),
            Who::Member => member.session.clone(),
            Who::Director => Session::with_token(&council.base(), &tokens[0]),
            Who::Support => Session::with_token(&council.base(), &tokens[1]),
            Who::Admin => council.admin.clone(),
            Who::Clerk => council.clerk.session.clone(),
            Who::Chair => council.chair.session.clone(),
        }
    };

    let mut world = World {
        council: &council,
        member: member.clone(),
        starter_id: starter.id.clone(),
        meeting: String::new(),
        item: String::new(),
        attachment: String::new(),
        poll: String::new(),
        opened: Vec::new(),
        requests: Vec::new(),
        closed_poll: None,
        vote_poll: None,
    };
    world.meeting = world.fresh_draft();
    let id = world.meeting.clone();
    let reply = council.clerk.session.post(
        &format!("/api/sessions/{id}/agenda"),
        &json!({ "title": "Sprawy bieżące" }),
    );
    world.item = str_field(&json_with(&reply, 201, "item"), "id");
    let reply = council
        .clerk
        .session
        .request(
            "POST",
            &format!("/api/sessions/{id}/agenda/{}/attachments", world.item),
        )
        .header("content-type", "application/pdf")
        .header("x-filename", "projekt.pdf")
        .body(small_pdf())
        .send()
        .unwrap();
    world.attachment = str_field(&json_with(&reply, 201, "attachment"), "id");
    council.publish(&id);
    expect_status(
        &council.check_in(&member, &id, "in_person"),
        200,
        "check-in",
    );
    council.open(&id);
    // A counted poll for the rows that read one.
    let pid = world.fresh_open_poll();
    council.close_poll(&id, &pid);
    world.poll = pid;

    let mut wrong = Vec::new();
    let mut table = String::new();
    for e in endpoints::COUNCIL {
        let rule = rule(e);
        world.before_row(e);
        table.push_str(&format!("{:6} {:46}", e.method.as_str(), e.path));
        // Some allowed caller must succeed, or the row's request itself is wrong.
        let mut succeeded = false;
        for who in CALLERS {
            let (path, body) = world.request(e, who);
            let session = session_of(who);
            let reply = if e.path.ends_with("/attachments") && e.method.as_str() == "POST" {
                session
                    .request("POST", &path)
                    .header("content-type", "application/pdf")
                    .header("x-filename", "macierz.pdf")
                    .body(small_pdf())
                    .send()
                    .unwrap()
            } else {
                session.send(e.method.as_str(), &path, body.as_ref())
            };
            table.push_str(&format!(" {who:?}={}", reply.status));
            let want = expected(e, rule, who);
            succeeded |= want == Outcome::Allowed && (200..300).contains(&reply.status);
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
                        "{} {path} as a start-password session: code {code:?}",
                        e.method.as_str()
                    ));
                }
            }
        }
        table.push('\n');
        if !succeeded {
            wrong.push(format!(
                "{} {}: no allowed caller succeeded",
                e.method.as_str(),
                e.path
            ));
        }
        world.after_row(e);
    }
    assert!(
        wrong.is_empty(),
        "{} cell(s) of the matrix disagree:\n{}\n\nstatuses:\n{table}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn a_vote_is_only_ever_the_callers_own() {
    let council = start_council(3);
    let id = council.live_meeting(3, 3);
    let pid = council.create_poll(&id, "Uchwała w sprawie opłat");
    council.open_poll(&id, &pid);
    let (alice, bob) = (&council.councillors[0], &council.councillors[1]);

    // There is no field naming the voter: trying to name one is refused as an unknown field.
    let reply = alice.session.post(
        &format!("/api/sessions/{id}/polls/{pid}/votes"),
        &json!({ "choice": "against", "user_id": bob.id }),
    );
    assert_problem(&reply, 422, "validation_failed");
    assert!(
        reply.text().contains("user_id"),
        "the problem names the field: {}",
        reply.text()
    );
    let bob_live = bob.session.get_ok(&format!("/api/sessions/{id}/live"));
    assert_eq!(bob_live["poll"]["my_vote"]["cast"], false);
    assert_eq!(bob_live["poll"]["voted"], 0);

    // The office, the chair and the administrator are not members: no vote at all.
    for session in [
        &council.clerk.session,
        &council.chair.session,
        &council.admin,
    ] {
        let reply = cast(session, &id, &pid, "for", None);
        assert_eq!(reply.status, 403, "{}", reply.text());
    }
    // A cookie session without the CSRF header cannot vote either.
    let reply = cast(&alice.session.cookie_without_csrf(), &id, &pid, "for", None);
    assert_eq!(reply.status, 403, "{}", reply.text());
    expect_status(
        &cast(&alice.session.cookie(), &id, &pid, "for", None),
        201,
        "cookie + CSRF",
    );

    expect_status(&council.cast(bob, &id, &pid, "against"), 201, "bob");
    council.close_poll(&id, &pid);
    let result = council.result(&id, &pid);
    assert_eq!(
        result["counts"],
        json!({"for": 1, "against": 1, "abstain": 0, "not_voted": 1})
    );
}

#[test]
fn members_absent_at_opening_arriving_later_or_not_members_are_not_entitled() {
    let council = start_council(5);
    let m = &council.councillors;
    // Four members, statutory 4: two present is a quorum.
    let id = council.create_meeting(council.first(4), 4);
    council.publish(&id);
    council.check_in_all(&m[..2], &id);
    council.open(&id);
    let pid = council.create_poll(&id, "Uchwała w sprawie dotacji");
    assert_eq!(council.open_poll(&id, &pid)["entitled"], 2);

    assert_problem(&council.cast(&m[2], &id, &pid, "for"), 403, "not_entitled");
    expect_status(
        &council.check_in(&m[3], &id, "remote"),
        200,
        "late check-in",
    );
    assert_problem(&council.cast(&m[3], &id, &pid, "for"), 403, "not_entitled");
    let live = m[3].session.get_ok(&format!("/api/sessions/{id}/live"));
    assert_eq!(live["poll"]["entitled"], 2);
    let outsider = council.cast(&m[4], &id, &pid, "for");
    assert_eq!(outsider.status, 403, "{}", outsider.text());
    assert!(
        matches!(code_of(&outsider).as_str(), "not_entitled" | "not_a_member"),
        "{}",
        outsider.text()
    );
    // Non-members neither check in nor ask for the floor.
    assert_problem(
        &council.check_in(&m[4], &id, "in_person"),
        403,
        "not_a_member",
    );
    let reply = m[4].session.post(
        &format!("/api/sessions/{id}/floor/requests"),
        &json!({ "kind": "normal" }),
    );
    assert_problem(&reply, 403, "not_a_member");

    expect_status(&council.cast(&m[0], &id, &pid, "for"), 201, "entitled");
    council.close_poll(&id, &pid);
    let result = council.result(&id, &pid);
    assert_eq!(result["entitled"], 2);
    let named: Vec<&str> = result["named_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["user_id"].as_str().unwrap())
        .collect();
    assert_eq!(named.len(), 2);
    assert!(named.contains(&m[0].id.as_str()) && named.contains(&m[1].id.as_str()));
}

#[test]
fn a_named_chair_runs_the_meeting_and_ordinary_councillors_do_not() {
    let council = start_council(3);
    let m = &council.councillors;
    let mut body = Council::meeting_body(council.first(3), 3);
    body["chair_id"] = json!(m[0].id);
    let reply = council.clerk.session.post("/api/sessions", &body);
    let id = str_field(&json_with(&reply, 201, "meeting with a named chair"), "id");
    council.publish(&id);
    council.check_in_all(council.first(3), &id);
    let open = format!("/api/sessions/{id}/open");
    assert_eq!(m[1].session.post_empty(&open).status, 403);
    assert_eq!(council.clerk.session.post_empty(&open).status, 403);
    expect_status(
        &m[0].session.post_empty(&open),
        200,
        "the named chair opens",
    );
    let pid = council.create_poll(&id, "Przyjęcie porządku obrad");
    let poll_open = format!("/api/sessions/{id}/polls/{pid}/open");
    assert_eq!(m[1].session.post(&poll_open, &json!({})).status, 403);
    assert_eq!(
        council.clerk.session.post(&poll_open, &json!({})).status,
        403
    );
    expect_status(
        &m[0].session.post(&poll_open, &json!({})),
        200,
        "the named chair opens a poll",
    );
    // The chair is a member too and votes like everyone else.
    expect_status(
        &council.cast(&m[0], &id, &pid, "for"),
        201,
        "the chair votes",
    );
    let grant = format!("/api/sessions/{id}/floor/grant");
    assert_eq!(
        m[1].session.post(&grant, &json!({ "name": "Gość" })).status,
        403
    );
}

#[test]
fn public_answers_show_nothing_personal_beyond_the_named_list() {
    let council = start_council(0);
    let unit = council.app.council_unit(&council.admin);
    let mut members = Vec::new();
    let mut secrets = Vec::new();
    for _ in 0..3 {
        let (user, session) = council
            .app
            .active_user(&council.admin, &["councillor"], &unit);
        secrets.push(user.email.clone());
        secrets.push(user.phone_digits());
        members.push(Member {
            id: user.id.clone(),
            name: format!(
                "{} {}",
                user.view["first_name"].as_str().unwrap(),
                user.view["last_name"].as_str().unwrap()
            ),
            email: user.email.clone(),
            session,
        });
    }
    let draft = council.create_meeting(&members, 3);
    let id = council.create_meeting(&members, 3);
    council.publish(&id);
    council.check_in_all(&members, &id);
    council.open(&id);
    let pid = council.create_poll(&id, "Uchwała jawna");
    council.open_poll(&id, &pid);
    for m in &members {
        expect_status(&council.cast(m, &id, &pid, "for"), 201, "vote");
    }
    council.close_poll(&id, &pid);

    let anon = council.anon();
    for path in [
        format!("/api/public/sessions/{draft}"),
        format!("/api/public/sessions/{draft}/live"),
    ] {
        assert_eq!(
            anon.get(&path).status,
            404,
            "drafts do not exist publicly: {path}"
        );
    }
    let mut texts = Vec::new();
    for path in [
        "/api/public/sessions".to_owned(),
        format!("/api/public/sessions/{id}"),
        format!("/api/public/sessions/{id}/live"),
        format!("/api/public/sessions/{id}/polls/{pid}"),
        format!("/api/public/sessions/{id}/polls/{pid}.csv"),
        format!("/api/public/sessions/{id}/polls/{pid}.html"),
    ] {
        let reply = anon.get(&path);
        expect_status(&reply, 200, &path);
        assert!(!reply.text().contains(&draft), "{path} mentions the draft");
        texts.push((path, reply.text()));
    }
    for (path, text) in &texts {
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "{path} shows {secret}");
        }
        assert!(
            !text.contains("@ratusz.test"),
            "{path} shows an e-mail address"
        );
        assert!(
            !text.contains("video_url") && !text.contains("meet.jit.si"),
            "{path} shows the video room"
        );
    }
    // The named list is public by law (art. 14 ust. 4 u.s.g.): names and choices are there.
    let result = &texts[3].1;
    for m in &members {
        assert!(result.contains(&m.name), "the named list names {}", m.name);
    }
}

#[test]
fn a_superseded_session_cannot_vote() {
    let council = start_council(2);
    let id = council.live_meeting(2, 2);
    let pid = council.create_poll(&id, "Uchwała w sprawie planu");
    council.open_poll(&id, &pid);
    let old = council.councillors[0].clone();
    let new = old.relogin(&council.app);
    assert_problem(
        &council.cast(&old, &id, &pid, "for"),
        401,
        "session_superseded",
    );
    let live = new.session.get_ok(&format!("/api/sessions/{id}/live"));
    assert_eq!(
        live["poll"]["my_vote"]["cast"], false,
        "the refused vote left no trace"
    );
    expect_status(
        &council.cast(&new, &id, &pid, "against"),
        201,
        "the new session votes",
    );
    assert_problem(
        &cast(&old.session, &id, &pid, "for", Some("retry-1")),
        401,
        "session_superseded",
    );
    council.close_poll(&id, &pid);
    let result = council.result(&id, &pid);
    assert_eq!(
        result["counts"],
        json!({"for": 0, "against": 1, "abstain": 0, "not_voted": 1})
    );
}
