//! The endpoint catalogue: every HTTP operation the functions answer, in one list.
//!
//! Components route *these constants* (the platform router takes a `&'static Endpoint`), and a
//! test of the `openapi` module checks that every public entry is in the OpenAPI document — so
//! an endpoint cannot be served without being catalogued, nor catalogued without being documented.

mod notify;
mod notify_messages;
mod notify_reports;
mod notify_resident;
mod notify_staff;
mod notify_templates;
mod ticks;
pub use notify::*;
pub use notify_messages::*;
pub use notify_reports::*;
pub use notify_resident::*;
pub use notify_staff::*;
pub use notify_templates::*;
pub use ticks::*;

/// An HTTP method the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl HttpMethod {
    /// The method's name on the wire.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
        }
    }
}

/// Who can reach an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exposure {
    /// Routed from the internet; documented in OpenAPI.
    Public,
    /// Reached only through a private route (the host's scheduler, service chaining).
    Internal,
}

/// One operation: method, path pattern and a one-line summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoint {
    /// HTTP method.
    pub method: HttpMethod,
    /// Path pattern, `:name` for a parameter segment (as in `spin.toml`).
    pub path: &'static str,
    /// One line for people (also the OpenAPI summary).
    pub summary: &'static str,
    /// Public or internal.
    pub exposure: Exposure,
}

impl Endpoint {
    /// The path in OpenAPI's template syntax (`/api/users/{id}`).
    pub fn openapi_path(&self) -> String {
        self.path
            .split('/')
            .map(|seg| match seg.strip_prefix(':') {
                // `:pid.csv` → `{pid}.csv`: a parameter with a literal extension.
                Some(param) => match param.split_once('.') {
                    Some((name, ext)) => format!("{{{name}}}.{ext}"),
                    None => format!("{{{param}}}"),
                },
                None => seg.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// `GET /api/health`: can this deployment serve requests (KV and SQLite round trips)?
pub const HEALTH: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/health",
    summary: "Health of the deployment (key-value store and database round trips)",
    exposure: Exposure::Public,
};

/// `GET /api/openapi.json`: this API described as OpenAPI 3.1.
pub const OPENAPI: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/openapi.json",
    summary: "The OpenAPI 3.1 document of this API",
    exposure: Exposure::Public,
};

/// `POST /internal/tick`: periodic work (migrations now; outbox retries and expiries later).
pub const TICK: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/internal/tick",
    summary: "Scheduled tick: runs periodic work",
    exposure: Exposure::Internal,
};

/// `POST /api/system/tick`: the same tick for Spin and SpinKube deployments, where nothing
/// drives a private route: a Kubernetes CronJob (or any scheduler) calls it with
/// `Authorization: Bearer <tick_token>`. Answers 404 while the variable `tick_token` is empty.
pub const SCHEDULED_TICK: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/system/tick",
    summary: "Scheduled tick for schedulers outside the host (token in variable tick_token)",
    exposure: Exposure::Public,
};

// Accounts (shared/spec/accounts.md), served by `auth`.

/// `POST /api/auth/login`: Sign in with e-mail and password; sets the session cookie.
pub const LOGIN: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/auth/login",
    summary: "Sign in with e-mail and password; sets the session cookie",
    exposure: Exposure::Public,
};

/// `POST /api/auth/logout`: End the caller's session.
pub const LOGOUT: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/auth/logout",
    summary: "End the caller's session",
    exposure: Exposure::Public,
};

/// `GET /api/auth/me`: The signed-in account and its session.
pub const ME: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/auth/me",
    summary: "The signed-in account and its session",
    exposure: Exposure::Public,
};

/// `POST /api/auth/password`: Change the caller's password (replaces the session).
pub const CHANGE_PASSWORD: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/auth/password",
    summary: "Change the caller's password (replaces the session)",
    exposure: Exposure::Public,
};

/// `GET /api/users`: List accounts (admin, support); `q` searches names and e-mails.
pub const USERS_LIST: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/users",
    summary: "List accounts (admin, support); `q` searches names and e-mails",
    exposure: Exposure::Public,
};

/// `POST /api/users`: Register an account and send its start password (admin).
pub const USERS_CREATE: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/users",
    summary: "Register an account and send its start password (admin)",
    exposure: Exposure::Public,
};

/// `GET /api/users/:id`: One account (admin, support).
pub const USER_GET: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/users/:id",
    summary: "One account (admin, support)",
    exposure: Exposure::Public,
};

/// `PATCH /api/users/:id`: Edit names, phone, unit (admin) and roles (admin only).
pub const USER_UPDATE: Endpoint = Endpoint {
    method: HttpMethod::Patch,
    path: "/api/users/:id",
    summary: "Edit names, phone, unit (admin) and roles (admin only)",
    exposure: Exposure::Public,
};

