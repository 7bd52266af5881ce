//! `GET /api/notify/stats`: anonymous counts for `notifier` and `notifier_admin` — no
//! personal field is opened, so no `recipient.read` is recorded.

use super::staff;
use crate::store::stats;
use ratusz_domain::accounts::authz::Operation;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// `GET /api/notify/stats` → 200.
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    let s = staff(ctx, Operation::ViewNotifyStats)?;
    Ok(response::ok(&stats::counts(&s.env.db, s.env.now)?))
}
