//! What the host prints: one line per request on stdout, host diagnostics and guest output
//! (prefixed with the component id) on stderr. Header values, bodies and secret variable
//! values are never printed.

use crate::cli::LogFormat;
use std::io::Write;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::AsyncWrite;
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};

/// One handled request (or scheduled call).
#[derive(Debug, Clone, Copy)]
pub struct RequestRecord<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// Path without the query string (queries may carry tokens).
    pub path: &'a str,
    /// Response status.
    pub status: u16,
    /// Component id, `-` when none ran.
    pub component: &'a str,
    /// Time to the response head.
    pub duration: Duration,
}

/// Formats one request log line (without the newline).
pub fn format_request(format: LogFormat, r: &RequestRecord<'_>) -> String {
    let ms = r.duration.as_millis();
    match format {
        LogFormat::Text => format!("{} {} {} {} {ms}", r.method, r.path, r.status, r.component),
        LogFormat::Json => serde_json::json!({
            "method": r.method,
            "path": r.path,
            "status": r.status,
            "component": r.component,
            "duration_ms": ms,
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
            method: "GET",
            path: "/api/health",
            status: 200,
            component: "auth",
            duration: Duration::from_micros(12_700),
        };
        assert_eq!(
            format_request(LogFormat::Text, &r),
            "GET /api/health 200 auth 12"
        );
        let json: serde_json::Value =
            serde_json::from_str(&format_request(LogFormat::Json, &r)).unwrap();
        assert_eq!(json["method"], "GET");
        assert_eq!(json["status"], 200);
        assert_eq!(json["component"], "auth");
        assert_eq!(json["duration_ms"], 12);
    }
}