/// `POST /api/users/:id/lock`: Lock an account until unlocked (admin, support).
pub const USER_LOCK: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/users/:id/lock",
    summary: "Lock an account until unlocked (admin, support)",
    exposure: Exposure::Public,
};

/// `POST /api/users/:id/unlock`: Lift a lock and clear failure counters (admin, support).
pub const USER_UNLOCK: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/users/:id/unlock",
    summary: "Lift a lock and clear failure counters (admin, support)",
    exposure: Exposure::Public,
};

/// `POST /api/users/:id/disable`: Disable an account and end its session (admin).
pub const USER_DISABLE: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/users/:id/disable",
    summary: "Disable an account and end its session (admin)",
    exposure: Exposure::Public,
};

/// `POST /api/users/:id/enable`: Enable a disabled account (admin).
pub const USER_ENABLE: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/users/:id/enable",
    summary: "Enable a disabled account (admin)",
    exposure: Exposure::Public,
};

/// `DELETE /api/users/:id/session`: End an account's active session (admin, support).
pub const USER_END_SESSION: Endpoint = Endpoint {
    method: HttpMethod::Delete,
    path: "/api/users/:id/session",
    summary: "End an account's active session (admin, support)",
    exposure: Exposure::Public,
};

/// `GET /api/units`: List units (any signed-in account).
pub const UNITS_LIST: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/units",
    summary: "List units (any signed-in account)",
    exposure: Exposure::Public,
};

/// `POST /api/units`: Create a unit (admin).
pub const UNITS_CREATE: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/units",
    summary: "Create a unit (admin)",
    exposure: Exposure::Public,
};

/// `PATCH /api/units/:id`: Rename or re-kind a unit (admin).
pub const UNIT_UPDATE: Endpoint = Endpoint {
    method: HttpMethod::Patch,
    path: "/api/units/:id",
    summary: "Rename or re-kind a unit (admin)",
    exposure: Exposure::Public,
};

/// `POST /api/password-resets`: Request a password reset (holder, director of the unit, admin, support); always 202.
pub const RESETS_CREATE: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/password-resets",
    summary: "Request a password reset (holder, director of the unit, admin, support); always 202",
    exposure: Exposure::Public,
};

/// `GET /api/password-resets`: Reset requests queue (admin, support); `status` filters.
pub const RESETS_LIST: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/password-resets",
    summary: "Reset requests queue (admin, support); `status` filters",
    exposure: Exposure::Public,
};

/// `GET /api/password-resets/:id`: One reset request (admin, support).
pub const RESET_GET: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/password-resets/:id",
    summary: "One reset request (admin, support)",
    exposure: Exposure::Public,
};

/// `POST /api/password-resets/:id/approve`: Approve a reset request (admin, support; not the requester).
pub const RESET_APPROVE: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/password-resets/:id/approve",
    summary: "Approve a reset request (admin, support; not the requester)",
    exposure: Exposure::Public,
};

/// `POST /api/password-resets/:id/reject`: Reject a reset request with a reason (admin, support; not the requester).
pub const RESET_REJECT: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/password-resets/:id/reject",
    summary: "Reject a reset request with a reason (admin, support; not the requester)",
    exposure: Exposure::Public,
};

/// `GET /api/password-resets/:id/letter`: Printable letter with the start password and form F-01 (shown once).
pub const RESET_LETTER: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/password-resets/:id/letter",
    summary: "Printable letter with the start password and form F-01 (shown once)",
    exposure: Exposure::Public,
};

/// `POST /api/password-resets/:id/handover`: Record who collected the letter.
pub const RESET_HANDOVER: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/password-resets/:id/handover",
    summary: "Record who collected the letter",
    exposure: Exposure::Public,
};

/// `POST /api/password-resets/claim`: Set a new password with the e-mailed token and the SMS code.
pub const RESET_CLAIM: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/password-resets/claim",
    summary: "Set a new password with the e-mailed token and the SMS code",
    exposure: Exposure::Public,
};

/// `GET /api/incidents`: Security incident register (admin, support).
pub const INCIDENTS_LIST: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/incidents",
    summary: "Security incident register (admin, support)",
    exposure: Exposure::Public,
};

/// `POST /api/incidents`: Register an incident (admin, support).
pub const INCIDENTS_CREATE: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/incidents",
    summary: "Register an incident (admin, support)",
    exposure: Exposure::Public,
};

/// `GET /api/incidents/:id`: One incident with its timeline (admin, support).
pub const INCIDENT_GET: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/incidents/:id",
    summary: "One incident with its timeline (admin, support)",
    exposure: Exposure::Public,
};

/// `PATCH /api/incidents/:id`: Change status, severity, owner; add a note (admin, support).
pub const INCIDENT_UPDATE: Endpoint = Endpoint {
    method: HttpMethod::Patch,
    path: "/api/incidents/:id",
    summary: "Change status, severity, owner; add a note (admin, support)",
    exposure: Exposure::Public,
};

