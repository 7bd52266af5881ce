//! Request and response bodies of the HTTP API (see `shared/spec/api.md`).
//!
//! Request bodies reject unknown fields (`deny_unknown_fields`, api.md § Limits); response
//! bodies accept them, so a frontend kept alive by the service worker keeps working when a
//! newer server adds a field.

pub mod accounts;
pub mod chat;
pub mod council;
pub mod health;
pub mod incidents;
pub mod maintenance;
pub mod notify;
pub mod notify_messages;
pub mod notify_reports;
pub mod notify_templates;
pub mod page;
pub mod problem;
pub mod push;
pub mod resets;
pub mod system;

pub use crate::audit::{AuditEntry, AuditVerification};
pub use health::{HealthCheck, HealthChecks, HealthReport, HealthStatus};
pub use page::Page;
pub use problem::Problem;
pub use system::{
    AppliedMigration, AuditStatus, DatabaseStatus, OutboxStatus, SchemaStatus, SystemStatus,
    TickReport,
};
