//! Where the artefacts under test live.

use anyhow::{bail, Result};
use std::path::{Path, PathBuf};

/// The workspace root (the directory holding `spin.toml` and the root `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    // This crate lives at `<root>/tests`.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

/// Cargo's target directory: `CARGO_TARGET_DIR` if set, else `<root>/target`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                workspace_root().join(dir)
            }
        }
        _ => workspace_root().join("target"),
    }
}

/// The host binary: `RATUSZ_HOST_BIN` if set, else `<target>/host/ratusz-host`.
pub fn host_bin() -> Result<PathBuf> {
    let path = match std::env::var_os("RATUSZ_HOST_BIN") {
        Some(bin) if !bin.is_empty() => PathBuf::from(bin),
        _ => target_dir().join("host").join("ratusz-host"),
    };
    require_file(
        path,
        "the host binary (`cargo build --profile host -p ratusz-host`)",
    )
}

/// A compiled component: `$RATUSZ_WASM_DIR/<name>.wasm` if that variable is set, else
/// `<target>/wasm32-wasip2/release/<name>.wasm`. `name` is the crate name with underscores
/// (`ratusz_auth`, `ratusz_probe`).
pub fn wasm_artifact(name: &str) -> Result<PathBuf> {
    let dir = match std::env::var_os("RATUSZ_WASM_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => target_dir().join("wasm32-wasip2").join("release"),
    };
    require_file(
        dir.join(format!("{name}.wasm")),
        &format!("component `{name}`"),
    )
}

/// The conformance fixture component (`host/fixtures/probe`).
pub fn probe_wasm() -> Result<PathBuf> {
    wasm_artifact("ratusz_probe").map_err(|e| {
        e.context("build it with `cargo build --release --target wasm32-wasip2 -p ratusz-probe`")
    })
}

fn require_file(path: PathBuf, what: &str) -> Result<PathBuf> {
    if path.is_file() {
        Ok(path)
    } else {
        bail!(
            "{what} not found at {}: run `cargo xtask build` first \
             (or point RATUSZ_HOST_BIN / RATUSZ_WASM_DIR / CARGO_TARGET_DIR at the build)",
            path.display()
        )
    }
}
