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

use ratusz_platform::db::{DbError, Row, Value};

/// Column `i` holding a wire name (`parse` is the enum's strict `parse`): an unknown name is
/// a decode error, never read as some default.
pub fn wire<T>(
    row: &Row,
    i: usize,
    what: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, DbError> {
    opt_wire(row, i, what, parse)?.ok_or_else(|| DbError::Decode(format!("{what}: missing")))
}

/// As [`wire`], for a nullable column (NULL → `None`).
pub fn opt_wire<T>(
    row: &Row,
    i: usize,
    what: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, DbError> {
    match row.value(i) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Text(text)) => parse(text)
            .map(Some)
            .ok_or_else(|| DbError::Decode(format!("{what}: unknown value {text:?}"))),
        Some(other) => Err(DbError::Decode(format!("{what}: not text: {other:?}"))),
    }
}

/// A non-negative count column.
pub fn count(row: &Row, i: usize, what: &str) -> Result<u32, DbError> {
    u32::try_from(ratusz_platform::db::integer(row, i, what)?)
        .map_err(|_| DbError::Decode(what.into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratusz_domain::api::council::PollState;

    #[test]
    fn wire_columns_are_strict() {
        let row = Row::new(vec![
            Value::Text("open".into()),
            Value::Text("opened".into()),
            Value::Null,
            Value::Integer(1),
        ]);
        assert_eq!(
            wire(&row, 0, "s", PollState::parse).ok(),
            Some(PollState::Open)
        );
        assert!(wire(&row, 1, "s", PollState::parse).is_err());
        assert!(wire(&row, 2, "s", PollState::parse).is_err());
        assert_eq!(opt_wire(&row, 2, "s", PollState::parse).ok(), Some(None));
        assert!(opt_wire(&row, 3, "s", PollState::parse).is_err());
    }
}
