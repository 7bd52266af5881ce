//! A throw-away Redis (Debian's `redis-server`) for tests of the Redis key-value backend.

use anyhow::{bail, Context, Result};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `redis-server` on a free loopback port, persisting nothing, killed when dropped.
#[derive(Debug)]
pub struct RedisServer {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl RedisServer {
    /// Starts one and waits until it answers `PING`.
    pub fn start() -> Result<Self> {
        let binary = find_redis_server()?;
        // A free port can be taken between our probe and redis binding it: retry a few times.
        let mut last_error = None;
        for _ in 0..5 {
            match Self::start_on(&binary, free_port()?) {
                Ok(server) => return Ok(server),
                Err(e) => last_error = Some(e),
            }
        }
        Err(last_error.unwrap_or_else(|| anyhow::anyhow!("redis-server did not start")))
    }

    fn start_on(binary: &std::path::Path, port: u16) -> Result<Self> {
        let dir = tempfile::Builder::new().prefix("ratusz-redis-").tempdir()?;
        let child = Command::new(binary)
            .args(["--port", &port.to_string()])
            .args(["--bind", "127.0.0.1"])
            .args(["--save", ""])
            .args(["--appendonly", "no"])
            .args(["--daemonize", "no"])
            .args(["--protected-mode", "yes"])
            .arg("--dir")
            .arg(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("spawning {}", binary.display()))?;
        let mut server = Self {
            child,
            port,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if server.ping() {
                return Ok(server);
            }
            if let Some(status) = server.child.try_wait()? {
                bail!("redis-server on port {port} exited: {status}");
            }
            if Instant::now() >= deadline {
                bail!("redis-server on port {port} did not answer PING within 10 s");
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `redis://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// A runtime config (`--runtime-config-file`) putting the KV store `label` on this server.
    pub fn runtime_config_toml(&self, label: &str) -> String {
        format!(
            "[key_value_store.{label}]\ntype = \"redis\"\nurl = \"{}\"\n",
            self.url()
        )
    }

    /// How many keys the server holds (`DBSIZE`): proof that a host keeps its KV data here.
    pub fn key_count(&self) -> Result<u64> {
        let (head, _) = self.command(&["DBSIZE"])?;
        head.strip_prefix(':')
            .and_then(|t| t.parse().ok())
            .with_context(|| format!("unexpected DBSIZE reply {head:?}"))
    }

    /// Sends one command (RESP) and answers its reply's first line and, for a bulk string,
    /// its bytes: a test reads what the components wrote here itself, not through the host.
    pub fn command(&self, args: &[&str]) -> Result<(String, Option<Vec<u8>>)> {
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
        stream.set_read_timeout(Some(Duration::from_secs(5)))?;
        let mut request = format!("*{}\r\n", args.len()).into_bytes();
        for arg in args {
            request.extend(format!("${}\r\n{arg}\r\n", arg.len()).into_bytes());
        }
        stream.write_all(&request)?;
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        reader.read_line(&mut head)?;
        let head = head.trim_end().to_owned();
        let bulk = match head.strip_prefix('$').map(str::parse::<usize>) {
            Some(Ok(len)) => {
                let mut bytes = vec![0; len + 2];
                reader.read_exact(&mut bytes)?;
                bytes.truncate(len);
                Some(bytes)
            }
            _ => None,
        };
        Ok((head, bulk))
    }

    /// The value of `key` as text (`None`: no such key).
    pub fn get(&self, key: &str) -> Result<Option<String>> {
        self.command(&["GET", key])?
            .1
            .map(|bytes| String::from_utf8(bytes).context("a non-UTF-8 value"))
            .transpose()
    }

    fn ping(&self) -> bool {
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(200)) else {
            return false;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
        if stream.write_all(b"*1\r\n$4\r\nPING\r\n").is_err() {
            return false;
        }
        let mut reply = [0u8; 7];
        stream.read_exact(&mut reply).is_ok() && &reply == b"+PONG\r\n"
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_redis_server() -> Result<std::path::PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/bin".into(), "/usr/sbin".into()])
        .map(|dir| dir.join("redis-server"))
        .find(|candidate| candidate.is_file())
        .context(
            "`redis-server` is not installed: run `apt-get install -y redis-server` \
             (the Redis key-value backend tests need it)",
        )
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}
