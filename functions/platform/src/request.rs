//! The request as handlers see it: method, path, query, headers and the whole body (read up to a
//! limit), plus JSON decoding that turns serde's complaints into 400 / 422 problems.

use crate::ApiError;
use ratusz_domain::validate::{FieldCode, Invalid};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

/// Default body limit (api.md: bodies ≤ 1 MiB unless the endpoint says otherwise).
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// A received request with its body read.
#[derive(Debug, Clone, Default)]
pub struct ApiRequest {
    /// Upper-case method (`GET`, `POST`, …).
    pub method: String,
    /// Path without the query (`/api/health`).
    pub path: String,
    /// Query string without `?` (may be empty).
    pub query: String,
    /// Headers with lower-case names, in arrival order.
    pub headers: Vec<(String, String)>,
    /// The body (at most the limit).
    pub body: Vec<u8>,
}

impl ApiRequest {
    /// A request for tests and internal calls.
    pub fn new(method: &str, path_and_query: &str) -> Self {
        let (path, query) = split_path_query(path_and_query);
        Self {
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            query: query.to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Adds a header (name lower-cased).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers
            .push((name.to_ascii_lowercase(), value.to_owned()));
        self
    }

    /// Sets the body.
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of header `name`, in the order received.
    pub fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The media type of the body (`Content-Type` without parameters, lower-cased).
    pub fn media_type(&self) -> Option<String> {
        self.header("content-type").map(media_type)
    }

    /// The first value of query parameter `name` (percent-decoded).
    pub fn query_param(&self, name: &str) -> Option<String> {
        self.query.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k) == name).then(|| percent_decode(v))
        })
    }

    /// A query parameter that names one value of a closed list (a list's `status=` filter):
    /// absent → `None`; any other text, the empty one included (`?status=` is not a value the
    /// document lists), → 422 `invalid_choice` naming the parameter.
    pub fn query_choice<T>(
        &self,
        name: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Option<T>, ApiError> {
        self.query_param(name)
            .map(|value| {
                parse(&value).ok_or_else(|| {
                    ApiError::invalid_field(name, Invalid::new(FieldCode::InvalidChoice))
                })
            })
            .transpose()
    }

    /// `limit` and `cursor` of a list request (422 naming `limit` when out of range).
    pub fn page_query(&self) -> Result<PageQuery, ApiError> {
        let limit = ratusz_domain::api::page::page_limit(self.query_param("limit").as_deref())
            .map_err(|_| {
                ApiError::invalid_field(
                    "limit",
                    Invalid::out_of_range(1, ratusz_domain::api::page::MAX_LIMIT),
                )
            })?;
        let cursor = self.query_param("cursor").filter(|c| !c.is_empty());
        Ok(PageQuery { limit, cursor })
    }

    /// Decodes the JSON body into `T` (which should `deny_unknown_fields`).
    ///
    /// Syntax errors → 400; an unknown or missing field or a wrong type → 422
    /// `validation_failed` naming the field when serde names it.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        if self.media_type().as_deref() != Some("application/json") {
            return Err(ApiError::UnsupportedMediaType {
                expected: "application/json".into(),
            });
        }
        decode_json(&self.body)
    }
}

/// A list request's paging: the page size and the opaque cursor the previous page returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageQuery {
    /// Items per page (1–500, default 50).
    pub limit: u32,
    /// Where to continue, as the previous page's `next_cursor` said.
    pub cursor: Option<String>,
}

/// Decodes JSON into `T`, mapping serde errors to problems (see [`ApiRequest::json`]).
///
/// Every request body of the API is a JSON object, but serde's derived `Deserialize` also
/// fills a struct from an array (`[null, null]` as `{"first_name": null, "last_name": null}`):
/// a top-level array is refused here (422, `body` has the wrong shape), as the document says.
pub fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'[') {
        serde_json::from_slice::<serde::de::IgnoredAny>(body).map_err(|e| json_error(&e))?;
        let mut errors = BTreeMap::new();
        errors.insert("body".to_owned(), Invalid::format("json_shape"));
        return Err(ApiError::Validation { errors });
    }
    serde_json::from_slice(body).map_err(|e| json_error(&e))
}

fn json_error(e: &serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => ApiError::BadRequest(format!(
            "The body is not valid JSON (line {}, column {}).",
            e.line(),
            e.column()
        )),
        Category::Data => {
            // serde's messages name fields and types only, never values: safe to return.
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_owned();
            let mut errors = BTreeMap::new();
            if let Some(field) = between_backticks(&msg, "unknown field `") {
                errors.insert(field, Invalid::new(FieldCode::UnknownField));
            } else if let Some(field) = between_backticks(&msg, "missing field `") {
                errors.insert(field, Invalid::required());
            } else if msg.starts_with("unknown variant") {
                errors.insert("body".to_owned(), Invalid::new(FieldCode::InvalidChoice));
            } else {
                errors.insert("body".to_owned(), Invalid::format("json_shape"));
            }
            ApiError::Validation { errors }
        }
    }
}

fn between_backticks(msg: &str, prefix: &str) -> Option<String> {
    let rest = msg.split_once(prefix)?.1;
    Some(rest.split('`').next()?.to_owned())
}

