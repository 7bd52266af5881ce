//! `auth` component: accounts, units, login and sessions, passwords, the administrator-approved
//! password reset (PZO-01), the incident register and the audit chain endpoints
//! (`shared/spec/accounts.md`), plus the system endpoints and the scheduled tick.
//!
//! Thin shell: every request goes through [`ratusz_platform::App`] (parse → guard with the KV
//! session check → handler → one error mapping). Handlers: parse → authorize
//! (`ctx.require(op)`, the domain's role table) → load → call the pure policies in
//! `ratusz_domain::accounts` → store → respond. SQL lives in [`store`], one module per table.
//! The per-request environment is the platform's `Env` with auth's [`settings::Settings`].
//!
//! No transaction is held across slow work: passwords are hashed, strength-checked and
//! letters generated first, then everything is written in one short transaction that re-reads
//! what it depends on (on Spin every other writer waits for the lock meanwhile).

mod audit;
mod bootstrap;
mod credentials;
mod incident_log;
mod incidents;
mod lockout;
mod login;
mod maintenance;
mod notify;
mod password;
mod resets;
mod sessions;
mod settings;
mod store;
mod tick;
mod units;
mod users;

use ratusz_domain::endpoints as ep;
use ratusz_platform::session::KvSessions;
use ratusz_platform::{system, system_status, Access, App, Router};

/// The component's routes. The same code also runs as `auth-tick`, whose private route is
/// the only way to reach `/internal/tick`.
fn app() -> App {
    let router = Router::new()
        .route(&ep::HEALTH, Access::Public, tick::health)
        .route(&ep::OPENAPI, Access::Public, system::openapi)
        .route(&ep::SYSTEM_STATUS, Access::Session, system_status::status)
        .route(&ep::TICK, Access::Internal, tick::tick)
        .route(&ep::SCHEDULED_TICK, Access::TickToken, tick::tick)
        .route(&ep::LOGIN, Access::Public, login::login)
        .route(&ep::LOGOUT, Access::AnySession, sessions::logout)
        // Public so a visitor gets 204; `me` itself refuses a token that does not hold.
        .route(&ep::ME, Access::Public, sessions::me)
        .route(&ep::CHANGE_PASSWORD, Access::AnySession, password::change)
        .route(&ep::USERS_LIST, Access::Session, users::list)
        .route(&ep::USERS_CREATE, Access::Session, users::create)
        .route(&ep::USER_GET, Access::Session, users::get)
        .route(&ep::USER_UPDATE, Access::Session, users::update)
        .route(&ep::USER_LOCK, Access::Session, users::lock)
        .route(&ep::USER_UNLOCK, Access::Session, users::unlock)
        .route(&ep::USER_DISABLE, Access::Session, users::disable)
        .route(&ep::USER_ENABLE, Access::Session, users::enable)
        .route(&ep::USER_END_SESSION, Access::Session, users::end_session)
        .route(&ep::UNITS_LIST, Access::Session, units::list)
        .route(&ep::UNITS_CREATE, Access::Session, units::create)
        .route(&ep::UNIT_UPDATE, Access::Session, units::update)
        .route(&ep::RESETS_CREATE, Access::Public, resets::create)
        .route(&ep::RESETS_LIST, Access::Session, resets::list)
        .route(&ep::RESET_GET, Access::Session, resets::get)
        .route(&ep::RESET_APPROVE, Access::Session, resets::approve)
        .route(&ep::RESET_REJECT, Access::Session, resets::reject)
        .route(&ep::RESET_LETTER, Access::Session, resets::letter)
        .route(&ep::RESET_HANDOVER, Access::Session, resets::handover)
        .route(&ep::RESET_CLAIM, Access::Public, resets::claim)
        .route(&ep::INCIDENTS_LIST, Access::Session, incidents::list)
        .route(&ep::INCIDENTS_CREATE, Access::Session, incidents::create)
        .route(&ep::INCIDENT_GET, Access::Session, incidents::get)
        .route(&ep::INCIDENT_UPDATE, Access::Session, incidents::update)
        .route(&ep::AUDIT_LIST, Access::Session, audit::list)
        .route(&ep::AUDIT_EXPORT, Access::Session, audit::export)
        .route(&ep::AUDIT_CHECKPOINT_SIGN, Access::Session, audit::sign)
        .route(
            &ep::PUBLIC_AUDIT_CHECKPOINT,
            Access::Public,
            audit::public_checkpoint,
        )
        .route(&ep::AUDIT_VERIFY, Access::Session, audit::verify)
        .route(
            &ep::MAINTENANCE_CREATE,
            Access::Session,
            maintenance::create,
        )
        .route(&ep::MAINTENANCE_LIST, Access::Session, maintenance::list)
        .route(
            &ep::MAINTENANCE_CANCEL,
            Access::Session,
            maintenance::cancel,
        )
        .route(&ep::PUBLIC_MAINTENANCE, Access::Public, maintenance::notice);
    App::new(router).with_sessions(KvSessions)
}

/// The wasi:http export. `#[http_component]` expands to the component ABI glue, which is
/// `unsafe` by nature; the allowance is scoped to this module, our own code stays safe.
#[allow(unsafe_code)]
mod export {
    use spin_sdk::http::{IncomingRequest, ResponseOutparam};

    /// Answers first, then delivers queued e-mail/SMS (see `App::handle`).
    #[spin_sdk::http_component]
    async fn handle(req: IncomingRequest, out: ResponseOutparam) {
        super::app().handle(req, out).await
    }
}
