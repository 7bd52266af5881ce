//! Prints how long a fresh store + instance of a component takes: the per-request cost that
//! the pooling allocator and `ProxyPre` exist for. Benchmarks print numbers; they assert nothing.
//!
//! `cargo bench --profile host -p ratusz-host --bench instantiate -- PATH/component.wasm`

use ratusz_host::metrics::Metrics;
use ratusz_host::state::{ComponentContext, HostState};
use ratusz_host::{app, engine};
use std::sync::Arc;
use std::time::{Duration, Instant};
use wasmtime::component::Component;
use wasmtime::Store;
use wasmtime_wasi_http::p2::bindings::ProxyPre;

fn main() -> anyhow::Result<()> {
    print_metrics_cost();
    let Some(wasm) = std::env::args().skip(1).find(|a| a.ends_with(".wasm")) else {
        eprintln!("usage: instantiate PATH/component.wasm");
        return Ok(());
    };
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let cache = std::env::temp_dir().join("ratusz-host-bench-cache");
        let engine = engine::build(&cache, ratusz_host::limits::DEFAULT_MAX_INSTANCES)?;
        let linker = app::linker(&engine)?;
        let component = Component::from_file(&engine, &wasm).map_err(anyhow::Error::from)?;
        let pre = ProxyPre::new(
            linker
                .instantiate_pre(&component)
                .map_err(anyhow::Error::from)?,
        )
        .map_err(anyhow::Error::from)?;
        let ctx = Arc::new(ComponentContext {
            id: Arc::from("bench"),
            variables: Default::default(),
            kv: Default::default(),
            sqlite: Default::default(),
            allowed_hosts: Default::default(),
            env: Vec::new(),
            preopens: Vec::new(),
            metrics: None,
        });
        for rounds in [100u32, 2000] {
            let started = Instant::now();
            for _ in 0..rounds {
                let mut store = Store::new(&engine, HostState::new(Arc::clone(&ctx))?);
                // As in `invoke`: epochs are on, so a store needs a deadline; this one only yields.
                store.set_epoch_deadline(1);
                store.epoch_deadline_callback(|_| Ok(wasmtime::UpdateDeadline::Yield(1)));
                pre.instantiate_async(&mut store)
                    .await
                    .map_err(anyhow::Error::from)?;
            }
            let each = started.elapsed().as_secs_f64() * 1e6 / f64::from(rounds);
            println!("store + instantiate: {each:.1} µs per instance ({rounds} rounds)");
        }
        Ok(())
    })
}

/// What `--metrics-listen` adds to a request in the host itself: one request counted and
/// timed, plus the KV and SQLite timings a typical API request records (2 KV operations,
/// 4 statements), measured without the noise of a loaded machine's HTTP round trips.
fn print_metrics_cost() {
    let metrics = Metrics::new(Vec::new());
    let rounds = 200_000u32;
    let started = Instant::now();
    for i in 0..rounds {
        let elapsed = Duration::from_micros(u64::from(i % 5_000));
        metrics.request("/api/sessions/...", 200, elapsed);
        metrics.kv("default", "get", elapsed);
        metrics.kv("default", "set", elapsed);
        for kind in ["begin", "select", "insert", "commit"] {
            metrics.sql("default", kind, elapsed);
        }
    }
    let each = started.elapsed().as_secs_f64() * 1e9 / f64::from(rounds);
    println!(
        "metrics recorded per request (1 request + 2 KV + 4 SQL): {each:.0} ns ({rounds} rounds)"
    );
}
