//! Seeding many ready-to-use accounts straight into the app's SQLite file, then signing them in
//! through the real API.
//!
//! Why this is acceptable although tests otherwise arrange state only through the API: creating
//! an account through `POST /api/users` costs an argon2id hash of the start password, an e-mail,
//! a login and a forced password change (≈ 250 ms each), so 200 or 1,000 voters would spend
//! minutes on work that is not under test. Account creation, start passwords and the forced
//! change have their own end-to-end suites (`accounts_*.rs`); the council suites and the bench
//! test voting. The rows written here are exactly what the auth component writes for an active
//! account that has changed its start password (`must_change_password = 0`,
//! `status = 'active'`, an argon2id PHC hash of [`SEEDED_PASSWORD`] with the component's
//! parameters), and every seeded account still signs in through `POST /api/auth/login`, so the
//! sessions the tests use are real ones.
//!
//! Call `GET /api/health` first (and wait for [`council_unit_id`]): the app migrates its schema
//! and creates the council unit on its first request.

use anyhow::{anyhow, bail, Context, Result};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The password of every seeded account (strong enough for the app's policy).
pub const SEEDED_PASSWORD: &str = "Modry-Kasztan-Nad-Wisla-1977";

/// argon2id (m=19456 KiB, t=2, p=1, the component's parameters) PHC hash of
/// [`SEEDED_PASSWORD`], computed once with `ratusz_domain::accounts::hashing::hash_password`.
pub const SEEDED_PASSWORD_PHC: &str = "$argon2id$v=19$m=19456,t=2,p=1$3lIURPInFbYwL/aFsL/cLA$jnI4NuGhPgEBmIifGxlGgTs7wD9CVlhe9QfJT4LNr8A";

/// First names for seeded accounts (named lists read like a real council's).
const FIRST_NAMES: [&str; 12] = [
    "Anna",
    "Piotr",
    "Katarzyna",
    "Tomasz",
    "Magdalena",
    "Paweł",
    "Agnieszka",
    "Marek",
    "Ewa",
    "Krzysztof",
    "Joanna",
    "Michał",
];

/// One seeded account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededAccount {
    /// Account id (a ULID, as the app makes them).
    pub id: String,
    /// Login e-mail.
    pub email: String,
    /// "First Last", as the app shows it.
    pub name: String,
    /// Roles as stored (`councillor`, `clerk`, `chair`, …).
    pub roles: Vec<String>,
}

/// The council unit's id, once the app has created it (`None` before its first request).
pub fn council_unit_id(database: &Path) -> Result<Option<String>> {
    let conn = open(database)?;
    let unit = conn
        .query_row(
            "SELECT id FROM units WHERE kind = 'council' ORDER BY created_at LIMIT 1",
            [],
            |row| row.get::<_, String>(0),
        )
        .optional();
    match unit {
        Ok(unit) => Ok(unit),
        // Before the migration the table does not exist yet.
        Err(rusqlite::Error::SqliteFailure(_, Some(message)))
            if message.contains("no such table") =>
        {
            Ok(None)
        }
        Err(e) => Err(anyhow!(e).context("reading the council unit")),
    }
}

/// Writes `count` active accounts with `roles` into the council unit, all with
/// [`SEEDED_PASSWORD`]. `label` keeps e-mails unique between calls on one database
/// (`<label>.<n>@seed.ratusz.test`) and goes into the last name.
pub fn seed_accounts(
    database: &Path,
    label: &str,
    count: usize,
    roles: &[&str],
) -> Result<Vec<SeededAccount>> {
    let unit = crate::wait_until("the council unit", Duration::from_secs(20), || {
        council_unit_id(database).ok().flatten()
    })?;
    let mut conn = open(database)?;
    let now = rfc3339_now();
    let roles_text = roles.join(",");
    let tx = conn
        .transaction()
        .context("starting the seeding transaction")?;
    let mut accounts = Vec::with_capacity(count);
    {
        let mut insert = tx.prepare(
            "INSERT INTO users (id, first_name, last_name, email, phone, unit_id, roles, status, \
             password_hash, must_change_password, start_password_expires_at, locked_until, \
             locked_permanent, lock_reason, lock_streak, lock_generation, created_at, \
             last_login_at, updated_at, search) \
             VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?6, 'active', ?7, 0, NULL, NULL, 0, NULL, 0, 0, \
             ?8, NULL, ?8, ?9)",
        )?;
        for n in 1..=count {
            let first = FIRST_NAMES[(n - 1) % FIRST_NAMES.len()];
            let last = format!("{}{n:04}", capitalised(label));
            let email = format!("{label}.{n}@seed.ratusz.test").to_lowercase();
            let id = ulid();
            let search = format!("{first} {last} {email}").to_lowercase();
            insert
                .execute(params![
                    id,
                    first,
                    last,
                    email,
                    unit,
                    roles_text,
                    SEEDED_PASSWORD_PHC,
                    now,
                    search
                ])
                .with_context(|| format!("seeding {email}"))?;
            accounts.push(SeededAccount {
                id,
                email,
                name: format!("{first} {last}"),
                roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            });
        }
    }
    tx.commit().context("committing the seeded accounts")?;
    Ok(accounts)
}

