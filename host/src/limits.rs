//! Request limits that match the hosted edge: body size, handler wall time, instance memory —
//! and the capacity limits that keep a host serving under slow or many clients: open
//! connections, the time to receive a body, instances alive at once. A full host answers 503
//! with `Retry-After` ([`busy`]), never 500.

use bytes::Bytes;
use http::{header, HeaderValue, Response, StatusCode};
use hyper::body::{Body, Frame, SizeHint};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use wasmtime_wasi_http::p2::body::HyperOutgoingBody;

/// Largest request body accepted (413 beyond).
pub const MAX_BODY_BYTES: u64 = 10 * 1024 * 1024;
/// Largest linear memory one instance may grow to.
pub const MAX_MEMORY_BYTES: usize = 256 * 1024 * 1024;
/// Epoch tick; a running guest yields to the executor at least this often.
pub const EPOCH_TICK: std::time::Duration = std::time::Duration::from_millis(10);

/// Default of `--max-connections`: open client connections served at once. Each may hold one
/// instance while its body arrives, so it stays well below the instance pool.
pub const DEFAULT_MAX_CONNECTIONS: u32 = 512;
/// Default of `--body-timeout`: the longest a request body may take to arrive (10 MiB at
/// ~1.5 Mbit/s).
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(60);
/// Default of `--max-instances`: component instances alive at once (the pooling allocator's
/// size).
pub const DEFAULT_MAX_INSTANCES: u32 = 1000;
/// Connections over `--max-connections` answered 503 at once; beyond these, closed unanswered.
pub const MAX_REFUSING_CONNECTIONS: usize = 128;
/// How long a connection over the cap may take to send its request head before it is closed.
pub const REFUSAL_HEADER_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a request waits for a free instance before its 503.
pub const INSTANCE_WAIT: Duration = Duration::from_secs(1);
/// `Retry-After` of a 503 from a full host, in seconds.
pub const RETRY_AFTER_S: u64 = 2;

/// The host's capacity limits (`--max-connections`, `--body-timeout`, `--max-instances`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capacity {
    /// Open client connections served at once.
    pub max_connections: u32,
    /// Longest time from a request's head to the end of its body (408 beyond).
    pub body_timeout: Duration,
    /// Component instances alive at once.
    pub max_instances: u32,
}

impl Default for Capacity {
    fn default() -> Self {
        Self {
            max_connections: DEFAULT_MAX_CONNECTIONS,
            body_timeout: DEFAULT_BODY_TIMEOUT,
            max_instances: DEFAULT_MAX_INSTANCES,
        }
    }
}

/// 503 with `Retry-After`: the host is full (connections or instances); try again shortly.
pub fn busy() -> Response<HyperOutgoingBody> {
    let mut response = crate::server::plain(StatusCode::SERVICE_UNAVAILABLE, "Service Unavailable");
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_S));
    response
}

/// 408: the body did not arrive within `--body-timeout`; the connection is closed.
pub fn body_too_slow() -> Response<HyperOutgoingBody> {
    let mut response = crate::server::plain(StatusCode::REQUEST_TIMEOUT, "Request Timeout");
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// What went wrong with a request body while the guest read it (the host then answers 413 or
/// 408 in place of whatever the guest made of the broken stream).
#[derive(Debug, Default)]
pub struct BodyVerdict {
    too_large: AtomicBool,
    too_slow: AtomicBool,
}

impl BodyVerdict {
    /// More than [`MAX_BODY_BYTES`] streamed through.
    pub fn too_large(&self) -> bool {
        self.too_large.load(Ordering::SeqCst)
    }

    /// The body deadline passed before the body ended.
    pub fn too_slow(&self) -> bool {
        self.too_slow.load(Ordering::SeqCst)
    }
}

/// Whether a declared `Content-Length` is already over the limit.
pub fn declared_too_large(headers: &http::HeaderMap) -> bool {
    headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|n| n > MAX_BODY_BYTES)
}

