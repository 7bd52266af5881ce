//! End-to-end: past one machine — the same `spin.toml` with the key-value store `default` on a
//! real `redis-server` (the host's Redis backend, `--runtime-config-file`), through every flow
//! that keeps state in KV: sign-in and the session check, sign-out, the per-address login
//! throttle's counters, a council vote with the live revision (ETag / 304), and the chat's
//! updates poll answered 304 from its stamp and change marks — read in Redis by the test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_tests::{HostBuilder, RedisServer};
use serde_json::json;
use support::accounts::*;
use support::council::*;

/// A runtime config putting KV `default` on `redis` (kept alive with the returned file).
fn on_redis(redis: &RedisServer) -> tempfile::NamedTempFile {
    let file = tempfile::Builder::new()
        .prefix("runtime-config-")
        .suffix(".toml")
        .tempfile()
        .unwrap();
    std::fs::write(file.path(), redis.runtime_config_toml("default")).unwrap();
    file
}

/// The KV file the host would use without the runtime config.
fn sqlite_kv_file(app: &App) -> std::path::PathBuf {
    app.host.state_dir().join("sqlite_key_value.db")
}

#[test]
fn sessions_live_in_redis_sign_in_check_and_sign_out() {
    let redis = RedisServer::start().expect("redis-server starts");
    let config = on_redis(&redis);
    let council = start_council_on(1, &[], |b: HostBuilder| b.runtime_config(config.path()));
    let app = &council.app;
    assert!(
        redis.key_count().unwrap() > 0,
        "sessions are written to Redis"
    );
    assert!(
        !sqlite_kv_file(app).exists(),
        "no SQLite KV file next to Redis"
    );

    let session = app.admin();
    let me = session.get_ok("/api/auth/me");
    assert_eq!(me["user"]["email"], ADMIN_EMAIL, "{me}");
    // The second sign-in superseded the first session: Redis decides on every request.
    assert_problem(
        &council.admin.get("/api/auth/me"),
        401,
        "session_superseded",
    );
    assert_eq!(session.post_empty("/api/auth/logout").status, 204);
    assert_problem(&session.get("/api/auth/me"), 401, "session_ended");
}

#[test]
fn the_login_throttle_counts_in_redis() {
    let redis = RedisServer::start().expect("redis-server starts");
    let config = on_redis(&redis);
    let gateway = ratusz_tests::CaptureServer::start().unwrap();
    let host = support::app_host()
        .variable("bootstrap_admin_email", ADMIN_EMAIL)
        .variable("throttle_per_address", "3")
        .gateways(&gateway)
        .test_clock()
        .runtime_config(config.path())
        .start()
        .expect("the app starts");
    let app = App { host, gateway };
    let admin = app.bootstrap_admin();
    drop(admin);
    align_to_window_start(&app, 10 * MINUTE);
    let before = redis.key_count().unwrap();
    let mut throttled = false;
    for i in 0..6 {
        let reply = app.login_reply(&format!("nobody{i}@ratusz.test"), WRONG_PASSWORD);
        match reply.status {
            401 => assert!(!throttled, "once throttled, stays throttled"),
            429 => {
                assert_problem(&reply, 429, "too_many_requests");
                throttled = true;
            }
            other => panic!("unexpected {other}: {}", reply.text()),
        }
    }
    assert!(
        throttled,
        "more than 3 attempts in the window are throttled"
    );
    assert!(
        redis.key_count().unwrap() > before,
        "the counter lives in Redis"
    );
    // A new window clears it (the counter expires with its window).
    app.advance_clock(11 * MINUTE);
    assert_problem(
        &app.login_reply("nobody@ratusz.test", WRONG_PASSWORD),
        401,
        "invalid_credentials",
    );
}

