//! `ratusz-host`: runs Spin apps (`spin.toml`, manifest v2) on wasmtime, mirroring Spin 3.6
//! wherever an app can observe a difference. See `README.md` for the contract.
//!
//! Pure pieces (manifest, routing, headers, variables, allowed hosts, schedules, runtime
//! config) are plain functions with unit tests; the imperative shell is `app` (loading),
//! `server`/`invoke` (serving) and the host implementations of the Spin interfaces
//! (`kv`, `sqlite`, `variables_host`).

pub mod allowed_hosts;
pub mod app;
pub mod backup;
pub mod bindings;
pub mod cli;
pub mod clock;
pub mod duration;
pub mod engine;
pub mod error;
pub mod exchange;
pub mod fd_limit;
pub mod files;
pub mod headers;
pub mod invoke;
pub mod kv;
pub mod limits;
pub mod log;
pub mod manifest;
pub mod metrics;
pub mod outbound;
pub mod routing;
pub mod runtime_config;
pub mod schedule;
pub mod scheduler;
pub mod server;
pub mod services;
pub mod sqlite;
pub mod state;
pub mod up;
pub mod variables;
mod variables_host;
