//! `#[utoipa::path]` stubs of the accounts endpoints ([`crate::endpoints::ACCOUNTS`], served
//! by `auth`): sign-in and sessions, accounts, units, password resets, the incident register
//! and the audit chain.
//!
//! Summaries come from the catalogue ([`super::document`]); each stub's `description`
//! repeats its doc comment. Every operation except `login`, the reset request and the claim needs a
//! session (`cookieAuth` or `bearerAuth`). Errors are [`Problem`]s (`application/problem+json`).

// The stubs only carry the attributes; nothing calls them.
#![allow(dead_code)]

use crate::api::accounts::{
    ChangePasswordRequest, CreateUser, LoginRequest, LoginResponse, MeResponse, ReasonBody,
    TokenResponse, Unit, UnitInput, UpdateUser, UserView,
};
use crate::api::incidents::{
    CreateIncident, IncidentDetail, IncidentStatus, IncidentView, UpdateIncident,
};
use crate::api::resets::{
    ClaimRequest, CreateResetRequest, HandoverRequest, RejectRequest, ResetAccepted, ResetStatus,
    ResetView,
};
use crate::api::{AuditEntry, AuditVerification, Page, Problem};

// ---------------------------------------------------------------------------------------------
// auth

/// Checks the password (argon2id). On success the session token is returned and also set as
/// the `ratusz_session` cookie. Every failure gets the same 401, whether the e-mail is
/// unknown, the password wrong or the account locked or disabled; failures count towards a lock.
#[utoipa::path(
    post,
    path = "/api/auth/login",
    tag = "auth",
    operation_id = "login",
    description = "Checks the password (argon2id). On success the session token is returned and also set as the `ratusz_session` cookie. Every failure gets the same 401, whether the e-mail is unknown, the password wrong or the account locked or disabled; failures count towards a lock.",
    request_body(content = LoginRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = LoginResponse),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong e-mail or password, or the account may not sign in (`invalid_credentials`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A request with a cookie lacks the `X-Ratusz-CSRF: 1` header (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Validation failed (`validation_failed`; `errors` names the fields)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address; retry later (`Retry-After`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn login() {}

/// Ends the session and clears the cookie. Allowed with a start password too.
#[utoipa::path(
    post,
    path = "/api/auth/logout",
    tag = "auth",
    operation_id = "logout",
    description = "Ends the session and clears the cookie. Allowed with a start password too.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    responses(
        (status = 204, description = "Signed out; the cookie is cleared"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A request with a cookie lacks the `X-Ratusz-CSRF: 1` header (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn logout() {}

/// Allowed with a start password too. A visitor (no token presented) gets 204, not 401.
#[utoipa::path(
    get,
    path = "/api/auth/me",
    tag = "auth",
    operation_id = "me",
    description = "Allowed with a start password too. A caller who presents no token (a visitor) gets 204: \"nobody\" is an answer, not an error.",
    security((), ("cookieAuth" = []), ("bearerAuth" = [])),
    responses(
        (status = 200, description = "The caller and their session", body = MeResponse),
        (status = 204, description = "No token was presented: a visitor, nobody is signed in"),
        (status = 401, description = "The presented token does not hold: malformed, or its session has ended or expired", body = Problem, content_type = "application/problem+json"),
    )
)]
fn me() {}

/// Needs the current password (or the start password). The session is replaced: the answer
/// carries the new token, also set as the cookie.
#[utoipa::path(
    post,
    path = "/api/auth/password",
    tag = "auth",
    operation_id = "change_password",
    description = "Needs the current password (or the start password). A wrong current password counts towards the account's lock like a failed login (and while locked none is checked). The session is replaced: the answer carries the new token, also set as the cookie.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    request_body(content = ChangePasswordRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "Password changed; a new session", body = TokenResponse),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A request with a cookie lacks the `X-Ratusz-CSRF: 1` header (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong current password, or the new one is refused by the password policy", body = Problem, content_type = "application/problem+json"),
    )
)]
fn change_password() {}

// ---------------------------------------------------------------------------------------------
// users

