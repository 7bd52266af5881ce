//! Accounts end-to-end helpers: the real app with a capture gateway for e-mail and SMS and a test
//! clock, the bootstrap administrator, accounts created through the API, and sessions that talk
//! to the app with a bearer token (or a cookie, for the CSRF tests).

use ratusz_tests::{CaptureServer, HostProcess, HttpReply, RequestBuilder};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The bootstrap administrator's login in every accounts test.
pub const ADMIN_EMAIL: &str = "admin@ratusz.test";
/// The administrator's password after the forced change.
pub const ADMIN_PASSWORD: &str = "Zielony-Ratusz-2026-Sesja!";
/// A strong password accounts get after their forced change.
pub const STRONG_PASSWORD: &str = "Modry-Kasztan-Nad-Wisla-1977";
/// Another strong password (for second changes, claims, letters).
pub const OTHER_PASSWORD: &str = "Szeroka-Rzeka-Pod-Mostem-4821";
/// A password that is never right.
pub const WRONG_PASSWORD: &str = "Zupelnie-Inne-Haslo-0000";
/// Capture paths of the gateways.
pub const EMAIL_PATH: &str = "/email";
/// Capture path of the SMS gateway.
pub const SMS_PATH: &str = "/sms";
/// Name of the session cookie.
pub const COOKIE_NAME: &str = "ratusz_session";
/// How long to wait for a message to reach the capture gateway.
pub const MESSAGE_TIMEOUT: Duration = Duration::from_secs(15);

/// Seconds in a minute, an hour, a day (for `advance_clock`).
pub const MINUTE: i64 = 60;
/// Seconds in an hour.
pub const HOUR: i64 = 3600;
/// Seconds in a day.
pub const DAY: i64 = 86_400;

static COUNTER: AtomicUsize = AtomicUsize::new(1);

/// A number unique within this test binary (for e-mails and names).
pub fn unique() -> usize {
    COUNTER.fetch_add(1, Ordering::SeqCst)
}

/// The real app on its own host, with a capture gateway and a test clock.
#[derive(Debug)]
pub struct App {
    /// The host.
    pub host: HostProcess,
    /// The e-mail and SMS gateway.
    pub gateway: CaptureServer,
}

/// Starts the app with the defaults (bootstrap admin [`ADMIN_EMAIL`]).
pub fn start() -> App {
    start_with(&[])
}

/// Starts the app with extra variables (`lockout_threshold`, `throttle_per_address`, …).
pub fn start_with(variables: &[(&str, &str)]) -> App {
    let gateway = CaptureServer::start().expect("the capture gateway starts");
    let mut builder = super::app_host()
        .variable("bootstrap_admin_email", ADMIN_EMAIL)
        .gateways(&gateway)
        .test_clock();
    for (name, value) in variables {
        builder = builder.variable(name, value);
    }
    let host = builder
        .start()
        .expect("the app starts (run `cargo xtask build` first)");
    App { host, gateway }
}

impl App {
    /// `http://ADDR`.
    pub fn base(&self) -> String {
        self.host.base_url()
    }

    /// An anonymous client.
    pub fn anon(&self) -> Session {
        Session::anonymous(&self.base())
    }

    /// Moves the wall clock the components see by `seconds`.
    pub fn advance_clock(&self, seconds: i64) {
        self.host
            .advance_clock(seconds)
            .expect("the test clock moves");
    }

    /// `POST /api/auth/login`, the raw reply.
    pub fn login_reply(&self, email: &str, password: &str) -> HttpReply {
        login_reply(&self.base(), email, password)
    }

    /// Logs in and expects 200; the session (which may be a start-password session).
    pub fn login(&self, email: &str, password: &str) -> Session {
        let reply = self.login_reply(email, password);
        assert_eq!(
            reply.status,
            200,
            "login of {email} failed: {}",
            reply.text()
        );
        Session::from_login(&self.base(), &reply)
    }

    /// Every e-mail the gateway received, as JSON bodies, oldest first.
    pub fn emails(&self) -> Vec<Value> {
        self.captured(EMAIL_PATH)
    }

    /// Every SMS the gateway received, as JSON bodies, oldest first.
    pub fn sms(&self) -> Vec<Value> {
        self.captured(SMS_PATH)
    }

