//! `ratusz-host up`: load the app, bind, announce readiness, serve until SIGTERM/SIGINT.

use crate::cli::UpArgs;
use crate::server::{self, Frontend};
use crate::{app, log, scheduler};
use anyhow::Context;
use std::sync::Arc;
use tokio::net::TcpListener;

/// Runs the app until a shutdown signal; returns after in-flight requests finished.
pub async fn run(args: UpArgs) -> anyhow::Result<()> {
    let app = app::load(&args).await?;
    let listener = TcpListener::bind(&args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let addr = listener.local_addr()?;
    let frontend = Arc::new(Frontend {
        app: Arc::new(app),
        log_format: args.log_format,
    });
    let shutdown = shutdown_signal()?;
    let schedules = scheduler::start(&frontend);
    log::stdout_line(&format!("ratusz-host: serving http://{addr}"));
    server::serve(Arc::clone(&frontend), listener, shutdown).await;
    for task in schedules {
        task.abort();
    }
    Ok(())
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
