//! Ratusz platform: the Spin glue every component uses, written once.
//!
//! - [`App`] / [`Router`]: read the request within its body limit, route catalogued endpoints,
//!   run the [`guard`], call the handler, map [`ApiError`] to an RFC 9457 problem.
//! - [`kv`]: JSON documents and atomic counters in the KV store, with typed keys.
//! - [`db`], [`migrations`], [`schema`]: Spin SQLite, migrated forward-only on first use.
//! - [`audit_log`]: the audit chain over table `audit_log`. [`idempotency`]: `Idempotency-Key`.
//! - [`sealed`]: AEAD for data at rest under the `data_keys` keyring (or another keyring
//!   variable); [`blind_index`]: keyed HMAC look-ups of sealed values.
//! - `push` (feature `push`): the Web Push sender and staff accounts' subscriptions.
//! - [`config`]: typed Spin variables. [`client_addr`]: the client behind trusted proxies. [`runtime`]: system clock and CSPRNG.
//! - [`gateway_batch`]: the gateways' batch form; [`revision`]: live revisions (KV counters as ETags).
//! - [`system`]: health, OpenAPI and tick handlers.
//!
//! I/O-free parts (errors, routing, body and header rules, migration planning) are unit
//! tested natively; nothing in a native test calls a Spin import.

pub mod accounts_view;
pub mod app;
pub mod audit_log;
pub mod blind_index;
pub mod client_addr;
pub mod config;
pub mod db;
pub mod env;
pub mod error;
pub mod gateway_batch;
pub mod guard;
pub mod idempotency;
pub mod kv;
pub mod log;
pub mod maintenance;
pub mod meetings_view;
pub mod migrations;
pub mod outbox;
#[cfg(feature = "push")]
pub mod push;
pub mod request;
pub mod response;
pub mod revision;
pub mod router;
pub mod runtime;
pub mod schema;
pub mod sealed;
pub mod session;
pub mod system;
pub mod system_status;

pub use app::App;
pub use env::{Env, Settings};
pub use error::ApiError;
pub use guard::{Access, Caller, Principal, RequestGuard, SessionCheck};
pub use request::{ApiRequest, PageQuery};
pub use router::{Ctx, Params, Router};