/// In order of creation.
#[utoipa::path(
    get,
    path = "/api/users",
    tag = "users",
    operation_id = "list_users",
    description = "In order of creation.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("q" = Option<String>, Query, description = "Search in names and e-mails"),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Page size (default 50)", minimum = 1, maximum = 500),
    ),
    responses(
        (status = 200, description = "One page of accounts", body = Page<UserView>),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this, or the password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`limit` out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_users() {}

/// The start password is e-mailed to the account; it must be changed at the first login.
#[utoipa::path(
    post,
    path = "/api/users",
    tag = "users",
    operation_id = "create_user",
    description = "The start password is e-mailed to the account; it must be changed at the first login.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    request_body(content = CreateUser, content_type = "application/json"),
    responses(
        (status = 201, description = "Account registered", body = UserView),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this, the password must be changed first (`password_change_required`), or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An account with this e-mail already exists (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Validation failed (`validation_failed`; `errors` names the fields)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn create_user() {}

/// With the lock and whether a session is open.
#[utoipa::path(
    get,
    path = "/api/users/{id}",
    tag = "users",
    operation_id = "get_user",
    description = "With the lock and whether a session is open.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Account id (ULID)")),
    responses(
        (status = 200, description = "The account", body = UserView),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this, or the password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_user() {}

/// Absent fields stay as they are; `roles` replaces the whole set and needs the admin role.
#[utoipa::path(
    patch,
    path = "/api/users/{id}",
    tag = "users",
    operation_id = "update_user",
    description = "Absent fields stay as they are; `roles` replaces the whole set and needs the admin role. Whoever changes the phone is recorded and may not approve the account's `email_sms` password reset (four eyes).",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Account id (ULID)")),
    request_body(content = UpdateUser, content_type = "application/json"),
    responses(
        (status = 200, description = "The changed account", body = UserView),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this, the password must be changed first (`password_change_required`), or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "An administrator cannot remove their own admin role (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Validation failed (`validation_failed`; `errors` names the fields)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn update_user() {}

/// Locked until someone unlocks it; its session ends. The body (a reason) may be empty.
#[utoipa::path(
    post,
    path = "/api/users/{id}/lock",
    tag = "users",
    operation_id = "lock_user",
    description = "Locked until someone unlocks it; its session ends. The body (a reason) may be empty.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Account id (ULID)")),
    request_body(content = Option<ReasonBody>, content_type = "application/json"),
    responses(
        (status = 200, description = "The locked account", body = UserView),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this, the password must be changed first (`password_change_required`), or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "One's own account (`conflict`, rule `own_account`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Validation failed (`validation_failed`; `errors` names the fields)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn lock_user() {}

/// Also forgets the failed logins. The body (a reason) may be empty.
#[utoipa::path(
    post,
    path = "/api/users/{id}/unlock",
    tag = "users",
    operation_id = "unlock_user",
    description = "Also forgets the failed logins. The body (a reason) may be empty.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Account id (ULID)")),
    request_body(content = Option<ReasonBody>, content_type = "application/json"),
    responses(
        (status = 200, description = "The unlocked account", body = UserView),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this, the password must be changed first (`password_change_required`), or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Validation failed (`validation_failed`; `errors` names the fields)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn unlock_user() {}

/// The account can no longer sign in; its session ends. The body (a reason) may be empty.
#[utoipa::path(
    post,
    path = "/api/users/{id}/disable",
    tag = "users",
    operation_id = "disable_user",
    description = "The account can no longer sign in; its session ends. The body (a reason) may be empty.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Account id (ULID)")),
    request_body(content = Option<ReasonBody>, content_type = "application/json"),
    responses(
        (status = 200, description = "The disabled account", body = UserView),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this, the password must be changed first (`password_change_required`), or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The caller's own account (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Validation failed (`validation_failed`; `errors` names the fields)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn disable_user() {}

/// The account may sign in again. The body (a reason) may be empty.
#[utoipa::path(
    post,
    path = "/api/users/{id}/enable",
    tag = "users",
    operation_id = "enable_user",
    description = "The account may sign in again. The body (a reason) may be empty.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Account id (ULID)")),
    request_body(content = Option<ReasonBody>, content_type = "application/json"),
    responses(
        (status = 200, description = "The enabled account", body = UserView),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this, the password must be changed first (`password_change_required`), or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Validation failed (`validation_failed`; `errors` names the fields)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn enable_user() {}

/// The holder has to sign in again.
#[utoipa::path(
    delete,
    path = "/api/users/{id}/session",
    tag = "users",
    operation_id = "end_user_session",
    description = "The holder has to sign in again.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Account id (ULID)")),
    responses(
        (status = 204, description = "The session has ended (or there was none)"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this, the password must be changed first (`password_change_required`), or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json"),
    )
)]
fn end_user_session() {}

