//! The chat screens' pure parts (`docs/api/messaging.md`): the state the updates poll merges
//! into, the offline queue of messages written without network, the copy kept for reading
//! offline, and the mention handle the composer inserts. Office bundle only (`bundle.rs`).

pub mod kept;
pub mod mention;
pub mod outbox;
pub mod state;
