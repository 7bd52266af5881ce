//! The chat's change marks in the KV store, which let the updates poll answer 304 without
//! opening SQLite (`ratusz_domain::chat::poll_stamp`, docs/decisions.md).
//!
//! **Call after every commit that changes what a member sees**: [`conversation_changed`]
//! for a conversation's messages (sent, edited, deleted, purged by retention, an attachment
//! joining), its title or its members; [`people_changed`] for what only some people see
//! (joining or leaving a conversation, their own read marker). A mark is a fresh random id,
//! never a count: setting one is one KV write whatever the conversation's size (the council
//! channel's included), and a mark can never come back to a value a stamp holds. Missing a
//! call would let a poll answer 304 over the change for up to a minute; the tests in
//! `tests/tests/chat_updates.rs` fail if one is missing.

use ratusz_domain::chat::poll_stamp::PollStamp;
use ratusz_platform::kv::{self, DocKey, Kv};
use ratusz_platform::{runtime, ApiError};

fn conversation_key(cid: &str) -> DocKey {
    DocKey::new("chat-mark-conversation", cid)
}

fn person_key(user_id: &str) -> DocKey {
    DocKey::new("chat-mark-person", user_id)
}

fn stamp_key(user_id: &str) -> DocKey {
    DocKey::new("chat-poll-stamp", user_id)
}

fn set_fresh(kv: &Kv, key: &DocKey) -> Result<(), ApiError> {
    Ok(kv.set_raw(key, runtime::new_id().as_str().as_bytes())?)
}

/// Marks conversation `cid` as changed for all its members (after the commit).
pub fn conversation_changed(cid: &str) -> Result<(), ApiError> {
    set_fresh(&Kv::open()?, &conversation_key(cid))
}

/// Marks each of `user_ids` as changed (their memberships or read markers; after the commit).
pub fn people_changed<S: AsRef<str>>(user_ids: &[S]) -> Result<(), ApiError> {
    let kv = Kv::open()?;
    for id in user_ids {
        set_fresh(&kv, &person_key(id.as_ref()))?;
    }
    Ok(())
}

fn read(keys: &[DocKey]) -> Result<Vec<Option<String>>, ApiError> {
    Ok(kv::get_many_raw(keys)?
        .into_iter()
        .map(|v| v.and_then(|bytes| String::from_utf8(bytes).ok()))
        .collect())
}

/// The person's mark and each of `cids`' marks in their order (one batch read).
pub fn current<'a>(
    user_id: &str,
    cids: impl Iterator<Item = &'a str>,
) -> Result<(Option<String>, Vec<Option<String>>), ApiError> {
    let mut keys = vec![person_key(user_id)];
    keys.extend(cids.map(conversation_key));
    let mut values = read(&keys)?.into_iter();
    let person = values.next().flatten();
    Ok((person, values.collect()))
}

/// The person's mark alone.
pub fn person(user_id: &str) -> Result<Option<String>, ApiError> {
    Ok(read(&[person_key(user_id)])?.into_iter().next().flatten())
}

/// The marks of `cids`, in their order (one batch read).
pub fn conversations(cids: &[String]) -> Result<Vec<Option<String>>, ApiError> {
    let keys: Vec<DocKey> = cids.iter().map(|c| conversation_key(c)).collect();
    read(&keys)
}

/// The person's last stamp (`None`: none yet, or one this build cannot read).
pub fn stamp(user_id: &str) -> Result<Option<PollStamp>, ApiError> {
    // An unreadable stamp is only a missed shortcut: the poll asks SQLite and writes a new one.
    Ok(Kv::open()?.get(&stamp_key(user_id)).unwrap_or(None))
}

/// Keeps the person's stamp for the next poll.
pub fn keep_stamp(user_id: &str, stamp: &PollStamp) -> Result<(), ApiError> {
    Ok(Kv::open()?.set(&stamp_key(user_id), stamp)?)
}
