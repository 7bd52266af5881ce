//! The OpenAPI 3.1 document of the API (`GET /api/openapi.json`), generated from the shared
//! types with utoipa.
//!
//! Adding an endpoint: add it to [`crate::endpoints`], describe it with a `#[utoipa::path]`
//! stub (system ones below, accounts ones in [`accounts`], council ones in [`council`]) and
//! list the stub in [`ApiDoc`].
//! The test `every_public_endpoint_is_documented` fails until all three agree.
//!
//! Operations that need a session carry `security(("cookieAuth" = []), ("bearerAuth" = []))`:
//! the `ratusz_session` cookie (browsers) or `Authorization: Bearer <token>` (scripts).

mod accounts;
mod audit_checkpoints;
mod chat;
mod chat_push;
mod council;
mod limits;
mod notify;
mod notify_keys;
mod notify_messages;
mod notify_reports;
mod notify_resident;
mod notify_staff;
mod notify_templates;
mod operations;
mod ticks;

use crate::api::accounts::{
    AccountStatus, ChangePasswordRequest, CreateUser, LockView, LoginRequest, LoginResponse,
    MeResponse, ReasonBody, Role, SessionView, TokenResponse, Unit, UnitInput, UnitKind,
    UpdateUser, UserView,
};
use crate::api::chat::{
    Attachment as ChatAttachment, AttachmentType, ChatExport, ChatPerson, ChatUpdates,
    Conversation, ConversationCounts, ConversationCreate, ConversationKind, ConversationPatch,
    MembersPut, Message as ChatMessage, MessageCreate, MessageEdit, ReadMarkerPut, ReplyRef,
};
use crate::api::chat::{PushKey, PushKeys, PushSubscriptionCreate, PushSubscriptionCreated};
use crate::api::council::{
    AgendaItem, AgendaItemInput, AgendaOrder, AttachmentView, AttendanceEntry, AttendanceInput,
    AttendanceMode, AttendanceView, Choice, Counts, CurrentItem, FloorExtend, FloorGrant,
    FloorKind, FloorOrder, FloorRequestInput, FloorRequestView, FloorView, Fraction,
    LiveAttendance, LiveMe, LivePoll, LiveView, Majority, MajorityBase, MajorityRule, Meeting,
    MeetingCreate, MeetingKind, MeetingPatch, MeetingState, MeetingSummary, MemberView, Minutes,
    MinutesAttendance, MyVote, NamedVote, Poll, PollCreate, PollKind, PollOpen, PollResult,
    PollState, QueueEntry, SecretVoter, Speaker, SpeakingLimits, Speech, VoteCast, VoteReceipt,
};
use crate::api::incidents::{
    CreateIncident, IncidentDetail, IncidentKind, IncidentNote, IncidentStatus, IncidentView,
    Severity, UpdateIncident,
};
use crate::api::maintenance::{
    MaintenanceNotice, MaintenanceWindow, MaintenanceWindowInput, MaintenanceWindows, NoticeWindow,
    WindowState,
};
use crate::api::resets::{
    ClaimRequest, CollectedBy, CreateResetRequest, DocumentKind, HandoverRequest, HandoverView,
    RejectRequest, ResetAccepted, ResetDelivery, ResetStatus, ResetView,
};
use crate::api::{
    AppliedMigration, AuditStatus, DatabaseStatus, HealthCheck, HealthChecks, HealthReport,
    HealthStatus, OutboxStatus, Page, Problem, SchemaStatus, SystemStatus, TickReport,
};
use crate::audit::checkpoint::Checkpoint;
use crate::audit::export::{AuditExportPage, CheckpointAgreement, CheckpointStatus};
use crate::audit::{AuditEntry, AuditVerification};
use crate::endpoints::{self, Exposure, HttpMethod};
use crate::id::Id;
use crate::time::Timestamp;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// Name of the session cookie (`ratusz-platform`'s `session::COOKIE`).
pub const SESSION_COOKIE: &str = "ratusz_session";

