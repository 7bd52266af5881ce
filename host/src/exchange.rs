//! One request from arrival to the last byte of its response: what the request log and the
//! metrics record about it. The metrics are taken at the response head; the log line is
//! written once the body has been sent (or the client went away), so it can say how many
//! bytes went out.

use crate::cli::LogFormat;
use crate::log::{self, RequestRecord};
use crate::metrics::{Metrics, NO_ROUTE};
use bytes::Bytes;
use http::{Method, Response, StatusCode};
use http_body_util::BodyExt;
use hyper::body::{Body, Frame, SizeHint};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant, SystemTime};
use wasmtime_wasi_http::p2::body::HyperOutgoingBody;

/// A request being answered.
#[derive(Debug)]
pub struct Exchange {
    time: SystemTime,
    started: Instant,
    method: Method,
    path: String,
}

/// Where a request went: the manifest's route pattern and the component (either may be
/// missing: the host's health path, an unmatched path, a scheduled call's route).
#[derive(Debug, Default, Clone)]
pub struct Routed {
    /// The route pattern as written in the manifest.
    pub route: Option<String>,
    /// The component id.
    pub component: Option<String>,
}

/// What the log line needs once the body is done.
struct Finished {
    format: LogFormat,
    exchange: Exchange,
    routed: Routed,
    status: u16,
    duration: Duration,
}

impl Finished {
    fn write(&self, bytes: u64) {
        let record = RequestRecord {
            time: self.exchange.time,
            method: self.exchange.method.as_str(),
            route: self.routed.route.as_deref(),
            path: &self.exchange.path,
            status: self.status,
            component: self.routed.component.as_deref(),
            duration: self.duration,
            bytes,
        };
        log::stdout_line(&log::format_request(self.format, &record));
    }
}

impl Exchange {
    /// A request with `method` and `path` (without its query string) arrives now.
    pub fn begin(method: Method, path: String) -> Self {
        Self {
            time: SystemTime::now(),
            started: Instant::now(),
            method,
            path,
        }
    }

    /// The response head is ready: counts it in `metrics` and returns the response with a
    /// body that writes the log line when it ends.
    pub fn respond(
        self,
        response: Response<HyperOutgoingBody>,
        routed: Routed,
        format: LogFormat,
        metrics: Option<&Arc<Metrics>>,
    ) -> Response<HyperOutgoingBody> {
        let duration = self.started.elapsed();
        let status = response.status();
        if let Some(metrics) = metrics {
            let route = routed.route.as_deref().unwrap_or(NO_ROUTE);
            metrics.request(route, status.as_u16(), duration);
        }
        let finished = Finished {
            format,
            exchange: self,
            routed,
            status: status.as_u16(),
            duration,
        };
        response.map(|inner| {
            LoggedBody {
                inner,
                bytes: 0,
                finished: Some(finished),
            }
            .boxed_unsync()
        })
    }

    /// A scheduled call already answered and drained (`bytes` of body): log and count it.
    pub fn done(
        self,
        status: StatusCode,
        routed: Routed,
        bytes: u64,
        format: LogFormat,
        metrics: Option<&Arc<Metrics>>,
    ) {
        let duration = self.started.elapsed();
        if let Some(metrics) = metrics {
            let route = routed.route.as_deref().unwrap_or(NO_ROUTE);
            metrics.request(route, status.as_u16(), duration);
        }
        Finished {
            format,
            exchange: self,
            routed,
            status: status.as_u16(),
            duration,
        }
        .write(bytes);
    }
}

/// The response body, counting bytes and writing the log line at its end or drop.
struct LoggedBody {
    inner: HyperOutgoingBody,
    bytes: u64,
    finished: Option<Finished>,
}

impl LoggedBody {
    fn finish(&mut self) {
        if let Some(finished) = self.finished.take() {
            finished.write(self.bytes);
        }
    }
}

impl Body for LoggedBody {
    type Data = Bytes;
    type Error = <HyperOutgoingBody as Body>::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    self.bytes += data.len() as u64;
                }
            }
            Poll::Ready(None) | Poll::Ready(Some(Err(_))) => self.finish(),
            Poll::Pending => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for LoggedBody {
    fn drop(&mut self) {
        self.finish();
    }
}
