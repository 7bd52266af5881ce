//! Key-value semantics per label, on both backends: the SQLite file (default) and Redis
//! (`--runtime-config-file`, with a `redis-server` the test starts).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{app, get_json, host, post_json};
use ratusz_tests::{HostProcess, RedisServer, TestApp};
use serde_json::json;
use std::collections::BTreeSet;

/// Two components on one store (`a`, `b`), one with none (`none`), each under its own prefix.
const APP: &str = r#"
spin_manifest_version = 2

[application]
name = "kv"

[[trigger.http]]
route = "/a/..."
component = "a"

[[trigger.http]]
route = "/b/..."
component = "b"

[[trigger.http]]
route = "/none/..."
component = "none"

[component.a]
source = @PROBE_WASM@
key_value_stores = ["default"]

[component.b]
source = @PROBE_WASM@
key_value_stores = ["default"]

[component.none]
source = @PROBE_WASM@
"#;

/// Where the `default` store lives.
enum Backend {
    Sqlite,
    Redis(RedisServer),
}

impl Backend {
    fn redis() -> Self {
        Backend::Redis(RedisServer::start().expect("starting redis-server"))
    }
}

/// The app and a host on `backend` (the app must outlive the host).
fn start_on(backend: &Backend) -> (TestApp, HostProcess) {
    let app = app(APP);
    let builder = host(&app);
    let builder = match backend {
        Backend::Sqlite => builder,
        Backend::Redis(redis) => {
            let config = app
                .write("runtime-config.toml", &redis.runtime_config_toml("default"))
                .unwrap();
            builder.runtime_config(config)
        }
    };
    let host = builder.start().expect("starting the host");
    (app, host)
}

fn set_get_exists_delete_round_trip(backend: Backend) {
    let (_app, host) = start_on(&backend);
    assert_eq!(
        get_json(&host, "/a/kv/default/get/k"),
        json!({ "ok": true, "value": null })
    );
    assert_eq!(
        post_json(&host, "/a/kv/default/set/k", "v1"),
        json!({ "ok": true })
    );
    assert_eq!(
        get_json(&host, "/a/kv/default/get/k"),
        json!({ "ok": true, "value": "v1" })
    );
    assert_eq!(
        get_json(&host, "/a/kv/default/exists/k"),
        json!({ "ok": true, "exists": true })
    );
    post_json(&host, "/a/kv/default/set/k", "v2");
    assert_eq!(
        get_json(&host, "/a/kv/default/get/k"),
        json!({ "ok": true, "value": "v2" })
    );
    assert_eq!(
        get_json(&host, "/a/kv/default/delete/k"),
        json!({ "ok": true })
    );
    assert_eq!(
        get_json(&host, "/a/kv/default/exists/k"),
        json!({ "ok": true, "exists": false })
    );
    assert_eq!(
        get_json(&host, "/a/kv/default/get/k"),
        json!({ "ok": true, "value": null })
    );
    // Deleting a missing key is not an error.
    assert_eq!(
        get_json(&host, "/a/kv/default/delete/k"),
        json!({ "ok": true })
    );
}

fn empty_value_is_stored_and_differs_from_missing(backend: Backend) {
    let (_app, host) = start_on(&backend);
    post_json(&host, "/a/kv/default/set/empty", "");
    assert_eq!(
        get_json(&host, "/a/kv/default/get/empty"),
        json!({ "ok": true, "value": "" })
    );
    assert_eq!(
        get_json(&host, "/a/kv/default/exists/empty"),
        json!({ "ok": true, "exists": true })
    );
}

fn get_keys_lists_every_key(backend: Backend) {
    let (_app, host) = start_on(&backend);
    for key in ["k2", "k1", "k3"] {
        post_json(&host, &format!("/a/kv/default/set/{key}"), "x");
    }
    assert_eq!(
        get_json(&host, "/a/kv/default/keys"),
        json!({ "ok": true, "keys": ["k1", "k2", "k3"] })
    );
}

fn components_listing_the_same_label_share_data(backend: Backend) {
    let (_app, host) = start_on(&backend);
    post_json(&host, "/a/kv/default/set/shared", "from-a");
    assert_eq!(
        get_json(&host, "/b/kv/default/get/shared"),
        json!({ "ok": true, "value": "from-a" })
    );
}

fn component_cannot_open_a_store_it_did_not_list(backend: Backend) {
    let (_app, host) = start_on(&backend);
    let denied = json!({ "ok": false, "error": "access_denied" });
    assert_eq!(get_json(&host, "/none/kv/default/get/k"), denied);
    assert_eq!(get_json(&host, "/a/kv/other/get/k"), denied);
    assert_eq!(get_json(&host, "/none/atomic/default/incr/n"), denied);
    assert_eq!(get_json(&host, "/a/atomic/other/incr/n"), denied);
}

