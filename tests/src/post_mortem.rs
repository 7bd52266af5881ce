//! What a failed test says about its host: how the host ended (still running, or its exit
//! status — a signal says killed, e.g. by the OOM killer), what it last looked like (memory,
//! threads, open files against its limit) and the tail of its log; the whole log is kept
//! under `<target>/host-logs/`. A CI failure where every connection was reset at once could
//! not tell a dead host from a refusing one because none of this was kept.

use std::path::PathBuf;
use std::process::ExitStatus;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How often a running host's vitals are read from `/proc`.
const SAMPLE_EVERY: Duration = Duration::from_millis(500);
/// Lines of each stream shown in the test's output (the file keeps all).
const STDERR_TAIL: usize = 60;
const STDOUT_TAIL: usize = 20;

/// One reading of a host process's `/proc` entries (Linux; elsewhere none is taken).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Vitals {
    /// Resident memory, KiB.
    pub rss_kib: u64,
    /// Peak resident memory so far, KiB (the kernel's `VmHWM`).
    pub peak_rss_kib: u64,
    /// Threads.
    pub threads: u64,
    /// Open file descriptors (sockets, SQLite files, pipes).
    pub fds: u64,
}

impl Vitals {
    /// Parses `/proc/<pid>/status`; `None` for a zombie (it has no `VmRSS`) or a bad text.
    pub(crate) fn from_status(status: &str, fds: u64) -> Option<Self> {
        let field = |name: &str| -> Option<u64> {
            status
                .lines()
                .find_map(|line| line.strip_prefix(name))?
                .trim_start_matches(':')
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        };
        Some(Self {
            rss_kib: field("VmRSS")?,
            peak_rss_kib: field("VmHWM")?,
            threads: field("Threads")?,
            fds,
        })
    }
}

/// The vitals watch of one host process: the last reading, the most threads and open files
/// seen, and when the reading stopped.
#[derive(Debug, Default)]
pub(crate) struct Watch {
    last: Option<(Instant, Vitals)>,
    most_threads: u64,
    most_fds: u64,
    fd_limit: Option<String>,
}

/// A running sampler; stops when the process is gone or [`Sampler::stop`] is called.
#[derive(Debug)]
pub(crate) struct Sampler {
    watch: Arc<Mutex<Watch>>,
    stop: Arc<AtomicBool>,
}

impl Sampler {
    /// Starts reading `/proc/<pid>` every [`SAMPLE_EVERY`] on a thread.
    pub(crate) fn start(pid: u32) -> Self {
        let watch: Arc<Mutex<Watch>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let (into, stopped) = (Arc::clone(&watch), Arc::clone(&stop));
        let spawned = std::thread::Builder::new()
            .name(format!("host-vitals-{pid}"))
            .spawn(move || {
                let dir = PathBuf::from(format!("/proc/{pid}"));
                let fd_limit = std::fs::read_to_string(dir.join("limits"))
                    .ok()
                    .and_then(|limits| open_files_limit(&limits));
                lock(&into).fd_limit = fd_limit;
                while !stopped.load(Ordering::SeqCst) {
                    let Ok(status) = std::fs::read_to_string(dir.join("status")) else {
                        return;
                    };
                    let fds = std::fs::read_dir(dir.join("fd")).map_or(0, |d| d.count() as u64);
                    // A zombie has no memory lines: the process has ended.
                    let Some(vitals) = Vitals::from_status(&status, fds) else {
                        return;
                    };
                    {
                        let mut watch = lock(&into);
                        watch.most_threads = watch.most_threads.max(vitals.threads);
                        watch.most_fds = watch.most_fds.max(vitals.fds);
                        watch.last = Some((Instant::now(), vitals));
                    }
                    std::thread::sleep(SAMPLE_EVERY);
                }
            });
        if spawned.is_err() {
            // No vitals then; the report says so.
            stop.store(true, Ordering::SeqCst);
        }
        Self { watch, stop }
    }

    /// Stops sampling (the process is about to be killed or was restarted).
    pub(crate) fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }

    /// One line on the vitals, e.g. for a report.
    fn describe(&self, now: Instant) -> String {
        let watch = lock(&self.watch);
        let limit = watch.fd_limit.as_deref().unwrap_or("unknown");
        match watch.last {
            None => format!("no vitals were read (open-files limit {limit})"),
            Some((at, v)) => format!(
                "last read {:.1} s before this report: RSS {} MiB (peak {} MiB), {} threads \
                 (most {}), {} open fds (most {}, soft limit {limit})",
                now.saturating_duration_since(at).as_secs_f64(),
                v.rss_kib / 1024,
                v.peak_rss_kib / 1024,
                v.threads,
                watch.most_threads,
                v.fds,
                watch.most_fds,
            ),
        }
    }
}