/// Wraps a body, failing it once more than [`MAX_BODY_BYTES`] have streamed through or once
/// its deadline has passed, and recording which in the [`BodyVerdict`] so the response can be
/// replaced by a 413 or a 408.
pub struct LimitedBody<B> {
    inner: B,
    seen: u64,
    verdict: Arc<BodyVerdict>,
    deadline: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<B> LimitedBody<B> {
    /// Wraps `inner`; the body must have ended `timeout` from now (`None`: no deadline).
    pub fn new(inner: B, verdict: Arc<BodyVerdict>, timeout: Option<Duration>) -> Self {
        Self {
            inner,
            seen: 0,
            verdict,
            deadline: timeout.map(|t| Box::pin(tokio::time::sleep(t))),
        }
    }
}

impl<B> Body for LimitedBody<B>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<wasmtime_wasi_http::Error>,
{
    type Data = Bytes;
    type Error = wasmtime_wasi_http::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let polled = Pin::new(&mut self.inner).poll_frame(cx);
        match polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    self.seen += data.len() as u64;
                    if self.seen > MAX_BODY_BYTES {
                        self.verdict.too_large.store(true, Ordering::SeqCst);
                        return Poll::Ready(Some(Err(
                            wasmtime_wasi_http::Error::HttpRequestBodySize(Some(self.seen)),
                        )));
                    }
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => {
                let expired = self
                    .deadline
                    .as_mut()
                    .is_some_and(|d| d.as_mut().poll(cx).is_ready());
                if !expired {
                    return Poll::Pending;
                }
                self.verdict.too_slow.store(true, Ordering::SeqCst);
                Poll::Ready(Some(Err(wasmtime_wasi_http::Error::ConnectionReadTimeout)))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::{BodyExt, Full};

    #[test]
    fn declared_length() {
        let mut h = http::HeaderMap::new();
        assert!(!declared_too_large(&h));
        h.insert(
            http::header::CONTENT_LENGTH,
            MAX_BODY_BYTES.to_string().parse().unwrap(),
        );
        assert!(!declared_too_large(&h));
        h.insert(
            http::header::CONTENT_LENGTH,
            (MAX_BODY_BYTES + 1).to_string().parse().unwrap(),
        );
        assert!(declared_too_large(&h));
    }

    #[tokio::test]
    async fn streamed_bytes_are_counted() {
        let verdict = Arc::new(BodyVerdict::default());
        let small = Full::new(Bytes::from(vec![0u8; 1024]));
        let ok = LimitedBody::new(small, verdict.clone(), None)
            .collect()
            .await;
        assert!(ok.is_ok());
        assert!(!verdict.too_large());
        let big = Full::new(Bytes::from(vec![0u8; MAX_BODY_BYTES as usize + 1]));
        let limited = LimitedBody::new(big, verdict.clone(), None);
        assert!(limited.collect().await.is_err());
        assert!(verdict.too_large() && !verdict.too_slow());
    }

    /// A body that never ends (a client dripping nothing more).
    struct Stalled;

    impl Body for Stalled {
        type Data = Bytes;
        type Error = std::convert::Infallible;
        fn poll_frame(
            self: Pin<&mut Self>,
            _cx: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            Poll::Pending
        }
    }

    #[tokio::test]
    async fn a_body_that_stalls_past_its_deadline_fails() {
        let verdict = Arc::new(BodyVerdict::default());
        let slow = LimitedBody::new(Stalled, verdict.clone(), Some(Duration::from_millis(20)));
        assert!(slow.collect().await.is_err());
        assert!(verdict.too_slow() && !verdict.too_large());
        // A complete body is not affected by its deadline.
        let verdict = Arc::new(BodyVerdict::default());
        let full = Full::new(Bytes::from_static(b"ok"));
        let quick = LimitedBody::new(full, verdict.clone(), Some(Duration::from_secs(5)));
        assert!(quick.collect().await.is_ok());
        assert!(!verdict.too_slow());
    }
}
