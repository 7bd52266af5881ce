//! Every decision the static-file server makes, as pure functions: what to serve for a path,
//! its content type and cache policy, which encoding, ETags and `If-None-Match`, security
//! headers. The handler in `lib.rs` only reads files and sends what [`decide`] says.

use crate::manifest::{FileEntry, Manifest};

/// The CSP: everything from our origin, WASM compilation allowed, no inline script or style.
pub const CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; \
object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Headers on every response, errors and 304s included.
pub const SECURITY_HEADERS: &[(&str, &str)] = &[
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    // Geolocation for this origin only: a resident's report may carry this device's
    // position, read only when they press the button (`pages/reports/photo.rs`); no
    // embedded or other origin ever gets it.
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(self), payment=(), usb=(), interest-cohort=()",
    ),
    ("cross-origin-opener-policy", "same-origin"),
];

/// The SPA's shell, served for app routes.
pub const INDEX: &str = "/index.html";

/// A representation of a file on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// The file as built.
    Identity,
    /// `<file>.br`.
    Brotli,
    /// `<file>.gz`.
    Gzip,
}

impl Encoding {
    /// `Content-Encoding` value (`None` for identity).
    pub fn header(self) -> Option<&'static str> {
        match self {
            Self::Identity => None,
            Self::Brotli => Some("br"),
            Self::Gzip => Some("gzip"),
        }
    }

    /// Suffix of the file on disk.
    pub fn file_suffix(self) -> &'static str {
        match self {
            Self::Identity => "",
            Self::Brotli => ".br",
            Self::Gzip => ".gz",
        }
    }

    /// Suffix of the ETag, so each representation has its own strong validator.
    pub fn etag_suffix(self) -> &'static str {
        match self {
            Self::Identity => "",
            Self::Brotli => "-br",
            Self::Gzip => "-gz",
        }
    }
}

/// `Content-Type` by extension.
pub fn content_type(path: &str) -> &'static str {
    match extension(path).map(str::to_ascii_lowercase).as_deref() {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("webmanifest") => "application/manifest+json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("txt") => "text/plain; charset=utf-8",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// `Cache-Control` by kind: the shell and the service worker are revalidated every time
/// (a deploy must reach users at once); content-hashed assets never change; the rest
/// (manifest, icons) may be an hour old.
pub fn cache_control(path: &str) -> &'static str {
    if path == INDEX || path == "/sw.js" {
        "no-cache"
    } else if path.starts_with("/assets/") {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=3600"
    }
}

/// The extension of the last path segment, if it has one.
pub fn extension(path: &str) -> Option<&str> {
    let last = path.rsplit('/').next().unwrap_or("");
    last.rsplit_once('.')
        .map(|(_, ext)| ext)
        .filter(|e| !e.is_empty())
}

/// Chooses `br` > `gzip` > identity among the available siblings by `Accept-Encoding`
/// (a coding is acceptable when listed, or covered by `*`, with q > 0).
pub fn negotiate(accept_encoding: Option<&str>, available: &[String]) -> Encoding {
    let Some(header) = accept_encoding else {
        return Encoding::Identity;
    };
    let accepted = |coding: &str| -> bool {
        let mut star = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .or_else(|| p.trim().strip_prefix("Q="))
                })
                .find_map(|v| v.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if name == coding {
                return q > 0.0;
            }
            if name == "*" {
                star = Some(q > 0.0);
            }
        }
        star.unwrap_or(false)
    };
    let has = |name: &str| available.iter().any(|a| a == name);
    if has("br") && accepted("br") {
        Encoding::Brotli
    } else if has("gzip") && accepted("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// The strong ETag of one representation: `"<etag>"`, `"<etag>-br"`, `"<etag>-gz"`.
pub fn etag(entry: &FileEntry, encoding: Encoding) -> String {
    format!("\"{}{}\"", entry.etag, encoding.etag_suffix())
}

/// Whether `If-None-Match` matches `etag` (the domain's one weak comparison).
pub use ratusz_domain::etag::none_match;

/// What a request asked for.
#[derive(Debug, Clone, Default)]
pub struct StaticRequest<'a> {
    /// Method, upper-case.
    pub method: &'a str,
    /// Path without the query.
    pub path: &'a str,
    /// `Accept-Encoding`.
    pub accept_encoding: Option<&'a str>,
    /// `If-None-Match`.
    pub if_none_match: Option<&'a str>,
}

