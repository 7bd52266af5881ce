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

/// An account with its roles, as the chat needs it (who may chat, who is in the council-wide
/// channel). Roles come from the view's `roles` column (schema migration 10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountWithRoles {
    /// The account.
    pub account: Account,
    /// Its roles.
    pub roles: Vec<ratusz_domain::api::accounts::Role>,
}

const WITH_ROLES: &str = "SELECT id, display_name, active, roles FROM account_directory";

fn decode_with_roles(row: &db::Row) -> Result<AccountWithRoles, DbError> {
    let roles = db::text(row, 3, "account_directory.roles")?
        .split(',')
        .filter(|r| !r.is_empty())
        .map(|r| {
            db::wire_text(
                r,
                "account_directory.roles",
                ratusz_domain::api::accounts::Role::parse,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(AccountWithRoles {
        account: Account {
            id: db::text(row, 0, "account_directory.id")?,
            display_name: db::text(row, 1, "account_directory.display_name")?,
            active: row.get::<bool>(2).unwrap_or(false),
        },
        roles,
    })
}

/// The accounts among `ids` that exist, with their roles (in no particular order).
pub fn with_roles_by_ids(db: &Db, ids: &[String]) -> Result<Vec<AccountWithRoles>, DbError> {
    let mut found = Vec::with_capacity(ids.len());
    // Bounded statements: SQLite allows 999 parameters in older builds.
    for chunk in ids.chunks(200) {
        let marks = vec!["?"; chunk.len()].join(", ");
        let params: Vec<Value> = chunk.iter().map(|id| Value::from(id.as_str())).collect();
        let result = db.execute(&format!("{WITH_ROLES} WHERE id IN ({marks})"), &params)?;
        for row in &result.rows {
            found.push(decode_with_roles(row)?);
        }
    }
    Ok(found)
}

/// Every active account holding at least one of `roles`, by name.
pub fn active_with_any_role(
    db: &Db,
    roles: &[ratusz_domain::api::accounts::Role],
) -> Result<Vec<AccountWithRoles>, DbError> {
    if roles.is_empty() {
        return Ok(Vec::new());
    }
    let tests = vec!["(',' || roles || ',') LIKE ?"; roles.len()].join(" OR ");
    let params: Vec<Value> = roles
        .iter()
        .map(|r| Value::from(format!("%,{},%", r.as_str())))
        .collect();
    let result = db.execute(
        &format!("{WITH_ROLES} WHERE active AND ({tests}) ORDER BY last_name, first_name, id"),
        &params,
    )?;
    result.rows.iter().map(decode_with_roles).collect()
}