// ---------------------------------------------------------------------------------------------
// units

/// In order of creation.
#[utoipa::path(
    get,
    path = "/api/units",
    tag = "units",
    operation_id = "list_units",
    description = "In order of creation.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Page size (default 50)", minimum = 1, maximum = 500),
    ),
    responses(
        (status = 200, description = "One page of units", body = Page<Unit>),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`limit` out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_units() {}

/// `name` is required here; `kind` defaults to `department`.
#[utoipa::path(
    post,
    path = "/api/units",
    tag = "units",
    operation_id = "create_unit",
    description = "`name` is required here; `kind` defaults to `department`.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    request_body(content = UnitInput, content_type = "application/json"),
    responses(
        (status = 201, description = "Unit created", body = Unit),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this, the password must be changed first (`password_change_required`), or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Validation failed (`validation_failed`; `errors` names the fields)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn create_unit() {}

/// Absent fields stay as they are.
#[utoipa::path(
    patch,
    path = "/api/units/{id}",
    tag = "units",
    operation_id = "update_unit",
    description = "Absent fields stay as they are.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Unit id (ULID)")),
    request_body(content = UnitInput, content_type = "application/json"),
    responses(
        (status = 200, description = "The changed unit", body = Unit),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this, the password must be changed first (`password_change_required`), or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Validation failed (`validation_failed`; `errors` names the fields)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn update_unit() {}

// ---------------------------------------------------------------------------------------------
// password-resets

/// Open to everyone. Signed out, the answer is the same whether or not the e-mail belongs to
/// an account, so it cannot be used to probe e-mails. Signed in, a director may ask for
/// accounts of their own unit and admin or support for any (they get the request's `id`);
/// anyone else only for their own account.
#[utoipa::path(
    post,
    path = "/api/password-resets",
    tag = "password-resets",
    operation_id = "create_password_reset",
    description = "Open to everyone. Signed out, the answer is the same whether or not the e-mail belongs to an account, so it cannot be used to probe e-mails. Signed in, a director may ask for accounts of their own unit and admin or support for any (they get the request's `id`); anyone else only for their own account.",
    request_body(content = CreateResetRequest, content_type = "application/json"),
    responses(
        (status = 202, description = "Request accepted", body = ResetAccepted),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Signed in and asking for an account one may not (`forbidden`), or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Admin or support asking for an e-mail with no account", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Validation failed (`validation_failed`; `errors` names the fields)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn create_password_reset() {}

/// Newest first.
#[utoipa::path(
    get,
    path = "/api/password-resets",
    tag = "password-resets",
    operation_id = "list_password_resets",
    description = "Newest first.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("status" = Option<ResetStatus>, Query, description = "Only requests in this status"),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Page size (default 50)", minimum = 1, maximum = 500),
    ),
    responses(
        (status = 200, description = "One page of reset requests", body = Page<ResetView>),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this, or the password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown `status`, or `limit` out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_password_resets() {}

/// With the decision and the handover, once recorded.
#[utoipa::path(
    get,
    path = "/api/password-resets/{id}",
    tag = "password-resets",
    operation_id = "get_password_reset",
    description = "With the decision and the handover, once recorded.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Reset request id (ULID)")),
    responses(
        (status = 200, description = "The reset request", body = ResetView),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this; four eyes (`four_eyes`, `params.rule`): the caller approved the request (`approver_handles_secret`) or holds the account (`own_account`); or the password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such reset request", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_password_reset() {}

/// Neither the requester nor the holder may decide (four eyes). The old password stops
/// working and the account's session ends; `email_sms`: the link and the code are sent;
/// `letter`: the letter can be printed once.
#[utoipa::path(
    post,
    path = "/api/password-resets/{id}/approve",
    tag = "password-resets",
    operation_id = "approve_password_reset",
    description = "Neither the requester nor the holder may decide (four eyes), nor, for `email_sms`, whoever last changed the holder's phone (where the code goes). The old password stops working and the account's session ends; `email_sms`: the link and the code are sent; `letter`: the letter can be printed once.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Reset request id (ULID)")),
    responses(
        (status = 200, description = "The approved request", body = ResetView),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this; four eyes (`four_eyes`, `params.rule`): the caller asked for it (`own_request`) or holds the account (`own_account`), the request is `email_sms` and the caller last changed the holder's phone (`contact_changed_by_approver`), or an administrator's `email_sms` request was not recorded by another staff member (`admin_needs_two_staff`); the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such reset request", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already decided (`conflict`), or `email_sms` for an account without a phone (`no_phone`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn approve_password_reset() {}

/// Nothing changes for the account. Neither the requester nor the holder may decide.
#[utoipa::path(
    post,
    path = "/api/password-resets/{id}/reject",
    tag = "password-resets",
    operation_id = "reject_password_reset",
    description = "Nothing changes for the account. Neither the requester nor the holder may decide.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Reset request id (ULID)")),
    request_body(content = RejectRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The rejected request", body = ResetView),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this; four eyes (`four_eyes`, `params.rule`): the caller asked for it (`own_request`) or holds the account (`own_account`); the password must be changed first, or a request with a cookie lacks `X-Ratusz-CSRF: 1`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such reset request", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already decided (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Validation failed (`validation_failed`; `errors` names the fields)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn reject_password_reset() {}

/// An HTML page to print, with the start password and the proxy authorisation form F-01.
/// Shown only once; afterwards 410. Never to whoever approved the request (four eyes).
#[utoipa::path(
    get,
    path = "/api/password-resets/{id}/letter",
    tag = "password-resets",
    operation_id = "password_reset_letter",
    description = "An HTML page to print, with the start password and the proxy authorisation form F-01. Shown only once; afterwards 410. Never to whoever approved the request (four eyes).",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Reset request id (ULID)")),
    responses(
        (status = 200, description = "The printable letter", body = String, content_type = "text/html"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this, or the password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such reset request", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not an approved request with delivery `letter` (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The letter was already shown (`letter_already_shown`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn password_reset_letter() {}

/// Records the holder or the proxy (form F-01) and the identity document shown (only the
/// last 4 characters of its number).
#[utoipa::path(
    post,
    path = "/api/password-resets/{id}/handover",
    tag = "password-resets",
    operation_id = "password_reset_handover",
    description = "Records the holder or the proxy (form F-01) and the identity document shown (only the last 4 characters of its number).",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Reset request id (ULID)")),
    request_body(content = HandoverRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The request with the handover", body = ResetView),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this; four eyes (`four_eyes`, `params.rule`): the caller approved the request (`approver_handles_secret`) or holds the account (`own_account`); the password must be changed first (`password_change_required`), or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such reset request", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not a printed letter waiting for its handover (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Validation failed (`validation_failed`; `errors` names the fields)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn password_reset_handover() {}

/// Needs the token from the e-mailed link and the code from the SMS; the fifth wrong code
/// burns the token.
#[utoipa::path(
    post,
    path = "/api/password-resets/claim",
    tag = "password-resets",
    operation_id = "claim_password_reset",
    description = "Needs the token from the e-mailed link and the code from the SMS; the fifth wrong code burns the token.",
    request_body(content = ClaimRequest, content_type = "application/json"),
    responses(
        (status = 204, description = "The new password is set; sign in with it"),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A request with a cookie lacks the `X-Ratusz-CSRF: 1` header (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong, expired or burned token or code (`invalid_claim`), or the new password is refused by the password policy (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn claim_password_reset() {}

// ---------------------------------------------------------------------------------------------
// incidents

/// Newest first.
#[utoipa::path(
    get,
    path = "/api/incidents",
    tag = "incidents",
    operation_id = "list_incidents",
    description = "Newest first.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("status" = Option<IncidentStatus>, Query, description = "Only incidents in this status"),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Page size (default 50)", minimum = 1, maximum = 500),
    ),
    responses(
        (status = 200, description = "One page of incidents", body = Page<IncidentView>),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this, or the password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Unknown `status`, or `limit` out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_incidents() {}

/// With `personal_data` the 72-hour deadline for reporting to the authority starts.
#[utoipa::path(
    post,
    path = "/api/incidents",
    tag = "incidents",
    operation_id = "create_incident",
    description = "With `personal_data` the 72-hour deadline for reporting to the authority starts.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    request_body(content = CreateIncident, content_type = "application/json"),
    responses(
        (status = 201, description = "Incident registered", body = IncidentDetail),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this, the password must be changed first (`password_change_required`), or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Validation failed (`validation_failed`; `errors` names the fields)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn create_incident() {}

/// With the description and the timeline.
#[utoipa::path(
    get,
    path = "/api/incidents/{id}",
    tag = "incidents",
    operation_id = "get_incident",
    description = "With the description and the timeline.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Incident id (ULID)")),
    responses(
        (status = 200, description = "The incident", body = IncidentDetail),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this, or the password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such incident", body = Problem, content_type = "application/problem+json"),
    )
)]
fn get_incident() {}

/// Absent fields stay as they are; every change and the `note` go to the timeline.
#[utoipa::path(
    patch,
    path = "/api/incidents/{id}",
    tag = "incidents",
    operation_id = "update_incident",
    description = "Absent fields stay as they are; every change and the `note` go to the timeline.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(("id" = String, Path, description = "Incident id (ULID)")),
    request_body(content = UpdateIncident, content_type = "application/json"),
    responses(
        (status = 200, description = "The changed incident", body = IncidentDetail),
        (status = 400, description = "Malformed JSON body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this, the password must be changed first (`password_change_required`), or a request with a cookie lacks `X-Ratusz-CSRF: 1` (`csrf_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such incident", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The status cannot move that way (open → in_progress → closed) (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Request body too large", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Request body is not `application/json`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Validation failed (`validation_failed`; `errors` names the fields)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn update_incident() {}

// ---------------------------------------------------------------------------------------------
// audit

/// In chain order (by `seq`). Each entry carries its hash and the previous one's, so a
/// client can recompute the chain itself.
#[utoipa::path(
    get,
    path = "/api/audit",
    tag = "audit",
    operation_id = "list_audit",
    description = "In chain order (by `seq`). Each entry carries its hash and the previous one's, so a client can recompute the chain itself.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    params(
        ("action" = Option<String>, Query, description = "Only entries with this action (e.g. `account_locked`)"),
        ("cursor" = Option<String>, Query, description = "`next_cursor` of the previous page"),
        ("limit" = Option<u32>, Query, description = "Page size (default 50)", minimum = 1, maximum = 500),
    ),
    responses(
        (status = 200, description = "One page of the audit chain", body = Page<AuditEntry>),
        (status = 400, description = "`cursor` is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this, or the password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`limit` out of range", body = Problem, content_type = "application/problem+json"),
    )
)]
fn list_audit() {}

/// Walks the whole chain and reports the first entry that does not verify, if any.
#[utoipa::path(
    get,
    path = "/api/audit/verify",
    tag = "audit",
    operation_id = "verify_audit",
    description = "Walks the whole chain and reports the first entry that does not verify, if any.",
    security(("cookieAuth" = []), ("bearerAuth" = [])),
    responses(
        (status = 200, description = "The result of the check", body = AuditVerification),
        (status = 401, description = "Not signed in, or the session has ended", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The caller's roles do not allow this, or the password must be changed first (`password_change_required`)", body = Problem, content_type = "application/problem+json"),
    )
)]
fn verify_audit() {}
