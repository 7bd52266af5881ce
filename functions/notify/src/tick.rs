//! The registry's scheduled tick: `POST /internal/tick` on the private component `notify-tick`
//! (the host's `--schedule`) and `POST /api/notify/tick` with the deployment's `tick_token`
//! (a CronJob on Spin / SpinKube). Every step does a bounded amount of work per call, so no
//! tick runs long and a backlog drains over the following ticks.

use crate::settings::Env;
use ratusz_platform::{system, ApiError, Ctx};
use spin_sdk::http::Response;

/// `POST /internal/tick`, `POST /api/notify/tick`: the registry's periodic work, then the
/// platform's tick report.
pub fn tick(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    // One batch of a running key rotation; a failed batch is retried by the next tick and
    // does not keep the other steps from running.
    if let Err(e) = crate::rotation::step(&env) {
        ratusz_platform::log::error(&format!("key rotation step: {e}"));
    }
    // Residents whose consent was withdrawn `notify_withdrawn_days` ago; the rest of a batch
    // waits for the next tick.
    if let Err(e) = crate::withdrawn::erase_due(&env) {
        ratusz_platform::log::error(&format!("erasure after withdrawal: {e}"));
    }
    // Report photos no report named within the hour.
    if let Err(e) = crate::reports::purge::unused_photos(&env) {
        ratusz_platform::log::error(&format!("unused report photos: {e}"));
    }
    // Messages: start due ones, count audiences, drain deliveries — after the response, within
    // `notify_tick_budget_ms` (`crate::sending`).
    crate::sending::request_pass();
    system::tick(ctx)
}
