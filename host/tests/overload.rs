//! Overload: clients that send a request head and then drip the body (or nothing), more
//! connections than the host takes, and a full instance pool. A full host answers 503 with
//! `Retry-After`, never 500, and serves again by itself once the load is gone
//! (`--max-connections`, `--body-timeout`, `--max-instances`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{app, host, SINGLE_PROBE};
use ratusz_tests::{HostProcess, HttpReply, RequestBuilder};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Opens `n` connections that each send a `POST /len` head promising 1,000 bytes and one byte
/// of body, then nothing more.
fn drippers(host: &HostProcess, n: usize) -> Vec<TcpStream> {
    let head = format!(
        "POST /len HTTP/1.1\r\nhost: {}\r\ncontent-length: 1000\r\n\r\na",
        host.addr()
    );
    (0..n)
        .map(|i| {
            let mut stream = TcpStream::connect_timeout(&host.addr(), Duration::from_secs(10))
                .unwrap_or_else(|e| panic!("dripper {i}: {e}"));
            // A connection the host refused may already be closed: that is allowed.
            let _ = stream.write_all(head.as_bytes());
            stream
        })
        .collect()
}

fn get(host: &HostProcess, path: &str) -> HttpReply {
    RequestBuilder::new("GET", host.url(path))
        .send()
        .unwrap_or_else(|e| panic!("GET {path}: {e:#}\n{}", host.logs()))
}

/// 200, or 503 with a `Retry-After` in seconds: never a 500.
#[track_caller]
fn assert_ok_or_busy(reply: &HttpReply, host: &HostProcess) {
    match reply.status {
        200 => {}
        503 => {
            let retry_after = reply
                .header("retry-after")
                .unwrap_or_else(|| panic!("503 without Retry-After: {:?}", reply.headers));
            assert!(
                retry_after.parse::<u64>().is_ok_and(|s| s >= 1),
                "{retry_after}"
            );
        }
        other => panic!(
            "a full host answered {other}: {}\n{}",
            reply.text(),
            host.logs()
        ),
    }
}

/// Polls `GET /len` until it answers 200 (each answer 200 or 503), within `limit`.
fn wait_for_200(host: &HostProcess, limit: Duration) -> Duration {
    let started = Instant::now();
    loop {
        let reply = get(host, "/len");
        assert_ok_or_busy(&reply, host);
        if reply.status == 200 {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < limit,
            "still 503 after {limit:?}\n{}",
            host.logs()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn eleven_hundred_slow_drip_clients_never_make_the_host_answer_500() {
    let app = app(SINGLE_PROBE);
    // The defaults: the drippers leave before any timeout.
    let host = host(&app).start().unwrap();
    let slow = drippers(&host, 1100);
    // Let the host take them all in (accept, read the heads, start the requests).
    std::thread::sleep(Duration::from_millis(1500));
    for _ in 0..5 {
        assert_ok_or_busy(&get(&host, "/len"), &host);
    }
    drop(slow);
    let took = wait_for_200(&host, Duration::from_secs(15));
    eprintln!("200 again {took:?} after the drippers left");
}

#[test]
fn a_full_host_answers_503_with_retry_after_and_recovers_by_itself() {
    let app = app(SINGLE_PROBE);
    let host = host(&app)
        .arg("--max-connections")
        .arg("40")
        .arg("--body-timeout")
        .arg("2s")
        .start()
        .unwrap();
    let mut slow = drippers(&host, 60);
    std::thread::sleep(Duration::from_millis(500));
    let reply = get(&host, "/len");
    assert_eq!(reply.status, 503, "{}\n{}", reply.text(), host.logs());
    assert_ok_or_busy(&reply, &host);
    // Without anyone closing a dripper, the body timeout frees the host.
    let took = wait_for_200(&host, Duration::from_secs(15));
    assert!(took < Duration::from_secs(10), "{took:?}");
    // A timed-out dripper was told so (408) rather than left hanging.
    let mut answers = Vec::new();
    for stream in &mut slow {
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let mut buf = [0u8; 64];
        if let Ok(n) = stream.read(&mut buf) {
            answers.push(String::from_utf8_lossy(&buf[..n]).into_owned());
        }
    }
    assert!(
        answers.iter().any(|a| a.starts_with("HTTP/1.1 408")),
        "{answers:?}"
    );
    assert!(
        answers.iter().any(|a| a.starts_with("HTTP/1.1 503")),
        "connections over the cap get a 503: {answers:?}"
    );
}

#[test]
fn an_exhausted_instance_pool_is_503_with_retry_after_not_500() {
    let app = app(SINGLE_PROBE);
    let host = host(&app)
        .arg("--max-instances")
        .arg("1")
        .arg("--handler-timeout")
        .arg("3s")
        .start()
        .unwrap();
    let url = host.url("/loop");
    let busy = std::thread::spawn(move || RequestBuilder::new("GET", url).send());
    std::thread::sleep(Duration::from_millis(500));
    let reply = get(&host, "/len");
    assert_eq!(reply.status, 503, "{}\n{}", reply.text(), host.logs());
    assert_ok_or_busy(&reply, &host);
    assert_eq!(busy.join().unwrap().unwrap().status, 504);
    assert_eq!(get(&host, "/len").status, 200);
}
