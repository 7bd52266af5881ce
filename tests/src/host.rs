//! Running `ratusz-host` as a black box: spawn, wait for the serving line, talk HTTP, read logs,
//! kill or stop, restart on the same state.

use crate::clock;
use crate::http::{truncate, HttpReply, RequestBuilder};
use crate::post_mortem::{self, Ending, Report, Sampler, TcpCounters};
use crate::CaptureServer;
use anyhow::{anyhow, bail, Context, Result};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The line the host prints on stdout once it accepts connections.
const SERVING_PREFIX: &str = "ratusz-host: serving http://";

/// How to start a host; [`HostBuilder::start`] runs it.
#[derive(Debug, Clone)]
pub struct HostBuilder {
    binary: Option<PathBuf>,
    manifest: PathBuf,
    variables: Vec<(String, String)>,
    env: Vec<(String, String)>,
    runtime_config: Option<PathBuf>,
    schedules: Vec<String>,
    args: Vec<String>,
    state_dir: StateDir,
    ready_timeout: Duration,
    test_clock: bool,
}

#[derive(Debug, Clone)]
enum StateDir {
    /// A fresh temporary directory (the default).
    Fresh,
    /// A given directory, passed as `--state-dir`.
    Given(PathBuf),
    /// No `--state-dir`: the host's default (`.spin` beside the manifest).
    HostDefault,
}

impl HostBuilder {
    /// A host for the manifest at `manifest`.
    pub fn new(manifest: impl Into<PathBuf>) -> Self {
        Self {
            binary: None,
            manifest: manifest.into(),
            variables: Vec::new(),
            env: Vec::new(),
            runtime_config: None,
            schedules: Vec::new(),
            args: Vec::new(),
            state_dir: StateDir::Fresh,
            ready_timeout: Duration::from_secs(20),
            test_clock: false,
        }
    }

    /// Runs this binary instead of [`crate::host_bin`].
    pub fn binary(mut self, path: impl Into<PathBuf>) -> Self {
        self.binary = Some(path.into());
        self
    }

