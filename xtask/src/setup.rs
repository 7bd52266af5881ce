//! `cargo xtask setup`: installs what a fresh machine lacks. Idempotent: every step checks first.
//! Nothing here downloads from GitHub: Rust targets come from rustup, tools from crates.io,
//! Node packages from npm, Chromium and Redis from Debian, the API fuzzer from PyPI.

use crate::cmd::{on_path, output, run, run_with_env};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// Rust targets: components are wasip2 components, the frontend is a browser wasm module.
const WASM_TARGETS: [&str; 2] = ["wasm32-wasip2", "wasm32-unknown-unknown"];

/// Debian packages the tests need: (command that proves it is installed, package).
const DEBIAN_PACKAGES: [(&str, &str); 2] =
    [("chromium", "chromium"), ("redis-server", "redis-server")];

/// Installs everything `cargo xtask build`, `test` and `bench` need.
pub fn setup(root: &Path) -> Result<()> {
    setup_build(root)?;
    setup_tests(root)?;
    setup_bench(root).map(drop)
}

/// What building and running the app needs (`build`, `up`, `bench` call this themselves):
/// the wasm targets, the wasm-bindgen CLI and the frontend's npm packages. Idempotent and quick
/// when everything is there, so a fresh machine's first `cargo xtask up` just works.
pub fn setup_build(root: &Path) -> Result<()> {
    rust_targets(root)?;
    wasm_bindgen_cli(root)?;
    npm_packages(root, "frontend")
}

/// What only the tests need: the browser tests' npm packages, Chromium and Redis, and the API
/// fuzzer (schemathesis from PyPI in a venv).
pub fn setup_tests(root: &Path) -> Result<()> {
    npm_packages(root, "tests/browser")?;
    debian_packages()?;
    schemathesis(root)
}

/// What only `cargo xtask bench` needs (it calls this itself; CI's `test` does not): Lighthouse.
/// Returns the `lighthouse` command.
pub fn setup_bench(root: &Path) -> Result<PathBuf> {
    lighthouse(root)
}

/// Where Lighthouse is pinned (`package.json`, 12.2.3: the newest that runs on Node 20).
const LIGHTHOUSE_DIR: &str = "xtask/lighthouse";

/// Lighthouse from npm into `xtask/lighthouse/node_modules` (`npm ci` of the pinned lock file),
/// unless its command is already there. Returns the command.
fn lighthouse(root: &Path) -> Result<PathBuf> {
    let bin = root
        .join(LIGHTHOUSE_DIR)
        .join("node_modules/.bin/lighthouse");
    if !bin.is_file() {
        run(
            &root.join(LIGHTHOUSE_DIR),
            "npm",
            &["ci", "--no-audit", "--no-fund"],
        )?;
    }
    Ok(bin)
}

/// The API fuzzer of `cargo xtask test`, pinned: a newer release may generate other requests
/// from the same seed, so an upgrade is a deliberate change (and a fresh fuzz run).
pub const SCHEMATHESIS_VERSION: &str = "4.32.5";

/// Where the fuzzer's venv lives (`target/schemathesis-venv`).
pub fn schemathesis_venv(root: &Path) -> PathBuf {
    crate::artifacts::target_dir(root).join("schemathesis-venv")
}

/// The `schemathesis` command inside the venv.
pub fn schemathesis_bin(root: &Path) -> PathBuf {
    schemathesis_venv(root).join("bin").join("schemathesis")
}

/// Creates the venv with Python's own `venv` module and installs the pinned schemathesis from
/// PyPI with pip, unless that exact version is already there. Needs only `python3` (3.9+) with
/// `venv` and `pip` on the machine.
fn schemathesis(root: &Path) -> Result<()> {
    let bin = schemathesis_bin(root);
    let have = output(&bin.to_string_lossy(), &["--version"]).unwrap_or_default();
    if have.split_whitespace().last() == Some(SCHEMATHESIS_VERSION) {
        return Ok(());
    }
    let venv = schemathesis_venv(root);
    let venv_text = venv.to_string_lossy().into_owned();
    if !venv.join("bin").join("pip").exists() {
        if !on_path("python3") {
            bail!("python3 is missing; install Python 3 with venv and pip");
        }
        // Debian's own python3 keeps `venv` in a separate package; install it only if needed.
        run(root, "python3", &["-m", "venv", &venv_text]).or_else(|_| {
            apt_install(&["python3-venv"])?;
            run(root, "python3", &["-m", "venv", &venv_text])
        })?;
    }
    let pip = venv.join("bin").join("pip");
    let wanted = format!("schemathesis=={SCHEMATHESIS_VERSION}");
    run(
        root,
        &pip.to_string_lossy(),
        &["install", "--quiet", "--disable-pip-version-check", &wanted],
    )
}

fn rust_targets(root: &Path) -> Result<()> {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    let missing: Vec<&str> = WASM_TARGETS
        .into_iter()
        .filter(|t| !installed.lines().any(|l| l.trim() == *t))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut args = vec!["target", "add"];
    args.extend(missing);
    run(root, "rustup", &args)
}

/// The wasm-bindgen CLI must match the `wasm-bindgen` crate in Cargo.lock exactly.
fn wasm_bindgen_cli(root: &Path) -> Result<()> {
    let wanted = locked_version(root, "wasm-bindgen")?;
    let have = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(wanted.as_str()) {
        return Ok(());
    }
    let install = ["install", "wasm-bindgen-cli", "--version", &wanted];
    // `--locked` fails here when a pinned transitive crate left the registry; then resolve anew.
    let mut locked = install.to_vec();
    locked.push("--locked");
    run(root, "cargo", &locked).or_else(|_| run(root, "cargo", &install))
}

/// Reads the version of `package` from Cargo.lock.
pub fn locked_version(root: &Path, package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let needle = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == needle {
            if let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
            {
                return Ok(version.trim_matches('"').to_owned());
            }
        }
    }
    bail!("{package} is not in Cargo.lock")
}

fn npm_packages(root: &Path, dir: &str) -> Result<()> {
    let dir = root.join(dir);
    if !dir.join("package.json").exists() || dir.join("node_modules").exists() {
        return Ok(());
    }
    run(&dir, "npm", &["ci", "--no-audit", "--no-fund"])
}

fn debian_packages() -> Result<()> {
    let missing: Vec<&str> = DEBIAN_PACKAGES
        .into_iter()
        .filter(|(command, _)| !on_path(command))
        .map(|(_, package)| package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    apt_install(&missing)
}

/// Installs Debian packages with apt-get (through sudo unless root).
fn apt_install(missing: &[&str]) -> Result<()> {
    if !on_path("apt-get") {
        bail!("missing {missing:?}; install them with your package manager");
    }
    let root_dir = Path::new("/");
    let is_root = output("id", &["-u"]).is_some_and(|uid| uid.trim() == "0");
    let (program, prefix): (&str, &[&str]) = if is_root {
        ("apt-get", &[])
    } else {
        ("sudo", &["apt-get"])
    };
    let mut update = prefix.to_vec();
    update.extend(["update", "-qq"]);
    run(root_dir, program, &update)?;
    let mut install = prefix.to_vec();
    install.extend(["install", "-y", "-qq", "--no-install-recommends"]);
    install.extend(missing.iter().copied());
    run_with_env(
        root_dir,
        program,
        &install,
        &[("DEBIAN_FRONTEND", "noninteractive")],
    )
}
