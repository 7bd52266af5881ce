//! The one typed client of the Ratusz HTTP API.
//!
//! Same-origin relative URLs only (`/api/...`): the SPA is served by the same Spin app as the
//! functions, so there is no API base URL to configure and no CORS. The session travels in an
//! HttpOnly cookie (`credentials: same-origin`); nothing secret is ever kept in script reach —
//! the token in a login answer is dropped on the floor.
//!
//! Every state-changing request carries `X-Ratusz-CSRF: 1` (api.md § Authentication). Every
//! answer `401` is also reported to the session watcher registered by the auth context, so a
//! session superseded on another device is noticed by whichever call meets it first.

use std::cell::RefCell;

use gloo_net::http::{Request, RequestBuilder, Response};
use ratusz_domain::api::accounts::{
    ChangePasswordRequest, CreateUser, LoginRequest, LoginResponse, MeResponse, ReasonBody, Unit,
    UnitInput, UpdateUser, UserView,
};
use ratusz_domain::api::incidents::{
    CreateIncident, IncidentDetail, IncidentStatus, IncidentView, UpdateIncident,
};
use ratusz_domain::api::resets::{
    ClaimRequest, CreateResetRequest, HandoverRequest, RejectRequest, ResetStatus, ResetView,
};
use ratusz_domain::api::{AuditEntry, AuditVerification, HealthReport, Page, Problem};
use ratusz_domain::endpoints::{self, Endpoint, HttpMethod};
use ratusz_domain::time::Timestamp;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::Serialize;
use web_sys::{RequestCache, RequestCredentials};

#[cfg(feature = "office")]
pub mod chat;
pub mod council;
pub mod maintenance;
#[cfg(feature = "office")]
pub mod notify;
#[cfg(feature = "office")]
pub mod notify_messages;
#[cfg(feature = "office")]
pub mod notify_reports;
#[cfg(feature = "office")]
pub mod notify_templates;
#[cfg(feature = "office")]
pub mod registry;
#[cfg(feature = "office")]
pub mod resident_keys;

/// Header every state-changing request from a cookie session must carry.
pub const CSRF_HEADER: &str = "X-Ratusz-CSRF";

/// The header the service worker puts on an answer it kept for offline reading (`sw.js`):
/// when it was kept, RFC 3339. An answer carrying it came from the device, not the server.
pub const OFFLINE_COPY_HEADER: &str = "x-ratusz-offline-copy";

/// Problem code of a 401 whose session was replaced by a login on another device.
pub const SESSION_SUPERSEDED: &str = "session_superseded";

/// Why an API call did not produce the expected body.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The request never got an HTTP answer (offline, connection refused, DNS).
    Network,
    /// The server answered with an RFC 9457 problem (shown translated by its `code`, see
    /// `crate::problems`; its English title and detail are not shown).
    Problem(Problem),
    /// 429: the server asks to wait `retry_after_s` seconds (from `Retry-After`, when sent).
    Throttled {
        /// The problem sent with the 429.
        problem: Problem,
        /// Seconds to wait.
        retry_after_s: Option<u64>,
    },
    /// The server answered with something this client does not understand.
    Unexpected {
        /// HTTP status of the answer.
        status: u16,
    },
}

impl ApiError {
    /// Whether the failure says the network, not the server, is the problem.
    pub fn is_network(&self) -> bool {
        matches!(self, ApiError::Network)
    }

    /// The problem the server sent, if any.
    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ApiError::Problem(problem) | ApiError::Throttled { problem, .. } => Some(problem),
            _ => None,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Network => None,
            ApiError::Unexpected { status } => Some(*status),
            ApiError::Problem(p) | ApiError::Throttled { problem: p, .. } => Some(p.status),
        }
    }

    /// The problem's machine code (`""` when there is none).
    pub fn code(&self) -> &str {
        self.problem().map_or("", |p| p.code.as_str())
    }
}

/// What a response body is, judged from its status and `Content-Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyKind {
    /// The expected JSON document.
    Expected,
    /// An `application/problem+json` document.
    Problem,
    /// Anything else.
    Unexpected,
}

