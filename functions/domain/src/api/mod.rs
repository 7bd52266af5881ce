//! Request and response bodies of the HTTP API (see `shared/spec/api.md`).

pub mod health;
pub mod problem;

pub use health::{HealthCheck, HealthChecks, HealthReport, HealthStatus};
pub use problem::Problem;
