//! The metrics listener (`--metrics-listen ADDR`): `GET /metrics` only, on its own address,
//! so the app's port never exposes it and a firewall can keep it internal.

use super::sql_gauge::QUERY_LIMIT;
use super::Metrics;
use crate::log;
use bytes::Bytes;
use http::{header, HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// OpenMetrics text, which Prometheus scrapes as it is.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// What a scrape reads besides the registry.
pub struct Scrape {
    /// The host's metrics.
    pub metrics: Arc<Metrics>,
    /// The instance pool (its permits in use are the instances alive).
    pub instances: Arc<Semaphore>,
    /// The pool's size.
    pub max_instances: u32,
}

impl Scrape {
    /// The metrics text now: evaluates the SQL gauges (each on a blocking thread, each
    /// bounded by [`QUERY_LIMIT`]), then encodes.
    pub async fn render(&self) -> String {
        let mut values = Vec::new();
        for gauge in self.metrics.sql_gauges() {
            let gauge = gauge.clone();
            let value = tokio::task::spawn_blocking(move || {
                let result = gauge.evaluate(QUERY_LIMIT);
                if let Err(e) = &result {
                    log::warn(&format!("metrics: SQL gauge '{}' failed: {e}", gauge.name));
                }
                result.ok()
            })
            .await
            .ok()
            .flatten();
            values.push(value);
        }
        let free = self.instances.available_permits() as u64;
        let alive = u64::from(self.max_instances).saturating_sub(free);
        self.metrics.encode(alive, &values)
    }

    async fn answer(&self, req: &Request<Incoming>) -> Response<Full<Bytes>> {
        if req.uri().path() != "/metrics" {
            return text(StatusCode::NOT_FOUND, "Not Found".into(), "text/plain");
        }
        if req.method() != Method::GET && req.method() != Method::HEAD {
            return text(
                StatusCode::METHOD_NOT_ALLOWED,
                "Method Not Allowed".into(),
                "text/plain",
            );
        }
        text(StatusCode::OK, self.render().await, CONTENT_TYPE)
    }
}

fn text(status: StatusCode, body: String, content_type: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// Serves scrapes until the task is aborted.
pub async fn serve(scrape: Arc<Scrape>, listener: TcpListener) {
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(pair) => pair,
            Err(e) => {
                log::warn(&format!("metrics: accept failed: {e}"));
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let scrape = Arc::clone(&scrape);
        let service = hyper::service::service_fn(move |req: Request<Incoming>| {
            let scrape = Arc::clone(&scrape);
            async move { Ok::<_, Infallible>(scrape.answer(&req).await) }
        });
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(Duration::from_secs(10))
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}