/// `GET /api/audit`: The audit chain, a page at a time (admin, support).
pub const AUDIT_LIST: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/audit",
    summary: "The audit chain, a page at a time (admin, support)",
    exposure: Exposure::Public,
};

/// `GET /api/audit/verify`: Recompute the audit chain server-side (admin, support).
pub const AUDIT_VERIFY: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/audit/verify",
    summary: "Recompute the audit chain server-side (admin, support)",
    exposure: Exposure::Public,
};

/// `GET /api/audit/export`: the chain with its checkpoints, a page at a time.
pub const AUDIT_EXPORT: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/audit/export",
    summary:
        "Export the audit chain with its signed checkpoints, a page at a time (admin, support)",
    exposure: Exposure::Public,
};

/// `POST /api/audit/checkpoints`: sign the chain's head now.
pub const AUDIT_CHECKPOINT_SIGN: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/audit/checkpoints",
    summary: "Sign a checkpoint of the audit chain's head now (admin)",
    exposure: Exposure::Public,
};

/// `GET /api/public/audit/checkpoint`: the newest signed checkpoint, for anyone to keep.
pub const PUBLIC_AUDIT_CHECKPOINT: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/public/audit/checkpoint",
    summary: "The newest signed checkpoint of the audit chain with its public key (no login)",
    exposure: Exposure::Public,
};

// --- council (functions/voting, shared/spec/council.md) ---

/// `POST /api/sessions`
pub const SESSIONS_CREATE: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/sessions",
    summary: "Create a meeting (clerk)",
    exposure: Exposure::Public,
};

/// `GET /api/sessions`
pub const SESSIONS_LIST: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/sessions",
    summary: "Meetings the caller may see",
    exposure: Exposure::Public,
};

/// `GET /api/sessions/:id`
pub const SESSION_GET: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/sessions/:id",
    summary: "One meeting with members and agenda",
    exposure: Exposure::Public,
};

/// `PATCH /api/sessions/:id`
pub const SESSION_UPDATE: Endpoint = Endpoint {
    method: HttpMethod::Patch,
    path: "/api/sessions/:id",
    summary: "Edit a meeting (clerk)",
    exposure: Exposure::Public,
};

/// `POST /api/sessions/:id/publish`
pub const SESSION_PUBLISH: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/sessions/:id/publish",
    summary: "Publish a draft meeting (clerk)",
    exposure: Exposure::Public,
};

/// `POST /api/sessions/:id/open`
pub const SESSION_OPEN: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/sessions/:id/open",
    summary: "Open the meeting (chair)",
    exposure: Exposure::Public,
};

/// `POST /api/sessions/:id/close`
pub const SESSION_CLOSE: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/sessions/:id/close",
    summary: "Close the meeting (chair)",
    exposure: Exposure::Public,
};

/// `POST /api/sessions/:id/agenda`
pub const AGENDA_ADD: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/sessions/:id/agenda",
    summary: "Add an agenda item (clerk)",
    exposure: Exposure::Public,
};

/// `PATCH /api/sessions/:id/agenda/:item`
pub const AGENDA_UPDATE: Endpoint = Endpoint {
    method: HttpMethod::Patch,
    path: "/api/sessions/:id/agenda/:item",
    summary: "Edit an agenda item (clerk)",
    exposure: Exposure::Public,
};

/// `DELETE /api/sessions/:id/agenda/:item`
pub const AGENDA_DELETE: Endpoint = Endpoint {
    method: HttpMethod::Delete,
    path: "/api/sessions/:id/agenda/:item",
    summary: "Remove an agenda item (clerk)",
    exposure: Exposure::Public,
};

/// `PUT /api/sessions/:id/agenda/order`
pub const AGENDA_ORDER: Endpoint = Endpoint {
    method: HttpMethod::Put,
    path: "/api/sessions/:id/agenda/order",
    summary: "Reorder the agenda (clerk)",
    exposure: Exposure::Public,
};

/// `POST /api/sessions/:id/agenda/:item/current`
pub const AGENDA_CURRENT: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/sessions/:id/agenda/:item/current",
    summary: "Make an item the current one (chair)",
    exposure: Exposure::Public,
};

/// `POST /api/sessions/:id/agenda/:item/attachments`
pub const ATTACHMENT_UPLOAD: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/sessions/:id/agenda/:item/attachments",
    summary: "Attach a PDF to an agenda item (clerk; body application/pdf, header X-Filename)",
    exposure: Exposure::Public,
};

/// `GET /api/sessions/:id/attachments/:att`
pub const ATTACHMENT_GET: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/sessions/:id/attachments/:att",
    summary: "Download an attachment (members, clerk, chair, admin)",
    exposure: Exposure::Public,
};

/// `GET /api/sessions/:id/attendance`
pub const ATTENDANCE_GET: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/sessions/:id/attendance",
    summary: "Attendance of every member with the quorum",
    exposure: Exposure::Public,
};

