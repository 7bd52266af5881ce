//! `cargo xtask bench`: measures and prints numbers; asserts nothing about timings.
//!
//! - sizes: each component `.wasm`, the frontend's first load (raw, gzip, brotli);
//! - host start-up: cold (empty compiled cache) and warm (cache filled), to the first answered request;
//! - throughput and latency of a KV-backed route (`/api/health`: a KV write + read and a SQLite
//!   round trip) and of the host's own health route (no component: the host's floor);
//! - per-request component overhead: instantiate + run + drop a trivial handler, seen over HTTP;
//! - accounts: argon2id in the component vs native, login load, locked-account refusals, and
//!   the session check's overhead (`accounts.rs`);
//! - council: vote bursts of 60, 200 and 1,000 simultaneous voters (latency, lost votes) and
//!   1,000 tablets polling the live view with ETags (latency, host CPU) (`council.rs`);
//! - chat: 100 clients polling `updates` once a second with ETags while 10 messages a second
//!   are sent (send and 304-poll latency against issue 17's targets) (`chat.rs`);
//! - resident registry: 100,000 residents seeded with the component's sealing, blind-index
//!   look-ups among them, and decrypting inside the component (`notify.rs`);
//! - sending to residents: 100,000 filtered and queued, the gateway rate, council live p99
//!   during a 100,000 push fan-out, and a four-channel send checked (`notify_send.rs`);
//! - backups: `ratusz-host backup` and `restore` of a database with 100,000 audit entries
//!   (time, plain and encrypted size) (`backup.rs`);
//! - metrics: mean time per request without and with `--metrics-listen`, and a scrape
//!   (`metrics.rs`);
//! - Lighthouse mobile on the login and live meeting pages: performance, layout shift, blocking
//!   time, largest paint (`lighthouse.rs`).

mod accounts;
mod backup;
mod chat;
mod council;
mod host_metrics;
mod lighthouse;
mod load;
mod metrics;
mod notify;
mod notify_send;
mod push;

pub(crate) use metrics::OUTBOX_GAUGES;

use crate::artifacts::{build_all, component_wasm, host_bin, COMPONENTS};
use anyhow::{Context, Result};
use ratusz_tests::{workspace_root, HostBuilder, HostProcess};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

pub(crate) const SIGNING_KEY: &str = "bench-signing-key-0123456789abcdef0123456789abcdef";
/// The bench's `data_keys` keyring (one 32-byte key, base64url).
pub(crate) const DATA_KEYS: &str = "bench:YmVuY2gtZGF0YS1rZXktMDEyMzQ1Njc4OWFiY2RlZiE";
/// The bench's resident registry keyring and blind index key.
pub(crate) const RESIDENT_DATA_KEYS: &str = "r1:cmVzaWRlbnQtZGF0YS1rZXktZm9yLXRlc3RzLW9ubHk";
pub(crate) const RESIDENT_INDEX_KEY: &str = "i1:cmVzaWRlbnQtaW5kZXgta2V5LWZvci10ZXN0cy1vbmw";
const LOAD_SECONDS: u64 = 5;

/// Which measurements to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Only {
    /// Everything.
    All,
    /// Only the accounts measurements.
    Accounts,
    /// Only the council measurements.
    Council,
    /// Only the frontend: first-load sizes and Lighthouse.
    Frontend,
    /// Only the backup measurements.
    Backup,
    /// Only the cost of Prometheus metrics per request.
    Metrics,
    /// Only the chat measurements.
    Chat,
    /// Only the resident registry measurements.
    Notify,
    /// Only the sending measurements.
    NotifySend,
}

