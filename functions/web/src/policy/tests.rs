//! Table tests of the static-file policy.
use super::*;

fn manifest() -> Manifest {
    let json = br#"{"version":"v1","files":{
        "/index.html":{"etag":"aaaa","size":10,"encodings":["br","gzip"]},
        "/sw.js":{"etag":"bbbb","size":10,"encodings":["gzip"]},
        "/assets/app-1a2b3c4d.wasm":{"etag":"cccc","size":10,"encodings":["br","gzip"]},
        "/assets/app-1a2b3c4d.js":{"etag":"dddd","size":10,"encodings":[]},
        "/manifest.webmanifest":{"etag":"eeee","size":10,"encodings":[]},
        "/icons/icon-192.png":{"etag":"ffff","size":10,"encodings":[]}
    }}"#;
    Manifest::parse(json).unwrap_or_default()
}

fn header<'a>(d: &'a Decision, name: &str) -> Option<&'a str> {
    d.headers
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.as_str())
}

fn get<'a>(path: &'a str) -> StaticRequest<'a> {
    StaticRequest {
        method: "GET",
        path,
        accept_encoding: None,
        if_none_match: None,
    }
}

#[test]
fn content_type_table() {
    let cases = [
        ("/index.html", "text/html; charset=utf-8"),
        ("/assets/app.js", "text/javascript; charset=utf-8"),
        ("/assets/app.wasm", "application/wasm"),
        ("/assets/app.css", "text/css; charset=utf-8"),
        ("/data.json", "application/json"),
        ("/manifest.webmanifest", "application/manifest+json"),
        ("/icon.svg", "image/svg+xml"),
        ("/icon.png", "image/png"),
        ("/favicon.ico", "image/x-icon"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/assets/font.woff2", "font/woff2"),
        ("/LICENSE", "application/octet-stream"),
    ];
    for (path, ct) in cases {
        assert_eq!(content_type(path), ct, "{path}");
    }
}

#[test]
fn cache_policy_table() {
    let cases = [
        ("/index.html", "no-cache"),
        ("/sw.js", "no-cache"),
        (
            "/assets/app-1a2b3c4d.wasm",
            "public, max-age=31536000, immutable",
        ),
        ("/manifest.webmanifest", "public, max-age=3600"),
        ("/icons/icon-192.png", "public, max-age=3600"),
    ];
    for (path, cc) in cases {
        assert_eq!(cache_control(path), cc, "{path}");
    }
}

#[test]
fn negotiation_table() {
    let both = vec!["br".to_owned(), "gzip".to_owned()];
    let gz = vec!["gzip".to_owned()];
    let none: Vec<String> = vec![];
    let cases = [
        (None, &both, Encoding::Identity),
        (Some("gzip, deflate, br, zstd"), &both, Encoding::Brotli),
        (Some("gzip, br;q=0"), &both, Encoding::Gzip),
        (Some("br;q=0, gzip;q=0"), &both, Encoding::Identity),
        (Some("br"), &gz, Encoding::Identity),
        (Some("*"), &both, Encoding::Brotli),
        (Some("*;q=0, gzip"), &both, Encoding::Gzip),
        (Some("identity"), &both, Encoding::Identity),
        (Some("BR;Q=0.5"), &both, Encoding::Brotli),
        (Some("gzip;q=0.001"), &gz, Encoding::Gzip),
        (Some("gzip, br"), &none, Encoding::Identity),
        (Some(""), &both, Encoding::Identity),
    ];
    for (header, available, expected) in cases {
        assert_eq!(
            negotiate(header, available),
            expected,
            "{header:?} {available:?}"
        );
    }
}

#[test]
fn if_none_match_table() {
    let cases = [
        ("\"aaaa\"", "\"aaaa\"", true),
        ("\"aaaa-br\"", "\"aaaa\"", false),
        ("\"x\", \"aaaa-br\"", "\"aaaa-br\"", true),
        ("*", "\"aaaa\"", true),
        ("W/\"aaaa\"", "\"aaaa\"", true),
        ("\"bbbb\"", "\"aaaa\"", false),
        ("", "\"aaaa\"", false),
    ];
    for (inm, tag, expected) in cases {
        assert_eq!(none_match(Some(inm), tag), expected, "{inm} vs {tag}");
    }
}

/// (name, request, status, body, etag, cache-control, content-encoding)
type Case<'a> = (
    &'a str,
    StaticRequest<'a>,
    u16,
    Body,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
);