/// `POST /api/sessions/:id/attendance`
pub const ATTENDANCE_CHECK_IN: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/sessions/:id/attendance",
    summary: "Check in from one's own device (member)",
    exposure: Exposure::Public,
};

/// `PUT /api/sessions/:id/attendance/:user_id`
pub const ATTENDANCE_SET: Endpoint = Endpoint {
    method: HttpMethod::Put,
    path: "/api/sessions/:id/attendance/:user_id",
    summary: "Mark a member present or absent (clerk)",
    exposure: Exposure::Public,
};

/// `POST /api/sessions/:id/floor/requests`
pub const FLOOR_REQUEST: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/sessions/:id/floor/requests",
    summary: "Request the floor (member)",
    exposure: Exposure::Public,
};

/// `DELETE /api/sessions/:id/floor/requests/:rid`
pub const FLOOR_WITHDRAW: Endpoint = Endpoint {
    method: HttpMethod::Delete,
    path: "/api/sessions/:id/floor/requests/:rid",
    summary: "Withdraw one's request, or remove one (chair)",
    exposure: Exposure::Public,
};

/// `POST /api/sessions/:id/floor/grant`
pub const FLOOR_GRANT: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/sessions/:id/floor/grant",
    summary: "Grant the floor: next, a chosen request or a guest by name (chair)",
    exposure: Exposure::Public,
};

/// `POST /api/sessions/:id/floor/end`
pub const FLOOR_END: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/sessions/:id/floor/end",
    summary: "End the current speech (chair)",
    exposure: Exposure::Public,
};

/// `POST /api/sessions/:id/floor/extend`
pub const FLOOR_EXTEND: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/sessions/:id/floor/extend",
    summary: "Extend the current speech (chair)",
    exposure: Exposure::Public,
};

/// `PUT /api/sessions/:id/floor/order`
pub const FLOOR_ORDER: Endpoint = Endpoint {
    method: HttpMethod::Put,
    path: "/api/sessions/:id/floor/order",
    summary: "Reorder the speaker list (chair)",
    exposure: Exposure::Public,
};

/// `POST /api/sessions/:id/floor/close`
pub const FLOOR_CLOSE: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/sessions/:id/floor/close",
    summary: "Close the speaker list (chair)",
    exposure: Exposure::Public,
};

/// `POST /api/sessions/:id/floor/reopen`
pub const FLOOR_REOPEN: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/sessions/:id/floor/reopen",
    summary: "Reopen the speaker list (chair)",
    exposure: Exposure::Public,
};

/// `POST /api/sessions/:id/polls`
pub const POLLS_CREATE: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/sessions/:id/polls",
    summary: "Prepare a poll (clerk, chair)",
    exposure: Exposure::Public,
};

/// `GET /api/sessions/:id/polls`
pub const POLLS_LIST: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/sessions/:id/polls",
    summary: "Polls of a meeting",
    exposure: Exposure::Public,
};

/// `GET /api/sessions/:id/polls/:pid`
pub const POLL_GET: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/sessions/:id/polls/:pid",
    summary: "One poll",
    exposure: Exposure::Public,
};

/// `POST /api/sessions/:id/polls/:pid/open`
pub const POLL_OPEN: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/sessions/:id/polls/:pid/open",
    summary: "Open a poll (chair; needs quorum or an override reason)",
    exposure: Exposure::Public,
};

/// `POST /api/sessions/:id/polls/:pid/close`
pub const POLL_CLOSE: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/sessions/:id/polls/:pid/close",
    summary: "Close a poll and count (chair)",
    exposure: Exposure::Public,
};

/// `POST /api/sessions/:id/polls/:pid/votes`
pub const VOTE_CAST: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/sessions/:id/polls/:pid/votes",
    summary: "Cast one's own vote (entitled member; Idempotency-Key)",
    exposure: Exposure::Public,
};

/// `GET /api/sessions/:id/live`
pub const LIVE: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/sessions/:id/live",
    summary: "Live state for tablets and the chair (ETag, 304)",
    exposure: Exposure::Public,
};

/// `GET /api/sessions/:id/minutes`
pub const MINUTES: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/sessions/:id/minutes",
    summary: "Draft minutes (JSON, or HTML with Accept: text/html)",
    exposure: Exposure::Public,
};

/// `GET /api/public/sessions`
pub const PUBLIC_SESSIONS: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/public/sessions",
    summary: "Published meetings (no login)",
    exposure: Exposure::Public,
};

/// `GET /api/public/sessions/:id`
pub const PUBLIC_SESSION: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/public/sessions/:id",
    summary: "A published meeting with its agenda (no login)",
    exposure: Exposure::Public,
};

/// `GET /api/public/sessions/:id/polls`
pub const PUBLIC_POLLS: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/public/sessions/:id/polls",
    summary: "Closed polls of a published meeting with their outcome (no login)",
    exposure: Exposure::Public,
};

