//! Prometheus metrics (`--metrics-listen`): what the host counts and times, and the
//! OpenMetrics text it serves on its own listener ([`listener`]).
//!
//! Labels never carry raw paths, ids or personal data: requests are counted by the manifest's
//! route pattern (bounded by the manifest), KV and SQLite timings by store/database label and
//! the kind of operation. With metrics off nothing here is created, so a request pays nothing.

pub mod listener;
pub mod sql_gauge;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::{Family, MetricConstructor};
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use sql_gauge::SqlGauge;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Duration;

/// Route label of a request no component route matched (unmatched paths, the host's health).
pub const NO_ROUTE: &str = "-";

/// `ratusz_http_requests_total` labels.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// The manifest's route pattern (`/api/sessions/...`), or [`NO_ROUTE`].
    pub route: String,
    /// Response status.
    pub status: u16,
}

/// `ratusz_http_request_duration_seconds` labels.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    /// The manifest's route pattern, or [`NO_ROUTE`].
    pub route: String,
}

/// `ratusz_kv_operation_duration_seconds` labels.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct KvLabels {
    /// The store label (`default`).
    pub store: String,
    /// `get`, `set`, `delete`, `exists`, `get_keys`, `increment`, `get_many`, `set_many`,
    /// `delete_many`, `swap`.
    pub operation: &'static str,
}

/// `ratusz_sqlite_statement_duration_seconds` labels.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct SqlLabels {
    /// The database label (`default`).
    pub database: String,
    /// The statement's first keyword ([`statement_kind`]).
    pub operation: &'static str,
}

/// Buckets from 50 µs to ~26 s, doubling: KV reads take tens of microseconds, a login's
/// argon2 tens of milliseconds, a handler may run up to its 30 s timeout.
#[derive(Debug, Clone, Copy)]
struct Buckets;

impl MetricConstructor<Histogram> for Buckets {
    fn new_metric(&self) -> Histogram {
        Histogram::new(exponential_buckets(0.000_05, 2.0, 20))
    }
}

/// Every metric the host keeps.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, Buckets>,
    instances: Gauge,
    kv: Family<KvLabels, Histogram, Buckets>,
    sql: Family<SqlLabels, Histogram, Buckets>,
    sql_gauges: Vec<(SqlGauge, Gauge<f64, AtomicU64>)>,
    sql_gauge_errors: Family<GaugeLabels, Counter>,
}

/// `ratusz_sql_gauge_errors_total` labels.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct GaugeLabels {
    /// The gauge's name.
    pub gauge: String,
}

