//! The chat's scheduled tick: `POST /internal/tick` on the private component `messaging-tick`
//! (the host's `--schedule`) and `POST /api/chat/tick` with the deployment's `tick_token` (a
//! CronJob on Spin / SpinKube). Every step does a bounded amount of work per call, so no tick
//! runs long and a backlog drains over the following ticks.

use ratusz_platform::{system, ApiError, Ctx};
use spin_sdk::http::Response;

/// `POST /internal/tick`, `POST /api/chat/tick`: the chat's periodic work, then the
/// platform's tick report.
pub fn tick(ctx: &Ctx) -> Result<Response, ApiError> {
    system::tick(ctx)
}
