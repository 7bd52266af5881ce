//! Layout pieces and reusable views shared by the pages.

pub mod account_picker;
pub mod auth;
// The chat (office bundle, `crate::bundle`): the live poll and the navigation's badge.
#[cfg(feature = "office")]
pub mod chat_badge;
#[cfg(feature = "office")]
pub mod chat_live;
pub mod confirm;
pub mod council;
pub mod error_view;
pub mod form;
pub mod layout;
pub mod maintenance_banner;
pub mod nav_link;
pub mod offline;
// Only the reset request pages use it, in the office bundle (`crate::bundle`).
#[cfg(feature = "office")]
pub mod reset_request_form;
