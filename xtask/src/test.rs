//! `cargo xtask test`: every suite, in the order that fails fastest — formatting, build, lints,
//! unit + host conformance + end-to-end tests on the real components, the API fuzzer, then the
//! browser tests.

use crate::artifacts::{build_all, host_bin, target_dir, HOST_PROFILE};
use crate::cmd::{run, run_with_env};
use anyhow::Result;
use std::path::Path;

/// Which parts of the suite to skip (all run by default, as in CI).
#[derive(Debug, Default, Clone, Copy)]
pub struct Skip {
    /// Skip `cargo xtask setup` (the machine is known to be ready).
    pub setup: bool,
    /// Skip `cargo fmt --check` and clippy.
    pub lint: bool,
    /// Skip the Chromium tests.
    pub browser: bool,
}

/// Runs the whole test suite.
pub fn test(root: &Path, skip: Skip) -> Result<()> {
    if !skip.setup {
        // First, before anything else installs a thing: `cargo xtask up` must work on a fresh
        // machine by itself (targets, wasm-bindgen, npm packages), serve, and print the
        // bootstrap administrator's start password. CI's machine is fresh, so this proves it.
        crate::up::check(root)?;
        crate::setup::setup_tests(root)?;
    }
    if !skip.lint {
        run(root, "cargo", &["fmt", "--all", "--", "--check"])?;
    }
    build_all(root)?;
    if !skip.lint {
        lint(root)?;
    }
    // Native tests share the host profile so the host's dependencies are compiled once; the
    // frontend with its office pages, so their tests run too.
    run(
        root,
        "cargo",
        &[
            "test",
            "--profile",
            HOST_PROFILE,
            "--workspace",
            "--features",
            FRONTEND_OFFICE,
        ],
    )?;
    api_fuzz(root)?;
    if !skip.browser {
        browser_tests(root)?;
    }
    eprintln!("xtask test: all suites passed");
    Ok(())
}

fn lint(root: &Path) -> Result<()> {
    let deny = ["--", "-D", "warnings"];
    let native = [
        &[
            "clippy",
            "--profile",
            HOST_PROFILE,
            "--workspace",
            "--all-targets",
            "--features",
            FRONTEND_OFFICE,
        ][..],
        &deny,
    ]
    .concat();
    run(root, "cargo", &native)?;
    let components = [
        &["clippy", "--release", "--target", "wasm32-wasip2"][..],
        &[
            "-p",
            "ratusz-auth",
            "-p",
            "ratusz-voting",
            "-p",
            "ratusz-notify",
            "-p",
            "ratusz-messaging",
            "-p",
            "ratusz-web",
            "-p",
            "ratusz-probe",
        ],
        &deny,
    ]
    .concat();
    run(root, "cargo", &components)?;
    // Both bundles (`frontend/src/bundle.rs`): the first one, and the whole app.
    for features in [&[][..], &["--features", "office"]] {
        let frontend = [
            &[
                "clippy",
                "--release",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "ratusz-frontend",
            ][..],
            features,
            &deny,
        ]
        .concat();
        run(root, "cargo", &frontend)?;
    }
    Ok(())
}

/// The frontend's office bundle feature, for the native tests and lints of the workspace.
const FRONTEND_OFFICE: &str = "ratusz-frontend/office";

/// The API fuzz step: schemathesis (pinned, from `setup_tests`) against the real host as an
/// administrator and a councillor (`tests/tests/api_fuzz.rs`, ignored by a plain `cargo test`).
/// Seeded and bounded, so CI sees the same requests each time; any failure fails the suite.
fn api_fuzz(root: &Path) -> Result<()> {
    let bin = crate::setup::schemathesis_bin(root);
    run_with_env(
        root,
        "cargo",
        &[
            "test",
            "--profile",
            HOST_PROFILE,
            "-p",
            "ratusz-tests",
            "--test",
            "api_fuzz",
            "--",
            "--ignored",
            "--nocapture",
        ],
        &[("RATUSZ_SCHEMATHESIS", &bin.to_string_lossy())],
    )
}

fn browser_tests(root: &Path) -> Result<()> {
    let host = host_bin(root);
    let target = target_dir(root);
    run_with_env(
        &root.join("tests/browser"),
        "npm",
        &["test"],
        &[
            ("RATUSZ_ROOT", &root.to_string_lossy()),
            ("RATUSZ_HOST_BIN", &host.to_string_lossy()),
            ("CARGO_TARGET_DIR", &target.to_string_lossy()),
        ],
    )
}
