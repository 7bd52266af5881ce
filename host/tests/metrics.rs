//! Observability: Prometheus `/metrics` on its own listener (`--metrics-listen`, with
//! `--metrics-sql-gauge`) and the structured request log (`--log-format json`), over the probe.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{app, host, post_json, sql};
use ratusz_tests::{HostProcess, RequestBuilder};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

/// The probe on `/probe/...` only, so other paths stay unmatched.
const APP: &str = r#"
spin_manifest_version = 2

[application]
name = "metrics"

[[trigger.http]]
route = "/probe/..."
component = "probe"

[component.probe]
source = @PROBE_WASM@
key_value_stores = ["default"]
sqlite_databases = ["default"]
"#;

const GAUGE: &str = "probe_rows=default:SELECT count(*) FROM t WHERE n > 0";

fn start_with_metrics(extra: &[&str]) -> (ratusz_tests::TestApp, HostProcess, String) {
    let app = app(APP);
    let mut builder = host(&app).arg("--metrics-listen").arg("127.0.0.1:0");
    for arg in extra {
        builder = builder.arg(arg);
    }
    let host = builder.start().expect("starting the host");
    let url = host
        .stdout_lines()
        .iter()
        .find_map(|l| {
            l.strip_prefix("ratusz-host: metrics on ")
                .map(str::to_owned)
        })
        .unwrap_or_else(|| panic!("no metrics line\n{}", host.logs()));
    (app, host, url)
}

fn scrape(url: &str) -> (String, String) {
    let reply = RequestBuilder::new("GET", url).send().unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    let content_type = reply.header("content-type").unwrap_or_default().to_owned();
    (content_type, reply.text())
}

/// One sample line: name, labels, value.
#[derive(Debug, Clone)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// Parses the OpenMetrics text exposition strictly enough to reject a malformed document:
/// every family is declared (`# TYPE`) before its samples, names and labels have the allowed
/// characters, values are numbers, histograms' buckets are cumulative up to `+Inf` = `_count`,
/// and the document ends with `# EOF`.
fn parse_exposition(text: &str) -> Vec<Sample> {
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.last(), Some(&"# EOF"), "must end with # EOF:\n{text}");
    let name_ok = |n: &str| {
        !n.is_empty()
            && n.chars().enumerate().all(|(i, c)| {
                c.is_ascii_alphabetic() || c == '_' || c == ':' || (i > 0 && c.is_ascii_digit())
            })
    };
    let mut types: BTreeMap<String, String> = BTreeMap::new();
    let mut samples = Vec::new();
    for line in &lines[..lines.len() - 1] {
        if let Some(rest) = line.strip_prefix("# ") {
            let mut parts = rest.splitn(3, ' ');
            let (kind, name) = (parts.next().unwrap(), parts.next().unwrap_or(""));
            assert!(name_ok(name), "bad family name in {line}");
            match kind {
                "TYPE" => {
                    let t = parts.next().unwrap_or("");
                    assert!(
                        [
                            "counter",
                            "gauge",
                            "histogram",
                            "summary",
                            "info",
                            "stateset",
                            "unknown"
                        ]
                        .contains(&t),
                        "bad type in {line}"
                    );
                    assert!(
                        types.insert(name.to_owned(), t.to_owned()).is_none(),
                        "{line}"
                    );
                }
                "HELP" | "UNIT" => {}
                other => panic!("unknown descriptor {other} in {line}"),
            }
            continue;
        }
        let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("{line}"));
        let value: f64 = match value {
            "+Inf" => f64::INFINITY,
            v => v.parse().unwrap_or_else(|_| panic!("bad value in {line}")),
        };
        let (name, labels) = match series.split_once('{') {
            None => (series, BTreeMap::new()),
            Some((name, rest)) => {
                let body = rest.strip_suffix('}').unwrap_or_else(|| panic!("{line}"));
                let mut labels = BTreeMap::new();
                for pair in body.split("\",").filter(|p| !p.is_empty()) {
                    let (k, v) = pair.split_once("=\"").unwrap_or_else(|| panic!("{line}"));
                    assert!(name_ok(k), "bad label name in {line}");
                    labels.insert(k.to_owned(), v.trim_end_matches('"').to_owned());
                }
                (name, labels)
            }
        };
        assert!(name_ok(name), "bad sample name in {line}");
        let family = types
            .keys()
            .filter(|f| name.starts_with(f.as_str()))
            .max_by_key(|f| f.len())
            .unwrap_or_else(|| panic!("sample before its # TYPE: {line}"));
        let suffix = &name[family.len()..];
        let allowed: &[&str] = match types[family].as_str() {
            "counter" => &["_total", "_created"],
            "histogram" => &["_bucket", "_count", "_sum", "_created"],
            _ => &[""],
        };
        assert!(
            allowed.contains(&suffix),
            "{name} is not a sample of {family}"
        );
        samples.push(Sample {
            name: name.to_owned(),
            labels,
            value,
        });
    }
    check_histograms(&samples);
    samples
}