/// Classifies an answer. `also_expected` lists non-2xx statuses whose JSON body is still the
/// expected document (`/api/health` answers 503 with a full report when degraded).
fn classify(status: u16, content_type: &str, also_expected: &[u16]) -> BodyKind {
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if media_type == "application/problem+json" {
        return BodyKind::Problem;
    }
    let status_ok = (200..300).contains(&status) || also_expected.contains(&status);
    if status_ok && media_type == "application/json" {
        BodyKind::Expected
    } else {
        BodyKind::Unexpected
    }
}

/// `Retry-After` in seconds (only the delta-seconds form; an HTTP date is ignored).
fn parse_retry_after(value: Option<&str>) -> Option<u64> {
    value?.trim().parse().ok()
}

/// A `401` seen on some call: what the session watcher is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unauthorized {
    /// The account was signed in on another device.
    pub superseded: bool,
}

thread_local! {
    /// The interface language, sent as `Accept-Language` so validation messages match it.
    static LANGUAGE: RefCell<&'static str> = const { RefCell::new("pl") };
    /// Told about every 401 (except a failed login): the auth context's dispatcher.
    static SESSION_WATCHER: RefCell<Option<yew::Callback<Unauthorized>>> =
        const { RefCell::new(None) };
}

/// Sets the language sent with every request (`pl` or `en`).
pub fn set_language(code: &'static str) {
    LANGUAGE.with(|l| *l.borrow_mut() = code);
}

/// Registers the one callback told about every 401 (the auth context does this once).
pub fn set_session_watcher(callback: yew::Callback<Unauthorized>) {
    SESSION_WATCHER.with(|w| *w.borrow_mut() = Some(callback));
}

/// What a failed call on `path` tells the session watcher: only a 401, and not a refused
/// password (a wrong password at login, a wrong current password, a wrong claim code).
fn session_event(path: &str, error: &ApiError) -> Option<Unauthorized> {
    let about_session = path != endpoints::LOGIN.path
        && path != endpoints::RESET_CLAIM.path
        && error.code() != "invalid_credentials";
    (error.status() == Some(401) && about_session).then(|| Unauthorized {
        superseded: error.code() == SESSION_SUPERSEDED,
    })
}

fn notify_unauthorized(path: &str, error: &ApiError) {
    let Some(event) = session_event(path, error) else {
        return;
    };
    let watcher = SESSION_WATCHER.with(|w| w.borrow().clone());
    if let Some(watcher) = watcher {
        watcher.emit(event);
    }
}

