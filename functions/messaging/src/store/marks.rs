//! The chat's change marks in the KV store, which let the updates poll answer 304 without
//! opening SQLite and without writing anything (`ratusz_domain::chat::poll_stamp`,
//! docs/decisions.md).
//!
//! **Call after every commit that changes what a member sees**: [`conversation_changed`]
//! with the change number for a change every member of a conversation sees (a message sent,
//! edited, deleted or purged by retention, an attachment joining, a rename, a member list
//! change); [`people_changed`] for what only some people see (joining or leaving a
//! conversation, their own read marker). A conversation's mark is its change number, raised
//! after the commit and read back so marks set out of order still end at the last commit
//! (`ratusz_domain::chat::change_mark`): one KV write a change whatever the conversation's
//! size, the council channel's included. A person's mark is a fresh random id, compared only
//! for equality. Missing a call would let a poll answer 304 over the change for up to a
//! minute; the tests in `tests/tests/chat_updates.rs` fail if one is missing.

use crate::store::conversations;
use ratusz_domain::chat::change_mark::{self, MarkRaise};
use ratusz_domain::chat::poll_stamp::PollStamp;
use ratusz_platform::db::Db;
use ratusz_platform::kv::{self, DocKey, Kv};
use ratusz_platform::{log, runtime, ApiError};

/// Where conversation `cid`'s change number is kept (`chat-change`: the earlier random marks
/// lived under `chat-mark-conversation` and are never read).
fn conversation_key(cid: &str) -> DocKey {
    DocKey::new("chat-change", cid)
}

fn person_key(user_id: &str) -> DocKey {
    DocKey::new("chat-mark-person", user_id)
}

fn stamp_key(user_id: &str) -> DocKey {
    DocKey::new("chat-poll-stamp", user_id)
}

/// Marks conversation `cid` as changed at `change` for all its members (after the commit;
/// `db` reads the committed number back).
pub fn conversation_changed(db: &Db, cid: &str, change: i64) -> Result<(), ApiError> {
    let kv = Kv::open()?;
    let key = conversation_key(cid);
    let mut raise = MarkRaise::after_commit(change);
    loop {
        kv.set_raw(&key, change_mark::format(raise.value()).as_bytes())?;
        let committed = conversations::committed_change(db, cid)?;
        if raise.checked(committed).is_none() {
            if committed > raise.value() {
                // Rounds spent on a busy conversation: the stamps' age limit bounds the rest.
                log::info(&format!(
                    "chat mark of {cid} left at {} below {committed}",
                    raise.value()
                ));
            }
            return Ok(());
        }
    }
}

/// Marks each of `user_ids` as changed (their memberships or read markers; after the commit).
pub fn people_changed<S: AsRef<str>>(user_ids: &[S]) -> Result<(), ApiError> {
    let kv = Kv::open()?;
    for id in user_ids {
        kv.set_raw(
            &person_key(id.as_ref()),
            runtime::new_id().as_str().as_bytes(),
        )?;
    }
    Ok(())
}

/// The person's mark and the change marks of `cids` in their order (one batch read).
pub fn current<'a>(
    user_id: &str,
    cids: impl Iterator<Item = &'a str>,
) -> Result<(Option<String>, Vec<Option<i64>>), ApiError> {
    let mut keys = vec![person_key(user_id)];
    keys.extend(cids.map(conversation_key));
    let mut values = kv::get_many_raw(&keys)?.into_iter();
    let person = values
        .next()
        .flatten()
        .and_then(|bytes| String::from_utf8(bytes).ok());
    let conversations = values
        .map(|v| v.as_deref().and_then(change_mark::parse))
        .collect();
    Ok((person, conversations))
}

/// The person's mark alone.
pub fn person(user_id: &str) -> Result<Option<String>, ApiError> {
    Ok(current(user_id, std::iter::empty())?.0)
}

/// The change marks of `cids`, in their order (one batch read).
pub fn conversations(cids: &[String]) -> Result<Vec<Option<i64>>, ApiError> {
    let keys: Vec<DocKey> = cids.iter().map(|c| conversation_key(c)).collect();
    Ok(kv::get_many_raw(&keys)?
        .into_iter()
        .map(|v| v.as_deref().and_then(change_mark::parse))
        .collect())
}

/// The person's last stamp (`None`: none yet, or one this build cannot read).
pub fn stamp(user_id: &str) -> Result<Option<PollStamp>, ApiError> {
    // An unreadable stamp is only a missed shortcut: the poll asks SQLite and writes a new one.
    Ok(Kv::open()?.get(&stamp_key(user_id)).unwrap_or(None))
}

/// Keeps the person's stamp for the next polls.
pub fn keep_stamp(user_id: &str, stamp: &PollStamp) -> Result<(), ApiError> {
    Ok(Kv::open()?.set(&stamp_key(user_id), stamp)?)
}
