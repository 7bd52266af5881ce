//! `/api/password-resets`: the administrator-approved password reset (procedure PZO-01,
//! accounts.md): request → decision by someone else (four eyes) → link + SMS code, or a
//! printed letter collected in person → the holder sets a new password.
//!
//! One submodule per step; this one holds the queue (list, get) and what the steps share.

mod claim;
mod decide;
mod handover;
mod letter;
mod letter_html;
mod lifecycle;
mod request;

pub use claim::claim;
pub use decide::{approve, reject};
pub use handover::handover;
pub use letter::letter;
pub use lifecycle::{complete_for_user, expire_due};
pub use request::create;

use crate::settings::Env;
use crate::store::resets::{self, ResetRecord};
use crate::store::users::{self, UserRecord};
use ratusz_domain::accounts::authz::Operation;
use ratusz_domain::accounts::reset_policy::{self, ResetParties, ResetStep};
use ratusz_domain::api::accounts::Role;
use ratusz_domain::api::resets::ResetStatus;
use ratusz_domain::api::Page;
use ratusz_platform::{response, ApiError, Ctx, Principal};
use spin_sdk::http::Response;

/// The audit object of a request.
fn object(id: &str) -> String {
    format!("password_reset:{id}")
}

/// The request named by the path's `id`, or 404.
fn load(env: &Env) -> Result<ResetRecord, ApiError> {
    resets::by_id(&env.db, env.param("id")?)?.ok_or(ApiError::NotFound)
}

/// The request `id` as it is now (after a write), or 404.
fn reload(env: &Env, id: &str) -> Result<ResetRecord, ApiError> {
    resets::by_id(&env.db, id)?.ok_or(ApiError::NotFound)
}

/// 403 `four_eyes` with the broken `rule` when the domain's four-eyes rule refuses `step` of
/// `reset` (of `holder`'s account) to `p`.
fn four_eyes(
    reset: &ResetRecord,
    holder: &UserRecord,
    step: ResetStep,
    p: &Principal,
) -> Result<(), ApiError> {
    let parties = ResetParties {
        holder: &reset.user_id,
        holder_is_admin: holder.roles.contains(&Role::Admin),
        requester: reset.requested_by.as_deref(),
        approver: reset.decided_by.as_deref(),
        delivery: reset.delivery,
        contact_changed_by: holder.contact_changed_by.as_deref(),
    };
    reset_policy::four_eyes(&parties, step, &p.user_id).map_err(|rule| {
        ApiError::forbidden_because("four_eyes", rule.detail()).with_param("rule", rule)
    })
}

/// The account the request concerns, or 404.
fn holder(env: &Env, reset: &ResetRecord) -> Result<UserRecord, ApiError> {
    users::by_id(&env.db, &reset.user_id)?.ok_or(ApiError::NotFound)
}

/// `GET /api/password-resets?status=&cursor=&limit=` (admin, support): newest first.
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    ctx.require(Operation::ViewResets)?;
    let page = ctx.req.page_query()?;
    let status = ctx.req.query_choice("status", ResetStatus::parse)?;
    let env = Env::open(ctx)?;
    let found = resets::list(&env.db, status, page.cursor.as_deref(), page.limit + 1)?;
    let more = found.len() > page.limit as usize;
    let items: Vec<_> = found
        .iter()
        .take(page.limit as usize)
        .map(ResetRecord::view)
        .collect();
    let next_cursor = if more {
        items.last().map(|r| r.id.clone())
    } else {
        None
    };
    Ok(response::ok(&Page { items, next_cursor }))
}

/// `GET /api/password-resets/{id}` (admin, support).
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    ctx.require(Operation::ViewResets)?;
    let env = Env::open(ctx)?;
    Ok(response::ok(&load(&env)?.view()))
}
