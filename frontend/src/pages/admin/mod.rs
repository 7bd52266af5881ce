//! The admin console (roles `admin` and `support`): accounts, units, reset queue, incidents,
//! audit chain. Each page hides the actions its viewer's roles cannot take; the server
//! enforces them anyway.
//!
//! Every page here is an office page (`/admin/…`): declare it `#[cfg(feature = "office")]`,
//! so only the office bundle carries it (`crate::bundle`). The helpers below are shared.

#[cfg(feature = "office")]
pub mod audit;
#[cfg(feature = "office")]
pub mod health;
#[cfg(feature = "office")]
pub mod incident_detail;
#[cfg(feature = "office")]
pub mod incidents;
#[cfg(feature = "office")]
pub mod maintenance;
#[cfg(feature = "office")]
pub mod resets;
#[cfg(feature = "office")]
pub mod resident_keys;
#[cfg(feature = "office")]
pub mod units;
#[cfg(feature = "office")]
pub mod user_detail;
#[cfg(feature = "office")]
pub mod users;

use ratusz_domain::api::accounts::{Role, Unit};
use yew::prelude::*;

use crate::auth::has_any;
use crate::components::auth::use_auth_state;

/// Whether the signed-in account holds one of `roles`.
#[hook]
pub fn use_has_role(roles: &'static [Role]) -> bool {
    has_any(use_auth_state().roles(), roles)
}

/// A unit's name from the list, else its id.
pub fn unit_name(units: &[Unit], id: &str) -> String {
    units
        .iter()
        .find(|u| u.id == id)
        .map_or_else(|| id.to_owned(), |u| u.name.clone())
}

/// Where a list page stands.
#[derive(Clone, PartialEq)]
pub enum Loaded<T> {
    /// Waiting for the answer.
    Loading,
    /// The data.
    Ready(T),
    /// The call failed.
    Failed(crate::api::ApiError),
}
