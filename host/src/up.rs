//! `ratusz-host up`: load the app, bind, announce readiness, serve until SIGTERM/SIGINT.

use crate::cli::UpArgs;
use crate::metrics::listener::{self, Scrape};
use crate::server::{self, Frontend};
use crate::{app, backup, fd_limit, log, scheduler};
use anyhow::Context;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// Runs the app until a shutdown signal; returns after in-flight requests finished.
pub async fn run(args: UpArgs) -> anyhow::Result<()> {
    // Before anything opens a file: the capacity needs more descriptors than a default soft
    // limit of 1,024 allows (see `fd_limit`).
    if let Err(e) = fd_limit::raise() {
        log::warn(&e);
    }
    let app = app::load(&args).await?;
    // Held until the host exits: a restore refuses to run under it, and this host refuses
    // to serve a state dir being restored. (Taken once `load` has checked the manifest and
    // made the state dir.)
    let location = backup::stores::AppLocation {
        manifest: args.manifest.clone(),
        state_dir: args.state_dir.clone(),
        runtime_config_file: args.runtime_config_file.clone(),
    };
    let _state_lock = backup::lock::StateLock::shared(&location.state_dir())?;
    let backups = match args.backup.backup_every {
        Some(_) => backup::schedule::ScheduledBackups::prepare(&args.backup, location.stores()?)?,
        None => None,
    };
    let listener = server::bind(&args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let addr = listener.local_addr()?;
    let metrics = match (&args.metrics_listen, &app.metrics) {
        (Some(address), Some(metrics)) => {
            let scrape = Scrape {
                metrics: Arc::clone(metrics),
                instances: Arc::clone(&app.instances),
                max_instances: app.capacity.max_instances,
            };
            Some(start_metrics(address, scrape, addr).await?)
        }
        _ => None,
    };
    let frontend = Arc::new(Frontend {
        app: Arc::new(app),
        log_format: args.log_format,
    });
    let shutdown = shutdown_signal()?;
    let mut schedules = scheduler::start(&frontend);
    schedules.extend(backups.map(backup::schedule::ScheduledBackups::start));
    log::stdout_line(&format!("ratusz-host: serving http://{addr}"));
    server::serve(Arc::clone(&frontend), listener, shutdown).await;
    for task in schedules.into_iter().chain(metrics) {
        task.abort();
    }
    Ok(())
}

/// Binds the metrics listener (refusing the app's own address) and announces it on stdout
/// before the serving line: `ratusz-host: metrics on http://ADDR/metrics`.
async fn start_metrics(
    address: &str,
    scrape: Scrape,
    app_addr: SocketAddr,
) -> anyhow::Result<JoinHandle<()>> {
    let listener = TcpListener::bind(address)
        .await
        .with_context(|| format!("cannot listen for metrics on {address}"))?;
    let bound = listener.local_addr()?;
    if bound == app_addr {
        anyhow::bail!("--metrics-listen must differ from --listen ({bound})");
    }
    log::stdout_line(&format!("ratusz-host: metrics on http://{bound}/metrics"));
    Ok(tokio::spawn(listener::serve(Arc::new(scrape), listener)))
}

/// Installs the SIGTERM/SIGINT handlers now (before the ready line, so a signal sent right
/// after start-up is never missed) and resolves when one arrives.
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut terminate = signal(SignalKind::terminate()).context("cannot handle SIGTERM")?;
    let mut interrupt = signal(SignalKind::interrupt()).context("cannot handle SIGINT")?;
    Ok(async move {
        tokio::select! {
            _ = terminate.recv() => {}
            _ = interrupt.recv() => {}
        }
        log::warn("shutting down");
    })
}
