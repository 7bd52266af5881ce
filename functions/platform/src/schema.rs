//! The database schema: one ordered list of migrations for the whole app, because every
//! component shares the SQLite database `default`. Append new versions; never edit one that
//! has shipped.

use crate::migrations::Migration;

/// Every migration, in order.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "audit_log",
        statements: &[
            "CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            object TEXT NOT NULL,
            data TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE
        )",
            "CREATE INDEX audit_log_object ON audit_log (object, seq)",
        ],
    },
    Migration {
        version: 2,
        name: "idempotency_keys",
        statements: &[
            "CREATE TABLE idempotency_keys (
            scope TEXT NOT NULL,
            key TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            status INTEGER NOT NULL,
            content_type TEXT NOT NULL,
            body BLOB NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (scope, key)
        )",
            "CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)",
        ],
    },
];
