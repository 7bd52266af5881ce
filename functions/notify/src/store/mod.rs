//! All of `notify`'s SQL, one module per table. Personal columns hold only sealed text; the
//! callers seal before and open after (`crate::keys`, `crate::recipient`).

pub mod channel_list;
pub mod code_sends;
pub mod codes;
pub mod deliveries;
pub mod devices;
pub mod districts;
pub mod erasure_requests;
pub mod feeds;
pub mod key_rotations;
pub mod messages;
pub mod recipients;
pub mod report_history;
pub mod report_photos;
pub mod reports;
pub mod resealing;
pub mod resealing_reports;
pub mod stats;
pub mod targets;
pub mod templates;
pub mod withdrawn;
