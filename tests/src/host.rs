//! Running `ratusz-host` as a black box: spawn, wait for the serving line, talk HTTP, read logs,
//! kill or stop, restart on the same state.

use crate::clock;
use crate::http::{truncate, HttpReply, RequestBuilder};
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
        let mut child = command
            .spawn()
            .with_context(|| format!("spawning {}", self.binary.display()))?;
        let (ready_tx, ready_rx) = mpsc::channel();
        self.stdout = collect_lines(child.stdout.take(), Some(ready_tx)).lines;
        self.stderr = collect_lines(child.stderr.take(), None).lines;
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

impl Drop for HostProcess {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
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
    let done = std::thread::spawn(move || {
        let mut ready = ready;
        if let Some(pipe) = pipe {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { break };
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
        if let Some(tx) = ready {
            let _ = tx.send(None);
        }
    });
    Collected { lines, done }
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
