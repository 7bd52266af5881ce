//! `GET /api/audit` (the chain, a page at a time) and `GET /api/audit/verify`.

use crate::settings::Env;
use ratusz_domain::accounts::authz::Operation;
use ratusz_domain::api::Page;
use ratusz_domain::validate::limits::SEQ_CURSOR_DIGITS_MAX;
use ratusz_platform::{audit_log, response, ApiError, Ctx};
use spin_sdk::http::Response;

/// `GET /api/audit?cursor=&limit=&action=` (admin, support). The cursor is the last `seq`.
pub fn list(ctx: &Ctx) -> Result<Response, ApiError> {
    ctx.require(Operation::ViewAudit)?;
    let page = ctx.req.page_query()?;
    let after = match page.cursor.as_deref() {
        None => 0,
        // Digits only, as the OpenAPI document says (`parse` alone would take `+5`).
        Some(c) => Some(c)
            .filter(|c| c.len() <= SEQ_CURSOR_DIGITS_MAX && c.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|c| c.parse::<u64>().ok())
            .ok_or_else(|| ApiError::BadRequest("cursor is not valid".into()))?,
    };
    let action = ctx.req.query_param("action").filter(|a| !a.is_empty());
    let env = Env::open(ctx)?;
    let limit = i64::from(page.limit);
    let mut items = Vec::new();
    let mut last = after;
    // Filtering by action scans forward until the page is full or the chain ends; `last` is
    // the last entry looked at, so the next page continues right after it.
    'scan: loop {
        let batch = audit_log::page(&env.db, last, 1000)?;
        if batch.is_empty() {
            break;
        }
        for entry in batch {
            last = entry.seq;
            if action.as_deref().is_none_or(|a| a == entry.action) {
                items.push(entry);
                if items.len() as i64 == limit {
                    break 'scan;
                }
            }
        }
    }
    let more = items.len() as i64 == limit && !audit_log::page(&env.db, last, 1)?.is_empty();
    let next_cursor = more.then(|| last.to_string());
    Ok(response::ok(&Page { items, next_cursor }))
}

/// `GET /api/audit/verify` (admin, support): recomputes the whole chain.
pub fn verify(ctx: &Ctx) -> Result<Response, ApiError> {
    ctx.require(Operation::ViewAudit)?;
    let env = Env::open(ctx)?;
    Ok(response::ok(&audit_log::verify(&env.db)?))
}