/// `text/html; charset=utf-8` → `text/html`.
pub fn media_type(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Splits `/a/b?x=1` into (`/a/b`, `x=1`).
pub fn split_path_query(path_and_query: &str) -> (&str, &str) {
    match path_and_query.split_once('?') {
        Some((p, q)) => (p, q),
        None => (path_and_query, ""),
    }
}

/// Checks a declared `Content-Length` against `limit` before reading anything.
pub fn check_declared_length(content_length: Option<&str>, limit: usize) -> Result<(), ApiError> {
    match content_length.and_then(|v| v.trim().parse::<u64>().ok()) {
        Some(n) if n > limit as u64 => Err(ApiError::PayloadTooLarge { limit }),
        _ => Ok(()),
    }
}

/// Decodes `%XX` and `+` (query strings); a malformed escape is kept as it is.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i + 1..i + 3) {
            Some(hex) if bytes[i] == b'%' => std::str::from_utf8(hex)
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok()),
            _ => None,
        };
        match (bytes[i], escaped) {
            (_, Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                i += 1;
            }
            (b, None) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Login {
        email: String,
        password: String,
    }

    fn post(body: &str) -> ApiRequest {
        ApiRequest::new("POST", "/api/auth/login")
            .with_header("Content-Type", "application/json; charset=utf-8")
            .with_body(body)
    }

    #[test]
    fn json_errors_map_to_problems() {
        let cases = [
            (r#"{"email":"a","password":"b"}"#, None, None),
            (
                r#"{"email":"a","password":"b","admin":true}"#,
                Some(422),
                Some("admin"),
            ),
            (r#"{"email":"a"}"#, Some(422), Some("password")),
            (r#"{"email":1,"password":"b"}"#, Some(422), Some("body")),
            (r#"{"email":"a","#, Some(400), None),
            ("", Some(400), None),
        ];
        for (body, status, field) in cases {
            let result = post(body).json::<Login>();
            match (result, status) {
                (Ok(_), None) => {}
                (Err(e), Some(s)) => {
                    let p = e.to_problem();
                    assert_eq!(p.status, s, "{body}");
                    if let Some(f) = field {
                        assert!(p.errors.contains_key(f), "{body}: {:?}", p.errors);
                    }
                }
                (r, s) => panic!("{body}: got {r:?}, expected status {s:?}"),
            }
        }
    }

    #[test]
    fn a_top_level_array_is_refused_for_an_object() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Patch {
            first_name: Option<String>,
            last_name: Option<String>,
        }
        for body in [&b"[null, null]"[..], b" [\"a\"]", b"[]"] {
            let err = decode_json::<Patch>(body).err().map(|e| e.status());
            assert_eq!(err, Some(422), "{}", String::from_utf8_lossy(body));
        }
        // Broken JSON stays a 400, an object still decodes.
        assert_eq!(
            decode_json::<Patch>(b"[1,").err().map(|e| e.status()),
            Some(400)
        );
        assert!(decode_json::<Patch>(br#"{"first_name": "Ala"}"#).is_ok());
    }

    #[test]
    fn json_requires_the_json_media_type() {
        let req = ApiRequest::new("POST", "/x")
            .with_header("content-type", "text/plain")
            .with_body("{}");
        let err = req.json::<serde_json::Value>().err().map(|e| e.status());
        assert_eq!(err, Some(415));
    }

    #[test]
    fn query_params_are_decoded() {
        let req = ApiRequest::new("GET", "/api/users?limit=10&cursor=a%2Bb&q=jan+kowalski");
        assert_eq!(req.path, "/api/users");
        assert_eq!(req.query_param("limit").as_deref(), Some("10"));
        assert_eq!(req.query_param("cursor").as_deref(), Some("a+b"));
        assert_eq!(req.query_param("q").as_deref(), Some("jan kowalski"));
        assert_eq!(req.query_param("nope"), None);
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }

    #[test]
    fn query_choice_takes_only_listed_values() {
        let parse = |s: &str| ["open", "closed"].contains(&s).then(|| s.to_owned());
        let cases = [
            ("/api/incidents", Ok(None)),
            ("/api/incidents?status=open", Ok(Some("open".to_owned()))),
            ("/api/incidents?status=", Err(422)),
            ("/api/incidents?status=OPEN", Err(422)),
            ("/api/incidents?status=%20open", Err(422)),
        ];
        for (uri, expected) in cases {
            let got = ApiRequest::new("GET", uri)
                .query_choice("status", parse)
                .map_err(|e| e.status());
            assert_eq!(got, expected, "{uri}");
        }
    }

    #[test]
    fn page_query_defaults_and_limits() {
        let q = ApiRequest::new("GET", "/api/users").page_query().ok();
        assert_eq!(
            q,
            Some(PageQuery {
                limit: 50,
                cursor: None
            })
        );
        let q = ApiRequest::new("GET", "/api/users?limit=500&cursor=abc")
            .page_query()
            .ok();
        assert_eq!(
            q,
            Some(PageQuery {
                limit: 500,
                cursor: Some("abc".into())
            })
        );
        let err = ApiRequest::new("GET", "/api/users?limit=501")
            .page_query()
            .err()
            .map(|e| e.to_problem());
        assert!(err.is_some_and(|p| p.status == 422 && p.errors.contains_key("limit")));
    }

    #[test]
    fn declared_length_over_the_limit_is_refused_early() {
        assert!(check_declared_length(Some("1048577"), DEFAULT_BODY_LIMIT).is_err());
        assert!(check_declared_length(Some("1048576"), DEFAULT_BODY_LIMIT).is_ok());
        assert!(check_declared_length(None, DEFAULT_BODY_LIMIT).is_ok());
    }
}