/// The generated description; use [`document`], which also applies the catalogue.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Ratusz API",
        description = "Council sessions, account security and notifications for Polish municipalities. \
                       Errors are RFC 9457 problems (`application/problem+json`) with a stable `code`.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2")
    ),
    paths(
        health, openapi_json, scheduled_tick, system_status,
        accounts::login, accounts::logout, accounts::me, accounts::change_password,
        accounts::list_users, accounts::create_user, accounts::get_user, accounts::update_user,
        accounts::lock_user, accounts::unlock_user, accounts::disable_user, accounts::enable_user,
        accounts::end_user_session,
        accounts::list_units, accounts::create_unit, accounts::update_unit,
        accounts::create_password_reset, accounts::list_password_resets,
        accounts::get_password_reset, accounts::approve_password_reset,
        accounts::reject_password_reset, accounts::password_reset_letter,
        accounts::password_reset_handover, accounts::claim_password_reset,
        accounts::list_incidents, accounts::create_incident, accounts::get_incident,
        accounts::update_incident,
        accounts::list_audit, accounts::verify_audit,
        audit_checkpoints::export_audit, audit_checkpoints::sign_audit_checkpoint,
        audit_checkpoints::public_audit_checkpoint,
        council::create_session, council::list_sessions, council::get_session,
        council::update_session, council::publish_session, council::open_session,
        council::close_session, council::add_agenda_item, council::update_agenda_item,
        council::delete_agenda_item, council::order_agenda, council::set_current_item,
        council::upload_attachment, council::get_attachment, council::get_attendance,
        council::check_in, council::set_attendance, council::request_floor,
        council::withdraw_floor_request, council::grant_floor, council::end_floor,
        council::extend_floor, council::order_floor, council::close_floor_list,
        council::reopen_floor_list, council::create_poll, council::list_polls, council::get_poll,
        council::open_poll, council::close_poll, council::cast_vote, council::live,
        council::minutes, council::public_sessions, council::public_session, council::public_session_polls,
        council::public_live, council::public_poll, council::public_poll_csv,
        council::public_poll_html, council::public_attachment,
        operations::create_maintenance_window, operations::list_maintenance_windows,
        operations::cancel_maintenance_window, operations::public_maintenance,
        chat::list_chat_conversations, chat::create_chat_conversation,
        chat::get_chat_conversation, chat::update_chat_conversation, chat::set_chat_members,
        chat::mark_chat_read, chat::list_chat_messages, chat::post_chat_message,
        chat::edit_chat_message, chat::delete_chat_message, chat::chat_updates,
        chat_push::chat_push_key, chat_push::create_chat_push_subscription,
        chat_push::delete_chat_push_subscription,
        chat::search_chat, chat::export_chat_conversation, chat::upload_chat_attachment,
        chat::get_chat_attachment, chat::list_chat_groups
    ),
    components(schemas(
        HealthReport, HealthChecks, HealthCheck, HealthStatus, Problem, TickReport,
        SystemStatus, SchemaStatus, AppliedMigration, DatabaseStatus, OutboxStatus, AuditStatus,
        AuditEntry, AuditVerification, Id, Timestamp,
        Checkpoint, AuditExportPage, CheckpointAgreement, CheckpointStatus,
        Role, AccountStatus, LockView, UserView, SessionView, CreateUser, UpdateUser, ReasonBody,
        UnitKind, Unit, UnitInput, LoginRequest, LoginResponse, MeResponse,
        ChangePasswordRequest, TokenResponse,
        ResetDelivery, ResetStatus, CreateResetRequest, ResetAccepted, CollectedBy, DocumentKind,
        HandoverRequest, HandoverView, ResetView, RejectRequest, ClaimRequest,
        IncidentKind, Severity, IncidentStatus, IncidentView, IncidentNote, IncidentDetail,
        CreateIncident, UpdateIncident,
        Page<UserView>, Page<Unit>, Page<ResetView>, Page<IncidentView>, Page<AuditEntry>,
        MeetingKind, MeetingState, SpeakingLimits, MemberView, Meeting, MeetingCreate, MeetingPatch,
        MeetingSummary, AgendaItem, AgendaItemInput, AgendaOrder, AttachmentView, AttendanceMode,
        AttendanceInput, AttendanceEntry, AttendanceView, FloorKind, FloorRequestInput,
        FloorRequestView, FloorGrant, FloorExtend, FloorOrder, Speaker, QueueEntry, FloorView,
        PollKind, PollState, Choice, MajorityRule, MajorityBase, Fraction, Majority, PollCreate,
        PollOpen, Counts, Poll, VoteCast, VoteReceipt, NamedVote, SecretVoter, PollResult,
        LiveAttendance, CurrentItem, MyVote, LivePoll, LiveView, LiveMe, MinutesAttendance, Speech,
        Minutes, Page<MeetingSummary>,
        MaintenanceWindowInput, WindowState, MaintenanceWindow, MaintenanceWindows,
        MaintenanceNotice, NoticeWindow,
        ConversationKind, AttachmentType, ChatPerson, ChatAttachment, ReplyRef, ChatMessage,
        Conversation, ConversationCreate, ConversationPatch, MembersPut, ReadMarkerPut,
        MessageCreate, MessageEdit, ConversationCounts, ChatUpdates, ChatExport,
        Page<Conversation>, Page<ChatMessage>,
        PushKey, PushKeys, PushSubscriptionCreate, PushSubscriptionCreated
    )),
    modifiers(&SecuritySchemes),
    tags(
        (name = "system", description = "Health and self-description of the deployment"),
        (name = "auth", description = "Signing in and out, the caller's session and password"),
        (name = "users", description = "Accounts: registration, roles, locks, sessions"),
        (name = "units", description = "Units of the municipality (council, schools, departments)"),
        (name = "password-resets", description = "Administrator-approved password reset (procedure PZO-01)"),
        (name = "incidents", description = "The security incident register (GDPR art. 33)"),
        (name = "audit", description = "The hash-linked audit chain"),
        (name = "sessions", description = "Council sessions and committee meetings: agenda, attachments, attendance"),
        (name = "floor", description = "The list of speakers and the chair's floor control"),
        (name = "polls", description = "Polls, votes with receipts, results"),
        (name = "live", description = "The live state for tablets and the draft minutes"),
        (name = "chat", description = "The council's chat: conversations, messages, read markers, updates"),
        (name = "maintenance", description = "Maintenance windows: scheduled at night, announced in advance"),
        (name = "public", description = "What anyone may read without logging in: published meetings, the chamber screen, results for BIP")
    )
)]
pub struct ApiDoc;