    fn captured(&self, path: &str) -> Vec<Value> {
        self.gateway
            .requests()
            .into_iter()
            .filter(|r| r.path == path)
            .filter_map(|r| r.json().ok())
            .collect()
    }

    /// E-mails sent to `to` (compared case-insensitively), oldest first.
    pub fn emails_to(&self, to: &str) -> Vec<Value> {
        self.emails()
            .into_iter()
            .filter(|m| {
                m["to"]
                    .as_str()
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case(to.trim()))
            })
            .collect()
    }

    /// Waits until at least `count` e-mails went to `to`; returns them all.
    pub fn wait_emails_to(&self, to: &str, count: usize) -> Vec<Value> {
        ratusz_tests::wait_until(
            &format!("{count} e-mail(s) to {to}"),
            MESSAGE_TIMEOUT,
            || {
                let mails = self.emails_to(to);
                (mails.len() >= count).then_some(mails)
            },
        )
        .unwrap_or_else(|e| panic!("{e}; e-mails so far: {:#?}", self.emails()))
    }

    /// Waits for an e-mail to `to` whose text satisfies `matches`, among those after the first
    /// `skip` e-mails to `to`.
    pub fn wait_email_matching(
        &self,
        to: &str,
        skip: usize,
        matches: impl Fn(&str) -> bool,
    ) -> Value {
        ratusz_tests::wait_until(
            &format!("a matching e-mail to {to}"),
            MESSAGE_TIMEOUT,
            || {
                self.emails_to(to)
                    .into_iter()
                    .skip(skip)
                    .find(|m| matches(&email_text(m)))
            },
        )
        .unwrap_or_else(|e| panic!("{e}; e-mails so far: {:#?}", self.emails()))
    }

    /// Waits for the (next) start-password e-mail to `to` and returns the password.
    pub fn wait_start_password(&self, to: &str, skip: usize) -> String {
        let mail = self.wait_email_matching(to, skip, |t| start_password_in(t).is_some());
        start_password_in(&email_text(&mail)).expect("the e-mail holds a start password")
    }

    /// Waits for an SMS to a phone whose digits end with `phone_digits`, after the first `skip`.
    pub fn wait_sms_to(&self, phone_digits: &str, skip: usize) -> Value {
        ratusz_tests::wait_until(
            &format!("an SMS to …{phone_digits}"),
            MESSAGE_TIMEOUT,
            || {
                self.sms()
                    .into_iter()
                    .filter(|m| digits(m["to"].as_str().unwrap_or("")).ends_with(phone_digits))
                    .nth(skip)
            },
        )
        .unwrap_or_else(|e| panic!("{e}; SMS so far: {:#?}", self.sms()))
    }

    /// Requests an `email_sms` reset of `user` on the public form, approves it as `staff` and
    /// returns the claim's two halves (the link token from the e-mail, the code from the SMS).
    pub fn approved_claim(&self, staff: &Session, user: &NewUser) -> (String, String) {
        let mails = self.emails_to(&user.email).len();
        let sms = self
            .sms()
            .iter()
            .filter(|m| digits(m["to"].as_str().unwrap_or("")).ends_with(&user.phone_digits()))
            .count();
        let reply = self.anon().post(
            "/api/password-resets",
            &json!({ "email": user.email, "reason": "Zgubiłem hasło", "delivery": "email_sms" }),
        );
        assert_eq!(reply.status, 202, "{}", reply.text());
        let queue = staff.get_ok("/api/password-resets?status=pending&limit=500");
        let id = queue["items"]
            .as_array()
            .and_then(|items| items.iter().find(|r| r["user_id"] == user.id.as_str()))
            .map(|r| str_field(r, "id"))
            .unwrap_or_else(|| panic!("a pending request for {}: {queue}", user.id));
        let reply = staff.post_empty(&format!("/api/password-resets/{id}/approve"));
        assert_eq!(reply.status, 200, "approve: {}", reply.text());
        let mail = self.wait_email_matching(&user.email, mails, |t| link_token_in(t).is_some());
        let token = link_token_in(&email_text(&mail)).expect("a link token");
        let sms = self.wait_sms_to(&user.phone_digits(), sms);
        let code = sms_code_in(sms["text"].as_str().unwrap_or("")).expect("an SMS code");
        (token, code)
    }

    /// Triggers the bootstrap, changes the start password to [`ADMIN_PASSWORD`] and returns the
    /// administrator's session.
    pub fn bootstrap_admin(&self) -> Session {
        let health = self.anon().get("/api/health");
        assert_eq!(health.status, 200, "{}", health.text());
        let start = self.wait_start_password(ADMIN_EMAIL, 0);
        let session = self.login(ADMIN_EMAIL, &start);
        assert!(
            session.must_change_password,
            "the bootstrap admin has a start password"
        );
        session.change_password_ok(&start, ADMIN_PASSWORD)
    }

    /// A fresh administrator session (after [`App::bootstrap_admin`]); supersedes the previous
    /// one. Use after moving the clock past the idle timeout.
    pub fn admin(&self) -> Session {
        self.login(ADMIN_EMAIL, ADMIN_PASSWORD)
    }

    /// The council unit created by the bootstrap.
    pub fn council_unit(&self, admin: &Session) -> String {
        let page = admin.get_ok("/api/units?limit=500");
        page["items"]
            .as_array()
            .expect("a page of units")
            .iter()
            .find(|u| u["kind"] == "council")
            .and_then(|u| u["id"].as_str())
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("no council unit after bootstrap: {page}"))
    }

    /// Creates a unit; its id.
    pub fn create_unit(&self, admin: &Session, name: &str, kind: &str) -> String {
        let reply = admin.post("/api/units", &json!({ "name": name, "kind": kind }));
        assert_eq!(reply.status, 201, "creating unit {name}: {}", reply.text());
        str_field(&json_of(&reply), "id")
    }

    /// Admin creates an account with `roles` in `unit`; waits for its start password.
    pub fn create_user(&self, admin: &Session, roles: &[&str], unit: &str) -> NewUser {
        let n = unique();
        let role = roles.first().copied().unwrap_or("user");
        let email = format!("{role}.{n}@ratusz.test");
        let phone = format!("+48600{n:06}");
        self.create_user_with(
            admin,
            &json!({
                "first_name": "Anna",
                "last_name": format!("Kowalska{n}"),
                "email": email,
                "phone": phone,
                "unit_id": unit,
                "roles": roles,
            }),
        )
    }

    /// Admin creates an account from a full `CreateUser` body; waits for its start password.
    pub fn create_user_with(&self, admin: &Session, body: &Value) -> NewUser {
        let reply = admin.post("/api/users", body);
        assert_eq!(reply.status, 201, "creating {body}: {}", reply.text());
        let view = json_of(&reply);
        let email = str_field(&view, "email");
        let start_password = self.wait_start_password(&email, 0);
        NewUser {
            id: str_field(&view, "id"),
            email,
            phone: body["phone"].as_str().map(str::to_owned),
            start_password,
            view,
        }
    }

    /// Creates an account, logs in with the start password and changes it to
    /// [`STRONG_PASSWORD`]; the account and its normal session.
    pub fn active_user(&self, admin: &Session, roles: &[&str], unit: &str) -> (NewUser, Session) {
        let user = self.create_user(admin, roles, unit);
        let session = self.login(&user.email, &user.start_password);
        let session = session.change_password_ok(&user.start_password, STRONG_PASSWORD);
        (user, session)
    }

    /// The whole audit chain (paged through as `admin`), oldest first.
    pub fn audit(&self, admin: &Session) -> Vec<Value> {
        let mut out = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                Some(c) => format!("/api/audit?limit=500&cursor={}", url_encode(c)),
                None => "/api/audit?limit=500".to_owned(),
            };
            let page = admin.get_ok(&path);
            out.extend(page["items"].as_array().cloned().unwrap_or_default());
            match page["next_cursor"].as_str() {
                Some(c) if !c.is_empty() => cursor = Some(c.to_owned()),
                _ => break,
            }
        }
        out.sort_by_key(|e| e["seq"].as_u64().unwrap_or(0));
        out
    }

    /// The path of the SQLite database the host uses (`<state-dir>/sqlite_db.db`).
    pub fn database_path(&self) -> std::path::PathBuf {
        self.host.state_dir().join("sqlite_db.db")
    }
}

