//! `cargo xtask build`: every artefact the app and its tests run — the Spin components
//! (wasm32-wasip2), the host's test fixture, the frontend dist and the host binary.

use crate::cmd::run;
use anyhow::Result;
use std::path::{Path, PathBuf};

/// The app's components, as named in spin.toml's `source` paths.
pub const COMPONENTS: [&str; 5] = [
    "ratusz-auth",
    "ratusz-voting",
    "ratusz-notify",
    "ratusz-messaging",
    "ratusz-web",
];

/// Fixture components the host's conformance tests run.
pub const FIXTURES: [&str; 1] = ["ratusz-probe"];

/// The Cargo profile the host is built with (fast code, unwinding panics).
pub const HOST_PROFILE: &str = "host";

/// Builds components, fixtures, frontend and host.
pub fn build_all(root: &Path) -> Result<()> {
    build_components(root)?;
    crate::frontend::build(root)?;
    build_host(root)
}

/// Each wasm crate is built on its own (`-p`) so feature unification cannot hide a missing feature.
pub fn build_components(root: &Path) -> Result<()> {
    for package in COMPONENTS.iter().chain(FIXTURES.iter()) {
        run(
            root,
            "cargo",
            &[
                "build",
                "--release",
                "--target",
                "wasm32-wasip2",
                "-p",
                package,
            ],
        )?;
    }
    Ok(())
}

/// Builds `ratusz-host` into `target/host/ratusz-host`.
pub fn build_host(root: &Path) -> Result<()> {
    run(
        root,
        "cargo",
        &["build", "--profile", HOST_PROFILE, "-p", "ratusz-host"],
    )
}

/// The Cargo target directory (respects `CARGO_TARGET_DIR`).
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// Path of the built host binary.
pub fn host_bin(root: &Path) -> PathBuf {
    target_dir(root).join(HOST_PROFILE).join("ratusz-host")
}

/// Path of a built component, e.g. `ratusz-auth` → `…/ratusz_auth.wasm`.
pub fn component_wasm(root: &Path, package: &str) -> PathBuf {
    target_dir(root)
        .join("wasm32-wasip2/release")
        .join(format!("{}.wasm", package.replace('-', "_")))
}
