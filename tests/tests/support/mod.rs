//! Starting the workspace's real app for end-to-end tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod accounts;
pub mod at_rest;
pub mod chat;
pub mod council;
pub mod notify;
pub mod notify_staff;

use ratusz_tests::{target_dir, workspace_root, HostBuilder, HostProcess};
use std::time::Duration;

/// A signing key for tests only.
pub const TEST_SIGNING_KEY: &str = "e2e-test-signing-key-0123456789abcdef0123456789";

/// A `data_keys` keyring for tests only (one 32-byte key, base64url).
pub const TEST_DATA_KEYS: &str = "e2e:ZTJlLXRlc3QtZGF0YS1rZXktMDEyMzQ1Njc4OWFiY2Q";

/// The audit checkpoint key for tests only: an Ed25519 seed, 32 bytes `0x01..=0x20` in base64.
pub const TEST_AUDIT_SIGNING_KEY: &str = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

/// The resident registry's keyring for tests only (`resident_data_keys`, one 32-byte key).
pub const TEST_RESIDENT_DATA_KEYS: &str = "r1:cmVzaWRlbnQtZGF0YS1rZXktZm9yLXRlc3RzLW9ubHk";

/// The resident registry's blind index key for tests only (`resident_index_key`).
pub const TEST_RESIDENT_INDEX_KEY: &str = "i1:cmVzaWRlbnQtaW5kZXgta2V5LWZvci10ZXN0cy1vbmw";

/// The VAPID private key for tests only (a P-256 scalar, 32 bytes `0x11`, base64url): Web Push
/// is on in every e2e host; the test push service checks the tokens it signs.
pub const TEST_VAPID_PRIVATE_KEY: &str = "ERERERERERERERERERERERERERERERERERERERERERE";

/// The workspace's `spin.toml` on a host with its own port and state directory. The compiled
/// components are cached once for every test (`target/e2e-compile-cache`): compiling the
/// components anew for each of dozens of hosts would dominate the suite's time on 2 cores.
pub fn app_host() -> HostBuilder {
    HostBuilder::new(workspace_root().join("spin.toml"))
        .variable("token_signing_key", TEST_SIGNING_KEY)
        .variable("data_keys", TEST_DATA_KEYS)
        .variable("audit_signing_key", TEST_AUDIT_SIGNING_KEY)
        .variable("resident_data_keys", TEST_RESIDENT_DATA_KEYS)
        .variable("resident_index_key", TEST_RESIDENT_INDEX_KEY)
        .variable("vapid_private_key", TEST_VAPID_PRIVATE_KEY)
        .arg("--cache-dir")
        .arg(&target_dir().join("e2e-compile-cache").to_string_lossy())
        .ready_timeout(Duration::from_secs(120))
}

/// Starts the app and waits until it serves.
pub fn start_app() -> HostProcess {
    app_host()
        .start()
        .expect("the app starts (run `cargo xtask build` first)")
}

/// Every `/assets/…` path referenced by `src="…"` or `href="…"` in an HTML page.
pub fn asset_paths(html: &str) -> Vec<String> {
    html.split(['"', '\''])
        .filter(|part| part.starts_with("/assets/"))
        .map(str::to_owned)
        .collect()
}
