//! `cargo xtask up`: build everything and run the app on the local host, like `spin build && spin up`.
//!
//! It installs what building needs first (so a fresh machine needs no other command), serves,
//! calls the app once so the first start creates the bootstrap administrator at once, and then
//! prints where to sign in. `check` runs the same path on a free port and a fresh state
//! directory and stops once the app served and printed the start password: `cargo xtask test`
//! runs it first, so CI on a fresh machine proves `up` installs its own prerequisites.

use crate::artifacts::{build_all, host_bin};
use anyhow::{bail, Context, Result};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const DEFAULT_LISTEN: &str = "127.0.0.1:3000";
const TICK_SCHEDULE: &str = "30s /internal/tick";
const SIGNING_KEY_VARIABLE: &str = "SPIN_VARIABLE_TOKEN_SIGNING_KEY";
const DATA_KEYS_VARIABLE: &str = "SPIN_VARIABLE_DATA_KEYS";
const AUDIT_KEY_VARIABLE: &str = "SPIN_VARIABLE_AUDIT_SIGNING_KEY";
const VAPID_KEY_VARIABLE: &str = "SPIN_VARIABLE_VAPID_PRIVATE_KEY";
const RESIDENT_DATA_KEYS_VARIABLE: &str = "SPIN_VARIABLE_RESIDENT_DATA_KEYS";
const RESIDENT_INDEX_KEY_VARIABLE: &str = "SPIN_VARIABLE_RESIDENT_INDEX_KEY";
const DEV_LOG_VARIABLE: &str = "SPIN_VARIABLE_DEV_LOG_MESSAGES";
const PUBLIC_URL_VARIABLE: &str = "SPIN_VARIABLE_PUBLIC_URL";
/// What the auth component's log fallback prints before the bootstrap start password.
const START_PASSWORD_MARK: &str = "Start password: ";
/// What the e-mail's English part prints before the app's address.
const ADDRESS_MARK: &str = "Address: ";
/// How long a (cold) host may take to answer its first health check.
const READY_TIMEOUT: Duration = Duration::from_secs(180);

/// Builds the app and starts `ratusz-host up` on the project's spin.toml.
/// `host_args` go to the host unchanged (`--listen`, `--state-dir`, `--variable`, …).
pub fn up(root: &Path, host_args: &[String]) -> Result<()> {
    crate::setup::setup_build(root)?;
    build_all(root)?;
    let listen = flag_value(host_args, "--listen").unwrap_or_else(|| DEFAULT_LISTEN.to_owned());
    let state_dir = state_dir(root, host_args);
    let mut host = start_host(root, host_args, &listen, &state_dir)?;
    let url = browser_url(&listen);
    wait_until_serving(&mut host.child, &url)?;
    let email = std::env::var("SPIN_VARIABLE_BOOTSTRAP_ADMIN_EMAIL")
        .unwrap_or_else(|_| "admin@ratusz.local".to_owned());
    eprintln!(
        "\nRatusz is running at {url}\nSign in at {url}/login as {email}. On the first start the \
         host printed its start password above (look for `{}`); the first login asks for a new \
         password. Stop with Ctrl+C.\n",
        START_PASSWORD_MARK.trim()
    );
    let status = host.child.wait().context("waiting for ratusz-host")?;
    anyhow::ensure!(status.success(), "ratusz-host exited with {status}");
    Ok(())
}

