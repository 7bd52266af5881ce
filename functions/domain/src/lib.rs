//! Ratusz domain: the API types shared by the functions and the frontend, and the pure rules
//! (policies, majority, speaker queue, …) they apply.
//!
//! This crate does no I/O and knows nothing of Spin: it builds for native, `wasm32-wasip2`
//! and `wasm32-unknown-unknown`, and is tested natively with tables of cases.

pub mod api;
