//! The chat's scheduled tick: `POST /internal/tick` on the private component `messaging-tick`
//! (the host's `--schedule`) and `POST /api/chat/tick` with the deployment's `tick_token` (a
//! CronJob on Spin / SpinKube). Every step does a bounded amount of work per call, so no tick
//! runs long and a backlog drains over the following ticks.

use crate::retention;
use crate::settings::Env;
use ratusz_platform::{system, ApiError, Ctx};
use spin_sdk::http::Response;

/// `POST /internal/tick`, `POST /api/chat/tick`: the chat's periodic work, then the
/// platform's tick report. A failed step is logged and retried by the next tick; it does not
/// keep the other from running.
pub fn tick(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    if let Err(e) = retention::purge_unused_uploads(&env) {
        ratusz_platform::log::error(&format!("unused uploads: {e}"));
    }
    if let Err(e) = retention::purge_old_messages(&env) {
        ratusz_platform::log::error(&format!("message retention: {e}"));
    }
    system::tick(ctx)
}
