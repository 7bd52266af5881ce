//! `ApiError`: the one error type of a request, mapped once to an RFC 9457 problem.
//!
//! Handlers return `Result<Response, ApiError>`; [`ApiError::into_response`] is the only place
//! that turns an error into HTTP. An internal error's detail is logged and never sent: the body
//! of a 500 is always the same generic problem.

use crate::response;
use ratusz_domain::api::problem::FieldProblem;
use ratusz_domain::api::Problem;
use ratusz_domain::validate::{FieldErrors, Invalid};
use spin_sdk::http::Response;
use std::collections::BTreeMap;

/// Parameters of a problem code's message (`max`, `retry_after_s`, …).
pub type Params = BTreeMap<&'static str, String>;

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
        /// Values the code's message needs (clients translate `code` with these).
        params: Params,
    },
    /// 403: authenticated but not allowed (`forbidden`, `csrf_required`, `not_a_member`, …).
    #[error("forbidden ({code})")]
    Forbidden {
        /// Stable problem code.
        code: &'static str,
        /// Safe explanation.
        detail: String,
        /// Values the code's message needs (clients translate `code` with these).
        params: Params,
    },
    /// 404: absent or not visible to the caller (no existence leaks).
    #[error("not found")]
    NotFound,
    /// 404 with a code of its own, for a public resource whose absence has a reason the
    /// client can act on (`checkpoints_disabled`, `no_checkpoint`).
    #[error("not found ({code})")]
    NotFoundBecause {
        /// Stable problem code.
        code: &'static str,
        /// Safe explanation.
        detail: String,
    },
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
        /// Values the code's message needs (clients translate `code` with these).
        params: Params,
    },
    /// 410: the resource existed and is gone for good (`letter_already_shown`).
    #[error("gone ({code})")]
    Gone {
        /// Stable problem code.
        code: &'static str,
        /// Safe explanation.
        detail: String,
        /// Values the code's message needs (clients translate `code` with these).
        params: Params,
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
    /// 422 `validation_failed`: every refused field (unknown fields included).
    #[error("validation failed: {errors:?}")]
    Validation {
        /// Field → why (a stable field code with parameters).
        errors: BTreeMap<String, Invalid>,
    },
    /// 422 with another code (`idempotency_mismatch`, `weak_password`, …).
    #[error("unprocessable ({code})")]
    Unprocessable {
        /// Stable problem code.
        code: &'static str,
        /// Safe explanation.
        detail: String,
        /// Values the code's message needs (clients translate `code` with these).
        params: Params,
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
    /// 503 `schema_too_new`: the database was migrated by a newer build; this one refuses it
    /// (a downgrade would misread the data). Waiting does not help, so no `Retry-After`.
    #[error("database schema {database_version} is newer than this build's {code_version}")]
    SchemaTooNew {
        /// Highest migration version recorded in the database.
        database_version: u32,
        /// Highest migration version this build knows.
        code_version: u32,
    },
    /// 500: a bug or a failed dependency. The text is logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// 403 `forbidden`.
    pub fn forbidden() -> Self {
        Self::forbidden_because("forbidden", "")
    }

    /// 403 with a specific code (`not_a_member`, `csrf_required`, …).
    pub fn forbidden_because(code: &'static str, detail: impl Into<String>) -> Self {
        Self::Forbidden {
            code,
            detail: detail.into(),
            params: Params::new(),
        }
    }

    /// 401 `unauthenticated`.
    pub fn unauthenticated() -> Self {
        Self::unauthenticated_because("unauthenticated", "")
    }

    /// 401 with a specific code (`session_superseded`, `invalid_credentials`, …).
    pub fn unauthenticated_because(code: &'static str, detail: impl Into<String>) -> Self {
        Self::Unauthenticated {
            code,
            detail: detail.into(),
            params: Params::new(),
        }
    }

    /// 409 with a specific code.
    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        Self::Conflict {
            code,
            detail: detail.into(),
            params: Params::new(),
        }
    }

    /// 410 with a specific code.
    pub fn gone(code: &'static str, detail: impl Into<String>) -> Self {
        Self::Gone {
            code,
            detail: detail.into(),
            params: Params::new(),
        }
    }

    /// 422 with a code other than `validation_failed`.
    pub fn unprocessable(code: &'static str, detail: impl Into<String>) -> Self {
        Self::Unprocessable {
            code,
            detail: detail.into(),
            params: Params::new(),
        }
    }

    /// 503 `busy`: the database stayed locked through every retry; the client may try again.
    pub fn busy() -> Self {
        Self::Unavailable {
            code: "busy",
            retry_after_s: Some(1),
        }
    }

    /// Adds a parameter to a problem that carries a code of its own (others ignore it).
    pub fn with_param(mut self, name: &'static str, value: impl ToString) -> Self {
        match &mut self {
            Self::Unauthenticated { params, .. }
            | Self::Forbidden { params, .. }
            | Self::Conflict { params, .. }
            | Self::Gone { params, .. }
            | Self::Unprocessable { params, .. } => {
                params.insert(name, value.to_string());
            }
            _ => {}
        }
        self
    }

    /// 422 `validation_failed` with one refused field.
    pub fn invalid_field(field: &str, invalid: Invalid) -> Self {
        FieldErrors::one(field, invalid).into()
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
            Self::NotFound | Self::NotFoundBecause { .. } => 404,
            Self::MethodNotAllowed { .. } => 405,
            Self::Conflict { .. } => 409,
            Self::Gone { .. } => 410,
            Self::PayloadTooLarge { .. } => 413,
            Self::UnsupportedMediaType { .. } => 415,
            Self::Validation { .. } | Self::Unprocessable { .. } => 422,
            Self::TooManyRequests { .. } => 429,
            Self::Internal(_) => 500,
            Self::Unavailable { .. } | Self::SchemaTooNew { .. } => 503,
        }
    }

    /// The problem sent to the client. Pure: no logging here.
    pub fn to_problem(&self) -> Problem {
        let status = self.status();
        match self {
            Self::BadRequest(detail) => {
                Problem::new(status, "bad_request", "Malformed request").with_detail(detail.clone())
            }
            Self::Unauthenticated {
                code,
                detail,
                params,
            } => coded(status, code, "Not signed in", detail, params),
            Self::Forbidden {
                code,
                detail,
                params,
            } => coded(status, code, "Not allowed", detail, params),
            Self::NotFound => Problem::new(status, "not_found", "Not found"),
            Self::NotFoundBecause { code, detail } => {
                Problem::new(status, code, "Not found").with_detail(detail.clone())
            }
            Self::MethodNotAllowed { allow } => {
                Problem::new(status, "method_not_allowed", "Method not allowed")
                    .with_detail(format!("This resource answers {}.", allow.join(", ")))
            }
            Self::Conflict {
                code,
                detail,
                params,
            } => coded(status, code, "Conflict", detail, params),
            Self::Gone {
                code,
                detail,
                params,
            } => coded(status, code, "Gone", detail, params),
            Self::PayloadTooLarge { limit } => {
                Problem::new(status, "payload_too_large", "Request body too large")
                    .with_detail(format!("The body may be at most {limit} bytes."))
                    .with_param("limit", limit.to_string())
            }
            Self::UnsupportedMediaType { expected } => {
                Problem::new(status, "unsupported_media_type", "Unsupported media type")
                    .with_detail(format!("Send the body as {expected}."))
            }
            Self::Validation { errors } => {
                let mut p = Problem::new(status, "validation_failed", "Validation failed")
                    .with_detail("Some fields are not valid.");
                for (field, invalid) in errors {
                    p.errors.insert(field.clone(), invalid.message_en());
                    p.fields.insert(
                        field.clone(),
                        FieldProblem {
                            code: invalid.code.as_str().to_owned(),
                            params: invalid
                                .params
                                .iter()
                                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                                .collect(),
                        },
                    );
                }
                p
            }
            Self::Unprocessable {
                code,
                detail,
                params,
            } => coded(status, code, "Request cannot be processed", detail, params),
            Self::TooManyRequests { retry_after_s } => {
                Problem::new(status, "too_many_requests", "Too many requests")
                    .with_detail(format!("Try again in {retry_after_s} seconds."))
                    .with_param("retry_after_s", retry_after_s.to_string())
            }
            Self::Unavailable {
                code,
                retry_after_s,
            } => {
                let p = Problem::new(status, code, "Service unavailable")
                    .with_detail("Try again later.");
                match retry_after_s {
                    Some(s) => p.with_param("retry_after_s", s.to_string()),
                    None => p,
                }
            }
            Self::SchemaTooNew {
                database_version,
                code_version,
            } => Problem::new(status, "schema_too_new", "Service unavailable")
                .with_detail(format!(
                    "The database schema is at version {database_version}, newer than this \
                     build knows ({code_version}). Deploy the newer build or restore a backup."
                ))
                .with_param("database_version", database_version.to_string())
                .with_param("code_version", code_version.to_string()),
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

/// A problem with its own code, detail and parameters.
fn coded(status: u16, code: &str, title: &str, detail: &str, params: &Params) -> Problem {
    let mut p = Problem::new(status, code, title).with_detail(detail);
    for (name, value) in params {
        p = p.with_param(name, value.clone());
    }
    p
}

impl From<FieldErrors> for ApiError {
    fn from(errors: FieldErrors) -> Self {
        Self::Validation { errors: errors.0 }
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
                ApiError::NotFoundBecause {
                    code: "no_checkpoint",
                    detail: "none yet".into(),
                },
                404,
                "no_checkpoint",
            ),
            (
                ApiError::MethodNotAllowed { allow: vec!["GET"] },
                405,
                "method_not_allowed",
            ),
            (ApiError::conflict("conflict", "dup"), 409, "conflict"),
            (ApiError::busy(), 503, "busy"),
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
                ApiError::invalid_field("name", Invalid::required()),
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
            (
                ApiError::SchemaTooNew {
                    database_version: 9,
                    code_version: 8,
                },
                503,
                "schema_too_new",
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
    fn schema_too_new_names_both_versions_and_no_retry() {
        let err = ApiError::SchemaTooNew {
            database_version: 12,
            code_version: 8,
        };
        let p = err.to_problem();
        assert_eq!(
            p.params.get("database_version").map(String::as_str),
            Some("12")
        );
        assert_eq!(p.params.get("code_version").map(String::as_str), Some("8"));
        assert!(err.extra_headers().is_empty());
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
        let p = ApiError::invalid_field("email", Invalid::too_long(254)).to_problem();
        assert_eq!(
            p.errors.get("email").map(String::as_str),
            Some("At most 254 characters.")
        );
        let field = p.fields.get("email");
        assert_eq!(field.map(|f| f.code.as_str()), Some("too_long"));
        assert_eq!(
            field.and_then(|f| f.params.get("max")).map(String::as_str),
            Some("254")
        );
    }

    #[test]
    fn coded_problems_carry_their_parameters() {
        let p = ApiError::conflict("no_quorum", "No quorum.")
            .with_param("present", 7)
            .to_problem();
        assert_eq!(p.params.get("present").map(String::as_str), Some("7"));
        let p = ApiError::TooManyRequests { retry_after_s: 42 }.to_problem();
        assert_eq!(
            p.params.get("retry_after_s").map(String::as_str),
            Some("42")
        );
    }
}
