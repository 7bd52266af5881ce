//! The gateways' batch form (docs/api/notifications-messages.md § Gateways), beside the
//! outbox's one-message form so a gateway's variables are read in one place
//! ([`GatewayConfig`]): `<prefix>_gateway_origin` and `_token` as for single messages, and
//! `<prefix>_gateway_batch_path` (default `/<prefix>/batch`) for the batch's POST.
//!
//! One POST carries up to `notify_gateway_batch` messages; the answer says which were taken
//! and which refused. Called outside any transaction (Spin's model: never hold the write lock
//! across outbound HTTP).

use crate::config::{ConfigError, GatewayConfig, Vars};
use ratusz_domain::api::notify_messages::{GatewayBatch, GatewayBatchAnswer};
use spin_sdk::http::{Method, Request, Response};

/// The batch endpoint of gateway `prefix` (`email`, `sms`, `edoreczenia`).
pub fn config(vars: &dyn Vars, prefix: &str) -> Result<GatewayConfig, ConfigError> {
    let mut gateway = GatewayConfig::from_vars(vars, prefix)?;
    let path = vars
        .get(&format!("{prefix}_gateway_batch_path"))?
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| format!("/{prefix}/batch"));
    gateway.path = if path.starts_with('/') {
        path
    } else {
        format!("/{path}")
    };
    Ok(gateway)
}

/// POSTs `batch`; `Ok` with the gateway's answer for a 2xx with a readable body, `Err` with
/// the reason (no gateway configured, unreachable, another status, an unreadable body) —
/// the caller retries the whole batch then. The reason never holds a message's content.
pub async fn post(
    gateway: &GatewayConfig,
    batch: &GatewayBatch,
) -> Result<GatewayBatchAnswer, String> {
    if !gateway.is_configured() {
        return Err(format!("no gateway configured ({})", gateway.path));
    }
    let body = serde_json::to_vec(batch).map_err(|e| e.to_string())?;
    let mut builder = Request::builder();
    builder
        .method(Method::Post)
        .uri(gateway.url())
        .header("content-type", "application/json")
        // A known length instead of chunked transfer: many gateways answer 411 to chunked.
        .header("content-length", body.len().to_string());
    if !gateway.token.is_empty() {
        builder.header(
            "authorization",
            format!("Bearer {}", gateway.token.expose()),
        );
    }
    let response: Response = spin_sdk::http::send(builder.body(body).build())
        .await
        .map_err(|e| format!("gateway unreachable: {e}"))?;
    match *response.status() {
        200..=299 => serde_json::from_slice(response.body())
            .map_err(|_| "gateway answered 2xx without {accepted, rejected}".to_owned()),
        status => Err(format!("gateway answered {status}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::MapVars;

    #[test]
    fn the_batch_path_sits_beside_the_single_one() {
        let vars = |pairs: &[(&str, &str)]| {
            MapVars(
                pairs
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
            )
        };
        let sms = config(
            &vars(&[("sms_gateway_origin", "http://127.0.0.1:9")]),
            "sms",
        )
        .unwrap();
        assert_eq!(sms.url(), "http://127.0.0.1:9/sms/batch");
        let custom = config(
            &vars(&[
                ("email_gateway_origin", "https://mail.example"),
                ("email_gateway_batch_path", "bulk"),
            ]),
            "email",
        )
        .unwrap();
        assert_eq!(custom.url(), "https://mail.example/bulk");
        let ade = config(&vars(&[]), "edoreczenia").unwrap();
        assert!(!ade.is_configured());
        assert_eq!(ade.path, "/edoreczenia/batch");
    }
}
