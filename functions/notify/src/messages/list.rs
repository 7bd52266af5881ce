//! `GET /api/notify/messages?state=&cursor=&limit=`: messages newest first (ids are ULIDs, so
//! id order is creation order), without their text or audience.

use super::{notifier, sealing, views};
use crate::store::messages;
use ratusz_domain::api::notify_messages::{MessageState, MessageSummary};
use ratusz_domain::api::page::Page;
use ratusz_domain::validate::{self, Invalid};
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// `GET /api/notify/messages` → 200 page of summaries.
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    let n = notifier(ctx)?;
    let state = ctx.req.query_choice("state", MessageState::parse)?;
    let page = ctx.req.page_query()?;
    // A blank cursor is no cursor (the document's pattern allows it, as for every list).
    let before = page
        .cursor
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .map(|c| {
            validate::id(c)
                .map_err(|_| ApiError::invalid_field("cursor", Invalid::format("cursor")))
        })
        .transpose()?;
    let mut rows = messages::page(&n.env.db, state, before.as_deref(), page.limit + 1)?;
    let more = rows.len() > page.limit as usize;
    rows.truncate(page.limit as usize);
    let next_cursor = more.then(|| rows.last().map(|r| r.id.clone())).flatten();
    let keys = sealing::keyring()?;
    let items = rows
        .into_iter()
        .map(|r| views::summary(&n.env.db, &keys, r))
        .collect::<Result<Vec<MessageSummary>, _>>()?;
    Ok(response::ok(&Page { items, next_cursor }))
}
