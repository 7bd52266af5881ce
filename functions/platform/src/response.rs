//! Building responses: JSON bodies, problems, no content, and printable HTML documents.

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

/// The policy of every HTML document a component serves (the BIP result page, the printable
/// minutes, the reset letter): no script at all, no outside resource, inline `<style>` only,
/// images from this origin or `data:`, never framed, no `<base>`, no form submission. (The
/// SPA's own, looser policy is the web component's.)
pub const DOCUMENT_CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; \
frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// Headers every component HTML document carries.
pub const DOCUMENT_HEADERS: &[(&str, &str)] = &[
    ("content-type", "text/html; charset=utf-8"),
    ("content-security-policy", DOCUMENT_CSP),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
];

/// 200 with a printable HTML document under [`DOCUMENT_CSP`] and `cache_control`
/// (`no-store` for a page holding a secret).
pub fn html_document(body: impl Into<Vec<u8>>, cache_control: &str) -> Response {
    let mut builder = Response::builder();
    builder.status(200);
    for (name, value) in DOCUMENT_HEADERS {
        builder.header(*name, *value);
    }
    builder
        .header("cache-control", cache_control)
        .body(body.into())
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

    #[test]
    fn html_documents_carry_the_strict_policy() {
        let resp = html_document("<p>x</p>", "no-store");
        let header = |name: &str| resp.header(name).and_then(|v| v.as_str());
        assert_eq!(header("content-security-policy"), Some(DOCUMENT_CSP));
        assert_eq!(header("x-content-type-options"), Some("nosniff"));
        assert_eq!(header("cache-control"), Some("no-store"));
        assert_eq!(header("content-type"), Some("text/html; charset=utf-8"));
        let directives: Vec<&str> = DOCUMENT_CSP.split("; ").collect();
        assert_eq!(
            directives,
            [
                "default-src 'none'",
                "style-src 'unsafe-inline'",
                "img-src 'self' data:",
                "frame-ancestors 'none'",
                "base-uri 'none'",
                "form-action 'none'"
            ]
        );
    }
}
