//! End-to-end: floor control on the real host — the three kinds of request and their order,
//! grants (next, chosen, a guest by name), one speaker at a time, end, extend, per-meeting time
//! limits, reorder, withdraw, removal, and closing and reopening the list.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{json, Value};
use support::accounts::*;
use support::council::*;

fn request_floor(member: &Member, id: &str, kind: &str) -> ratusz_tests::HttpReply {
    member.session.post(
        &format!("/api/sessions/{id}/floor/requests"),
        &json!({ "kind": kind }),
    )
}

fn request_ok(member: &Member, id: &str, kind: &str) -> String {
    let reply = request_floor(member, id, kind);
    let request = json_with(&reply, 201, &format!("{kind} request of {}", member.name));
    assert_eq!(request["kind"], kind);
    str_field(&request, "id")
}

fn chair_post(council: &Council, id: &str, action: &str, body: &Value) -> ratusz_tests::HttpReply {
    council
        .chair
        .session
        .post(&format!("/api/sessions/{id}/floor/{action}"), body)
}

fn floor(council: &Council, id: &str) -> Value {
    council.councillors[0]
        .session
        .get_ok(&format!("/api/sessions/{id}/live"))["floor"]
        .clone()
}

fn owned(ids: &[&String]) -> Vec<String> {
    ids.iter().map(|s| (*s).clone()).collect()
}

