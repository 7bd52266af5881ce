//! `PUT /api/chat/conversations/{cid}/read` `{message_id}` → 204: the caller's read marker,
//! which only moves forward (a tablet back from offline may report an older position).

use crate::access::{self, chatter};
use crate::settings::Env;
use crate::store::{counter, marks, members, messages};
use ratusz_domain::api::chat::ReadMarkerPut;
use ratusz_domain::chat::read_marker::advance;
use ratusz_domain::validate::{self as rules, Invalid};
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// Moves the marker (an older or equal id is accepted and changes nothing).
pub fn put(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let p = chatter(&env)?;
    let c = access::load_member(&env, &p)?;
    let input: ReadMarkerPut = ctx.req.json()?;
    let mid =
        rules::id(&input.message_id).map_err(|why| ApiError::invalid_field("message_id", why))?;
    if messages::by_id(&env.db, &c.id, &mid)?.is_none() {
        return Err(ApiError::invalid_field(
            "message_id",
            Invalid::unknown_reference(),
        ));
    }
    let moved = env.db.transaction(|db| {
        let current = members::read_marker(db, &c.id, &p.user_id)?;
        let Some(marker) = advance(current.as_deref(), &mid) else {
            return Ok::<_, ApiError>(false);
        };
        let seq = counter::next(db)?;
        members::set_marker(db, &c.id, &p.user_id, &marker, seq, env.now)?;
        Ok(true)
    })?;
    // The marker is the person's own: their other devices' polls must see it move.
    if moved {
        marks::people_changed(&[&p.user_id])?;
    }
    Ok(response::no_content())
}
