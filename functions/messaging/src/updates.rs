//! `GET /api/chat/updates?since=<cursor>`: what changed for the caller since `cursor` — new
//! messages, edits and deletions in their conversations, their counters — at most 200
//! messages a page (`more: true`: ask again at once). The caller's cursor is the highest
//! change number among their conversations' messages and their own member rows; it is the
//! `ETag`.
//!
//! An unchanged poll is answered from the KV store: the person's stamp (the cursor the last
//! full look found, and the marks it was found under) and one batch read of the marks tell
//! the caller's cursor; SQLite is opened only when that is not the client's `ETag`. A poll
//! that finds news leaves the stamp as it is while the stamp still tells the cursor, so in the
//! steady state no poll writes to the store (`store::marks`, docs/decisions.md).

use crate::access::{self, in_council};
use crate::settings::Env;
use crate::store::{conversations, marks, members, messages};
use crate::views;
use ratusz_domain::accounts::authz::Operation;
use ratusz_domain::api::chat::ChatUpdates;
use ratusz_domain::chat::cursor::UpdatesCursor;
use ratusz_domain::chat::poll_stamp::{self, PollStamp};
use ratusz_domain::etag::none_match;
use ratusz_domain::validate::limits::CHAT_UPDATES_MAX;
use ratusz_domain::validate::Invalid;
use ratusz_platform::{response, runtime, ApiError, Ctx, Principal};
use spin_sdk::http::Response;
use std::collections::BTreeSet;

fn etag(cursor: UpdatesCursor) -> String {
    format!("\"{}\"", cursor.format())
}

/// The poll.
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    // From the request, not `access::chatter`'s `Env`: an unchanged poll never opens SQLite.
    let p = ctx.require(Operation::UseChat)?;
    let since = match ctx.req.query_param("since").filter(|s| !s.is_empty()) {
        Some(text) => Some(
            UpdatesCursor::parse(&text)
                .map_err(|_| ApiError::invalid_field("since", Invalid::format("cursor")))?,
        ),
        None => None,
    };
    let standing = marks::stamp(&p.user_id)?;
    if let Some(tag) = unchanged(ctx, &p, standing.as_ref())? {
        return Ok(not_modified(&tag));
    }
    full(ctx, &p, since, standing.as_ref())
}

/// The cursor's `ETag` when the client holds it and the stamp and the marks tell it.
fn unchanged(
    ctx: &Ctx,
    p: &Principal,
    standing: Option<&PollStamp>,
) -> Result<Option<String>, ApiError> {
    let (Some(header), Some(stamp)) = (ctx.req.header("if-none-match"), standing) else {
        return Ok(None);
    };
    let (person, conversations) = marks::current(&p.user_id, stamp.conversation_ids())?;
    let now = poll_stamp::Now {
        at: runtime::now(),
        council: in_council(&p.roles),
        person: person.as_deref(),
        conversations: &conversations,
    };
    let Some(cursor) = stamp.cursor(now) else {
        return Ok(None);
    };
    let tag = etag(UpdatesCursor(cursor));
    Ok(none_match(Some(header), &tag).then_some(tag))
}

/// The look at SQLite, which leaves a new stamp only when the standing one no longer tells
/// the cursor.
fn full(
    ctx: &Ctx,
    p: &Principal,
    since: Option<UpdatesCursor>,
    standing: Option<&PollStamp>,
) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    // Marks before the rows they guard: a writer sets its mark after its commit, so a mark
    // read here and unchanged later means the rows read below were already that new.
    let person_mark = marks::person(&p.user_id)?;
    let ids = access::visible_ids(&env, p)?;
    let conversation_marks = marks::conversations(&ids)?;
    let current = UpdatesCursor(
        messages::max_change(&env.db, &ids)?.max(members::max_seq(&env.db, &p.user_id, &ids)?),
    );
    let found = PollStamp {
        base: current.0,
        council: in_council(&p.roles),
        at: env.now,
        person: person_mark,
        conversations: ids.iter().cloned().zip(conversation_marks).collect(),
    };
    if poll_stamp::must_replace(standing, &found) {
        marks::keep_stamp(&p.user_id, &found)?;
    }
    let tag = etag(current);
    if none_match(ctx.req.header("if-none-match"), &tag) {
        return Ok(not_modified(&tag));
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
            counts.push(views::counts(&env, &c, p)?);
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

fn not_modified(tag: &str) -> Response {
    with_headers(Response::builder().status(304).build(), tag)
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
