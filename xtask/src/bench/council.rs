//! Council measurements (issue 5): a burst of simultaneous votes (60, 200 and 1,000 voters, all
//! released by one barrier) and live polling (1,000 tablets each asking `GET …/live` once a second
//! with `If-None-Match`), with the host's CPU use.
//!
//! Voters are seeded straight into the database and then signed in through the real login
//! (`ratusz_tests::seed` explains why): creating 1,000 accounts through the API would measure
//! argon2id, not voting. Prints numbers; asserts nothing about timings, only that no vote was
//! lost (that is correctness, not speed).

use super::load::LoadReport;
use super::ms;
use anyhow::{anyhow, ensure, Context, Result};
use ratusz_tests::seed::{self, SeededAccount};
use ratusz_tests::{HostProcess, HttpReply, RequestBuilder};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Barrier, Mutex};
use std::time::{Duration, Instant};

/// Burst sizes (the 60, 200 and 1,000).
const BURSTS: [usize; 3] = [60, 200, 1000];
/// Live polling: tablets, seconds, and the worker threads that serve their schedules.
const POLLERS: usize = 1000;
const POLL_SECONDS: u64 = 10;
const POLL_WORKERS: usize = 64;
/// Threads for set-up work (logins, check-ins): argon2id and handlers are CPU-bound on 2 cores.
const SETUP_THREADS: usize = 8;

/// One signed-in account (also the Lighthouse run's clerk, chair and councillor).
pub(super) struct Voter {
    pub(super) account: SeededAccount,
    pub(super) token: String,
}

/// Starts the app on `state_dir`, in Spin's SQLite model or with the host's write queue.
fn start_host(state_dir: &std::path::Path, write_queue: bool) -> Result<HostProcess> {
    let mut builder = super::app_host(state_dir)
        // Every login and vote of the bench comes from 127.0.0.1.
        .variable("throttle_per_address", "100000000");
    if write_queue {
        builder = builder.arg("--sqlite-write-queue");
    }
    builder.start()
}

/// Prints every council measurement: the vote bursts in Spin's SQLite model (the default, what
/// a Spin deployment does) and with the host's on-premises write queue, then live polling.
pub fn bench(state_dir: &std::path::Path) -> Result<()> {
    let mut host = start_host(state_dir, false)?;
    let health = host.get("/api/health")?;
    ensure!(health.status == 200, "health answered {}", health.status);

    let max = BURSTS.iter().copied().max().unwrap_or(0).max(POLLERS);
    let started = Instant::now();
    let db = state_dir.join("sqlite_db.db");
    let mut accounts = seed::seed_accounts(&db, "biuro", 1, &["clerk"])?;
    accounts.extend(seed::seed_accounts(&db, "przewodniczacy", 1, &["chair"])?);
    accounts.extend(seed::seed_accounts(&db, "radny", max, &["councillor"])?);
    let emails: Vec<String> = accounts.iter().map(|a| a.email.clone()).collect();
    let tokens = seed::login_all(&host.base_url(), &emails, SETUP_THREADS)?;
    let mut voters: Vec<Voter> = accounts
        .into_iter()
        .zip(tokens)
        .map(|(account, token)| Voter { account, token })
        .collect();
    let councillors = voters.split_off(2);
    let chair = voters.pop().ok_or_else(|| anyhow!("no chair"))?;
    let clerk = voters.pop().ok_or_else(|| anyhow!("no clerk"))?;
    println!(
        "\n## Council: {} accounts seeded and signed in through the API in {:.1} s",
        max + 2,
        started.elapsed().as_secs_f64()
    );

    let mut live_meeting = None;
    let modes: &[(&str, bool)] = if super::write_queue_run() {
        &[("host option --sqlite-write-queue (the whole run)", false)]
    } else {
        &[
            ("Spin's SQLite model (default)", false),
            ("host option --sqlite-write-queue", true),
        ]
    };
    for &(mode, write_queue) in modes {
        if write_queue {
            // Same state directory: the accounts and their sessions carry over.
            host.stop()?;
            host = start_host(state_dir, true)?;
        }
        let api = Api { host: &host };
        println!(
            "\n## Vote burst, {mode}: N voters released at once by a barrier, one cast each \
             (fresh connection)"
        );
        print_burst_header();
        for n in BURSTS {
            let members = &councillors[..n];
            let meeting = api.live_meeting(&clerk, &chair, members)?;
            let burst = vote_burst(&api, &clerk, &chair, &meeting, members)?;
            print_burst(n, &burst);
            if n == POLLERS && !write_queue {
                live_meeting = Some(meeting);
            }
        }
    }
    host.stop()?;
    let host = start_host(state_dir, false)?;
    let api = Api { host: &host };

    let meeting = match live_meeting {
        Some(m) => m,
        None => api.live_meeting(&clerk, &chair, &councillors[..POLLERS])?,
    };
    println!(
        "\n## Live polling: {POLLERS} tablets, each GET …/live once a second with If-None-Match, \
         {POLL_SECONDS} s; the chair changes the floor every 2 s; {POLL_WORKERS} client threads"
    );
    let tablets: Vec<&Voter> = councillors[..POLLERS].iter().collect();
    for (label, public) in [
        ("members' /api/sessions/{id}/live", false),
        ("public /api/public/sessions/{id}/live", true),
    ] {
        let run = live_polling(&api, &chair, &meeting, &tablets, public, POLL_SECONDS)?;
        println!(
            "{label:<40} {}  304s {:.0} %  host CPU {:.0} % of one core",
            run.report.summary(),
            run.not_modified_share * 100.0,
            run.cpu_percent
        );
    }
    Ok(())
}

