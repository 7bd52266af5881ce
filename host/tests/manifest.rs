//! Start-up: what the host accepts in a manifest, what it refuses (naming the problem), where
//! it keeps state, and its lifecycle (graceful SIGTERM, warm restart from the cache).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{app, get_json, host, post_json, start, SINGLE_PROBE};
use ratusz_tests::{Exited, TestApp};
use serde_json::json;
use std::time::Duration;

fn refused(app: &TestApp) -> Exited {
    let exited = host(app)
        .run_expecting_exit(Duration::from_secs(20))
        .unwrap();
    assert!(!exited.status.success(), "{exited:?}");
    assert!(
        !exited.stdout.contains("ratusz-host: serving"),
        "{exited:?}"
    );
    exited
}

#[test]
fn unknown_component_field_is_refused_naming_it() {
    let app =
        app(&SINGLE_PROBE.replace("key_value_stores", "frobnicate_level = 3\nkey_value_stores"));
    let exited = refused(&app);
    assert!(exited.stderr.contains("frobnicate_level"), "{exited:?}");
}

#[test]
fn unknown_trigger_field_is_refused_naming_it() {
    let app = app(&SINGLE_PROBE.replace(
        "component = \"probe\"",
        "component = \"probe\"\nexecutor_magic = true",
    ));
    let exited = refused(&app);
    assert!(exited.stderr.contains("executor_magic"), "{exited:?}");
}

#[test]
fn missing_wasm_file_is_refused_naming_it() {
    let app =
        TestApp::new(&SINGLE_PROBE.replace("@PROBE_WASM@", "\"components/not-built-yet.wasm\""))
            .unwrap();
    let exited = refused(&app);
    assert!(exited.stderr.contains("not-built-yet.wasm"), "{exited:?}");
}

#[test]
fn allowed_outbound_host_with_a_path_is_refused() {
    let app = app(&SINGLE_PROBE.replace(
        "key_value_stores",
        "allowed_outbound_hosts = [\"http://127.0.0.1:9/some/path\"]\nkey_value_stores",
    ));
    refused(&app);
}

#[test]
fn route_private_false_is_refused() {
    let app = app(&SINGLE_PROBE.replace("route = \"/...\"", "route = { private = false }"));
    refused(&app);
}

#[test]
fn relative_source_resolves_against_the_manifest_directory() {
    let app =
        TestApp::new(&SINGLE_PROBE.replace("@PROBE_WASM@", "\"components/probe.wasm\"")).unwrap();
    app.copy_in(
        &ratusz_tests::probe_wasm().unwrap(),
        "components/probe.wasm",
    )
    .unwrap();
    // The harness runs the host from another directory.
    let host = start(&app);
    assert_eq!(get_json(&host, "/len")["len"], 0);
}

#[test]
fn files_are_mounted_at_their_destination() {
    let manifest = SINGLE_PROBE.replace(
        "key_value_stores",
        "files = [{ source = \"assets\", destination = \"/static\" }, \"top/*.txt\"]\nkey_value_stores",
    );
    let app = app(&manifest);
    app.write("assets/hello.txt", "cześć").unwrap();
    app.write("assets/nested/deep.txt", "deep").unwrap();
    app.write("top/one.txt", "one").unwrap();
    let host = start(&app);
    assert_eq!(
        get_json(&host, "/file/static/hello.txt"),
        json!({ "ok": true, "content": "cześć" })
    );
    assert_eq!(
        get_json(&host, "/file/static/nested/deep.txt"),
        json!({ "ok": true, "content": "deep" })
    );
    assert_eq!(
        get_json(&host, "/file/top/one.txt"),
        json!({ "ok": true, "content": "one" })
    );
    // Nothing outside the mounts is visible.
    assert_eq!(get_json(&host, "/file/etc/passwd")["ok"], false);
}

#[test]
fn component_environment_is_visible_to_the_guest() {
    let app = app(&SINGLE_PROBE.replace(
        "key_value_stores",
        "environment = { GMINA = \"Kórnik\" }\nkey_value_stores",
    ));
    let host = start(&app);
    assert_eq!(
        get_json(&host, "/env/GMINA"),
        json!({ "ok": true, "value": "Kórnik" })
    );
    // The host's own environment does not leak in.
    assert_eq!(get_json(&host, "/env/PATH")["ok"], false);
}

#[test]
fn default_state_dir_is_dot_spin_beside_the_manifest() {
    let app = app(SINGLE_PROBE);
    let host = host(&app).host_default_state_dir().start().unwrap();
    post_json(&host, "/kv/default/set/k", "v");
    common::sql(&host, "", "CREATE TABLE t (x)", json!([]));
    let spin = app.dir().join(".spin");
    assert!(spin.join("sqlite_key_value.db").is_file(), "{spin:?}");
    assert!(spin.join("sqlite_db.db").is_file(), "{spin:?}");
}

#[test]
fn sigterm_shuts_down_gracefully_with_exit_code_0() {
    let app = app(SINGLE_PROBE);
    let mut host = start(&app);
    assert_eq!(get_json(&host, "/len")["len"], 0);
    let status = host.stop().unwrap();
    assert!(status.success(), "exit status {status}\n{}", host.logs());
}

#[test]
fn restart_on_the_same_state_is_warm_from_the_cache() {
    let app = app(SINGLE_PROBE);
    let mut host = start(&app);
    post_json(&host, "/kv/default/set/k", "v");
    host.stop().unwrap();
    let cache = host.state_dir().join("cache");
    let cached = std::fs::read_dir(&cache)
        .map(|entries| entries.count())
        .unwrap_or(0);
    assert!(cached > 0, "nothing cached in {}", cache.display());
    host.restart().unwrap();
    assert_eq!(
        get_json(&host, "/kv/default/get/k"),
        json!({ "ok": true, "value": "v" })
    );
}

#[test]
fn manifest_with_a_toml_syntax_error_is_refused() {
    let app = TestApp::new("spin_manifest_version = 2\n[application\nname = \"x\"\n").unwrap();
    refused(&app);
}
