//! The compilers: cargo for wasm32, wasm-bindgen, the optional wasm-opt, and esbuild's minifier.

use super::fs::{read, write};
use super::Paths;
use anyhow::{bail, Context, Result};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Name of the frontend package and of its wasm artefact.
const PACKAGE: &str = "ratusz-frontend";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Features the Rust wasm target emits by default; wasm-opt must be told it may keep them.
const WASM_FEATURES: [&str; 6] = [
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// One of the two bundles built from the frontend crate (`frontend/src/bundle.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Bundle {
    /// The small first bundle every visitor downloads (no features).
    First,
    /// The whole app with the office pages (feature `office`), for paths under `/admin/` and
    /// `/clerk/`; the service worker precaches it.
    Office,
}

impl Bundle {
    /// The stem of its hashed file names (`app-<hash>.wasm`, `office-<hash>.js`).
    pub(super) fn stem(self) -> &'static str {
        match self {
            Bundle::First => "app",
            Bundle::Office => "office",
        }
    }

    fn cargo_features(self) -> &'static [&'static str] {
        match self {
            Bundle::First => &[],
            Bundle::Office => &["--features", "office"],
        }
    }
}

/// Builds one bundle's wasm. Both land on the same artefact path, so run wasm-bindgen on it
/// before building the other.
pub(super) fn cargo_build(paths: &Paths, bundle: Bundle) -> Result<()> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--release", "--target", WASM_TARGET, "-p", PACKAGE])
        .args(bundle.cargo_features())
        .env("CARGO_TARGET_DIR", &paths.target_dir)
        .current_dir(&paths.root)
        .status()
        .context("cannot run cargo")?;
    if !status.success() {
        bail!("building {PACKAGE} ({bundle:?}) for {WASM_TARGET} failed (is the target installed? `rustup target add {WASM_TARGET}`)");
    }
    Ok(())
}

/// Runs wasm-bindgen on the bundle just built and returns its (JS glue, wasm) bytes.
pub(super) fn run_wasm_bindgen(
    paths: &Paths,
    wasm_bindgen: &Path,
    bundle: Bundle,
) -> Result<(Vec<u8>, Vec<u8>)> {
    let input = paths
        .target_dir
        .join(WASM_TARGET)
        .join("release")
        .join(format!("{PACKAGE}.wasm"));
    let out_dir = paths.work_dir().join("bindgen").join(bundle.stem());
    if out_dir.exists() {
        std::fs::remove_dir_all(&out_dir)
            .with_context(|| format!("cannot clear {}", out_dir.display()))?;
    }
    let status = Command::new(wasm_bindgen)
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--remove-name-section",
            "--remove-producers-section",
            "--out-name",
            "app",
            "--out-dir",
        ])
        .arg(&out_dir)
        .arg(&input)
        .status()
        .with_context(|| format!("cannot run {}", wasm_bindgen.display()))?;
    if !status.success() {
        bail!("wasm-bindgen failed ({status})");
    }
    Ok((
        read(&out_dir.join("app.js"))?,
        read(&out_dir.join("app_bg.wasm"))?,
    ))
}

/// `wasm-opt -Oz` from npm `binaryen` when installed; otherwise the input unchanged.
pub(super) fn optimise_wasm(paths: &Paths, bundle: Bundle, wasm: Vec<u8>) -> Result<Vec<u8>> {
    let wasm_opt = paths.frontend.join("node_modules/.bin/wasm-opt");
    if !wasm_opt.is_file() {
        return Ok(wasm);
    }
    let dir = paths.work_dir();
    let input = dir.join(format!("{}.in.wasm", bundle.stem()));
    let output = dir.join(format!("{}.opt.wasm", bundle.stem()));
    write(&input, &wasm)?;
    let result = Command::new(&wasm_opt)
        .arg("-Oz")
        .args(WASM_FEATURES)
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .status();
    match result {
        Ok(status) if status.success() => read(&output),
        // Optional step: a failing optimiser must not break the build.
        Ok(status) => {
            eprintln!("warning: wasm-opt failed ({status}); using the unoptimised module");
            Ok(wasm)
        }
        Err(error) => {
            eprintln!("warning: cannot run wasm-opt ({error}); using the unoptimised module");
            Ok(wasm)
        }
    }
}

/// Minifies JS (an ES module) or CSS through esbuild's stdin.
pub(super) fn esbuild_minify(esbuild: &Path, loader: &str, source: &[u8]) -> Result<Vec<u8>> {
    let mut args = vec![
        format!("--loader={loader}"),
        "--minify".to_owned(),
        "--charset=utf8".to_owned(),
        "--legal-comments=none".to_owned(),
        "--log-level=warning".to_owned(),
    ];
    if loader == "js" {
        args.push("--format=esm".to_owned());
    }
    let mut child = Command::new(esbuild)
        .args(&args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot run {}", esbuild.display()))?;
    {
        let mut stdin = child.stdin.take().context("esbuild has no stdin")?;
        stdin.write_all(source).context("writing to esbuild")?;
    }
    let output = child.wait_with_output().context("waiting for esbuild")?;
    if !output.status.success() {
        bail!("esbuild failed to minify {loader} ({})", output.status);
    }
    Ok(output.stdout)
}