/// The soft "Max open files" of a `/proc/<pid>/limits` text.
fn open_files_limit(limits: &str) -> Option<String> {
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.trim_start_matches("Max open files")
        .split_whitespace()
        .next()
        .map(str::to_owned)
}

/// The kernel's TCP counters that tell a full listen queue (SYNs dropped or answered with
/// cookies) and connections reset on close with unread data (what a killed or crashed
/// process does to requests it had not read).
const TCP_COUNTERS: [&str; 6] = [
    "ListenOverflows",
    "ListenDrops",
    "TCPReqQFullDoCookies",
    "TCPReqQFullDrop",
    "TCPAbortOnClose",
    "TCPAbortOnData",
];

/// A reading of [`TCP_COUNTERS`] (machine-wide: other processes count too).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TcpCounters(Vec<(&'static str, u64)>);

impl TcpCounters {
    /// Reads `/proc/net/netstat` (empty where there is none).
    pub(crate) fn read() -> Self {
        std::fs::read_to_string("/proc/net/netstat")
            .map(|text| Self::parse(&text))
            .unwrap_or_default()
    }

    /// The `TcpExt:` names line and values line of a `/proc/net/netstat` text.
    fn parse(text: &str) -> Self {
        let mut rows = text.lines().filter(|l| l.starts_with("TcpExt:"));
        let (Some(names), Some(values)) = (rows.next(), rows.next()) else {
            return Self::default();
        };
        let pairs: Vec<(&str, &str)> = names
            .split_whitespace()
            .zip(values.split_whitespace())
            .collect();
        Self(
            TCP_COUNTERS
                .iter()
                .filter_map(|&name| {
                    let (_, value) = pairs.iter().find(|(n, _)| *n == name)?;
                    Some((name, value.parse().ok()?))
                })
                .collect(),
        )
    }

    /// `name +delta` for each counter that grew since `earlier`.
    fn growth_since(&self, earlier: &Self) -> String {
        let grown: Vec<String> = self
            .0
            .iter()
            .filter_map(|(name, now)| {
                let before = earlier.0.iter().find(|(n, _)| n == name).map(|(_, v)| *v)?;
                (*now > before).then(|| format!("{name} +{}", now - before))
            })
            .collect();
        if grown.is_empty() {
            "none grew".to_owned()
        } else {
            grown.join(", ")
        }
    }
}

/// How the host was found when the report was made.
#[derive(Debug)]
pub(crate) enum Ending {
    /// It had exited by itself with this status; its stdout closed at that instant.
    Exited(ExitStatus, Option<Instant>),
    /// It was still running (the harness kills it after the report).
    Running,
}

/// Everything a report says.
pub(crate) struct Report<'a> {
    pub test: &'a str,
    pub pid: u32,
    pub manifest: &'a str,
    pub started: Instant,
    pub ending: Ending,
    pub sampler: Option<&'a Sampler>,
    /// The TCP counters when the host was started.
    pub tcp_at_start: &'a TcpCounters,
    pub stdout: &'a [String],
    pub stderr: &'a [String],
}

impl Report<'_> {
    /// The text for the test's output; the whole log goes to `file` (shown in the text).
    pub(crate) fn render(&self, file: Option<&std::path::Path>) -> String {
        let now = Instant::now();
        let since_start = |at: Instant| at.saturating_duration_since(self.started).as_secs_f64();
        let ending = match &self.ending {
            Ending::Exited(status, closed) => {
                let when = closed.map_or_else(String::new, |at| {
                    format!(
                        " (stdout closed {:.1} s after start, {:.1} s before this report)",
                        since_start(at),
                        now.saturating_duration_since(at).as_secs_f64()
                    )
                });
                format!("the host had EXITED by itself: {status}{when}")
            }
            Ending::Running => format!(
                "the host was still running {:.1} s after start (killed now by the harness)",
                since_start(now)
            ),
        };
        let vitals = self
            .sampler
            .map_or_else(|| "no vitals were read".to_owned(), |s| s.describe(now));
        let tcp = TcpCounters::read().growth_since(self.tcp_at_start);
        let mut text = format!(
            "=== ratusz-host post-mortem: test `{}`, pid {}, {} ===\n{ending}\n{vitals}\n\
             machine-wide TCP counters since the host started: {tcp}\n",
            self.test, self.pid, self.manifest
        );
        if let Some(file) = file {
            text.push_str(&format!("whole log: {}\n", file.display()));
        }
        text.push_str(&tail("stderr", self.stderr, STDERR_TAIL));
        text.push_str(&tail("stdout", self.stdout, STDOUT_TAIL));
        text
    }

    /// The whole log, for the file.
    pub(crate) fn whole_log(&self, summary: &str) -> String {
        format!(
            "{summary}\n--- whole stderr ---\n{}\n--- whole stdout ---\n{}\n",
            self.stderr.join("\n"),
            self.stdout.join("\n")
        )
    }
}