/// Adds the two ways to present a session: `cookieAuth` (the `ratusz_session` cookie, set by
/// login; state-changing requests also send `X-Ratusz-CSRF: 1`) and `bearerAuth` (the same
/// token in `Authorization: Bearer …`).
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "cookieAuth",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                SESSION_COOKIE,
                "Session cookie set by `POST /api/auth/login`; state-changing requests must also \
                 send `X-Ratusz-CSRF: 1`",
            ))),
        );
        components.add_security_scheme(
            "tickToken",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "The deployment's `tick_token` variable, for the scheduler that calls \
                         `POST /api/system/tick`, `POST /api/notify/tick` and `POST /api/chat/tick`",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "bearerAuth",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "The `token` returned by `POST /api/auth/login` (for scripts)",
                    ))
                    .build(),
            ),
        );
    }
}

/// Health of the deployment.
#[utoipa::path(
    get,
    path = "/api/health",
    tag = "system",
    operation_id = "health",
    responses(
        (status = 200, description = "Every dependency answered", body = HealthReport),
        (status = 503, description = "At least one dependency failed", body = HealthReport),
    )
)]
#[allow(dead_code)]
fn health() {}

/// The periodic work (outbox retries, expiries) for schedulers outside the host.
#[utoipa::path(
    post,
    path = "/api/system/tick",
    tag = "system",
    operation_id = "scheduled_tick",
    security(("tickToken" = [])),
    responses(
        (status = 200, description = "The tick ran", body = TickReport),
        (status = 401, description = "Missing or wrong tick token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No tick token is configured (the route is off)", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database stayed busy; retry later", body = Problem, content_type = "application/problem+json"),
    )
)]
#[allow(dead_code)]
fn scheduled_tick() {}