    /// Adds `--variable name=value`.
    pub fn variable(mut self, name: &str, value: &str) -> Self {
        self.variables.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets an environment variable for the host process (inherited `SPIN_VARIABLE_*` are removed).
    pub fn env(mut self, name: &str, value: &str) -> Self {
        self.env.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Adds `--runtime-config-file path`.
    pub fn runtime_config(mut self, path: impl Into<PathBuf>) -> Self {
        self.runtime_config = Some(path.into());
        self
    }

    /// Adds `--schedule spec`, e.g. `"1s /internal/tick"` or `"1s ticker /internal/tick"`.
    pub fn schedule(mut self, spec: &str) -> Self {
        self.schedules.push(spec.to_owned());
        self
    }

    /// Adds one more command-line argument, after all the others.
    pub fn arg(mut self, arg: &str) -> Self {
        self.args.push(arg.to_owned());
        self
    }

    /// Uses `dir` as `--state-dir` (instead of a fresh temporary directory).
    pub fn state_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.state_dir = StateDir::Given(dir.into());
        self
    }

    /// Passes no `--state-dir`: the host then uses `.spin` beside the manifest.
    pub fn host_default_state_dir(mut self) -> Self {
        self.state_dir = StateDir::HostDefault;
        self
    }

    /// Sets the variables `email_gateway_origin` / `sms_gateway_origin` to `capture`'s origin
    /// and `email_gateway_path` = `/email`, `sms_gateway_path` = `/sms`, so the app's outgoing
    /// e-mail and SMS land in `capture` (read them with [`CaptureServer::wait_for`]).
    pub fn gateways(self, capture: &CaptureServer) -> Self {
        let origin = capture.origin();
        self.variable("email_gateway_origin", &origin)
            .variable("email_gateway_path", "/email")
            .variable("sms_gateway_origin", &origin)
            .variable("sms_gateway_path", "/sms")
    }

    /// Runs the host with `--test-clock <state-dir>/test-clock-offset-ms` (testing only): the
    /// wall clock components see can then be moved with [`HostProcess::advance_clock`]. The file
    /// is created holding 0 unless it exists, so the offset survives [`HostProcess::restart`]
    /// and a later host on the same [`HostBuilder::state_dir`].
    pub fn test_clock(mut self) -> Self {
        self.test_clock = true;
        self
    }

    /// How long [`HostBuilder::start`] waits for the serving line (default 20 s).
    pub fn ready_timeout(mut self, timeout: Duration) -> Self {
        self.ready_timeout = timeout;
        self
    }

    /// Starts the host on `127.0.0.1:0` and waits until it prints its serving line.
    pub fn start(self) -> Result<HostProcess> {
        let binary = match &self.binary {
            Some(binary) => binary.clone(),
            None => crate::host_bin()?,
        };
        let scratch = tempfile::Builder::new()
            .prefix("ratusz-host-test-")
            .tempdir()
            .context("creating a scratch directory")?;
        let state_dir = match &self.state_dir {
            StateDir::Fresh => scratch.path().join("state"),
            StateDir::Given(dir) => dir.clone(),
            StateDir::HostDefault => manifest_dir(&self.manifest).join(".spin"),
        };
        if self.test_clock {
            clock::ensure(&state_dir.join(clock::FILE_NAME))?;
        }
        let mut host = HostProcess {
            config: self,
            binary,
            child: None,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            stdout: Arc::default(),
            stderr: Arc::default(),
            started: Instant::now(),
            stdout_closed: Arc::default(),
            sampler: None,
            tcp_at_start: TcpCounters::default(),
            state_dir,
            scratch,
            clock_lock: Mutex::new(()),
        };
        host.spawn()?;
        Ok(host)
    }

    /// Runs the host expecting it to refuse to start: waits up to `timeout` for it to exit
    /// and returns its exit status and output. Fails if it is still running by then.
    pub fn run_expecting_exit(self, timeout: Duration) -> Result<Exited> {
        let binary = match &self.binary {
            Some(binary) => binary.clone(),
            None => crate::host_bin()?,
        };
        let scratch = tempfile::tempdir().context("creating a scratch directory")?;
        let state_dir = scratch.path().join("state");
        let mut command = self.command(&binary, &state_dir, scratch.path());
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = command
            .spawn()
            .with_context(|| format!("spawning {}", binary.display()))?;
        let stdout = collect_lines(child.stdout.take(), None);
        let stderr = collect_lines(child.stderr.take(), None);
        let deadline = Instant::now() + timeout;
        let status = loop {
            if let Some(status) = child.try_wait()? {
                break status;
            }
            if Instant::now() >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                bail!(
                    "the host was still running after {timeout:?}; stdout:\n{}\nstderr:\n{}",
                    stdout.join(),
                    stderr.join()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Ok(Exited {
            status,
            stdout: stdout.join(),
            stderr: stderr.join(),
        })
    }

    fn command(&self, binary: &Path, state_dir: &Path, cwd: &Path) -> Command {
        let mut command = Command::new(binary);
        command
            .arg("up")
            .arg("-f")
            .arg(&self.manifest)
            .arg("--listen")
            .arg("127.0.0.1:0");
        if !matches!(self.state_dir, StateDir::HostDefault) {
            command.arg("--state-dir").arg(state_dir);
        }
        if let Some(runtime_config) = &self.runtime_config {
            command.arg("--runtime-config-file").arg(runtime_config);
        }
        for (name, value) in &self.variables {
            command.arg("--variable").arg(format!("{name}={value}"));
        }
        for spec in &self.schedules {
            command.arg("--schedule").arg(spec);
        }
        if self.test_clock {
            command
                .arg("--test-clock")
                .arg(state_dir.join(clock::FILE_NAME));
        }
        command.args(&self.args);
        // A test's variables must come from the test alone, not from whoever runs it.
        for (name, _) in std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v)))
            .filter(|(k, _)| k.starts_with("SPIN_VARIABLE_"))
        {
            command.env_remove(name);
        }
        command.envs(self.env.iter().map(|(k, v)| (k, v)));
        // Not the manifest's directory: relative paths must resolve against the manifest.
        command.current_dir(cwd);
        command.stdin(Stdio::null());
        command
    }
}

/// How a host that refused to start ended.
#[derive(Debug)]
pub struct Exited {
    /// Its exit status.
    pub status: ExitStatus,
    /// Everything it printed on stdout.
    pub stdout: String,
    /// Everything it printed on stderr.
    pub stderr: String,
}

