//! End-to-end: the real compiled app (`spin.toml` of the workspace) on the real host, over HTTP —
//! the static shell served by `functions/web`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_tests::raw_request;
use std::time::Duration;
use support::start_app;

#[test]
fn index_html_is_served_with_no_cache_and_strict_security_headers() {
    let app = start_app();
    let reply = app.get("/").unwrap();
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(reply.header("cache-control"), Some("no-cache"));
    assert!(reply.text().contains("<html lang=\"pl\""), "Polish first");
    let csp = reply.header("content-security-policy").unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(reply.header("referrer-policy"), Some("no-referrer"));
    let etag = reply.header("etag").unwrap();
    assert!(
        etag.starts_with('"') && !etag.starts_with("W/"),
        "strong ETag: {etag}"
    );
}

#[test]
fn hashed_assets_are_immutable_and_precompressed_by_accept_encoding() {
    let app = start_app();
    let index = app.get("/").unwrap().text();
    let assets = support::asset_paths(&index);
    assert!(
        assets.iter().any(|a| a.ends_with(".js")) && assets.iter().any(|a| a.ends_with(".css")),
        "index.html references hashed JS and CSS: {assets:?}"
    );
    for asset in &assets {
        let identity = app.get(asset).unwrap();
        assert_eq!(identity.status, 200, "{asset}");
        assert_eq!(
            identity.header("cache-control"),
            Some("public, max-age=31536000, immutable"),
            "{asset}"
        );
        for (accept, expected) in [("br, gzip", "br"), ("gzip", "gzip")] {
            let head = format!(
                "GET {asset} HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: {accept}\r\nConnection: close"
            );
            let raw = raw_request(app.addr(), &head, b"", Duration::from_secs(10)).unwrap();
            let head = raw.split("\r\n\r\n").next().unwrap().to_ascii_lowercase();
            assert!(head.starts_with("http/1.1 200"), "{asset}: {head}");
            assert!(
                head.contains(&format!("content-encoding: {expected}")),
                "{asset} with {accept}: {head}"
            );
            assert!(head.contains("vary: accept-encoding"), "{asset}: {head}");
        }
    }
}

#[test]
fn if_none_match_with_the_current_etag_answers_304_without_a_body() {
    let app = start_app();
    let first = app.get("/").unwrap();
    let etag = first.header("etag").unwrap().to_owned();
    let again = app
        .request("GET", "/")
        .header("if-none-match", &etag)
        .send()
        .unwrap();
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    let stale = app
        .request("GET", "/")
        .header("if-none-match", "\"not-the-current-one\"")
        .send()
        .unwrap();
    assert_eq!(stale.status, 200);
}

#[test]
fn deep_app_routes_fall_back_to_index_html() {
    let app = start_app();
    let index = app.get("/").unwrap().text();
    for path in ["/status", "/sessions/01J0000000/vote", "/admin/users/"] {
        let reply = app.get(path).unwrap();
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.text(), index, "{path} serves the shell");
        assert_eq!(reply.header("cache-control"), Some("no-cache"), "{path}");
    }
    let missing_asset = app.get("/assets/app-00000000.js").unwrap();
    assert_eq!(missing_asset.status, 404, "a missing file is not the shell");
}

#[test]
fn unknown_api_paths_get_a_json_problem_not_the_app_shell() {
    let app = start_app();
    let reply = app.get("/api/no-such-endpoint").unwrap();
    assert_eq!(reply.status, 404);
    assert_eq!(
        reply.header("content-type"),
        Some("application/problem+json")
    );
    let problem = reply.json().unwrap();
    assert_eq!(problem["code"], "not_found");
    assert_eq!(problem["status"], 404);
    assert_eq!(problem["type"], "https://ratusz.example/problems/not_found");
}

#[test]
fn service_worker_and_web_app_manifest_are_served_for_the_pwa() {
    let app = start_app();
    let sw = app.get("/sw.js").unwrap();
    assert_eq!(sw.status, 200);
    assert_eq!(sw.header("cache-control"), Some("no-cache"));
    assert!(sw
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));
    assert!(
        sw.text().contains("/api/"),
        "the worker knows to leave /api/ alone"
    );
    let manifest = app.get("/manifest.webmanifest").unwrap();
    assert_eq!(manifest.status, 200);
    assert_eq!(
        manifest.header("content-type"),
        Some("application/manifest+json")
    );
    let manifest = manifest.json().unwrap();
    assert_eq!(manifest["lang"], "pl");
    let icons = manifest["icons"].as_array().unwrap();
    for icon in icons {
        let src = icon["src"].as_str().unwrap();
        assert_eq!(app.get(src).unwrap().status, 200, "{src}");
    }
    assert!(icons.iter().any(|i| i["sizes"] == "512x512"));
}

#[test]
fn only_get_and_head_reach_static_files() {
    let app = start_app();
    let reply = app.post("/", "x").unwrap();
    assert_eq!(reply.status, 405);
    assert!(reply.header("allow").unwrap().contains("GET"));
    let head = app.request("HEAD", "/").send().unwrap();
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
}
