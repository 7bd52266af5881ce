//! The `spin-*` headers a component receives, value for value as real Spin 3.6.3 sends them
//! (platform.md § Real Spin 3.6.3, observed here), and client-sent `spin-*` headers stripped.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{app, echoed_header, get_json, start};
use ratusz_tests::HostProcess;
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

const APP: &str = r#"
spin_manifest_version = 2

[application]
name = "headers"

[[trigger.http]]
route = "/api/..."
component = "api"

[[trigger.http]]
route = "/api/users"
component = "users"

[[trigger.http]]
route = "/api/users/:id"
component = "user"

[[trigger.http]]
route = "/..."
component = "all"

[component.api]
source = @PROBE_WASM@
[component.users]
source = @PROBE_WASM@
[component.user]
source = @PROBE_WASM@
[component.all]
source = @PROBE_WASM@
"#;

/// `GET path` over a raw connection with extra header lines; returns the probe's echo and the
/// client's own address (to compare with `spin-client-addr`).
fn raw_echo(host: &HostProcess, path: &str, extra_headers: &[&str]) -> (Value, SocketAddr) {
    let mut stream = TcpStream::connect(host.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let local = stream.local_addr().unwrap();
    let mut request = format!(
        "GET {path} HTTP/1.1\r\nhost: {}\r\nconnection: close\r\n",
        host.addr()
    );
    for header in extra_headers {
        request.push_str(header);
        request.push_str("\r\n");
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {raw:?}"));
    assert!(head.starts_with("HTTP/1.1 200"), "{head}\n{}", host.logs());
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(body)
    } else {
        body.to_owned()
    };
    let echo = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body:?}"));
    (echo, local)
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    loop {
        let (size, rest) = body.split_once("\r\n").expect("chunk size line");
        let size = usize::from_str_radix(size.trim(), 16).expect("chunk size");
        if size == 0 {
            return out;
        }
        out.push_str(&rest[..size]);
        body = &rest[size + 2..];
    }
}

#[test]
fn wildcard_route_headers_match_real_spin() {
    let app = app(APP);
    let host = start(&app);
    let (echo, client) = raw_echo(&host, "/api/a/b/", &[]);
    let expect = [
        ("spin-path-info", "/a/b/".to_owned()),
        ("spin-matched-route", "/api/...".to_owned()),
        ("spin-raw-component-route", "/api/...".to_owned()),
        ("spin-component-route", "/api".to_owned()),
        ("spin-base-path", "/".to_owned()),
        ("spin-full-url", format!("http://{}/api/a/b/", host.addr())),
        ("spin-client-addr", client.to_string()),
    ];
    for (name, value) in expect {
        assert_eq!(
            echoed_header(&echo, name),
            Some(value.as_str()),
            "{name} in {echo}"
        );
    }
    assert_eq!(echo["path"], "/api/a/b/");
    assert_eq!(echo["method"], "GET");
}

#[test]
fn full_url_keeps_the_query_and_path_info_drops_it() {
    let app = app(APP);
    let host = start(&app);
    let echo = get_json(&host, "/api/a?x=1&y=two");
    assert_eq!(echoed_header(&echo, "spin-path-info"), Some("/a"));
    assert_eq!(
        echoed_header(&echo, "spin-full-url"),
        Some(format!("http://{}/api/a?x=1&y=two", host.addr()).as_str())
    );
    assert_eq!(echo["query"], "x=1&y=two");
}

#[test]
fn exact_route_headers() {
    let app = app(APP);
    let host = start(&app);
    let echo = get_json(&host, "/api/users");
    assert_eq!(echoed_header(&echo, "spin-path-info"), Some(""));
    assert_eq!(
        echoed_header(&echo, "spin-matched-route"),
        Some("/api/users")
    );
    assert_eq!(
        echoed_header(&echo, "spin-raw-component-route"),
        Some("/api/users")
    );
    assert_eq!(
        echoed_header(&echo, "spin-component-route"),
        Some("/api/users")
    );
    assert_eq!(echoed_header(&echo, "spin-base-path"), Some("/"));
}

#[test]
fn exact_route_with_trailing_slash_keeps_empty_path_info() {
    let app = app(APP);
    let host = start(&app);
    let echo = get_json(&host, "/api/users/");
    assert_eq!(
        echoed_header(&echo, "spin-matched-route"),
        Some("/api/users")
    );
    assert_eq!(echoed_header(&echo, "spin-path-info"), Some(""));
    assert_eq!(echo["path"], "/api/users/");
}

