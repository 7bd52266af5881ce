//! Request limits that match the hosted edge: body size, handler wall time, instance memory.

use bytes::Bytes;
use hyper::body::{Body, Frame, SizeHint};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

/// Largest request body accepted (413 beyond).
pub const MAX_BODY_BYTES: u64 = 10 * 1024 * 1024;
/// Largest linear memory one instance may grow to.
pub const MAX_MEMORY_BYTES: usize = 256 * 1024 * 1024;
/// Epoch tick; a running guest yields to the executor at least this often.
pub const EPOCH_TICK: std::time::Duration = std::time::Duration::from_millis(10);

/// Whether a declared `Content-Length` is already over the limit.
pub fn declared_too_large(headers: &http::HeaderMap) -> bool {
    headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|n| n > MAX_BODY_BYTES)
}

/// Wraps a body, failing it once more than [`MAX_BODY_BYTES`] have streamed through, and
/// raising `exceeded` so the response can be replaced by a 413.
pub struct LimitedBody<B> {
    inner: B,
    seen: u64,
    exceeded: Arc<AtomicBool>,
}

impl<B> LimitedBody<B> {
    /// Wraps `inner`; `exceeded` is set when the limit is crossed.
    pub fn new(inner: B, exceeded: Arc<AtomicBool>) -> Self {
        Self {
            inner,
            seen: 0,
            exceeded,
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
                        self.exceeded.store(true, Ordering::SeqCst);
                        return Poll::Ready(Some(Err(
                            wasmtime_wasi_http::Error::HttpRequestBodySize(Some(self.seen)),
                        )));
                    }
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
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
        let flag = Arc::new(AtomicBool::new(false));
        let small = Full::new(Bytes::from(vec![0u8; 1024]));
        let ok = LimitedBody::new(small, flag.clone()).collect().await;
        assert!(ok.is_ok());
        assert!(!flag.load(Ordering::SeqCst));
        let big = Full::new(Bytes::from(vec![0u8; MAX_BODY_BYTES as usize + 1]));
        assert!(LimitedBody::new(big, flag.clone()).collect().await.is_err());
        assert!(flag.load(Ordering::SeqCst));
    }
}