fn queue_ids(floor: &Value) -> Vec<String> {
    floor["queue"]
        .as_array()
        .expect("a queue")
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn formal_motions_go_first_then_ad_vocem_then_normal_and_one_speaks_at_a_time() {
    let council = start_council(6);
    let id = council.live_meeting(6, 6);
    let m = &council.councillors;

    assert_problem(
        &request_floor(&m[0], &id, "ad_vocem"),
        409,
        "nobody_speaking",
    );
    let r0 = request_ok(&m[0], &id, "normal");
    let r1 = request_ok(&m[1], &id, "normal");

    let reply = chair_post(&council, &id, "grant", &json!({}));
    expect_status(&reply, 200, "grant next");
    let f = floor(&council, &id);
    let speaker = &f["speaker"];
    assert_eq!(speaker["request_id"], r0.as_str());
    assert_eq!(speaker["user_id"], m[0].id.as_str());
    assert_eq!(speaker["name"], m[0].name.as_str());
    assert_eq!(speaker["kind"], "normal");
    assert_eq!(speaker["limit_s"], 300);
    assert!(speaker["started_at"].is_string());
    assert_eq!(queue_ids(&f), owned(&[&r1]));
    // One speaker at a time.
    assert_problem(
        &chair_post(&council, &id, "grant", &json!({})),
        409,
        "floor_taken",
    );
    assert_problem(
        &chair_post(
            &council,
            &id,
            "grant",
            &json!({ "name": "Skarbnik Maria Wiśniewska" }),
        ),
        409,
        "floor_taken",
    );

    // While someone speaks: ad vocem is allowed; a formal motion jumps the queue.
    let r2 = request_ok(&m[2], &id, "ad_vocem");
    let r3 = request_ok(&m[3], &id, "normal");
    let r4 = request_ok(&m[4], &id, "formal_motion");
    let r5 = request_ok(&m[5], &id, "ad_vocem");
    let f = floor(&council, &id);
    assert_eq!(queue_ids(&f), owned(&[&r4, &r2, &r5, &r1, &r3]));
    let kinds: Vec<&str> = f["queue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["formal_motion", "ad_vocem", "ad_vocem", "normal", "normal"]
    );
    assert_eq!(f["queue"][0]["user_id"], m[4].id.as_str());
    assert_eq!(f["queue"][0]["name"], m[4].name.as_str());

    // Extend, then end: the limit grows; queued ad vocem requests stay for after the speech.
    expect_status(
        &chair_post(&council, &id, "extend", &json!({ "seconds": 30 })),
        200,
        "extend",
    );
    assert_eq!(floor(&council, &id)["speaker"]["limit_s"], 330);
    expect_status(&chair_post(&council, &id, "end", &json!({})), 200, "end");
    let f = floor(&council, &id);
    assert_eq!(f["speaker"], Value::Null);
    assert_eq!(queue_ids(&f), owned(&[&r4, &r2, &r5, &r1, &r3]));

    // Next is the formal motion, with its own limit.
    expect_status(
        &chair_post(&council, &id, "grant", &json!({})),
        200,
        "grant next",
    );
    let f = floor(&council, &id);
    assert_eq!(f["speaker"]["request_id"], r4.as_str());
    assert_eq!(f["speaker"]["kind"], "formal_motion");
    assert_eq!(f["speaker"]["limit_s"], 60);
    expect_status(&chair_post(&council, &id, "end", &json!({})), 200, "end");

    // A chosen request out of turn.
    expect_status(
        &chair_post(&council, &id, "grant", &json!({ "request_id": r3 })),
        200,
        "grant chosen",
    );
    let f = floor(&council, &id);
    assert_eq!(f["speaker"]["request_id"], r3.as_str());
    assert_eq!(f["speaker"]["user_id"], m[3].id.as_str());
    assert_eq!(queue_ids(&f), owned(&[&r2, &r5, &r1]));
    expect_status(&chair_post(&council, &id, "end", &json!({})), 200, "end");

    // Someone not on the list: the mayor, by name.
    let reply = chair_post(
        &council,
        &id,
        "grant",
        &json!({ "name": "Burmistrz Jan Nowak" }),
    );
    expect_status(&reply, 200, "grant a guest");
    let f = floor(&council, &id);
    assert_eq!(f["speaker"]["name"], "Burmistrz Jan Nowak");
    assert_eq!(f["speaker"]["user_id"], Value::Null);
    assert_eq!(f["speaker"]["request_id"], Value::Null);
    assert_eq!(f["speaker"]["kind"], "normal");
    assert_eq!(queue_ids(&f), owned(&[&r2, &r5, &r1]));
    // The chamber screen sees the same speaker.
    let public = council
        .anon()
        .get_ok(&format!("/api/public/sessions/{id}/live"));
    assert_eq!(public["floor"]["speaker"]["name"], "Burmistrz Jan Nowak");
    expect_status(&chair_post(&council, &id, "end", &json!({})), 200, "end");

    // Granting both a request and a name at once is malformed.
    let reply = chair_post(
        &council,
        &id,
        "grant",
        &json!({ "request_id": r1, "name": "Ktoś" }),
    );
    assert_eq!(reply.status, 422, "{}", reply.text());
    // Ending when nobody speaks changes nothing that was recorded.
    let reply = chair_post(&council, &id, "end", &json!({}));
    assert!(matches!(reply.status, 200 | 409), "{}", reply.text());
}

#[test]
fn the_chair_reorders_removes_closes_and_reopens_the_list_and_members_withdraw() {
    let council = start_council(5);
    let m = &council.councillors;
    let id = council.create_meeting(council.first(5), 5);
    // Per-meeting limits.
    let reply = council.clerk.session.patch(
        &format!("/api/sessions/{id}"),
        &json!({ "speaking_limits": { "normal": 120, "ad_vocem": 30, "formal_motion": 45 } }),
    );
    expect_status(&reply, 200, "setting limits");
    council.publish(&id);
    council.check_in_all(council.first(5), &id);
    council.open(&id);

    let r: Vec<String> = m[..4]
        .iter()
        .map(|member| request_ok(member, &id, "normal"))
        .collect();
    assert_eq!(queue_ids(&floor(&council, &id)), r);

    let order = json!({ "request_ids": [r[3], r[0], r[2], r[1]] });
    let reply = council.chair.session.send(
        "PUT",
        &format!("/api/sessions/{id}/floor/order"),
        Some(&order),
    );
    assert!(
        matches!(reply.status, 200 | 204),
        "reorder: {}",
        reply.text()
    );
    assert_eq!(
        queue_ids(&floor(&council, &id)),
        owned(&[&r[3], &r[0], &r[2], &r[1]])
    );
    // A member may not reorder.
    let reply = m[0].session.send(
        "PUT",
        &format!("/api/sessions/{id}/floor/order"),
        Some(&order),
    );
    assert_eq!(reply.status, 403, "{}", reply.text());

    // Withdraw one's own request; not someone else's.
    let reply = m[0]
        .session
        .delete(&format!("/api/sessions/{id}/floor/requests/{}", r[2]));
    assert!(
        matches!(reply.status, 403 | 404),
        "withdrawing another's request: {}",
        reply.text()
    );
    let reply = m[1]
        .session
        .delete(&format!("/api/sessions/{id}/floor/requests/{}", r[1]));
    expect_status(&reply, 204, "withdraw");
    assert!(reply.body.is_empty());
    // The chair removes one.
    let reply = council
        .chair
        .session
        .delete(&format!("/api/sessions/{id}/floor/requests/{}", r[2]));
    expect_status(&reply, 204, "chair removes");
    assert_eq!(queue_ids(&floor(&council, &id)), owned(&[&r[3], &r[0]]));

    // Closed list: no new requests; reopened: accepted again.
    let reply = chair_post(&council, &id, "close", &json!({}));
    expect_status(&reply, 200, "close the list");
    assert_eq!(floor(&council, &id)["list_open"], false);
    assert_problem(&request_floor(&m[4], &id, "normal"), 409, "list_closed");
    expect_status(
        &chair_post(&council, &id, "reopen", &json!({})),
        200,
        "reopen the list",
    );
    assert_eq!(floor(&council, &id)["list_open"], true);
    let r4 = request_ok(&m[4], &id, "formal_motion");
    assert_eq!(
        queue_ids(&floor(&council, &id)),
        owned(&[&r4, &r[3], &r[0]])
    );

    // The meeting's own limits apply.
    expect_status(
        &chair_post(&council, &id, "grant", &json!({})),
        200,
        "grant",
    );
    assert_eq!(floor(&council, &id)["speaker"]["limit_s"], 45);
    expect_status(&chair_post(&council, &id, "end", &json!({})), 200, "end");
    expect_status(
        &chair_post(&council, &id, "grant", &json!({})),
        200,
        "grant",
    );
    let f = floor(&council, &id);
    assert_eq!(f["speaker"]["user_id"], m[3].id.as_str());
    assert_eq!(f["speaker"]["limit_s"], 120);
    // Members do not run the floor.
    for action in ["grant", "end", "close", "reopen"] {
        let reply = m[0]
            .session
            .post(&format!("/api/sessions/{id}/floor/{action}"), &json!({}));
        assert_eq!(reply.status, 403, "member {action}: {}", reply.text());
    }
    let reply = m[0].session.post(
        &format!("/api/sessions/{id}/floor/extend"),
        &json!({ "seconds": 60 }),
    );
    assert_eq!(reply.status, 403, "member extend: {}", reply.text());
    assert_eq!(floor(&council, &id)["speaker"]["limit_s"], 120);
}