#[test]
fn root_wildcard_headers() {
    let app = app(APP);
    let host = start(&app);
    let echo = get_json(&host, "/x/y");
    assert_eq!(echoed_header(&echo, "spin-matched-route"), Some("/..."));
    assert_eq!(
        echoed_header(&echo, "spin-raw-component-route"),
        Some("/...")
    );
    assert_eq!(echoed_header(&echo, "spin-component-route"), Some(""));
    assert_eq!(echoed_header(&echo, "spin-path-info"), Some("/x/y"));
}

#[test]
fn param_route_headers() {
    let app = app(APP);
    let host = start(&app);
    let echo = get_json(&host, "/api/users/abc-1");
    assert_eq!(
        echoed_header(&echo, "spin-matched-route"),
        Some("/api/users/:id")
    );
    assert_eq!(
        echoed_header(&echo, "spin-component-route"),
        Some("/api/users/:id")
    );
    assert_eq!(echoed_header(&echo, "spin-path-match-id"), Some("abc-1"));
    assert_eq!(echoed_header(&echo, "spin-path-info"), Some(""));
}

#[test]
fn spoofed_spin_client_addr_is_replaced_by_the_real_peer() {
    let app = app(APP);
    let host = start(&app);
    let (echo, client) = raw_echo(
        &host,
        "/api/a",
        &[
            "spin-client-addr: 6.6.6.6:666",
            "SPIN-FULL-URL: http://evil/",
        ],
    );
    assert_eq!(
        echoed_header(&echo, "spin-client-addr"),
        Some(client.to_string().as_str())
    );
    assert_eq!(
        echoed_header(&echo, "spin-full-url"),
        Some(format!("http://{}/api/a", host.addr()).as_str())
    );
}

#[test]
fn spoofed_path_info_and_matched_route_are_replaced() {
    let app = app(APP);
    let host = start(&app);
    let (echo, _) = raw_echo(
        &host,
        "/api/a",
        &[
            "spin-path-info: /evil",
            "spin-matched-route: /evil/...",
            "spin-component-route: /evil",
            "spin-raw-component-route: /evil/...",
            "spin-base-path: /evil",
        ],
    );
    assert_eq!(echoed_header(&echo, "spin-path-info"), Some("/a"));
    assert_eq!(echoed_header(&echo, "spin-matched-route"), Some("/api/..."));
    assert_eq!(echoed_header(&echo, "spin-component-route"), Some("/api"));
    assert_eq!(
        echoed_header(&echo, "spin-raw-component-route"),
        Some("/api/...")
    );
    assert_eq!(echoed_header(&echo, "spin-base-path"), Some("/"));
}

#[test]
fn forged_path_match_header_is_stripped_on_routes_without_params() {
    let app = app(APP);
    let host = start(&app);
    let (echo, _) = raw_echo(&host, "/api/users", &["spin-path-match-id: forged"]);
    assert_eq!(echoed_header(&echo, "spin-path-match-id"), None, "{echo}");
}

#[test]
fn forged_path_match_header_is_replaced_on_param_routes() {
    let app = app(APP);
    let host = start(&app);
    let (echo, _) = raw_echo(&host, "/api/users/42", &["spin-path-match-id: forged"]);
    assert_eq!(echoed_header(&echo, "spin-path-match-id"), Some("42"));
}

#[test]
fn every_other_client_sent_spin_header_is_stripped() {
    let app = app(APP);
    let host = start(&app);
    let (echo, _) = raw_echo(
        &host,
        "/api/a",
        &["spin-made-up: x", "Spin-Path-Match-Other: y", "x-kept: z"],
    );
    assert_eq!(echoed_header(&echo, "spin-made-up"), None, "{echo}");
    assert_eq!(
        echoed_header(&echo, "spin-path-match-other"),
        None,
        "{echo}"
    );
    assert_eq!(echoed_header(&echo, "x-kept"), Some("z"), "{echo}");
}

#[test]
fn ordinary_request_headers_reach_the_component() {
    let app = app(APP);
    let host = start(&app);
    let reply = host
        .request("POST", "/api/echo")
        .header("x-custom", "abc 123")
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    let echo = reply.json().unwrap();
    assert_eq!(echo["method"], "POST");
    assert_eq!(echo["body_len"], 5);
    assert_eq!(echoed_header(&echo, "content-type"), Some("text/plain"));
    assert_eq!(echoed_header(&echo, "x-custom"), Some("abc 123"));
    assert_eq!(
        echoed_header(&echo, "host"),
        Some(host.addr().to_string().as_str())
    );
}
