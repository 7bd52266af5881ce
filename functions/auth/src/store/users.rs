//! Table `users`: accounts, their password hash and lock state.

use super::{flag, opt_text, opt_time, text_or_null, time, time_or_null};
use ratusz_domain::accounts::lockout::LockState;
use ratusz_domain::api::accounts::{AccountStatus, LockView, Role, UserView};
use ratusz_domain::time::Timestamp;
use ratusz_platform::db::{self, Db, DbError};
use ratusz_platform::db::{Row, Value};

/// One account row.
#[derive(Clone, PartialEq, Eq)]
pub struct UserRecord {
    /// Id.
    pub id: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Normalised e-mail.
    pub email: String,
    /// Phone for SMS codes.
    pub phone: Option<String>,
    /// Unit.
    pub unit_id: String,
    /// Roles, sorted.
    pub roles: Vec<Role>,
    /// Active or disabled.
    pub status: AccountStatus,
    /// PHC string; `None` when no password works (reset approved, letter not printed yet).
    pub password_hash: Option<String>,
    /// The password is a start password.
    pub must_change_password: bool,
    /// When the start password stops working.
    pub start_password_expires_at: Option<Timestamp>,
    /// Lock end (temporary lock).
    pub locked_until: Option<Timestamp>,
    /// Locked until unlocked.
    pub locked_permanent: bool,
    /// Why locked.
    pub lock_reason: Option<String>,
    /// Locks in a row (doubling).
    pub lock_streak: u32,
    /// Bumped at every lock and unlock: names the KV attempt counter of the current window.
    pub lock_generation: i64,
    /// Created.
    pub created_at: Timestamp,
    /// Last successful login.
    pub last_login_at: Option<Timestamp>,
    /// Who last changed the contact data (the phone), when anyone did after creation: that
    /// person does not approve the account's `email_sms` reset (four eyes).
    pub contact_changed_by: Option<String>,
    /// When the contact data last changed.
    pub contact_changed_at: Option<Timestamp>,
}

impl std::fmt::Debug for UserRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRecord")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// What an administrator (or the bootstrap) gives for a new account.
pub struct NewAccount {
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Normalised e-mail.
    pub email: String,
    /// Phone for SMS codes.
    pub phone: Option<String>,
    /// Unit.
    pub unit_id: String,
    /// Roles.
    pub roles: Vec<Role>,
}

impl UserRecord {
    /// A new active account with no password yet (see `StartPassword::install`).
    pub fn new_account(id: String, new: NewAccount, now: Timestamp) -> Self {
        Self {
            id,
            first_name: new.first_name,
            last_name: new.last_name,
            email: new.email,
            phone: new.phone,
            unit_id: new.unit_id,
            roles: new.roles,
            status: AccountStatus::Active,
            password_hash: None,
            must_change_password: true,
            start_password_expires_at: None,
            locked_until: None,
            locked_permanent: false,
            lock_reason: None,
            lock_streak: 0,
            lock_generation: 0,
            created_at: now,
            last_login_at: None,
            contact_changed_by: None,
            contact_changed_at: None,
        }
    }

    /// The lock state the lockout policy works on.
    pub fn lock_state(&self) -> LockState {
        LockState {
            locked_until: self.locked_until,
            permanent: self.locked_permanent,
            streak: self.lock_streak,
        }
    }

    /// "First Last".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    /// The API view (`has_session` filled in by the caller when it may know).
    pub fn view(&self, now: Timestamp, has_session: bool) -> UserView {
        let lock = if self.locked_permanent {
            Some(LockView {
                until: None,
                permanent: true,
                reason: self.lock_reason.clone().unwrap_or_else(|| "manual".into()),
            })
        } else {
            self.locked_until
                .filter(|u| *u > now)
                .map(|until| LockView {
                    until: Some(until),
                    permanent: false,
                    reason: self
                        .lock_reason
                        .clone()
                        .unwrap_or_else(|| "failed_logins".into()),
                })
        };
        UserView {
            id: self.id.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            unit_id: self.unit_id.clone(),
            roles: self.roles.clone(),
            status: self.status,
            lock,
            must_change_password: self.must_change_password,
            created_at: self.created_at,
            last_login_at: self.last_login_at,
            has_session,
            session: None,
        }
    }
}

