//! `GET /api/chat/updates?since=<cursor>`: what changed for the caller since `cursor` — new
//! messages, edits and deletions in their conversations, their counters — at most 200
//! messages a page (`more: true`: ask again at once). The caller's cursor is the highest
//! change number among their conversations' messages and their own member rows; it is the
//! `ETag`, so an unchanged poll costs two indexed reads and answers 304.

use crate::access::{self, chatter};
use crate::settings::Env;
use crate::store::{conversations, members, messages};
use crate::views;
use ratusz_domain::api::chat::ChatUpdates;
use ratusz_domain::chat::cursor::UpdatesCursor;
use ratusz_domain::etag::none_match;
use ratusz_domain::validate::limits::CHAT_UPDATES_MAX;
use ratusz_domain::validate::Invalid;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;
use std::collections::BTreeSet;

fn etag(cursor: UpdatesCursor) -> String {
    format!("\"{}\"", cursor.format())
}

/// The poll.
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let p = chatter(&env)?;
    let since = match ctx.req.query_param("since").filter(|s| !s.is_empty()) {
        Some(text) => Some(
            UpdatesCursor::parse(&text)
                .map_err(|_| ApiError::invalid_field("since", Invalid::format("cursor")))?,
        ),
        None => None,
    };
    let ids = access::visible_ids(&env, &p)?;
    let current = UpdatesCursor(
        messages::max_change(&env.db, &ids)?.max(members::max_seq(&env.db, &p.user_id, &ids)?),
    );
    let tag = etag(current);
    if none_match(ctx.req.header("if-none-match"), &tag) {
        return Ok(with_headers(Response::builder().status(304).build(), &tag));
    }
    let Some(since) = since else {
        return Ok(with_headers(response::ok(&empty(current)), &tag));
    };
    let mut rows = messages::changed_since(&env.db, &ids, since.0, CHAT_UPDATES_MAX + 1)?;
    let more = rows.len() > CHAT_UPDATES_MAX;
    rows.truncate(CHAT_UPDATES_MAX);
    let cursor = match (more, rows.last()) {
        (true, Some(last)) => UpdatesCursor(last.change_seq),
        _ => current,
    };
    let mut touched: BTreeSet<String> = rows.iter().map(|m| m.conversation_id.clone()).collect();
    touched.extend(members::changed_since(&env.db, &p.user_id, &ids, since.0)?);
    let (fresh, changed): (Vec<_>, Vec<_>) =
        rows.into_iter().partition(|m| m.created_seq > since.0);
    let mut counts = Vec::with_capacity(touched.len());
    for cid in &touched {
        if let Some(c) = conversations::by_id(&env.db, cid)? {
            counts.push(views::counts(&env, &c, &p)?);
        }
    }
    let answer = ChatUpdates {
        cursor: cursor.format(),
        messages: views::messages(&env, fresh)?,
        changed: views::messages(&env, changed)?,
        conversations: counts,
        more,
    };
    // A partial page is labelled with its own cursor, never with the caller's newest.
    let tag = if more { etag(cursor) } else { tag };
    Ok(with_headers(response::ok(&answer), &tag))
}

fn empty(cursor: UpdatesCursor) -> ChatUpdates {
    ChatUpdates {
        cursor: cursor.format(),
        messages: Vec::new(),
        changed: Vec::new(),
        conversations: Vec::new(),
        more: false,
    }
}

fn with_headers(mut resp: Response, etag: &str) -> Response {
    resp.set_header("etag", etag);
    resp.set_header("cache-control", "private, no-cache");
    resp
}
