//! A tiny HTTP/1.1 server that records every request and answers a configurable status: the
//! fake e-mail/SMS gateway and the target of outbound-HTTP tests.
//!
//! Gateway tests: point the app at it with [`crate::HostBuilder::gateways`] (e-mail to `/email`,
//! SMS to `/sms`), read what was sent with [`CaptureServer::wait_for`], and prove retries with
//! [`CaptureServer::set_failing`] (every request is still recorded while it answers 500).

use anyhow::{bail, Context, Result};
use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request the server received.
#[derive(Debug, Clone, PartialEq)]
pub struct CapturedRequest {
    /// Method.
    pub method: String,
    /// Request target (path and query).
    pub path: String,
    /// Headers, names lowercase, in order.
    pub headers: Vec<(String, String)>,
    /// Body (de-chunked).
    pub body: Vec<u8>,
}

impl CapturedRequest {
    /// The first value of a header (name case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The request path without its query string.
    pub fn path_only(&self) -> &str {
        self.path
            .split_once('?')
            .map_or(&self.path, |(path, _)| path)
    }

    /// The body as text (lossy UTF-8).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> Result<serde_json::Value> {
        serde_json::from_slice(&self.body)
            .with_context(|| format!("captured body is not JSON: {:?}", self.text()))
    }
}

/// Decides the status of each request instead of the fixed one (e.g. the push service's).
pub type Responder = Arc<dyn Fn(&CapturedRequest) -> u16 + Send + Sync>;

/// Decides the status and JSON body of a request from what it carries (a gateway's batch
/// answer names the ids it took); `None` leaves the request to the fixed answer.
pub type Answerer = Arc<dyn Fn(&CapturedRequest) -> Option<(u16, String)> + Send + Sync>;

/// A gateway's answer to the batch form (docs/api/notifications-messages.md § Gateways):
/// `{accepted: [ids], rejected: [{id, reason}]}`, refusing the messages whose `to` is in
/// `refused` (read at each batch, so a test may change it) and taking every other one. Other
/// paths get the fixed answer.
pub fn batch_answerer(refused: Arc<Mutex<HashSet<String>>>) -> Answerer {
    Arc::new(move |r: &CapturedRequest| {
        if !r.path_only().ends_with("/batch") {
            return None;
        }
        let body = r.json().ok()?;
        let refused = lock(&refused);
        let mut accepted = Vec::new();
        let mut rejected = Vec::new();
        for m in body["messages"].as_array()? {
            let id = m["id"].clone();
            if refused.contains(m["to"].as_str().unwrap_or("")) {
                rejected.push(serde_json::json!({"id": id, "reason": "no such mailbox"}));
            } else {
                accepted.push(id);
            }
        }
        Some((
            200,
            serde_json::json!({"accepted": accepted, "rejected": rejected}).to_string(),
        ))
    })
}

/// [`batch_answerer`] taking every message.
pub fn accepting_batches() -> Answerer {
    batch_answerer(Arc::default())
}

struct Shared {
    responder: Option<Responder>,
    answerer: Mutex<Option<Answerer>>,
    requests: Mutex<Vec<CapturedRequest>>,
    status: AtomicU16,
    failing: AtomicBool,
    body: Mutex<String>,
    stopping: AtomicBool,
}

/// The recording server, on `127.0.0.1:<free port>` until dropped.
pub struct CaptureServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

impl CaptureServer {
    /// Starts a server answering `200` with body `{"ok":true}`.
    pub fn start() -> Result<Self> {
        Self::with_status(200)
    }

    /// Starts a server answering `status` to everything.
    pub fn with_status(status: u16) -> Result<Self> {
        Self::start_with(status, None)
    }

    /// Starts a server whose `responder` picks each request's status (the body is empty);
    /// every request is still recorded.
    pub fn with_responder(responder: Responder) -> Result<Self> {
        Self::start_with(200, Some(responder))
    }

    fn start_with(status: u16, responder: Option<Responder>) -> Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").context("binding the capture server")?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            responder,
            answerer: Mutex::default(),
            requests: Mutex::default(),
            status: AtomicU16::new(status),
            failing: AtomicBool::new(false),
            body: Mutex::new(r#"{"ok":true}"#.to_owned()),
            stopping: AtomicBool::new(false),
        });
        let accept_shared = Arc::clone(&shared);
        std::thread::spawn(move || accept_loop(listener, accept_shared));
        Ok(Self { addr, shared })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT` (what `allowed_outbound_hosts` and gateway origins take).
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `http://127.0.0.1:PORT` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Changes the status answered from now on.
    pub fn set_status(&self, status: u16) {
        self.shared.status.store(status, Ordering::SeqCst);
    }

    /// While `true`, answers every request `500` with body `{"ok":false,"error":"failing"}`
    /// (requests are still recorded, so a test can count retries); `false` goes back to the
    /// status and body set before.
    pub fn set_failing(&self, failing: bool) {
        self.shared.failing.store(failing, Ordering::SeqCst);
    }

    /// Changes the body answered from now on (sent as `application/json`).
    pub fn set_body(&self, body: &str) {
        *lock(&self.shared.body) = body.to_owned();
    }

    /// From now on `answerer` picks the status and body of the requests it answers (while
    /// [`CaptureServer::set_failing`] is off); the others get the fixed answer.
    pub fn set_answerer(&self, answerer: Answerer) {
        *lock(&self.shared.answerer) = Some(answerer);
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<CapturedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// Every request received so far whose path (query string ignored) is `path`, oldest first.
    pub fn requests_to(&self, path: &str) -> Vec<CapturedRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.path_only() == path)
            .collect()
    }

    /// Waits until at least `count` requests to `path` (query string ignored) arrived, then
    /// returns all of them (oldest first) as JSON bodies; fails on timeout or a non-JSON body.
    /// E.g. `capture.wait_for("/email", 1, Duration::from_secs(10))`.
    pub fn wait_for(
        &self,
        path: &str,
        count: usize,
        timeout: Duration,
    ) -> Result<Vec<serde_json::Value>> {
        let requests = crate::wait_until(
            &format!("{count} request(s) to {path} at the capture server"),
            timeout,
            || {
                let requests = self.requests_to(path);
                (requests.len() >= count).then_some(requests)
            },
        )
        .with_context(|| {
            let seen: Vec<String> = self
                .requests()
                .iter()
                .map(|r| format!("{} {}", r.method, r.path))
                .collect();
            format!("requests received: {seen:?}")
        })?;
        requests.iter().map(CapturedRequest::json).collect()
    }

    /// Waits until at least `count` requests arrived, then returns them all.
    pub fn wait_for_requests(
        &self,
        count: usize,
        timeout: Duration,
    ) -> Result<Vec<CapturedRequest>> {
        crate::wait_until(
            &format!("{count} request(s) at the capture server"),
            timeout,
            || {
                let requests = self.requests();
                (requests.len() >= count).then_some(requests)
            },
        )
    }
}

