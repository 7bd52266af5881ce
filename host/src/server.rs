//! The HTTP front: accepts connections, answers health checks, routes, applies limits and
//! Spin's headers, invokes components and logs one line per request.

use crate::app::App;
use crate::cli::LogFormat;
use crate::exchange::{Exchange, Routed};
use crate::headers::{self, RequestFacts};
use crate::invoke::{self, Outcome};
use crate::limits::{self, BodyVerdict, LimitedBody};
use crate::log;
use crate::metrics::Metrics;
use bytes::Bytes;
use http::{header, HeaderValue, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::Semaphore;
use wasmtime_wasi_http::p2::body::HyperOutgoingBody;

/// Path answered by the host itself.
pub const HEALTH_PATH: &str = "/.well-known/spin/health";

/// Shared state of the request handler.
pub struct Frontend {
    /// The loaded app.
    pub app: Arc<App>,
    /// Request log format.
    pub log_format: LogFormat,
}

impl Frontend {
    /// Metrics, when `--metrics-listen` is on.
    pub fn metrics(&self) -> Option<&Arc<Metrics>> {
        self.app.metrics.as_ref()
    }
}

/// A plain response made by the host (never guest detail).
pub fn plain(status: StatusCode, text: &'static str) -> Response<HyperOutgoingBody> {
    let body = Full::new(Bytes::from_static(text.as_bytes()))
        .map_err(|never: Infallible| match never {})
        .boxed_unsync();
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

impl Frontend {
    /// Handles one request from `client`.
    pub async fn handle(
        &self,
        req: Request<Incoming>,
        client: SocketAddr,
    ) -> Response<HyperOutgoingBody> {
        let path = req.uri().path().to_string();
        let exchange = Exchange::begin(req.method().clone(), path.clone());
        let (response, routed) = self.dispatch(req, &path, client).await;
        exchange.respond(response, routed, self.log_format, self.metrics())
    }

    async fn dispatch(
        &self,
        mut req: Request<Incoming>,
        path: &str,
        client: SocketAddr,
    ) -> (Response<HyperOutgoingBody>, Routed) {
        if path == HEALTH_PATH {
            return (plain(StatusCode::OK, "OK"), Routed::default());
        }
        let Some(route) = self.app.router.route(path) else {
            return (plain(StatusCode::NOT_FOUND, "Not Found"), Routed::default());
        };
        let id = route.component.to_string();
        let routed = Routed {
            route: Some(route.raw_route.to_string()),
            component: Some(id.clone()),
        };
        if limits::declared_too_large(req.headers()) {
            return (
                plain(StatusCode::PAYLOAD_TOO_LARGE, "Payload Too Large"),
                routed,
            );
        }
        let path_and_query = req
            .uri()
            .path_and_query()
            .map_or_else(|| path.to_string(), |pq| pq.as_str().to_string());
        let facts = RequestFacts {
            scheme: "http",
            path_and_query: &path_and_query,
            client_addr: client,
        };
        headers::apply(req.headers_mut(), &route, facts);
        let response = self.run(&id, req).await;
        (response, routed)
    }

    /// Runs a request on a component by id (used by routing and by the scheduler).
    pub async fn run(
        &self,
        id: &str,
        mut request: Request<Incoming>,
    ) -> Response<HyperOutgoingBody> {
        if !request.headers().contains_key(header::HOST) {
            request
                .headers_mut()
                .insert(header::HOST, HeaderValue::from_static("localhost"));
        }
        let verdict = Arc::new(BodyVerdict::default());
        let timeout = Some(self.app.capacity.body_timeout);
        let request = request.map(|b| LimitedBody::new(b, Arc::clone(&verdict), timeout));
        self.run_body(id, request, &verdict).await
    }

    /// Like [`Frontend::run`] for any body type.
    pub async fn run_body<B>(
        &self,
        id: &str,
        request: Request<B>,
        verdict: &BodyVerdict,
    ) -> Response<HyperOutgoingBody>
    where
        B: hyper::body::Body<Data = Bytes> + Send + 'static,
        B::Error: Into<wasmtime_wasi_http::Error>,
    {
        let Some(component) = self.app.components.get(id) else {
            return plain(StatusCode::NOT_FOUND, "Not Found");
        };
        let instances = Arc::clone(&self.app.instances);
        let permit =
            match tokio::time::timeout(limits::INSTANCE_WAIT, instances.acquire_owned()).await {
                Ok(Ok(permit)) => permit,
                _ => {
                    log::warn(&format!(
                        "component '{id}': all {} instances busy, answering 503",
                        self.app.capacity.max_instances
                    ));
                    return limits::busy();
                }
            };
        let outcome = invoke::invoke(component, request, self.app.handler_timeout, permit).await;
        if verdict.too_large() {
            return plain(StatusCode::PAYLOAD_TOO_LARGE, "Payload Too Large");
        }
        if verdict.too_slow() {
            return limits::body_too_slow();
        }
        match outcome {
            Outcome::Response(response) => response,
            Outcome::Failed(detail) => {
                log::warn(&format!("component '{id}' failed: {detail}"));
                plain(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error")
            }
            Outcome::TimedOut => {
                log::warn(&format!(
                    "component '{id}' exceeded the handler timeout of {:?}",
                    self.app.handler_timeout
                ));
                plain(StatusCode::GATEWAY_TIMEOUT, "Gateway Timeout")
            }
        }
    }
}

/// The listen backlog: connections the kernel has completed and holds until the accept loop
/// takes them. `TcpListener::bind` (mio) asks for 128, as std does; a vote burst — hundreds of
/// connects at once — overflows that whenever the accept loop is off the CPU for a moment on a
/// loaded machine, and the kernel then drops SYNs (the client retries after 1 s, 3 s, …) or
/// falls back to SYN cookies. 1,024 holds the connection cap and the refusals (512 + 128), which
/// the host answers itself; the kernel caps it at `net.core.somaxconn`.
pub const LISTEN_BACKLOG: u32 = 1024;

/// Binds `address` (`host:port`; the first resolved address that binds) with
/// [`LISTEN_BACKLOG`].
pub async fn bind(address: &str) -> std::io::Result<TcpListener> {
    let mut last_error = None;
    for addr in tokio::net::lookup_host(address).await? {
        let socket = if addr.is_ipv4() {
            TcpSocket::new_v4()?
        } else {
            TcpSocket::new_v6()?
        };
        // As `TcpListener::bind` does: a restarted host may bind over its old TIME_WAITs.
        socket.set_reuseaddr(true)?;
        match socket.bind(addr) {
            Ok(()) => return socket.listen(LISTEN_BACKLOG),
            Err(e) => last_error = Some(e),
        }
    }
    Err(last_error.unwrap_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{address} resolves to no address"),
        )
    }))
}

