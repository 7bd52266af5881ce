//! Limits: request body ≤ 10 MiB (413 beyond), handler wall time (`--handler-timeout`, 504),
//! guest traps (500, nothing internal leaked) — and the host keeps serving after each.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{app, get_json, host, start, SINGLE_PROBE};
use ratusz_tests::raw_request;
use std::time::{Duration, Instant};

const LIMIT: usize = 10 * 1024 * 1024;

fn status_line(raw: &str) -> &str {
    raw.lines().next().unwrap_or_default()
}

#[test]
fn body_of_exactly_10_mib_is_accepted() {
    let app = app(SINGLE_PROBE);
    let host = start(&app);
    let reply = host.post("/len", vec![b'a'; LIMIT]).unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json().unwrap()["len"], LIMIT);
}

#[test]
fn body_of_10_mib_plus_one_byte_is_413() {
    let app = app(SINGLE_PROBE);
    let host = start(&app);
    let head = format!(
        "POST /len HTTP/1.1\r\nhost: {}\r\ncontent-length: {}\r\nconnection: close",
        host.addr(),
        LIMIT + 1
    );
    let raw = raw_request(
        host.addr(),
        &head,
        &vec![b'a'; LIMIT + 1],
        Duration::from_secs(30),
    )
    .unwrap();
    assert!(
        status_line(&raw).starts_with("HTTP/1.1 413"),
        "{:?}\n{}",
        status_line(&raw),
        host.logs()
    );
    // Still serving.
    assert_eq!(get_json(&host, "/len")["len"], 0);
}

#[test]
fn chunked_body_over_10_mib_is_413() {
    let app = app(SINGLE_PROBE);
    let host = start(&app);
    let head = format!(
        "POST /len HTTP/1.1\r\nhost: {}\r\ntransfer-encoding: chunked\r\nconnection: close",
        host.addr()
    );
    let chunk = vec![b'a'; 1024 * 1024];
    let mut body = Vec::new();
    for _ in 0..11 {
        body.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        body.extend_from_slice(&chunk);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"0\r\n\r\n");
    let raw = raw_request(host.addr(), &head, &body, Duration::from_secs(30)).unwrap();
    assert!(
        status_line(&raw).starts_with("HTTP/1.1 413"),
        "{:?}\n{}",
        status_line(&raw),
        host.logs()
    );
}

#[test]
fn runaway_handler_is_cut_off_with_504_and_the_host_serves_on() {
    let app = app(SINGLE_PROBE);
    let host = host(&app)
        .arg("--handler-timeout")
        .arg("1s")
        .start()
        .unwrap();
    let started = Instant::now();
    let reply = host.get("/loop").unwrap();
    let took = started.elapsed();
    assert_eq!(reply.status, 504, "{}\n{}", reply.text(), host.logs());
    assert!(took < Duration::from_secs(10), "504 took {took:?}");
    assert_eq!(get_json(&host, "/len")["len"], 0);
}

#[test]
fn runaway_handler_does_not_block_other_requests() {
    let app = app(SINGLE_PROBE);
    let host = host(&app)
        .arg("--handler-timeout")
        .arg("6s")
        .start()
        .unwrap();
    let loops: Vec<_> = (0..2)
        .map(|_| {
            let url = host.url("/loop");
            std::thread::spawn(move || ratusz_tests::RequestBuilder::new("GET", url).send())
        })
        .collect();
    // Give the loops a moment to occupy the host's workers (2 cores here); their log lines
    // only appear when they end, so there is nothing to poll for.
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    assert_eq!(get_json(&host, "/len")["len"], 0);
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(3),
        "a request waited {took:?} behind spinning guests"
    );
    for handle in loops {
        assert_eq!(handle.join().unwrap().unwrap().status, 504);
    }
}

/// What must never reach a client from a failed guest.
const LEAKS: [&str; 7] = [
    "probe-internal-secret",
    "panicked",
    "wasm",
    "backtrace",
    ".rs:",
    "unreachable",
    "wasmtime",
];

fn assert_generic_500(reply: &ratusz_tests::HttpReply) {
    assert_eq!(reply.status, 500, "{}", reply.text());
    let body = reply.text().to_ascii_lowercase();
    for leak in LEAKS {
        assert!(!body.contains(leak), "500 body leaks {leak:?}: {body}");
    }
}

#[test]
fn guest_panic_is_a_500_without_internals() {
    let app = app(SINGLE_PROBE);
    let host = start(&app);
    assert_generic_500(&host.get("/trap").unwrap());
    assert_eq!(get_json(&host, "/len")["len"], 0);
}

#[test]
fn guest_abort_is_a_500_without_internals() {
    let app = app(SINGLE_PROBE);
    let host = start(&app);
    assert_generic_500(&host.get("/abort").unwrap());
    assert_eq!(get_json(&host, "/len")["len"], 0);
}

#[test]
fn trap_is_logged_as_500_with_its_component() {
    let app = app(SINGLE_PROBE);
    let host = start(&app);
    host.get("/trap").unwrap();
    let line = host
        .wait_for_request_log(Duration::from_secs(5), |l| l.path == "/trap")
        .unwrap();
    assert_eq!((line.status, line.component.as_str()), (500, "probe"));
}
