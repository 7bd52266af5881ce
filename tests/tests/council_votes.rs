//! End-to-end: simultaneous voting and durability — 200 voters at once are counted exactly once,
//! `Idempotency-Key` makes retries safe, and every vote acknowledged before a `kill -9` of the
//! host is still there after the restart, with the audit chain intact.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use support::accounts::*;
use support::council::*;

fn choice_for(i: usize) -> &'static str {
    ["for", "for", "against", "abstain"][i % 4]
}

/// The named list of a closed open poll as `user_id → (choice, receipt)`.
fn named_list(result: &Value) -> HashMap<String, (Value, Value)> {
    result["named_list"]
        .as_array()
        .expect("a named list")
        .iter()
        .map(|row| {
            (
                row["user_id"].as_str().unwrap().to_owned(),
                (row["choice"].clone(), row["receipt"].clone()),
            )
        })
        .collect()
}

#[test]
fn two_hundred_simultaneous_voters_are_counted_exactly_once_and_retries_add_nothing() {
    const VOTERS: usize = 200;
    let council = start_council(VOTERS);
    let id = council.live_meeting(VOTERS, VOTERS);
    let pid = council.create_poll(&id, "Uchwała w sprawie nadania honorowego obywatelstwa");
    assert_eq!(council.open_poll(&id, &pid)["entitled"], VOTERS);

    let voters: Vec<(usize, &Member)> = council.councillors.iter().enumerate().collect();
    let key = |i: usize| format!("vote-{i}-{}", unique());
    let keys: Vec<String> = (0..VOTERS).map(key).collect();
    let first = in_parallel(&voters, |(i, m)| {
        cast(&m.session, &id, &pid, choice_for(*i), Some(&keys[*i]))
    });
    let mut receipts = Vec::with_capacity(VOTERS);
    for ((i, m), reply) in voters.iter().zip(&first) {
        let body = json_with(reply, 201, &format!("vote of {}", m.name));
        assert_eq!(body["choice"], choice_for(*i));
        receipts.push(body);
    }
    let live = council.councillors[0]
        .session
        .get_ok(&format!("/api/sessions/{id}/live"));
    assert_eq!(live["poll"]["voted"], VOTERS, "{}", live["poll"]);

    // Every request again, all at once, with the same keys: the same answers, nothing added.
    let again = in_parallel(&voters, |(i, m)| {
        cast(&m.session, &id, &pid, choice_for(*i), Some(&keys[*i]))
    });
    for ((i, m), reply) in voters.iter().zip(&again) {
        let body = json_with(reply, 201, &format!("repeated vote of {}", m.name));
        assert_eq!(body, receipts[*i], "a repeat returns the first answer");
    }
    let live = council.councillors[0]
        .session
        .get_ok(&format!("/api/sessions/{id}/live"));
    assert_eq!(live["poll"]["voted"], VOTERS);

    // The same key with another body is a client bug, not a retry.
    let m0 = &council.councillors[0];
    let reply = cast(&m0.session, &id, &pid, "against", Some(&keys[0]));
    assert_problem(&reply, 422, "idempotency_mismatch");
    // Another cast without the key: the vote is final.
    assert_problem(
        &cast(&m0.session, &id, &pid, "against", None),
        409,
        "already_voted",
    );
    // A key is the caller's own: another voter reusing it is simply another (second) cast.
    let reply = cast(
        &council.councillors[1].session,
        &id,
        &pid,
        choice_for(0),
        Some(&keys[0]),
    );
    assert_problem(&reply, 409, "already_voted");

    council.close_poll(&id, &pid);
    let result = council.result(&id, &pid);
    let counts = &result["counts"];
    assert_eq!(
        counts,
        &json!({ "for": 100, "against": 50, "abstain": 50, "not_voted": 0 }),
        "exactly one vote each"
    );
    let named = named_list(&result);
    assert_eq!(named.len(), VOTERS);
    for ((i, m), receipt) in voters.iter().zip(&receipts) {
        let (choice, code) = &named[&m.id];
        assert_eq!(choice, choice_for(*i));
        assert_eq!(code, &receipt["receipt"], "receipt of {}", m.name);
    }
    council.assert_audit_valid();
}