/// `GET /api/public/sessions/:id/live`
pub const PUBLIC_LIVE: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/public/sessions/:id/live",
    summary: "Live state for the chamber screen (no login; ETag, 304)",
    exposure: Exposure::Public,
};

/// `GET /api/public/sessions/:id/polls/:pid`
pub const PUBLIC_POLL: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/public/sessions/:id/polls/:pid",
    summary: "Result of a closed poll with the named list (no login)",
    exposure: Exposure::Public,
};

/// `GET /api/public/sessions/:id/polls/:pid.csv`
pub const PUBLIC_POLL_CSV: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/public/sessions/:id/polls/:pid.csv",
    summary: "Result as CSV (no login)",
    exposure: Exposure::Public,
};

/// `GET /api/public/sessions/:id/polls/:pid.html`
pub const PUBLIC_POLL_HTML: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/public/sessions/:id/polls/:pid.html",
    summary: "Printable result page for BIP (no login)",
    exposure: Exposure::Public,
};

/// `GET /api/public/sessions/:id/attachments/:att`
pub const PUBLIC_ATTACHMENT: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/public/sessions/:id/attachments/:att",
    summary: "Attachment of a published meeting (no login)",
    exposure: Exposure::Public,
};

// Operations (docs/api/operations.md), served by `auth`.

/// `POST /api/maintenance-windows`: schedule a maintenance window (admin).
pub const MAINTENANCE_CREATE: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/maintenance-windows",
    summary: "Schedule a maintenance window inside the night window (admin)",
    exposure: Exposure::Public,
};

/// `GET /api/maintenance-windows`: the windows not over yet and the recent ones.
pub const MAINTENANCE_LIST: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/maintenance-windows",
    summary: "Maintenance windows: upcoming, current and recent (admin, support)",
    exposure: Exposure::Public,
};

/// `POST /api/maintenance-windows/{id}/cancel`: call a window off (admin).
pub const MAINTENANCE_CANCEL: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/maintenance-windows/:id/cancel",
    summary: "Call off a scheduled or running maintenance window (admin)",
    exposure: Exposure::Public,
};

/// `GET /api/public/maintenance`: the current or next window, for the banner (no login).
pub const PUBLIC_MAINTENANCE: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/public/maintenance",
    summary: "The current or next maintenance window, for the banner (no login)",
    exposure: Exposure::Public,
};

/// `GET /api/system/status`: the administrator's health page (admin, support).
pub const SYSTEM_STATUS: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/system/status",
    summary: "Schema, database size, outbox, KV and audit chain at a glance (admin, support)",
    exposure: Exposure::Public,
};

// ---------------------------------------------------------------------------------------------
// Chat (docs/api/messaging.md), served by `messaging`

/// `GET /api/chat/conversations`.
pub const CHAT_CONVERSATIONS: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/chat/conversations",
    summary: "The caller's conversations, the most recently active first",
    exposure: Exposure::Public,
};

/// `POST /api/chat/conversations`.
pub const CHAT_CONVERSATION_CREATE: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/chat/conversations",
    summary: "Start a direct conversation (or get the existing one), or create a group (clerk)",
    exposure: Exposure::Public,
};

/// `GET /api/chat/conversations/:cid`.
pub const CHAT_CONVERSATION: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/chat/conversations/:cid",
    summary: "One conversation (members only)",
    exposure: Exposure::Public,
};

/// `PATCH /api/chat/conversations/:cid`.
pub const CHAT_CONVERSATION_UPDATE: Endpoint = Endpoint {
    method: HttpMethod::Patch,
    path: "/api/chat/conversations/:cid",
    summary: "Rename a group (clerk)",
    exposure: Exposure::Public,
};

/// `PUT /api/chat/conversations/:cid/members`.
pub const CHAT_MEMBERS: Endpoint = Endpoint {
    method: HttpMethod::Put,
    path: "/api/chat/conversations/:cid/members",
    summary: "Set a group's members (clerk; audited)",
    exposure: Exposure::Public,
};

/// `PUT /api/chat/conversations/:cid/read`.
pub const CHAT_READ: Endpoint = Endpoint {
    method: HttpMethod::Put,
    path: "/api/chat/conversations/:cid/read",
    summary: "Move the caller's read marker forward",
    exposure: Exposure::Public,
};

/// `GET /api/chat/conversations/:cid/messages`.
pub const CHAT_MESSAGES: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/chat/conversations/:cid/messages",
    summary: "Messages, newest first",
    exposure: Exposure::Public,
};

/// `POST /api/chat/conversations/:cid/messages`.
pub const CHAT_MESSAGE_POST: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/chat/conversations/:cid/messages",
    summary: "Send a message (Idempotency-Key: one copy on retry)",
    exposure: Exposure::Public,
};

/// `PATCH /api/chat/conversations/:cid/messages/:mid`.
pub const CHAT_MESSAGE_EDIT: Endpoint = Endpoint {
    method: HttpMethod::Patch,
    path: "/api/chat/conversations/:cid/messages/:mid",
    summary: "Edit one's own message within 15 minutes",
    exposure: Exposure::Public,
};