/// What the components can know about the deployment, for the administrator's health page.
#[utoipa::path(
    get,
    path = "/api/system/status",
    tag = "system",
    operation_id = "system_status",
    description = "Schema version and applied migrations, database size, the outbox by state and \
                   its oldest waiting message, a KV round trip, the audit chain's length and head, \
                   server time and version. Roles admin and support.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    responses(
        (status = 200, description = "The status now (a failed KV probe is `kv.ok: false`)", body = SystemStatus),
    )
)]
#[allow(dead_code)]
fn system_status() {}

/// The OpenAPI document.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "system",
    operation_id = "openapi",
    responses(
        (status = 200, description = "This document (OpenAPI 3.1)", content_type = "application/json"),
        (status = 500, description = "Internal error", body = Problem, content_type = "application/problem+json"),
    )
)]
#[allow(dead_code)]
fn openapi_json() {}

/// The OpenAPI 3.1 document, with summaries from the endpoint catalogue.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.merge(notify::NotifyDoc::openapi());
    doc.merge(notify_staff::NotifyStaffDoc::openapi());
    doc.merge(notify_keys::NotifyKeysDoc::openapi());
    doc.merge(notify_messages::NotifyMessagesDoc::openapi());
    doc.merge(notify_resident::NotifyResidentDoc::openapi());
    doc.merge(notify_reports::NotifyReportsDoc::openapi());
    doc.merge(notify_templates::NotifyTemplatesDoc::openapi());
    doc.merge(ticks::TicksDoc::openapi());
    for endpoint in endpoints::ALL
        .iter()
        .filter(|e| e.exposure == Exposure::Public)
    {
        let item = doc.paths.paths.get_mut(&endpoint.openapi_path());
        if let Some(op) = item.and_then(|item| operation_mut(item, endpoint.method)) {
            op.summary = Some(endpoint.summary.to_owned());
        }
    }
    doc
}

/// The document as served (`GET /api/openapi.json`): [`document`] with every limit the server
/// enforces and the answers every operation can give ([`limits`]).
pub fn document_json() -> serde_json::Value {
    let mut doc = serde_json::to_value(document()).unwrap_or_default();
    notify::apply_limits(&mut doc);
    notify_staff::apply_limits(&mut doc);
    notify_messages::apply_limits(&mut doc);
    notify_reports::apply_limits(&mut doc);
    notify_templates::apply_limits(&mut doc);
    limits::apply(&mut doc);
    doc
}