fn atomic_increment_starts_at_delta_and_adds(backend: Backend) {
    let (_app, host) = start_on(&backend);
    assert_eq!(
        get_json(&host, "/a/atomic/default/incr/n?delta=5"),
        json!({ "ok": true, "value": 5 })
    );
    assert_eq!(
        get_json(&host, "/a/atomic/default/incr/n?delta=-2"),
        json!({ "ok": true, "value": 3 })
    );
    assert_eq!(
        get_json(&host, "/b/atomic/default/incr/n?delta=0"),
        json!({ "ok": true, "value": 3 })
    );
}

fn hundred_concurrent_increments_count_exactly_hundred(backend: Backend) {
    let (_app, host) = start_on(&backend);
    let url = host.url("/a/atomic/default/incr/counter");
    let threads: Vec<_> = (0..10)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || {
                let agent = ratusz_tests::agent();
                (0..10)
                    .map(|_| {
                        let reply = ratusz_tests::RequestBuilder::new("GET", url.clone())
                            .send_with(&agent)
                            .unwrap();
                        assert_eq!(reply.status, 200, "{}", reply.text());
                        let answer = reply.json().unwrap();
                        answer["value"]
                            .as_i64()
                            .unwrap_or_else(|| panic!("no value in {answer}"))
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let seen: BTreeSet<i64> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    // Every increment returned a distinct value: none was lost or doubled.
    assert_eq!(seen, (1..=100).collect::<BTreeSet<i64>>());
    assert_eq!(
        get_json(&host, "/a/atomic/default/incr/counter?delta=0"),
        json!({ "ok": true, "value": 100 })
    );
}

fn data_survives_a_restart(backend: Backend) {
    let (_app, mut host) = start_on(&backend);
    post_json(&host, "/a/kv/default/set/durable", "still-here");
    get_json(&host, "/a/atomic/default/incr/n?delta=7");
    host.stop().unwrap();
    host.restart().unwrap();
    assert_eq!(
        get_json(&host, "/a/kv/default/get/durable"),
        json!({ "ok": true, "value": "still-here" })
    );
    assert_eq!(
        get_json(&host, "/a/atomic/default/incr/n?delta=0"),
        json!({ "ok": true, "value": 7 })
    );
}

/// Each behaviour above, once per backend.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite_backend {
            $( #[test] fn $name() { super::$name(super::Backend::Sqlite) } )*
        }
        mod redis_backend {
            $( #[test] fn $name() { super::$name(super::Backend::redis()) } )*
        }
    };
}

on_both_backends!(
    set_get_exists_delete_round_trip,
    empty_value_is_stored_and_differs_from_missing,
    get_keys_lists_every_key,
    components_listing_the_same_label_share_data,
    component_cannot_open_a_store_it_did_not_list,
    atomic_increment_starts_at_delta_and_adds,
    hundred_concurrent_increments_count_exactly_hundred,
    data_survives_a_restart,
);

#[test]
fn sqlite_backend_keeps_the_store_in_state_dir_sqlite_key_value_db() {
    let (_app, host) = start_on(&Backend::Sqlite);
    post_json(&host, "/a/kv/default/set/k", "v");
    let file = host.state_dir().join("sqlite_key_value.db");
    assert!(file.is_file(), "{} missing", file.display());
}

#[test]
fn redis_backend_writes_to_the_configured_redis() {
    let redis = RedisServer::start().unwrap();
    let backend = Backend::Redis(redis);
    let (_app, host) = start_on(&backend);
    post_json(&host, "/a/kv/default/set/k", "v");
    // A second host on the same Redis (fresh state dir) sees the value.
    let (_app2, other) = start_on(&backend);
    assert_eq!(
        get_json(&other, "/b/kv/default/get/k"),
        json!({ "ok": true, "value": "v" })
    );
}

#[test]
fn spin_type_runtime_config_puts_the_store_at_the_given_path() {
    let app = app(APP);
    let path = app.dir().join("elsewhere").join("kv.db");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let config = app
        .write(
            "runtime-config.toml",
            &format!(
                "[key_value_store.default]\ntype = \"spin\"\npath = {}\n",
                ratusz_tests::toml_string(&path.to_string_lossy())
            ),
        )
        .unwrap();
    let host = host(&app).runtime_config(config).start().unwrap();
    post_json(&host, "/a/kv/default/set/k", "v");
    assert!(path.is_file(), "{} missing", path.display());
    assert_eq!(
        get_json(&host, "/a/kv/default/get/k"),
        json!({ "ok": true, "value": "v" })
    );
}
