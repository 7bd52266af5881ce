//! `POST /api/notify/deliveries/events`: a gateway reports what became of messages it
//! accepted (`Authorization: Bearer <notify_callback_token>`; 404 while the token is unset or
//! too short, 401 for a wrong one — the platform's token check). Only a `sent` delivery moves;
//! an event for any other (unknown, repeated, late) is ignored and not counted in `applied`.

use crate::messages::bump;
use crate::store::deliveries::{self, CountMoves};
use ratusz_domain::api::notify_messages::{DeliveryEvents, DeliveryState, EventsApplied};
use ratusz_domain::notify::sending::{event_move, EVENTS_MAX};
use ratusz_domain::validate::{self, Checks, Invalid};
use ratusz_platform::config::{SpinVars, Vars};
use ratusz_platform::db::Db;
use ratusz_platform::guard::check_tick_token;
use ratusz_platform::{response, runtime, ApiError, Ctx};
use spin_sdk::http::Response;

/// The variable holding the gateways' callback token.
pub const CALLBACK_TOKEN_VARIABLE: &str = "notify_callback_token";
/// A reason's longest accepted length (it is not stored).
pub const REASON_MAX: usize = 500;

/// `POST /api/notify/deliveries/events` → 200 `{applied}`.
pub fn receive(ctx: &Ctx) -> Result<Response, ApiError> {
    let configured = SpinVars.get(CALLBACK_TOKEN_VARIABLE)?;
    check_tick_token(ctx.req.header("authorization"), configured.as_deref())?;
    let body: DeliveryEvents = ctx.req.json()?;
    let mut checks = Checks::new();
    if body.events.len() > EVENTS_MAX {
        checks.refuse("events", Invalid::out_of_range(0, EVENTS_MAX));
    }
    for (i, e) in body.events.iter().enumerate() {
        checks.check(&format!("events[{i}].id"), validate::id(&e.id));
        checks.check(
            &format!("events[{i}].reason"),
            validate::optional_long_text(e.reason.as_deref(), REASON_MAX),
        );
    }
    checks.finish()?;
    let now = runtime::now();
    let db = Db::open()?;
    let mut moves = CountMoves::default();
    let touched = db.transaction(|db| -> Result<Vec<String>, ApiError> {
        let mut touched = Vec::new();
        for e in &body.events {
            // The target state if the delivery is `sent`; apply_event checks that it is.
            let Some(to) = event_move(DeliveryState::Sent, e.status) else {
                continue;
            };
            if let Some(message_id) = deliveries::apply_event(db, e.id.trim(), to, now, &mut moves)?
            {
                touched.push(message_id);
            }
        }
        moves.apply(db)?;
        Ok(touched)
    })?;
    let applied = touched.len() as u64;
    let mut ids = touched;
    ids.sort();
    ids.dedup();
    bump(&ids);
    Ok(response::ok(&EventsApplied { applied }))
}