/// The operation of `item` for `method`, if documented.
pub fn operation_mut(item: &mut PathItem, method: HttpMethod) -> Option<&mut Operation> {
    match method {
        HttpMethod::Get => item.get.as_mut(),
        HttpMethod::Post => item.post.as_mut(),
        HttpMethod::Put => item.put.as_mut(),
        HttpMethod::Patch => item.patch.as_mut(),
        HttpMethod::Delete => item.delete.as_mut(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json() -> serde_json::Value {
        document_json()
    }

    #[test]
    fn document_is_openapi_3_1_and_lists_the_system_endpoints() {
        let doc = json();
        assert_eq!(doc["openapi"], "3.1.0");
        assert!(doc["paths"]["/api/health"]["get"].is_object());
        assert!(doc["paths"]["/api/openapi.json"]["get"].is_object());
        assert!(doc["components"]["schemas"]["HealthReport"].is_object());
        assert!(doc["components"]["schemas"]["Problem"].is_object());
    }

    #[test]
    fn every_public_endpoint_is_documented_and_no_internal_one_is() {
        let doc = json();
        for e in endpoints::ALL {
            let method = e.method.as_str().to_ascii_lowercase();
            let op = &doc["paths"][e.openapi_path()][&method];
            match e.exposure {
                Exposure::Public => {
                    assert!(
                        op.is_object(),
                        "{} {} missing from OpenAPI",
                        e.method.as_str(),
                        e.path
                    );
                    assert_eq!(op["summary"], e.summary);
                }
                Exposure::Internal => assert!(op.is_null(), "{} is internal", e.path),
            }
        }
    }

    #[test]
    fn document_has_the_two_security_schemes() {
        let doc = json();
        let schemes = &doc["components"]["securitySchemes"];
        assert_eq!(schemes["cookieAuth"]["type"], "apiKey");
        assert_eq!(schemes["cookieAuth"]["in"], "cookie");
        assert_eq!(schemes["cookieAuth"]["name"], SESSION_COOKIE);
        assert_eq!(schemes["bearerAuth"]["type"], "http");
        assert_eq!(schemes["bearerAuth"]["scheme"], "bearer");
        assert_eq!(schemes["bearerAuth"]["bearerFormat"], "JWT");
    }

    #[test]
    fn accounts_paths_have_their_methods() {
        let doc = json();
        let user = &doc["paths"]["/api/users/{id}"];
        assert!(user["get"].is_object());
        assert!(user["patch"].is_object());
        assert!(user["get"]["parameters"]
            .as_array()
            .is_some_and(|ps| ps.iter().any(|p| p["name"] == "id" && p["in"] == "path")));
        for e in endpoints::ACCOUNTS {
            let method = e.method.as_str().to_ascii_lowercase();
            assert!(
                doc["paths"][e.openapi_path()][&method].is_object(),
                "{} {} missing",
                e.method.as_str(),
                e.path
            );
        }
    }

    #[test]
    fn council_paths_have_their_methods_and_media_types() {
        let doc = json();
        for e in endpoints::COUNCIL {
            let method = e.method.as_str().to_ascii_lowercase();
            assert!(
                doc["paths"][e.openapi_path()][&method].is_object(),
                "{} {} missing",
                e.method.as_str(),
                e.path
            );
        }
        let session = &doc["paths"]["/api/sessions/{id}"];
        assert!(session["get"].is_object() && session["patch"].is_object());
        let request = &doc["paths"]["/api/sessions/{id}/floor/requests/{rid}"]["delete"];
        for param in ["id", "rid"] {
            assert!(
                request["parameters"]
                    .as_array()
                    .is_some_and(|ps| ps.iter().any(|p| p["name"] == param && p["in"] == "path")),
                "{param}"
            );
        }
        let responses =
            |path: &str| doc["paths"][path]["get"]["responses"]["200"]["content"].clone();
        assert!(responses("/api/public/sessions/{id}/polls/{pid}.csv")["text/csv"].is_object());
        assert!(responses("/api/public/sessions/{id}/polls/{pid}.html")["text/html"].is_object());
        assert!(responses("/api/sessions/{id}/attachments/{att}")["application/pdf"].is_object());
        assert!(
            responses("/api/public/sessions/{id}/attachments/{att}")["application/pdf"].is_object()
        );
        let minutes = responses("/api/sessions/{id}/minutes");
        assert!(minutes["application/json"].is_object() && minutes["text/html"].is_object());
        let upload = &doc["paths"]["/api/sessions/{id}/agenda/{item}/attachments"]["post"];
        assert!(upload["requestBody"]["content"]["application/pdf"].is_object());
        assert!(upload["parameters"].as_array().is_some_and(|ps| ps
            .iter()
            .any(|p| p["name"] == "X-Filename" && p["in"] == "header")));
        let cast = &doc["paths"]["/api/sessions/{id}/polls/{pid}/votes"]["post"];
        assert!(cast["parameters"]
            .as_array()
            .is_some_and(|ps| ps.iter().any(|p| p["name"] == "Idempotency-Key")));
        assert!(cast["responses"]["201"].is_object());
        let live = &doc["paths"]["/api/sessions/{id}/live"]["get"]["responses"];
        assert!(live["304"].is_object());
        assert!(live["200"]["headers"]["ETag"].is_object());
        let schemas = &doc["components"]["schemas"];
        for name in [
            "Meeting",
            "LiveView",
            "PollResult",
            "Majority",
            "Fraction",
            "Minutes",
        ] {
            assert!(schemas[name].is_object(), "{name} schema missing");
        }
    }

    /// Only these operations answer without a session; every other one names both schemes.
    #[test]
    fn operations_need_a_session_except_the_public_ones() {
        let public = [
            "/api/health",
            "/api/openapi.json",
            "/api/auth/login",
            "/api/password-resets/claim",
        ];
        let doc = json();
        for e in endpoints::ALL
            .iter()
            .filter(|e| e.exposure == Exposure::Public)
        {
            let method = e.method.as_str().to_ascii_lowercase();
            let op = &doc["paths"][e.openapi_path()][&method];
            let security = op["security"].as_array().cloned().unwrap_or_default();
            if endpoints::SCHEDULED_TICKS.contains(e) {
                // A scheduler's token, not a person's session.
                assert!(security.iter().any(|s| s.get("tickToken").is_some()));
                continue;
            }
            // A bound device's own token (docs/api/notifications.md), or a gateway's callback
            // token (docs/api/notifications-messages.md), not a staff session.
            if security
                .iter()
                .any(|s| s.get("deviceToken").is_some() || s.get("callbackToken").is_some())
            {
                continue;
            }
            let open = public.contains(&e.path)
                || endpoints::NOTIFY_PUBLIC.contains(e)
                || **e == endpoints::RESETS_CREATE
                || e.path.starts_with("/api/public/");
            if open {
                assert!(
                    security.is_empty(),
                    "{} {} is public",
                    e.method.as_str(),
                    e.path
                );
            } else {
                for scheme in ["cookieAuth", "bearerAuth"] {
                    assert!(
                        security.iter().any(|s| s.get(scheme).is_some()),
                        "{} {} lacks {scheme}",
                        e.method.as_str(),
                        e.path
                    );
                }
            }
        }
    }

    #[test]
    fn problems_are_problem_json_and_lists_are_pages() {
        let doc = json();
        let paths = doc["paths"].as_object().cloned().unwrap_or_default();
        for (path, item) in &paths {
            for (method, op) in item.as_object().cloned().unwrap_or_default() {
                for (status, response) in op["responses"].as_object().cloned().unwrap_or_default() {
                    if status.starts_with('4') {
                        let schema =
                            &response["content"]["application/problem+json"]["schema"]["$ref"];
                        assert_eq!(
                            schema, "#/components/schemas/Problem",
                            "{method} {path} {status}"
                        );
                    }
                }
            }
        }
        let users = &doc["paths"]["/api/users"]["get"]["responses"]["200"];
        let page = users["content"]["application/json"]["schema"].to_string();
        assert!(page.contains("Page"), "users list is a page: {page}");
        let letter = &doc["paths"]["/api/password-resets/{id}/letter"]["get"]["responses"];
        assert!(letter["200"]["content"]["text/html"].is_object());
        assert!(letter["410"].is_object());
        let schemas = &doc["components"]["schemas"];
        for name in [
            "UserView",
            "ResetView",
            "IncidentDetail",
            "LoginResponse",
            "Unit",
        ] {
            assert!(schemas[name].is_object(), "{name} schema missing");
        }
    }

    #[test]
    fn every_documented_operation_is_catalogued() {
        let doc = json();
        let paths = doc["paths"].as_object().cloned().unwrap_or_default();
        for (path, item) in paths {
            for method in item
                .as_object()
                .map(|m| m.keys().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
            {
                let known = endpoints::ALL.iter().any(|e| {
                    e.openapi_path() == path && e.method.as_str().eq_ignore_ascii_case(&method)
                });
                assert!(
                    known,
                    "{method} {path} is documented but not in endpoints::ALL"
                );
            }
        }
    }
}
