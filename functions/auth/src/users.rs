//! `/api/users`: registration by an administrator, the account list and the account actions.

use crate::credentials::StartPassword;
use crate::sessions;
use crate::settings::Env;
use crate::store::users::{NewAccount, UserRecord};
use crate::store::{failures, units, users};
use ratusz_domain::accounts::authz::{self, Operation};
use ratusz_domain::api::accounts::{
    AccountStatus, CreateUser, ReasonBody, Role, SessionView, UpdateUser, UserView,
};
use ratusz_domain::api::Page;
use ratusz_domain::validate::limits::{PERSON_NAME_MAX, REASON_MAX};
use ratusz_domain::validate::{self, Checks, Invalid};
use ratusz_platform::session::{EndReason, SessionStore};
use ratusz_platform::{response, runtime, ApiError, Ctx, Principal};
use spin_sdk::http::Response;

/// At least one role; sorted, each once.
fn roles_of(roles: &[Role]) -> Result<Vec<Role>, Invalid> {
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    if roles.is_empty() {
        return Err(Invalid::required());
    }
    Ok(roles)
}

/// The id of an existing unit (`Err(refusal)` for a malformed or unknown one).
fn unit_ref(env: &Env, value: &str) -> Result<Result<String, Invalid>, ApiError> {
    let id = match validate::id(value) {
        Ok(id) => id,
        Err(invalid) => return Ok(Err(invalid)),
    };
    Ok(match units::by_id(&env.db, &id)? {
        Some(_) => Ok(id),
        None => Err(Invalid::unknown_reference()),
    })
}

fn load(env: &Env) -> Result<UserRecord, ApiError> {
    users::by_id(&env.db, env.param("id")?)?.ok_or(ApiError::NotFound)
}

/// The account with its open session and that session's device (admin and support).
fn view(env: &Env, user: &UserRecord) -> Result<UserView, ApiError> {
    let session = SessionStore::open()?.live_session(&user.id)?;
    let mut view = user.view(env.now, session.is_some());
    view.session = session.map(|doc| SessionView {
        started_at: doc.started_at,
        last_seen_at: doc.last_seen_at,
        device: doc
            .device
            .unwrap_or_else(|| ratusz_domain::accounts::device::UNKNOWN.to_owned()),
    });
    Ok(view)
}

fn duplicate_email() -> ApiError {
    ApiError::conflict("conflict", "An account with this e-mail already exists.")
        .with_param("rule", "duplicate_email")
}

/// Every field of a registration, or every refusal at once.
fn new_account(env: &Env, body: &CreateUser) -> Result<NewAccount, ApiError> {
    let mut checks = Checks::new();
    let first_name = checks.check(
        "first_name",
        validate::text(&body.first_name, PERSON_NAME_MAX),
    );
    let last_name = checks.check(
        "last_name",
        validate::text(&body.last_name, PERSON_NAME_MAX),
    );
    let email = checks.check("email", validate::email(&body.email));
    let phone = checks.check("phone", validate::phone(body.phone.as_deref()));
    let unit_id = checks.check("unit_id", unit_ref(env, &body.unit_id)?);
    let roles = checks.check("roles", roles_of(&body.roles));
    let account = (|| {
        Some(NewAccount {
            first_name: first_name?,
            last_name: last_name?,
            email: email?,
            phone: phone?,
            unit_id: unit_id?,
            roles: roles?,
        })
    })();
    Ok(checks.finish_with(account)?)
}

/// `POST /api/users` (admin): creates the account and e-mails its start password.
pub fn create(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = ctx.require(Operation::CreateUser)?;
    let body: CreateUser = ctx.req.json()?;
    let env = Env::open(ctx)?;
    let new = new_account(&env, &body)?;
    // A known duplicate costs no hash; the check is repeated under the write lock.
    if users::by_email(&env.db, &new.email)?.is_some() {
        return Err(duplicate_email());
    }
    let start = StartPassword::new(&env)?;
    let mut user = UserRecord::new_account(runtime::new_id().as_str().to_owned(), new, env.now);
    start.install(&mut user);
    env.db.transaction(|db| {
        if users::by_email(db, &user.email)?.is_some() {
            return Err(duplicate_email());
        }
        users::insert(db, &user, env.now)?;
        env.audit(
            &p.user_id,
            "user_created",
            &format!("user:{}", user.id),
            serde_json::json!({"roles": user.roles, "unit_id": user.unit_id}),
        )?;
        start.email(&env, &user)
    })?;
    let created = users::by_id(&env.db, &user.id)?.ok_or(ApiError::NotFound)?;
    Ok(response::created(&created.view(env.now, false)))
}

