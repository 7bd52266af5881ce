//! Prints how long a fresh store + instance of a component takes: the per-request cost that
//! the pooling allocator and `ProxyPre` exist for. Benchmarks print numbers; they assert nothing.
//!
//! `cargo bench --profile host -p ratusz-host --bench instantiate -- PATH/component.wasm`

use ratusz_host::state::{ComponentContext, HostState};
use ratusz_host::{app, engine};
use std::sync::Arc;
use std::time::Instant;
use wasmtime::component::Component;
use wasmtime::Store;
use wasmtime_wasi_http::p2::bindings::ProxyPre;

fn main() -> anyhow::Result<()> {
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