/// A running host; killed when dropped.
#[derive(Debug)]
pub struct HostProcess {
    config: HostBuilder,
    binary: PathBuf,
    child: Option<Child>,
    addr: SocketAddr,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
    /// When the current run was spawned.
    started: Instant,
    /// When the current run's stdout closed (the process ended, or closed it).
    stdout_closed: Arc<Mutex<Option<Instant>>>,
    /// Reads the current run's memory, threads and open files for a failure's report.
    sampler: Option<Sampler>,
    /// The kernel's TCP counters when the current run started.
    tcp_at_start: TcpCounters,
    state_dir: PathBuf,
    scratch: tempfile::TempDir,
    /// Serialises read-modify-write of the clock file between threads of one test.
    clock_lock: Mutex<()>,
}

/// One parsed request log line: `METHOD PATH STATUS COMPONENT DURATION_MS`.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestLogLine {
    /// HTTP method.
    pub method: String,
    /// Request path.
    pub path: String,
    /// Response status.
    pub status: u16,
    /// The component that handled it (the host's word for "none" when unrouted).
    pub component: String,
    /// Handling time in milliseconds.
    pub duration_ms: f64,
}

impl RequestLogLine {
    /// Parses a request log line; `None` for any other line.
    pub fn parse(line: &str) -> Option<Self> {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let [method, path, status, component, duration] =
            fields.get(fields.len().checked_sub(5)?..)?
        else {
            return None;
        };
        if method.is_empty() || !method.chars().all(|c| c.is_ascii_uppercase()) {
            return None;
        }
        if !path.starts_with('/') || status.len() != 3 {
            return None;
        }
        Some(Self {
            method: (*method).to_owned(),
            path: (*path).to_owned(),
            status: status.parse().ok()?,
            component: (*component).to_owned(),
            duration_ms: duration.trim_end_matches("ms").parse().ok()?,
        })
    }
}

impl HostProcess {
    /// The address the host serves on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `http://ADDR` + `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The state directory the host was given (or its default).
    pub fn state_dir(&self) -> &Path {
        &self.state_dir
    }

    /// The test clock file (`--test-clock`), when the host was built with
    /// [`HostBuilder::test_clock`].
    pub fn clock_file(&self) -> Option<PathBuf> {
        self.config
            .test_clock
            .then(|| self.state_dir.join(clock::FILE_NAME))
    }

    /// Moves the wall clock components see `seconds` forward (negative: backward), from the
    /// next request on. Needs [`HostBuilder::test_clock`].
    pub fn advance_clock(&self, seconds: i64) -> Result<()> {
        let ms = seconds
            .checked_mul(1000)
            .with_context(|| format!("advance_clock({seconds}): too far"))?;
        self.advance_clock_ms(ms)
    }

    /// Like [`HostProcess::advance_clock`], in milliseconds.
    pub fn advance_clock_ms(&self, ms: i64) -> Result<()> {
        let Some(file) = self.clock_file() else {
            bail!("advance_clock needs a host started with HostBuilder::test_clock()");
        };
        let _guard = self
            .clock_lock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let offset = clock::read_offset_ms(&file)
            .checked_add(ms)
            .context("clock offset overflow")?;
        clock::write_offset_ms(&file, offset)
    }

    /// The current test clock offset in whole seconds (0 without [`HostBuilder::test_clock`]).
    pub fn clock_offset_s(&self) -> i64 {
        self.clock_offset_ms() / 1000
    }

    /// The current test clock offset in milliseconds (0 without [`HostBuilder::test_clock`]).
    pub fn clock_offset_ms(&self) -> i64 {
        self.clock_file()
            .map(|file| clock::read_offset_ms(&file))
            .unwrap_or(0)
    }