#[test]
fn a_council_vote_with_the_live_revision_on_redis() {
    let redis = RedisServer::start().expect("redis-server starts");
    let config = on_redis(&redis);
    let council = start_council_on(3, &[], |b: HostBuilder| b.runtime_config(config.path()));
    assert!(!sqlite_kv_file(&council.app).exists());
    let id = council.live_meeting(3, 3);
    let pid = council.create_poll(&id, "Uchwała budżetowa");
    council.open_poll(&id, &pid);

    let viewer = &council.councillors[0].session;
    let path = format!("/api/sessions/{id}/live");
    let first = viewer.get(&path);
    expect_status(&first, 200, "live");
    let etag = first.header("etag").expect("an ETag").to_owned();
    let revision = json_of(&first)["revision"].as_u64().unwrap();
    let unchanged = viewer
        .request("GET", &path)
        .header("if-none-match", &etag)
        .send()
        .unwrap();
    assert_eq!(unchanged.status, 304, "{}", unchanged.text());

    for (member, choice) in council.councillors.iter().zip(["for", "for", "against"]) {
        expect_status(&council.cast(member, &id, &pid, choice), 201, "a vote");
    }
    let changed = viewer
        .request("GET", &path)
        .header("if-none-match", &etag)
        .send()
        .unwrap();
    assert_eq!(changed.status, 200, "{}", changed.text());
    let live = json_of(&changed);
    assert!(live["revision"].as_u64().unwrap() > revision, "{live}");
    assert_eq!(live["poll"]["voted"], 3, "{live}");

    council.close_poll(&id, &pid);
    let result = council.result(&id, &pid);
    assert_eq!(result["counts"]["for"], 2, "{result}");
    assert_eq!(result["counts"]["against"], 1, "{result}");
    assert_eq!(result["passed"], json!(true), "{result}");
    council.assert_audit_valid();
}

#[test]
fn the_chat_poll_answers_304_from_redis_until_a_message_arrives() {
    let redis = RedisServer::start().expect("redis-server starts");
    let config = on_redis(&redis);
    let council = start_council_on(2, &[], |b: HostBuilder| b.runtime_config(config.path()));
    assert!(!sqlite_kv_file(&council.app).exists());
    let (anna, jan) = (&council.councillors[0], &council.councillors[1]);
    let list = anna.session.get_ok("/api/chat/conversations");
    let cid = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "council")
        .and_then(|c| c["id"].as_str())
        .expect("the council channel")
        .to_owned();
    let stamp_key = format!("d:chat-poll-stamp:{}", jan.id);
    let mark_key = format!("d:chat-change:{cid}");
    // The stamp and the marks (one MGET) live in Redis: the first poll leaves the stamp, the
    // second is answered from it.
    let poll = |etag: &str| {
        jan.session
            .request(
                "GET",
                &format!("/api/chat/updates?since={}", etag.trim_matches('"')),
            )
            .header("if-none-match", etag)
            .send()
            .unwrap()
    };
    assert_eq!(redis.get(&stamp_key).unwrap(), None);
    let first = jan.session.get("/api/chat/updates");
    expect_status(&first, 200, "the first poll");
    let etag = first.header("etag").expect("an ETag").to_owned();
    let stamp = redis
        .get(&stamp_key)
        .unwrap()
        .expect("the first poll's stamp is in Redis");
    let stamp: serde_json::Value = serde_json::from_str(&stamp).unwrap();
    assert_eq!(
        format!("\"c{}\"", stamp["base"]),
        etag,
        "the stamp holds the cursor it gave"
    );
    assert_eq!(poll(&etag).status, 304);

    // The stamp deleted in Redis: the next poll has to look again, and leaves it there again.
    let (deleted, _) = redis.command(&["DEL", &stamp_key]).unwrap();
    assert_eq!(deleted, ":1");
    assert_eq!(poll(&etag).status, 304);
    assert!(
        redis.get(&stamp_key).unwrap().is_some(),
        "the poll wrote its stamp back to Redis"
    );

    let sent = anna.session.post(
        &format!("/api/chat/conversations/{cid}/messages"),
        &json!({ "text": "Na Redisie" }),
    );
    expect_status(&sent, 201, "a council message");
    let changed = poll(&etag);
    assert_eq!(changed.status, 200, "{}", changed.text());
    let new = changed.header("etag").expect("an ETag").to_owned();
    assert_ne!(new, etag);
    assert_eq!(json_of(&changed)["messages"][0]["text"], "Na Redisie");
    // The message's change mark is in Redis, and it is the cursor the poll answered.
    let mark = redis
        .get(&mark_key)
        .unwrap()
        .expect("the conversation's mark is in Redis");
    assert_eq!(format!("\"c{mark}\""), new);
    assert_eq!(poll(&new).status, 304);
    // Nothing went to a SQLite KV file on the way.
    assert!(!sqlite_kv_file(&council.app).exists());
}