/// Replaces each `:name` segment of an endpoint's path with the next value, percent-encoded.
pub fn fill_path(pattern: &str, values: &[&str]) -> String {
    let mut values = values.iter();
    pattern
        .split('/')
        .map(|segment| match segment.strip_prefix(':') {
            Some(_) => encode_component(values.next().copied().unwrap_or_default()),
            None => segment.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `path?k=v&…` with the non-empty parameters, encoded.
pub fn with_query(path: &str, params: &[(&str, Option<&str>)]) -> String {
    let query = params
        .iter()
        .filter_map(|(key, value)| {
            value
                .filter(|v| !v.is_empty())
                .map(|v| format!("{key}={}", encode_component(v)))
        })
        .collect::<Vec<_>>()
        .join("&");
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

/// The request for `method` on `path`, with the headers every call carries.
fn builder(method: HttpMethod, path: &str) -> RequestBuilder {
    debug_assert!(
        path.starts_with("/api/"),
        "API paths are same-origin and relative"
    );
    let request = match method {
        HttpMethod::Get => Request::get(path),
        HttpMethod::Post => Request::post(path),
        HttpMethod::Put => Request::put(path),
        HttpMethod::Patch => Request::patch(path),
        HttpMethod::Delete => Request::delete(path),
    }
    .credentials(RequestCredentials::SameOrigin)
    // Always revalidate: API answers must never come stale out of the HTTP cache.
    .cache(RequestCache::NoCache)
    .header("Accept", "application/json, application/problem+json")
    .header("Accept-Language", LANGUAGE.with(|l| *l.borrow()));
    if method == HttpMethod::Get {
        request
    } else {
        request.header(CSRF_HEADER, "1")
    }
}

/// Turns an answer that is not the expected document into the matching error.
async fn failure(response: Response, kind: BodyKind) -> ApiError {
    let status = response.status();
    if kind != BodyKind::Problem {
        return ApiError::Unexpected { status };
    }
    let retry_after_s = parse_retry_after(response.headers().get("retry-after").as_deref());
    match response.json::<Problem>().await {
        Ok(problem) if status == 429 => ApiError::Throttled {
            problem,
            retry_after_s,
        },
        Ok(problem) => ApiError::Problem(problem),
        Err(_) => ApiError::Unexpected { status },
    }
}

/// What a call expects back.
#[derive(Clone, Copy)]
enum Expect<'a> {
    /// A JSON document, also with these non-2xx statuses.
    Json(&'a [u16]),
    /// Any 2xx; the body is ignored.
    Nothing,
}

/// What goes out with a request besides the method and path.
#[derive(Default)]
pub(crate) struct Outgoing<'a> {
    /// A JSON body.
    pub json: Option<String>,
    /// A raw body (a file) with its media type; wins over `json`.
    pub raw: Option<(wasm_bindgen::JsValue, &'a str)>,
    /// Extra headers (`If-None-Match`, `Idempotency-Key`, `X-Filename`).
    pub headers: Vec<(&'a str, String)>,
}

impl Outgoing<'_> {
    /// Just a JSON body (or none).
    fn json(json: Option<String>) -> Self {
        Self {
            json,
            ..Self::default()
        }
    }
}

/// An answer the caller expected: its status, its `ETag`, and its body text (empty for a
/// `304`, or for [`Expect::Nothing`]).
pub(crate) struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The `ETag` header, when sent.
    pub etag: Option<String>,
    /// When the service worker kept this answer, if it is an offline copy.
    pub kept_at: Option<Timestamp>,
    /// The body.
    pub text: String,
}

/// The one place a request goes out and its answer comes back: the expected answer or the
/// error. Deliberately not generic, so the async machinery exists once in the binary; only
/// the small parse step is per type. A `304` (only possible after `If-None-Match`) is an
/// answer with an empty body.
async fn exchange(
    method: HttpMethod,
    path: &str,
    outgoing: Outgoing<'_>,
    expect: Expect<'_>,
) -> Result<Answer, ApiError> {
    // A plain GET may find its answer already on the way (`web/boot.js`, `early.rs`).
    let plain_get = method == HttpMethod::Get && outgoing.headers.is_empty();
    let early = if plain_get {
        crate::early::answer(path).await
    } else {
        None
    };
    let response = match early {
        Some(response) => Response::from(response),
        None => send(method, path, outgoing).await?,
    };
    let status = response.status();
    let etag = response.headers().get("etag");
    let kept_at = response
        .headers()
        .get(OFFLINE_COPY_HEADER)
        .and_then(|at| Timestamp::parse_rfc3339(&at).ok());
    let empty = |etag| Answer {
        status,
        etag,
        kept_at,
        text: String::new(),
    };
    // 204 No Content: the answer is that there is nothing (a visitor's `me`, see `me`).
    if status == 304 || status == 204 {
        return Ok(empty(etag));
    }
    let content_type = response.headers().get("content-type").unwrap_or_default();
    let kind = match expect {
        Expect::Json(also_expected) => classify(status, &content_type, also_expected),
        Expect::Nothing if response.ok() => return Ok(empty(etag)),
        Expect::Nothing => classify(status, &content_type, &[]),
    };
    match kind {
        BodyKind::Expected => match response.text().await {
            Ok(text) => Ok(Answer {
                status,
                etag,
                kept_at,
                text,
            }),
            Err(_) => Err(ApiError::Unexpected { status }),
        },
        kind => Err(failure(response, kind).await),
    }
}

/// Sends `method path` with what goes out; a request that never got an answer is
/// [`ApiError::Network`].
async fn send(
    method: HttpMethod,
    path: &str,
    outgoing: Outgoing<'_>,
) -> Result<Response, ApiError> {
    let mut request = builder(method, path);
    for (name, value) in &outgoing.headers {
        request = request.header(name, value);
    }
    let sent = match (outgoing.raw, outgoing.json) {
        (Some((data, content_type)), _) => {
            let request = request
                .header("Content-Type", content_type)
                .body(data)
                .map_err(|_| ApiError::Unexpected { status: 0 })?;
            request.send().await
        }
        (None, Some(json)) => {
            let request = request
                .header("Content-Type", "application/json")
                .body(json)
                .map_err(|_| ApiError::Unexpected { status: 0 })?;
            request.send().await
        }
        (None, None) => request.send().await,
    };
    sent.map_err(|_| ApiError::Network)
}

/// [`exchange`], telling the session watcher about a 401.
pub(crate) async fn call_with(
    method: HttpMethod,
    path: &str,
    outgoing: Outgoing<'_>,
    json_expected: bool,
) -> Result<Answer, ApiError> {
    let expect = if json_expected {
        Expect::Json(&[])
    } else {
        Expect::Nothing
    };
    let result = exchange(method, path, outgoing, expect).await;
    if let Err(error) = &result {
        notify_unauthorized(path, error);
    }
    result
}

/// [`call_with`] for a plain JSON request.
async fn call(
    method: HttpMethod,
    path: &str,
    body: Option<String>,
    expect: Expect<'_>,
) -> Result<String, ApiError> {
    let json_expected = matches!(expect, Expect::Json(_));
    call_with(method, path, Outgoing::json(body), json_expected)
        .await
        .map(|answer| answer.text)
}

/// A request body as JSON text.
pub(crate) fn to_json<B: Serialize>(body: &B) -> Option<String> {
    serde_json::to_string(body).ok()
}

/// The expected document, from the JSON text of a 2xx answer.
#[allow(
    clippy::result_large_err,
    reason = "same error type as every async call; errors are rare and short-lived"
)]
pub(crate) fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text).map_err(|_| ApiError::Unexpected { status: 200 })
}

