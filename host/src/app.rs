//! Loading an app: manifest, variables, stores, compiled components and the router, all
//! checked before the host accepts a single request.

use crate::allowed_hosts::AllowedHosts;
use crate::cli::UpArgs;
use crate::clock::TestClock;
use crate::error::ConfigError;
use crate::limits::Capacity;
use crate::manifest::{self, Manifest, Route};
use crate::metrics::sql_gauge::SqlGauge;
use crate::metrics::Metrics;
use crate::routing::Router;
use crate::schedule::{self, Schedule};
use crate::services::{self, Services};
use crate::sqlite::SqliteMode;
use crate::state::{ComponentContext, HostState};
use crate::{bindings, engine, files, runtime_config, variables};
use anyhow::{anyhow, Context};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use wasmtime::component::{Component, HasSelf, Linker};
use wasmtime::Engine;
use wasmtime_wasi_http::p2::bindings::ProxyPre;

/// A component ready to be instantiated per request.
pub struct LoadedComponent {
    /// Pre-instantiated component (imports resolved once).
    pub pre: ProxyPre<HostState>,
    /// Its fixed configuration.
    pub ctx: Arc<ComponentContext>,
    /// The test clock (`--test-clock`), when set: shifts the guest's wall clock.
    pub test_clock: Option<Arc<TestClock>>,
}

/// Everything the server needs, immutable after start-up.
pub struct App {
    /// The engine (pooling allocator, epochs).
    pub engine: Engine,
    /// Public routes.
    pub router: Router,
    /// Components by id.
    pub components: HashMap<String, LoadedComponent>,
    /// Scheduled calls.
    pub schedules: Vec<Schedule>,
    /// Per-request wall-clock limit.
    pub handler_timeout: Duration,
    /// Connections, body time and instances (`--max-connections`, `--body-timeout`,
    /// `--max-instances`).
    pub capacity: Capacity,
    /// One permit per instance the pool has room for; a request takes one before it
    /// instantiates and holds it until the instance is gone.
    pub instances: Arc<Semaphore>,
    /// Counters and timings, when `--metrics-listen` is on.
    pub metrics: Option<Arc<Metrics>>,
}

/// Loads and checks everything `up` needs.
pub async fn load(args: &UpArgs) -> anyhow::Result<App> {
    let manifest_path = if args.manifest.is_dir() {
        args.manifest.join("spin.toml")
    } else {
        args.manifest.clone()
    };
    let manifest = manifest::load(&manifest_path)?;
    let state_dir = args
        .state_dir
        .clone()
        .unwrap_or_else(|| manifest.dir.join(".spin"));
    std::fs::create_dir_all(&state_dir)
        .with_context(|| format!("cannot create state dir {}", state_dir.display()))?;
    let runtime_config = match &args.runtime_config_file {
        Some(path) => runtime_config::load(path)?,
        None => Default::default(),
    };
    let app_vars = variables::resolve(&manifest.variables, &providers(args, &manifest.dir)?)?;

    let schedules = args
        .schedules
        .iter()
        .map(|spec| schedule::bind(spec, &manifest))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| anyhow!(e))?
        .into_iter()
        .flatten()
        .collect::<Vec<_>>();
    let used: BTreeSet<String> = manifest
        .triggers
        .iter()
        .map(|t| t.component.clone())
        .chain(schedules.iter().map(|s| s.component.clone()))
        .collect();

    let (router, duplicates) = Router::build(
        &manifest.base,
        manifest.triggers.iter().filter_map(|t| match &t.route {
            Route::Path(p) => Some((p.as_str(), t.component.as_str())),
            Route::Private => None,
        }),
    )?;
    for d in duplicates {
        crate::log::warn(&format!(
            "duplicate route '{}': component '{}' replaces '{}'",
            d.route, d.effective, d.replaced
        ));
    }

    let sqlite_mode = SqliteMode::from_write_queue_flag(args.sqlite_write_queue);
    let services =
        services::open(&manifest, &used, &runtime_config, &state_dir, sqlite_mode).await?;
    let metrics = metrics(args, &services)?;
    let cache_dir = args
        .cache_dir
        .clone()
        .unwrap_or_else(|| state_dir.join("cache"));
    let capacity = Capacity {
        max_connections: args.max_connections,
        body_timeout: args.body_timeout,
        max_instances: args.max_instances,
    };
    let engine = engine::build(&cache_dir, capacity.max_instances)?;
    let linker = linker(&engine)?;
    let test_clock = args
        .test_clock
        .as_ref()
        .map(|path| Arc::new(TestClock::new(path.clone())));
    if let Some(clock) = &test_clock {
        crate::log::warn(&format!(
            "warning: --test-clock {} is for testing only: components see the wall clock \
             shifted by the milliseconds in that file (now {} ms)",
            clock.path().display(),
            clock.offset_ms()
        ));
    }
    let mut compiled: HashMap<PathBuf, Component> = HashMap::new();
    let mut components = HashMap::new();
    for id in &used {
        let mut ctx = context(id, &manifest, &app_vars, &services, &state_dir)?;
        ctx.metrics = metrics.clone();
        let ctx = Arc::new(ctx);
        let source = &manifest.components[id].source;
        let component = match compiled.get(source) {
            Some(c) => c.clone(),
            None => {
                let c = compile(&engine, source)?;
                compiled.insert(source.clone(), c.clone());
                c
            }
        };
        let pre = linker
            .instantiate_pre(&component)
            .map_err(anyhow::Error::from)
            .and_then(|pre| ProxyPre::new(pre).map_err(anyhow::Error::from))
            .with_context(|| format!("component '{id}' cannot run on this host"))?;
        components.insert(
            id.clone(),
            LoadedComponent {
                pre,
                ctx,
                test_clock: test_clock.clone(),
            },
        );
    }
    engine::start_epoch_ticker(&engine);
    Ok(App {
        engine,
        router,
        components,
        schedules,
        handler_timeout: args.handler_timeout,
        capacity,
        instances: Arc::new(Semaphore::new(capacity.max_instances as usize)),
        metrics,
    })
}