/// What to answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// HTTP status.
    pub status: u16,
    /// Headers (security headers included).
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Body,
}

/// Where the body comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// No body (304, HEAD).
    Empty,
    /// Read this file from the mount (already the chosen representation).
    File(String),
    /// This text.
    Text(String),
}

/// Whether a path belongs to the API (unknown API paths get a JSON problem, never the SPA).
pub fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// Decides the answer to `req` from the manifest. Pure.
pub fn decide(req: &StaticRequest, manifest: &Manifest) -> Decision {
    if is_api(req.path) {
        return api_not_found();
    }
    let head = req.method.eq_ignore_ascii_case("HEAD");
    if !head && !req.method.eq_ignore_ascii_case("GET") {
        return error(
            405,
            "Method not allowed",
            vec![("allow", "GET, HEAD".into())],
        );
    }
    let path = if req.path == "/" { INDEX } else { req.path };
    let (path, entry) = match manifest.lookup(path) {
        Some(entry) => (path, entry),
        None if extension(path).is_none() => match manifest.lookup(INDEX) {
            // An app route (`/sessions/01J…`): the SPA's router draws it.
            Some(entry) => (INDEX, entry),
            None => return error(404, "Not found", Vec::new()),
        },
        None => return error(404, "Not found", Vec::new()),
    };
    // HEAD describes the identity representation: an empty body labelled `Content-Encoding:
    // gzip` makes some clients try to inflate nothing and fail (ureq does).
    let encoding = if head {
        Encoding::Identity
    } else {
        negotiate(req.accept_encoding, &entry.encodings)
    };
    let tag = etag(entry, encoding);
    let mut headers = vec![
        ("etag", tag.clone()),
        ("cache-control", cache_control(path).to_owned()),
        ("vary", "Accept-Encoding".to_owned()),
    ];
    with_security(&mut headers);
    if none_match(req.if_none_match, &tag) {
        return Decision {
            status: 304,
            headers,
            body: Body::Empty,
        };
    }
    headers.push(("content-type", content_type(path).to_owned()));
    if let Some(ce) = encoding.header() {
        headers.push(("content-encoding", ce.to_owned()));
    }
    let body = if head {
        Body::Empty
    } else {
        Body::File(format!("{path}{}", encoding.file_suffix()))
    };
    Decision {
        status: 200,
        headers,
        body,
    }
}

fn with_security(headers: &mut Vec<(&'static str, String)>) {
    headers.extend(SECURITY_HEADERS.iter().map(|(n, v)| (*n, (*v).to_owned())));
}

fn error(status: u16, text: &str, mut extra: Vec<(&'static str, String)>) -> Decision {
    extra.push(("content-type", "text/plain; charset=utf-8".into()));
    extra.push(("cache-control", "no-store".into()));
    with_security(&mut extra);
    Decision {
        status,
        headers: extra,
        body: Body::Text(format!("{text}\n")),
    }
}

fn api_not_found() -> Decision {
    let problem = ratusz_domain::api::Problem::new(404, "not_found", "Not found")
        .with_detail("There is no API endpoint at this path.");
    let body = serde_json::to_string(&problem).unwrap_or_default();
    let mut headers = vec![
        ("content-type", "application/problem+json".to_owned()),
        ("cache-control", "no-store".to_owned()),
    ];
    with_security(&mut headers);
    Decision {
        status: 404,
        headers,
        body: Body::Text(body),
    }
}

/// The answer when `_files.json` is missing or broken (the frontend was not built).
pub fn not_built() -> Decision {
    error(
        503,
        "The frontend is not built (dist/_files.json is missing or invalid).",
        Vec::new(),
    )
}

#[cfg(test)]
mod tests;