/// Builds everything, then prints every measurement (or one group of them); with
/// `write_queue`, every host runs with `--sqlite-write-queue`.
pub fn bench(root: &Path, only: Only, write_queue: bool) -> Result<()> {
    WRITE_QUEUE.store(write_queue, Ordering::SeqCst);
    if write_queue {
        println!("(every host of this run: --sqlite-write-queue)");
    }
    crate::setup::setup_build(root)?;
    build_all(root)?;
    match only {
        Only::Accounts => {
            let state = tempfile::tempdir()?;
            return accounts::bench(state.path());
        }
        Only::Council => {
            let state = tempfile::tempdir()?;
            return council::bench(state.path());
        }
        Only::Frontend => {
            print_sizes(root)?;
            let state = tempfile::tempdir()?;
            return lighthouse::bench(root, state.path());
        }
        Only::Backup => {
            let state = tempfile::tempdir()?;
            return backup::bench(state.path());
        }
        Only::Metrics => {
            let state = tempfile::tempdir()?;
            return metrics::bench(state.path());
        }
        Only::Chat => {
            let state = tempfile::tempdir()?;
            return chat::bench(state.path());
        }
        Only::Notify => {
            let state = tempfile::tempdir()?;
            return notify::bench(state.path());
        }
        Only::NotifySend => {
            let state = tempfile::tempdir()?;
            return notify_send::bench(state.path());
        }
        Only::All => {}
    }
    print_sizes(root)?;
    print_instantiation(root)?;
    let state = tempfile::tempdir()?;
    let (cold, mut host) = timed_start(state.path())?;
    host.stop()?;
    let (warm, host) = timed_start(state.path())?;
    println!("\n## Host start-up to first answered /api/health");
    println!("cold (empty compiled cache): {:>8.1} ms", ms(cold));
    println!("warm (compiled cache):       {:>8.1} ms", ms(warm));
    print_load(&host)?;
    let metrics_state = tempfile::tempdir()?;
    metrics::bench(metrics_state.path())?;
    let accounts_state = tempfile::tempdir()?;
    accounts::bench(accounts_state.path())?;
    let council_state = tempfile::tempdir()?;
    council::bench(council_state.path())?;
    let chat_state = tempfile::tempdir()?;
    chat::bench(chat_state.path())?;
    let notify_state = tempfile::tempdir()?;
    notify::bench(notify_state.path())?;
    let send_state = tempfile::tempdir()?;
    notify_send::bench(send_state.path())?;
    let backup_state = tempfile::tempdir()?;
    backup::bench(backup_state.path())?;
    push::bench()?;
    let lighthouse_state = tempfile::tempdir()?;
    lighthouse::bench(root, lighthouse_state.path())?;
    Ok(())
}

fn print_sizes(root: &Path) -> Result<()> {
    println!("## Component sizes");
    for package in COMPONENTS {
        let path = component_wasm(root, package);
        let bytes = std::fs::metadata(&path)
            .with_context(|| format!("{}", path.display()))?
            .len();
        println!("{package:<16} {:>9} bytes ({:.0} KiB)", bytes, kib(bytes));
    }
    println!("\n## Frontend first load (file, raw, gzip, brotli)");
    let mut totals = (0, 0, 0);
    for (file, raw, gzip, brotli) in crate::frontend::first_load_sizes(root)? {
        println!(
            "{file:<32} {:>8.1} KiB {:>8.1} KiB {:>8.1} KiB",
            kib(raw),
            kib(gzip),
            kib(brotli)
        );
        totals = (totals.0 + raw, totals.1 + gzip, totals.2 + brotli);
    }
    println!(
        "{:<32} {:>8.1} KiB {:>8.1} KiB {:>8.1} KiB",
        "total",
        kib(totals.0),
        kib(totals.1),
        kib(totals.2)
    );
    let app_brotli: u64 = crate::frontend::first_load_sizes(root)?
        .iter()
        .filter(|(file, ..)| is_app_file(file))
        .map(|(.., brotli)| brotli)
        .sum();
    println!(
        "index + JS + wasm + CSS, brotli: {:.1} KiB (issue 14's target: {FIRST_LOAD_TARGET_KIB} KiB)",
        kib(app_brotli)
    );
    println!(
        "\n## Office bundle (office pages; precached by the service worker after the first load)"
    );
    for (file, raw, gzip, brotli) in crate::frontend::office_bundle_sizes(root)? {
        println!(
            "{file:<32} {:>8.1} KiB {:>8.1} KiB {:>8.1} KiB",
            kib(raw),
            kib(gzip),
            kib(brotli)
        );
    }
    Ok(())
}