/// The metrics registry when `--metrics-listen` is given, with each `--metrics-sql-gauge`
/// bound to the file of its database (a label no component lists stops start-up).
fn metrics(args: &UpArgs, services: &Services) -> anyhow::Result<Option<Arc<Metrics>>> {
    if args.metrics_listen.is_none() {
        if !args.metrics_sql_gauges.is_empty() {
            return Err(
                ConfigError::invalid("--metrics-sql-gauge", "needs --metrics-listen").into(),
            );
        }
        return Ok(None);
    }
    let gauges = args
        .metrics_sql_gauges
        .iter()
        .map(|spec| match services.sqlite.get(&spec.database) {
            Some(db) => Ok(SqlGauge::bind(spec.clone(), db.path().to_path_buf())),
            None => Err(ConfigError::invalid(
                format!("--metrics-sql-gauge {}", spec.name),
                format!("no component lists the database '{}'", spec.database),
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(Metrics::new(gauges)))
}

fn providers(args: &UpArgs, manifest_dir: &Path) -> Result<variables::Providers, ConfigError> {
    let dotenv_path = manifest_dir.join(".env");
    let dotenv = match std::fs::read_to_string(&dotenv_path) {
        Ok(text) => variables::parse_dotenv(&text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
        Err(e) => {
            return Err(ConfigError::Unreadable {
                path: dotenv_path,
                reason: e.to_string(),
            })
        }
    };
    Ok(variables::Providers {
        cli: args.variables.iter().cloned().collect(),
        env: std::env::vars()
            .filter(|(k, _)| k.starts_with("SPIN_VARIABLE_"))
            .collect(),
        dotenv,
    })
}

/// The linker every component is instantiated against: WASI, `wasi:http` and Spin's interfaces.
pub fn linker(engine: &Engine) -> anyhow::Result<Linker<HostState>> {
    let mut linker = Linker::new(engine);
    wasmtime_wasi::p2::add_to_linker_async(&mut linker).map_err(anyhow::Error::from)?;
    wasmtime_wasi_http::p2::add_only_http_to_linker_async(&mut linker)
        .map_err(anyhow::Error::from)?;
    bindings::SpinImports::add_to_linker::<_, HasSelf<HostState>>(&mut linker, |s| s)
        .map_err(anyhow::Error::from)?;
    Ok(linker)
}

fn compile(engine: &Engine, source: &Path) -> anyhow::Result<Component> {
    if !source.is_file() {
        return Err(ConfigError::MissingFile(source.to_path_buf()).into());
    }
    Component::from_file(engine, source)
        .map_err(anyhow::Error::from)
        .with_context(|| format!("cannot load component {}", source.display()))
}

fn context(
    id: &str,
    manifest: &Manifest,
    app_vars: &BTreeMap<String, variables::Value>,
    services: &Services,
    state_dir: &Path,
) -> anyhow::Result<ComponentContext> {
    let decl = &manifest.components[id];
    if !decl.source.is_file() {
        return Err(ConfigError::MissingFile(decl.source.clone()).into());
    }
    let expand = |field: &str, template: &str| {
        variables::expand(template, app_vars)
            .map(|v| v.value)
            .map_err(|reason| ConfigError::invalid(format!("component.{id}.{field}"), reason))
    };
    let variables = decl
        .variables
        .iter()
        .map(|(name, template)| {
            Ok((
                name.clone(),
                expand(&format!("variables.{name}"), template)?,
            ))
        })
        .collect::<Result<HashMap<_, _>, ConfigError>>()?;
    let hosts = decl
        .allowed_outbound_hosts
        .iter()
        .map(|entry| expand("allowed_outbound_hosts", entry))
        .collect::<Result<Vec<_>, _>>()?;
    let allowed_hosts = AllowedHosts::parse(&hosts).map_err(|reason| {
        ConfigError::invalid(format!("component.{id}.allowed_outbound_hosts"), reason)
    })?;
    Ok(ComponentContext {
        id: Arc::from(id),
        variables,
        kv: pick(&decl.key_value_stores, &services.kv),
        sqlite: pick(&decl.sqlite_databases, &services.sqlite),
        allowed_hosts: Arc::new(allowed_hosts),
        env: decl.environment.clone(),
        preopens: files::prepare(id, decl, &manifest.dir, state_dir)?,
        metrics: None,
    })
}

fn pick<T: Clone>(labels: &[String], all: &HashMap<String, T>) -> HashMap<String, T> {
    labels
        .iter()
        .filter_map(|l| all.get(l).map(|v| (l.clone(), v.clone())))
        .collect()
}
