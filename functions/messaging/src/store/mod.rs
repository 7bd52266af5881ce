//! All SQL of the `messaging` component, one module per table, and the change marks in the
//! KV store that every writer sets after its commit ([`marks`]). Accounts are read only
//! through `ratusz_platform::accounts_view`; the auth component owns `users`.

pub mod attachments;
pub mod conversations;
pub mod counter;
pub mod marks;
pub mod members;
pub mod mentions;
pub mod messages;
pub mod words;

use ratusz_platform::db::Value;

/// `?, ?, …` for `n` parameters and the ids as values (an `IN` list).
pub fn in_list(ids: &[String]) -> (String, Vec<Value>) {
    (
        vec!["?"; ids.len()].join(", "),
        ids.iter().map(|id| Value::from(id.as_str())).collect(),
    )
}
