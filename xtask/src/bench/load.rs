//! A closed-loop HTTP load generator: N clients on keep-alive connections, each sending the next
//! request as soon as the previous answer arrived, for a fixed duration.

use std::time::{Duration, Instant};

/// What a load run measured.
pub struct LoadReport {
    /// Requests answered with the expected status.
    pub ok: u64,
    /// Requests that failed or got another status.
    pub errors: u64,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// Latencies of the successful requests, sorted ascending.
    pub latencies: Vec<Duration>,
}

impl LoadReport {
    /// Successful requests per second.
    pub fn throughput(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64()
    }

    /// The latency below which `q` (0–1) of the requests finished.
    pub fn quantile(&self, q: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let index = ((self.latencies.len() - 1) as f64 * q).round() as usize;
        self.latencies[index.min(self.latencies.len() - 1)]
    }

    /// The tail: p90, p95, p99, p99.9 and the slowest, in ms.
    pub fn tail(&self) -> String {
        let ms = |q: f64| self.quantile(q).as_secs_f64() * 1e3;
        format!(
            "tail  p90 {:.2}  p95 {:.2}  p99 {:.2}  p99.9 {:.2}  max {:.2} ms",
            ms(0.90),
            ms(0.95),
            ms(0.99),
            ms(0.999),
            ms(1.0)
        )
    }

    /// One line: throughput, p50, p99, errors.
    pub fn summary(&self) -> String {
        format!(
            "{:>8.0} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms  ({} ok, {} errors)",
            self.throughput(),
            self.quantile(0.50).as_secs_f64() * 1e3,
            self.quantile(0.99).as_secs_f64() * 1e3,
            self.ok,
            self.errors
        )
    }
}

/// One request the load generator repeats.
#[derive(Debug, Clone, Default)]
pub struct Probe {
    /// Absolute URL.
    pub url: String,
    /// JSON body to POST; `None` sends a GET.
    pub json: Option<String>,
    /// `Authorization: Bearer` token, if any.
    pub bearer: Option<String>,
}

impl Probe {
    /// A plain GET.
    pub fn get(url: String) -> Self {
        Self {
            url,
            ..Self::default()
        }
    }
}

/// Sends GET `url` from `clients` concurrent keep-alive clients for `duration`.
pub fn run(url: &str, clients: usize, duration: Duration, expected_status: u16) -> LoadReport {
    run_probe(
        &Probe::get(url.to_owned()),
        clients,
        duration,
        expected_status,
    )
}

/// Sends `probe` from `clients` concurrent keep-alive clients for `duration`.
pub fn run_probe(
    probe: &Probe,
    clients: usize,
    duration: Duration,
    expected_status: u16,
) -> LoadReport {
    let started = Instant::now();
    let deadline = started + duration;
    let per_client: Vec<(u64, Vec<Duration>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..clients)
            .map(|_| scope.spawn(move || client_loop(probe, deadline, expected_status)))
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_default())
            .collect()
    });
    let elapsed = started.elapsed();
    let errors = per_client.iter().map(|(e, _)| e).sum();
    let mut latencies: Vec<Duration> = per_client.into_iter().flat_map(|(_, l)| l).collect();
    latencies.sort_unstable();
    LoadReport {
        ok: latencies.len() as u64,
        errors,
        elapsed,
        latencies,
    }
}

fn client_loop(probe: &Probe, deadline: Instant, expected_status: u16) -> (u64, Vec<Duration>) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut errors = 0;
    let mut latencies = Vec::new();
    while Instant::now() < deadline {
        let sent = Instant::now();
        let auth = probe
            .bearer
            .as_ref()
            .map(|t| format!("Bearer {t}"))
            .unwrap_or_default();
        let result = match &probe.json {
            Some(body) => agent
                .post(&probe.url)
                .header("content-type", "application/json")
                .header("authorization", &auth)
                .send(body.as_bytes()),
            None if probe.bearer.is_some() => {
                agent.get(&probe.url).header("authorization", &auth).call()
            }
            None => agent.get(&probe.url).call(),
        };
        match result {
            Ok(mut response) if response.status().as_u16() == expected_status => {
                // Read the body so the connection is reused.
                let _ = response.body_mut().read_to_vec();
                latencies.push(sent.elapsed());
            }
            _ => errors += 1,
        }
    }
    (errors, latencies)
}
