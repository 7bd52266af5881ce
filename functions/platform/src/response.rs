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

/// Whether an `If-None-Match` header matches `etag` (weak comparison, as RFC 9110 § 13.1.2
/// requires for `If-None-Match`; `*` matches anything). No header matches nothing.
pub fn none_match(if_none_match: Option<&str>, etag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    let ours = bare(etag);
    if_none_match.is_some_and(|header| header.split(',').map(bare).any(|t| t == "*" || t == ours))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_none_match_compares_weakly() {
        let cases = [
            (Some("\"r7\""), true),
            (Some("\"r6\", W/\"r7\""), true),
            (Some("*"), true),
            (Some("\"r6\""), false),
            (Some("\"r70\""), false),
            (None, false),
        ];
        for (header, expected) in cases {
            assert_eq!(none_match(header, "\"r7\""), expected, "{header:?}");
        }
    }

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
