//! Overload: clients that send a request head and then drip the body (or nothing), more
//! connections than the host takes, and a full instance pool. A full host answers 503 with
//! `Retry-After`, never 500, and serves again by itself once the load is gone
//! (`--max-connections`, `--body-timeout`, `--max-instances`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{app, host, start, SINGLE_PROBE};
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

/// The soft and hard "Max open files" of a running process.
fn open_files_limits(pid: u32) -> (String, String) {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .unwrap_or_else(|| panic!("no open-files line in {limits}"));
    let mut values = line.trim_start_matches("Max open files").split_whitespace();
    (
        values.next().unwrap().to_owned(),
        values.next().unwrap().to_owned(),
    )
}

#[test]
fn a_host_started_under_a_soft_limit_of_256_open_files_raises_it_to_the_hard_limit() {
    // 512 connections and their instances' SQLite files need far more than a default soft
    // limit of 1,024; past it accept() and SQLite fail with EMFILE.
    let app = app(SINGLE_PROBE);
    let real = match std::env::var("RATUSZ_HOST_BIN") {
        Ok(bin) if !bin.is_empty() => bin,
        _ => env!("CARGO_BIN_EXE_ratusz-host").to_owned(),
    };
    let wrapper = app
        .write(
            "low-fd-limit.sh",
            &format!("#!/bin/sh\nulimit -Sn 256 || exit 97\nexec '{real}' \"$@\"\n"),
        )
        .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let host = host(&app).binary(&wrapper).start().unwrap();
    let (soft, hard) = open_files_limits(host.pid().unwrap());
    // The hard limit may be unlimited; the kernel then caps a process at fs.nr_open.
    let ceiling = if hard == "unlimited" {
        std::fs::read_to_string("/proc/sys/fs/nr_open")
            .unwrap()
            .trim()
            .to_owned()
    } else {
        hard.clone()
    };
    assert_eq!(soft, ceiling, "soft {soft}, hard {hard}\n{}", host.logs());
    assert_ne!(soft, "256");
    assert_eq!(get(&host, "/len").status, 200);
}

#[test]
fn the_listener_holds_a_burst_of_a_thousand_connects_not_mios_128() {
    // For a listening socket `ss` shows the backlog as its Send-Q. A council's vote burst is
    // hundreds of connects at once; with 128 the kernel drops SYNs as soon as the accept
    // loop is off the CPU for a moment.
    let app = app(SINGLE_PROBE);
    let host = start(&app);
    let port = host.addr().port();
    let out = std::process::Command::new("ss")
        .args(["-Hltn", &format!("sport = :{port}")])
        .output()
        .expect("`ss` (iproute2) runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let backlog: u32 = text
        .split_whitespace()
        .nth(2)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no listening socket on {port} in {text:?}"));
    let somaxconn: u32 = std::fs::read_to_string("/proc/sys/net/core/somaxconn")
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(backlog, somaxconn.min(1024), "{text}");
    assert_eq!(get(&host, "/len").status, 200);
}
