//! RFC 9457 problem details, the one error shape of the API.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Base of every problem `type` URI; the stable machine `code` is appended.
pub const PROBLEM_TYPE_BASE: &str = "https://ratusz.example/problems/";

/// An RFC 9457 problem (`application/problem+json`). `title` and `detail` are safe to show
/// to a person; nothing internal ever goes here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// `https://ratusz.example/problems/<code>`.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// Short, human-readable summary of the problem kind.
    pub title: String,
    /// The HTTP status code, repeated for clients that lost it.
    pub status: u16,
    /// Explanation of this occurrence.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
    /// Stable machine-readable code (`invalid_credentials`, `validation_failed`, …).
    pub code: String,
    /// For `validation_failed`: field → message (English; clients translate `fields`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub errors: BTreeMap<String, String>,
    /// Values the code's message needs (`max`, `retry_after_s`, …), so a client can say it in
    /// its own language without parsing `detail`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
    /// For `validation_failed`: field → stable field code with its parameters (the same fields
    /// as `errors`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, FieldProblem>,
}

/// Why one field was refused: a stable code (`required`, `too_long`, …) and its parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldProblem {
    /// Stable field code, see `ratusz_domain::validate::FieldCode`.
    pub code: String,
    /// Values the message needs (`max`, `min`, …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
}

impl Problem {
    /// A problem with the given status, code and title and no detail.
    pub fn new(status: u16, code: &str, title: &str) -> Self {
        Self {
            problem_type: format!("{PROBLEM_TYPE_BASE}{code}"),
            title: title.to_owned(),
            status,
            detail: String::new(),
            code: code.to_owned(),
            errors: BTreeMap::new(),
            params: BTreeMap::new(),
            fields: BTreeMap::new(),
        }
    }

    /// Adds the explanation of this occurrence.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    /// Adds one field error (for `validation_failed`).
    pub fn with_field_error(mut self, field: &str, message: impl Into<String>) -> Self {
        self.errors.insert(field.to_owned(), message.into());
        self
    }

    /// Adds one parameter of the code's message.
    pub fn with_param(mut self, name: &str, value: impl Into<String>) -> Self {
        self.params.insert(name.to_owned(), value.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_type_is_derived_from_the_code() {
        let p = Problem::new(404, "not_found", "Not found");
        assert_eq!(p.problem_type, "https://ratusz.example/problems/not_found");
        let json = serde_json::to_value(&p).unwrap_or_default();
        assert_eq!(json["type"], "https://ratusz.example/problems/not_found");
        assert!(json.get("detail").is_none(), "empty detail is omitted");
    }
}