fn print_burst_header() {
    println!(
        "{:>6}  {:>9}  {:>9}  {:>9}  {:>8}  {:>6}  {:>6}  {:>6}  {:>6}  {:>17}",
        "voters",
        "p50 ms",
        "p99 ms",
        "max ms",
        "req/s",
        "2xx",
        "5xx",
        "in res",
        "lost",
        "host p50/p99 ms"
    );
}

fn print_burst(n: usize, burst: &Burst) {
    println!(
        "{n:>6}  {:>9.1}  {:>9.1}  {:>9.1}  {:>8.0}  {:>6}  {:>6}  {:>6}  {:>6}  {:>8.0}/{:<8.0}",
        ms(burst.report.quantile(0.50)),
        ms(burst.report.quantile(0.99)),
        ms(burst.report.latencies.last().copied().unwrap_or_default()),
        burst.report.throughput(),
        burst.report.ok,
        burst.server_errors,
        burst.counted,
        burst.report.ok.saturating_sub(burst.counted),
        burst.host_ms.0,
        burst.host_ms.1,
    );
    if burst.report.errors > 0 {
        println!(
            "        ({} casts failed or were refused)",
            burst.report.errors
        );
        for reason in &burst.failures {
            println!("        - {}", reason.chars().take(200).collect::<String>());
        }
    }
}

/// Calls to the app as one signed-in account.
pub(super) struct Api<'a> {
    pub(super) host: &'a HostProcess,
}

