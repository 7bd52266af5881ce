//! What Prometheus metrics cost a request: the same routes on a host without and with
//! `--metrics-listen` (and Ratusz's two outbox SQL gauges), interleaved so drift on a shared
//! machine falls on both; and how long a scrape takes. Prints numbers, asserts nothing.

use super::{app_host, load, ms};
use anyhow::{Context, Result};
use ratusz_tests::{HostProcess, RequestBuilder};
use std::path::Path;
use std::time::{Duration, Instant};

const SECONDS: u64 = 5;
const ROUNDS: usize = 2;

/// Ratusz's outbox gauges, as README § Deploying documents them.
pub const OUTBOX_GAUGES: [&str; 2] = [
    "ratusz_outbox_waiting=default:SELECT count(*) FROM outbox WHERE status = 'pending'",
    "ratusz_outbox_oldest_waiting_age_seconds=default:SELECT coalesce(unixepoch('now') - unixepoch(min(created_at)), 0) FROM outbox WHERE status = 'pending'",
];

fn start(state: &Path, metrics: bool) -> Result<HostProcess> {
    let mut builder = app_host(state);
    if metrics {
        builder = builder.arg("--metrics-listen").arg("127.0.0.1:0");
        for gauge in OUTBOX_GAUGES {
            builder = builder.arg("--metrics-sql-gauge").arg(gauge);
        }
    }
    let host = builder.start()?;
    anyhow::ensure!(
        host.get("/api/health")?.status == 200,
        "health did not answer 200"
    );
    Ok(host)
}

pub(super) fn scrape_url(host: &HostProcess) -> Result<String> {
    host.stdout_lines()
        .iter()
        .find_map(|l| {
            l.strip_prefix("ratusz-host: metrics on ")
                .map(str::to_owned)
        })
        .context("the host did not announce its metrics address")
}

/// Mean time per request of a one-client closed loop (1 / throughput).
fn mean_per_request(url: &str) -> (Duration, String) {
    let report = load::run(url, 1, Duration::from_secs(SECONDS), 200);
    let mean = Duration::from_secs_f64(1.0 / report.throughput().max(f64::MIN_POSITIVE));
    (mean, report.summary())
}

/// Runs the comparison on hosts with state under `state`.
pub fn bench(state: &Path) -> Result<()> {
    println!("\n## /metrics overhead per request ({SECONDS} s per run, 1 client, {ROUNDS} rounds interleaved)");
    let routes = [
        ("/api/health", "auth: KV write+read, SQLite round trip"),
        ("/.well-known/spin/health", "host only"),
    ];
    let mut sums = [[Duration::ZERO; 2]; 2];
    for round in 0..ROUNDS {
        for (with, label) in [(false, "off"), (true, "on ")] {
            let host = start(&state.join(format!("{label}-{round}").trim()), with)?;
            for (i, (path, what)) in routes.iter().enumerate() {
                let (mean, summary) = mean_per_request(&host.url(path));
                sums[i][usize::from(with)] += mean;
                println!("metrics {label}  {path:<26} {summary}   [{what}]");
            }
        }
    }
    for (i, (path, _)) in routes.iter().enumerate() {
        let off = sums[i][0] / ROUNDS as u32;
        let on = sums[i][1] / ROUNDS as u32;
        let delta_us = (on.as_secs_f64() - off.as_secs_f64()) * 1e6;
        println!(
            "{path:<26} mean per request: off {:>7.3} ms, on {:>7.3} ms, overhead {delta_us:>+7.1} µs",
            ms(off),
            ms(on)
        );
    }
    let host = start(&state.join("scrape"), true)?;
    let _ = load::run(&host.url("/api/health"), 4, Duration::from_secs(2), 200);
    let url = scrape_url(&host)?;
    let started = Instant::now();
    let mut bytes = 0;
    for _ in 0..10 {
        let reply = RequestBuilder::new("GET", &url).send()?;
        anyhow::ensure!(reply.status == 200, "scrape answered {}", reply.status);
        bytes = reply.body.len();
    }
    println!(
        "scrape of /metrics (2 SQL gauges): {:.2} ms each, {bytes} bytes",
        ms(started.elapsed()) / 10.0
    );
    Ok(())
}
