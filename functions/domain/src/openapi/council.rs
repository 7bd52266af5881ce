//! `#[utoipa::path]` stubs of the council endpoints ([`crate::endpoints::COUNCIL`], served by
//! `voting`): meetings, agenda and attachments, attendance, the floor, polls and votes, the live
//! view, the minutes and the public (no login) views and exports.
//!
//! Summaries come from the catalogue ([`super::document`]); each stub's `description`
//! repeats its doc comment. Every operation under `/api/sessions` needs a session
//! (`cookieAuth` or `bearerAuth`); those under `/api/public` need none. Errors are
//! [`Problem`]s (`application/problem+json`).

// The stubs only carry the attributes; nothing calls them.
#![allow(dead_code)]

use crate::api::council::{
    AgendaItem, AgendaItemInput, AgendaOrder, AttachmentView, AttendanceInput, AttendanceView,
    FloorExtend, FloorGrant, FloorOrder, FloorRequestInput, FloorRequestView, FloorView, LiveView,
    Meeting, MeetingCreate, MeetingPatch, MeetingSummary, Minutes, Poll, PollCreate, PollOpen,
    PollResult, VoteCast, VoteReceipt,
};
use crate::api::{Page, Problem};

// ---------------------------------------------------------------------------------------------
// meetings

/// A draft meeting (state `draft`), visible only to clerks, chairs and admins until published.
/// Members must be active accounts, at most `statutory_members` of them.
#[utoipa::path(
    post,
    path = "/api/sessions",
    tag = "sessions",
    operation_id = "create_session",
    description = "A draft meeting (state `draft`), visible only to clerks, chairs and admins until published. Members must be active accounts, at most `statutory_members` of them.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    request_body(content = MeetingCreate, content_type = "application/json"),
    responses(
        (status = 201, description = "The meeting, in state `draft`", body = Meeting),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a clerk (or admin), the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Validation failed (`validation_failed`; `errors` names the fields)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn create_session() {}

/// Newest start first. Drafts are listed only for clerks, chairs and admins.
#[utoipa::path(
    get,
    path = "/api/sessions",
    tag = "sessions",
    operation_id = "list_sessions",
    description = "Newest start first. Drafts are listed only for clerks, chairs and admins.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Page size (default 50)", minimum = 1, maximum = 500),
    ),
    responses(
        (status = 200, description = "One page of meetings", body = Page<MeetingSummary>),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`limit` out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_sessions() {}

/// With members, agenda and attachment metadata. `video_url` only for members, the chair,
/// clerks and admins.
#[utoipa::path(
    get,
    path = "/api/sessions/{id}",
    tag = "sessions",
    operation_id = "get_session",
    description = "With members, agenda and attachment metadata. `video_url` only for members, the chair, clerks and admins.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
    ),
    responses(
        (status = 200, description = "The meeting", body = Meeting),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not visible to the caller (drafts)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_session() {}

/// Every field optional; not after close. Membership can change only before the meeting is
/// opened.
#[utoipa::path(
    patch,
    path = "/api/sessions/{id}",
    tag = "sessions",
    operation_id = "update_session",
    description = "Every field optional; not after close. Membership can change only before the meeting is opened.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
    ),
    request_body(content = MeetingPatch, content_type = "application/json"),
    responses(
        (status = 200, description = "The updated meeting", body = Meeting),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a clerk (or admin), the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not visible to the caller (drafts)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting is closed, or members changed after opening (`invalid_state`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Validation failed (`validation_failed`; `errors` names the fields)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn update_session() {}

/// `draft` → `published`: members and the public see the meeting; members may check in.
#[utoipa::path(
    post,
    path = "/api/sessions/{id}/publish",
    tag = "sessions",
    operation_id = "publish_session",
    description = "`draft` → `published`: members and the public see the meeting; members may check in.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
    ),
    responses(
        (status = 200, description = "The published meeting", body = Meeting),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a clerk (or admin), the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not visible to the caller (drafts)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a draft (`invalid_state`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn publish_session() {}

/// `published` → `live`: the floor and polls run.
#[utoipa::path(
    post,
    path = "/api/sessions/{id}/open",
    tag = "sessions",
    operation_id = "open_session",
    description = "`published` → `live`: the floor and polls run.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
    ),
    responses(
        (status = 200, description = "The live meeting", body = Meeting),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not this meeting's chair, the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not visible to the caller (drafts)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not published (`invalid_state`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn open_session() {}

/// `live` → `closed`; the current speech ends. Refused while a poll is open.
#[utoipa::path(
    post,
    path = "/api/sessions/{id}/close",
    tag = "sessions",
    operation_id = "close_session",
    description = "`live` → `closed`; the current speech ends. Refused while a poll is open.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
    ),
    responses(
        (status = 200, description = "The closed meeting", body = Meeting),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not this meeting's chair, the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not visible to the caller (drafts)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not live (`invalid_state`), or a poll is open (`poll_open`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn close_session() {}

// ---------------------------------------------------------------------------------------------
// agenda and attachments

/// Appended at the end of the agenda; not after close.
#[utoipa::path(
    post,
    path = "/api/sessions/{id}/agenda",
    tag = "sessions",
    operation_id = "add_agenda_item",
    description = "Appended at the end of the agenda; not after close.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
    ),
    request_body(content = AgendaItemInput, content_type = "application/json"),
    responses(
        (status = 201, description = "The new item", body = AgendaItem),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a clerk (or admin), the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not visible to the caller (drafts)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting is closed (`invalid_state`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Validation failed (`validation_failed`; `errors` names the fields)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn add_agenda_item() {}

/// Title and description; not after close.
#[utoipa::path(
    patch,
    path = "/api/sessions/{id}/agenda/{item}",
    tag = "sessions",
    operation_id = "update_agenda_item",
    description = "Title and description; not after close.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("item" = String, Path, description = "Agenda item id"),
    ),
    request_body(content = AgendaItemInput, content_type = "application/json"),
    responses(
        (status = 200, description = "The updated item", body = AgendaItem),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a clerk (or admin), the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting or item", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting is closed (`invalid_state`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Validation failed (`validation_failed`; `errors` names the fields)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn update_agenda_item() {}

/// With its attachments; the remaining items are renumbered.
#[utoipa::path(
    delete,
    path = "/api/sessions/{id}/agenda/{item}",
    tag = "sessions",
    operation_id = "delete_agenda_item",
    description = "With its attachments; the remaining items are renumbered.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("item" = String, Path, description = "Agenda item id"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a clerk (or admin), the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting or item", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting is closed (`invalid_state`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn delete_agenda_item() {}

/// `item_ids` must list every item of the meeting exactly once.
#[utoipa::path(
    put,
    path = "/api/sessions/{id}/agenda/order",
    tag = "sessions",
    operation_id = "order_agenda",
    description = "`item_ids` must list every item of the meeting exactly once.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
    ),
    request_body(content = AgendaOrder, content_type = "application/json"),
    responses(
        (status = 200, description = "The meeting with the new order", body = Meeting),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a clerk (or admin), the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not visible to the caller (drafts)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting is closed (`invalid_state`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a permutation of the meeting's items (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn order_agenda() {}

/// The item the debate is about; shown on every tablet and the chamber screen.
#[utoipa::path(
    post,
    path = "/api/sessions/{id}/agenda/{item}/current",
    tag = "sessions",
    operation_id = "set_current_item",
    description = "The item the debate is about; shown on every tablet and the chamber screen.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("item" = String, Path, description = "Agenda item id"),
    ),
    responses(
        (status = 200, description = "The meeting with its current item", body = Meeting),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not this meeting's chair, the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting or item", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting is closed (`invalid_state`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn set_current_item() {}

/// The body is the PDF itself (at most 10 MiB), the file name in the `X-Filename` header
/// (percent-encoded UTF-8).
#[utoipa::path(
    post,
    path = "/api/sessions/{id}/agenda/{item}/attachments",
    tag = "sessions",
    operation_id = "upload_attachment",
    description = "The body is the PDF itself (at most 10 MiB), the file name in the `X-Filename` header (percent-encoded UTF-8).",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("item" = String, Path, description = "Agenda item id"),
        ("X-Filename" = String, Header, description = "File name, percent-encoded UTF-8 (paths and control characters are stripped; `.pdf` is appended if missing)"),
    ),
    request_body(content = String, description = "The PDF file (at most 10 MiB)", content_type = "application/pdf"),
    responses(
        (status = 201, description = "The stored attachment", body = AttachmentView),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a clerk (or admin), the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting or item", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting is closed (`invalid_state`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 10 MiB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Body is not `application/pdf`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a PDF (`not_a_pdf`), or `X-Filename` missing or invalid (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn upload_attachment() {}

/// Sent as a download (`Content-Disposition: attachment`).
#[utoipa::path(
    get,
    path = "/api/sessions/{id}/attachments/{att}",
    tag = "sessions",
    operation_id = "get_attachment",
    description = "Sent as a download (`Content-Disposition: attachment`).",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("att" = String, Path, description = "Attachment id"),
    ),
    responses(
        (status = 200, description = "The PDF", body = String, content_type = "application/pdf"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller may not read this meeting's documents, or the password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting or attachment", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_attachment() {}

// ---------------------------------------------------------------------------------------------
// attendance

/// Every member with their mode, the number present and the quorum (`2 × present ≥ statutory`).
#[utoipa::path(
    get,
    path = "/api/sessions/{id}/attendance",
    tag = "sessions",
    operation_id = "get_attendance",
    description = "Every member with their mode, the number present and the quorum (`2 × present ≥ statutory`).",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
    ),
    responses(
        (status = 200, description = "Attendance and quorum", body = AttendanceView),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a member, the chair, a clerk or an admin, or the password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not visible to the caller (drafts)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_attendance() {}

/// From the member's own device: `in_person` or `remote` (`absent` is set by the clerk). The
/// meeting must be published or live.
#[utoipa::path(
    post,
    path = "/api/sessions/{id}/attendance",
    tag = "sessions",
    operation_id = "check_in",
    description = "From the member's own device: `in_person` or `remote` (`absent` is set by the clerk). The meeting must be published or live.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
    ),
    request_body(content = AttendanceInput, content_type = "application/json"),
    responses(
        (status = 200, description = "Attendance and quorum", body = AttendanceView),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a member (`not_a_member`), the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not visible to the caller (drafts)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting is a draft or closed (`invalid_state`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`absent` or an unknown mode (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn check_in() {}

/// The clerk marks a member `in_person`, `remote` or `absent`.
#[utoipa::path(
    put,
    path = "/api/sessions/{id}/attendance/{user_id}",
    tag = "sessions",
    operation_id = "set_attendance",
    description = "The clerk marks a member `in_person`, `remote` or `absent`.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("user_id" = String, Path, description = "The member's account id"),
    ),
    request_body(content = AttendanceInput, content_type = "application/json"),
    responses(
        (status = 200, description = "Attendance and quorum", body = AttendanceView),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a clerk (or admin), the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or the account is not a member", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting is a draft or closed (`invalid_state`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown mode (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn set_attendance() {}

// ---------------------------------------------------------------------------------------------
// floor

/// `normal`, `ad_vocem` (only while someone speaks) or `formal_motion` (wniosek formalny: goes
/// to the front and is accepted even when the list is closed). One request of each kind per
/// member.
#[utoipa::path(
    post,
    path = "/api/sessions/{id}/floor/requests",
    tag = "floor",
    operation_id = "request_floor",
    description = "`normal`, `ad_vocem` (only while someone speaks) or `formal_motion` (wniosek formalny: goes to the front and is accepted even when the list is closed). One request of each kind per member.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request safe: a repeat with the same key returns the first answer (kept at least 24 h, per caller and endpoint)"),
    ),
    request_body(content = FloorRequestInput, content_type = "application/json"),
    responses(
        (status = 201, description = "The queued request", body = FloorRequestView),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a member (`not_a_member`), the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not visible to the caller (drafts)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Ad vocem while nobody speaks (`nobody_speaking`), the list is closed (`list_closed`), already queued (`already_requested`), or not live (`invalid_state`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown kind (`validation_failed`), or the same `Idempotency-Key` with another body (`idempotency_mismatch`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn request_floor() {}

/// A member withdraws their own request; the chair may remove any.
#[utoipa::path(
    delete,
    path = "/api/sessions/{id}/floor/requests/{rid}",
    tag = "floor",
    operation_id = "withdraw_floor_request",
    description = "A member withdraws their own request; the chair may remove any.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("rid" = String, Path, description = "Floor request id"),
    ),
    responses(
        (status = 204, description = "Removed from the queue"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Neither the requester nor the chair, the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such queued request", body = Problem, content_type = "application/problem+json"),
    )
)]
fn withdraw_floor_request() {}

/// `{}` grants the first in speaking order, `{"request_id"}` a chosen request, `{"name"}`
/// someone off the list (the mayor, a guest). One speaker at a time. The time limit is the
/// meeting's limit for the kind.
#[utoipa::path(
    post,
    path = "/api/sessions/{id}/floor/grant",
    tag = "floor",
    operation_id = "grant_floor",
    description = "`{}` grants the first in speaking order, `{\"request_id\"}` a chosen request, `{\"name\"}` someone off the list (the mayor, a guest). One speaker at a time. The time limit is the meeting's limit for the kind.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
    ),
    request_body(content = FloorGrant, content_type = "application/json"),
    responses(
        (status = 200, description = "The floor", body = FloorView),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not this meeting's chair, the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or no such queued request (`not_found`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Someone speaks (`floor_taken`), the queue is empty (`queue_empty`), or not live (`invalid_state`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Both `request_id` and `name`, or a name that is blank or over 200 characters (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn grant_floor() {}

/// The time is recorded for the minutes. Queued ad vocem replies stay queued.
#[utoipa::path(
    post,
    path = "/api/sessions/{id}/floor/end",
    tag = "floor",
    operation_id = "end_floor",
    description = "The time is recorded for the minutes. Queued ad vocem replies stay queued.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
    ),
    responses(
        (status = 200, description = "The floor", body = FloorView),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not this meeting's chair, the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not visible to the caller (drafts)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Nobody speaks (`nobody_speaking`), or not live (`invalid_state`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn end_floor() {}

/// Adds `seconds` (1–3600) to the current speaker's limit.
#[utoipa::path(
    post,
    path = "/api/sessions/{id}/floor/extend",
    tag = "floor",
    operation_id = "extend_floor",
    description = "Adds `seconds` (1–3600) to the current speaker's limit.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
    ),
    request_body(content = FloorExtend, content_type = "application/json"),
    responses(
        (status = 200, description = "The floor", body = FloorView),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not this meeting's chair, the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not visible to the caller (drafts)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Nobody speaks (`nobody_speaking`), or not live (`invalid_state`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`seconds` out of range (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn extend_floor() {}

/// `request_ids` must list every queued request exactly once, and keep formal motions before ad
/// vocem replies before normal speeches.
#[utoipa::path(
    put,
    path = "/api/sessions/{id}/floor/order",
    tag = "floor",
    operation_id = "order_floor",
    description = "`request_ids` must list every queued request exactly once, and keep formal motions before ad vocem replies before normal speeches.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
    ),
    request_body(content = FloorOrder, content_type = "application/json"),
    responses(
        (status = 200, description = "The floor", body = FloorView),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not this meeting's chair, the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not visible to the caller (drafts)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting is not live (`invalid_state`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a permutation of the queue, or breaks the precedence of kinds (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn order_floor() {}

/// No new `normal` or `ad_vocem` requests; formal motions are still accepted; the queue stays.
#[utoipa::path(
    post,
    path = "/api/sessions/{id}/floor/close",
    tag = "floor",
    operation_id = "close_floor_list",
    description = "No new `normal` or `ad_vocem` requests; formal motions are still accepted; the queue stays.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
    ),
    responses(
        (status = 200, description = "The floor", body = FloorView),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not this meeting's chair, the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not visible to the caller (drafts)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting is not live (`invalid_state`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn close_floor_list() {}

/// Requests are accepted again.
#[utoipa::path(
    post,
    path = "/api/sessions/{id}/floor/reopen",
    tag = "floor",
    operation_id = "reopen_floor_list",
    description = "Requests are accepted again.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
    ),
    responses(
        (status = 200, description = "The floor", body = FloorView),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not this meeting's chair, the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not visible to the caller (drafts)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting is not live (`invalid_state`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn reopen_floor_list() {}

// ---------------------------------------------------------------------------------------------
// polls and votes

/// A draft poll. `majority` is data: `{rule: simple|absolute|qualified, base:
/// cast|present|statutory, fraction?}` (`fraction` only, and required, for `qualified`: 1 ≤ num
/// ≤ den ≤ 100). Options default to for/against/abstain.
#[utoipa::path(
    post,
    path = "/api/sessions/{id}/polls",
    tag = "polls",
    operation_id = "create_poll",
    description = "A draft poll. `majority` is data: `{rule: simple|absolute|qualified, base: cast|present|statutory, fraction?}` (`fraction` only, and required, for `qualified`: 1 ≤ num ≤ den ≤ 100). Options default to for/against/abstain.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
    ),
    request_body(content = PollCreate, content_type = "application/json"),
    responses(
        (status = 201, description = "The poll, in state `draft`", body = Poll),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is neither a clerk nor the chair, the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting or agenda item", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The meeting is closed (`invalid_state`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Validation failed (`validation_failed`; `errors` names the field, e.g. `majority`, `options`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn create_poll() {}

/// Every poll of the meeting, in order of creation.
#[utoipa::path(
    get,
    path = "/api/sessions/{id}/polls",
    tag = "polls",
    operation_id = "list_polls",
    description = "Every poll of the meeting, in order of creation.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
    ),
    responses(
        (status = 200, description = "The polls", body = Vec<Poll>),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not visible to the caller (drafts)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_polls() {}

/// While open: how many voted, never how.
#[utoipa::path(
    get,
    path = "/api/sessions/{id}/polls/{pid}",
    tag = "polls",
    operation_id = "get_poll",
    description = "While open: how many voted, never how.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("pid" = String, Path, description = "Poll id"),
    ),
    responses(
        (status = 200, description = "The poll", body = Poll),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting or poll", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_poll() {}

/// Needs quorum, unless `override_reason` is given (recorded in the poll, the audit chain and
/// the minutes). The members present now become the entitled voters. With a time limit, the
/// poll closes by itself.
#[utoipa::path(
    post,
    path = "/api/sessions/{id}/polls/{pid}/open",
    tag = "polls",
    operation_id = "open_poll",
    description = "Needs quorum, unless `override_reason` is given (recorded in the poll, the audit chain and the minutes). The members present now become the entitled voters. With a time limit, the poll closes by itself.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("pid" = String, Path, description = "Poll id"),
    ),
    request_body(content = Option<PollOpen>, content_type = "application/json"),
    responses(
        (status = 200, description = "The open poll", body = Poll),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not this meeting's chair, the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting or poll", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "No quorum (`no_quorum`), another poll is open (`poll_open`), not a draft or the meeting not live (`invalid_state`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`override_reason` too short or too long (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn open_poll() {}

/// Counts the votes, evaluates the majority and appends the result to the audit chain.
#[utoipa::path(
    post,
    path = "/api/sessions/{id}/polls/{pid}/close",
    tag = "polls",
    operation_id = "close_poll",
    description = "Counts the votes, evaluates the majority and appends the result to the audit chain.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("pid" = String, Path, description = "Poll id"),
    ),
    responses(
        (status = 200, description = "The result", body = PollResult),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not this meeting's chair, the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting or poll", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The poll is not open (`poll_not_open`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn close_poll() {}

/// Only the caller's own vote, only if entitled (present at opening), only while open. Final
/// unless the meeting allows changes (open polls only; then 200). The receipt lets the
/// councillor find their vote in the named list.
#[utoipa::path(
    post,
    path = "/api/sessions/{id}/polls/{pid}/votes",
    tag = "polls",
    operation_id = "cast_vote",
    description = "Only the caller's own vote, only if entitled (present at opening), only while open. Final unless the meeting allows changes (open polls only; then 200). The receipt lets the councillor find their vote in the named list.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("pid" = String, Path, description = "Poll id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes a retried request safe: a repeat with the same key returns the first answer (kept at least 24 h, per caller and endpoint)"),
    ),
    request_body(content = VoteCast, content_type = "application/json"),
    responses(
        (status = 201, description = "The vote is recorded", body = VoteReceipt),
        (status = 200, description = "The earlier vote was changed (meeting allows changes)", body = VoteReceipt),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not entitled: absent at opening, arrived later or not a member (`not_entitled`), or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`), the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting or poll", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already voted (`already_voted`), or the poll is not open (`poll_not_open`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A choice not offered in this poll (`validation_failed`), or the same `Idempotency-Key` with another body (`idempotency_mismatch`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn cast_vote() {}

// ---------------------------------------------------------------------------------------------
// live and minutes

/// Everything a tablet shows: meeting state, attendance and quorum, current item, speaker and
/// queue, the open (else last closed) poll with the caller's own vote status. Poll about every
/// second with `If-None-Match`.
#[utoipa::path(
    get,
    path = "/api/sessions/{id}/live",
    tag = "live",
    operation_id = "live",
    description = "Everything a tablet shows: meeting state, attendance and quorum, current item, speaker and queue, the open (else last closed) poll with the caller's own vote status. Poll about every second with `If-None-Match`.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("If-None-Match" = Option<String>, Header, description = "The `ETag` of the last answer: 304 while nothing changed"),
    ),
    responses(
        (status = 200, description = "The live state", body = LiveView, headers(("ETag" = String, description = "The revision, quoted"))),
        (status = 304, description = "Unchanged since the given `ETag`"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not visible to the caller (drafts)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn live() {}

/// Attendance, agenda, speeches with times, every closed poll with its result and named list.
/// `Accept: text/html` gives the printable Polish draft.
#[utoipa::path(
    get,
    path = "/api/sessions/{id}/minutes",
    tag = "live",
    operation_id = "minutes",
    description = "Attendance, agenda, speeches with times, every closed poll with its result and named list. `Accept: text/html` gives the printable Polish draft.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("id" = String, Path, description = "Meeting id"),
    ),
    responses(
        (status = 200, description = "The draft minutes", content((Minutes = "application/json"), (String = "text/html"))),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller is not a member, the chair, a clerk or an admin, or the password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such meeting, or not visible to the caller (drafts)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn minutes() {}

// ---------------------------------------------------------------------------------------------
// public (no login)

/// Published, live and closed meetings, newest start first. No login.
#[utoipa::path(
    get,
    path = "/api/public/sessions",
    tag = "public",
    operation_id = "public_sessions",
    description = "Published, live and closed meetings, newest start first. No login.",
    params(
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Page size (default 50)", minimum = 1, maximum = 500),
    ),
    responses(
        (status = 200, description = "One page of meetings", body = Page<MeetingSummary>),
        (status = 422, description = "`limit` out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
fn public_sessions() {}

/// The meeting with members' names and the agenda, without the video room. No login.
#[utoipa::path(
    get,
    path = "/api/public/sessions/{id}",
    tag = "public",
    operation_id = "public_session",
    description = "The meeting with members' names and the agenda, without the video room. No login.",
    params(
        ("id" = String, Path, description = "Meeting id"),
    ),
    responses(
        (status = 200, description = "The meeting", body = Meeting),
        (status = 404, description = "No such published meeting", body = Problem, content_type = "application/problem+json"),
    )
)]
fn public_session() {}

/// The meeting's closed polls with their outcome (links to the results). No login.
#[utoipa::path(
    get,
    path = "/api/public/sessions/{id}/polls",
    tag = "public",
    operation_id = "public_session_polls",
    description = "Closed polls of a published meeting with their outcome, oldest first. No login.",
    params(
        ("id" = String, Path, description = "Meeting id"),
    ),
    responses(
        (status = 200, description = "Closed polls", body = Vec<Poll>),
        (status = 404, description = "No such published meeting", body = Problem, content_type = "application/problem+json"),
    )
)]
fn public_session_polls() {}

/// The live state without personal parts (`me`, `my_vote`): for the chamber screen and the
/// broadcast overlay. No login.
#[utoipa::path(
    get,
    path = "/api/public/sessions/{id}/live",
    tag = "public",
    operation_id = "public_live",
    description = "The live state without personal parts (`me`, `my_vote`): for the chamber screen and the broadcast overlay. No login.",
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("If-None-Match" = Option<String>, Header, description = "The `ETag` of the last answer: 304 while nothing changed"),
    ),
    responses(
        (status = 200, description = "The live state", body = LiveView, headers(("ETag" = String, description = "The revision, quoted"))),
        (status = 304, description = "Unchanged since the given `ETag`"),
        (status = 404, description = "No such published meeting", body = Problem, content_type = "application/problem+json"),
    )
)]
fn public_live() {}

/// Counts, outcome with the rule in words, and for open polls the named list with receipts
/// (art. 14 ust. 4 u.s.g.); secret polls list who voted, not how. No login.
#[utoipa::path(
    get,
    path = "/api/public/sessions/{id}/polls/{pid}",
    tag = "public",
    operation_id = "public_poll",
    description = "Counts, outcome with the rule in words, and for open polls the named list with receipts (art. 14 ust. 4 u.s.g.); secret polls list who voted, not how. No login.",
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("pid" = String, Path, description = "Poll id"),
    ),
    responses(
        (status = 200, description = "The result", body = PollResult),
        (status = 404, description = "No such published meeting or poll", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The poll is not closed yet (`poll_not_closed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn public_poll() {}

/// UTF-8 with BOM, `;`-separated, columns `user_id;name;choice;receipt`, one row per entitled
/// voter (`choice` empty for a non-voter; always empty in secret polls). No login.
#[utoipa::path(
    get,
    path = "/api/public/sessions/{id}/polls/{pid}.csv",
    tag = "public",
    operation_id = "public_poll_csv",
    description = "UTF-8 with BOM, `;`-separated, columns `user_id;name;choice;receipt`, one row per entitled voter (`choice` empty for a non-voter; always empty in secret polls). No login.",
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("pid" = String, Path, description = "Poll id"),
    ),
    responses(
        (status = 200, description = "The result as CSV", body = String, content_type = "text/csv"),
        (status = 404, description = "No such published meeting or poll", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The poll is not closed yet (`poll_not_closed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn public_poll_csv() {}

/// A printable Polish page for BIP with the named list and the audit chain hash. No login.
#[utoipa::path(
    get,
    path = "/api/public/sessions/{id}/polls/{pid}.html",
    tag = "public",
    operation_id = "public_poll_html",
    description = "A printable Polish page for BIP with the named list and the audit chain hash. No login.",
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("pid" = String, Path, description = "Poll id"),
    ),
    responses(
        (status = 200, description = "The printable page", body = String, content_type = "text/html"),
        (status = 404, description = "No such published meeting or poll", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The poll is not closed yet (`poll_not_closed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn public_poll_html() {}

/// An attachment of a published meeting, as a download. No login.
#[utoipa::path(
    get,
    path = "/api/public/sessions/{id}/attachments/{att}",
    tag = "public",
    operation_id = "public_attachment",
    description = "An attachment of a published meeting, as a download. No login.",
    params(
        ("id" = String, Path, description = "Meeting id"),
        ("att" = String, Path, description = "Attachment id"),
    ),
    responses(
        (status = 200, description = "The PDF", body = String, content_type = "application/pdf"),
        (status = 404, description = "No such published meeting or attachment", body = Problem, content_type = "application/problem+json"),
    )
)]
fn public_attachment() {}