impl Api<'_> {
    fn send(
        &self,
        who: &Voter,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<HttpReply> {
        let mut request = self
            .host
            .request(method, path)
            .header("authorization", &format!("Bearer {}", who.token));
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send()
    }

    fn expect(
        &self,
        who: &Voter,
        method: &str,
        path: &str,
        body: Option<&Value>,
        status: u16,
    ) -> Result<Value> {
        let reply = self.send(who, method, path, body)?;
        ensure!(
            reply.status == status,
            "{method} {path}: {} {}",
            reply.status,
            reply.text()
        );
        if reply.body.is_empty() {
            return Ok(Value::Null);
        }
        reply.json()
    }

    /// A published, live meeting of `members` (statutory = their number), all checked in.
    pub(super) fn live_meeting(
        &self,
        clerk: &Voter,
        chair: &Voter,
        members: &[Voter],
    ) -> Result<String> {
        let body = json!({
            "title": "Sesja budżetowa (bench)",
            "number": "B",
            "kind": "session",
            "starts_at": "2026-11-24T10:00:00Z",
            "location": "Sala obrad",
            "statutory_members": members.len(),
            "member_ids": members.iter().map(|m| m.account.id.clone()).collect::<Vec<_>>(),
        });
        let meeting = self.expect(clerk, "POST", "/api/sessions", Some(&body), 201)?;
        let id = meeting["id"]
            .as_str()
            .ok_or_else(|| anyhow!("no id in {meeting}"))?
            .to_owned();
        self.expect(
            clerk,
            "POST",
            &format!("/api/sessions/{id}/publish"),
            None,
            200,
        )?;
        let path = format!("/api/sessions/{id}/attendance");
        let body = json!({ "mode": "in_person" });
        let chunk = members.len().div_ceil(SETUP_THREADS).max(1);
        let results: Vec<Result<()>> = std::thread::scope(|scope| {
            let workers: Vec<_> = members
                .chunks(chunk)
                .map(|part| {
                    let (path, body) = (&path, &body);
                    scope.spawn(move || {
                        part.iter().try_for_each(|m| {
                            self.expect(m, "POST", path, Some(body), 200).map(drop)
                        })
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| {
                    w.join()
                        .unwrap_or_else(|_| Err(anyhow!("a check-in thread panicked")))
                })
                .collect()
        });
        results.into_iter().collect::<Result<()>>()?;
        self.expect(
            chair,
            "POST",
            &format!("/api/sessions/{id}/open"),
            None,
            200,
        )?;
        Ok(id)
    }
}

/// What a burst measured.
struct Burst {
    report: LoadReport,
    /// Votes in the closed poll's result.
    counted: u64,
    /// The host's own time per cast (request log, whole ms): p50 and p99.
    host_ms: (f64, f64),
    /// Distinct reasons of failed casts.
    failures: Vec<String>,
    /// Casts answered 5xx (a busy database must be 503 at worst, and should not happen).
    server_errors: u64,
}

fn vote_burst(
    api: &Api<'_>,
    clerk: &Voter,
    chair: &Voter,
    meeting: &str,
    members: &[Voter],
) -> Result<Burst> {
    let poll = api.expect(
        clerk,
        "POST",
        &format!("/api/sessions/{meeting}/polls"),
        Some(&json!({
            "title": format!("Głosowanie {} radnych", members.len()),
            "kind": "open",
            "majority": { "rule": "simple", "base": "cast" },
        })),
        201,
    )?;
    let pid = poll["id"]
        .as_str()
        .ok_or_else(|| anyhow!("no poll id in {poll}"))?
        .to_owned();
    api.expect(
        chair,
        "POST",
        &format!("/api/sessions/{meeting}/polls/{pid}/open"),
        Some(&json!({})),
        200,
    )?;

    let url = api
        .host
        .url(&format!("/api/sessions/{meeting}/polls/{pid}/votes"));
    let barrier = Barrier::new(members.len() + 1);
    let (started, outcomes) = std::thread::scope(|scope| {
        let workers: Vec<_> = members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let (url, barrier, pid) = (&url, &barrier, &pid);
                scope.spawn(move || {
                    let choice = ["for", "against", "abstain"][i % 3];
                    let request = RequestBuilder::new("POST", url.clone())
                        .header("authorization", &format!("Bearer {}", m.token))
                        .header("idempotency-key", &format!("bench-{pid}-{i}"))
                        .json(&json!({ "choice": choice }));
                    barrier.wait();
                    let sent = Instant::now();
                    let reply = request.send();
                    let took = sent.elapsed();
                    match reply {
                        Ok(r) if (200..300).contains(&r.status) => Ok(took),
                        Ok(r) => Err(format!("{} {}", r.status, r.text())),
                        Err(e) => Err(format!("{e:#}")),
                    }
                })
            })
            .collect();
        barrier.wait();
        let started = Instant::now();
        let outcomes: Vec<Result<Duration, String>> = workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err("the voter thread panicked".to_owned()))
            })
            .collect();
        (started, outcomes)
    });
    let elapsed = started.elapsed();
    let mut latencies: Vec<Duration> = outcomes.iter().flatten().copied().collect();
    latencies.sort_unstable();
    let errors = (outcomes.len() - latencies.len()) as u64;
    let mut failures: Vec<String> = outcomes.into_iter().filter_map(Result::err).collect();
    let server_errors = failures.iter().filter(|f| f.starts_with('5')).count() as u64;
    failures.sort();
    failures.dedup_by(|a, b| a.get(..60) == b.get(..60));

    api.expect(
        chair,
        "POST",
        &format!("/api/sessions/{meeting}/polls/{pid}/close"),
        None,
        200,
    )?;
    let result = api
        .host
        .get_json(&format!("/api/public/sessions/{meeting}/polls/{pid}"))
        .context("the result")?;
    let counts = &result["counts"];
    let counted = ["for", "against", "abstain"]
        .iter()
        .map(|k| counts[*k].as_u64().unwrap_or(0))
        .sum();
    let mut host_ms: Vec<f64> = api
        .host
        .request_log()
        .into_iter()
        .filter(|l| l.method == "POST" && l.path.ends_with(&format!("/polls/{pid}/votes")))
        .map(|l| l.duration_ms)
        .collect();
    host_ms.sort_by(f64::total_cmp);
    let at = |q: f64| {
        host_ms
            .get(((host_ms.len().saturating_sub(1)) as f64 * q).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    let host_ms = (at(0.5), at(0.99));
    Ok(Burst {
        failures,
        server_errors,
        host_ms,
        report: LoadReport {
            ok: latencies.len() as u64,
            errors,
            elapsed,
            latencies,
        },
        counted,
    })
}

/// What a live-polling run measured.
pub(super) struct Polling {
    pub(super) report: LoadReport,
    pub(super) not_modified_share: f64,
    pub(super) cpu_percent: f64,
    /// How long the polling ran.
    pub(super) wall: Duration,
}

/// One tablet's schedule and last ETag.
struct Tablet {
    token: String,
    due: Instant,
    etag: Option<String>,
}

pub(super) fn live_polling(
    api: &Api<'_>,
    chair: &Voter,
    meeting: &str,
    tablets: &[&Voter],
    public: bool,
    seconds: u64,
) -> Result<Polling> {
    let url = if public {
        api.host
            .url(&format!("/api/public/sessions/{meeting}/live"))
    } else {
        api.host.url(&format!("/api/sessions/{meeting}/live"))
    };
    let start = Instant::now() + Duration::from_millis(200);
    let deadline = start + Duration::from_secs(seconds);
    // Spread the tablets evenly over the second, as real tablets drift apart.
    let per_worker = tablets.len().div_ceil(POLL_WORKERS).max(1);
    let schedules: Vec<Vec<Tablet>> = tablets
        .chunks(per_worker)
        .enumerate()
        .map(|(w, part)| {
            part.iter()
                .enumerate()
                .map(|(j, t)| {
                    let slot = (w * per_worker + j) as u64 * 1000 / tablets.len().max(1) as u64;
                    Tablet {
                        token: t.token.clone(),
                        due: start + Duration::from_millis(slot),
                        etag: None,
                    }
                })
                .collect()
        })
        .collect();
    let not_modified = AtomicU64::new(0);
    let stop = AtomicBool::new(false);
    let latencies = Mutex::new(Vec::new());
    let errors = AtomicU64::new(0);
    let cpu_before = host_cpu_ticks(api.host)?;
    let wall = Instant::now();
    std::thread::scope(|scope| {
        // The chair changes the floor every 2 s, so tablets see real changes among the 304s.
        let changer = scope.spawn(|| {
            let mut speaking = false;
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_secs(2));
                let (path, body) = if speaking {
                    (format!("/api/sessions/{meeting}/floor/end"), json!({}))
                } else {
                    (
                        format!("/api/sessions/{meeting}/floor/grant"),
                        json!({ "name": "Skarbnik" }),
                    )
                };
                let _ = api.send(chair, "POST", &path, Some(&body));
                speaking = !speaking;
            }
        });
        let workers: Vec<_> = schedules
            .into_iter()
            .map(|mut tablets| {
                let (url, latencies, errors, not_modified) =
                    (&url, &latencies, &errors, &not_modified);
                scope.spawn(move || {
                    let agent = ratusz_tests::agent();
                    let mut mine = Vec::new();
                    while let Some(next) = tablets.iter_mut().min_by_key(|t| t.due) {
                        if next.due >= deadline {
                            break;
                        }
                        let now = Instant::now();
                        if next.due > now {
                            std::thread::sleep(next.due - now);
                        }
                        let mut request = RequestBuilder::new("GET", url.clone());
                        if !public {
                            request =
                                request.header("authorization", &format!("Bearer {}", next.token));
                        }
                        if let Some(etag) = &next.etag {
                            request = request.header("if-none-match", etag);
                        }
                        let sent = Instant::now();
                        match request.send_with(&agent) {
                            Ok(reply) if reply.status == 200 || reply.status == 304 => {
                                mine.push(sent.elapsed());
                                if reply.status == 304 {
                                    not_modified.fetch_add(1, Ordering::Relaxed);
                                } else {
                                    next.etag = reply.header("etag").map(str::to_owned);
                                }
                            }
                            _ => {
                                errors.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                        next.due += Duration::from_secs(1);
                    }
                    if let Ok(mut all) = latencies.lock() {
                        all.extend(mine);
                    }
                })
            })
            .collect();
        for w in workers {
            let _ = w.join();
        }
        stop.store(true, Ordering::Relaxed);
        let _ = changer.join();
    });
    let elapsed = wall.elapsed();
    let cpu_after = host_cpu_ticks(api.host)?;
    let mut latencies = latencies.into_inner().unwrap_or_default();
    latencies.sort_unstable();
    let ok = latencies.len() as u64;
    let ticks_per_second = 100.0; // USER_HZ on Linux
    let cpu_seconds = (cpu_after.saturating_sub(cpu_before)) as f64 / ticks_per_second;
    Ok(Polling {
        not_modified_share: if ok == 0 {
            0.0
        } else {
            not_modified.load(Ordering::Relaxed) as f64 / ok as f64
        },
        cpu_percent: cpu_seconds / elapsed.as_secs_f64() * 100.0,
        wall: elapsed,
        report: LoadReport {
            ok,
            errors: errors.load(Ordering::Relaxed),
            elapsed,
            latencies,
        },
    })
}

/// utime + stime of the host process, in clock ticks (`/proc/<pid>/stat` fields 14 and 15).
pub(super) fn host_cpu_ticks(host: &HostProcess) -> Result<u64> {
    let pid = host
        .pid()
        .ok_or_else(|| anyhow!("the host is not running"))?;
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .with_context(|| format!("reading /proc/{pid}/stat"))?;
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    let after = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest)
        .ok_or_else(|| anyhow!("unexpected /proc/{pid}/stat: {stat}"))?;
    let fields: Vec<&str> = after.split_whitespace().collect();
    // `after` starts at field 3 (state): utime is field 14, stime field 15.
    let field = |n: usize| -> Result<u64> {
        fields
            .get(n - 3)
            .ok_or_else(|| anyhow!("no field {n} in /proc/{pid}/stat"))?
            .parse::<u64>()
            .with_context(|| format!("field {n} of /proc/{pid}/stat"))
    };
    Ok(field(14)? + field(15)?)
}
