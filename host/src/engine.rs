//! The wasmtime engine: pooling allocator (fast per-request instantiation, bounded memory),
//! epoch interruption (wall-clock limits without fuel's cost) and an on-disk cache of
//! compiled components so a restart does not recompile.

use crate::limits::{EPOCH_TICK, MAX_MEMORY_BYTES};
use anyhow::Context;
use std::path::Path;
use wasmtime::{
    Cache, CacheConfig, Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig,
};

/// Builds the engine with its compiled-artefact cache in `cache_dir` and room for
/// `max_instances` instances alive at once (in-flight requests plus scheduled calls; the
/// server admits no more than that, see `App::instances`).
pub fn build(cache_dir: &Path, max_instances: u32) -> anyhow::Result<Engine> {
    let instances = max_instances.max(1);
    let mut config = Config::new();
    config.epoch_interruption(true);

    let mut pool = PoolingAllocationConfig::default();
    pool.total_component_instances(instances)
        .total_memories(instances)
        .total_tables(instances.saturating_mul(2))
        .total_stacks(instances)
        .total_core_instances(instances.saturating_mul(4))
        .max_memory_size(MAX_MEMORY_BYTES);
    config.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));

    std::fs::create_dir_all(cache_dir)
        .with_context(|| format!("cannot create {}", cache_dir.display()))?;
    let mut cache = CacheConfig::new();
    cache.with_directory(cache_dir);
    let cache = Cache::new(cache).map_err(anyhow::Error::from)?;
    config.cache(Some(cache));

    Engine::new(&config).map_err(anyhow::Error::from)
}

/// Advances the engine's epoch every [`EPOCH_TICK`] from a dedicated thread, so a guest
/// stuck in a loop still reaches its deadline check.
pub fn start_epoch_ticker(engine: &Engine) {
    let weak = engine.weak();
    std::thread::Builder::new()
        .name("epoch-ticker".into())
        .spawn(move || loop {
            std::thread::sleep(EPOCH_TICK);
            match weak.upgrade() {
                Some(engine) => engine.increment_epoch(),
                None => return,
            }
        })
        .map(drop)
        .unwrap_or_else(|e| crate::log::warn(&format!("cannot start epoch ticker: {e}")));
}
