//! The scheduled tick (`/internal/tick`, private route `auth-tick`) and the health endpoint,
//! both of which also make sure the bootstrap administrator exists.

use crate::settings::Env;
use crate::store::failures;
use crate::{bootstrap, resets};
use ratusz_platform::{outbox, system, ApiError, Ctx};
use spin_sdk::http::Response;

/// `GET /api/health`: the platform's checks, after the first-start bootstrap.
pub fn health(ctx: &Ctx) -> Result<Response, ApiError> {
    if let Err(e) = Env::open(ctx).and_then(|env| bootstrap::ensure(&env)) {
        // Health reports the dependencies; a failed bootstrap shows in the log and in the
        // database check below, never as a crash of the probe.
        ratusz_platform::log::error(&format!("bootstrap: {e}"));
    }
    system::health(ctx)
}

/// `POST /internal/tick`: bootstrap, expired claim links, an audit checkpoint when the chain
/// moved, old failure rows, outbox retries.
pub fn tick(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    bootstrap::ensure(&env)?;
    resets::expire_due(&env)?;
    crate::audit::checkpoint_tick(&env);
    failures::purge(
        &env.db,
        env.now
            .plus_seconds(-2 * env.settings.lockout.permanent_window_s),
    )?;
    crate::maintenance::republish(&env)?;
    outbox::request_delivery();
    system::tick(ctx)
}
