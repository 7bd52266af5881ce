//! `GET /api/notify/messages/{id}`: the message with its progress. Its `ETag` is the
//! message's revision (KV), bumped after every batch of progress, so a screen polling a send
//! of 100,000 gets a 304 from one KV read while nothing moved.

use super::{notifier, revision, sealing, views};
use crate::store::messages;
use ratusz_platform::revision as rev;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// `GET /api/notify/messages/{id}` → 200 message with `ETag`, or 304.
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    let n = notifier(ctx)?;
    // Not an id this server gives: no such message (and no KV key made of it).
    let id = ratusz_domain::validate::id(n.env.param("id")?).map_err(|_| ApiError::NotFound)?;
    // Read before the row: a change committed after this read carries a newer revision, so
    // the answer is never newer than its tag claims.
    let current = revision(&id).current()?;
    let row = messages::by_id(&n.env.db, &id)?.ok_or(ApiError::NotFound)?;
    let etag = rev::etag(current);
    if rev::matches(ctx.req.header("if-none-match"), current) {
        return Ok(Response::builder()
            .status(304)
            .header("etag", etag)
            .header("cache-control", "no-cache")
            .build());
    }
    let keys = sealing::keyring()?;
    let mut resp = response::ok(&views::message(&n.env.db, &keys, row)?);
    resp.set_header("etag", etag);
    resp.set_header("cache-control", "no-cache");
    Ok(resp)
}
