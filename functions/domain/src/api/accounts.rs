//! Accounts, units, login and sessions (`shared/spec/accounts.md`).

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};

/// A role an account may hold (several at once).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// IT administrator: accounts, roles, units.
    Admin,
    /// Technical assistance: views accounts and sessions, unlocks, processes reset requests;
    /// cannot grant roles.
    Support,
    /// Council office (biuro rady): prepares and publishes meetings, polls, minutes.
    Clerk,
    /// Chair of the council (przewodniczący): runs a meeting; also votes.
    Chair,
    /// Councillor (radny).
    Councillor,
    /// Head of a unit (dyrektor): may request a reset for accounts of their own unit only.
    Director,
    /// Citizen notifications: composes and sends messages, reads anonymous counts
    /// (notifications.md § Roles).
    Notifier,
    /// The resident registry (ICP): registers, verifies and corrects recipients, consent
    /// documents, erasure with a second person, districts.
    NotifierAdmin,
}

// Display order too (the frontend lists roles in this order).
crate::wire_names!(Role {
    Admin = "admin",
    Support = "support",
    Clerk = "clerk",
    Chair = "chair",
    Councillor = "councillor",
    Director = "director",
    Notifier = "notifier",
    NotifierAdmin = "notifier_admin",
});

/// Whether an account may sign in at all (a lock is separate and temporary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    /// May sign in.
    Active,
    /// Disabled by an administrator: no sign-in, no session.
    Disabled,
}

crate::wire_names!(AccountStatus {
    Active = "active",
    Disabled = "disabled",
});

/// The lock on an account, when there is one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LockView {
    /// When the lock ends by itself; absent for a permanent lock (admin or support unlocks).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Timestamp>,
    /// Locked until someone unlocks it (20 failures in 24 h, or locked by hand).
    pub permanent: bool,
    /// Why: `failed_logins`, `too_many_failures`, `manual`.
    pub reason: String,
}

/// An account as the API shows it (never the password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    /// Account id (ULID).
    pub id: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Login e-mail, normalised (trimmed, NFKC, lower case).
    pub email: String,
    /// Registered mobile phone for SMS codes (E.164 or as entered).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The unit the account belongs to.
    pub unit_id: String,
    /// Roles, sorted.
    pub roles: Vec<Role>,
    /// `active` or `disabled`.
    pub status: AccountStatus,
    /// The current lock, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lock: Option<LockView>,
    /// The account still has a start password (it must be changed at the next login).
    pub must_change_password: bool,
    /// When the account was created.
    pub created_at: Timestamp,
    /// The last successful login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_login_at: Option<Timestamp>,
    /// Whether a session is open now (admin and support views only; `false` elsewhere).
    #[serde(default)]
    pub has_session: bool,
    /// The open session and its device (`GET /api/users/{id}`, admin and support only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<SessionView>,
}

/// An account's open session as technical support sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionView {
    /// Sign-in time.
    pub started_at: Timestamp,
    /// The latest request (kept at most every 30 s).
    pub last_seen_at: Timestamp,
    /// Browser and system from the `User-Agent` at sign-in (`Chrome 131 · Android`, `unknown`).
    pub device: String,
}

/// `POST /api/users` (admin): register an account; the start password goes to `email`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    /// First name (1–100 characters).
    pub first_name: String,
    /// Last name (1–100 characters).
    pub last_name: String,
    /// Login e-mail (≤ 254 characters).
    pub email: String,
    /// Mobile phone for SMS codes (digits, spaces, `+`, ≤ 20 characters).
    #[serde(default)]
    pub phone: Option<String>,
    /// The account's unit.
    pub unit_id: String,
    /// At least one role.
    pub roles: Vec<Role>,
}

/// `PATCH /api/users/{id}`: change what is given; absent fields stay. Roles: admin only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    /// New first name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// New last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// New phone; an empty string removes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// New unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<String>,
    /// New set of roles (replaces the old one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<Role>>,
}

/// Body of the account actions that take a reason (`lock`, `disable`); may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReasonBody {
    /// Why (≤ 1000 characters), recorded in the audit chain.
    #[serde(default)]
    pub reason: Option<String>,
}

/// What kind of unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// The council (rada).
    Council,
    /// A school.
    School,
    /// A department of the office (wydział).
    Department,
    /// Anything else.
    Other,
}

crate::wire_names!(UnitKind {
    Council = "council",
    School = "school",
    Department = "department",
    Other = "other",
});

/// A unit of the municipality (`/api/units`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unit {
    /// Unit id (ULID).
    pub id: String,
    /// Name (1–200 characters).
    pub name: String,
    /// Kind.
    pub kind: UnitKind,
}

/// `POST /api/units` (admin) and `PATCH /api/units/{id}` (all fields then optional).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UnitInput {
    /// Name (1–200 characters).
    #[serde(default)]
    pub name: Option<String>,
    /// Kind (default `department`).
    #[serde(default)]
    pub kind: Option<UnitKind>,
}

/// `POST /api/auth/login`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// Login e-mail.
    pub email: String,
    /// Password (≤ 1024 bytes are read).
    pub password: String,
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginRequest")
            .field("email", &self.email)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// Answer of a successful login: the bearer token (also set as the session cookie).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    /// Signed token carrying only the session id (`Authorization: Bearer …` for scripts).
    pub token: String,
    /// The signed-in account.
    pub user: UserView,
    /// A start password was used: only `me`, `password` and `logout` are allowed until changed.
    pub must_change_password: bool,
}

impl std::fmt::Debug for LoginResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginResponse")
            .field("token", &"<redacted>")
            .field("user", &self.user)
            .field("must_change_password", &self.must_change_password)
            .finish()
    }
}

/// `GET /api/auth/me`: the caller and their session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeResponse {
    /// The signed-in account.
    pub user: UserView,
    /// Only the password may be changed until this is false.
    pub must_change_password: bool,
    /// When the session started.
    pub session_started_at: Timestamp,
    /// When the session ends at the latest (absolute timeout).
    pub session_expires_at: Timestamp,
    /// Idle timeout in seconds (the session ends after this long without requests).
    pub idle_timeout_s: u64,
}

/// `POST /api/auth/password`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    /// The password in use now (also the start password).
    pub current_password: String,
    /// The new password (12–128 characters, strong enough).
    pub new_password: String,
}

impl std::fmt::Debug for ChangePasswordRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChangePasswordRequest { <redacted> }")
    }
}

/// A new session token (after a password change the session is replaced).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    /// The new token (also set as the cookie).
    pub token: String,
}

impl std::fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenResponse { <redacted> }")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::assert_serde_matches;

    #[test]
    fn wire_names_match_serde() {
        assert_serde_matches(Role::ALL, Role::as_str, Role::parse);
        assert_serde_matches(
            AccountStatus::ALL,
            AccountStatus::as_str,
            AccountStatus::parse,
        );
        assert_serde_matches(UnitKind::ALL, UnitKind::as_str, UnitKind::parse);
    }
}