#[test]
fn votes_acknowledged_before_a_kill_9_survive_the_restart() {
    const VOTERS: usize = 150;
    let mut council = start_council(VOTERS);
    let id = council.live_meeting(VOTERS, VOTERS);
    let pid = council.create_poll(&id, "Uchwała w sprawie zmiany statutu");
    council.open_poll(&id, &pid);
    let keys: Vec<String> = (0..VOTERS)
        .map(|i| format!("crash-{i}-{}", unique()))
        .collect();

    // The burst; the host dies under it once the first votes are acknowledged.
    let acknowledged = AtomicUsize::new(0);
    let Council {
        app,
        councillors,
        chair,
        admin,
        ..
    } = &mut council;
    let voters: Vec<(usize, &Member)> = councillors.iter().enumerate().collect();
    let outcomes: Vec<Option<Value>> = std::thread::scope(|scope| {
        let burst = scope.spawn(|| {
            in_parallel(&voters, |(i, m)| {
                let request = m
                    .session
                    .request("POST", &format!("/api/sessions/{id}/polls/{pid}/votes"))
                    .header("idempotency-key", &keys[*i])
                    .json(&json!({ "choice": choice_for(*i) }));
                match request.send() {
                    Ok(reply) if (200..300).contains(&reply.status) => {
                        acknowledged.fetch_add(1, Ordering::SeqCst);
                        Some(json_of(&reply))
                    }
                    _ => None,
                }
            })
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        while acknowledged.load(Ordering::SeqCst) < 10 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
        app.host.kill9().expect("kill -9");
        burst.join().expect("the burst")
    });
    let acked: Vec<(usize, Value)> = outcomes
        .iter()
        .enumerate()
        .filter_map(|(i, o)| o.clone().map(|v| (i, v)))
        .collect();
    eprintln!(
        "{} of {VOTERS} votes acknowledged before kill -9",
        acked.len()
    );
    assert!(!acked.is_empty());

    app.host
        .restart()
        .expect("the host restarts on the same state");
    let base = app.base();
    let sessions: Vec<Session> = councillors
        .iter()
        .map(|m| Session::with_token(&base, &m.session.token))
        .collect();
    let chair = Session::with_token(&base, &chair.session.token);
    let admin = Session::with_token(&base, &admin.token);

    // Nothing acknowledged is lost.
    let voted = sessions[0].get_ok(&format!("/api/sessions/{id}/live"))["poll"]["voted"]
        .as_u64()
        .unwrap() as usize;
    assert!(
        voted >= acked.len(),
        "{voted} votes recorded, {} acknowledged",
        acked.len()
    );

    // The voters whose request got no answer retry with the same key: each gets one vote.
    for (i, outcome) in outcomes.iter().enumerate() {
        let reply = cast(&sessions[i], &id, &pid, choice_for(i), Some(&keys[i]));
        let body = json_with(
            &reply,
            201,
            &format!("retry of voter {i} after the restart"),
        );
        if let Some(first) = outcome {
            assert_eq!(
                &body, first,
                "a retry after the crash returns the acknowledged answer"
            );
        }
    }
    let reply = chair.post_empty(&format!("/api/sessions/{id}/polls/{pid}/close"));
    expect_status(&reply, 200, "closing after the restart");
    let result =
        Session::anonymous(&base).get_ok(&format!("/api/public/sessions/{id}/polls/{pid}"));
    assert_eq!(
        result["counts"],
        json!({ "for": 76, "against": 37, "abstain": 37, "not_voted": 0 })
    );
    let named = named_list(&result);
    for (i, receipt) in &acked {
        let (choice, code) = &named[&councillors[*i].id];
        assert_eq!(choice, choice_for(*i));
        assert_eq!(code, &receipt["receipt"]);
    }
    let verify = admin.get_ok("/api/audit/verify");
    assert_eq!(verify["valid"], true, "{verify}");
}
