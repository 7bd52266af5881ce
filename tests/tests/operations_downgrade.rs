//! End-to-end: an older build on a newer database (issue 18, docs/api/operations.md § Refused
//! downgrades). The app runs and migrates; a version this build does not know is recorded in
//! `schema_migrations` with sqlite, as a newer build would have; after a restart every request
//! that needs the database answers 503 `schema_too_new` naming both versions, health says so,
//! the log names both versions once per refused request, and nothing in the database changes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_tests::HttpReply;
use serde_json::Value;
use support::accounts::*;

fn max_version(db: &rusqlite::Connection) -> i64 {
    db.query_row("SELECT MAX(version) FROM schema_migrations", [], |r| {
        r.get(0)
    })
    .unwrap()
}

/// The problem of a refused request, checked for the code, both versions and no `Retry-After`
/// (waiting does not help).
fn assert_schema_too_new(reply: &HttpReply, database: i64, code: i64, what: &str) {
    assert_eq!(reply.status, 503, "{what}: {}", reply.text());
    assert!(reply.header("retry-after").is_none(), "{what}");
    let problem: Value = reply.json().unwrap();
    assert_eq!(problem["code"], "schema_too_new", "{what}: {problem}");
    assert_eq!(
        problem["params"]["database_version"],
        database.to_string(),
        "{what}"
    );
    assert_eq!(
        problem["params"]["code_version"],
        code.to_string(),
        "{what}"
    );
}

#[test]
fn an_older_build_refuses_a_newer_database_on_every_request_and_in_health() {
    let mut app = start();
    let admin = app.bootstrap_admin();
    let db = rusqlite::Connection::open(app.database_path()).unwrap();
    let code = max_version(&db);
    let future = code + 1;
    db.execute(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, 'from_a_newer_build', '2027-01-01T00:00:00.000Z')",
        [future],
    )
    .unwrap();
    let audit_rows: i64 = db
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();

    app.host.restart().unwrap();
    let base = app.base();
    let anon = app.anon();
    let admin = Session::with_token(&base, &admin.token);

    let health = anon.get("/api/health");
    assert_eq!(health.status, 503, "{}", health.text());
    let report: Value = health.json().unwrap();
    assert_eq!(report["status"], "degraded");
    assert_eq!(report["checks"]["sqlite"]["ok"], false);
    assert_eq!(report["checks"]["kv"]["ok"], true);
    let problem = &report["checks"]["sqlite"]["problem"];
    assert_eq!(problem["code"], "schema_too_new", "{report}");
    assert_eq!(problem["params"]["database_version"], future.to_string());
    assert_eq!(problem["params"]["code_version"], code.to_string());

    let refused = [
        (admin.get("/api/users"), "the accounts list"),
        (admin.get("/api/audit/verify"), "the audit verification"),
        (
            app.login_reply(ADMIN_EMAIL, ADMIN_PASSWORD),
            "a login (auth component)",
        ),
        (
            anon.get("/api/public/sessions"),
            "public meetings (voting component)",
        ),
        (
            anon.get("/api/public/audit/checkpoint"),
            "the public checkpoint",
        ),
    ];
    for (reply, what) in &refused {
        assert_schema_too_new(reply, future, code, what);
    }

    // One line per refused request (health adds its own check line), each naming both versions.
    let logs = app.host.logs();
    let lines: Vec<&str> = logs
        .lines()
        .filter(|l| l.contains("newer than this build knows"))
        .collect();
    assert!(!lines.is_empty(), "the refusal is logged:\n{logs}");
    assert!(
        lines
            .iter()
            .all(|l| l.contains(&format!("version {future}")) && l.contains(&format!("({code})"))),
        "{lines:#?}"
    );
    assert!(
        lines.len() <= 2 * (refused.len() + 1),
        "no more than a line or two per request: {lines:#?}"
    );

    // Nothing was migrated, rewritten or appended.
    assert_eq!(max_version(&db), future);
    let after: i64 = db
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(after, audit_rows, "no audit entry was written");
}
