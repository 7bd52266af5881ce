//! `ratusz-host backup` / `restore` and `up --backup-every`, as black boxes on the probe app:
//! a backup taken while a writer writes restores to a database that passes
//! `integrity_check` and holds every acknowledged write; sets hold no plaintext; a wrong key,
//! a tampered or truncated file are refused before anything is touched; a restore refuses a
//! non-empty state and a running host; scheduled sets keep the newest N and a failing
//! schedule does not stop serving.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{app, get_json, host, post_json, sql, start, SINGLE_PROBE};
use ratusz_tests::{wait_until, HostProcess, TestApp};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A key for these tests: base64 of 32 bytes.
const KEY: &str = "cmF0dXN6LWJhY2t1cC10ZXN0LWtleS0wMTIzNDU2Nzg=";
const OTHER_KEY: &str = "b3RoZXItYmFja3VwLXRlc3Qta2V5LTAxMjM0NTY3ODk=";

fn host_binary() -> PathBuf {
    match std::env::var_os("RATUSZ_HOST_BIN").filter(|v| !v.is_empty()) {
        Some(bin) => PathBuf::from(bin),
        None => PathBuf::from(env!("CARGO_BIN_EXE_ratusz-host")),
    }
}

/// Runs `ratusz-host ARGS` to completion.
fn run(args: &[&str]) -> Output {
    Command::new(host_binary()).args(args).output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Writes a key file into `dir`.
fn key_file(dir: &Path, name: &str, key: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("{key}\n")).unwrap();
    path
}

/// `ratusz-host backup` of `app` with the state dir `state`; the set's path.
fn backup(app: &TestApp, state: &Path, dir: &Path, key: &Path, extra: &[&str]) -> PathBuf {
    let manifest = app.manifest();
    let mut args = vec![
        "backup",
        "-f",
        manifest.to_str().unwrap(),
        "--state-dir",
        state.to_str().unwrap(),
        "--backup-dir",
        dir.to_str().unwrap(),
        "--backup-key-file",
        key.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert!(out.status.success(), "backup failed: {}", stderr(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    PathBuf::from(stdout.lines().last().unwrap())
}

/// `ratusz-host restore` of `set` into `state`.
fn restore(app: &TestApp, state: &Path, set: &Path, key: &Path, extra: &[&str]) -> Output {
    let manifest = app.manifest();
    let mut args = vec![
        "restore",
        "-f",
        manifest.to_str().unwrap(),
        "--state-dir",
        state.to_str().unwrap(),
        "--from",
        set.to_str().unwrap(),
        "--backup-key-file",
        key.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    run(&args)
}

fn manifest_of(set: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(set.join("manifest.json")).unwrap()).unwrap()
}

fn create_notes(host: &HostProcess) {
    let created = sql(
        host,
        "",
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
        json!([]),
    );
    assert_eq!(created["ok"], true, "{created}");
}

fn insert_note(host: &HostProcess, body: &str) -> i64 {
    let inserted = sql(
        host,
        "",
        "INSERT INTO notes (body) VALUES (?)",
        json!([body]),
    );
    assert_eq!(inserted["ok"], true, "{inserted}");
    inserted["last_insert_rowid"].as_i64().unwrap()
}

#[test]
fn a_backup_taken_while_a_writer_writes_restores_every_acknowledged_write() {
    let app = app(SINGLE_PROBE);
    let host = start(&app);
    let scratch = tempfile::tempdir().unwrap();
    let key = key_file(scratch.path(), "backup.key", KEY);
    create_notes(&host);
    post_json(&host, "/kv/default/set/greeting", "dzień dobry");
    let stop = AtomicBool::new(false);
    let (acked, set, began) = std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            let mut acked = Vec::new();
            while !stop.load(Ordering::SeqCst) {
                let id = insert_note(&host, &"x".repeat(2000));
                acked.push((id, Instant::now()));
            }
            acked
        });
        wait_until("some writes", Duration::from_secs(30), || {
            (sql(&host, "", "SELECT count(*) FROM notes", json!([]))["rows"][0][0].as_i64()? >= 200)
                .then_some(())
        })
        .unwrap();
        let began = Instant::now();
        let set = backup(
            &app,
            host.state_dir(),
            &scratch.path().join("sets"),
            &key,
            &[],
        );
        // The writer goes on a little after the backup, so writes overlap it on both sides.
        std::thread::sleep(Duration::from_millis(200));
        stop.store(true, Ordering::SeqCst);
        (writer.join().unwrap(), set, began)
    });
    let before: Vec<i64> = acked
        .iter()
        .filter(|(_, at)| *at < began)
        .map(|(id, _)| *id)
        .collect();
    assert!(
        // 200 rows were seen before the backup began; one of them may not have been
        // acknowledged to the writer yet.
        before.len() >= 199 && acked.len() > before.len(),
        "{} / {}",
        before.len(),
        acked.len()
    );

    let restored = scratch.path().join("restored");
    let out = restore(&app, &restored, &set, &key, &[]);
    assert!(out.status.success(), "restore: {}", stderr(&out));
    let db = rusqlite::Connection::open(restored.join("sqlite_db.db")).unwrap();
    let check: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let (count, max): (i64, i64) = db
        .query_row(
            "SELECT count(*), coalesce(max(id), 0) FROM notes",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    // Every write acknowledged before the backup began is there, and the copy is one commit's
    // state: the rows are exactly 1..=max, nothing half-present.
    assert!(max >= *before.iter().max().unwrap(), "max {max}");
    assert_eq!(count, max);
    drop(db);

    // The restored state serves: the key-value file came back too.
    let again = host_on(&app, &restored);
    let greeting = get_json(&again, "/kv/default/get/greeting");
    assert_eq!(greeting["value"], "dzień dobry", "{greeting}");
}

