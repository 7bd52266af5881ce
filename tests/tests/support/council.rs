//! Council end-to-end helpers: the real app with a clerk, a chair and any number of councillors
//! (seeded, then signed in through the API — see `ratusz_tests::seed` for why seeding is fine
//! here), and short-hands for the meeting, poll and vote calls the suites repeat.

use super::accounts::*;
use ratusz_tests::seed::{self, SeededAccount};
use ratusz_tests::{CaptureServer, HostBuilder, HttpReply};
use serde_json::{json, Value};
use std::sync::{Arc, Barrier};

/// A signed-in account of the council suites.
#[derive(Debug, Clone)]
pub struct Member {
    /// Account id.
    pub id: String,
    /// "First Last".
    pub name: String,
    /// Login e-mail.
    pub email: String,
    /// Its bearer session.
    pub session: Session,
}

impl Member {
    fn from_seed(base: &str, account: &SeededAccount, token: &str) -> Self {
        let mut session = Session::with_token(base, token);
        session.user = json!({ "id": account.id, "email": account.email });
        Self {
            id: account.id.clone(),
            name: account.name.clone(),
            email: account.email.clone(),
            session,
        }
    }

    /// Signs in again (the new session supersedes the old one) and returns the new member.
    pub fn relogin(&self, app: &App) -> Member {
        let session = app.login(&self.email, seed::SEEDED_PASSWORD);
        Member {
            session,
            ..self.clone()
        }
    }
}

/// The app with the people a council meeting needs.
#[derive(Debug)]
pub struct Council {
    /// The app (host, gateway).
    pub app: App,
    /// The bootstrap administrator.
    pub admin: Session,
    /// An account with the `clerk` role (biuro rady).
    pub clerk: Member,
    /// An account with the `chair` role (przewodniczący), not a member of the meetings.
    pub chair: Member,
    /// Councillors (`councillor` role), in seeding order.
    pub councillors: Vec<Member>,
}

/// Starts the app and prepares a clerk, a chair and `councillors` councillors.
pub fn start_council(councillors: usize) -> Council {
    start_council_with(councillors, &[])
}

/// [`start_council`] with extra host variables (e.g. `tick_token`).
pub fn start_council_with(councillors: usize, variables: &[(&str, &str)]) -> Council {
    start_council_on(councillors, variables, |builder| builder)
}

/// [`start_council_with`] on a host `host` adjusts (e.g. a runtime config with Redis for KV).
pub fn start_council_on(
    councillors: usize,
    variables: &[(&str, &str)],
    host: impl FnOnce(HostBuilder) -> HostBuilder,
) -> Council {
    let gateway = CaptureServer::start().expect("the capture gateway starts");
    let mut builder = host(super::app_host())
        .variable("bootstrap_admin_email", ADMIN_EMAIL)
        // Every login of the suite comes from 127.0.0.1.
        .variable("throttle_per_address", "100000000")
        .gateways(&gateway)
        .test_clock();
    for (name, value) in variables {
        builder = builder.variable(name, value);
    }
    let host = builder
        .start()
        .expect("the app starts (run `cargo xtask build` first)");
    let app = App { host, gateway };
    let admin = app.bootstrap_admin();
    let db = app.database_path();
    let mut accounts = seed::seed_accounts(&db, "urzednik", 1, &["clerk"]).expect("seed clerk");
    accounts.extend(seed::seed_accounts(&db, "przewodniczacy", 1, &["chair"]).expect("seed chair"));
    accounts.extend(
        seed::seed_accounts(&db, "radny", councillors, &["councillor"]).expect("seed councillors"),
    );
    let emails: Vec<String> = accounts.iter().map(|a| a.email.clone()).collect();
    let tokens = seed::login_all(&app.base(), &emails, 4).expect("seeded accounts sign in");
    let base = app.base();
    let mut members: Vec<Member> = accounts
        .iter()
        .zip(&tokens)
        .map(|(a, t)| Member::from_seed(&base, a, t))
        .collect();
    let rest = members.split_off(2);
    let chair = members.pop().expect("the chair");
    let clerk = members.pop().expect("the clerk");
    Council {
        app,
        admin,
        clerk,
        chair,
        councillors: rest,
    }
}

/// A simple majority of the votes cast (`więcej za niż przeciw`).
pub fn simple_majority() -> Value {
    json!({ "rule": "simple", "base": "cast" })
}

/// A poll body with the default options.
pub fn poll_body(title: &str, kind: &str) -> Value {
    json!({ "title": title, "kind": kind, "majority": simple_majority() })
}

