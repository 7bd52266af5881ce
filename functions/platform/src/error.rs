//! `ApiError`: the one error type of a request, mapped once to an RFC 9457 problem.
//!
//! Handlers return `Result<Response, ApiError>`; [`ApiError::into_response`] is the only place
//! that turns an error into HTTP. An internal error's detail is logged and never sent: the body
//! of a 500 is always the same generic problem.

use crate::response;
use ratusz_domain::api::Problem;
use spin_sdk::http::Response;
use std::collections::BTreeMap;

/// Everything that can end a request early.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request cannot be parsed (bad JSON syntax, bad query, bad id).
    #[error("malformed request: {0}")]
    BadRequest(String),
    /// 401: no valid session (`unauthenticated`, `session_superseded`, `invalid_credentials`, …).
    #[error("not authenticated ({code})")]
    Unauthenticated {
        /// Stable problem code.
        code: &'static str,
        /// Safe explanation.
        detail: String,
    },
    /// 403: authenticated but not allowed (`forbidden`, `csrf_required`, `not_a_member`, …).
    #[error("forbidden ({code})")]
    Forbidden {
        /// Stable problem code.
        code: &'static str,
        /// Safe explanation.
        detail: String,
    },
    /// 404: absent or not visible to the caller (no existence leaks).
    #[error("not found")]
    NotFound,
    /// 405: the path exists but not with this method.
    #[error("method not allowed")]
    MethodNotAllowed {
        /// Methods the path does answer (the `Allow` header).
        allow: Vec<&'static str>,
    },
    /// 409: the state of the resource forbids it (`conflict`, `already_voted`, …).
    #[error("conflict ({code})")]
    Conflict {
        /// Stable problem code.
        code: &'static str,
        /// Safe explanation.
        detail: String,
    },
    /// 410: the resource existed and is gone for good (`letter_already_shown`).
    #[error("gone ({code})")]
    Gone {
        /// Stable problem code.
        code: &'static str,
        /// Safe explanation.
        detail: String,
    },
    /// 413: the body is larger than the endpoint accepts.
    #[error("payload too large (limit {limit} bytes)")]
    PayloadTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// 415: the body's `Content-Type` is not one the endpoint accepts.
    #[error("unsupported media type")]
    UnsupportedMediaType {
        /// What the endpoint accepts.
        expected: String,
    },
    /// 422 `validation_failed`: field → message (unknown fields included).
    #[error("validation failed: {errors:?}")]
    Validation {
        /// Field → message, safe to show.
        errors: BTreeMap<String, String>,
    },
    /// 422 with another code (`idempotency_mismatch`, `weak_password`, …).
    #[error("unprocessable ({code})")]
    Unprocessable {
        /// Stable problem code.
        code: &'static str,
        /// Safe explanation.
        detail: String,
    },
    /// 429: throttled; try again after `retry_after_s` seconds.
    #[error("too many requests")]
    TooManyRequests {
        /// Seconds until a retry may succeed (`Retry-After`).
        retry_after_s: u64,
    },
    /// 503: maintenance or a dependency is down (`maintenance`, `unavailable`).
    #[error("service unavailable ({code})")]
    Unavailable {
        /// Stable problem code.
        code: &'static str,
        /// Seconds until a retry may succeed (`Retry-After`), when known.
        retry_after_s: Option<u64>,
    },
    /// 500: a bug or a failed dependency. The text is logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// 403 `forbidden`.
    pub fn forbidden() -> Self {
        Self::Forbidden {
            code: "forbidden",
            detail: String::new(),
        }
    }

    /// 401 `unauthenticated`.
    pub fn unauthenticated() -> Self {
        Self::Unauthenticated {
            code: "unauthenticated",
            detail: String::new(),
        }
    }

    /// 409 with a specific code.
    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        Self::Conflict {
            code,
            detail: detail.into(),
        }
    }

    /// 422 `validation_failed` with one field error.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        let mut errors = BTreeMap::new();
        errors.insert(field.to_owned(), message.into());
        Self::Validation { errors }
    }

    /// 500 from any error; only its `Display` is kept, for the log.
    pub fn internal(err: impl std::fmt::Display) -> Self {
        Self::Internal(err.to_string())
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            Self::BadRequest(_) => 400,
            Self::Unauthenticated { .. } => 401,
            Self::Forbidden { .. } => 403,
            Self::NotFound => 404,
            Self::MethodNotAllowed { .. } => 405,
            Self::Conflict { .. } => 409,
            Self::Gone { .. } => 410,
            Self::PayloadTooLarge { .. } => 413,
            Self::UnsupportedMediaType { .. } => 415,
            Self::Validation { .. } | Self::Unprocessable { .. } => 422,
            Self::TooManyRequests { .. } => 429,
            Self::Internal(_) => 500,
            Self::Unavailable { .. } => 503,
        }
    }

    /// The problem sent to the client. Pure: no logging here.
    pub fn to_problem(&self) -> Problem {
        let status = self.status();
        match self {
            Self::BadRequest(detail) => {
                Problem::new(status, "bad_request", "Malformed request").with_detail(detail.clone())
            }
            Self::Unauthenticated { code, detail } => {
                Problem::new(status, code, "Not signed in").with_detail(detail.clone())
            }
            Self::Forbidden { code, detail } => {
                Problem::new(status, code, "Not allowed").with_detail(detail.clone())
            }
            Self::NotFound => Problem::new(status, "not_found", "Not found"),
            Self::MethodNotAllowed { allow } => {
                Problem::new(status, "method_not_allowed", "Method not allowed")
                    .with_detail(format!("This resource answers {}.", allow.join(", ")))
            }
            Self::Conflict { code, detail } => {
                Problem::new(status, code, "Conflict").with_detail(detail.clone())
            }
            Self::Gone { code, detail } => {
                Problem::new(status, code, "Gone").with_detail(detail.clone())
            }
            Self::PayloadTooLarge { limit } => {
                Problem::new(status, "payload_too_large", "Request body too large")
                    .with_detail(format!("The body may be at most {limit} bytes."))
            }
            Self::UnsupportedMediaType { expected } => {
                Problem::new(status, "unsupported_media_type", "Unsupported media type")
                    .with_detail(format!("Send the body as {expected}."))
            }
            Self::Validation { errors } => {
                let mut p = Problem::new(status, "validation_failed", "Validation failed")
                    .with_detail("Some fields are not valid.");
                p.errors = errors.clone();
                p
            }
            Self::Unprocessable { code, detail } => {
                Problem::new(status, code, "Request cannot be processed")
                    .with_detail(detail.clone())
            }
            Self::TooManyRequests { retry_after_s } => {
                Problem::new(status, "too_many_requests", "Too many requests")
                    .with_detail(format!("Try again in {retry_after_s} seconds."))
            }
            Self::Unavailable { code, .. } => {
                Problem::new(status, code, "Service unavailable").with_detail("Try again later.")
            }
            Self::Internal(_) => Problem::new(status, "internal", "Internal error")
                .with_detail("Something went wrong on our side. The error has been logged."),
        }
    }

    /// Headers that go with the problem (`Allow`, `Retry-After`).
    pub fn extra_headers(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::MethodNotAllowed { allow } => vec![("allow", allow.join(", "))],
            Self::TooManyRequests { retry_after_s } => {
                vec![("retry-after", retry_after_s.to_string())]
            }
            Self::Unavailable {
                retry_after_s: Some(s),
                ..
            } => vec![("retry-after", s.to_string())],
            _ => Vec::new(),
        }
    }

    /// The response; an internal error's detail goes to the log (stderr) only.
    pub fn into_response(self) -> Response {
        if let Self::Internal(detail) = &self {
            crate::log::error(&format!("internal error: {detail}"));
        }
        self.to_response()
    }

    /// The response, without logging (pure).
    pub fn to_response(&self) -> Response {
        let mut resp = response::problem(&self.to_problem());
        for (name, value) in self.extra_headers() {
            resp.set_header(name, value);
        }
        resp
    }
}

