//! `cargo xtask …`: the one entry point for people and CI (matklad's xtask pattern).

mod artifacts;
mod backup;
mod bench;
mod cmd;
mod frontend;
mod setup;
mod test;
mod up;
mod verify_audit;

use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "xtask", about = "Build, run, test and measure Ratusz")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Install what is missing: rustup targets, wasm-bindgen-cli, npm packages, Chromium, Redis.
    Setup,
    /// Build the components, the frontend and the host.
    Build,
    /// Build the frontend into frontend/dist (wasm, JS glue, index.html, sw.js, precompressed files).
    BuildFrontend,
    /// Build everything and run the app on http://127.0.0.1:3000; extra arguments go to ratusz-host.
    Up {
        /// Serve on a free port with a fresh state directory, stop once the app answered and
        /// printed the start password (what `cargo xtask test` runs first).
        #[arg(long)]
        check: bool,
        /// Arguments for `ratusz-host up`, e.g. `--listen 127.0.0.1:4000 --state-dir ./local-state`.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        host_args: Vec<String>,
    },
    /// Run every test suite (what CI runs).
    Test {
        /// Don't run `setup` first.
        #[arg(long)]
        no_setup: bool,
        /// Skip `cargo fmt --check` and clippy.
        #[arg(long)]
        no_lint: bool,
        /// Skip the Chromium tests.
        #[arg(long)]
        no_browser: bool,
    },
    /// Back up the `up` state dir (encrypted set; a development key at .spin-backup.key).
    Backup {
        /// The state dir (default: .spin, as `up`).
        #[arg(long)]
        state_dir: Option<PathBuf>,
        /// Where sets are written (default: .spin-backups).
        #[arg(long)]
        backup_dir: Option<PathBuf>,
        /// The backup key (default: the development key .spin-backup.key, made on first use).
        #[arg(long)]
        backup_key_file: Option<PathBuf>,
        /// Keep only the newest N sets.
        #[arg(long)]
        backup_keep: Option<u32>,
    },
    /// Measure and print numbers (throughput, latency, start-up, sizes).
    Bench {
        /// Only the accounts measurements (argon2id, login, session check).
        #[arg(long, conflicts_with = "council_only")]
        accounts_only: bool,
        /// Only the council measurements (vote bursts, live polling).
        #[arg(long)]
        council_only: bool,
        /// Only the frontend: first-load sizes and Lighthouse (login and meeting pages).
        #[arg(long, conflicts_with_all = ["accounts_only", "council_only"])]
        frontend_only: bool,
        /// Only the backup measurements (100,000 audit entries: time and size).
        #[arg(long, conflicts_with_all = ["accounts_only", "council_only", "frontend_only"])]
        backup_only: bool,
        /// Only the cost of Prometheus metrics per request (hosts without and with
        /// `--metrics-listen`) and a scrape.
        #[arg(long, conflicts_with_all = ["accounts_only", "council_only", "frontend_only", "backup_only"])]
        metrics_only: bool,
        /// Only the chat measurements (100 pollers of `updates` while 10 messages a second
        /// are sent: send and 304-poll latency).
        #[arg(long, conflicts_with_all = ["accounts_only", "council_only", "frontend_only", "backup_only", "metrics_only"])]
        chat_only: bool,
        /// Only the resident registry measurements (100,000 residents seeded with the
        /// component's sealing: look-ups and decrypting inside the component).
        #[arg(long, conflicts_with_all = ["accounts_only", "council_only", "frontend_only", "backup_only", "metrics_only", "chat_only"])]
        notify_only: bool,
        /// Only the sending measurements (100,000 residents: filtered and queued, the gateway
        /// rate, council live p99 during a push fan-out; a four-channel send checked).
        #[arg(long, conflicts_with_all = ["accounts_only", "council_only", "frontend_only", "backup_only", "metrics_only", "chat_only", "notify_only"])]
        notify_send_only: bool,
        /// Run every host with `--sqlite-write-queue` (the on-premises option) instead of
        /// Spin's SQLite model.
        #[arg(long)]
        sqlite_write_queue: bool,
    },
    /// Check an audit export offline against signed checkpoints; exit 1 unless valid.
    VerifyAudit {
        /// The export: the pages of `GET /api/audit/export`, one after another.
        export: PathBuf,
        /// The deployment's public key (base64); repeat for rotated keys.
        #[arg(long = "public-key")]
        public_keys: Vec<String>,
        /// A checkpoint saved outside the database (a body of `GET /api/public/audit/checkpoint`).
        #[arg(long = "checkpoint")]
        checkpoints: Vec<PathBuf>,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let root = workspace_root();
    match cli.command {
        Command::Setup => setup::setup(&root),
        Command::Build => setup::setup_build(&root).and_then(|()| artifacts::build_all(&root)),
        Command::BuildFrontend => setup::setup_build(&root).and_then(|()| frontend::build(&root)),
        Command::Up {
            check: true,
            host_args: _,
        } => up::check(&root),
        Command::Up { host_args, .. } => up::up(&root, &host_args),
        Command::Test {
            no_setup,
            no_lint,
            no_browser,
        } => test::test(
            &root,
            test::Skip {
                setup: no_setup,
                lint: no_lint,
                browser: no_browser,
            },
        ),
        Command::Backup {
            state_dir,
            backup_dir,
            backup_key_file,
            backup_keep,
        } => backup::backup(
            &root,
            backup::Options {
                state_dir,
                backup_dir,
                key_file: backup_key_file,
                keep: backup_keep,
            },
        ),
        Command::Bench {
            accounts_only,
            council_only,
            frontend_only,
            backup_only,
            metrics_only,
            chat_only,
            notify_only,
            notify_send_only,
            sqlite_write_queue,
        } => bench::bench(
            &root,
            match (accounts_only, council_only, frontend_only) {
                _ if backup_only => bench::Only::Backup,
                _ if metrics_only => bench::Only::Metrics,
                _ if chat_only => bench::Only::Chat,
                _ if notify_only => bench::Only::Notify,
                _ if notify_send_only => bench::Only::NotifySend,
                (true, ..) => bench::Only::Accounts,
                (_, true, _) => bench::Only::Council,
                (.., true) => bench::Only::Frontend,
                _ => bench::Only::All,
            },
            sqlite_write_queue,
        ),
        Command::VerifyAudit {
            export,
            public_keys,
            checkpoints,
        } => {
            let valid = verify_audit::run(&verify_audit::Args {
                export,
                public_keys,
                checkpoints,
            })?;
            if !valid {
                std::process::exit(1);
            }
            Ok(())
        }
    }
}

/// The workspace root: xtask lives one level below it.
fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(PathBuf::from)
        .unwrap_or(manifest_dir)
}
