//! The external tools of the pipeline: wasm-bindgen at the pinned version, esbuild from npm.

use super::fs::read_string;
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// `wasm-bindgen` on PATH or in `$CARGO_HOME/bin`, at the version Cargo.lock pins.
pub(super) fn find_wasm_bindgen(root: &Path) -> Result<PathBuf> {
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    let candidates = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain(cargo_home.map(|h| h.join("bin")));
    let Some(binary) = candidates
        .map(|dir| dir.join("wasm-bindgen"))
        .find(|p| p.is_file())
    else {
        bail!("wasm-bindgen is not installed: run `cargo xtask setup`");
    };

    let lock = read_string(&root.join("Cargo.lock"))?;
    let wanted =
        locked_version(&lock, "wasm-bindgen").context("Cargo.lock has no wasm-bindgen entry")?;
    let output = Command::new(&binary)
        .arg("--version")
        .output()
        .with_context(|| format!("cannot run {}", binary.display()))?;
    let reported = String::from_utf8_lossy(&output.stdout);
    // "wasm-bindgen 0.2.130"
    let found = reported.split_whitespace().nth(1).unwrap_or_default();
    if found != wanted {
        bail!(
            "{} is version {found:?} but Cargo.lock pins wasm-bindgen {wanted}: run `cargo xtask setup`",
            binary.display()
        );
    }
    Ok(binary)
}

/// The version of a package in a Cargo.lock (the first entry of that name).
fn locked_version(lock: &str, package: &str) -> Option<String> {
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == name_line {
            let version = lines.next()?.trim();
            return version
                .strip_prefix("version = \"")
                .and_then(|v| v.strip_suffix('"'))
                .map(str::to_owned);
        }
    }
    None
}

/// `frontend/node_modules/.bin/esbuild`, running `npm ci` first when it is missing.
pub(super) fn ensure_esbuild(frontend: &Path) -> Result<PathBuf> {
    let esbuild = frontend.join("node_modules/.bin/esbuild");
    if esbuild.is_file() {
        return Ok(esbuild);
    }
    println!("installing the frontend build tools (npm ci in frontend/)");
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(frontend)
        .status()
        .context("esbuild is missing and npm cannot be run: install Node.js and npm (Debian: `apt-get install nodejs npm`), or run `cargo xtask setup`")?;
    if !status.success() {
        bail!("`npm ci` in frontend/ failed ({status})");
    }
    if !esbuild.is_file() {
        bail!("`npm ci` did not install {}", esbuild.display());
    }
    Ok(esbuild)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locked_version_reads_cargo_lock() {
        let lock = "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n\n[[package]]\nname = \"wasm-bindgen-futures\"\nversion = \"0.4.80\"\n";
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(
            locked_version(lock, "wasm-bindgen-futures").as_deref(),
            Some("0.4.80")
        );
        assert_eq!(locked_version(lock, "yew"), None);
    }
}
