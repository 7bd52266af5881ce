//! One module per page.

pub mod admin;
#[cfg(feature = "office")]
pub mod chat;
pub mod council;
pub mod home;
pub mod login;
pub mod not_found;
pub mod password_change;
// Rarely visited pages run in the office bundle, the whole app (`crate::bundle`).
#[cfg(feature = "office")]
pub mod password_claim;
#[cfg(feature = "office")]
pub mod password_lost;
#[cfg(feature = "office")]
pub mod password_request;
#[cfg(feature = "office")]
pub mod status;
// The resident's screens (`/residents/…`) run in the office bundle too.
#[cfg(feature = "office")]
pub mod residents;
// The staff's registry of residents (`/registry/…`), office bundle.
#[cfg(feature = "office")]
pub mod registry;
// The residents' reports (`/residents/reports…`, `/registry/reports…`), office bundle.
#[cfg(feature = "office")]
pub mod reports;
// The notifier's messages to residents (`/notify/…`), office bundle.
#[cfg(feature = "office")]
pub mod notify;

use yew::prelude::*;

use crate::dom;
use crate::i18n::use_texts;

/// Keeps the tab title in step with the page heading and the language.
#[hook]
pub fn use_page_title(title: &'static str) {
    let app_name = use_texts().app_name;
    use_effect_with(title, move |title| dom::set_title(title, app_name));
}
