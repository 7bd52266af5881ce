//! The council part of the typed client (`shared/spec/council.md`): meetings, agenda,
//! attachments, attendance, floor, polls, votes, live documents and results.
//!
//! Every path comes from `ratusz_domain::endpoints`, every body is a shared contract type.

use ratusz_domain::api::council::{
    AgendaItemInput, AgendaOrder, AttendanceInput, AttendanceMode, AttendanceView, Choice,
    FloorExtend, FloorGrant, FloorKind, FloorOrder, FloorRequestInput, LiveView, Meeting,
    MeetingCreate, MeetingPatch, MeetingSummary, Poll, PollCreate, PollOpen, PollResult, VoteCast,
    VoteReceipt,
};
use ratusz_domain::api::Page;
use ratusz_domain::endpoints::{self, Endpoint, HttpMethod};
use ratusz_domain::time::Timestamp;
use serde::de::DeserializeOwned;

use super::{
    call_with, encode_component, fill_path, get, parse, request, request_empty, to_json, ApiError,
    Outgoing,
};

/// The items of a list's first page (`api.md` § Lists). Each list is read in the one shape
/// the OpenAPI document gives it (a page of meetings, an array of polls): accepting either
/// shape (`serde(untagged)`) cost the first bundle a second copy of every list item's reader.
async fn first_page<T: DeserializeOwned>(path: &str) -> Result<Vec<T>, ApiError> {
    get::<Page<T>>(path).await.map(|page| page.items)
}

/// `endpoint`'s path with `values` for its `:params`.
fn at(endpoint: &Endpoint, values: &[&str]) -> String {
    fill_path(endpoint.path, values)
}

/// A state-changing call whose answer the page does not need (it re-reads the live view).
async fn act(endpoint: &Endpoint, values: &[&str], body: Option<String>) -> Result<(), ApiError> {
    request_empty(endpoint.method, &at(endpoint, values), body).await
}

// ---- meetings ----

/// `GET /api/sessions`: the meetings the caller may see.
pub async fn sessions() -> Result<Vec<MeetingSummary>, ApiError> {
    first_page(endpoints::SESSIONS_LIST.path).await
}

/// `GET /api/public/sessions`: published meetings.
pub async fn public_sessions() -> Result<Vec<MeetingSummary>, ApiError> {
    first_page(endpoints::PUBLIC_SESSIONS.path).await
}

/// `GET /api/sessions/:id`.
pub async fn session(id: &str) -> Result<Meeting, ApiError> {
    get(&at(&endpoints::SESSION_GET, &[id])).await
}

/// `POST /api/sessions` → the created meeting.
pub async fn create_session(body: &MeetingCreate) -> Result<Meeting, ApiError> {
    request(
        HttpMethod::Post,
        endpoints::SESSIONS_CREATE.path,
        to_json(body),
    )
    .await
}

/// `PATCH /api/sessions/:id`.
pub async fn update_session(id: &str, body: &MeetingPatch) -> Result<(), ApiError> {
    act(&endpoints::SESSION_UPDATE, &[id], to_json(body)).await
}

/// A step of a meeting's lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeetingStep {
    /// `POST …/publish` (clerk).
    Publish,
    /// `POST …/open` (chair).
    Open,
    /// `POST …/close` (chair).
    Close,
}

/// Runs a lifecycle step.
pub async fn meeting_step(id: &str, step: MeetingStep) -> Result<(), ApiError> {
    let endpoint = match step {
        MeetingStep::Publish => &endpoints::SESSION_PUBLISH,
        MeetingStep::Open => &endpoints::SESSION_OPEN,
        MeetingStep::Close => &endpoints::SESSION_CLOSE,
    };
    act(endpoint, &[id], None).await
}

// ---- agenda and attachments ----

/// `POST …/agenda`.
pub async fn agenda_add(id: &str, body: &AgendaItemInput) -> Result<(), ApiError> {
    act(&endpoints::AGENDA_ADD, &[id], to_json(body)).await
}

/// `PATCH …/agenda/:item`.
pub async fn agenda_update(id: &str, item: &str, body: &AgendaItemInput) -> Result<(), ApiError> {
    act(&endpoints::AGENDA_UPDATE, &[id, item], to_json(body)).await
}

/// `DELETE …/agenda/:item`.
pub async fn agenda_delete(id: &str, item: &str) -> Result<(), ApiError> {
    act(&endpoints::AGENDA_DELETE, &[id, item], None).await
}

/// `PUT …/agenda/order`.
pub async fn agenda_order(id: &str, item_ids: Vec<String>) -> Result<(), ApiError> {
    act(
        &endpoints::AGENDA_ORDER,
        &[id],
        to_json(&AgendaOrder { item_ids }),
    )
    .await
}