fn check_histograms(samples: &[Sample]) {
    let mut series: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
    for s in samples.iter().filter(|s| s.name.ends_with("_bucket")) {
        let mut key_labels = s.labels.clone();
        let le = key_labels.remove("le").expect("bucket without le");
        let le = if le == "+Inf" {
            f64::INFINITY
        } else {
            le.parse().unwrap()
        };
        let key = format!("{}{:?}", s.name.trim_end_matches("_bucket"), key_labels);
        series.entry(key).or_default().push((le, s.value));
    }
    for (key, buckets) in series {
        assert!(
            buckets
                .windows(2)
                .all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1),
            "{key}"
        );
        assert_eq!(buckets.last().map(|b| b.0), Some(f64::INFINITY), "{key}");
        let family = key.split('{').next().unwrap();
        let count = samples
            .iter()
            .find(|s| {
                s.name == format!("{family}_count") && format!("{family}{:?}", s.labels) == key
            })
            .unwrap_or_else(|| panic!("no _count for {key}"));
        assert_eq!(buckets.last().map(|b| b.1), Some(count.value), "{key}");
    }
}

fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    samples
        .iter()
        .find(|s| {
            s.name == name
                && s.labels.len() == labels.len()
                && labels
                    .iter()
                    .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .map(|s| s.value)
}

#[test]
fn metrics_count_requests_by_route_pattern_and_time_kv_and_sqlite() {
    let (_app, host, url) = start_with_metrics(&["--metrics-sql-gauge", GAUGE]);
    post_json(&host, "/probe/kv/default/set/alice@example.com", "v");
    for _ in 0..3 {
        host.get("/probe/kv/default/get/alice@example.com").unwrap();
    }
    sql(&host, "/probe", "CREATE TABLE t (n INTEGER)", json!([]));
    sql(
        &host,
        "/probe",
        "INSERT INTO t VALUES (1), (2), (0)",
        json!([]),
    );
    sql(&host, "/probe", "SELECT count(*) FROM t", json!([]));
    assert_eq!(host.get("/elsewhere/123").unwrap().status, 404);

    let (content_type, text) = scrape(&url);
    assert!(
        content_type.starts_with("application/openmetrics-text"),
        "{content_type}"
    );
    let samples = parse_exposition(&text);
    let requests = "ratusz_http_requests_total";
    // set + 3 gets + 3 statements; the 404 has no route.
    assert_eq!(
        value(
            &samples,
            requests,
            &[("route", "/probe/..."), ("status", "200")]
        ),
        Some(7.0),
        "{text}"
    );
    assert_eq!(
        value(&samples, requests, &[("route", "-"), ("status", "404")]),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        value(
            &samples,
            "ratusz_http_request_duration_seconds_count",
            &[("route", "/probe/...")]
        ),
        Some(7.0)
    );
    // Raw paths and what they carry never become labels.
    assert!(
        !text.contains("alice") && !text.contains("/elsewhere"),
        "{text}"
    );
    let kv = "ratusz_kv_operation_duration_seconds_count";
    assert_eq!(
        value(&samples, kv, &[("store", "default"), ("operation", "get")]),
        Some(3.0)
    );
    assert_eq!(
        value(&samples, kv, &[("store", "default"), ("operation", "set")]),
        Some(1.0)
    );
    let stmt = "ratusz_sqlite_statement_duration_seconds_count";
    assert_eq!(
        value(
            &samples,
            stmt,
            &[("database", "default"), ("operation", "insert")]
        ),
        Some(1.0)
    );
    assert!(
        value(
            &samples,
            stmt,
            &[("database", "default"), ("operation", "select")]
        ) >= Some(1.0)
    );
    // The last request's permit is released when its task ends, which may be just after
    // the client has read the answer: the gauge must come back to 0, not be 0 at once.
    let mut alive = value(&samples, "ratusz_instances_alive", &[]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while alive != Some(0.0) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
        alive = value(
            &parse_exposition(&scrape(&url).1),
            "ratusz_instances_alive",
            &[],
        );
    }
    assert_eq!(alive, Some(0.0));
    // The gauge the host knows nothing about: read-only SQL over the database at scrape time.
    assert_eq!(value(&samples, "probe_rows", &[]), Some(2.0), "{text}");
    sql(&host, "/probe", "INSERT INTO t VALUES (5)", json!([]));
    let (_, text) = scrape(&url);
    assert_eq!(
        value(&parse_exposition(&text), "probe_rows", &[]),
        Some(3.0),
        "{text}"
    );
}

#[test]
fn metrics_live_only_on_their_own_address() {
    let (_app, host, url) = start_with_metrics(&[]);
    // On the app's port `/metrics` is an ordinary (here unmatched) path.
    let on_app = host.get("/metrics").unwrap();
    assert_eq!(on_app.status, 404);
    assert!(!on_app.text().contains("ratusz_http_requests"));
    // On the metrics address nothing but `/metrics` answers.
    let other = url.replace("/metrics", "/probe/kv/default/get/k");
    assert_eq!(
        RequestBuilder::new("GET", &other).send().unwrap().status,
        404
    );
    let post = RequestBuilder::new("POST", &url).send().unwrap();
    assert_eq!(post.status, 405);
    // Without the flag there is no listener and no line.
    let plain_app = app(APP);
    let plain = host_without_metrics(&plain_app);
    assert!(!plain
        .stdout_lines()
        .iter()
        .any(|l| l.contains("metrics on")));
}

fn host_without_metrics(app: &ratusz_tests::TestApp) -> HostProcess {
    host(app).start().expect("starting the host")
}

#[test]
fn a_failing_sql_gauge_is_counted_and_the_scrape_still_answers() {
    let (_app, _host, url) = start_with_metrics(&[
        "--metrics-sql-gauge",
        "missing_table=default:SELECT count(*) FROM nope",
    ]);
    let (_, text) = scrape(&url);
    let samples = parse_exposition(&text);
    assert_eq!(
        value(
            &samples,
            "ratusz_sql_gauge_errors_total",
            &[("gauge", "missing_table")]
        ),
        Some(1.0),
        "{text}"
    );
}

#[test]
fn sql_gauges_are_checked_at_start_up() {
    let cases: [(&[&str], &str); 3] = [
        (
            &["--metrics-sql-gauge", "g=default:SELECT 1"],
            "needs --metrics-listen",
        ),
        (
            &[
                "--metrics-listen",
                "127.0.0.1:0",
                "--metrics-sql-gauge",
                "g=other:SELECT 1",
            ],
            "no component lists the database 'other'",
        ),
        (
            &[
                "--metrics-listen",
                "127.0.0.1:0",
                "--metrics-sql-gauge",
                "g=default:DELETE FROM t",
            ],
            "must be a SELECT",
        ),
    ];
    for (args, message) in cases {
        let app = app(APP);
        let mut builder = host(&app);
        for arg in args {
            builder = builder.arg(arg);
        }
        let exited = builder.run_expecting_exit(Duration::from_secs(60)).unwrap();
        assert!(!exited.status.success(), "{args:?}");
        assert!(
            exited.stderr.contains(message),
            "{args:?}: {}",
            exited.stderr
        );
    }
}

#[test]
fn json_log_is_one_structured_line_per_request_without_query_or_secrets() {
    let app = app(APP);
    let host = host(&app).arg("--log-format").arg("json").start().unwrap();
    let secret = "tok3n-SECRET-9f8e";
    let reply = host
        .request("GET", &format!("/probe/echo/path?token={secret}&x=1"))
        .header("authorization", &format!("Bearer {secret}"))
        .header("cookie", &format!("ratusz_session={secret}"))
        .send()
        .unwrap();
    assert_eq!(reply.status, 200);
    let body_len = reply.body.len() as u64;
    assert_eq!(host.get("/nowhere?token=abc").unwrap().status, 404);
    let lines = wait_for_json_lines(&host, 2);
    let echo = lines
        .iter()
        .find(|l| l["path"] == "/probe/echo/path")
        .unwrap();
    let keys: BTreeSet<&str> = echo
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from([
            "time",
            "method",
            "route",
            "path",
            "status",
            "component",
            "duration_ms",
            "bytes"
        ])
    );
    assert_eq!(echo["method"], "GET");
    assert_eq!(echo["route"], "/probe/...");
    assert_eq!(echo["status"], 200);
    assert_eq!(echo["component"], "probe");
    assert_eq!(echo["bytes"], body_len);
    assert!(echo["duration_ms"].as_f64().is_some_and(|d| d >= 0.0));
    let time = echo["time"].as_str().unwrap();
    assert!(
        time.len() == 24 && time.ends_with('Z') && time.as_bytes()[10] == b'T',
        "{time}"
    );
    let unmatched = lines.iter().find(|l| l["path"] == "/nowhere").unwrap();
    assert!(unmatched["route"].is_null() && unmatched["component"].is_null());
    assert_eq!(unmatched["status"], 404);
    // Neither the query string nor header values reach the host's output.
    let everything = host.logs();
    assert!(
        !everything.contains(secret) && !everything.contains("token="),
        "{everything}"
    );
}

#[test]
fn text_log_leaves_out_the_query_string() {
    let app = app(APP);
    let host = host(&app).start().unwrap();
    host.get("/probe/echo?token=SECRET42").unwrap();
    let line = host
        .wait_for_request_log(Duration::from_secs(10), |l| l.path == "/probe/echo")
        .unwrap();
    assert_eq!((line.status, line.component.as_str()), (200, "probe"));
    assert!(!host.logs().contains("SECRET42"));
}

fn wait_for_json_lines(host: &HostProcess, n: usize) -> Vec<Value> {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let lines: Vec<Value> = host
            .stdout_lines()
            .iter()
            .filter(|l| l.starts_with('{'))
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
            .collect();
        if lines.len() >= n || std::time::Instant::now() > deadline {
            return lines;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
