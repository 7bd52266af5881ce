//! The test clock (`--test-clock FILE`, testing only): the wall clock a component sees is the
//! real time plus the offset in FILE, read at each request, so policies that depend on time
//! (session idle timeout, expiry, lockouts) are tested by moving the clock, never by sleeping.
//! Without the flag the component sees the real time.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{app, get_json, host, SINGLE_PROBE};
use ratusz_tests::HostProcess;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const HOUR_MS: i64 = 3_600_000;
/// Slack for the request's own duration and clock granularity on a loaded machine.
const SLACK_MS: i64 = 5_000;

fn real_now_ms() -> i64 {
    let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    i64::try_from(since.as_millis()).unwrap()
}

/// The probe's wall clock (`GET /time`) minus the real time, in milliseconds, bounded by the
/// real time read just before and just after the request.
fn guest_offset_ms(host: &HostProcess) -> i64 {
    let before = real_now_ms();
    let answer = get_json(host, "/time");
    let after = real_now_ms();
    assert_eq!(answer["ok"], true, "{answer}");
    let guest = answer["unix_ms"].as_i64().unwrap();
    // The guest read its clock between `before` and `after`, shifted by the offset.
    let offset_low = guest - after;
    let offset_high = guest - before;
    assert!(
        offset_high - offset_low <= SLACK_MS,
        "the request took too long to bound the offset: {}ms",
        offset_high - offset_low
    );
    (offset_low + offset_high) / 2
}

fn assert_offset(host: &HostProcess, expected_ms: i64) {
    let seen = guest_offset_ms(host);
    assert!(
        (seen - expected_ms).abs() <= SLACK_MS,
        "guest clock is {seen} ms off real time, expected about {expected_ms} ms\n{}",
        host.logs()
    );
}

fn warning_lines(host: &HostProcess) -> Vec<String> {
    host.stderr_lines()
        .into_iter()
        .filter(|line| line.contains("--test-clock"))
        .collect()
}

#[test]
fn without_the_flag_the_guest_sees_real_time() {
    let app = app(SINGLE_PROBE);
    let host = host(&app).start().unwrap();
    assert_offset(&host, 0);
    assert_eq!(host.clock_file(), None);
    assert_eq!(host.clock_offset_s(), 0);
    assert!(host.advance_clock(60).is_err());
    assert_offset(&host, 0);
    assert!(warning_lines(&host).is_empty(), "{}", host.logs());
}

#[test]
fn advance_clock_moves_the_guest_wall_clock_from_the_next_request() {
    let app = app(SINGLE_PROBE);
    let host = host(&app).test_clock().start().unwrap();
    let warning =
        ratusz_tests::wait_until("the test clock warning", Duration::from_secs(5), || {
            warning_lines(&host).into_iter().next()
        })
        .unwrap();
    assert!(warning.contains("testing only"), "{warning}");
    let file = host.clock_file().unwrap();
    assert!(file.starts_with(host.state_dir()), "{}", file.display());
    assert_offset(&host, 0);

    host.advance_clock(3600).unwrap();
    assert_eq!(host.clock_offset_s(), 3600);
    assert_offset(&host, HOUR_MS);

    host.advance_clock(-5400).unwrap();
    assert_eq!(host.clock_offset_s(), -1800);
    assert_offset(&host, -HOUR_MS / 2);

    host.advance_clock_ms(1_800_250).unwrap();
    assert_eq!(host.clock_offset_ms(), 250);
    assert_offset(&host, 250);
}

#[test]
fn the_offset_survives_a_restart() {
    let app = app(SINGLE_PROBE);
    let mut host = host(&app).test_clock().start().unwrap();
    host.advance_clock(3600).unwrap();
    assert_offset(&host, HOUR_MS);
    host.restart().unwrap();
    assert_eq!(host.clock_offset_s(), 3600);
    assert_offset(&host, HOUR_MS);
    host.advance_clock(3600).unwrap();
    assert_offset(&host, 2 * HOUR_MS);
}

#[test]
fn an_unparsable_or_missing_clock_file_means_no_offset() {
    let app = app(SINGLE_PROBE);
    let host = host(&app).test_clock().start().unwrap();
    let file = host.clock_file().unwrap();
    std::fs::write(&file, "next tuesday").unwrap();
    assert_offset(&host, 0);
    std::fs::write(&file, "-7200000\n").unwrap();
    assert_offset(&host, -2 * HOUR_MS);
    std::fs::remove_file(&file).unwrap();
    assert_offset(&host, 0);
}
