//! The accounts as other components may see them: a read-only view (`account_directory`,
//! schema migration 5) with the id, the names and whether the account is active. The auth
//! component owns the `users` table; nobody else reads it, so its secrets and lock state stay
//! behind one owner and its columns can change without breaking the council.

use crate::db::{self, Db, DbError, Value};

/// The view other components join (`LEFT JOIN account_directory u ON u.id = …`).
pub const VIEW: &str = "account_directory";

/// One account as others see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The account's id.
    pub id: String,
    /// "First Last".
    pub display_name: String,
    /// Whether it may sign in (not disabled).
    pub active: bool,
}

/// The account `id`, if it exists.
pub fn by_id(db: &Db, id: &str) -> Result<Option<Account>, DbError> {
    let result = db.execute(
        "SELECT id, display_name, active FROM account_directory WHERE id = ?",
        &[Value::from(id)],
    )?;
    result
        .rows
        .first()
        .map(|row| {
            Ok(Account {
                id: db::text(row, 0, "account_directory.id")?,
                display_name: db::text(row, 1, "account_directory.display_name")?,
                active: row.get::<bool>(2).unwrap_or(false),
            })
        })
        .transpose()
}

/// "First Last" of account `id`, if it exists.
pub fn display_name(db: &Db, id: &str) -> Result<Option<String>, DbError> {
    Ok(by_id(db, id)?.map(|a| a.display_name))
}

/// Whether account `id` exists and is active.
pub fn is_active(db: &Db, id: &str) -> Result<bool, DbError> {
    Ok(by_id(db, id)?.is_some_and(|a| a.active))
}
