//! `GET /api/notify/news?cursor=&limit=` (no login): the public news feed — messages to
//! everyone once sending started, newest first, placeholders left out. Its `ETag` is the
//! page's content, so a PWA polling (or refreshing its offline copy) gets a 304 while nothing
//! new went out.

use crate::feed;
use crate::messages::sealing;
use crate::store::feeds;
use ratusz_domain::etag;
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// → 200 `{items: [news item], next_cursor}` with `ETag`, or 304.
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = crate::settings::Env::open(ctx)?;
    let query = ctx.req.page_query()?;
    let before = feed::cursor(query.cursor.as_deref())?;
    let rows = feeds::news(&env.db, before.as_deref(), query.limit + 1)?;
    let keys = sealing::keyring()?;
    let page = feed::page(rows, query.limit, |row| feed::news_item(&keys, row))?;
    let body = serde_json::to_vec(&page).map_err(ApiError::internal)?;
    let tag = etag::of_content(&body);
    if response::none_match(ctx.req.header("if-none-match"), &tag) {
        return Ok(Response::builder()
            .status(304)
            .header("etag", tag)
            .header("cache-control", "no-cache")
            .build());
    }
    Ok(Response::builder()
        .status(200)
        .header("content-type", response::JSON)
        .header("etag", tag)
        .header("cache-control", "no-cache")
        .body(body)
        .build())
}