/// `DELETE /api/chat/conversations/:cid/messages/:mid`.
pub const CHAT_MESSAGE_DELETE: Endpoint = Endpoint {
    method: HttpMethod::Delete,
    path: "/api/chat/conversations/:cid/messages/:mid",
    summary: "Delete one's own message within 15 minutes",
    exposure: Exposure::Public,
};

/// `GET /api/chat/updates`.
pub const CHAT_UPDATES: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/chat/updates",
    summary: "What changed in the caller's conversations since a cursor (ETag / 304)",
    exposure: Exposure::Public,
};

/// `GET /api/chat/search`.
pub const CHAT_SEARCH: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/chat/search",
    summary: "Search whole words in the caller's conversations",
    exposure: Exposure::Public,
};

/// `GET /api/chat/conversations/:cid/export`.
pub const CHAT_EXPORT: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/chat/conversations/:cid/export",
    summary: "Export a conversation for the archive (JSON or printable HTML; audited)",
    exposure: Exposure::Public,
};

/// `GET /api/chat/push-key`.
pub const CHAT_PUSH_KEY: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/chat/push-key",
    summary: "The server's VAPID public key for Web Push subscriptions",
    exposure: Exposure::Public,
};

/// `POST /api/chat/push-subscriptions`.
pub const CHAT_PUSH_SUBSCRIBE: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/chat/push-subscriptions",
    summary: "Subscribe the caller's browser to Web Push (direct messages, mentions)",
    exposure: Exposure::Public,
};

/// `DELETE /api/chat/push-subscriptions/:id`.
pub const CHAT_PUSH_UNSUBSCRIBE: Endpoint = Endpoint {
    method: HttpMethod::Delete,
    path: "/api/chat/push-subscriptions/:id",
    summary: "Remove one of the caller's Web Push subscriptions",
    exposure: Exposure::Public,
};

/// `POST /api/chat/conversations/:cid/attachments`.
pub const CHAT_ATTACHMENT_UPLOAD: Endpoint = Endpoint {
    method: HttpMethod::Post,
    path: "/api/chat/conversations/:cid/attachments",
    summary: "Upload a file for a message (PDF or image, ≤ 10 MiB, content checked)",
    exposure: Exposure::Public,
};

/// `GET /api/chat/conversations/:cid/attachments/:aid`.
pub const CHAT_ATTACHMENT: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/chat/conversations/:cid/attachments/:aid",
    summary: "Download a message's file (members; as an attachment)",
    exposure: Exposure::Public,
};

/// `GET /api/chat/groups`.
pub const CHAT_GROUPS: Endpoint = Endpoint {
    method: HttpMethod::Get,
    path: "/api/chat/groups",
    summary: "Every group with its title and members, never a message (clerk)",
    exposure: Exposure::Public,
};

