//! The chat screens' pure parts (`docs/api/messaging.md`): the state the updates poll merges
//! into, the offline queue of messages written without network, the copy kept for reading
//! offline, the mention handle the composer inserts, and the files chosen for a message —
//! and, not pure, the bytes of a queued message's files kept on this device (`held`). Office
//! bundle only (`bundle.rs`).

pub mod attach;
pub mod held;
pub mod kept;
pub mod mention;
pub mod outbox;
pub mod push;
pub mod state;
