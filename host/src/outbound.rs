//! Outbound HTTP policy: wasmtime-wasi-http sends anything by default, so every request goes
//! through [`OutboundHooks::send_request`], which enforces `allowed_outbound_hosts` and
//! bounds the time a request may take.

use crate::allowed_hosts::AllowedHosts;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use wasmtime_wasi_http::{Error, RequestOptions, WasiBody, WasiHttpHooks};

/// Connect timeout for outbound requests.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Limit from sending a request to receiving its response head (and between body chunks).
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(30);

type IoFuture = Box<dyn Future<Output = Result<(), Error>> + Send>;
type SendResult = Result<(http::Response<WasiBody>, IoFuture), Error>;

/// Per-store hooks carrying the component's policy.
#[derive(Debug, Clone)]
pub struct OutboundHooks {
    component: Arc<str>,
    allowed: Arc<AllowedHosts>,
    /// True only while the incoming request is handed to the guest: Spin passes the client's
    /// `host` header through, while a guest must still not set it on outgoing requests.
    pub admitting_incoming: bool,
}

impl OutboundHooks {
    /// Hooks for `component` with its parsed policy.
    pub fn new(component: Arc<str>, allowed: Arc<AllowedHosts>) -> Self {
        Self {
            component,
            allowed,
            admitting_incoming: false,
        }
    }
}

fn capped(options: Option<RequestOptions>) -> RequestOptions {
    let cap =
        |guest: Option<Duration>, limit: Duration| Some(guest.map_or(limit, |g| g.min(limit)));
    let o = options.unwrap_or_default();
    RequestOptions {
        connect_timeout: cap(o.connect_timeout, CONNECT_TIMEOUT),
        first_byte_timeout: cap(o.first_byte_timeout, TOTAL_TIMEOUT),
        between_bytes_timeout: cap(o.between_bytes_timeout, TOTAL_TIMEOUT),
    }
}

impl WasiHttpHooks for OutboundHooks {
    fn is_forbidden_header(&mut self, name: &http::HeaderName) -> bool {
        if self.admitting_incoming && name == http::header::HOST {
            return false;
        }
        wasmtime_wasi_http::DEFAULT_FORBIDDEN_HEADERS.contains(name)
    }

    fn send_request(
        &mut self,
        request: http::Request<WasiBody>,
        options: Option<RequestOptions>,
        _fut: IoFuture,
    ) -> Box<dyn Future<Output = SendResult> + Send> {
        let uri = request.uri();
        let scheme = uri.scheme_str().unwrap_or("https").to_ascii_lowercase();
        let host = uri.host().unwrap_or_default();
        let port = uri.port_u16();
        if !self.allowed.allows(&scheme, host, port) {
            let target = match port {
                Some(p) => format!("{scheme}://{host}:{p}"),
                None => format!("{scheme}://{host}"),
            };
            crate::log::warn(&format!(
                "component '{}': outbound request to {target} denied (not in allowed_outbound_hosts)",
                self.component
            ));
            return Box::new(async { Err(Error::HttpRequestDenied) });
        }
        let options = capped(options);
        Box::new(async move {
            let sent = tokio::time::timeout(
                TOTAL_TIMEOUT,
                wasmtime_wasi_http::default_send_request(request, Some(options)),
            )
            .await
            .map_err(|_| Error::HttpResponseTimeout)??;
            let (response, io) = sent;
            let response = response.map(http_body_util::BodyExt::boxed_unsync);
            Ok((response, Box::new(io) as IoFuture))
        })
    }
}
