//! Per-component configuration fixed at start-up, and the per-request store data built
//! from it.

use crate::allowed_hosts::AllowedHosts;
use crate::clock::TestClock;
use crate::files::Preopen;
use crate::kv;
use crate::log::GuestOutput;
use crate::metrics::Metrics;
use crate::outbound::OutboundHooks;
use crate::sqlite;
use std::collections::HashMap;
use std::sync::Arc;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::{FsPerms, WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};
use wasmtime_wasi_http::{WasiHttpCtx, WasiHttpCtxView, WasiHttpView};

/// What one component may see and use, resolved at start-up.
#[derive(Debug)]
pub struct ComponentContext {
    /// Component id.
    pub id: Arc<str>,
    /// Resolved component variables (values may be secret: never log them).
    pub variables: HashMap<String, String>,
    /// Key-value stores it listed, by label.
    pub kv: HashMap<String, kv::Backend>,
    /// SQLite databases it listed, by label.
    pub sqlite: HashMap<String, Arc<sqlite::Database>>,
    /// Outbound HTTP policy.
    pub allowed_hosts: Arc<AllowedHosts>,
    /// Guest environment.
    pub env: Vec<(String, String)>,
    /// Read-only directories.
    pub preopens: Vec<Preopen>,
    /// KV and SQLite timings go here when `--metrics-listen` is on.
    pub metrics: Option<Arc<Metrics>>,
}

/// The data of one request's `Store`.
pub struct HostState {
    /// The component's fixed configuration.
    pub ctx: Arc<ComponentContext>,
    wasi: WasiCtx,
    http: WasiHttpCtx,
    /// Guest resources (WASI, HTTP, KV, SQLite handles).
    pub table: ResourceTable,
    hooks: OutboundHooks,
}

impl HostState {
    /// Fresh state for one request.
    pub fn new(ctx: Arc<ComponentContext>) -> anyhow::Result<Self> {
        Self::with_test_clock(ctx, None)
    }

    /// Fresh state for one request; with a test clock, the guest's wall clock is shifted by
    /// its current offset.
    pub fn with_test_clock(
        ctx: Arc<ComponentContext>,
        test_clock: Option<&TestClock>,
    ) -> anyhow::Result<Self> {
        let output = GuestOutput::new(&ctx.id);
        let mut wasi = WasiCtxBuilder::new();
        wasi.envs(&ctx.env).stdout(output.clone()).stderr(output);
        if let Some(clock) = test_clock {
            wasi.wall_clock(clock.wall_clock());
        }
        for (host, guest) in &ctx.preopens {
            wasi.preopened_dir(host, guest, FsPerms::ReadOnly)
                .map_err(anyhow::Error::from)?;
        }
        let hooks = OutboundHooks::new(Arc::clone(&ctx.id), Arc::clone(&ctx.allowed_hosts));
        Ok(Self {
            ctx,
            wasi: wasi.build(),
            http: WasiHttpCtx::new(),
            table: ResourceTable::new(),
            hooks,
        })
    }
}

impl HostState {
    /// Lets the client's `host` header through while the incoming request is created.
    pub fn admit_incoming_headers(&mut self, admit: bool) {
        self.hooks.admitting_incoming = admit;
    }
}

impl WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl WasiHttpView for HostState {
    fn http(&mut self) -> WasiHttpCtxView<'_> {
        WasiHttpCtxView {
            ctx: &mut self.http,
            table: &mut self.table,
            hooks: &mut self.hooks,
        }
    }
}