/// Every endpoint, public and internal.
pub const ALL: &[&Endpoint] = &[
    &HEALTH,
    &OPENAPI,
    &TICK,
    &SCHEDULED_TICK,
    &NOTIFY_TICK,
    &CHAT_TICK,
    &LOGIN,
    &LOGOUT,
    &ME,
    &CHANGE_PASSWORD,
    &USERS_LIST,
    &USERS_CREATE,
    &USER_GET,
    &USER_UPDATE,
    &USER_LOCK,
    &USER_UNLOCK,
    &USER_DISABLE,
    &USER_ENABLE,
    &USER_END_SESSION,
    &UNITS_LIST,
    &UNITS_CREATE,
    &UNIT_UPDATE,
    &RESETS_CREATE,
    &RESETS_LIST,
    &RESET_GET,
    &RESET_APPROVE,
    &RESET_REJECT,
    &RESET_LETTER,
    &RESET_HANDOVER,
    &RESET_CLAIM,
    &INCIDENTS_LIST,
    &INCIDENTS_CREATE,
    &INCIDENT_GET,
    &INCIDENT_UPDATE,
    &AUDIT_LIST,
    &AUDIT_VERIFY,
    &SESSIONS_CREATE,
    &SESSIONS_LIST,
    &SESSION_GET,
    &SESSION_UPDATE,
    &SESSION_PUBLISH,
    &SESSION_OPEN,
    &SESSION_CLOSE,
    &AGENDA_ADD,
    &AGENDA_UPDATE,
    &AGENDA_DELETE,
    &AGENDA_ORDER,
    &AGENDA_CURRENT,
    &ATTACHMENT_UPLOAD,
    &ATTACHMENT_GET,
    &ATTENDANCE_GET,
    &ATTENDANCE_CHECK_IN,
    &ATTENDANCE_SET,
    &FLOOR_REQUEST,
    &FLOOR_WITHDRAW,
    &FLOOR_GRANT,
    &FLOOR_END,
    &FLOOR_EXTEND,
    &FLOOR_ORDER,
    &FLOOR_CLOSE,
    &FLOOR_REOPEN,
    &POLLS_CREATE,
    &POLLS_LIST,
    &POLL_GET,
    &POLL_OPEN,
    &POLL_CLOSE,
    &VOTE_CAST,
    &LIVE,
    &MINUTES,
    &PUBLIC_SESSIONS,
    &PUBLIC_SESSION,
    &PUBLIC_POLLS,
    &PUBLIC_LIVE,
    &PUBLIC_POLL,
    &PUBLIC_POLL_CSV,
    &PUBLIC_POLL_HTML,
    &PUBLIC_ATTACHMENT,
    &MAINTENANCE_CREATE,
    &MAINTENANCE_LIST,
    &MAINTENANCE_CANCEL,
    &PUBLIC_MAINTENANCE,
    &AUDIT_EXPORT,
    &AUDIT_CHECKPOINT_SIGN,
    &PUBLIC_AUDIT_CHECKPOINT,
    &SYSTEM_STATUS,
    &CHAT_CONVERSATIONS,
    &CHAT_CONVERSATION_CREATE,
    &CHAT_CONVERSATION,
    &CHAT_CONVERSATION_UPDATE,
    &CHAT_MEMBERS,
    &CHAT_READ,
    &CHAT_MESSAGES,
    &CHAT_MESSAGE_POST,
    &CHAT_MESSAGE_EDIT,
    &CHAT_MESSAGE_DELETE,
    &CHAT_UPDATES,
    &CHAT_PUSH_KEY,
    &CHAT_PUSH_SUBSCRIBE,
    &CHAT_PUSH_UNSUBSCRIBE,
    &CHAT_SEARCH,
    &CHAT_EXPORT,
    &CHAT_ATTACHMENT_UPLOAD,
    &CHAT_ATTACHMENT,
    &CHAT_GROUPS,
    &NOTIFY_DISTRICTS,
    &NOTIFY_CONSENT,
    &NOTIFY_REGISTER,
    &NOTIFY_CODES,
    &NOTIFY_BIND,
    &NOTIFY_ME,
    &NOTIFY_ME_UPDATE,
    &NOTIFY_ME_ERASE,
    &NOTIFY_ME_SUSPEND,
    &NOTIFY_ME_RESUME,
    &NOTIFY_ME_WITHDRAW,
    &NOTIFY_ME_CONSENT,
    &NOTIFY_ME_UNBIND,
    &NOTIFY_RECIPIENT_CREATE,
    &NOTIFY_RECIPIENTS,
    &NOTIFY_RECIPIENT,
    &NOTIFY_RECIPIENT_UPDATE,
    &NOTIFY_RECIPIENT_VERIFY,
    &NOTIFY_CONSENT_DOCUMENT,
    &NOTIFY_CONSENT_DOCUMENT_MARK,
    &NOTIFY_RECIPIENT_SUSPEND,
    &NOTIFY_RECIPIENT_RESUME,
    &NOTIFY_RECIPIENT_WITHDRAW,
    &NOTIFY_RECIPIENT_CODE,
    &NOTIFY_ERASURE_REQUEST,
    &NOTIFY_ERASURE_CONFIRM,
    &NOTIFY_ERASURE_WITHDRAW,
    &NOTIFY_DISTRICT_CREATE,
    &NOTIFY_DISTRICT_RENAME,
    &NOTIFY_STATS,
    &NOTIFY_KEYS,
    &NOTIFY_KEY_ROTATION,
    &NOTIFY_ME_REPORT_PHOTO_UPLOAD,
    &NOTIFY_ME_REPORT_CREATE,
    &NOTIFY_ME_REPORTS,
    &NOTIFY_ME_REPORT,
    &NOTIFY_ME_REPORT_PHOTO,
    &NOTIFY_REPORTS,
    &NOTIFY_REPORT,
    &NOTIFY_REPORT_PHOTO,
    &NOTIFY_REPORT_STATUS,
    &NOTIFY_REPORT_REPLY,
    &NOTIFY_PUSH_KEY,
    &NOTIFY_ME_PUSH_SUBSCRIBE,
    &NOTIFY_ME_PUSH_UNSUBSCRIBE,
    &NOTIFY_ME_MESSAGES,
    &NOTIFY_NEWS,
    &NOTIFY_MESSAGE_PREVIEW,
    &NOTIFY_MESSAGE_CREATE,
    &NOTIFY_MESSAGES,
    &NOTIFY_MESSAGE,
    &NOTIFY_MESSAGE_CANCEL,
    &NOTIFY_DELIVERY_EVENTS,
    &NOTIFY_TEMPLATES,
    &NOTIFY_TEMPLATE_CREATE,
    &NOTIFY_TEMPLATE,
    &NOTIFY_TEMPLATE_UPDATE,
    &NOTIFY_TEMPLATE_DELETE,
];