    /// The host's process id, while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// A request to `path` on this host.
    pub fn request(&self, method: &str, path: &str) -> RequestBuilder {
        RequestBuilder::new(method, self.url(path))
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> Result<HttpReply> {
        self.request("GET", path).send()
    }

    /// `POST path` with `body`.
    pub fn post(&self, path: &str, body: impl Into<Vec<u8>>) -> Result<HttpReply> {
        self.request("POST", path).body(body).send()
    }

    /// `GET path`, parsed as JSON, failing unless the status is 200.
    pub fn get_json(&self, path: &str) -> Result<serde_json::Value> {
        expect_ok_json(self.get(path)?, path)
    }

    /// `POST path` with `body`, parsed as JSON, failing unless the status is 200.
    pub fn post_json(&self, path: &str, body: impl Into<Vec<u8>>) -> Result<serde_json::Value> {
        expect_ok_json(self.post(path, body)?, path)
    }

    /// Lines printed on stdout by the current run (serving line, request log).
    pub fn stdout_lines(&self) -> Vec<String> {
        lock(&self.stdout).clone()
    }

    /// Lines printed on stderr by the current run.
    pub fn stderr_lines(&self) -> Vec<String> {
        lock(&self.stderr).clone()
    }

    /// Everything printed by the current run, stdout then stderr, for assertions and messages.
    pub fn logs(&self) -> String {
        format!(
            "--- stdout ---\n{}\n--- stderr ---\n{}",
            self.stdout_lines().join("\n"),
            self.stderr_lines().join("\n")
        )
    }

    /// The request log lines printed so far by the current run.
    pub fn request_log(&self) -> Vec<RequestLogLine> {
        lock(&self.stdout)
            .iter()
            .filter_map(|line| RequestLogLine::parse(line))
            .collect()
    }

    /// Waits until a request log line satisfies `matches`.
    pub fn wait_for_request_log(
        &self,
        timeout: Duration,
        matches: impl Fn(&RequestLogLine) -> bool,
    ) -> Result<RequestLogLine> {
        crate::wait_until("a matching request log line", timeout, || {
            self.request_log().into_iter().find(|line| matches(line))
        })
        .map_err(|e| anyhow!("{e}\n{}", self.logs()))
    }

    /// True while the process runs.
    pub fn is_running(&mut self) -> bool {
        match &mut self.child {
            Some(child) => matches!(child.try_wait(), Ok(None)),
            None => false,
        }
    }

    /// `kill -9`: no chance to flush or clean up.
    pub fn kill9(&mut self) -> Result<()> {
        self.stop_sampler();
        if let Some(mut child) = self.child.take() {
            child.kill().context("sending SIGKILL")?;
            child.wait().context("reaping the host")?;
        }
        Ok(())
    }

    /// SIGTERM, then waits up to 10 s for a graceful exit and returns its status.
    pub fn stop(&mut self) -> Result<ExitStatus> {
        let Some(mut child) = self.child.take() else {
            bail!("the host is not running");
        };
        self.stop_sampler();
        let sent = Command::new("kill")
            .arg("-TERM")
            .arg(child.id().to_string())
            .status()
            .context("running `kill -TERM`")?;
        if !sent.success() {
            bail!("`kill -TERM {}` failed: {sent}", child.id());
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = child.try_wait()? {
                return Ok(status);
            }
            if Instant::now() >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                bail!(
                    "the host did not exit within 10 s of SIGTERM\n{}",
                    self.logs()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Starts the host again with the same configuration and state directory (after
    /// [`HostProcess::kill9`] or [`HostProcess::stop`]; kills a running one first). The port
    /// changes; the logs start afresh.
    pub fn restart(&mut self) -> Result<()> {
        self.kill9()?;
        self.spawn()
    }

    fn spawn(&mut self) -> Result<()> {
        let mut command = self
            .config
            .command(&self.binary, &self.state_dir, self.scratch.path());
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = spawn_retrying_busy(&mut command)
            .with_context(|| format!("spawning {}", self.binary.display()))?;
        let (ready_tx, ready_rx) = mpsc::channel();
        let stdout = collect_lines(child.stdout.take(), Some(ready_tx));
        self.stdout = stdout.lines;
        self.stdout_closed = stdout.closed;
        self.stderr = collect_lines(child.stderr.take(), None).lines;
        self.started = Instant::now();
        self.tcp_at_start = TcpCounters::read();
        self.stop_sampler();
        self.sampler = Some(Sampler::start(child.id()));
        self.child = Some(child);
        let timeout = self.config.ready_timeout;
        match ready_rx.recv_timeout(timeout) {
            Ok(Some(addr)) => {
                self.addr = addr;
                Ok(())
            }
            Ok(None) | Err(mpsc::RecvTimeoutError::Disconnected) => {
                let status = self.wait_briefly();
                bail!(
                    "the host exited before serving ({status}): {}\n{}",
                    self.config.describe(),
                    self.logs()
                )
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let _ = self.kill9();
                bail!(
                    "the host printed no `{SERVING_PREFIX}…` line within {timeout:?}: {}\n{}",
                    self.config.describe(),
                    self.logs()
                )
            }
        }
    }

    /// After stdout closed: the exit status, waiting up to 2 s for the process and its stderr.
    fn wait_briefly(&mut self) -> String {
        let Some(mut child) = self.child.take() else {
            return "not running".into();
        };
        let deadline = Instant::now() + Duration::from_secs(2);
        loop {
            match child.try_wait() {
                Ok(Some(status)) => {
                    // Let the stderr reader catch up with the last lines.
                    std::thread::sleep(Duration::from_millis(100));
                    return status.to_string();
                }
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                _ => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return "closed stdout, killed".into();
                }
            }
        }
    }
}

impl HostBuilder {
    fn describe(&self) -> String {
        format!("manifest {}", self.manifest.display())
    }
}

impl HostProcess {
    fn stop_sampler(&mut self) {
        if let Some(sampler) = self.sampler.take() {
            sampler.stop();
        }
    }

    /// After a failed test: how the host ended, its last vitals and its log's tail on stderr
    /// (the test's captured output), and the whole log in `<target>/host-logs/`.
    fn post_mortem(&self, child: &mut Child) {
        let ending = match child.try_wait() {
            Ok(Some(status)) => {
                // Let the readers take the last lines a dying host wrote.
                std::thread::sleep(Duration::from_millis(200));
                Ending::Exited(status, *lock_closed(&self.stdout_closed))
            }
            _ => Ending::Running,
        };
        let test = std::thread::current()
            .name()
            .unwrap_or("unnamed test")
            .to_owned();
        let stdout = self.stdout_lines();
        let stderr = self.stderr_lines();
        let report = Report {
            test: &test,
            pid: child.id(),
            manifest: &self.config.describe(),
            started: self.started,
            ending,
            sampler: self.sampler.as_ref(),
            tcp_at_start: &self.tcp_at_start,
            stdout: &stdout,
            stderr: &stderr,
        };
        let dir = crate::target_dir().join("host-logs");
        let file = dir.join(format!(
            "{}-{}.log",
            post_mortem::file_stem(&test),
            child.id()
        ));
        let summary = report.render(None);
        let kept = std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(&file, report.whole_log(&summary)))
            .is_ok();
        eprintln!("{}", report.render(kept.then_some(file.as_path())));
    }
}

fn lock_closed(closed: &Mutex<Option<Instant>>) -> std::sync::MutexGuard<'_, Option<Instant>> {
    closed
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Drop for HostProcess {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            // A test that fails (panics) with its host alive or dead: keep the evidence —
            // "connection reset" alone cannot tell a crashed host from a refusing one.
            if std::thread::panicking() {
                self.post_mortem(&mut child);
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        self.stop_sampler();
    }
}

fn expect_ok_json(reply: HttpReply, path: &str) -> Result<serde_json::Value> {
    if reply.status != 200 {
        bail!(
            "{path}: expected status 200, got {}: {}",
            reply.status,
            truncate(&reply.text(), 2000)
        );
    }
    reply.json()
}

fn manifest_dir(manifest: &Path) -> PathBuf {
    manifest
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn lock(lines: &Mutex<Vec<String>>) -> std::sync::MutexGuard<'_, Vec<String>> {
    lines
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Lines read from a child's pipe by a background thread.
struct Collected {
    lines: Arc<Mutex<Vec<String>>>,
    /// When the pipe closed (for a host's stdout: about when the process ended).
    closed: Arc<Mutex<Option<Instant>>>,
    done: std::thread::JoinHandle<()>,
}

impl Collected {
    /// Waits for the pipe to close and returns everything read, one line each.
    fn join(self) -> String {
        let _ = self.done.join();
        lock(&self.lines).join("\n")
    }
}

/// Reads `pipe` line by line on a thread. With `ready`, sends the address from the serving
/// line (or `None` when the pipe closes first).
fn collect_lines(
    pipe: Option<impl std::io::Read + Send + 'static>,
    ready: Option<mpsc::Sender<Option<SocketAddr>>>,
) -> Collected {
    let lines: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = Arc::clone(&lines);
    let closed: Arc<Mutex<Option<Instant>>> = Arc::default();
    let closed_at = Arc::clone(&closed);
    let done = std::thread::spawn(move || {
        let mut ready = ready;
        if let Some(pipe) = pipe {
            // Bytes, not `lines()`: one non-UTF-8 line (guest output) must not end the
            // reading, or the rest of the log — the part a failure needs — would be lost.
            for line in BufReader::new(pipe).split(b'\n') {
                let Ok(line) = line else { break };
                let line = String::from_utf8_lossy(&line)
                    .trim_end_matches('\r')
                    .to_owned();
                if let Some(addr) = line.strip_prefix(SERVING_PREFIX) {
                    if let (Some(tx), Ok(addr)) =
                        (ready.as_ref(), addr.trim().trim_end_matches('/').parse())
                    {
                        let _ = tx.send(Some(addr));
                        ready = None;
                    }
                }
                lock(&sink).push(line);
            }
        }
        *lock_closed(&closed_at) = Some(Instant::now());
        if let Some(tx) = ready {
            let _ = tx.send(None);
        }
    });
    Collected {
        lines,
        closed,
        done,
    }
}

/// How often a spawn that meets `ETXTBSY` is tried again, 10 ms apart.
const BUSY_RETRIES: u32 = 100;

/// Spawns `command`, trying again while the kernel says the executable is busy (`ETXTBSY`). A
/// test that writes a wrapper script and runs it meets that when another test's thread forks
/// between the script's write and its exec: the child holds the still-open write descriptor
/// until its own exec closes it (`O_CLOEXEC`), a moment later. Seen once in CI (overload's
/// soft-limit test); Go's `os/exec` tests retry the same way.
fn spawn_retrying_busy(command: &mut Command) -> std::io::Result<Child> {
    let mut tries = 0;
    loop {
        match command.spawn() {
            Err(e)
                if e.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < BUSY_RETRIES =>
            {
                tries += 1;
                std::thread::sleep(Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gateways_point_both_gateways_at_the_capture_server() {
        let capture = CaptureServer::start().unwrap();
        let builder = HostBuilder::new("/nowhere/spin.toml").gateways(&capture);
        let origin = capture.origin();
        let expected: Vec<(String, String)> = [
            ("email_gateway_origin", origin.as_str()),
            ("email_gateway_path", "/email"),
            ("sms_gateway_origin", origin.as_str()),
            ("sms_gateway_path", "/sms"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        assert_eq!(builder.variables, expected);
    }

    /// A stand-in host: prints the serving line and its last words, then runs `then`.
    fn fake_host(dir: &Path, then: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let script = dir.join("fake-host.sh");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\necho '{SERVING_PREFIX}127.0.0.1:9/'\necho 'last words' >&2\n{then}\n"
            ),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        script
    }

    /// Runs a test body on a thread named `name` that panics with the host in scope, and
    /// returns the post-mortem file the harness kept for it.
    fn failed_test_with(name: &str, host: PathBuf) -> String {
        let pid = Arc::new(Mutex::new(0));
        let seen = Arc::clone(&pid);
        let failed = std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                let host = HostBuilder::new("/nowhere/spin.toml")
                    .binary(host)
                    .start()
                    .unwrap();
                *lock_pid(&seen) = host.pid().unwrap();
                std::thread::sleep(Duration::from_millis(300));
                panic!("the test fails with its host in scope");
            })
            .unwrap()
            .join();
        assert!(failed.is_err());
        let pid = *lock_pid(&pid);
        let file = crate::target_dir()
            .join("host-logs")
            .join(format!("{name}-{pid}.log"));
        let text = std::fs::read_to_string(&file).unwrap();
        let _ = std::fs::remove_file(&file);
        text
    }

    fn lock_pid(pid: &Mutex<u32>) -> std::sync::MutexGuard<'_, u32> {
        pid.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    #[test]
    fn a_failed_test_keeps_how_its_dead_host_ended_and_its_log() {
        let dir = tempfile::tempdir().unwrap();
        let text = failed_test_with("post_mortem_dead_host", fake_host(dir.path(), "kill -9 $$"));
        assert!(text.contains("EXITED by itself"), "{text}");
        assert!(text.contains("SIGKILL"), "{text}");
        assert!(text.contains("last words"), "{text}");
    }

    #[test]
    fn a_failed_test_says_its_host_was_still_running() {
        let dir = tempfile::tempdir().unwrap();
        let text = failed_test_with(
            "post_mortem_live_host",
            fake_host(dir.path(), "exec sleep 30"),
        );
        assert!(text.contains("still running"), "{text}");
        assert!(text.contains("last words"), "{text}");
    }

    #[test]
    fn test_clock_adds_the_flag_with_a_file_in_the_state_dir() {
        let builder = HostBuilder::new("/nowhere/spin.toml").test_clock();
        let state = Path::new("/tmp/state");
        let command = builder.command(Path::new("ratusz-host"), state, Path::new("/tmp"));
        let args: Vec<String> = command
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        let at = args.iter().position(|a| a == "--test-clock").unwrap();
        assert_eq!(args[at + 1], state.join(clock::FILE_NAME).to_string_lossy());
    }
}