/// The generic call: `method path` with an optional JSON body, answered by a JSON document.
pub async fn request<T: DeserializeOwned>(
    method: HttpMethod,
    path: &str,
    body: Option<String>,
) -> Result<T, ApiError> {
    parse(&call(method, path, body, Expect::Json(&[])).await?)
}

/// A call whose 2xx answer body does not matter (204, or a document the caller reloads anyway).
pub async fn request_empty(
    method: HttpMethod,
    path: &str,
    body: Option<String>,
) -> Result<(), ApiError> {
    call(method, path, body, Expect::Nothing).await.map(drop)
}

pub(crate) async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    request(HttpMethod::Get, path, None).await
}

pub(crate) fn path_of(endpoint: &Endpoint, id: &str) -> String {
    fill_path(endpoint.path, &[id])
}

/// `GET /api/health`: a report for both `ok` (200) and `degraded` (503).
pub async fn health() -> Result<HealthReport, ApiError> {
    let answer = exchange(
        HttpMethod::Get,
        endpoints::HEALTH.path,
        Outgoing::default(),
        Expect::Json(&[503]),
    )
    .await?;
    parse(&answer.text)
}

// ---- session ----

/// `POST /api/auth/login`. The token in the answer is not kept: the cookie carries it.
pub async fn login(request_body: &LoginRequest) -> Result<LoginResponse, ApiError> {
    request(
        HttpMethod::Post,
        endpoints::LOGIN.path,
        to_json(request_body),
    )
    .await
}

/// `GET /api/auth/me`: `None` for a visitor, whom the server answers 204 rather than 401 so
/// that the browser logs no error (docs/decisions.md, "Who am I for a visitor").
pub async fn me() -> Result<Option<MeResponse>, ApiError> {
    let answer = call_with(
        HttpMethod::Get,
        endpoints::ME.path,
        Outgoing::json(None),
        true,
    )
    .await?;
    if answer.status == 204 {
        return Ok(None);
    }
    parse(&answer.text).map(Some)
}

/// `POST /api/auth/logout`.
pub async fn logout() -> Result<(), ApiError> {
    request_empty(HttpMethod::Post, endpoints::LOGOUT.path, None).await
}

/// `POST /api/auth/password`.
pub async fn change_password(body: &ChangePasswordRequest) -> Result<(), ApiError> {
    request_empty(
        HttpMethod::Post,
        endpoints::CHANGE_PASSWORD.path,
        to_json(body),
    )
    .await
}

// ---- users and units ----

/// `GET /api/users?q=…&cursor=…`.
pub async fn users(q: &str, cursor: Option<&str>) -> Result<Page<UserView>, ApiError> {
    let path = with_query(
        endpoints::USERS_LIST.path,
        &[("q", Some(q.trim())), ("cursor", cursor)],
    );
    get(&path).await
}

