//! SQL for the accounts tables (schema in `ratusz_platform::schema`, migration 3).
//! Each submodule owns one table; handlers never write SQL themselves.

pub mod failures;
pub mod incidents;
pub mod maintenance;
pub mod resets;
pub mod units;
pub mod users;

pub use ratusz_platform::db::{flag, opt_text, opt_time, text_or_null, time, time_or_null};
