//! `ratusz-tests`: the harness shared by the host's conformance suite and the app's end-to-end
//! tests.
//!
//! Everything here is synchronous and self-contained: each test gets its own host process on a
//! free port with its own state directory, its own fake gateway ([`CaptureServer`]), push service
//! ([`PushService`]) and, where it
//! needs one, its own Redis ([`RedisServer`]), so tests run in parallel without shared state.
//!
//! Artefacts are found through environment variables first, so CI can point at a shared target
//! directory: `RATUSZ_HOST_BIN` (the host binary), `RATUSZ_WASM_DIR` (compiled components),
//! `CARGO_TARGET_DIR`.

mod app;
mod capture;
mod clock;
mod host;
mod http;
mod paths;
mod post_mortem;
mod push_service;
mod redis;
pub mod seed;

pub use app::{toml_string, TestApp, PROBE_WASM_PLACEHOLDER};
pub use capture::{accepting_batches, batch_answerer, Answerer, CaptureServer, CapturedRequest};
pub use host::{Exited, HostBuilder, HostProcess, RequestLogLine};
pub use http::{agent, raw_request, HttpReply, RequestBuilder};
pub use paths::{host_bin, probe_wasm, target_dir, wasm_artifact, workspace_root};
pub use push_service::{Arrival, PushService, ReceivedPush, TestSubscription};
pub use redis::RedisServer;

/// Polls `check` every 50 ms until it returns `Some`, or fails after `timeout` with `what`.
///
/// For behaviour that happens in the background (a scheduled tick, a log line): a bounded
/// wait instead of a sleep, so a slow machine only makes the test slower, never flaky.
pub fn wait_until<T>(
    what: &str,
    timeout: std::time::Duration,
    mut check: impl FnMut() -> Option<T>,
) -> anyhow::Result<T> {
    let deadline = std::time::Instant::now() + timeout;
    loop {
        if let Some(value) = check() {
            return Ok(value);
        }
        if std::time::Instant::now() >= deadline {
            anyhow::bail!("timed out after {timeout:?} waiting for {what}");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