/// `POST /api/users`: the created account, when the answer carries it.
pub async fn create_user(body: &CreateUser) -> Result<Option<UserView>, ApiError> {
    match request::<UserView>(
        HttpMethod::Post,
        endpoints::USERS_CREATE.path,
        to_json(body),
    )
    .await
    {
        Ok(user) => Ok(Some(user)),
        // Created, but the answer is not a user document: the caller reloads the list.
        Err(ApiError::Unexpected { status }) if (200..300).contains(&status) => Ok(None),
        Err(error) => Err(error),
    }
}

/// `GET /api/users/:id`.
pub async fn user(id: &str) -> Result<UserView, ApiError> {
    get(&path_of(&endpoints::USER_GET, id)).await
}

/// `PATCH /api/users/:id`.
pub async fn update_user(id: &str, body: &UpdateUser) -> Result<(), ApiError> {
    let path = path_of(&endpoints::USER_UPDATE, id);
    request_empty(HttpMethod::Patch, &path, to_json(body)).await
}

/// An action on an account from the admin console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserAction {
    /// `POST …/lock`.
    Lock,
    /// `POST …/unlock`.
    Unlock,
    /// `POST …/disable`.
    Disable,
    /// `POST …/enable`.
    Enable,
    /// `DELETE …/session`.
    EndSession,
}

impl UserAction {
    /// The endpoint the action calls.
    pub fn endpoint(self) -> &'static Endpoint {
        match self {
            UserAction::Lock => &endpoints::USER_LOCK,
            UserAction::Unlock => &endpoints::USER_UNLOCK,
            UserAction::Disable => &endpoints::USER_DISABLE,
            UserAction::Enable => &endpoints::USER_ENABLE,
            UserAction::EndSession => &endpoints::USER_END_SESSION,
        }
    }
}

/// Runs an account action; `lock` and `disable` send an (empty) reason body.
pub async fn user_action(id: &str, action: UserAction) -> Result<(), ApiError> {
    let endpoint = action.endpoint();
    let path = path_of(endpoint, id);
    match action {
        UserAction::Lock | UserAction::Disable => {
            let body = ReasonBody::default();
            request_empty(endpoint.method, &path, to_json(&body)).await
        }
        _ => request_empty(endpoint.method, &path, None).await,
    }
}

/// `GET /api/units`: every unit (the list is short; one page holds it).
pub async fn units() -> Result<Vec<Unit>, ApiError> {
    get::<Page<Unit>>(endpoints::UNITS_LIST.path)
        .await
        .map(|page| page.items)
}

/// `POST /api/units`.
pub async fn create_unit(body: &UnitInput) -> Result<(), ApiError> {
    request_empty(
        HttpMethod::Post,
        endpoints::UNITS_CREATE.path,
        to_json(body),
    )
    .await
}

// ---- password resets ----

/// `POST /api/password-resets` (always 202 for the public form).
pub async fn request_reset(body: &CreateResetRequest) -> Result<(), ApiError> {
    request_empty(
        HttpMethod::Post,
        endpoints::RESETS_CREATE.path,
        to_json(body),
    )
    .await
}

/// `GET /api/password-resets?status=…`.
pub async fn resets(status: Option<ResetStatus>) -> Result<Page<ResetView>, ApiError> {
    let status = status.map(reset_status_wire);
    let path = with_query(endpoints::RESETS_LIST.path, &[("status", status)]);
    get(&path).await
}

/// The wire name of a reset status (for the `status` filter).
pub fn reset_status_wire(status: ResetStatus) -> &'static str {
    match status {
        ResetStatus::Pending => "pending",
        ResetStatus::Rejected => "rejected",
        ResetStatus::Approved => "approved",
        ResetStatus::HandedOver => "handed_over",
        ResetStatus::Completed => "completed",
        ResetStatus::Burned => "burned",
        ResetStatus::Expired => "expired",
    }
}

/// `POST /api/password-resets/:id/approve`.
pub async fn approve_reset(id: &str) -> Result<(), ApiError> {
    let path = path_of(&endpoints::RESET_APPROVE, id);
    request_empty(HttpMethod::Post, &path, None).await
}

/// `POST /api/password-resets/:id/reject`.
pub async fn reject_reset(id: &str, body: &RejectRequest) -> Result<(), ApiError> {
    let path = path_of(&endpoints::RESET_REJECT, id);
    request_empty(HttpMethod::Post, &path, to_json(body)).await
}

