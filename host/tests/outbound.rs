//! Outbound HTTP only to `allowed_outbound_hosts` (including `{{ variable }}` templates);
//! everything else is refused with an error the guest sees, and nothing leaves the host.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{app, get_json, host, post_json, start};
use ratusz_tests::{CaptureServer, TestApp};
use serde_json::{json, Value};
use std::time::Duration;

/// A probe whose `allowed_outbound_hosts` is `allowed` (TOML array body).
fn app_allowing(allowed: &str, variables: &str) -> TestApp {
    app(&format!(
        r#"
spin_manifest_version = 2

[application]
name = "outbound"

[variables]
{variables}

[[trigger.http]]
route = "/..."
component = "probe"

[component.probe]
source = @PROBE_WASM@
allowed_outbound_hosts = [{allowed}]
"#
    ))
}

/// `/outbound?url=…` with the URL percent-encoded.
fn outbound_path(url: &str, method: Option<&str>) -> String {
    let mut encoded = String::new();
    for b in url.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    match method {
        Some(method) => format!("/outbound?url={encoded}&method={method}"),
        None => format!("/outbound?url={encoded}"),
    }
}

fn assert_denied(answer: &Value) {
    assert_eq!(answer["ok"], false, "{answer}");
    assert_eq!(answer["error_code"], "HttpRequestDenied", "{answer}");
}

#[test]
fn allowed_host_receives_the_request_and_guest_sees_its_status() {
    let gateway = CaptureServer::with_status(202).unwrap();
    gateway.set_body(r#"{"queued":true}"#);
    let app = app_allowing(&format!("\"{}\"", gateway.origin()), "");
    let host = start(&app);
    let answer = get_json(&host, &outbound_path(&gateway.url("/hook?x=1"), None));
    assert_eq!(
        answer,
        json!({ "ok": true, "status": 202, "body": r#"{"queued":true}"# })
    );
    let requests = gateway.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path, "/hook?x=1");
    assert_eq!(requests[0].header("x-probe"), Some("outbound"));
}

#[test]
fn post_body_reaches_the_gateway_intact() {
    let gateway = CaptureServer::start().unwrap();
    let app = app_allowing(&format!("\"{}\"", gateway.origin()), "");
    let host = start(&app);
    let message = json!({ "to": "radny@gmina.pl", "body": "Sesja o 10:00" }).to_string();
    let answer = post_json(
        &host,
        &outbound_path(&gateway.url("/email"), Some("POST")),
        message.clone(),
    );
    assert_eq!(answer["status"], 200, "{answer}");
    let requests = gateway
        .wait_for_requests(1, Duration::from_secs(5))
        .unwrap();
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[0].path, "/email");
    assert_eq!(requests[0].text(), message);
}

#[test]
fn host_not_in_the_allowed_list_is_refused_and_never_contacted() {
    let allowed = CaptureServer::start().unwrap();
    let other = CaptureServer::start().unwrap();
    let app = app_allowing(&format!("\"{}\"", allowed.origin()), "");
    let host = start(&app);
    assert_denied(&get_json(&host, &outbound_path(&other.url("/x"), None)));
    assert!(other.requests().is_empty(), "{:?}", other.requests());
}

#[test]
fn scheme_must_match_the_allowed_entry() {
    let gateway = CaptureServer::start().unwrap();
    let app = app_allowing(&format!("\"https://{}\"", gateway.addr()), "");
    let host = start(&app);
    assert_denied(&get_json(&host, &outbound_path(&gateway.url("/x"), None)));
    assert!(gateway.requests().is_empty());
}

#[test]
fn component_without_allowed_hosts_cannot_send_anything() {
    let gateway = CaptureServer::start().unwrap();
    let app = app(common::SINGLE_PROBE);
    let host = start(&app);
    assert_denied(&get_json(&host, &outbound_path(&gateway.url("/x"), None)));
    assert!(gateway.requests().is_empty());
}

#[test]
fn wildcard_port_allows_any_port_on_that_host() {
    let gateway = CaptureServer::start().unwrap();
    let app = app_allowing("\"http://127.0.0.1:*\"", "");
    let host = start(&app);
    let answer = get_json(&host, &outbound_path(&gateway.url("/any"), None));
    assert_eq!(answer["status"], 200, "{answer}");
    assert_eq!(gateway.requests().len(), 1);
}

#[test]
fn allowed_host_from_a_variable_template_is_honoured() {
    let gateway = CaptureServer::start().unwrap();
    let other = CaptureServer::start().unwrap();
    let app = app_allowing(
        "\"{{ gateway_origin }}\"",
        "gateway_origin = { default = \"http://gateway.invalid\" }",
    );
    let host = host(&app)
        .variable("gateway_origin", &gateway.origin())
        .start()
        .unwrap();
    let answer = get_json(&host, &outbound_path(&gateway.url("/sms"), None));
    assert_eq!(answer["status"], 200, "{answer}");
    assert_eq!(gateway.requests().len(), 1);
    assert_denied(&get_json(&host, &outbound_path(&other.url("/sms"), None)));
    assert!(other.requests().is_empty());
}

#[test]
fn template_default_is_used_when_the_variable_is_not_set() {
    let gateway = CaptureServer::start().unwrap();
    let app = app_allowing(
        "\"{{ gateway_origin }}\"",
        "gateway_origin = { default = \"http://gateway.invalid\" }",
    );
    let host = host(&app).start().unwrap();
    // The default origin is not the capture server: refused.
    assert_denied(&get_json(&host, &outbound_path(&gateway.url("/sms"), None)));
    assert!(gateway.requests().is_empty());
}

#[test]
fn refused_connection_is_an_error_not_a_trap() {
    // Allowed, but nothing listens there.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let origin = format!("http://127.0.0.1:{port}");
    let app = app_allowing(&format!("\"{origin}\""), "");
    let host = start(&app);
    let answer = get_json(&host, &outbound_path(&format!("{origin}/x"), None));
    assert_eq!(answer["ok"], false, "{answer}");
    assert_ne!(answer["error_code"], "HttpRequestDenied", "{answer}");
}