/// A small but well-formed PDF.
pub fn small_pdf() -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n".to_vec();
    pdf.extend_from_slice(b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n");
    pdf.extend_from_slice(b"trailer << /Root 1 0 R >>\n%%EOF\n");
    pdf
}

/// Asserts `reply.status == status`, quoting the body.
#[track_caller]
pub fn expect_status(reply: &HttpReply, status: u16, what: &str) {
    assert_eq!(reply.status, status, "{what}: {}", reply.text());
}

/// `Accept`-less JSON of a reply with `status`.
#[track_caller]
pub fn json_with(reply: &HttpReply, status: u16, what: &str) -> Value {
    expect_status(reply, status, what);
    json_of(reply)
}

impl Council {
    /// `http://ADDR`.
    pub fn base(&self) -> String {
        self.app.base()
    }

    /// An anonymous client.
    pub fn anon(&self) -> Session {
        self.app.anon()
    }

    /// The first `n` councillors.
    pub fn first(&self, n: usize) -> &[Member] {
        &self.councillors[..n]
    }

    /// Ids of `members`.
    pub fn ids(members: &[Member]) -> Vec<String> {
        members.iter().map(|m| m.id.clone()).collect()
    }

    /// The body of a meeting of `members` with `statutory` seats.
    pub fn meeting_body(members: &[Member], statutory: usize) -> Value {
        json!({
            "title": "Sesja Rady Miasta Ratuszowo",
            "number": "XII",
            "kind": "session",
            "starts_at": "2026-11-24T10:00:00Z",
            "location": "Sala obrad, ul. Rynek 1",
            "video_url": "https://meet.jit.si/ratusz-sesja-xii",
            "statutory_members": statutory,
            "member_ids": Self::ids(members),
        })
    }

    /// The clerk creates a meeting of `members` with `statutory` seats (201, draft); its id.
    pub fn create_meeting(&self, members: &[Member], statutory: usize) -> String {
        let reply = self
            .clerk
            .session
            .post("/api/sessions", &Self::meeting_body(members, statutory));
        let meeting = json_with(&reply, 201, "creating a meeting");
        assert_eq!(meeting["state"], "draft", "{meeting}");
        str_field(&meeting, "id")
    }

    /// The clerk publishes it (200).
    pub fn publish(&self, id: &str) {
        let reply = self
            .clerk
            .session
            .post_empty(&format!("/api/sessions/{id}/publish"));
        let meeting = json_with(&reply, 200, "publishing");
        assert_eq!(meeting["state"], "published", "{meeting}");
    }

    /// The chair opens it (200, live).
    pub fn open(&self, id: &str) {
        let reply = self
            .chair
            .session
            .post_empty(&format!("/api/sessions/{id}/open"));
        let meeting = json_with(&reply, 200, "opening the meeting");
        assert_eq!(meeting["state"], "live", "{meeting}");
    }

    /// A member checks in (raw reply).
    pub fn check_in(&self, member: &Member, id: &str, mode: &str) -> HttpReply {
        member.session.post(
            &format!("/api/sessions/{id}/attendance"),
            &json!({ "mode": mode }),
        )
    }

    /// Every one of `members` checks in in person, from parallel threads (200 each).
    pub fn check_in_all(&self, members: &[Member], id: &str) {
        let replies = in_parallel(members, |m| self.check_in(m, id, "in_person"));
        for (m, reply) in members.iter().zip(replies) {
            expect_status(&reply, 200, &format!("check-in of {}", m.name));
        }
    }

    /// A published, live meeting of the first `members` councillors (statutory = `members`)
    /// with the first `present` of them checked in; its id.
    pub fn live_meeting(&self, members: usize, present: usize) -> String {
        let id = self.create_meeting(self.first(members), members);
        self.publish(&id);
        self.check_in_all(self.first(present), &id);
        self.open(&id);
        id
    }

    /// Someone (clerk or chair) prepares a poll (201, draft); its id.
    pub fn create_poll_as(&self, who: &Session, id: &str, body: &Value) -> String {
        let reply = who.post(&format!("/api/sessions/{id}/polls"), body);
        let poll = json_with(&reply, 201, "creating a poll");
        assert_eq!(poll["state"], "draft", "{poll}");
        str_field(&poll, "id")
    }

    /// The clerk prepares an open simple-majority poll; its id.
    pub fn create_poll(&self, id: &str, title: &str) -> String {
        self.create_poll_as(&self.clerk.session, id, &poll_body(title, "open"))
    }

