//! `spin:sqlite/sqlite@3.0.0` (`spin_sdk::sqlite3`): statements, parameters, `changes()`,
//! `last_insert_rowid()`, per-component access, durability across `kill -9`, and the journal
//! mode: Spin's defaults unless `--sqlite-write-queue` is given.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{app, host, post_json, sql, start, SINGLE_PROBE};
use ratusz_tests::HostProcess;
use serde_json::json;

#[test]
fn create_insert_select_report_rows_changes_and_last_rowid() {
    let app = app(SINGLE_PROBE);
    let host = start(&app);
    let created = sql(
        &host,
        "",
        "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
        json!([]),
    );
    assert_eq!(created["ok"], true, "{created}");
    let inserted = sql(
        &host,
        "",
        "INSERT INTO people (name) VALUES (?), (?)",
        json!(["Anna", "Bolesław"]),
    );
    assert_eq!(inserted["ok"], true, "{inserted}");
    assert_eq!(inserted["changes"], 2, "{inserted}");
    assert_eq!(inserted["last_insert_rowid"], 2, "{inserted}");
    let selected = sql(
        &host,
        "",
        "SELECT id, name FROM people ORDER BY id",
        json!([]),
    );
    // A new request opens a new connection (as in Spin), which has changed nothing yet.
    assert_eq!(
        selected,
        json!({
            "ok": true,
            "columns": ["id", "name"],
            "rows": [[1, "Anna"], [2, "Bolesław"]],
            "changes": 0,
            "last_insert_rowid": 0,
        })
    );
    let updated = sql(&host, "", "UPDATE people SET name = upper(name)", json!([]));
    assert_eq!(updated["changes"], 2, "{updated}");
}

#[test]
fn parameters_of_every_type_round_trip() {
    let app = app(SINGLE_PROBE);
    let host = start(&app);
    let row = sql(
        &host,
        "",
        "SELECT ? AS i, ? AS r, ? AS t, ? AS n",
        json!([-9_007_199_254_740_000_i64, 2.5, "zażółć", null]),
    );
    assert_eq!(row["columns"], json!(["i", "r", "t", "n"]), "{row}");
    assert_eq!(
        row["rows"],
        json!([[-9_007_199_254_740_000_i64, 2.5, "zażółć", null]]),
        "{row}"
    );
}

#[test]
fn sql_error_is_reported_to_the_guest_not_a_trap() {
    let app = app(SINGLE_PROBE);
    let host = start(&app);
    let answer = sql(&host, "", "SELEKT nonsense", json!([]));
    assert_eq!(answer["ok"], false, "{answer}");
    assert!(
        answer["error"].as_str().unwrap().starts_with("execute: "),
        "{answer}"
    );
}

#[test]
fn database_file_is_sqlite_db_in_the_state_dir() {
    let app = app(SINGLE_PROBE);
    let host = start(&app);
    sql(&host, "", "CREATE TABLE t (x)", json!([]));
    let file = host.state_dir().join("sqlite_db.db");
    assert!(file.is_file(), "{} missing", file.display());
}

#[test]
fn acknowledged_write_survives_kill_9_and_restart() {
    acknowledged_writes_survive_kill_9(&[]);
}

#[test]
fn acknowledged_write_survives_kill_9_and_restart_with_the_write_queue() {
    acknowledged_writes_survive_kill_9(&["--sqlite-write-queue"]);
}

fn acknowledged_writes_survive_kill_9(args: &[&str]) {
    let app = app(SINGLE_PROBE);
    let mut host = args
        .iter()
        .fold(host(&app), |builder, arg| builder.arg(arg))
        .start()
        .unwrap();
    sql(
        &host,
        "",
        "CREATE TABLE votes (id INTEGER PRIMARY KEY, choice TEXT)",
        json!([]),
    );
    for n in 0..20 {
        let answer = sql(
            &host,
            "",
            "INSERT INTO votes (choice) VALUES (?)",
            json!([format!("za-{n}")]),
        );
        assert_eq!(answer["changes"], 1, "{answer}");
    }
    // The 20th insert was acknowledged: kill without any chance to flush.
    host.kill9().unwrap();
    host.restart().unwrap();
    let count = sql(
        &host,
        "",
        "SELECT count(*), max(choice) FROM votes",
        json!([]),
    );
    assert_eq!(count["rows"], json!([[20, "za-9"]]), "{count}");
    let last = sql(
        &host,
        "",
        "SELECT choice FROM votes WHERE id = 20",
        json!([]),
    );
    assert_eq!(last["rows"], json!([["za-19"]]), "{last}");
}

const TWO_COMPONENTS: &str = r#"
spin_manifest_version = 2

[application]
name = "sqlite-access"

[[trigger.http]]
route = "/with/..."
component = "with"