/// `GET /api/users?q=&cursor=&limit=` (admin, support).
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    ctx.require(Operation::ListUsers)?;
    let page = ctx.req.page_query()?;
    let q = ctx.req.query_param("q");
    let env = Env::open(ctx)?;
    let found = users::list(
        &env.db,
        q.as_deref(),
        page.cursor.as_deref(),
        page.limit + 1,
    )?;
    let more = found.len() > page.limit as usize;
    let items = found
        .iter()
        .take(page.limit as usize)
        .map(|u| view(&env, u))
        .collect::<Result<Vec<_>, _>>()?;
    let next_cursor = if more {
        items.last().map(|u| u.id.clone())
    } else {
        None
    };
    Ok(response::ok(&Page { items, next_cursor }))
}

/// `GET /api/users/{id}` (admin, support).
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    ctx.require(Operation::ViewUser)?;
    let env = Env::open(ctx)?;
    let user = load(&env)?;
    Ok(response::ok(&view(&env, &user)?))
}

/// Applies the given fields of `body` to `user`, or every refusal at once.
fn apply_update(env: &Env, user: &mut UserRecord, body: &UpdateUser) -> Result<(), ApiError> {
    let mut checks = Checks::new();
    if let Some(v) = &body.first_name {
        if let Some(v) = checks.check("first_name", validate::text(v, PERSON_NAME_MAX)) {
            user.first_name = v;
        }
    }
    if let Some(v) = &body.last_name {
        if let Some(v) = checks.check("last_name", validate::text(v, PERSON_NAME_MAX)) {
            user.last_name = v;
        }
    }
    if let Some(v) = &body.phone {
        if let Some(v) = checks.check("phone", validate::phone(Some(v))) {
            user.phone = v;
        }
    }
    if let Some(v) = &body.unit_id {
        if let Some(v) = checks.check("unit_id", unit_ref(env, v)?) {
            user.unit_id = v;
        }
    }
    if let Some(roles) = &body.roles {
        if let Some(v) = checks.check("roles", roles_of(roles)) {
            user.roles = v;
        }
    }
    Ok(checks.finish()?)
}

/// `PATCH /api/users/{id}` (admin; roles only with `GrantRoles`).
pub fn update(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = ctx.require(Operation::UpdateUserProfile)?;
    let body: UpdateUser = ctx.req.json()?;
    if body.roles.is_some() && !authz::allowed(&p.roles, Operation::GrantRoles) {
        return Err(ApiError::forbidden());
    }
    let env = Env::open(ctx)?;
    let mut user = load(&env)?;
    let phone_before = user.phone.clone();
    apply_update(&env, &mut user, &body)?;
    if body.roles.is_some() && user.id == p.user_id && !user.roles.contains(&Role::Admin) {
        // The last door out: an administrator cannot drop their own admin role by mistake.
        return Err(ApiError::conflict(
            "conflict",
            "You cannot remove your own administrator role.",
        )
        .with_param("rule", "own_admin_role"));
    }
    env.db.transaction(|db| {
        users::update_profile(db, &user, env.now)?;
        if user.phone != phone_before {
            // The reset's SMS code goes there: whoever changed it may not approve that reset.
            users::record_contact_change(db, &user.id, &p.user_id, env.now)?;
        }
        env.audit(
            &p.user_id,
            "user_updated",
            &format!("user:{}", user.id),
            serde_json::to_value(&body).unwrap_or_default(),
        )
    })?;
    SessionStore::open()?.update_subject(&user.id, &user.roles, &user.unit_id)?;
    Ok(response::ok(&view(&env, &user)?))
}