fn tail(name: &str, lines: &[String], n: usize) -> String {
    let from = lines.len().saturating_sub(n);
    format!(
        "--- {name} (last {} of {} lines) ---\n{}\n",
        lines.len() - from,
        lines.len(),
        lines[from..].join("\n")
    )
}

/// A file name from a test's thread name (`module::test` → `module__test`).
pub(crate) fn file_stem(test: &str) -> String {
    test.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines_give_memory_threads_and_no_reading_for_a_zombie() {
        let status =
            "Name:\tratusz-host\nVmHWM:\t 3145728 kB\nVmRSS:\t 1048576 kB\nThreads:\t514\n";
        assert_eq!(
            Vitals::from_status(status, 900),
            Some(Vitals {
                rss_kib: 1_048_576,
                peak_rss_kib: 3_145_728,
                threads: 514,
                fds: 900
            })
        );
        let zombie = "Name:\tratusz-host\nState:\tZ (zombie)\nThreads:\t1\n";
        assert_eq!(Vitals::from_status(zombie, 0), None);
    }

    #[test]
    fn tcp_counters_are_read_by_name_and_only_growth_is_told() {
        let at_start = TcpCounters::parse(
            "TcpExt: SyncookiesSent ListenOverflows ListenDrops TCPAbortOnClose\n\
             TcpExt: 0 10 10 5\n\
             IpExt: InNoRoutes\nIpExt: 0\n",
        );
        assert_eq!(
            at_start,
            TcpCounters(vec![
                ("ListenOverflows", 10),
                ("ListenDrops", 10),
                ("TCPAbortOnClose", 5)
            ])
        );
        let later = TcpCounters(vec![
            ("ListenOverflows", 250),
            ("ListenDrops", 250),
            ("TCPAbortOnClose", 5),
        ]);
        assert_eq!(
            later.growth_since(&at_start),
            "ListenOverflows +240, ListenDrops +240"
        );
        assert_eq!(at_start.growth_since(&at_start), "none grew");
        assert_eq!(TcpCounters::parse("no such lines"), TcpCounters::default());
    }

    #[test]
    fn the_open_files_limit_is_the_soft_one() {
        let limits = "Limit                     Soft Limit           Hard Limit           Units\n\
                      Max processes             95000                95000                processes\n\
                      Max open files            1024                 524288               files\n";
        assert_eq!(open_files_limit(limits).as_deref(), Some("1024"));
    }

    #[test]
    fn a_report_says_how_the_host_ended_and_shows_the_log_tail() {
        let stderr: Vec<String> = (0..100).map(|i| format!("err {i}")).collect();
        let stdout = vec!["ratusz-host: serving http://127.0.0.1:1".to_owned()];
        let started = Instant::now();
        let report = Report {
            test: "suite::a_test",
            pid: 42,
            manifest: "manifest /x/spin.toml",
            started,
            ending: Ending::Running,
            sampler: None,
            tcp_at_start: &TcpCounters::default(),
            stdout: &stdout,
            stderr: &stderr,
        };
        let text = report.render(None);
        assert!(text.contains("still running"), "{text}");
        assert!(text.contains("last 60 of 100 lines"), "{text}");
        assert!(
            text.contains("err 99") && !text.contains("err 39\n"),
            "{text}"
        );
        assert!(text.contains("serving http://"), "{text}");
        assert_eq!(file_stem("suite::a_test"), "suite__a_test");
    }

    #[test]
    fn a_host_killed_by_a_signal_is_reported_as_exited_with_that_signal() {
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        child.kill().unwrap();
        let status = child.wait().unwrap();
        let report = Report {
            test: "t",
            pid: child.id(),
            manifest: "m",
            started: Instant::now(),
            ending: Ending::Exited(status, Some(Instant::now())),
            sampler: None,
            tcp_at_start: &TcpCounters::default(),
            stdout: &[],
            stderr: &[],
        };
        let text = report.render(None);
        assert!(text.contains("EXITED by itself"), "{text}");
        assert!(text.contains("SIGKILL"), "{text}");
    }

    #[test]
    fn the_sampler_reads_a_live_process_and_stops_when_it_ends() {
        if !std::path::Path::new("/proc/self/status").exists() {
            return; // not Linux: no vitals are taken
        }
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            .spawn()
            .unwrap();
        let sampler = Sampler::start(child.id());
        let read = crate::wait_until("a vitals reading", Duration::from_secs(5), || {
            lock(&sampler.watch).last.map(|(_, v)| v)
        })
        .unwrap();
        assert!(read.threads >= 1 && read.rss_kib > 0, "{read:?}");
        assert!(sampler.describe(Instant::now()).contains("open fds"));
        child.kill().unwrap();
        child.wait().unwrap();
        sampler.stop();
    }
}
