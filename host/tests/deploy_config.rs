//! The runtime config the project ships for real Spin / SpinKube (`deploy/runtime-config.toml`):
//! the host reads its Redis key-value section as written (against a real `redis-server`), and
//! refuses the file's libSQL section with a message naming it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{app, get_json, host, post_json, SINGLE_PROBE};
use ratusz_host::runtime_config::{self, KvConfig};
use ratusz_tests::{workspace_root, RedisServer};
use serde_json::json;
use std::time::Duration;

fn shipped() -> String {
    std::fs::read_to_string(workspace_root().join("deploy/runtime-config.toml"))
        .expect("deploy/runtime-config.toml is in the repository")
}

/// The file's `[key_value_store.*]` sections alone, as TOML text.
fn key_value_part(text: &str) -> String {
    let mut root: toml::Table = text.parse().unwrap();
    let kv = root
        .remove("key_value_store")
        .expect("a key_value_store section");
    let mut only = toml::Table::new();
    only.insert("key_value_store".into(), kv);
    toml::to_string(&only).unwrap()
}

#[test]
fn the_shipped_key_value_section_is_redis_as_the_host_reads_it() {
    let part = key_value_part(&shipped());
    let parsed = runtime_config::parse(&part, std::path::Path::new(".")).unwrap();
    assert_eq!(
        parsed.key_value_stores.get("default"),
        Some(&KvConfig::Redis("redis://ratusz-redis:6379".into()))
    );
}

#[test]
fn the_host_serves_kv_from_redis_with_the_shipped_section() {
    let redis = RedisServer::start().unwrap();
    // The shipped section with only its address pointed at the test's server.
    let part = key_value_part(&shipped()).replace("redis://ratusz-redis:6379", &redis.url());
    let app = app(SINGLE_PROBE);
    let config = app.write("runtime-config.toml", &part).unwrap();
    let host = host(&app)
        .runtime_config(config)
        .start()
        .expect("starting the host");
    assert_eq!(redis.key_count().unwrap(), 0);
    assert_eq!(
        post_json(&host, "/kv/default/set/k", "v"),
        json!({ "ok": true })
    );
    assert_eq!(redis.key_count().unwrap(), 1, "the value went to Redis");
    assert_eq!(
        get_json(&host, "/kv/default/get/k"),
        json!({ "ok": true, "value": "v" })
    );
}

#[test]
fn the_whole_shipped_file_is_refused_naming_libsql() {
    let app = app(SINGLE_PROBE);
    let config = app.write("runtime-config.toml", &shipped()).unwrap();
    let exited = host(&app)
        .runtime_config(config)
        .run_expecting_exit(Duration::from_secs(60))
        .unwrap();
    assert!(!exited.status.success());
    assert!(
        exited.stderr.contains("sqlite_database.default.type") && exited.stderr.contains("libsql"),
        "{}",
        exited.stderr
    );
}