/// `GET /api/password-resets/:id/letter`: opened in a new tab, never fetched by the app.
pub fn reset_letter_url(id: &str) -> String {
    path_of(&endpoints::RESET_LETTER, id)
}

/// `POST /api/password-resets/:id/handover`.
pub async fn handover(id: &str, body: &HandoverRequest) -> Result<(), ApiError> {
    let path = path_of(&endpoints::RESET_HANDOVER, id);
    request_empty(HttpMethod::Post, &path, to_json(body)).await
}

/// `POST /api/password-resets/claim`.
pub async fn claim(body: &ClaimRequest) -> Result<(), ApiError> {
    request_empty(HttpMethod::Post, endpoints::RESET_CLAIM.path, to_json(body)).await
}

/// `GET /api/password-resets?status=pending`, every page: how many requests wait for a
/// decision (the home page's count; the queue itself is the office page's).
pub async fn pending_resets_count() -> Result<usize, ApiError> {
    let pending = reset_status_wire(ResetStatus::Pending);
    count_items(endpoints::RESETS_LIST.path, pending).await
}

// ---- incidents ----

/// `GET /api/incidents?status=…`, every page, for `open` and `in_progress`: how many
/// incidents are not closed (the home page's count; the register is the office page's).
pub async fn open_incidents_count() -> Result<usize, ApiError> {
    let mut count = 0;
    for status in [IncidentStatus::Open, IncidentStatus::InProgress] {
        count += count_items(endpoints::INCIDENTS_LIST.path, status.as_str()).await?;
    }
    Ok(count)
}

/// The largest page a list gives (`api.md` § Lists), so a count reads as few pages as it can.
const COUNT_PAGE_LIMIT: &str = "500";
/// A bound on the pages one count reads (250 000 items), so an answer that never ends a list
/// cannot keep the page busy for ever.
const COUNT_MAX_PAGES: usize = 500;

