//! What a text becomes before any transaction: checked, rendered with its mentions, sealed,
//! and cut into keyed word tokens — so the write lock is held only for the inserts.

use crate::access;
use crate::body::{self, Body};
use crate::settings::Env;
use crate::store::conversations::ConversationRow;
use ratusz_domain::chat::{markdown, mentions, text, words};
use ratusz_platform::ApiError;

/// The purpose of the word index's derived keys.
pub const WORD_INDEX: &str = "chat.words";

/// A checked, rendered, sealed message body.
pub struct Composed {
    /// The body in plaintext (for the answer).
    pub body: Body,
    /// The sealed body (for the row).
    pub sealed: String,
    /// Members mentioned.
    pub mentions: Vec<String>,
    /// Word tokens under the sealing key's index key.
    pub tokens: Vec<String>,
}

/// Composes `raw` as message `mid` of `c` (422 field `text` when it breaks the rules).
pub fn compose(env: &Env, c: &ConversationRow, mid: &str, raw: &str) -> Result<Composed, ApiError> {
    let source = text::message_text(raw).map_err(|why| ApiError::invalid_field("text", why))?;
    let member_ids: Vec<String> = access::members_of(env, c)?
        .into_iter()
        .map(|a| a.account.id)
        .collect();
    let is_member = |id: &str| member_ids.iter().any(|m| m == id);
    let html = markdown::render(&source, is_member);
    let mentioned = mentions::mentioned_members(&source, is_member);
    let tokens = word_tokens(env, &source)?;
    let body = Body { text: source, html };
    let sealed = body::seal(&env.settings, &c.id, mid, &body)?;
    Ok(Composed {
        body,
        sealed,
        mentions: mentioned,
        tokens,
    })
}

/// The tokens of `source`'s words under the sealing key's index key.
fn word_tokens(env: &Env, source: &str) -> Result<Vec<String>, ApiError> {
    let keys = env.settings.keyring.derive_keys(WORD_INDEX);
    let Some((kid, key)) = keys.first() else {
        return Err(ApiError::internal("no data key"));
    };
    words::words(source)
        .iter()
        .map(|w| words::token(kid, key, w).map_err(ApiError::internal))
        .collect()
}
