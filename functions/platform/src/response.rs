//! Building responses: JSON bodies, problems, no content.

use ratusz_domain::api::Problem;
use serde::Serialize;
use spin_sdk::http::Response;

/// `application/json`.
pub const JSON: &str = "application/json";
/// `application/problem+json` (RFC 9457).
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A JSON response with `status`. A value that fails to serialise becomes a generic 500.
pub fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => Response::builder()
            .status(status)
            .header("content-type", JSON)
            .body(body)
            .build(),
        Err(e) => crate::ApiError::internal(format!("serialising a response: {e}")).into_response(),
    }
}

/// 200 with a JSON body.
pub fn ok<T: Serialize + ?Sized>(value: &T) -> Response {
    json(200, value)
}

/// 201 with a JSON body.
pub fn created<T: Serialize + ?Sized>(value: &T) -> Response {
    json(201, value)
}

/// 204 with no body.
pub fn no_content() -> Response {
    Response::builder().status(204).build()
}

/// A problem response (`application/problem+json`, status from the problem).
pub fn problem(p: &Problem) -> Response {
    // Serialising `Problem` (strings, a number, a string map) cannot fail; fall back anyway.
    let body =
        serde_json::to_vec(p).unwrap_or_else(|_| br#"{"code":"internal","status":500}"#.to_vec());
    Response::builder()
        .status(p.status)
        .header("content-type", PROBLEM_JSON)
        .body(body)
        .build()
}

/// Whether `If-None-Match` matches `etag` (see [`ratusz_domain::etag::none_match`]).
pub use ratusz_domain::etag::none_match;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_sets_status_and_content_type() {
        let resp = json(201, &serde_json::json!({"id": "x"}));
        assert_eq!(*resp.status(), 201);
        assert_eq!(
            resp.header("content-type").and_then(|v| v.as_str()),
            Some(JSON)
        );
        assert_eq!(resp.body(), br#"{"id":"x"}"#);
        assert_eq!(*no_content().status(), 204);
    }
}