/// How many items the list at `path` with `status` holds, page by page. The items are skipped
/// unread ([`IgnoredAny`]): the first bundle carries no code to read a reset or an incident.
async fn count_items(path: &str, status: &str) -> Result<usize, ApiError> {
    let mut count = 0;
    let mut cursor: Option<String> = None;
    for _ in 0..COUNT_MAX_PAGES {
        let query = [
            ("status", Some(status)),
            ("limit", Some(COUNT_PAGE_LIMIT)),
            ("cursor", cursor.as_deref()),
        ];
        let page: Page<IgnoredAny> = get(&with_query(path, &query)).await?;
        count += page.items.len();
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    Ok(count)
}

/// `GET /api/incidents?cursor=…`.
pub async fn incidents(cursor: Option<&str>) -> Result<Page<IncidentView>, ApiError> {
    get(&with_query(
        endpoints::INCIDENTS_LIST.path,
        &[("cursor", cursor)],
    ))
    .await
}

/// `GET /api/incidents/:id`.
pub async fn incident(id: &str) -> Result<IncidentDetail, ApiError> {
    get(&path_of(&endpoints::INCIDENT_GET, id)).await
}

/// `POST /api/incidents`.
pub async fn create_incident(body: &CreateIncident) -> Result<(), ApiError> {
    request_empty(
        HttpMethod::Post,
        endpoints::INCIDENTS_CREATE.path,
        to_json(body),
    )
    .await
}

/// `PATCH /api/incidents/:id`.
pub async fn update_incident(id: &str, body: &UpdateIncident) -> Result<(), ApiError> {
    let path = path_of(&endpoints::INCIDENT_UPDATE, id);
    request_empty(HttpMethod::Patch, &path, to_json(body)).await
}

// ---- audit ----

/// `GET /api/audit?cursor=…`.
pub async fn audit(cursor: Option<&str>) -> Result<Page<AuditEntry>, ApiError> {
    get(&with_query(
        endpoints::AUDIT_LIST.path,
        &[("cursor", cursor)],
    ))
    .await
}

/// `GET /api/audit/verify`.
pub async fn verify_audit() -> Result<AuditVerification, ApiError> {
    get(endpoints::AUDIT_VERIFY.path).await
}

/// `GET /api/system/status` (admin, support).
pub async fn system_status() -> Result<ratusz_domain::api::SystemStatus, ApiError> {
    get(endpoints::SYSTEM_STATUS.path).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_classified_by_status_and_media_type() {
        let cases = [
            (200, "application/json", &[][..], BodyKind::Expected),
            (
                200,
                "application/json; charset=utf-8",
                &[],
                BodyKind::Expected,
            ),
            (200, "Application/JSON", &[], BodyKind::Expected),
            (503, "application/json", &[503], BodyKind::Expected),
            (503, "application/json", &[], BodyKind::Unexpected),
            (503, "application/problem+json", &[503], BodyKind::Problem),
            (401, "application/problem+json", &[], BodyKind::Problem),
            (200, "text/html", &[], BodyKind::Unexpected),
            (404, "text/html; charset=utf-8", &[], BodyKind::Unexpected),
            (502, "", &[], BodyKind::Unexpected),
        ];
        for (status, content_type, also, expected) in cases {
            assert_eq!(
                classify(status, content_type, also),
                expected,
                "{status} {content_type}"
            );
        }
    }

    #[test]
    fn only_a_failed_request_counts_as_a_network_error() {
        assert!(ApiError::Network.is_network());
        assert!(!ApiError::Unexpected { status: 502 }.is_network());
        assert!(!ApiError::Problem(Problem::new(503, "maintenance", "Maintenance")).is_network());
    }

    #[test]
    fn errors_expose_status_and_code() {
        let superseded = ApiError::Problem(Problem::new(401, SESSION_SUPERSEDED, "Signed out"));
        assert_eq!(superseded.status(), Some(401));
        assert_eq!(superseded.code(), SESSION_SUPERSEDED);
        let throttled = ApiError::Throttled {
            problem: Problem::new(429, "too_many_requests", "Slow down"),
            retry_after_s: Some(60),
        };
        assert_eq!(throttled.status(), Some(429));
        assert_eq!(throttled.code(), "too_many_requests");
        assert_eq!(ApiError::Network.status(), None);
        assert_eq!(ApiError::Unexpected { status: 502 }.code(), "");
    }

    #[test]
    fn retry_after_is_read_in_seconds_only() {
        assert_eq!(parse_retry_after(Some("120")), Some(120));
        assert_eq!(parse_retry_after(Some(" 5 ")), Some(5));
        assert_eq!(
            parse_retry_after(Some("Wed, 21 Oct 2015 07:28:00 GMT")),
            None
        );
        assert_eq!(parse_retry_after(None), None);
    }

    #[test]
    fn only_a_401_about_the_session_reaches_the_watcher() {
        let unauthorized = |code| ApiError::Problem(Problem::new(401, code, "Unauthorized"));
        let superseded = unauthorized(SESSION_SUPERSEDED);
        let expired = unauthorized("unauthenticated");
        let refused = unauthorized("invalid_credentials");
        assert_eq!(
            session_event("/api/users", &superseded),
            Some(Unauthorized { superseded: true })
        );
        assert_eq!(
            session_event(endpoints::ME.path, &expired),
            Some(Unauthorized { superseded: false })
        );
        assert_eq!(session_event(endpoints::LOGIN.path, &expired), None);
        assert_eq!(session_event(endpoints::RESET_CLAIM.path, &expired), None);
        assert_eq!(
            session_event(endpoints::CHANGE_PASSWORD.path, &refused),
            None
        );
        let forbidden = ApiError::Problem(Problem::new(403, "forbidden", "Forbidden"));
        assert_eq!(session_event("/api/users", &forbidden), None);
        assert_eq!(session_event("/api/users", &ApiError::Network), None);
    }

    #[test]
    fn paths_and_queries_are_encoded() {
        assert_eq!(
            fill_path(endpoints::USER_LOCK.path, &["01J/x"]),
            "/api/users/01J%2Fx/lock"
        );
        assert_eq!(reset_letter_url("abc"), "/api/password-resets/abc/letter");
        assert_eq!(
            with_query("/api/users", &[("q", Some("Zoë K&M")), ("cursor", None)]),
            "/api/users?q=Zo%C3%AB%20K%26M"
        );
        assert_eq!(
            with_query("/api/users", &[("q", Some("")), ("cursor", Some("c1"))]),
            "/api/users?cursor=c1"
        );
        assert_eq!(with_query("/api/audit", &[("cursor", None)]), "/api/audit");
    }
}
