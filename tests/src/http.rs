//! A small blocking HTTP client over `ureq` that never turns a status into an error, plus a raw
//! TCP client for the cases `ureq` hides (oversized bodies, forged headers sent verbatim).

use anyhow::{anyhow, Context, Result};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

/// A `ureq` agent for tests: statuses are data, not errors; no redirects; 60 s per call.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .new_agent()
}

/// A response read whole.
#[derive(Debug, Clone)]
pub struct HttpReply {
    /// Status code.
    pub status: u16,
    /// Headers, names lowercase, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpReply {
    /// The body as text (lossy UTF-8).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON; the error quotes the status and body.
    pub fn json(&self) -> Result<Value> {
        serde_json::from_slice(&self.body).with_context(|| {
            format!(
                "response (status {}) is not JSON: {:?}",
                self.status,
                truncate(&self.text(), 2000)
            )
        })
    }

    /// The first value of a header (name case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A request being built; sent with [`RequestBuilder::send`].
#[derive(Debug, Clone)]
pub struct RequestBuilder {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl RequestBuilder {
    /// A request with `method` to an absolute `url`.
    pub fn new(method: &str, url: impl Into<String>) -> Self {
        Self {
            method: method.to_owned(),
            url: url.into(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// Sets a JSON body and `content-type: application/json`.
    pub fn json(self, value: &Value) -> Self {
        self.header("content-type", "application/json")
            .body(value.to_string())
    }

    /// Sends it with a fresh [`agent`].
    pub fn send(self) -> Result<HttpReply> {
        self.send_with(&agent())
    }

    /// Sends it with `agent` (keeps its cookies and connections).
    pub fn send_with(self, agent: &ureq::Agent) -> Result<HttpReply> {
        let mut builder = ureq::http::Request::builder()
            .method(self.method.as_str())
            .uri(&self.url);
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        let request = builder
            .body(self.body)
            .with_context(|| format!("building {} {}", self.method, self.url))?;
        let mut response = agent
            .run(request)
            .with_context(|| format!("{} {}", self.method, self.url))?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response
            .body_mut()
            .with_config()
            .limit(u64::MAX)
            .read_to_vec()
            .with_context(|| format!("reading the body of {} {}", self.method, self.url))?;
        Ok(HttpReply {
            status,
            headers,
            body,
        })
    }
}

/// Sends `head` (request line and headers, without the blank line) and then `body` over a raw
/// TCP connection to `addr`, reading the response concurrently, and returns the raw response
/// (status line, headers and whatever body arrived before the server closed or `timeout` ran
/// out). A server may answer early and stop reading (413): write errors are ignored.
pub fn raw_request(addr: SocketAddr, head: &str, body: &[u8], timeout: Duration) -> Result<String> {
    let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))
        .with_context(|| format!("connecting to {addr}"))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    let mut writer = stream.try_clone()?;
    let mut request = head.trim_end_matches("\r\n").as_bytes().to_vec();
    request.extend_from_slice(b"\r\n\r\n");
    let body = body.to_vec();
    let sender = std::thread::spawn(move || {
        if writer.write_all(&request).is_err() {
            return;
        }
        for chunk in body.chunks(64 * 1024) {
            if writer.write_all(chunk).is_err() {
                return;
            }
        }
        let _ = writer.flush();
    });
    let mut reader = stream;
    let mut received = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                received.extend_from_slice(&buf[..n]);
                if response_complete(&received) {
                    break;
                }
            }
            Err(e) if received.is_empty() => {
                return Err(anyhow!(e).context(format!("reading the response from {addr}")))
            }
            Err(_) => break,
        }
    }
    let _ = reader.shutdown(std::net::Shutdown::Both);
    let _ = sender.join();
    Ok(String::from_utf8_lossy(&received).into_owned())
}

/// True once a whole response with a `content-length` body (or no body) has arrived.
fn response_complete(received: &[u8]) -> bool {
    let text = String::from_utf8_lossy(received);
    let Some(end) = text.find("\r\n\r\n") else {
        return false;
    };
    let head = &text[..end];
    let length = head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse::<usize>().ok())
            .flatten()
    });
    match length {
        Some(length) => received.len() >= end + 4 + length,
        None => false,
    }
}

pub(crate) fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_owned();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &s[..end])
}