impl std::fmt::Debug for CaptureServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaptureServer")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Drop for CaptureServer {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            let _ = serve_connection(stream, &shared);
        });
    }
}

/// Serves requests on one connection until the client closes it (keep-alive honoured).
fn serve_connection(stream: TcpStream, shared: &Shared) -> Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    stream.set_nodelay(true)?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    loop {
        let Some(request) = read_request(&mut reader)? else {
            return Ok(());
        };
        let close = request
            .header("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"));
        let decided = shared.responder.as_ref().map(|decide| decide(&request));
        let failing = shared.failing.load(Ordering::SeqCst);
        let answered = match lock(&shared.answerer).as_ref() {
            Some(answer) if !failing => answer(&request),
            _ => None,
        };
        lock(&shared.requests).push(request);
        let (status, body) = if let Some(status) = decided {
            (status, String::new())
        } else if failing {
            (500, r#"{"ok":false,"error":"failing"}"#.to_owned())
        } else if let Some(answered) = answered {
            answered
        } else {
            let status = shared.status.load(Ordering::SeqCst);
            // 1xx, 204 and 304 responses have no body.
            let body = if status < 200 || status == 204 || status == 304 {
                String::new()
            } else {
                lock(&shared.body).clone()
            };
            (status, body)
        };
        let response = format!(
            "HTTP/1.1 {status} {}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n{}\r\n{body}",
            reason(status),
            body.len(),
            if close { "connection: close\r\n" } else { "" },
        );
        writer.write_all(response.as_bytes())?;
        writer.flush()?;
        if close {
            return Ok(());
        }
    }
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Result<Option<CapturedRequest>> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(path)) = (parts.next(), parts.next()) else {
        bail!("bad request line {line:?}");
    };
    let (method, path) = (method.to_owned(), path.to_owned());
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 {
            bail!("connection closed inside the headers");
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let find = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v): &(String, String)| v.clone())
    };
    let body =
        if find("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked")) {
            read_chunked(reader)?
        } else {
            let length: usize = find("content-length")
                .map(|v| v.parse())
                .transpose()
                .context("bad content-length")?
                .unwrap_or(0);
            let mut body = vec![0; length];
            reader.read_exact(&mut body)?;
            body
        };
    Ok(Some(CapturedRequest {
        method,
        path,
        headers,
        body,
    }))
}

fn read_chunked(reader: &mut BufReader<TcpStream>) -> Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut size_line = String::new();
        reader.read_line(&mut size_line)?;
        let size_hex = size_line.trim().split(';').next().unwrap_or("");
        let size = usize::from_str_radix(size_hex, 16)
            .with_context(|| format!("bad chunk size {size_line:?}"))?;
        if size == 0 {
            // Trailers, then the blank line.
            loop {
                let mut trailer = String::new();
                if reader.read_line(&mut trailer)? == 0 || trailer.trim().is_empty() {
                    return Ok(body);
                }
            }
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        let mut crlf = [0u8; 2];
        reader.read_exact(&mut crlf)?;
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        403 => "Forbidden",
        410 => "Gone",
        202 => "Accepted",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RequestBuilder;
    use serde_json::json;

    #[test]
    fn wait_for_returns_json_bodies_of_one_path_and_set_failing_answers_500() {
        let capture = CaptureServer::start().unwrap();
        let post = |path: &str, body: serde_json::Value| {
            RequestBuilder::new("POST", capture.url(path))
                .json(&body)
                .send()
                .unwrap()
                .status
        };
        assert_eq!(post("/email", json!({ "to": "a@example.com" })), 200);
        assert_eq!(post("/sms?x=1", json!({ "to": "+48" })), 200);
        capture.set_failing(true);
        assert_eq!(post("/email", json!({ "to": "b@example.com" })), 500);
        capture.set_failing(false);
        assert_eq!(post("/email", json!({ "to": "c@example.com" })), 200);

        let emails = capture
            .wait_for("/email", 3, Duration::from_secs(5))
            .unwrap();
        let to: Vec<&str> = emails.iter().filter_map(|b| b["to"].as_str()).collect();
        assert_eq!(to, ["a@example.com", "b@example.com", "c@example.com"]);
        assert_eq!(
            capture.wait_for("/sms", 1, Duration::from_secs(5)).unwrap(),
            [json!({ "to": "+48" })]
        );
        let err = capture
            .wait_for("/sms", 2, Duration::from_millis(200))
            .unwrap_err();
        assert!(format!("{err:#}").contains("POST /sms?x=1"), "{err:#}");
    }
}
