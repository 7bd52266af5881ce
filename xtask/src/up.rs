//! `cargo xtask up`: build everything and run the app on the local host, like `spin build && spin up`.

use crate::artifacts::{build_all, host_bin};
use anyhow::{Context, Result};
use std::io::Read;
use std::path::Path;
use std::process::Command;

const DEFAULT_LISTEN: &str = "127.0.0.1:3000";
const TICK_SCHEDULE: &str = "30s /internal/tick";
const SIGNING_KEY_VARIABLE: &str = "SPIN_VARIABLE_TOKEN_SIGNING_KEY";

/// Builds the app and starts `ratusz-host up` on the project's spin.toml.
/// `host_args` go to the host unchanged (`--listen`, `--state-dir`, `--variable`, …).
pub fn up(root: &Path, host_args: &[String]) -> Result<()> {
    crate::setup::setup_build(root)?;
    build_all(root)?;
    let mut command = Command::new(host_bin(root));
    command
        .current_dir(root)
        .arg("up")
        .arg("-f")
        .arg(root.join("spin.toml"));
    if !host_args.iter().any(|a| a == "--listen") {
        command.args(["--listen", DEFAULT_LISTEN]);
    }
    if !host_args.iter().any(|a| a == "--schedule") {
        command.args(["--schedule", TICK_SCHEDULE]);
    }
    command.args(host_args);
    // A development signing key, kept in the state directory so sessions survive a restart;
    // passed through the environment (not argv, which `ps` shows). Production sets its own.
    if std::env::var_os(SIGNING_KEY_VARIABLE).is_none() {
        let state_dir = state_dir(root, host_args);
        command.env(SIGNING_KEY_VARIABLE, dev_signing_key(&state_dir)?);
    }
    let email = std::env::var("SPIN_VARIABLE_BOOTSTRAP_ADMIN_EMAIL")
        .unwrap_or_else(|_| "admin@ratusz.local (spin.toml default)".to_owned());
    eprintln!(
        "Bootstrap administrator: {email}; its start password is printed below when created."
    );
    let status = command.status().context("starting ratusz-host")?;
    anyhow::ensure!(status.success(), "ratusz-host exited with {status}");
    Ok(())
}

/// The host's state directory: `--state-dir` if given, else `.spin` beside spin.toml (Spin's default).
fn state_dir(root: &Path, host_args: &[String]) -> std::path::PathBuf {
    host_args
        .iter()
        .position(|a| a == "--state-dir")
        .and_then(|i| host_args.get(i + 1))
        .map(|dir| root.join(dir))
        .unwrap_or_else(|| root.join(".spin"))
}

/// Reads the development signing key from the state directory, creating it on first use.
fn dev_signing_key(state_dir: &Path) -> Result<String> {
    let path = state_dir.join("dev-token-signing-key");
    if let Ok(key) = std::fs::read_to_string(&path) {
        return Ok(key.trim().to_owned());
    }
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .context("reading /dev/urandom")?;
    let key = hex::encode(bytes);
    std::fs::create_dir_all(state_dir)?;
    std::fs::write(&path, &key).with_context(|| format!("writing {}", path.display()))?;
    restrict_to_owner(&path)?;
    Ok(key)
}

fn restrict_to_owner(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    Ok(())
}
