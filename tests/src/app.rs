//! Test applications: a `spin.toml` written into a temporary directory, pointing at compiled
//! components by absolute path.

use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// In a manifest given to [`TestApp::with_probe`], replaced by the probe's path as a TOML string.
pub const PROBE_WASM_PLACEHOLDER: &str = "@PROBE_WASM@";

/// A temporary application directory holding a `spin.toml` (and whatever else a test writes).
#[derive(Debug)]
pub struct TestApp {
    dir: tempfile::TempDir,
}

impl TestApp {
    /// Writes `manifest` as `spin.toml` into a fresh directory, as is.
    pub fn new(manifest: &str) -> Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("ratusz-app-")
            .tempdir()
            .context("creating the app directory")?;
        let app = Self { dir };
        app.write("spin.toml", manifest)?;
        Ok(app)
    }

    /// Like [`TestApp::new`], with every `@PROBE_WASM@` replaced by the quoted absolute path of
    /// the probe component (so `source = @PROBE_WASM@`).
    pub fn with_probe(manifest: &str) -> Result<Self> {
        let probe = crate::probe_wasm()?;
        Self::new(&manifest.replace(
            PROBE_WASM_PLACEHOLDER,
            &toml_string(&probe.to_string_lossy()),
        ))
    }

    /// The application directory.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The path of its `spin.toml`.
    pub fn manifest(&self) -> PathBuf {
        self.dir.path().join("spin.toml")
    }

    /// Writes a file relative to the app directory (creating parent directories) and returns
    /// its path: `.env`, a runtime config, static files.
    pub fn write(&self, relative: &str, contents: &str) -> Result<PathBuf> {
        let path = self.dir.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, contents).with_context(|| format!("writing {}", path.display()))?;
        Ok(path)
    }

    /// Copies a file into the app directory at `relative` (e.g. a component referenced by a
    /// relative `source`).
    pub fn copy_in(&self, from: &Path, relative: &str) -> Result<PathBuf> {
        let path = self.dir.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(from, &path)
            .with_context(|| format!("copying {} to {}", from.display(), path.display()))?;
        Ok(path)
    }

    /// A host builder for this app's manifest.
    pub fn host(&self) -> crate::HostBuilder {
        crate::HostBuilder::new(self.manifest())
    }
}

/// `s` as a TOML basic string, quotes included.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
