//! What the host prints: one line per request on stdout, host diagnostics and guest output
//! (prefixed with the component id) on stderr. Header values, bodies and secret variable
//! values are never printed.

use crate::cli::LogFormat;
use std::io::Write;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};
use tokio::io::AsyncWrite;
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};

/// One handled request (or scheduled call).
#[derive(Debug, Clone, Copy)]
pub struct RequestRecord<'a> {
    /// When the request arrived.
    pub time: SystemTime,
    /// HTTP method.
    pub method: &'a str,
    /// The manifest's route pattern that matched; `None` for the host's own paths and
    /// unmatched ones.
    pub route: Option<&'a str>,
    /// Path without the query string (queries may carry tokens).
    pub path: &'a str,
    /// Response status.
    pub status: u16,
    /// Component id, `None` when none ran.
    pub component: Option<&'a str>,
    /// Time to the response head.
    pub duration: Duration,
    /// Response body bytes sent.
    pub bytes: u64,
}

/// Formats one request log line (without the newline). Text: `METHOD PATH STATUS COMPONENT
/// DURATION_MS` (`-` for no component); JSON: one object with every field of the record.
pub fn format_request(format: LogFormat, r: &RequestRecord<'_>) -> String {
    match format {
        LogFormat::Text => format!(
            "{} {} {} {} {}",
            r.method,
            r.path,
            r.status,
            r.component.unwrap_or("-"),
            r.duration.as_millis()
        ),
        LogFormat::Json => serde_json::json!({
            "time": humantime::format_rfc3339_millis(r.time).to_string(),
            "method": r.method,
            "route": r.route,
            "path": r.path,
            "status": r.status,
            "component": r.component,
            // Microsecond precision: most requests take well under a millisecond.
            "duration_ms": r.duration.as_micros() as f64 / 1000.0,
            "bytes": r.bytes,
        })
        .to_string(),
    }
}

/// Writes one line to stdout and flushes; a closed stdout is ignored rather than fatal.
pub fn stdout_line(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// Writes one host diagnostic to stderr.
pub fn warn(message: &str) {
    let _ = writeln!(std::io::stderr().lock(), "ratusz-host: {message}");
}

/// Guest stdout/stderr: forwarded line by line to the host's stderr as `[component] line`.
#[derive(Debug, Clone)]
pub struct GuestOutput {
    prefix: Arc<str>,
}

impl GuestOutput {
    /// Output of the component `id`.
    pub fn new(id: &str) -> Self {
        Self {
            prefix: Arc::from(format!("[{id}] ")),
        }
    }
}

impl IsTerminal for GuestOutput {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdoutStream for GuestOutput {
    fn async_stream(&self) -> Box<dyn AsyncWrite + Send + Sync> {
        Box::new(PrefixedLines {
            prefix: Arc::clone(&self.prefix),
            partial: Vec::new(),
        })
    }
}

struct PrefixedLines {
    prefix: Arc<str>,
    partial: Vec<u8>,
}

impl PrefixedLines {
    fn emit_complete_lines(&mut self) {
        while let Some(pos) = self.partial.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.partial.drain(..=pos).collect();
            self.emit(&line);
        }
    }

    fn emit(&self, line: &[u8]) {
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(self.prefix.as_bytes());
        let _ = err.write_all(line);
        if !line.ends_with(b"\n") {
            let _ = err.write_all(b"\n");
        }
    }
}

impl AsyncWrite for PrefixedLines {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        self.partial.extend_from_slice(buf);
        self.emit_complete_lines();
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let rest = std::mem::take(&mut self.partial);
        if !rest.is_empty() {
            self.emit(&rest);
        }
        Poll::Ready(Ok(()))
    }
}

impl Drop for PrefixedLines {
    fn drop(&mut self) {
        if !self.partial.is_empty() {
            self.emit(&self.partial);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_lines() {
        let r = RequestRecord {
            time: SystemTime::UNIX_EPOCH + Duration::from_millis(1_765_000_000_123),
            method: "GET",
            route: Some("/api/health"),
            path: "/api/health",
            status: 200,
            component: Some("auth"),
            duration: Duration::from_micros(12_700),
            bytes: 321,
        };
        assert_eq!(
            format_request(LogFormat::Text, &r),
            "GET /api/health 200 auth 12"
        );
        let json: serde_json::Value =
            serde_json::from_str(&format_request(LogFormat::Json, &r)).unwrap();
        assert_eq!(json["time"], "2025-12-06T05:46:40.123Z");
        assert_eq!(json["method"], "GET");
        assert_eq!(json["route"], "/api/health");
        assert_eq!(json["status"], 200);
        assert_eq!(json["component"], "auth");
        assert_eq!(json["duration_ms"], 12.7);
        assert_eq!(json["bytes"], 321);
        let none = RequestRecord {
            route: None,
            component: None,
            ..r
        };
        assert_eq!(
            format_request(LogFormat::Text, &none),
            "GET /api/health 200 - 12"
        );
        let json: serde_json::Value =
            serde_json::from_str(&format_request(LogFormat::Json, &none)).unwrap();
        assert!(json["route"].is_null() && json["component"].is_null());
    }
}
