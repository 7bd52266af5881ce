//! Ratusz domain: the API types shared by the functions and the frontend, and the pure rules
//! (policies, majority, speaker queue, …) they apply.
//!
//! This crate does no I/O and knows nothing of Spin: it builds for native, `wasm32-wasip2`
//! and `wasm32-unknown-unknown`, and is tested natively with tables of cases. Time and
//! randomness are passed in ([`time::Clock`], [`id::Entropy`]).

pub mod accounts;
pub mod api;
pub mod audit;
pub mod chat;
pub mod council;
pub mod endpoints;
pub mod etag;
pub mod file_signature;
#[cfg(feature = "nfkc")]
pub mod fold;
pub mod id;
pub mod idempotency;
pub mod maintenance;
pub mod notify;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod outbox;
pub mod time;
pub mod validate;
#[cfg(feature = "webpush")]
pub mod webpush;
pub mod wire;

#[doc(hidden)]
pub use serde as __serde;