fn action(
    ctx: &Ctx,
    op: Operation,
    act: impl FnOnce(&Env, &Principal, &UserRecord, Option<String>) -> Result<(), ApiError>,
) -> Result<Response, ApiError> {
    let p = ctx.require(op)?;
    let reason = if ctx.req.body.is_empty() {
        None
    } else {
        ctx.req.json::<ReasonBody>()?.reason
    };
    let reason = reason
        .map(|r| validate::long_text(&r, REASON_MAX))
        .transpose()
        .map_err(|e| ApiError::invalid_field("reason", e))?;
    let env = Env::open(ctx)?;
    let user = load(&env)?;
    env.db.transaction(|_| act(&env, &p, &user, reason))?;
    let fresh = users::by_id(&env.db, &user.id)?.ok_or(ApiError::NotFound)?;
    Ok(response::ok(&view(&env, &fresh)?))
}

/// 409 `conflict` rule `own_account`: nobody locks or disables their own account, so the last
/// administrator cannot shut everyone out by mistake.
fn not_own_account(p: &Principal, user: &UserRecord, detail: &str) -> Result<(), ApiError> {
    if user.id == p.user_id {
        return Err(ApiError::conflict("conflict", detail).with_param("rule", "own_account"));
    }
    Ok(())
}

fn object(user: &UserRecord) -> String {
    format!("user:{}", user.id)
}

/// `POST /api/users/{id}/lock` (admin, support): locked until unlocked; the session ends.
pub fn lock(ctx: &Ctx) -> Result<Response, ApiError> {
    action(ctx, Operation::LockUser, |env, p, user, reason| {
        not_own_account(p, user, "You cannot lock your own account.")?;
        users::lock(&env.db, &user.id, None, "manual", user.lock_streak, env.now)?;
        env.audit(
            &p.user_id,
            "account_locked",
            &object(user),
            serde_json::json!({"permanent": true, "manual": true, "reason": reason}),
        )?;
        sessions::end_for_user(env, &p.user_id, &user.id, EndReason::Terminated)?;
        Ok(())
    })
}

/// `POST /api/users/{id}/unlock` (admin, support): lifts the lock, forgets the failures.
pub fn unlock(ctx: &Ctx) -> Result<Response, ApiError> {
    action(ctx, Operation::UnlockUser, |env, p, user, reason| {
        users::unlock(&env.db, &user.id, env.now)?;
        failures::clear(&env.db, &user.id)?;
        env.audit(
            &p.user_id,
            "account_unlocked",
            &object(user),
            serde_json::json!({"reason": reason}),
        )?;
        Ok(())
    })
}

/// `POST /api/users/{id}/disable` (admin): no sign-in, session ends.
pub fn disable(ctx: &Ctx) -> Result<Response, ApiError> {
    action(ctx, Operation::DisableUser, |env, p, user, reason| {
        not_own_account(p, user, "You cannot disable your own account.")?;
        let mut changed = user.clone();
        changed.status = AccountStatus::Disabled;
        users::update_profile(&env.db, &changed, env.now)?;
        env.audit(
            &p.user_id,
            "user_disabled",
            &object(user),
            serde_json::json!({"reason": reason}),
        )?;
        sessions::end_for_user(env, &p.user_id, &user.id, EndReason::Disabled)?;
        Ok(())
    })
}

/// `POST /api/users/{id}/enable` (admin).
pub fn enable(ctx: &Ctx) -> Result<Response, ApiError> {
    action(ctx, Operation::EnableUser, |env, p, user, reason| {
        let mut changed = user.clone();
        changed.status = AccountStatus::Active;
        users::update_profile(&env.db, &changed, env.now)?;
        env.audit(
            &p.user_id,
            "user_enabled",
            &object(user),
            serde_json::json!({"reason": reason}),
        )?;
        Ok(())
    })
}

/// `DELETE /api/users/{id}/session` (admin, support): ends the account's session → 204.
pub fn end_session(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = ctx.require(Operation::EndUserSession)?;
    let env = Env::open(ctx)?;
    let user = load(&env)?;
    sessions::end_for_user(&env, &p.user_id, &user.id, EndReason::Terminated)?;
    Ok(response::no_content())
}
