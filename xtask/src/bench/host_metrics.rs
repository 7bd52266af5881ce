//! What the host did during a measured window, read from its Prometheus histograms (a host
//! started with `--metrics-listen`): a scrape before and one after, and per key-value
//! operation, SQLite statement kind and route the count, the mean and the p99's bucket. It
//! says where a latency tail comes from (waiting on the key-value store, SQLite, or the CPU)
//! without instrumenting the app.

use super::metrics::scrape_url;
use anyhow::{ensure, Result};
use ratusz_tests::{HostProcess, RequestBuilder};
use std::collections::BTreeMap;
use std::time::Duration;

/// The histogram families read, and the label that names a row.
const FAMILIES: [(&str, &str); 3] = [
    ("ratusz_kv_operation_duration_seconds", "kv"),
    ("ratusz_sqlite_statement_duration_seconds", "sql"),
    ("ratusz_http_request_duration_seconds", "route"),
];

/// One histogram's cumulative buckets, sum and count.
#[derive(Debug, Clone, Default, PartialEq)]
struct Histogram {
    /// (upper bound in seconds, observations at or below it), ascending.
    buckets: Vec<(f64, f64)>,
    sum: f64,
    count: f64,
}

impl Histogram {
    fn minus(&self, before: &Histogram) -> Histogram {
        let earlier = |le: f64| {
            before
                .buckets
                .iter()
                .find(|(b, _)| *b == le)
                .map_or(0.0, |(_, c)| *c)
        };
        Histogram {
            buckets: self
                .buckets
                .iter()
                .map(|(le, c)| (*le, c - earlier(*le)))
                .collect(),
            sum: self.sum - before.sum,
            count: self.count - before.count,
        }
    }

    /// The upper bound of the bucket holding the `q` quantile (seconds).
    fn quantile_bound(&self, q: f64) -> f64 {
        let rank = self.count * q;
        self.buckets
            .iter()
            .find(|(_, c)| *c >= rank)
            .map_or(f64::INFINITY, |(le, _)| *le)
    }
}

/// The histograms of one scrape, by (row kind, row name).
#[derive(Debug, Clone, Default)]
pub struct Snapshot(BTreeMap<(String, String), Histogram>);

impl Snapshot {
    /// Scrapes the host's `/metrics`.
    pub fn take(host: &HostProcess) -> Result<Self> {
        let reply = RequestBuilder::new("GET", scrape_url(host)?).send()?;
        ensure!(reply.status == 200, "scrape answered {}", reply.status);
        Ok(Self::parse(&reply.text()))
    }

    fn parse(text: &str) -> Self {
        let mut rows: BTreeMap<(String, String), Histogram> = BTreeMap::new();
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let Some((series, value)) = line.rsplit_once(' ') else {
                continue;
            };
            let Ok(value) = value.parse::<f64>() else {
                continue;
            };
            let Some((name, labels)) = series.split_once('{') else {
                continue;
            };
            let labels = labels.trim_end_matches('}');
            for (family, kind) in FAMILIES {
                let Some(part) = name.strip_prefix(family) else {
                    continue;
                };
                let key = (kind.to_owned(), row_name(labels));
                let histogram = rows.entry(key).or_default();
                match part {
                    "_sum" => histogram.sum = value,
                    "_count" => histogram.count = value,
                    "_bucket" => {
                        if let Some(le) = label(labels, "le").and_then(|v| v.parse().ok()) {
                            histogram.buckets.push((le, value));
                        }
                    }
                    _ => {}
                }
            }
        }
        Self(rows)
    }

    /// Prints what happened between `before` and this scrape, `window` long: the rows with
    /// any observation.
    pub fn print_since(&self, before: &Snapshot, window: Duration) {
        let seconds = window.as_secs_f64().max(f64::EPSILON);
        for ((kind, name), now) in &self.0 {
            let delta = match before.0.get(&(kind.clone(), name.clone())) {
                Some(earlier) => now.minus(earlier),
                None => now.clone(),
            };
            if delta.count < 1.0 {
                continue;
            }
            println!(
                "  {kind:<5} {name:<28} {:>8.0} ({:>6.1}/s)  mean {:>7.3} ms  p99 ≤ {:>7.1} ms",
                delta.count,
                delta.count / seconds,
                delta.sum / delta.count * 1e3,
                delta.quantile_bound(0.99) * 1e3
            );
        }
    }
}

/// A row's name: every label but `le`, values only (`default get`, `/api/sessions/...`).
fn row_name(labels: &str) -> String {
    labels
        .split(',')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(k, _)| *k != "le")
        .map(|(_, v)| v.trim_matches('"'))
        .collect::<Vec<_>>()
        .join(" ")
}

fn label<'a>(labels: &'a str, name: &str) -> Option<&'a str> {
    labels
        .split(',')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"'))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BEFORE: &str = "# TYPE ratusz_kv_operation_duration_seconds histogram\n\
        ratusz_kv_operation_duration_seconds_sum{store=\"default\",operation=\"get\"} 0.01\n\
        ratusz_kv_operation_duration_seconds_count{store=\"default\",operation=\"get\"} 10\n\
        ratusz_kv_operation_duration_seconds_bucket{store=\"default\",operation=\"get\",le=\"0.001\"} 10\n\
        ratusz_kv_operation_duration_seconds_bucket{store=\"default\",operation=\"get\",le=\"0.01\"} 10\n\
        ratusz_kv_operation_duration_seconds_bucket{store=\"default\",operation=\"get\",le=\"+Inf\"} 10\n";
    const AFTER: &str = "ratusz_kv_operation_duration_seconds_sum{store=\"default\",operation=\"get\"} 0.11\n\
        ratusz_kv_operation_duration_seconds_count{store=\"default\",operation=\"get\"} 110\n\
        ratusz_kv_operation_duration_seconds_bucket{store=\"default\",operation=\"get\",le=\"0.001\"} 108\n\
        ratusz_kv_operation_duration_seconds_bucket{store=\"default\",operation=\"get\",le=\"0.01\"} 110\n\
        ratusz_kv_operation_duration_seconds_bucket{store=\"default\",operation=\"get\",le=\"+Inf\"} 110\n";

    #[test]
    fn a_window_counts_only_its_own_observations_and_finds_the_p99_bucket() {
        let before = Snapshot::parse(BEFORE);
        let after = Snapshot::parse(AFTER);
        let key = ("kv".to_owned(), "default get".to_owned());
        let delta = after.0[&key].minus(&before.0[&key]);
        assert_eq!(delta.count, 100.0);
        assert!((delta.sum - 0.1).abs() < 1e-9);
        // 98 of the window's 100 within 1 ms, the other 2 within 10 ms: the p99 is in the second.
        assert_eq!(delta.quantile_bound(0.98), 0.001);
        assert_eq!(delta.quantile_bound(0.99), 0.01);
    }
}
