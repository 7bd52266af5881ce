//! Shared by the conformance test files: start the host under test on a probe app.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use ratusz_tests::{HostBuilder, HostProcess, TestApp};
use serde_json::Value;

/// A manifest with the probe as the only component, on `/...`, listing the KV store and the
/// SQLite database `default`.
pub const SINGLE_PROBE: &str = r#"
spin_manifest_version = 2

[application]
name = "conformance"

[[trigger.http]]
route = "/..."
component = "probe"

[component.probe]
source = @PROBE_WASM@
key_value_stores = ["default"]
sqlite_databases = ["default"]
"#;

/// The app: `manifest` with `@PROBE_WASM@` replaced by the probe's path.
pub fn app(manifest: &str) -> TestApp {
    TestApp::with_probe(manifest).expect("writing the test app")
}

/// A host builder for `app`, running the host binary under test: `RATUSZ_HOST_BIN` if set,
/// else the binary cargo built with these tests.
///
/// Start-up may take 60 s: a cold start compiles every component, and the suite starts many
/// hosts in parallel on two cores.
pub fn host(app: &TestApp) -> HostBuilder {
    let builder = app.host().ready_timeout(std::time::Duration::from_secs(60));
    if std::env::var_os("RATUSZ_HOST_BIN").is_some_and(|v| !v.is_empty()) {
        builder
    } else {
        builder.binary(env!("CARGO_BIN_EXE_ratusz-host"))
    }
}

/// Starts a host for `app` with defaults.
pub fn start(app: &TestApp) -> HostProcess {
    host(app).start().expect("starting the host")
}

/// `GET path`, expecting 200 and JSON.
pub fn get_json(host: &HostProcess, path: &str) -> Value {
    host.get_json(path)
        .unwrap_or_else(|e| panic!("GET {path}: {e:#}\n{}", host.logs()))
}

/// `POST path`, expecting 200 and JSON.
pub fn post_json(host: &HostProcess, path: &str, body: impl Into<Vec<u8>>) -> Value {
    host.post_json(path, body)
        .unwrap_or_else(|e| panic!("POST {path}: {e:#}\n{}", host.logs()))
}

/// The status of `GET path`.
pub fn status_of(host: &HostProcess, path: &str) -> u16 {
    host.get(path)
        .unwrap_or_else(|e| panic!("GET {path}: {e:#}\n{}", host.logs()))
        .status
}

/// A header the probe echoed (`None` when the guest did not receive it).
pub fn echoed_header<'a>(echo: &'a Value, name: &str) -> Option<&'a str> {
    echo["headers"].get(name).and_then(Value::as_str)
}

/// The `spin-matched-route` the probe saw for `GET path` (which route won).
pub fn matched_route(host: &HostProcess, path: &str) -> String {
    let echo = get_json(host, path);
    echoed_header(&echo, "spin-matched-route")
        .unwrap_or_else(|| panic!("GET {path}: no spin-matched-route header in {echo}"))
        .to_owned()
}

/// Runs a SQL statement through the probe (`/sqlite/default`) and returns the probe's answer.
pub fn sql(host: &HostProcess, prefix: &str, statement: &str, params: Value) -> Value {
    let body = serde_json::json!({ "sql": statement, "params": params });
    post_json(host, &format!("{prefix}/sqlite/default"), body.to_string())
}
