//! The one typed client of the Ratusz HTTP API.
//!
//! Same-origin relative URLs only (`/api/...`): the SPA is served by the same Spin app as the
//! functions, so there is no API base URL to configure and no CORS. The session travels in an
//! HttpOnly cookie (`credentials: same-origin`); nothing secret is ever kept in script reach.

use gloo_net::http::{Request, Response};
use ratusz_domain::api::{HealthReport, Problem};
use serde::de::DeserializeOwned;
use web_sys::{RequestCache, RequestCredentials};

/// `GET /api/health`.
pub const HEALTH_PATH: &str = "/api/health";

/// Why an API call did not produce the expected body.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The request never got an HTTP answer (offline, connection refused, DNS).
    Network,
    /// The server answered with an RFC 9457 problem; its title and detail are safe to show.
    Problem(Problem),
    /// The server answered with something this client does not understand.
    Unexpected {
        /// HTTP status of the answer.
        status: u16,
    },
}

impl ApiError {
    /// Whether the failure says the network, not the server, is the problem.
    pub fn is_network(&self) -> bool {
        matches!(self, ApiError::Network)
    }
}

/// What a response body is, judged from its status and `Content-Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BodyKind {
    /// The expected JSON document.
    Expected,
    /// An `application/problem+json` document.
    Problem,
    /// Anything else.
    Unexpected,
}

/// Classifies an answer. `also_expected` lists non-2xx statuses whose JSON body is still the
/// expected document (`/api/health` answers 503 with a full report when degraded).
fn classify(status: u16, content_type: &str, also_expected: &[u16]) -> BodyKind {
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if media_type == "application/problem+json" {
        return BodyKind::Problem;
    }
    let status_ok = (200..300).contains(&status) || also_expected.contains(&status);
    if status_ok && media_type == "application/json" {
        BodyKind::Expected
    } else {
        BodyKind::Unexpected
    }
}

/// `GET` a JSON document from a same-origin API path.
#[allow(
    dead_code,
    reason = "the general entry point; the first caller besides health lands with the account pages"
)]
pub async fn get_json<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    get_json_accepting(path, &[]).await
}

/// `GET` a JSON document, also accepting the listed non-2xx statuses as carrying it.
async fn get_json_accepting<T: DeserializeOwned>(
    path: &str,
    also_expected: &[u16],
) -> Result<T, ApiError> {
    debug_assert!(
        path.starts_with("/api/"),
        "API paths are same-origin and relative"
    );
    let response = Request::get(path)
        .credentials(RequestCredentials::SameOrigin)
        // Always revalidate: API answers must never come stale out of the HTTP cache.
        .cache(RequestCache::NoCache)
        .header("Accept", "application/json, application/problem+json")
        .send()
        .await
        .map_err(|_| ApiError::Network)?;
    decode(response, also_expected).await
}

/// Turns a response into the expected document or the matching error.
async fn decode<T: DeserializeOwned>(
    response: Response,
    also_expected: &[u16],
) -> Result<T, ApiError> {
    let status = response.status();
    let content_type = response.headers().get("content-type").unwrap_or_default();
    match classify(status, &content_type, also_expected) {
        BodyKind::Expected => response
            .json::<T>()
            .await
            .map_err(|_| ApiError::Unexpected { status }),
        BodyKind::Problem => Err(response
            .json::<Problem>()
            .await
            .map_or(ApiError::Unexpected { status }, ApiError::Problem)),
        BodyKind::Unexpected => Err(ApiError::Unexpected { status }),
    }
}

/// `GET /api/health`: a report for both `ok` (200) and `degraded` (503).
pub async fn health() -> Result<HealthReport, ApiError> {
    get_json_accepting(HEALTH_PATH, &[503]).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_classified_by_status_and_media_type() {
        let cases = [
            (200, "application/json", &[][..], BodyKind::Expected),
            (
                200,
                "application/json; charset=utf-8",
                &[],
                BodyKind::Expected,
            ),
            (200, "Application/JSON", &[], BodyKind::Expected),
            (503, "application/json", &[503], BodyKind::Expected),
            (503, "application/json", &[], BodyKind::Unexpected),
            (503, "application/problem+json", &[503], BodyKind::Problem),
            (401, "application/problem+json", &[], BodyKind::Problem),
            (200, "text/html", &[], BodyKind::Unexpected),
            (404, "text/html; charset=utf-8", &[], BodyKind::Unexpected),
            (502, "", &[], BodyKind::Unexpected),
        ];
        for (status, content_type, also, expected) in cases {
            assert_eq!(
                classify(status, content_type, also),
                expected,
                "{status} {content_type}"
            );
        }
    }

    #[test]
    fn only_a_failed_request_counts_as_a_network_error() {
        assert!(ApiError::Network.is_network());
        assert!(!ApiError::Unexpected { status: 502 }.is_network());
        assert!(!ApiError::Problem(Problem::new(503, "maintenance", "Maintenance")).is_network());
    }
}