/// `POST …/agenda/:item/current` (chair).
pub async fn agenda_current(id: &str, item: &str) -> Result<(), ApiError> {
    act(&endpoints::AGENDA_CURRENT, &[id, item], None).await
}

/// `X-Filename` value: header values must be ASCII, so the name is percent-encoded (UTF-8,
/// RFC 3986) and the server decodes it (`Uchwała 1.pdf` → `Uchwa%C5%82a%201.pdf`).
pub fn filename_header(name: &str) -> String {
    encode_component(name)
}

/// `POST …/agenda/:item/attachments` with the file's bytes as `application/pdf`.
pub async fn upload_attachment(id: &str, item: &str, file: web_sys::File) -> Result<(), ApiError> {
    let path = at(&endpoints::ATTACHMENT_UPLOAD, &[id, item]);
    let outgoing = Outgoing {
        headers: vec![("X-Filename", filename_header(&file.name()))],
        raw: Some((file.into(), "application/pdf")),
        ..Outgoing::default()
    };
    call_with(HttpMethod::Post, &path, outgoing, false)
        .await
        .map(drop)
}

/// Download link of an attachment: members use the session path, the public screen the
/// public one.
pub fn attachment_url(id: &str, att: &str, public: bool) -> String {
    let endpoint = if public {
        &endpoints::PUBLIC_ATTACHMENT
    } else {
        &endpoints::ATTACHMENT_GET
    };
    at(endpoint, &[id, att])
}

/// `GET …/minutes` opened as a page: the browser's navigation asks for `text/html`, so the
/// server answers the printable draft.
pub fn minutes_url(id: &str) -> String {
    at(&endpoints::MINUTES, &[id])
}

/// The printable BIP page of a result (`…/polls/{pid}.html`).
pub fn result_page_url(id: &str, pid: &str) -> String {
    format!("{}.html", at(&endpoints::PUBLIC_POLL, &[id, pid]))
}

/// The CSV of a result (`…/polls/{pid}.csv`).
pub fn result_csv_url(id: &str, pid: &str) -> String {
    format!("{}.csv", at(&endpoints::PUBLIC_POLL, &[id, pid]))
}

// ---- attendance ----

/// `GET …/attendance`.
pub async fn attendance(id: &str) -> Result<AttendanceView, ApiError> {
    get(&at(&endpoints::ATTENDANCE_GET, &[id])).await
}

/// `POST …/attendance`: the caller checks in.
pub async fn check_in(id: &str, mode: AttendanceMode) -> Result<(), ApiError> {
    let body = to_json(&AttendanceInput { mode });
    act(&endpoints::ATTENDANCE_CHECK_IN, &[id], body).await
}

/// `PUT …/attendance/:user_id` (clerk).
pub async fn set_attendance(id: &str, user: &str, mode: AttendanceMode) -> Result<(), ApiError> {
    let body = to_json(&AttendanceInput { mode });
    act(&endpoints::ATTENDANCE_SET, &[id, user], body).await
}

// ---- floor ----

/// `POST …/floor/requests`.
pub async fn request_floor(id: &str, kind: FloorKind) -> Result<(), ApiError> {
    let body = to_json(&FloorRequestInput { kind });
    act(&endpoints::FLOOR_REQUEST, &[id], body).await
}

/// `DELETE …/floor/requests/:rid`: own withdrawal, or the chair removes a request.
pub async fn withdraw_floor(id: &str, rid: &str) -> Result<(), ApiError> {
    act(&endpoints::FLOOR_WITHDRAW, &[id, rid], None).await
}

/// `POST …/floor/grant`.
pub async fn grant_floor(id: &str, body: &FloorGrant) -> Result<(), ApiError> {
    act(&endpoints::FLOOR_GRANT, &[id], to_json(body)).await
}

/// `POST …/floor/extend`.
pub async fn extend_floor(id: &str, seconds: u32) -> Result<(), ApiError> {
    let body = to_json(&FloorExtend { seconds });
    act(&endpoints::FLOOR_EXTEND, &[id], body).await
}

/// `PUT …/floor/order`.
pub async fn order_floor(id: &str, request_ids: Vec<String>) -> Result<(), ApiError> {
    let body = to_json(&FloorOrder { request_ids });
    act(&endpoints::FLOOR_ORDER, &[id], body).await
}

/// A floor action without a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FloorStep {
    /// `POST …/floor/end`.
    End,
    /// `POST …/floor/close`: no new requests.
    CloseList,
    /// `POST …/floor/reopen`.
    ReopenList,
}