fn host_on(app: &TestApp, state: &Path) -> HostProcess {
    host(app).state_dir(state).start().expect("the host starts")
}

/// Every file under `dir`.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect()
}

#[test]
fn a_set_holds_no_plaintext_and_refuses_a_wrong_key_a_tampered_or_truncated_file() {
    let app = app(SINGLE_PROBE);
    let mut host = start(&app);
    let scratch = tempfile::tempdir().unwrap();
    let key = key_file(scratch.path(), "backup.key", KEY);
    let other = key_file(scratch.path(), "other.key", OTHER_KEY);
    create_notes(&host);
    let marker = "Grzegorz Brzęczyszczykiewicz <g.brzeczyszczykiewicz@chrzaszczyzew.example>";
    insert_note(&host, marker);
    post_json(&host, "/kv/default/set/who", marker);
    let set = backup(
        &app,
        host.state_dir(),
        &scratch.path().join("sets"),
        &key,
        &[],
    );
    host.stop().unwrap();

    // The live files hold the marker; the set's files do not (nor its manifest).
    let live = std::fs::read(host.state_dir().join("sqlite_db.db")).unwrap();
    assert!(contains(&live, marker.as_bytes()));
    for file in files_under(&set) {
        let bytes = std::fs::read(&file).unwrap();
        for needle in [
            marker,
            "Brzęczyszczykiewicz",
            "chrzaszczyzew",
            "CREATE TABLE",
        ] {
            assert!(
                !contains(&bytes, needle.as_bytes()),
                "{needle} in {}",
                file.display()
            );
        }
    }
    let manifest = manifest_of(&set);
    assert_eq!(manifest["files"].as_array().unwrap().len(), 2, "{manifest}");
    assert_eq!(manifest["encryption"]["algorithm"], "AES-256-GCM");

    let target = scratch.path().join("target");
    let refused = |set: &Path, key: &Path, expected: &str| {
        let out = restore(&app, &target, set, key, &[]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        assert!(
            stderr(&out).contains(expected),
            "{expected}: {}",
            stderr(&out)
        );
        assert!(!target.join("sqlite_db.db").exists(), "nothing restored");
        assert!(
            !target.join("sqlite_key_value.db").exists(),
            "nothing restored"
        );
        let leftovers: Vec<PathBuf> = files_under(&target)
            .into_iter()
            .filter(|p| !p.ends_with("ratusz-host.lock"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    };
    refused(&set, &other, "wrong backup key");

    // The key-value file is the set's second file: when it is bad, the (good) database file
    // before it must not have been written either.
    let db_file = set.join("key_value-default.db.enc");
    let original = std::fs::read(&db_file).unwrap();
    let mut flipped = original.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 1;
    std::fs::write(&db_file, &flipped).unwrap();
    refused(&set, &key, "checksum mismatch");

    // The same with the manifest's checksum forged to match: decryption catches it.
    let forge = |bytes: &[u8]| {
        let mut manifest = manifest_of(&set);
        let digest = sha256_hex(bytes);
        manifest["files"][1]["sha256"] = json!(digest);
        std::fs::write(set.join("manifest.json"), manifest.to_string()).unwrap();
    };
    assert_eq!(manifest["files"][1]["file"], "key_value-default.db.enc");
    forge(&flipped);
    refused(&set, &key, "does not authenticate");
    let truncated = &original[..original.len() - 100];
    std::fs::write(&db_file, truncated).unwrap();
    forge(truncated);
    refused(&set, &key, "does not authenticate");

    // Put right, the same set restores.
    std::fs::write(&db_file, &original).unwrap();
    forge(&original);
    let out = restore(&app, &target, &set, &key, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let restored = std::fs::read(target.join("sqlite_db.db")).unwrap();
    assert!(contains(&restored, marker.as_bytes()));
    let restored = std::fs::read(target.join("sqlite_key_value.db")).unwrap();
    assert!(contains(&restored, marker.as_bytes()));
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

#[test]
fn restore_refuses_a_running_host_and_a_non_empty_state_unless_forced() {
    let app = app(SINGLE_PROBE);
    let mut host = start(&app);
    let scratch = tempfile::tempdir().unwrap();
    let key = key_file(scratch.path(), "backup.key", KEY);
    create_notes(&host);
    insert_note(&host, "before the backup");
    let set = backup(
        &app,
        host.state_dir(),
        &scratch.path().join("sets"),
        &key,
        &[],
    );
    insert_note(&host, "after the backup");

    let state = host.state_dir().to_path_buf();
    let out = restore(&app, &state, &set, &key, &["--force"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("in use by a running ratusz-host"),
        "{}",
        stderr(&out)
    );

    host.stop().unwrap();
    let out = restore(&app, &state, &set, &key, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not empty"), "{}", stderr(&out));

    let out = restore(&app, &state, &set, &key, &["--force"]);
    assert!(out.status.success(), "{}", stderr(&out));
    host.restart().unwrap();
    let rows = sql(&host, "", "SELECT body FROM notes ORDER BY id", json!([]));
    assert_eq!(rows["rows"], json!([["before the backup"]]), "{rows}");
}

#[test]
fn a_backup_without_a_usable_key_or_the_apps_files_is_refused_and_writes_nothing() {
    let app = app(SINGLE_PROBE);
    let host = start(&app);
    let scratch = tempfile::tempdir().unwrap();
    create_notes(&host);
    let manifest = app.manifest();
    let sets = scratch.path().join("sets");
    let base = [
        "backup",
        "-f",
        manifest.to_str().unwrap(),
        "--state-dir",
        host.state_dir().to_str().unwrap(),
        "--backup-dir",
        sets.to_str().unwrap(),
    ];
    let out = run(&base);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--backup-key-file"),
        "{}",
        stderr(&out)
    );
    let short = key_file(scratch.path(), "short.key", "c2hvcnQ=");
    let mut args = base.to_vec();
    args.extend(["--backup-key-file", short.to_str().unwrap()]);
    let out = run(&args);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("exactly 32 random bytes"),
        "{}",
        stderr(&out)
    );
    assert!(!sets.exists());

    // A state dir without the app's files (a typo, say) is no empty success.
    let key = key_file(scratch.path(), "backup.key", KEY);
    let empty = scratch.path().join("empty-state");
    let out = run(&[
        "backup",
        "-f",
        manifest.to_str().unwrap(),
        "--state-dir",
        empty.to_str().unwrap(),
        "--backup-dir",
        sets.to_str().unwrap(),
        "--backup-key-file",
        key.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing to back up"),
        "{}",
        stderr(&out)
    );
    let left: Vec<PathBuf> = std::fs::read_dir(&sets)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn scheduled_backups_keep_the_newest_sets_and_a_failing_schedule_keeps_serving() {
    let app = app(SINGLE_PROBE);
    let scratch = tempfile::tempdir().unwrap();
    let key = key_file(scratch.path(), "backup.key", KEY);
    let sets = scratch.path().join("sets");
    let serving = host(&app)
        .arg("--backup-every")
        .arg("500ms")
        .arg("--backup-keep")
        .arg("2")
        .arg("--backup-dir")
        .arg(sets.to_str().unwrap())
        .arg("--backup-key-file")
        .arg(key.to_str().unwrap())
        .start()
        .unwrap();
    create_notes(&serving);
    wait_until("old sets deleted twice", Duration::from_secs(60), || {
        let deleted = serving
            .stderr_lines()
            .iter()
            .filter(|l| l.contains("backup: deleted the old set"))
            .count();
        (deleted >= 2).then_some(())
    })
    .unwrap();
    let complete: Vec<PathBuf> = files_under(&sets)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("ratusz-backup-")
        })
        .collect();
    assert!(complete.len() <= 2 && !complete.is_empty(), "{complete:?}");

    // A backup dir that cannot be created: each attempt fails, the host serves on.
    let blocked = scratch.path().join("a-file");
    std::fs::write(&blocked, "not a directory").unwrap();
    let failing = host(&app)
        .arg("--backup-every")
        .arg("300ms")
        .arg("--backup-dir")
        .arg(blocked.join("sets").to_str().unwrap())
        .arg("--backup-key-file")
        .arg(key.to_str().unwrap())
        .start()
        .unwrap();
    wait_until("two failed backups", Duration::from_secs(30), || {
        let failed = failing
            .stderr_lines()
            .iter()
            .filter(|l| l.contains("ratusz-host: backup failed:"))
            .count();
        (failed >= 2).then_some(())
    })
    .unwrap();
    assert_eq!(common::status_of(&failing, "/.well-known/spin/health"), 200);
}

#[test]
fn up_refuses_a_schedule_without_a_key_or_with_a_bad_one() {
    let app = app(SINGLE_PROBE);
    let exited = host(&app)
        .arg("--backup-every")
        .arg("1h")
        .run_expecting_exit(Duration::from_secs(30))
        .unwrap();
    assert!(!exited.status.success());
    let scratch = tempfile::tempdir().unwrap();
    let bad = key_file(scratch.path(), "bad.key", "not a key");
    let exited = host(&app)
        .arg("--backup-every")
        .arg("1h")
        .arg("--backup-dir")
        .arg(scratch.path().join("sets").to_str().unwrap())
        .arg("--backup-key-file")
        .arg(bad.to_str().unwrap())
        .run_expecting_exit(Duration::from_secs(30))
        .unwrap();
    assert!(!exited.status.success());
    assert!(
        exited.stderr.contains("exactly 32 random bytes"),
        "{}",
        exited.stderr
    );
}

#[test]
fn a_key_value_store_in_redis_is_named_as_not_backed_up() {
    let app = app(SINGLE_PROBE);
    let scratch = tempfile::tempdir().unwrap();
    let key = key_file(scratch.path(), "backup.key", KEY);
    let state = scratch.path().join("state");
    std::fs::create_dir_all(&state).unwrap();
    rusqlite::Connection::open(state.join("sqlite_db.db"))
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    // The backup never talks to Redis: the runtime config alone says where KV lives.
    let config = app
        .write(
            "runtime-config.toml",
            "[key_value_store.default]\ntype = \"redis\"\nurl = \"redis://127.0.0.1:1\"\n",
        )
        .unwrap();
    let manifest = app.manifest();
    let sets = scratch.path().join("sets");
    let out = run(&[
        "backup",
        "-f",
        manifest.to_str().unwrap(),
        "--state-dir",
        state.to_str().unwrap(),
        "--runtime-config-file",
        config.to_str().unwrap(),
        "--backup-dir",
        sets.to_str().unwrap(),
        "--backup-key-file",
        key.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("key-value store 'default' is in Redis and is NOT in this backup"),
        "{}",
        stderr(&out)
    );
    let set = PathBuf::from(String::from_utf8(out.stdout).unwrap().trim());
    let manifest = manifest_of(&set);
    assert_eq!(
        manifest["skipped"],
        json!([{ "kind": "key_value", "label": "default", "reason": "redis" }])
    );
    let files: Vec<&str> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["sqlite_database-default.db.enc"]);
}

#[test]
fn an_edited_manifest_cannot_send_a_file_to_another_store() {
    let app = app(SINGLE_PROBE);
    let mut host = start(&app);
    let scratch = tempfile::tempdir().unwrap();
    let key = key_file(scratch.path(), "backup.key", KEY);
    create_notes(&host);
    post_json(&host, "/kv/default/set/k", "v");
    let set = backup(
        &app,
        host.state_dir(),
        &scratch.path().join("sets"),
        &key,
        &[],
    );
    host.stop().unwrap();
    // Swap the two files' kinds and labels: each file now claims the other's target.
    let mut manifest = manifest_of(&set);
    let (a, b) = (manifest["files"][0].clone(), manifest["files"][1].clone());
    for (i, other) in [(0, &b), (1, &a)] {
        manifest["files"][i]["kind"] = other["kind"].clone();
        manifest["files"][i]["label"] = other["label"].clone();
    }
    std::fs::write(set.join("manifest.json"), manifest.to_string()).unwrap();
    let target = scratch.path().join("target");
    let out = restore(&app, &target, &set, &key, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the manifest names"),
        "{}",
        stderr(&out)
    );
    assert!(!target.join("sqlite_db.db").exists());
}