/// The operations endpoints (served by `auth`).
pub const OPERATIONS: &[&Endpoint] = &[
    &AUDIT_EXPORT,
    &AUDIT_CHECKPOINT_SIGN,
    &PUBLIC_AUDIT_CHECKPOINT,
    &MAINTENANCE_CREATE,
    &MAINTENANCE_LIST,
    &MAINTENANCE_CANCEL,
    &PUBLIC_MAINTENANCE,
    &SYSTEM_STATUS,
];

/// The accounts endpoints (served by `auth`).
pub const ACCOUNTS: &[&Endpoint] = &[
    &LOGIN,
    &LOGOUT,
    &ME,
    &CHANGE_PASSWORD,
    &USERS_LIST,
    &USERS_CREATE,
    &USER_GET,
    &USER_UPDATE,
    &USER_LOCK,
    &USER_UNLOCK,
    &USER_DISABLE,
    &USER_ENABLE,
    &USER_END_SESSION,
    &UNITS_LIST,
    &UNITS_CREATE,
    &UNIT_UPDATE,
    &RESETS_CREATE,
    &RESETS_LIST,
    &RESET_GET,
    &RESET_APPROVE,
    &RESET_REJECT,
    &RESET_LETTER,
    &RESET_HANDOVER,
    &RESET_CLAIM,
    &INCIDENTS_LIST,
    &INCIDENTS_CREATE,
    &INCIDENT_GET,
    &INCIDENT_UPDATE,
    &AUDIT_LIST,
    &AUDIT_VERIFY,
];

/// The council endpoints (served by `voting`).
pub const COUNCIL: &[&Endpoint] = &[
    &SESSIONS_CREATE,
    &SESSIONS_LIST,
    &SESSION_GET,
    &SESSION_UPDATE,
    &SESSION_PUBLISH,
    &SESSION_OPEN,
    &SESSION_CLOSE,
    &AGENDA_ADD,
    &AGENDA_UPDATE,
    &AGENDA_DELETE,
    &AGENDA_ORDER,
    &AGENDA_CURRENT,
    &ATTACHMENT_UPLOAD,
    &ATTACHMENT_GET,
    &ATTENDANCE_GET,
    &ATTENDANCE_CHECK_IN,
    &ATTENDANCE_SET,
    &FLOOR_REQUEST,
    &FLOOR_WITHDRAW,
    &FLOOR_GRANT,
    &FLOOR_END,
    &FLOOR_EXTEND,
    &FLOOR_ORDER,
    &FLOOR_CLOSE,
    &FLOOR_REOPEN,
    &POLLS_CREATE,
    &POLLS_LIST,
    &POLL_GET,
    &POLL_OPEN,
    &POLL_CLOSE,
    &VOTE_CAST,
    &LIVE,
    &MINUTES,
    &PUBLIC_SESSIONS,
    &PUBLIC_SESSION,
    &PUBLIC_POLLS,
    &PUBLIC_LIVE,
    &PUBLIC_POLL,
    &PUBLIC_POLL_CSV,
    &PUBLIC_POLL_HTML,
    &PUBLIC_ATTACHMENT,
];

/// The chat endpoints (served by `messaging`).
pub const CHAT: &[&Endpoint] = &[
    &CHAT_CONVERSATIONS,
    &CHAT_CONVERSATION_CREATE,
    &CHAT_CONVERSATION,
    &CHAT_CONVERSATION_UPDATE,
    &CHAT_MEMBERS,
    &CHAT_READ,
    &CHAT_MESSAGES,
    &CHAT_MESSAGE_POST,
    &CHAT_MESSAGE_EDIT,
    &CHAT_MESSAGE_DELETE,
    &CHAT_UPDATES,
    &CHAT_PUSH_KEY,
    &CHAT_PUSH_SUBSCRIBE,
    &CHAT_PUSH_UNSUBSCRIBE,
    &CHAT_SEARCH,
    &CHAT_EXPORT,
    &CHAT_ATTACHMENT_UPLOAD,
    &CHAT_ATTACHMENT,
    &CHAT_GROUPS,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi_path_uses_braces_for_parameters() {
        let e = Endpoint {
            path: "/api/sessions/:id/polls/:pid",
            ..HEALTH
        };
        assert_eq!(e.openapi_path(), "/api/sessions/{id}/polls/{pid}");
        assert_eq!(HEALTH.openapi_path(), "/api/health");
        assert_eq!(
            PUBLIC_POLL_CSV.openapi_path(),
            "/api/public/sessions/{id}/polls/{pid}.csv"
        );
    }

    #[test]
    fn catalogue_has_no_duplicates() {
        for (i, a) in ALL.iter().enumerate() {
            for b in &ALL[i + 1..] {
                assert!(
                    a.method != b.method || a.path != b.path,
                    "{} {} twice",
                    a.method.as_str(),
                    a.path
                );
            }
        }
    }
}