/// Serves until `shutdown` resolves, then stops accepting and lets in-flight requests finish
/// for up to the handler timeout. At most `--max-connections` connections are served at once;
/// one more is answered 503 with `Retry-After` and closed (up to
/// [`limits::MAX_REFUSING_CONNECTIONS`] of those at a time; beyond, closed unanswered).
pub async fn serve(
    frontend: Arc<Frontend>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()>,
) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let open = Arc::new(Semaphore::new(
        frontend.app.capacity.max_connections as usize,
    ));
    let refusing = Arc::new(Semaphore::new(limits::MAX_REFUSING_CONNECTIONS));
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (stream, client) = match accepted {
            Ok(pair) => pair,
            Err(e) => {
                log::warn(&format!("accept failed: {e}"));
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        // Without this, keep-alive clients stall ~40 ms per request (Nagle + delayed ACK).
        let _ = stream.set_nodelay(true);
        let Ok(slot) = Arc::clone(&open).try_acquire_owned() else {
            if let Ok(refusal) = Arc::clone(&refusing).try_acquire_owned() {
                tokio::spawn(async move {
                    refuse(stream).await;
                    drop(refusal);
                });
            }
            continue;
        };
        let frontend = Arc::clone(&frontend);
        let service = hyper::service::service_fn(move |req| {
            let frontend = Arc::clone(&frontend);
            async move { Ok::<_, Infallible>(frontend.handle(req, client).await) }
        });
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(Duration::from_secs(30))
            .keep_alive(true)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    let grace = frontend.app.handler_timeout + Duration::from_secs(1);
    if tokio::time::timeout(grace, graceful.shutdown())
        .await
        .is_err()
    {
        log::warn("shutdown: in-flight requests did not finish in time");
    }
}

/// Answers every request on a connection over the cap with 503 + `Retry-After` and closes it.
async fn refuse(stream: TcpStream) {
    let service = hyper::service::service_fn(|_req: Request<Incoming>| async {
        let mut response = limits::busy();
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        Ok::<_, Infallible>(response)
    });
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits::REFUSAL_HEADER_TIMEOUT)
        .keep_alive(false)
        .serve_connection(TokioIo::new(stream), service);
    let _ = tokio::time::timeout(limits::REFUSAL_HEADER_TIMEOUT * 2, connection).await;
}