/// Issue 14's first-load target (the browser test `first_load.test.mjs` guards the ceiling).
const FIRST_LOAD_TARGET_KIB: u64 = 250;

/// The files of the first load that make the app (not the icons, manifest or service worker).
fn is_app_file(file: &str) -> bool {
    file == "/index.html"
        || [".js", ".wasm", ".css"]
            .iter()
            .any(|ext| file.starts_with("/assets/") && file.ends_with(ext))
}

/// Per-request instantiation (fresh store + instance from the `ProxyPre`), measured inside the
/// host by its own bench binary, for each component.
fn print_instantiation(root: &Path) -> Result<()> {
    println!("\n## Per-request instantiation (store + instance, pooling allocator)");
    for package in COMPONENTS {
        println!("{package}:");
        let wasm = component_wasm(root, package);
        crate::cmd::run(
            root,
            "cargo",
            &[
                "bench",
                "--profile",
                crate::artifacts::HOST_PROFILE,
                "-p",
                "ratusz-host",
                "--bench",
                "instantiate",
                "--",
                &wasm.to_string_lossy(),
            ],
        )?;
    }
    Ok(())
}

/// Whether every host of this run uses `--sqlite-write-queue` (`cargo xtask bench
/// --sqlite-write-queue`), to compare with hosts before Spin's model became the default.
static WRITE_QUEUE: AtomicBool = AtomicBool::new(false);

/// The app on the built host with `state_dir` and the bench's signing key, in the SQLite
/// mode this run measures.
pub(crate) fn app_host(state_dir: &Path) -> HostBuilder {
    let builder = HostBuilder::new(workspace_root().join("spin.toml"))
        .binary(host_bin(&workspace_root()))
        .state_dir(state_dir)
        .variable("token_signing_key", SIGNING_KEY)
        .variable("data_keys", DATA_KEYS)
        .variable("resident_data_keys", RESIDENT_DATA_KEYS)
        .variable("resident_index_key", RESIDENT_INDEX_KEY)
        .ready_timeout(Duration::from_secs(120));
    if WRITE_QUEUE.load(Ordering::SeqCst) {
        builder.arg("--sqlite-write-queue")
    } else {
        builder
    }
}

/// Whether this run measures the write queue only (`--sqlite-write-queue`).
pub(crate) fn write_queue_run() -> bool {
    WRITE_QUEUE.load(Ordering::SeqCst)
}

/// Starts the app on `state_dir` and times it until `/api/health` answers 200.
fn timed_start(state_dir: &Path) -> Result<(Duration, HostProcess)> {
    let started = Instant::now();
    let host = app_host(state_dir).start()?;
    let reply = host.get("/api/health")?;
    anyhow::ensure!(reply.status == 200, "health answered {}", reply.status);
    Ok((started.elapsed(), host))
}

fn print_load(host: &HostProcess) -> Result<()> {
    let duration = Duration::from_secs(LOAD_SECONDS);
    println!("\n## Closed-loop load, {LOAD_SECONDS} s each, keep-alive clients, 2 cores shared with the load generator");
    let routes = [
        ("/.well-known/spin/health", 200, "host only, no component"),
        (
            "/api/no-such-endpoint",
            404,
            "web component: instantiate + trivial handler",
        ),
        (
            "/api/health",
            200,
            "auth component: KV write+read, SQLite round trip",
        ),
    ];
    for (path, status, what) in routes {
        for clients in [1, 16] {
            let report = load::run(&host.url(path), clients, duration, status);
            println!(
                "{path:<26} {clients:>2} clients  {}   [{what}]",
                report.summary()
            );
        }
    }
    Ok(())
}

pub(crate) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn kib(bytes: u64) -> f64 {
    bytes as f64 / 1024.0
}
