//! `GET /api/chat/search?q=&conversation_id=&cursor&limit`: whole words (case- and
//! accent-insensitive, all must match) in the caller's conversations only, newest first. The
//! words become keyed tokens under every index key of the ring (so messages indexed before a
//! key rotation are found too); no word is ever stored or compared in plaintext.

use crate::access::{self, chatter};
use crate::compose::WORD_INDEX;
use crate::settings::Env;
use crate::store::messages;
use crate::views;
use ratusz_domain::api::page::page_limit;
use ratusz_domain::api::Page;
use ratusz_domain::chat::{search, words};
use ratusz_domain::validate::limits::CHAT_PAGE_MAX;
use ratusz_domain::validate::{self as rules, Invalid};
use ratusz_platform::{response, ApiError, Ctx};
use spin_sdk::http::Response;

/// The search.
pub fn get(ctx: &Ctx) -> Result<Response, ApiError> {
    let env = Env::open(ctx)?;
    let p = chatter(&env)?;
    let q = ctx.req.query_param("q").unwrap_or_default();
    let wanted = search::query_words(&q).map_err(|why| ApiError::invalid_field("q", why))?;
    let limit = match page_limit(ctx.req.query_param("limit").as_deref()) {
        Ok(n) if n <= CHAT_PAGE_MAX => n,
        _ => {
            return Err(ApiError::invalid_field(
                "limit",
                Invalid::out_of_range(1, CHAT_PAGE_MAX),
            ))
        }
    };
    let before = optional_id(ctx, "cursor")?;
    let visible = access::visible_ids(&env, &p)?;
    let scope = match optional_id(ctx, "conversation_id")? {
        // Another person's conversation is as absent as one that does not exist.
        Some(cid) if visible.contains(&cid) => vec![cid],
        Some(_) => return Err(ApiError::NotFound),
        None => visible,
    };
    let keys = env.settings.keyring.derive_keys(WORD_INDEX);
    let tokens = wanted
        .iter()
        .map(|word| {
            keys.iter()
                .map(|(kid, key)| words::token(kid, key, word).map_err(ApiError::internal))
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<Vec<_>, _>>()?;
    let rows = messages::search(&env.db, &scope, &tokens, before.as_deref(), limit)?;
    let next_cursor = (rows.len() == limit as usize)
        .then(|| rows.last().map(|m| m.id.clone()))
        .flatten();
    let items = views::messages(&env, rows)?;
    Ok(response::ok(&Page { items, next_cursor }))
}

fn optional_id(ctx: &Ctx, name: &str) -> Result<Option<String>, ApiError> {
    match ctx.req.query_param(name).filter(|v| !v.is_empty()) {
        Some(v) => rules::id(&v)
            .map(Some)
            .map_err(|why| ApiError::invalid_field(name, why)),
        None => Ok(None),
    }
}
