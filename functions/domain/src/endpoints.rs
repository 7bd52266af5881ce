//! The endpoint catalogue: every HTTP operation the functions answer, in one list.
//!
//! Components route *these constants* (the platform router takes a `&'static Endpoint`), and a
//! test of the `openapi` module checks that every public entry is in the OpenAPI document — so
//! an endpoint cannot be served without being catalogued, nor catalogued without being documented.

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
                Some(name) => format!("{{{name}}}"),
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

/// Every endpoint, public and internal.
pub const ALL: &[&Endpoint] = &[
    &HEALTH,
    &OPENAPI,
    &TICK,
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