/// Signs every account in through `POST /api/auth/login` with [`SEEDED_PASSWORD`] from
/// `threads` threads (argon2id costs ≈ 60 ms per login; more threads than cores only queue);
/// the session tokens, in the order of `emails`. Start the app with a high
/// `throttle_per_address`: all logins come from one address.
pub fn login_all(base_url: &str, emails: &[String], threads: usize) -> Result<Vec<String>> {
    let threads = threads.clamp(1, emails.len().max(1));
    let chunk = emails.len().div_ceil(threads).max(1);
    let results: Vec<Result<Vec<String>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = emails
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let agent = crate::agent();
                    part.iter()
                        .map(|email| login(&agent, base_url, email))
                        .collect::<Result<Vec<String>>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err(anyhow!("a login thread panicked")))
            })
            .collect()
    });
    let mut tokens = Vec::with_capacity(emails.len());
    for part in results {
        tokens.extend(part?);
    }
    Ok(tokens)
}

/// One login; the token.
fn login(agent: &ureq::Agent, base_url: &str, email: &str) -> Result<String> {
    let reply = crate::RequestBuilder::new("POST", format!("{base_url}/api/auth/login"))
        .json(&json!({ "email": email, "password": SEEDED_PASSWORD }))
        .send_with(agent)?;
    if reply.status != 200 {
        bail!("login of {email}: {} {}", reply.status, reply.text());
    }
    let body = reply.json()?;
    if body["must_change_password"].as_bool() == Some(true) {
        bail!("seeded account {email} must change its password: {body}");
    }
    body["token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow!("no token in the login of {email}: {body}"))
}

fn open(database: &Path) -> Result<Connection> {
    let conn =
        Connection::open(database).with_context(|| format!("opening {}", database.display()))?;
    // The host writes the same file (WAL): wait for its locks instead of failing.
    conn.busy_timeout(Duration::from_secs(30))?;
    Ok(conn)
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A ULID: 48 bits of milliseconds and 80 bits that are unique within this process (a
/// counter mixed with the process id; these ids need to be unique, not unguessable).
fn ulid() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0)
        & ((1u128 << 48) - 1);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let random = (u128::from(std::process::id()) << 64) | u128::from(n);
    let mut value = (ms << 80) | (random & ((1u128 << 80) - 1));
    let mut out = [0u8; 26];
    for slot in out.iter_mut().rev() {
        *slot = CROCKFORD[(value & 31) as usize];
        value >>= 5;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Now as the app writes timestamps: `YYYY-MM-DDTHH:MM:SS.mmmZ`.
fn rfc3339_now() -> String {
    let ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    let secs = (ms / 1000) as i64;
    let days = secs.div_euclid(86_400);
    let of_day = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        of_day / 3600,
        (of_day / 60) % 60,
        of_day % 60,
        ms % 1000
    )
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ulids_are_26_crockford_characters_and_unique() {
        let a = ulid();
        let b = ulid();
        assert_eq!(a.len(), 26);
        assert!(a
            .bytes()
            .all(|c| b"0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(&c)));
        assert_ne!(a, b);
    }

    #[test]
    fn civil_dates_match_known_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_415), (2025, 11, 23));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