impl From<spin_sdk::sqlite3::Error> for ApiError {
    fn from(e: spin_sdk::sqlite3::Error) -> Self {
        Self::Internal(format!("sqlite: {e:?}"))
    }
}

impl From<spin_sdk::key_value::Error> for ApiError {
    fn from(e: spin_sdk::key_value::Error) -> Self {
        Self::Internal(format!("key-value: {e:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_variant_maps_to_its_status_and_code() {
        let cases: Vec<(ApiError, u16, &str)> = vec![
            (ApiError::BadRequest("x".into()), 400, "bad_request"),
            (ApiError::unauthenticated(), 401, "unauthenticated"),
            (ApiError::forbidden(), 403, "forbidden"),
            (ApiError::NotFound, 404, "not_found"),
            (
                ApiError::MethodNotAllowed { allow: vec!["GET"] },
                405,
                "method_not_allowed",
            ),
            (ApiError::conflict("conflict", "dup"), 409, "conflict"),
            (
                ApiError::PayloadTooLarge { limit: 10 },
                413,
                "payload_too_large",
            ),
            (
                ApiError::UnsupportedMediaType {
                    expected: "application/json".into(),
                },
                415,
                "unsupported_media_type",
            ),
            (
                ApiError::invalid_field("name", "required"),
                422,
                "validation_failed",
            ),
            (
                ApiError::TooManyRequests { retry_after_s: 30 },
                429,
                "too_many_requests",
            ),
            (
                ApiError::Unavailable {
                    code: "maintenance",
                    retry_after_s: Some(60),
                },
                503,
                "maintenance",
            ),
            (ApiError::Internal("db down".into()), 500, "internal"),
        ];
        for (err, status, code) in cases {
            let p = err.to_problem();
            assert_eq!((p.status, p.code.as_str()), (status, code), "{err:?}");
            assert_eq!(
                p.problem_type,
                format!("https://ratusz.example/problems/{code}")
            );
        }
    }

    #[test]
    fn internal_detail_never_reaches_the_body() {
        let secret = "SELECT * FROM users; password=hunter2";
        let resp = ApiError::Internal(secret.into()).into_response();
        let body = String::from_utf8_lossy(resp.body()).into_owned();
        assert!(
            !body.contains("hunter2") && !body.contains("SELECT"),
            "{body}"
        );
        assert_eq!(*resp.status(), 500);
        let ct = resp
            .header("content-type")
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        assert_eq!(ct, "application/problem+json");
    }

    #[test]
    fn retry_after_and_allow_headers_are_set() {
        let resp = ApiError::TooManyRequests { retry_after_s: 42 }.into_response();
        assert_eq!(
            resp.header("retry-after").and_then(|v| v.as_str()),
            Some("42")
        );
        let resp = ApiError::MethodNotAllowed {
            allow: vec!["GET", "POST"],
        }
        .into_response();
        assert_eq!(
            resp.header("allow").and_then(|v| v.as_str()),
            Some("GET, POST")
        );
        let resp = ApiError::Unavailable {
            code: "maintenance",
            retry_after_s: Some(5),
        }
        .into_response();
        assert_eq!(
            resp.header("retry-after").and_then(|v| v.as_str()),
            Some("5")
        );
    }

    #[test]
    fn validation_problem_carries_the_errors_map() {
        let p = ApiError::invalid_field("email", "required").to_problem();
        assert_eq!(p.errors.get("email").map(String::as_str), Some("required"));
    }
}