/// Runs a floor action without a body.
pub async fn floor_step(id: &str, step: FloorStep) -> Result<(), ApiError> {
    let endpoint = match step {
        FloorStep::End => &endpoints::FLOOR_END,
        FloorStep::CloseList => &endpoints::FLOOR_CLOSE,
        FloorStep::ReopenList => &endpoints::FLOOR_REOPEN,
    };
    act(endpoint, &[id], None).await
}

// ---- polls ----

/// `GET …/polls`.
pub async fn polls(id: &str) -> Result<Vec<Poll>, ApiError> {
    get(&at(&endpoints::POLLS_LIST, &[id])).await
}

/// `GET /api/public/sessions/{id}/polls`: closed polls with their outcome, no login.
pub async fn public_polls(id: &str) -> Result<Vec<Poll>, ApiError> {
    get(&at(&endpoints::PUBLIC_POLLS, &[id])).await
}

/// `POST …/polls`.
pub async fn create_poll(id: &str, body: &PollCreate) -> Result<(), ApiError> {
    act(&endpoints::POLLS_CREATE, &[id], to_json(body)).await
}

/// `POST …/polls/:pid/open` (with an override reason when opening without quorum).
pub async fn open_poll(id: &str, pid: &str, body: &PollOpen) -> Result<(), ApiError> {
    act(&endpoints::POLL_OPEN, &[id, pid], to_json(body)).await
}

/// `POST …/polls/:pid/close`.
pub async fn close_poll(id: &str, pid: &str) -> Result<(), ApiError> {
    act(&endpoints::POLL_CLOSE, &[id, pid], None).await
}

/// `POST …/polls/:pid/votes` with the attempt's `Idempotency-Key`: a retry with the same key
/// gets the first answer, so a flaky network can never cast twice.
pub async fn cast_vote(
    id: &str,
    pid: &str,
    choice: Choice,
    idempotency_key: &str,
) -> Result<VoteReceipt, ApiError> {
    let path = at(&endpoints::VOTE_CAST, &[id, pid]);
    let outgoing = Outgoing {
        json: to_json(&VoteCast { choice }),
        headers: vec![("Idempotency-Key", idempotency_key.to_owned())],
        ..Outgoing::default()
    };
    let answer = call_with(HttpMethod::Post, &path, outgoing, true).await?;
    parse(&answer.text)
}

/// `GET /api/public/sessions/:id/polls/:pid`: the result of a closed poll.
pub async fn poll_result(id: &str, pid: &str) -> Result<PollResult, ApiError> {
    get(&at(&endpoints::PUBLIC_POLL, &[id, pid])).await
}

// ---- live ----

/// What a conditional read of the live document brought.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveFetch {
    /// `304`: what the client holds is current.
    NotModified,
    /// A new document and its `ETag`.
    Fresh(Box<LiveView>, Option<String>),
    /// No network: the copy the service worker kept, and when it was kept.
    Kept(Box<LiveView>, Timestamp),
}

/// `GET …/live` (members) or `GET /api/public/sessions/:id/live`, with `If-None-Match`.
pub async fn live(id: &str, public: bool, etag: Option<String>) -> Result<LiveFetch, ApiError> {
    let endpoint = if public {
        &endpoints::PUBLIC_LIVE
    } else {
        &endpoints::LIVE
    };
    let outgoing = Outgoing {
        headers: etag.map(|tag| ("If-None-Match", tag)).into_iter().collect(),
        ..Outgoing::default()
    };
    let answer = call_with(HttpMethod::Get, &at(endpoint, &[id]), outgoing, true).await?;
    if answer.status == 304 {
        return Ok(LiveFetch::NotModified);
    }
    let view: LiveView = parse(&answer.text)?;
    Ok(match answer.kept_at {
        Some(at) => LiveFetch::Kept(Box::new(view), at),
        None => LiveFetch::Fresh(Box::new(view), answer.etag),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn council_urls() {
        assert_eq!(
            result_page_url("s1", "p1"),
            "/api/public/sessions/s1/polls/p1.html"
        );
        assert_eq!(
            result_csv_url("s1", "p1"),
            "/api/public/sessions/s1/polls/p1.csv"
        );
        assert_eq!(minutes_url("s 1"), "/api/sessions/s%201/minutes");
        assert_eq!(
            attachment_url("s", "a", true),
            "/api/public/sessions/s/attachments/a"
        );
        assert_eq!(
            attachment_url("s", "a", false),
            "/api/sessions/s/attachments/a"
        );
    }

    #[test]
    fn file_names_in_headers_stay_ascii() {
        assert_eq!(filename_header("Uchwala-XII_1.pdf"), "Uchwala-XII_1.pdf");
        assert_eq!(
            filename_header("Uchwała 100%.pdf"),
            "Uchwa%C5%82a%20100%25.pdf"
        );
    }
}
