//! Messages to residents (docs/api/notifications-messages.md § Staff: `notifier`): compose
//! ([`create`]), see who a draft would reach ([`preview`]), list ([`list`]), read with its
//! progress ([`get`], ETag/304 from the message's revision), cancel ([`cancel`]), and the
//! one-recipient message a reply to a report is sent as ([`individual`]). The sending itself is
//! the tick's ([`crate::sending`]).
//!
//! Only `notifier` may do any of it: a message reaches residents but shows nobody's data (the
//! counts are anonymous, and the k rule keeps a filter from singling a person out).

pub mod cancel;
pub mod create;
pub mod get;
pub mod individual;
pub mod list;
pub mod preview;
pub mod sealing;
pub mod views;

pub use individual::queue_individual;

use crate::settings::Env;
use ratusz_domain::accounts::authz::Operation;
use ratusz_platform::revision::Revision;
use ratusz_platform::{ApiError, Ctx};

/// A `notifier` with the request's environment.
pub struct Notifier {
    /// The request's environment.
    pub env: Env,
    /// The staff account.
    pub user_id: String,
}

/// The caller if a `notifier` (401 / 403 before any database work).
pub fn notifier(ctx: &Ctx) -> Result<Notifier, ApiError> {
    let principal = ctx.require(Operation::SendMessages)?;
    Ok(Notifier {
        env: Env::open(ctx)?,
        user_id: principal.user_id,
    })
}

/// Message `id`'s live revision: bumped after every committed change of its state or
/// progress, the `ETag` of `GET /api/notify/messages/{id}`.
pub fn revision(id: &str) -> Revision {
    Revision::of("notify-msg", id)
}

/// Bumps the revisions of `ids` after a commit; a KV failure only delays a poller's 200
/// until the next change, so it is logged, not returned.
pub fn bump(ids: &[String]) {
    for id in ids {
        if let Err(e) = revision(id).bump() {
            ratusz_platform::log::error(&format!("message {id}: revision not bumped: {e}"));
        }
    }
}