    /// The chair opens a poll (raw reply).
    pub fn open_poll_reply(&self, id: &str, pid: &str, body: &Value) -> HttpReply {
        self.chair
            .session
            .post(&format!("/api/sessions/{id}/polls/{pid}/open"), body)
    }

    /// The chair opens a poll (200); the poll.
    pub fn open_poll(&self, id: &str, pid: &str) -> Value {
        let poll = json_with(
            &self.open_poll_reply(id, pid, &json!({})),
            200,
            "opening a poll",
        );
        assert_eq!(poll["state"], "open", "{poll}");
        poll
    }

    /// The chair closes a poll (200); the answer (the closed poll or its result).
    pub fn close_poll(&self, id: &str, pid: &str) -> Value {
        let reply = self
            .chair
            .session
            .post_empty(&format!("/api/sessions/{id}/polls/{pid}/close"));
        let poll = json_with(&reply, 200, "closing a poll");
        assert!(
            poll["state"] == "closed" || poll["counts"].is_object(),
            "closing answers the closed poll or its result: {poll}"
        );
        assert_eq!(poll["id"], pid, "{poll}");
        poll
    }

    /// `member` casts `choice` (raw reply).
    pub fn cast(&self, member: &Member, id: &str, pid: &str, choice: &str) -> HttpReply {
        cast(&member.session, id, pid, choice, None)
    }

    /// The public result of a closed poll (200).
    pub fn result(&self, id: &str, pid: &str) -> Value {
        self.anon()
            .get_ok(&format!("/api/public/sessions/{id}/polls/{pid}"))
    }

    /// `GET /api/audit/verify` as the administrator.
    pub fn audit_verify(&self) -> Value {
        self.admin.get_ok("/api/audit/verify")
    }

    /// Asserts the audit chain verifies.
    #[track_caller]
    pub fn assert_audit_valid(&self) {
        let verify = self.audit_verify();
        assert_eq!(verify["valid"], true, "audit chain: {verify}");
    }
}

/// `POST …/votes` `{choice}` with an optional `Idempotency-Key`.
pub fn cast(session: &Session, id: &str, pid: &str, choice: &str, key: Option<&str>) -> HttpReply {
    let mut request = session.request("POST", &format!("/api/sessions/{id}/polls/{pid}/votes"));
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    request
        .json(&json!({ "choice": choice }))
        .send()
        .unwrap_or_else(|e| panic!("casting: {e:#}"))
}

/// Casts as a councillor does when the tablet says the vote did not go through: a 503 `busy`
/// (the database stayed locked past the component's retry budget; nothing was recorded)
/// leaves the ballot on "retry", which sends the same attempt (the same `Idempotency-Key`,
/// so it cannot count twice); the councillor presses it after the pause the server asked
/// for, at most three times. The last answer, and how many 503s were ridden out — each must
/// have carried `Retry-After`.
pub fn cast_as_the_tablet(
    session: &Session,
    id: &str,
    pid: &str,
    choice: &str,
    key: &str,
) -> (HttpReply, u32) {
    const PRESSES_AGAIN: u32 = 3;
    let mut retries = 0;
    loop {
        let reply = cast(session, id, pid, choice, Some(key));
        let problem = reply.json().unwrap_or(Value::Null);
        let busy = reply.status == 503 && problem["code"] == "busy";
        if !busy || retries == PRESSES_AGAIN {
            return (reply, retries);
        }
        let retry_after: u64 = reply
            .header("retry-after")
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("a 503 busy without Retry-After: {}", reply.text()));
        retries += 1;
        std::thread::sleep(std::time::Duration::from_secs(retry_after.clamp(1, 5)));
    }
}

/// Runs `f` for every item on its own thread, all released together by a barrier; the results
/// in the order of `items`.
pub fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let barrier = Arc::new(Barrier::new(items.len().max(1)));
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .iter()
            .map(|item| {
                let barrier = Arc::clone(&barrier);
                let f = &f;
                scope.spawn(move || {
                    barrier.wait();
                    f(item)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a parallel worker panicked"))
            .collect()
    })
}

/// Whether `s` is a receipt: at least 8 characters of Crockford base32.
pub fn is_receipt(s: &str) -> bool {
    s.len() >= 8
        && s.bytes()
            .all(|c| b"0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(&c))
}

/// Whether `s` is lowercase hex SHA-256.
pub fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
}
