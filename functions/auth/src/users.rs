//! `/api/users`: registration by an administrator, the account list and the account actions.

use crate::env::{param, require, Env};
use crate::store::users::{NewAccount, UserRecord};
use crate::store::{failures, units, users};
use crate::{credentials, sessions, validate};
use ratusz_domain::accounts::authz::{self, Operation};
use ratusz_domain::api::accounts::{
    AccountStatus, CreateUser, ReasonBody, Role, UpdateUser, UserView,
};
use ratusz_domain::api::Page;
use ratusz_platform::session::{EndReason, SessionStore};
use ratusz_platform::{response, runtime, ApiError, Ctx, Principal};
use spin_sdk::http::Response;

fn roles_of(field: &str, roles: &[Role]) -> Result<Vec<Role>, ApiError> {
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    if roles.is_empty() {
        return Err(ApiError::invalid_field(
            field,
            "Wybierz co najmniej jedną rolę. / Choose at least one role.",
        ));
    }
    Ok(roles)
}

fn unit_exists(env: &Env, field: &str, unit_id: &str) -> Result<(), ApiError> {
    match units::by_id(&env.db, unit_id)? {
        Some(_) => Ok(()),
        None => Err(ApiError::invalid_field(
            field,
            "Nie ma takiej jednostki. / No such unit.",
        )),
    }
}

fn load(env: &Env, ctx: &Ctx) -> Result<UserRecord, ApiError> {
    users::by_id(&env.db, param(ctx, "id")?)?.ok_or(ApiError::NotFound)
}

fn view(env: &Env, user: &UserRecord) -> Result<UserView, ApiError> {
    let live = SessionStore::open()?.has_live_session(&user.id)?;
    Ok(user.view(env.now, live))
}

/// `POST /api/users` (admin): creates the account and e-mails its start password.
pub fn create(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = require(ctx, Operation::CreateUser)?;
    let body: CreateUser = ctx.req.json()?;
    let env = Env::open()?;
    let user = UserRecord::new_account(
        runtime::new_id().as_str().to_owned(),
        NewAccount {
            first_name: validate::text("first_name", &body.first_name, 100)?,
            last_name: validate::text("last_name", &body.last_name, 100)?,
            email: validate::email("email", &body.email)?,
            phone: validate::phone("phone", body.phone.as_deref())?,
            unit_id: body.unit_id.clone(),
            roles: roles_of("roles", &body.roles)?,
        },
        env.now,
    );
    unit_exists(&env, "unit_id", &user.unit_id)?;
    env.db.transaction(|_| {
        if users::by_email(&env.db, &user.email)?.is_some() {
            return Err(ApiError::conflict(
                "conflict",
                "An account with this e-mail already exists.",
            ));
        }
        users::insert(&env.db, &user, env.now)?;
        env.audit(
            &p.user_id,
            "user_created",
            &format!("user:{}", user.id),
            serde_json::json!({"roles": user.roles, "unit_id": user.unit_id}),
        )?;
        credentials::email_start_password(&env, &user)
    })?;
    let created = users::by_id(&env.db, &user.id)?.ok_or(ApiError::NotFound)?;
    Ok(response::created(&created.view(env.now, false)))
}

/// `GET /api/users?q=&cursor=&limit=` (admin, support).
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    require(ctx, Operation::ListUsers)?;
    let page = ctx.req.page_query()?;
    let q = ctx.req.query_param("q");
    let env = Env::open()?;
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
    require(ctx, Operation::ViewUser)?;
    let env = Env::open()?;
    let user = load(&env, ctx)?;
    Ok(response::ok(&view(&env, &user)?))
}

/// `PATCH /api/users/{id}` (admin; roles only with `GrantRoles`).
pub fn update(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = require(ctx, Operation::UpdateUserProfile)?;
    let body: UpdateUser = ctx.req.json()?;
    if body.roles.is_some() && !authz::allowed(&p.roles, Operation::GrantRoles) {
        return Err(ApiError::forbidden());
    }
    let env = Env::open()?;
    let mut user = load(&env, ctx)?;
    if let Some(v) = &body.first_name {
        user.first_name = validate::text("first_name", v, 100)?;
    }
    if let Some(v) = &body.last_name {
        user.last_name = validate::text("last_name", v, 100)?;
    }
    if let Some(v) = &body.phone {
        user.phone = validate::phone("phone", Some(v))?;
    }
    if let Some(v) = &body.unit_id {
        unit_exists(&env, "unit_id", v)?;
        user.unit_id = v.clone();
    }
    if let Some(roles) = &body.roles {
        user.roles = roles_of("roles", roles)?;
        if user.id == p.user_id && !user.roles.contains(&Role::Admin) {
            // The last door out: an administrator cannot drop their own admin role by mistake.
            return Err(ApiError::conflict(
                "conflict",
                "You cannot remove your own administrator role.",
            ));
        }
    }
    env.db.transaction(|_| {
        users::update_profile(&env.db, &user, env.now)?;
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
    let p = require(ctx, op)?;
    let reason = if ctx.req.body.is_empty() {
        None
    } else {
        ctx.req.json::<ReasonBody>()?.reason
    };
    let reason = reason
        .map(|r| validate::long_text("reason", &r, 1000))
        .transpose()?;
    let env = Env::open()?;
    let user = load(&env, ctx)?;
    env.db.transaction(|_| act(&env, &p, &user, reason))?;
    let fresh = users::by_id(&env.db, &user.id)?.ok_or(ApiError::NotFound)?;
    Ok(response::ok(&view(&env, &fresh)?))
}

fn object(user: &UserRecord) -> String {
    format!("user:{}", user.id)
}

/// `POST /api/users/{id}/lock` (admin, support): locked until unlocked; the session ends.
pub fn lock(ctx: &Ctx) -> Result<Response, ApiError> {
    action(ctx, Operation::LockUser, |env, p, user, reason| {
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
        )
    })
}

/// `POST /api/users/{id}/disable` (admin): no sign-in, session ends.
pub fn disable(ctx: &Ctx) -> Result<Response, ApiError> {
    action(ctx, Operation::DisableUser, |env, p, user, reason| {
        if user.id == p.user_id {
            return Err(ApiError::conflict(
                "conflict",
                "You cannot disable your own account.",
            ));
        }
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
        )
    })
}

/// `DELETE /api/users/{id}/session` (admin, support): ends the account's session → 204.
pub fn end_session(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = require(ctx, Operation::EndUserSession)?;
    let env = Env::open()?;
    let user = load(&env, ctx)?;
    sessions::end_for_user(&env, &p.user_id, &user.id, EndReason::Terminated)?;
    Ok(response::no_content())
}
