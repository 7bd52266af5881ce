//! Maintenance windows (docs/api/operations.md § Maintenance windows): an administrator
//! schedules one inside the night window, clear of meetings (read through the platform's
//! `meeting_calendar` view, never voting's tables) and of other windows; every active account
//! is told by e-mail; the KV schedule the request guard reads is rebuilt after each change.
//! The rules are the domain's (`ratusz_domain::maintenance`).

use crate::notify;
use crate::settings::Env;
use crate::store::maintenance as store;
use ratusz_domain::accounts::authz::Operation;
use ratusz_domain::accounts::messages::Message;
use ratusz_domain::api::maintenance::{
    MaintenanceNotice, MaintenanceWindow, MaintenanceWindowInput, MaintenanceWindows, NoticeWindow,
    WindowState,
};
use ratusz_domain::maintenance::messages;
use ratusz_domain::maintenance::schedule::{self, ScheduleRefusal};
use ratusz_domain::validate::{self, limits::MAINTENANCE_REASON_MAX};
use ratusz_platform::db::Db;
use ratusz_platform::maintenance::{self, KvSchedule, ScheduleSource as _};
use ratusz_platform::{meetings_view, response, runtime, ApiError, Ctx};
use serde_json::json;
use spin_sdk::http::Response;

/// `POST /api/maintenance-windows` (admin) → 201.
pub fn create(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = ctx.require(Operation::ManageMaintenance)?;
    let body: MaintenanceWindowInput = ctx.req.json()?;
    let reason = validate::text(&body.reason, MAINTENANCE_REASON_MAX)
        .map_err(|e| ApiError::invalid_field("reason", e))?;
    let rules = maintenance::rules()?;
    let env = Env::open(ctx)?;
    let window = MaintenanceWindow {
        id: runtime::new_id().as_str().to_owned(),
        starts_at: body.starts_at,
        ends_at: body.ends_at,
        reason,
        state: WindowState::Scheduled,
        created_by: p.user_id.clone(),
        created_at: env.now,
        cancelled_at: None,
        cancelled_by: None,
    };
    env.db.transaction(|db| {
        let meetings = meetings_view::not_closed(db)?;
        let others = store::pending(db, env.now)?;
        schedule::check(
            &rules,
            window.starts_at,
            window.ends_at,
            env.now,
            &meetings,
            &others,
        )
        .map_err(refusal)?;
        store::insert(db, &window)?;
        env.audit(
            &p.user_id,
            "maintenance_scheduled",
            &format!("maintenance:{}", window.id),
            json!({
                "starts_at": window.starts_at,
                "ends_at": window.ends_at,
                "reason": window.reason,
            }),
        )?;
        tell_staff(
            &env,
            db,
            messages::window_scheduled(window.starts_at, window.ends_at, &window.reason),
        )
    })?;
    republish(&env)?;
    Ok(response::created(&window))
}

/// `GET /api/maintenance-windows` (admin, support).
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    ctx.require(Operation::ViewMaintenance)?;
    let env = Env::open(ctx)?;
    Ok(response::ok(&MaintenanceWindows {
        items: store::recent(&env.db, env.now)?,
    }))
}

/// `POST /api/maintenance-windows/{id}/cancel` (admin) → 200.
pub fn cancel(ctx: &Ctx) -> Result<Response, ApiError> {
    let p = ctx.require(Operation::ManageMaintenance)?;
    let env = Env::open(ctx)?;
    let id = env.param("id")?.to_owned();
    let window = env.db.transaction(|db| {
        let w = store::by_id(db, &id, env.now)?.ok_or(ApiError::NotFound)?;
        if !matches!(w.state, WindowState::Scheduled | WindowState::InProgress) {
            return Err(ApiError::conflict(
                "window_not_cancellable",
                "The window has ended or was cancelled already.",
            )
            .with_param("state", w.state.as_str()));
        }
        store::cancel(db, &id, &p.user_id, env.now)?;
        env.audit(
            &p.user_id,
            "maintenance_cancelled",
            &format!("maintenance:{id}"),
            json!({ "state": w.state.as_str() }),
        )?;
        tell_staff(&env, db, messages::window_cancelled(w.starts_at, w.ends_at))?;
        store::by_id(db, &id, env.now)?.ok_or(ApiError::NotFound)
    })?;
    republish(&env)?;
    Ok(response::ok(&window))
}

/// `GET /api/public/maintenance` (anyone, also during a window): the banner's notice, from the
/// KV schedule alone.
pub fn notice(_ctx: &Ctx) -> Result<Response, ApiError> {
    let now = runtime::now();
    let window = KvSchedule.schedule()?.notice(now).map(|w| NoticeWindow {
        starts_at: w.starts_at,
        ends_at: w.ends_at,
        reason: w.reason.clone(),
        in_progress: w.starts_at <= now,
    });
    Ok(response::ok(&MaintenanceNotice { window }))
}

/// Rebuilds the KV schedule from the table (after a change, and on every tick, so a lost KV
/// write heals itself).
pub fn republish(env: &Env) -> Result<(), ApiError> {
    maintenance::publish(store::pending(&env.db, env.now)?)
}

/// Queues `message` to every active account.
fn tell_staff(env: &Env, db: &Db, message: Message) -> Result<(), ApiError> {
    for to in store::active_emails(db)? {
        notify::email_to(env, &to, message.clone())?;
    }
    Ok(())
}

/// A schedule refusal as its problem.
fn refusal(r: ScheduleRefusal) -> ApiError {
    let base = if r.status() == 409 {
        ApiError::conflict(r.code(), r.detail())
    } else {
        ApiError::unprocessable(r.code(), r.detail())
    };
    r.params()
        .into_iter()
        .fold(base, |e, (name, value)| e.with_param(name, value))
}
