//! `POST /api/notify/messages/{id}/cancel`: a scheduled or sending message stops — its row
//! becomes `cancelled` with the audit entry in one transaction, then its queued deliveries
//! become `cancelled` in short batches (the drain never leases a cancelled message's
//! deliveries, and the tick sweeps what this request leaves). What was sent stays sent.

use super::{bump, notifier, sealing, views};
use crate::store::{deliveries, messages};
use ratusz_domain::notify::sending;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// Queued deliveries cancelled per transaction.
pub const SWEEP_BATCH: u32 = 2_000;
/// Sweep batches this request runs before leaving the rest to the tick.
const SWEEPS_IN_REQUEST: u32 = 10;

/// `POST /api/notify/messages/{id}/cancel` → 200 message; 409 `message_finished`.
pub fn cancel(ctx: &Ctx) -> Result<Response, ApiError> {
    let n = notifier(ctx)?;
    // Not an id this server gives: no such message (and no KV key made of it).
    let id = ratusz_domain::validate::id(n.env.param("id")?).map_err(|_| ApiError::NotFound)?;
    let row = messages::by_id(&n.env.db, &id)?.ok_or(ApiError::NotFound)?;
    let finished = || {
        ApiError::conflict("conflict", "The message is done or cancelled already.")
            .with_param("rule", "message_finished")
    };
    sending::may_cancel(row.state).map_err(|_| finished())?;
    n.env.db.transaction(|db| {
        if !messages::cancel(db, &id, &n.user_id, n.env.now)? {
            return Err(finished());
        }
        n.env.audit(
            &n.user_id,
            "message.cancelled",
            &format!("message:{id}"),
            serde_json::json!({ "state_before": row.state.as_str() }),
        )?;
        Ok(())
    })?;
    for _ in 0..SWEEPS_IN_REQUEST {
        if deliveries::cancel_queued(&n.env.db, &id, SWEEP_BATCH)? < u64::from(SWEEP_BATCH) {
            break;
        }
    }
    bump(std::slice::from_ref(&id));
    let row = messages::by_id(&n.env.db, &id)?.ok_or(ApiError::NotFound)?;
    let keys = sealing::keyring()?;
    Ok(response::ok(&views::message(&n.env.db, &keys, row)?))
}