#[test]
fn decision_table() {
    let m = manifest();
    // (name, request, status, body, etag, cache-control, content-encoding)
    let cases: Vec<Case> = vec![
        (
            "root is the shell",
            get("/"),
            200,
            Body::File("/index.html".into()),
            Some("\"aaaa\""),
            Some("no-cache"),
            None,
        ),
        (
            "brotli wasm",
            StaticRequest {
                accept_encoding: Some("gzip, br"),
                ..get("/assets/app-1a2b3c4d.wasm")
            },
            200,
            Body::File("/assets/app-1a2b3c4d.wasm.br".into()),
            Some("\"cccc-br\""),
            Some("public, max-age=31536000, immutable"),
            Some("br"),
        ),
        (
            "gzip sw",
            StaticRequest {
                accept_encoding: Some("gzip, br"),
                ..get("/sw.js")
            },
            200,
            Body::File("/sw.js.gz".into()),
            Some("\"bbbb-gz\""),
            Some("no-cache"),
            Some("gzip"),
        ),
        (
            "app route falls back",
            get("/sessions/01JDA3Y8T5"),
            200,
            Body::File("/index.html".into()),
            Some("\"aaaa\""),
            Some("no-cache"),
            None,
        ),
        (
            "missing asset is 404",
            get("/assets/app-deadbeef.js"),
            404,
            Body::Text("Not found\n".into()),
            None,
            Some("no-store"),
            None,
        ),
        (
            "manifest is never served",
            get("/_files.json"),
            404,
            Body::Text("Not found\n".into()),
            None,
            Some("no-store"),
            None,
        ),
        (
            "traversal is 404",
            get("/assets/../_files.json"),
            404,
            Body::Text("Not found\n".into()),
            None,
            Some("no-store"),
            None,
        ),
        (
            "304 on match",
            StaticRequest {
                if_none_match: Some("\"zzzz\", \"aaaa\""),
                ..get("/index.html")
            },
            304,
            Body::Empty,
            Some("\"aaaa\""),
            Some("no-cache"),
            None,
        ),
        (
            "304 on star",
            StaticRequest {
                if_none_match: Some("*"),
                ..get("/manifest.webmanifest")
            },
            304,
            Body::Empty,
            Some("\"eeee\""),
            Some("public, max-age=3600"),
            None,
        ),
        (
            "identity etag does not match br",
            StaticRequest {
                accept_encoding: Some("br"),
                if_none_match: Some("\"aaaa\""),
                ..get("/index.html")
            },
            200,
            Body::File("/index.html.br".into()),
            Some("\"aaaa-br\""),
            Some("no-cache"),
            Some("br"),
        ),
        (
            "HEAD has no body",
            StaticRequest {
                method: "HEAD",
                ..get("/icons/icon-192.png")
            },
            200,
            Body::Empty,
            Some("\"ffff\""),
            Some("public, max-age=3600"),
            None,
        ),
        (
            "HEAD describes identity",
            StaticRequest {
                method: "HEAD",
                accept_encoding: Some("br, gzip"),
                ..get("/index.html")
            },
            200,
            Body::Empty,
            Some("\"aaaa\""),
            Some("no-cache"),
            None,
        ),
        (
            "POST is 405",
            StaticRequest {
                method: "POST",
                ..get("/index.html")
            },
            405,
            Body::Text("Method not allowed\n".into()),
            None,
            Some("no-store"),
            None,
        ),
    ];
    for (name, req, status, body, tag, cc, ce) in cases {
        let d = decide(&req, &m);
        assert_eq!(d.status, status, "{name}");
        assert_eq!(d.body, body, "{name}");
        assert_eq!(header(&d, "etag"), tag, "{name}");
        assert_eq!(header(&d, "cache-control"), cc, "{name}");
        assert_eq!(header(&d, "content-encoding"), ce, "{name}");
        for (sec, value) in SECURITY_HEADERS {
            assert_eq!(header(&d, sec), Some(*value), "{name}: {sec}");
        }
    }
}

#[test]
fn api_paths_get_a_json_problem_for_any_method() {
    let m = manifest();
    for (method, path) in [("GET", "/api/nope"), ("POST", "/api/x/y"), ("GET", "/api")] {
        let d = decide(
            &StaticRequest {
                method,
                ..get(path)
            },
            &m,
        );
        assert_eq!(d.status, 404);
        assert_eq!(header(&d, "content-type"), Some("application/problem+json"));
        assert!(
            matches!(&d.body, Body::Text(t) if t.contains("\"code\":\"not_found\"")),
            "{path}"
        );
    }
    // `/apix` is an app route, not the API.
    assert_eq!(
        decide(&get("/apix"), &m).body,
        Body::File("/index.html".into())
    );
}

#[test]
fn post_405_lists_allowed_methods() {
    let d = decide(
        &StaticRequest {
            method: "DELETE",
            ..get("/")
        },
        &manifest(),
    );
    assert_eq!(header(&d, "allow"), Some("GET, HEAD"));
}

#[test]
fn csp_has_no_unsafe_inline() {
    assert!(!CSP.contains("unsafe-inline") && CSP.contains("frame-ancestors 'none'"));
}

#[test]
fn fallback_without_a_shell_is_404() {
    assert_eq!(decide(&get("/sessions"), &Manifest::default()).status, 404);
}