/// `up` on a free port and a fresh state directory, stopped as soon as the app answered and
/// printed the bootstrap administrator's start password.
pub fn check(root: &Path) -> Result<()> {
    crate::setup::setup_build(root)?;
    build_all(root)?;
    let state = tempfile::tempdir()?;
    let listen = format!("127.0.0.1:{}", free_port()?);
    let args = vec![
        "--state-dir".to_owned(),
        state.path().to_string_lossy().into_owned(),
    ];
    let mut host = start_host(root, &args, &listen, state.path())?;
    let url = browser_url(&listen);
    let outcome = wait_until_serving(&mut host.child, &url).and_then(|()| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while !host.saw_start_password.load(Ordering::SeqCst) {
            if Instant::now() > deadline {
                bail!("the host served but never printed the bootstrap start password");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        // The e-mail names the address `up` serves (public_url set by `up`).
        if !host.saw_address.load(Ordering::SeqCst) {
            bail!("the start-password e-mail does not give the address {url}");
        }
        Ok(())
    });
    stop(&mut host.child);
    outcome?;
    eprintln!("xtask up check: the app served {url} and printed the start password");
    Ok(())
}

struct RunningHost {
    child: Child,
    saw_start_password: Arc<AtomicBool>,
    saw_address: Arc<AtomicBool>,
}

fn start_host(
    root: &Path,
    host_args: &[String],
    listen: &str,
    state_dir: &Path,
) -> Result<RunningHost> {
    let mut command = Command::new(host_bin(root));
    command
        .current_dir(root)
        .arg("up")
        .arg("-f")
        .arg(root.join("spin.toml"));
    if flag_value(host_args, "--listen").is_none() {
        command.args(["--listen", listen]);
    }
    if !host_args.iter().any(|a| a == "--schedule") {
        command.args(["--schedule", TICK_SCHEDULE]);
    }
    // With metrics on, Ratusz's outbox gauges come along unless others are given.
    let metrics = host_args.iter().any(|a| a.starts_with("--metrics-listen"));
    if metrics
        && !host_args
            .iter()
            .any(|a| a.starts_with("--metrics-sql-gauge"))
    {
        for gauge in crate::bench::OUTBOX_GAUGES {
            command.args(["--metrics-sql-gauge", gauge]);
        }
    }
    command.args(host_args);
    // A development signing key, kept in the state directory so sessions survive a restart;
    // passed through the environment (not argv, which `ps` shows). Production sets its own.
    if std::env::var_os(SIGNING_KEY_VARIABLE).is_none() {
        command.env(SIGNING_KEY_VARIABLE, dev_signing_key(state_dir)?);
    }
    // Likewise the keyring that seals queued messages (kept so they still open after a
    // restart), and the development log fallback: with no gateway configured, messages
    // (the bootstrap start password) are printed here and nowhere else.
    if std::env::var_os(DATA_KEYS_VARIABLE).is_none() {
        command.env(DATA_KEYS_VARIABLE, dev_data_keys(state_dir)?);
    }
    // And the audit checkpoint key, so development shows checkpoints as production does
    // (kept: the checkpoints already published stay verifiable after a restart).
    if std::env::var_os(AUDIT_KEY_VARIABLE).is_none() {
        command.env(AUDIT_KEY_VARIABLE, dev_audit_signing_key(state_dir)?);
    }
    // And the resident registry's keyring and blind index key (kept: residents' data and
    // their look-ups must still open after a restart).
    if std::env::var_os(RESIDENT_DATA_KEYS_VARIABLE).is_none() {
        command.env(
            RESIDENT_DATA_KEYS_VARIABLE,
            dev_keyring(state_dir, "dev-resident-data-keys")?,
        );
    }
    if std::env::var_os(RESIDENT_INDEX_KEY_VARIABLE).is_none() {
        command.env(
            RESIDENT_INDEX_KEY_VARIABLE,
            dev_keyring(state_dir, "dev-resident-index-key")?,
        );
    }
    // And a VAPID key, so Web Push works in development (kept: browsers subscribed with its
    // public half, and a new key would orphan their subscriptions).
    if std::env::var_os(VAPID_KEY_VARIABLE).is_none() {
        command.env(VAPID_KEY_VARIABLE, dev_vapid_private_key(state_dir)?);
    }
    let dev_log_given = host_args.iter().any(|a| a.starts_with("dev_log_messages="));
    if std::env::var_os(DEV_LOG_VARIABLE).is_none() && !dev_log_given {
        command.env(DEV_LOG_VARIABLE, "true");
    }
    // Links in e-mails (start password, reset claims) point at the address we serve.
    let public_url_given = host_args.iter().any(|a| a.starts_with("public_url="));
    if std::env::var_os(PUBLIC_URL_VARIABLE).is_none() && !public_url_given {
        command.env(PUBLIC_URL_VARIABLE, browser_url(listen));
    }
    command.stderr(Stdio::piped());
    let mut child = command.spawn().context("starting ratusz-host")?;
    let saw_start_password = Arc::new(AtomicBool::new(false));
    let saw_address = Arc::new(AtomicBool::new(false));
    if let Some(stderr) = child.stderr.take() {
        let watch = Watch {
            address_line: format!("{ADDRESS_MARK}{}", browser_url(listen)),
            saw_start_password: Arc::clone(&saw_start_password),
            saw_address: Arc::clone(&saw_address),
        };
        std::thread::spawn(move || echo_and_watch(stderr, &watch));
    }
    Ok(RunningHost {
        child,
        saw_start_password,
        saw_address,
    })
}

/// What `echo_and_watch` looks for in the host's log.
struct Watch {
    address_line: String,
    saw_start_password: Arc<AtomicBool>,
    saw_address: Arc<AtomicBool>,
}

/// Copies the host's stderr to ours, noting when the start password and the served address
/// went by (the bootstrap e-mail, printed by the log fallback).
fn echo_and_watch(stderr: impl Read, watch: &Watch) {
    for line in BufReader::new(stderr).lines().map_while(Result::ok) {
        if line.contains(START_PASSWORD_MARK) {
            watch.saw_start_password.store(true, Ordering::SeqCst);
        }
        if line.trim_end().ends_with(&watch.address_line) {
            watch.saw_address.store(true, Ordering::SeqCst);
        }
        eprintln!("{line}");
    }
}

/// Calls `/api/health` until it answers 200. The health check runs in the auth component,
/// which creates the bootstrap administrator on the first start: without this call a
/// newcomer would wait for the first scheduled tick to see the start password.
fn wait_until_serving(child: &mut Child, url: &str) -> Result<()> {
    let deadline = Instant::now() + READY_TIMEOUT;
    let health = format!("{url}/api/health");
    loop {
        if let Some(status) = child.try_wait()? {
            bail!("ratusz-host exited before serving ({status})");
        }
        if ureq::get(&health).call().is_ok() {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("{health} did not answer 200 within {READY_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn stop(child: &mut Child) {
    let pid = child.id().to_string();
    let _ = Command::new("kill").args(["-TERM", &pid]).status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// The value after `flag` in `args`.
fn flag_value(args: &[String], flag: &str) -> Option<String> {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

/// The address a browser on this machine opens for `listen` (`0.0.0.0` → `127.0.0.1`).
pub fn browser_url(listen: &str) -> String {
    let address = match listen.rsplit_once(':') {
        Some(("0.0.0.0", port)) => format!("127.0.0.1:{port}"),
        Some(("[::]", port)) => format!("[::1]:{port}"),
        _ => listen.to_owned(),
    };
    format!("http://{address}")
}

/// The host's state directory: `--state-dir` if given, else `.spin` beside spin.toml (Spin's default).
fn state_dir(root: &Path, host_args: &[String]) -> PathBuf {
    flag_value(host_args, "--state-dir")
        .map(|dir| root.join(dir))
        .unwrap_or_else(|| root.join(".spin"))
}

/// Reads the development signing key from the state directory, creating it on first use.
fn dev_signing_key(state_dir: &Path) -> Result<String> {
    dev_secret(state_dir, "dev-token-signing-key", |bytes| {
        hex::encode(bytes)
    })
}

/// Reads the development `data_keys` keyring (`dev:<32 bytes base64url>`) from the state
/// directory, creating it on first use.
fn dev_data_keys(state_dir: &Path) -> Result<String> {
    dev_secret(state_dir, "dev-data-keys", |bytes| {
        format!("dev:{}", base64url(&bytes))
    })
}

/// Reads a development keyring (`dev:<32 bytes base64url>`) kept in `state_dir/name`,
/// creating it on first use.
fn dev_keyring(state_dir: &Path, name: &str) -> Result<String> {
    dev_secret(state_dir, name, |bytes| {
        format!("dev:{}", base64url(&bytes))
    })
}

/// Reads the development audit signing key (an Ed25519 seed, base64url) from the state
/// directory, creating it on first use.
fn dev_audit_signing_key(state_dir: &Path) -> Result<String> {
    dev_secret(state_dir, "dev-audit-signing-key", |bytes| {
        base64url(&bytes)
    })
}

/// Reads the development VAPID private key (a P-256 scalar, base64url) from the state
/// directory, creating it on first use. 32 random bytes are a valid scalar but for a chance of
/// about 2⁻³² (zero or ≥ the group order), which the component would report as invalid.
fn dev_vapid_private_key(state_dir: &Path) -> Result<String> {
    dev_secret(state_dir, "dev-vapid-private-key", |bytes| {
        base64url(&bytes)
    })
}

/// Base64url without padding (the keyring's key encoding).
pub(crate) fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// A secret kept in `state_dir/name` (owner-only), made from 32 random bytes on first use.
pub(crate) fn dev_secret(
    state_dir: &Path,
    name: &str,
    encode: impl Fn([u8; 32]) -> String,
) -> Result<String> {
    let path = state_dir.join(name);
    if let Ok(key) = std::fs::read_to_string(&path) {
        return Ok(key.trim().to_owned());
    }
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .context("reading /dev/urandom")?;
    let key = encode(bytes);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_matches_the_standard_without_padding() {
        for (bytes, expected) in [
            (&b""[..], ""),
            (b"f", "Zg"),
            (b"fo", "Zm8"),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg"),
            (&[0xfb, 0xff, 0xfe][..], "-__-"),
        ] {
            assert_eq!(base64url(bytes), expected);
        }
    }

    #[test]
    fn browser_urls_for_listen_addresses() {
        assert_eq!(browser_url("127.0.0.1:3000"), "http://127.0.0.1:3000");
        assert_eq!(browser_url("0.0.0.0:4000"), "http://127.0.0.1:4000");
        assert_eq!(browser_url("[::]:80"), "http://[::1]:80");
    }

    #[test]
    fn flags_are_read_from_host_arguments() {
        let args: Vec<String> = ["--listen", "127.0.0.1:9", "--state-dir", "s"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            flag_value(&args, "--listen").as_deref(),
            Some("127.0.0.1:9")
        );
        assert_eq!(flag_value(&args, "--schedule"), None);
        assert_eq!(state_dir(Path::new("/r"), &args), PathBuf::from("/r/s"));
    }
}