[[trigger.http]]
route = "/without/..."
component = "without"

[component.with]
source = @PROBE_WASM@
sqlite_databases = ["default"]

[component.without]
source = @PROBE_WASM@
"#;

#[test]
fn component_without_the_database_listed_is_denied() {
    let app = app(TWO_COMPONENTS);
    let host = start(&app);
    let body = json!({ "sql": "SELECT 1", "params": [] }).to_string();
    assert_eq!(
        post_json(&host, "/without/sqlite/default", body.clone()),
        json!({ "ok": false, "error": "access_denied" })
    );
    assert_eq!(post_json(&host, "/with/sqlite/default", body)["ok"], true);
    // And a listed component cannot open another database name.
    let other = post_json(
        &host,
        "/with/sqlite/other",
        json!({ "sql": "SELECT 1" }).to_string(),
    );
    assert_eq!(other, json!({ "ok": false, "error": "access_denied" }));
}

#[test]
fn components_share_the_default_database() {
    let app = app(TWO_COMPONENTS
        .replace(
            "[component.without]\nsource = @PROBE_WASM@",
            "[component.without]\nsource = @PROBE_WASM@\nsqlite_databases = [\"default\"]",
        )
        .as_str());
    let host = start(&app);
    sql(&host, "/with", "CREATE TABLE t (x TEXT)", json!([]));
    sql(&host, "/with", "INSERT INTO t VALUES ('shared')", json!([]));
    let seen = sql(&host, "/without", "SELECT x FROM t", json!([]));
    assert_eq!(seen["rows"], json!([["shared"]]), "{seen}");
}

#[test]
fn runtime_config_spin_type_puts_the_database_at_the_given_path() {
    let app = app(SINGLE_PROBE);
    let path = app.dir().join("data").join("custom.db");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let config = app
        .write(
            "runtime-config.toml",
            &format!(
                "[sqlite_database.default]\ntype = \"spin\"\npath = {}\n",
                ratusz_tests::toml_string(&path.to_string_lossy())
            ),
        )
        .unwrap();
    let host = host(&app).runtime_config(config).start().unwrap();
    sql(&host, "", "CREATE TABLE t (x)", json!([]));
    sql(&host, "", "INSERT INTO t VALUES (1)", json!([]));
    assert!(
        path.is_file(),
        "{} missing\n{}",
        path.display(),
        host.logs()
    );
    let count = sql(&host, "", "SELECT count(*) FROM t", json!([]));
    assert_eq!(count["rows"], json!([[1]]), "{count}");
}

/// The journal mode of the database `default` (as the guest sees it) and of the key-value file
/// (read beside the host), after one write to each.
fn journal_modes(host: &HostProcess) -> (String, String) {
    let kv = post_json(host, "/kv/default/set/k", "v");
    assert_eq!(kv["ok"], true, "{kv}");
    let db = sql(host, "", "PRAGMA journal_mode", json!([]));
    let db = db["rows"][0][0].as_str().unwrap_or_default().to_owned();
    let kv_file = rusqlite::Connection::open(host.state_dir().join("sqlite_key_value.db")).unwrap();
    let kv = kv_file
        .pragma_query_value(None, "journal_mode", |row| row.get(0))
        .unwrap();
    (db, kv)
}

#[test]
fn by_default_new_files_stay_on_the_rollback_journal_as_in_spin() {
    let app = app(SINGLE_PROBE);
    let host = start(&app);
    assert_eq!(
        journal_modes(&host),
        ("delete".to_owned(), "delete".to_owned())
    );
    let synchronous = sql(&host, "", "PRAGMA synchronous", json!([]));
    assert_eq!(synchronous["rows"], json!([[2]]), "{synchronous}");
}

#[test]
fn by_default_a_database_already_in_wal_stays_in_wal() {
    let app = app(SINGLE_PROBE);
    let state = tempfile::tempdir().unwrap();
    {
        let db = rusqlite::Connection::open(state.path().join("sqlite_db.db")).unwrap();
        let mode: String = db
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }
    let host = host(&app).state_dir(state.path()).start().unwrap();
    sql(&host, "", "CREATE TABLE t (x)", json!([]));
    let mode = sql(&host, "", "PRAGMA journal_mode", json!([]));
    assert_eq!(mode["rows"], json!([["wal"]]), "{mode}");
}

#[test]
fn the_write_queue_option_switches_databases_and_kv_files_to_wal() {
    let app = app(SINGLE_PROBE);
    let host = host(&app).arg("--sqlite-write-queue").start().unwrap();
    assert_eq!(journal_modes(&host), ("wal".to_owned(), "wal".to_owned()));
    let synchronous = sql(&host, "", "PRAGMA synchronous", json!([]));
    assert_eq!(synchronous["rows"], json!([[2]]), "{synchronous}");
}