/// Roles as stored: comma-separated wire names.
pub fn roles_text(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// The stored roles; a name this code does not know is a broken row, never silently dropped
/// (dropping `admin` by a typo would quietly take rights away, a new role quietly ignored).
fn parse_roles(text: &str) -> Result<Vec<Role>, DbError> {
    let mut roles = text
        .split(',')
        .filter(|r| !r.is_empty())
        .map(|r| db::wire_text(r, "users.roles", Role::parse))
        .collect::<Result<Vec<_>, _>>()?;
    roles.sort();
    roles.dedup();
    Ok(roles)
}

fn parse_status(text: &str) -> Result<AccountStatus, DbError> {
    db::wire_text(text, "users.status", AccountStatus::parse)
}

fn search_text(first: &str, last: &str, email: &str) -> String {
    format!("{first} {last} {email}").to_lowercase()
}

const COLUMNS: &str = "id, first_name, last_name, email, phone, unit_id, roles, status, password_hash, must_change_password, start_password_expires_at, locked_until, locked_permanent, lock_reason, lock_streak, lock_generation, created_at, last_login_at, contact_changed_by, contact_changed_at";

fn decode(row: &Row) -> Result<UserRecord, DbError> {
    Ok(UserRecord {
        id: db::text(row, 0, "users.id")?,
        first_name: db::text(row, 1, "users.first_name")?,
        last_name: db::text(row, 2, "users.last_name")?,
        email: db::text(row, 3, "users.email")?,
        phone: opt_text(row, 4),
        unit_id: db::text(row, 5, "users.unit_id")?,
        roles: parse_roles(&db::text(row, 6, "users.roles")?)?,
        status: parse_status(&db::text(row, 7, "users.status")?)?,
        password_hash: opt_text(row, 8),
        must_change_password: db::integer(row, 9, "users.must_change_password")? != 0,
        start_password_expires_at: opt_time(row, 10),
        locked_until: opt_time(row, 11),
        locked_permanent: db::integer(row, 12, "users.locked_permanent")? != 0,
        lock_reason: opt_text(row, 13),
        lock_streak: u32::try_from(db::integer(row, 14, "users.lock_streak")?).unwrap_or(0),
        lock_generation: db::integer(row, 15, "users.lock_generation")?,
        created_at: time(row, 16, "users.created_at")?,
        last_login_at: opt_time(row, 17),
        contact_changed_by: opt_text(row, 18),
        contact_changed_at: opt_time(row, 19),
    })
}

fn one(db: &Db, sql_where: &str, params: &[Value]) -> Result<Option<UserRecord>, DbError> {
    let result = db.execute(
        &format!("SELECT {COLUMNS} FROM users WHERE {sql_where}"),
        params,
    )?;
    result.rows.first().map(decode).transpose()
}

/// The account with id `id`.
pub fn by_id(db: &Db, id: &str) -> Result<Option<UserRecord>, DbError> {
    one(db, "id = ?", &[Value::Text(id.to_owned())])
}

/// The account whose normalised e-mail is `email`.
pub fn by_email(db: &Db, email: &str) -> Result<Option<UserRecord>, DbError> {
    one(db, "email = ?", &[Value::Text(email.to_owned())])
}

/// How many accounts exist.
pub fn count(db: &Db) -> Result<i64, DbError> {
    let result = db.execute("SELECT COUNT(*) FROM users", &[])?;
    result
        .rows
        .first()
        .map(|r| db::integer(r, 0, "count"))
        .unwrap_or(Ok(0))
}

/// Accounts after id `after` (ULIDs sort by creation), matching `q` in names or e-mail.
pub fn list(
    db: &Db,
    q: Option<&str>,
    after: Option<&str>,
    limit: u32,
) -> Result<Vec<UserRecord>, DbError> {
    let pattern = format!(
        "%{}%",
        q.unwrap_or("")
            .to_lowercase()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let result = db.execute(
        &format!("SELECT {COLUMNS} FROM users WHERE id > ? AND search LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?"),
        &[
            Value::Text(after.unwrap_or("").to_owned()),
            Value::Text(pattern),
            Value::Integer(i64::from(limit)),
        ],
    )?;
    result.rows.iter().map(decode).collect()
}

/// Inserts a new account (the e-mail is UNIQUE: the caller checks first for a clean 409).
pub fn insert(db: &Db, user: &UserRecord, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        &format!("INSERT INTO users ({COLUMNS}, updated_at, search) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        &[
            Value::Text(user.id.clone()),
            Value::Text(user.first_name.clone()),
            Value::Text(user.last_name.clone()),
            Value::Text(user.email.clone()),
            text_or_null(user.phone.as_deref()),
            Value::Text(user.unit_id.clone()),
            Value::Text(roles_text(&user.roles)),
            Value::from(user.status.as_str()),
            text_or_null(user.password_hash.as_deref()),
            flag(user.must_change_password),
            time_or_null(user.start_password_expires_at),
            time_or_null(user.locked_until),
            flag(user.locked_permanent),
            text_or_null(user.lock_reason.as_deref()),
            Value::Integer(i64::from(user.lock_streak)),
            Value::Integer(user.lock_generation),
            Value::Text(user.created_at.to_rfc3339()),
            time_or_null(user.last_login_at),
            text_or_null(user.contact_changed_by.as_deref()),
            time_or_null(user.contact_changed_at),
            Value::Text(now.to_rfc3339()),
            Value::Text(search_text(&user.first_name, &user.last_name, &user.email)),
        ],
    )?;
    Ok(())
}

/// Writes names, phone, unit, roles and status of `user`.
pub fn update_profile(db: &Db, user: &UserRecord, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        "UPDATE users SET first_name = ?, last_name = ?, phone = ?, unit_id = ?, roles = ?, status = ?, search = ?, updated_at = ? WHERE id = ?",
        &[
            Value::Text(user.first_name.clone()),
            Value::Text(user.last_name.clone()),
            text_or_null(user.phone.as_deref()),
            Value::Text(user.unit_id.clone()),
            Value::Text(roles_text(&user.roles)),
            Value::from(user.status.as_str()),
            Value::Text(search_text(&user.first_name, &user.last_name, &user.email)),
            Value::Text(now.to_rfc3339()),
            Value::Text(user.id.clone()),
        ],
    )?;
    Ok(())
}

