//! All SQL of the `voting` component, one module per table group. Accounts are read only
//! through the `account_directory` view (`ratusz_platform::accounts_view`); the auth
//! component owns `users`.

pub mod agenda;
pub mod attachments;
pub mod attendance;
pub mod floor;
pub mod meetings;
pub mod polls;
pub mod votes;

pub use ratusz_platform::db::{opt_wire, wire};
use ratusz_platform::db::{DbError, Row};

/// A non-negative count column.
pub fn count(row: &Row, i: usize, what: &str) -> Result<u32, DbError> {
    u32::try_from(ratusz_platform::db::integer(row, i, what)?)
        .map_err(|_| DbError::Decode(what.into()))
}
