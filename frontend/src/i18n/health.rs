//! The administrator's health page (`/admin/health`), one table per language like the main
//! [`super::Texts`].

/// Every string of the health page.
#[cfg_attr(test, derive(serde::Serialize))]
pub struct HealthTexts {
    pub title: &'static str,
    pub intro: &'static str,
    pub home_link: &'static str,
    pub refresh: &'static str,
    pub refreshing: &'static str,
    pub checked_at: &'static str,
    pub auto_refresh: &'static str,
    pub server_heading: &'static str,
    pub version: &'static str,
    pub server_time: &'static str,
    pub database_heading: &'static str,
    pub schema_version: &'static str,
    pub migrations: &'static str,
    pub migration_version: &'static str,
    pub migration_name: &'static str,
    pub migration_applied: &'static str,
    pub database_size: &'static str,
    pub journal_mode: &'static str,
    pub outbox_heading: &'static str,
    pub outbox_pending: &'static str,
    pub outbox_sent: &'static str,
    pub outbox_expired: &'static str,
    pub outbox_oldest: &'static str,
    pub outbox_none_waiting: &'static str,
    pub kv_heading: &'static str,
    pub kv_ok: &'static str,
    pub kv_failed: &'static str,
    pub kv_latency: &'static str,
    pub audit_heading: &'static str,
    pub audit_length: &'static str,
    pub audit_head: &'static str,
    pub audit_empty: &'static str,
    pub audit_link: &'static str,
    /// "waiting N min": before the number of minutes.
    pub waiting_for: &'static str,
    pub minutes_short: &'static str,
}
