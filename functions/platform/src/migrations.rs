//! Versioned, forward-only schema migrations, run on first use.
//!
//! Planning is pure ([`plan`]); [`crate::db::Db::open`] applies the plan inside one
//! `BEGIN IMMEDIATE` transaction and records each version in `schema_migrations`. A database
//! migrated by newer code is refused (a downgrade would silently misread its data).

/// One schema step. Statements run in order, one `execute` each (Spin's SQLite runs one
/// statement per call).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Migration {
    /// 1, 2, 3, … without gaps.
    pub version: u32,
    /// Short name, stored beside the version and checked on every start.
    pub name: &'static str,
    /// Idempotent statements that cannot run inside a transaction (`PRAGMA journal_mode`),
    /// run just before it.
    pub before: &'static [&'static str],
    /// The SQL statements.
    pub statements: &'static [&'static str],
}

/// Why the schema cannot be brought up to date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MigrationError {
    /// The database was migrated by a newer build.
    #[error("the database schema is at version {database}, newer than this build knows ({code}); deploy the newer build or restore a backup (downgrades are refused)")]
    DatabaseNewer {
        /// Highest version in the database.
        database: u32,
        /// Highest version this code knows.
        code: u32,
    },
    /// A version was recorded under another name: the code and the database disagree.
    #[error("schema version {version} is `{database}` in the database but `{code}` in this build")]
    NameMismatch {
        /// The version.
        version: u32,
        /// Name recorded in the database.
        database: String,
        /// Name in the code.
        code: &'static str,
    },
    /// A known version below the database's highest is missing (a skipped migration).
    #[error("schema version {version} was never applied but later ones were; refusing to guess")]
    Skipped {
        /// The missing version.
        version: u32,
    },
    /// The code's list is not 1, 2, 3, … (a bug caught by the tests).
    #[error("migration list is not numbered 1, 2, 3, … at version {version}")]
    BadCatalogue {
        /// The first out-of-order version.
        version: u32,
    },
}

/// The migrations still to apply, given the `(version, name)` rows of `schema_migrations`.
pub fn plan<'m>(
    applied: &[(u32, String)],
    known: &'m [Migration],
) -> Result<Vec<&'m Migration>, MigrationError> {
    for (i, m) in known.iter().enumerate() {
        if m.version as usize != i + 1 {
            return Err(MigrationError::BadCatalogue { version: m.version });
        }
    }
    let code_max = known.len() as u32;
    let db_max = applied.iter().map(|(v, _)| *v).max().unwrap_or(0);
    if db_max > code_max {
        return Err(MigrationError::DatabaseNewer {
            database: db_max,
            code: code_max,
        });
    }
    for (version, name) in applied {
        let Some(m) = version.checked_sub(1).and_then(|i| known.get(i as usize)) else {
            continue;
        };
        if m.name != name {
            return Err(MigrationError::NameMismatch {
                version: *version,
                database: name.clone(),
                code: m.name,
            });
        }
    }
    let is_applied = |v: u32| applied.iter().any(|(a, _)| *a == v);
    if let Some(m) = known
        .iter()
        .find(|m| m.version < db_max && !is_applied(m.version))
    {
        return Err(MigrationError::Skipped { version: m.version });
    }
    Ok(known.iter().filter(|m| !is_applied(m.version)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[Migration] = &[
        Migration {
            version: 1,
            name: "audit_log",
            before: &[],
            statements: &[],
        },
        Migration {
            version: 2,
            name: "users",
            before: &[],
            statements: &[],
        },
        Migration {
            version: 3,
            name: "sessions",
            before: &[],
            statements: &[],
        },
    ];

    fn rows(v: &[(u32, &str)]) -> Vec<(u32, String)> {
        v.iter().map(|(n, s)| (*n, (*s).to_owned())).collect()
    }

    /// (name, applied rows, planned versions or the kind of refusal)
    type Case = (
        &'static str,
        Vec<(u32, String)>,
        Result<Vec<u32>, &'static str>,
    );

    #[test]
    fn plan_table() {
        let cases: Vec<Case> = vec![
            ("fresh database", rows(&[]), Ok(vec![1, 2, 3])),
            ("partly migrated", rows(&[(1, "audit_log")]), Ok(vec![2, 3])),
            (
                "up to date",
                rows(&[(1, "audit_log"), (2, "users"), (3, "sessions")]),
                Ok(vec![]),
            ),
            (
                "newer database",
                rows(&[(1, "audit_log"), (2, "users"), (3, "sessions"), (4, "x")]),
                Err("newer"),
            ),
            ("renamed version", rows(&[(1, "audit")]), Err("mismatch")),
            (
                "skipped version",
                rows(&[(1, "audit_log"), (3, "sessions")]),
                Err("skipped"),
            ),
        ];
        for (name, applied, expected) in cases {
            let got =
                plan(&applied, KNOWN).map(|p| p.iter().map(|m| m.version).collect::<Vec<_>>());
            match (got, expected) {
                (Ok(g), Ok(e)) => assert_eq!(g, e, "{name}"),
                (Err(MigrationError::DatabaseNewer { .. }), Err("newer")) => {}
                (Err(MigrationError::NameMismatch { .. }), Err("mismatch")) => {}
                (Err(MigrationError::Skipped { .. }), Err("skipped")) => {}
                (g, e) => panic!("{name}: got {g:?}, expected {e:?}"),
            }
        }
    }

    #[test]
    fn newer_database_error_is_clear() {
        let err = plan(&rows(&[(9, "future")]), KNOWN)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.contains("version 9") && err.contains("downgrades are refused"),
            "{err}"
        );
    }

    #[test]
    fn catalogue_must_be_numbered_from_one() {
        let bad = [Migration {
            version: 2,
            name: "x",
            before: &[],
            statements: &[],
        }];
        assert_eq!(
            plan(&[], &bad).err(),
            Some(MigrationError::BadCatalogue { version: 2 })
        );
    }

    #[test]
    fn the_platform_schema_plans_cleanly() {
        assert!(plan(&[], crate::schema::MIGRATIONS).is_ok());
    }
}