impl Metrics {
    /// The registry with the host's families and one gauge per `--metrics-sql-gauge`.
    pub fn new(sql_gauges: Vec<SqlGauge>) -> Arc<Self> {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "ratusz_http_requests",
            "HTTP requests answered, by the manifest's route pattern and status",
            requests.clone(),
        );
        let latency = Family::new_with_constructor(Buckets);
        registry.register(
            "ratusz_http_request_duration_seconds",
            "Time from the request to the response head, by route pattern",
            latency.clone(),
        );
        let instances = Gauge::default();
        registry.register(
            "ratusz_instances_alive",
            "Component instances alive now (the pool's slots in use)",
            instances.clone(),
        );
        let kv = Family::new_with_constructor(Buckets);
        registry.register(
            "ratusz_kv_operation_duration_seconds",
            "Key-value operations by store and operation",
            kv.clone(),
        );
        let sql = Family::new_with_constructor(Buckets);
        registry.register(
            "ratusz_sqlite_statement_duration_seconds",
            "SQLite statements by database and first keyword",
            sql.clone(),
        );
        let sql_gauge_errors = Family::<GaugeLabels, Counter>::default();
        registry.register(
            "ratusz_sql_gauge_errors",
            "Scrapes at which a --metrics-sql-gauge query failed or timed out",
            sql_gauge_errors.clone(),
        );
        let sql_gauges = sql_gauges
            .into_iter()
            .map(|spec| {
                let gauge = Gauge::<f64, AtomicU64>::default();
                let help = format!("SQL gauge over database '{}'", spec.database);
                registry.register(spec.name.clone(), help, gauge.clone());
                (spec, gauge)
            })
            .collect();
        Arc::new(Self {
            registry,
            requests,
            latency,
            instances,
            kv,
            sql,
            sql_gauges,
            sql_gauge_errors,
        })
    }

    /// Counts one answered request and its time to the response head.
    pub fn request(&self, route: &str, status: u16, elapsed: Duration) {
        let route = route.to_owned();
        self.latency
            .get_or_create(&RouteLabels {
                route: route.clone(),
            })
            .observe(elapsed.as_secs_f64());
        self.requests
            .get_or_create(&RequestLabels { route, status })
            .inc();
    }

    /// Times one key-value operation.
    pub fn kv(&self, store: &str, operation: &'static str, elapsed: Duration) {
        let labels = KvLabels {
            store: store.to_owned(),
            operation,
        };
        self.kv
            .get_or_create(&labels)
            .observe(elapsed.as_secs_f64());
    }

    /// Times one SQLite statement of `kind` ([`statement_kind`]).
    pub fn sql(&self, database: &str, kind: &'static str, elapsed: Duration) {
        let labels = SqlLabels {
            database: database.to_owned(),
            operation: kind,
        };
        self.sql
            .get_or_create(&labels)
            .observe(elapsed.as_secs_f64());
    }

    /// The gauges defined by SQL, to be evaluated before [`Metrics::encode`].
    pub fn sql_gauges(&self) -> impl Iterator<Item = &SqlGauge> {
        self.sql_gauges.iter().map(|(spec, _)| spec)
    }

    /// The OpenMetrics text, with the instances alive and the SQL gauges' values as given
    /// (`None`: that query failed this time; its gauge keeps its last value and the error is
    /// counted).
    pub fn encode(&self, instances_alive: u64, sql_values: &[Option<f64>]) -> String {
        self.instances
            .set(i64::try_from(instances_alive).unwrap_or(i64::MAX));
        for ((spec, gauge), value) in self.sql_gauges.iter().zip(sql_values) {
            match value {
                Some(v) => {
                    gauge.set(*v);
                }
                None => {
                    self.sql_gauge_errors
                        .get_or_create(&GaugeLabels {
                            gauge: spec.name.clone(),
                        })
                        .inc();
                }
            }
        }
        let mut text = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

/// The kind of a statement by its first keyword, so the label set stays small whatever SQL
/// the app sends.
pub fn statement_kind(statement: &str) -> &'static str {
    let word = statement
        .trim_start()
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("");
    const KINDS: [&str; 9] = [
        "select", "insert", "update", "delete", "begin", "commit", "rollback", "with", "pragma",
    ];
    KINDS
        .iter()
        .find(|k| word.eq_ignore_ascii_case(k))
        .copied()
        .unwrap_or("other")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_labelled_by_their_first_keyword() {
        let cases = [
            ("SELECT 1", "select"),
            ("  insert into t values (1)", "insert"),
            ("BEGIN IMMEDIATE", "begin"),
            ("Commit", "commit"),
            ("CREATE TABLE t (a)", "other"),
            ("", "other"),
            ("with x as (select 1) select * from x", "with"),
        ];
        for (sql, kind) in cases {
            assert_eq!(statement_kind(sql), kind, "{sql}");
        }
    }

    #[test]
    fn encoding_carries_every_family_and_ends_with_eof() {
        let m = Metrics::new(Vec::new());
        m.request("/api/...", 200, Duration::from_millis(3));
        m.kv("default", "get", Duration::from_micros(80));
        m.sql(
            "default",
            statement_kind("SELECT 1"),
            Duration::from_micros(120),
        );
        let text = m.encode(2, &[]);
        for needle in [
            "ratusz_http_requests_total{route=\"/api/...\",status=\"200\"} 1",
            "ratusz_http_request_duration_seconds_count{route=\"/api/...\"} 1",
            "ratusz_instances_alive 2",
            "ratusz_kv_operation_duration_seconds_bucket{",
            "ratusz_sqlite_statement_duration_seconds_count{database=\"default\",operation=\"select\"} 1",
        ] {
            assert!(text.contains(needle), "{needle} missing in:\n{text}");
        }
        assert!(text.ends_with("# EOF\n"), "{text}");
    }
}