/// An account created by the tests.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Account id.
    pub id: String,
    /// Login e-mail (as the API normalised it).
    pub email: String,
    /// Registered phone.
    pub phone: Option<String>,
    /// The start password from the e-mail.
    pub start_password: String,
    /// The `UserView` returned by `POST /api/users`.
    pub view: Value,
}

impl NewUser {
    /// The last 9 digits of the phone (how SMS are matched).
    pub fn phone_digits(&self) -> String {
        let d = digits(self.phone.as_deref().unwrap_or(""));
        d[d.len().saturating_sub(9)..].to_owned()
    }
}

/// How a session authenticates its requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMode {
    /// No credentials.
    Anonymous,
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Cookie: ratusz_session=<token>` plus `X-Ratusz-CSRF: 1` on state changes.
    Cookie,
    /// The cookie without the CSRF header.
    CookieWithoutCsrf,
}

/// A client of the app, with or without a session.
#[derive(Debug, Clone)]
pub struct Session {
    base: String,
    /// The session token (empty for anonymous).
    pub token: String,
    /// How requests carry it.
    pub mode: AuthMode,
    /// `must_change_password` from the login.
    pub must_change_password: bool,
    /// The `user` from the login (Null for anonymous).
    pub user: Value,
}

impl Session {
    /// A client without credentials.
    pub fn anonymous(base: &str) -> Self {
        Self {
            base: base.to_owned(),
            token: String::new(),
            mode: AuthMode::Anonymous,
            must_change_password: false,
            user: Value::Null,
        }
    }

    /// A bearer session with `token`.
    pub fn with_token(base: &str, token: &str) -> Self {
        Self {
            base: base.to_owned(),
            token: token.to_owned(),
            mode: AuthMode::Bearer,
            must_change_password: false,
            user: Value::Null,
        }
    }

    /// The session of a 200 login reply.
    pub fn from_login(base: &str, reply: &HttpReply) -> Self {
        let body = json_of(reply);
        Self {
            base: base.to_owned(),
            token: str_field(&body, "token"),
            mode: AuthMode::Bearer,
            must_change_password: body["must_change_password"].as_bool().unwrap_or(false),
            user: body["user"].clone(),
        }
    }

    /// The same session carried by the cookie (with the CSRF header on state changes).
    pub fn cookie(&self) -> Self {
        Self {
            mode: AuthMode::Cookie,
            ..self.clone()
        }
    }

    /// The same session carried by the cookie, never sending the CSRF header.
    pub fn cookie_without_csrf(&self) -> Self {
        Self {
            mode: AuthMode::CookieWithoutCsrf,
            ..self.clone()
        }
    }

    /// The same credentials with another token.
    pub fn with_other_token(&self, token: &str) -> Self {
        Self {
            token: token.to_owned(),
            ..self.clone()
        }
    }

    /// The account id (from the login).
    pub fn user_id(&self) -> String {
        str_field(&self.user, "id")
    }

    /// The base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// A request carrying this session's credentials.
    pub fn request(&self, method: &str, path: &str) -> RequestBuilder {
        let mut request = RequestBuilder::new(method, format!("{}{path}", self.base));
        match self.mode {
            AuthMode::Anonymous => {}
            AuthMode::Bearer => {
                request = request.header("authorization", &format!("Bearer {}", self.token));
            }
            AuthMode::Cookie | AuthMode::CookieWithoutCsrf => {
                request = request.header("cookie", &format!("{COOKIE_NAME}={}", self.token));
                if self.mode == AuthMode::Cookie && method != "GET" && method != "HEAD" {
                    request = request.header("x-ratusz-csrf", "1");
                }
            }
        }
        request
    }

    /// Sends `method path` with an optional JSON body.
    pub fn send(&self, method: &str, path: &str, body: Option<&Value>) -> HttpReply {
        let mut request = self.request(method, path);
        if let Some(body) = body {
            request = request.json(body);
        }
        request
            .send()
            .unwrap_or_else(|e| panic!("{method} {path}: {e:#}"))
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> HttpReply {
        self.send("GET", path, None)
    }

    /// `GET path`, expecting 200 JSON.
    pub fn get_ok(&self, path: &str) -> Value {
        let reply = self.get(path);
        assert_eq!(reply.status, 200, "GET {path}: {}", reply.text());
        json_of(&reply)
    }

    /// `POST path` with a JSON body.
    pub fn post(&self, path: &str, body: &Value) -> HttpReply {
        self.send("POST", path, Some(body))
    }

    /// `POST path` without a body.
    pub fn post_empty(&self, path: &str) -> HttpReply {
        self.send("POST", path, None)
    }

    /// `PATCH path` with a JSON body.
    pub fn patch(&self, path: &str, body: &Value) -> HttpReply {
        self.send("PATCH", path, Some(body))
    }

    /// `DELETE path`.
    pub fn delete(&self, path: &str) -> HttpReply {
        self.send("DELETE", path, None)
    }

    /// `POST /api/auth/password`, the raw reply.
    pub fn change_password(&self, current: &str, new: &str) -> HttpReply {
        self.post(
            "/api/auth/password",
            &json!({ "current_password": current, "new_password": new }),
        )
    }

    /// Changes the password (expects 200) and returns the new session.
    pub fn change_password_ok(&self, current: &str, new: &str) -> Session {
        let reply = self.change_password(current, new);
        assert_eq!(reply.status, 200, "password change: {}", reply.text());
        let token = str_field(&json_of(&reply), "token");
        Session {
            token,
            must_change_password: false,
            ..self.clone()
        }
    }

    /// `GET /api/auth/me`, the raw reply.
    pub fn me(&self) -> HttpReply {
        self.get("/api/auth/me")
    }
}

/// `POST /api/auth/login` from a fresh client.
pub fn login_reply(base: &str, email: &str, password: &str) -> HttpReply {
    Session::anonymous(base).post(
        "/api/auth/login",
        &json!({ "email": email, "password": password }),
    )
}

/// The body as JSON, or a panic quoting it.
pub fn json_of(reply: &HttpReply) -> Value {
    reply
        .json()
        .unwrap_or_else(|e| panic!("status {}: {e:#}", reply.status))
}

/// A string field of a JSON object, or a panic quoting the object.
pub fn str_field(value: &Value, field: &str) -> String {
    value[field]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no string `{field}` in {value}"))
}

/// The problem `code` of an error reply (empty when there is none).
pub fn code_of(reply: &HttpReply) -> String {
    reply
        .json()
        .ok()
        .and_then(|v| v["code"].as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Asserts an RFC 9457 problem with `status` and `code`.
#[track_caller]
pub fn assert_problem(reply: &HttpReply, status: u16, code: &str) {
    assert_eq!(
        (reply.status, code_of(reply).as_str()),
        (status, code),
        "expected {status} `{code}`, got: {} {}",
        reply.status,
        reply.text()
    );
    let content_type = reply.header("content-type").unwrap_or("");
    assert!(
        content_type.starts_with("application/problem+json"),
        "problem content type, got {content_type:?}"
    );
}

/// The text of a captured e-mail.
pub fn email_text(mail: &Value) -> String {
    format!(
        "{}\n{}",
        mail["subject"].as_str().unwrap_or(""),
        mail["text"].as_str().unwrap_or("")
    )
}

/// The password on a `Start password: <password>` line.
pub fn start_password_in(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (_, rest) = line.split_once("Start password:")?;
        let password = rest.trim();
        (!password.is_empty()).then(|| password.to_owned())
    })
}

/// The value after `token=` in a text (a claim link), up to a delimiter.
pub fn link_token_in(text: &str) -> Option<String> {
    let (_, rest) = text.split_once("token=")?;
    let token: String = rest
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '&' | '"' | '\'' | '<' | '>' | ')'))
        .collect();
    (!token.is_empty()).then_some(token)
}

/// The first run of exactly 8 digits in a text (the SMS code).
pub fn sms_code_in(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 8 {
                return Some(chars[start..i].iter().collect());
            }
        } else {
            i += 1;
        }
    }
    None
}

/// Only the ASCII digits of `s`.
pub fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Percent-encodes a query value.
pub fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Whether an audit entry's action is `name` (also accepts a prefixed `auth.name`).
pub fn action_is(entry: &Value, name: &str) -> bool {
    entry["action"]
        .as_str()
        .is_some_and(|a| a == name || a.ends_with(&format!(".{name}")))
}

/// Whether an audit entry concerns the account `user_id` (its object or data names it).
pub fn concerns(entry: &Value, user_id: &str) -> bool {
    entry["object"]
        .as_str()
        .is_some_and(|o| o.contains(user_id))
        || entry["data"].to_string().contains(user_id)
}

/// The `login_failed` entries about `email` or `user_id`, with their reasons.
pub fn failed_login_reasons(audit: &[Value], email: &str, user_id: Option<&str>) -> Vec<String> {
    audit
        .iter()
        .filter(|e| action_is(e, "login_failed"))
        .filter(|e| {
            let text = e.to_string().to_lowercase();
            text.contains(&email.to_lowercase()) || user_id.is_some_and(|id| concerns(e, id))
        })
        .map(|e| e["data"]["reason"].as_str().unwrap_or("").to_owned())
        .collect()
}

/// The incidents (all pages of the first 500) as `admin` sees them.
pub fn incidents(admin: &Session) -> Vec<Value> {
    admin.get_ok("/api/incidents?limit=500")["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

// --- hand-made tokens (JWS compact, HS256) ---

/// base64url without padding.
pub fn b64url_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let symbols = chunk.len() + 1;
        for i in 0..symbols {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes base64 in either alphabet, with or without padding.
pub fn b64_decode(text: &str) -> Option<Vec<u8>> {
    let mut bits = 0u32;
    let mut nbits = 0;
    let mut out = Vec::new();
    for c in text.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(v);
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            out.push((bits >> nbits) as u8);
            bits &= (1 << nbits) - 1;
        }
    }
    Some(out)
}

/// HMAC-SHA256 (RFC 2104).
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let ipad: Vec<u8> = block.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = block.iter().map(|b| b ^ 0x5c).collect();
    let inner = Sha256::new()
        .chain_update(&ipad)
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(&opad)
        .chain_update(inner)
        .finalize()
        .to_vec()
}

/// A token's three parts: header JSON, claims JSON, signature bytes.
pub fn split_token(token: &str) -> (Value, Value, Vec<u8>) {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3, "a JWS compact token: {token}");
    let header = serde_json::from_slice(&b64_decode(parts[0]).expect("base64url header"))
        .expect("JSON header");
    let claims = serde_json::from_slice(&b64_decode(parts[1]).expect("base64url claims"))
        .expect("JSON claims");
    (
        header,
        claims,
        b64_decode(parts[2]).expect("base64url signature"),
    )
}

/// A compact token from a header and claims, signed with HS256 under `key` (or with the given
/// raw signature when `key` is `None`).
pub fn make_token(header: &Value, claims: &Value, key: Option<&[u8]>, signature: &[u8]) -> String {
    let signing_input = format!(
        "{}.{}",
        b64url_encode(header.to_string().as_bytes()),
        b64url_encode(claims.to_string().as_bytes())
    );
    let signature = match key {
        Some(key) => hmac_sha256(key, signing_input.as_bytes()),
        None => signature.to_vec(),
    };
    format!("{signing_input}.{}", b64url_encode(&signature))
}

/// Candidate HMAC keys derived from the configured `token_signing_key`, the one that reproduces
/// the signature of `token` (a token the server issued), if any.
pub fn server_key_for(token: &str, configured: &str) -> Option<Vec<u8>> {
    let mut candidates: Vec<Vec<u8>> = vec![configured.as_bytes().to_vec()];
    if let Some(decoded) = b64_decode(configured) {
        candidates.push(decoded);
    }
    candidates.push(Sha256::digest(configured.as_bytes()).to_vec());
    let (signing_input, signature) = token.rsplit_once('.')?;
    let signature = b64_decode(signature)?;
    candidates
        .into_iter()
        .find(|key| hmac_sha256(key, signing_input.as_bytes()) == signature)
}

/// Moves the test clock to 2 s after the start of the next `window_s` window of server time,
/// so a burst of logins never straddles two throttle windows.
pub fn align_to_window_start(app: &App, window_s: i64) {
    let wall_ms = i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis(),
    )
    .unwrap();
    let now_ms = wall_ms + app.host.clock_offset_ms();
    let into = now_ms.rem_euclid(window_s * 1000);
    app.host
        .advance_clock_ms(window_s * 1000 - into + 2000)
        .unwrap();
}