/// Records that `by` changed the contact data of account `id` at `now`.
pub fn record_contact_change(db: &Db, id: &str, by: &str, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        "UPDATE users SET contact_changed_by = ?, contact_changed_at = ? WHERE id = ?",
        &[
            Value::Text(by.to_owned()),
            Value::Text(now.to_rfc3339()),
            Value::Text(id.to_owned()),
        ],
    )?;
    Ok(())
}

/// Sets the password hash (`None`: no password works), whether it is a start password and
/// when that expires.
pub fn set_password(
    db: &Db,
    id: &str,
    hash: Option<&str>,
    start_expires_at: Option<Timestamp>,
    now: Timestamp,
) -> Result<(), DbError> {
    db.execute(
        "UPDATE users SET password_hash = ?, must_change_password = ?, start_password_expires_at = ?, updated_at = ? WHERE id = ?",
        &[
            text_or_null(hash),
            flag(start_expires_at.is_some()),
            time_or_null(start_expires_at),
            Value::Text(now.to_rfc3339()),
            Value::Text(id.to_owned()),
        ],
    )?;
    Ok(())
}

/// Records a lock (temporary with `until`, else permanent) and starts a new counter window.
pub fn lock(
    db: &Db,
    id: &str,
    until: Option<Timestamp>,
    reason: &str,
    streak: u32,
    now: Timestamp,
) -> Result<(), DbError> {
    db.execute(
        "UPDATE users SET locked_until = ?, locked_permanent = ?, lock_reason = ?, lock_streak = ?, lock_generation = lock_generation + 1, updated_at = ? WHERE id = ?",
        &[
            time_or_null(until),
            flag(until.is_none()),
            Value::Text(reason.to_owned()),
            Value::Integer(i64::from(streak)),
            Value::Text(now.to_rfc3339()),
            Value::Text(id.to_owned()),
        ],
    )?;
    Ok(())
}

/// Lifts any lock, forgets the doubling and starts a new counter window.
pub fn unlock(db: &Db, id: &str, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        "UPDATE users SET locked_until = NULL, locked_permanent = 0, lock_reason = NULL, lock_streak = 0, lock_generation = lock_generation + 1, updated_at = ? WHERE id = ?",
        &[Value::Text(now.to_rfc3339()), Value::Text(id.to_owned())],
    )?;
    Ok(())
}

/// A successful login: remember it and forget the doubling.
pub fn record_login(db: &Db, id: &str, now: Timestamp) -> Result<(), DbError> {
    db.execute(
        "UPDATE users SET last_login_at = ?, lock_streak = 0 WHERE id = ?",
        &[Value::Text(now.to_rfc3339()), Value::Text(id.to_owned())],
    )?;
    Ok(())
}

/// Replaces the stored hash only (transparent parameter upgrade).
pub fn rehash(db: &Db, id: &str, hash: &str) -> Result<(), DbError> {
    db.execute(
        "UPDATE users SET password_hash = ? WHERE id = ?",
        &[Value::Text(hash.to_owned()), Value::Text(id.to_owned())],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_vocabulary_is_read_strictly() {
        assert_eq!(
            parse_roles("support,admin,admin").ok(),
            Some(vec![Role::Admin, Role::Support])
        );
        assert_eq!(parse_roles("").ok(), Some(vec![]));
        assert!(parse_roles("admin,superuser").is_err());
        assert_eq!(parse_status("disabled").ok(), Some(AccountStatus::Disabled));
        assert!(parse_status("suspended").is_err());
        assert_eq!(roles_text(&[Role::Admin, Role::Clerk]), "admin,clerk");
    }
}
