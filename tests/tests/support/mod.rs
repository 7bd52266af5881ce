//! Starting the workspace's real app for end-to-end tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod accounts;

use ratusz_tests::{workspace_root, HostBuilder, HostProcess};

/// A signing key for tests only.
pub const TEST_SIGNING_KEY: &str = "e2e-test-signing-key-0123456789abcdef0123456789";

/// The workspace's `spin.toml` on a host with its own port and state directory.
pub fn app_host() -> HostBuilder {
    HostBuilder::new(workspace_root().join("spin.toml"))
        .variable("token_signing_key", TEST_SIGNING_KEY)
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
