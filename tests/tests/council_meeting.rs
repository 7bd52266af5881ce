//! End-to-end: a council meeting on the real host — drafts and publication, the agenda with PDF
//! attachments, check-ins to quorum, polls with and without quorum, 21 councillors voting at
//! once, the result as JSON, CSV and the BIP page, secret polls, the minutes, the live view's
//! ETag and a poll that closes by itself (`shared/spec/council.md`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_tests::raw_request;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::Duration;
use support::accounts::*;
use support::council::*;

const TEN_MIB: usize = 10 * 1024 * 1024;

#[test]
fn drafts_are_hidden_from_councillors_and_the_public_until_published() {
    let council = start_council(2);
    let member = &council.councillors[0];
    let outsider = &council.councillors[1];
    let id = council.create_meeting(council.first(1), 3);

    for (who, session) in [("member", &member.session), ("outsider", &outsider.session)] {
        assert_problem(
            &session.get(&format!("/api/sessions/{id}")),
            404,
            "not_found",
        );
        let list = session.get_ok("/api/sessions");
        assert!(
            !list.to_string().contains(&id),
            "{who} lists the draft: {list}"
        );
    }
    let anon = council.anon();
    assert_problem(
        &anon.get(&format!("/api/public/sessions/{id}")),
        404,
        "not_found",
    );
    assert_problem(
        &anon.get(&format!("/api/public/sessions/{id}/live")),
        404,
        "not_found",
    );
    assert!(!anon
        .get_ok("/api/public/sessions")
        .to_string()
        .contains(&id));
    // Those who prepare it see it.
    for session in [
        &council.clerk.session,
        &council.chair.session,
        &council.admin,
    ] {
        let meeting = session.get_ok(&format!("/api/sessions/{id}"));
        assert_eq!(meeting["state"], "draft");
    }

    council.publish(&id);
    let meeting = member.session.get_ok(&format!("/api/sessions/{id}"));
    assert_eq!(meeting["state"], "published");
    assert_eq!(meeting["number"], "XII");
    assert_eq!(meeting["statutory_members"], 3);
    assert_eq!(
        meeting["speaking_limits"],
        json!({"normal": 300, "ad_vocem": 60, "formal_motion": 60})
    );
    assert_eq!(meeting["allow_vote_change"], false);
    assert_eq!(meeting["video_url"], "https://meet.jit.si/ratusz-sesja-xii");
    assert!(member
        .session
        .get_ok("/api/sessions")
        .to_string()
        .contains(&id));
    let public = anon.get_ok(&format!("/api/public/sessions/{id}"));
    assert_eq!(public["state"], "published");
    assert!(
        public.get("video_url").is_none(),
        "the video room is for members: {public}"
    );
    assert!(anon
        .get_ok("/api/public/sessions")
        .to_string()
        .contains(&id));
}

#[test]
fn agenda_items_are_edited_reordered_and_carry_pdf_attachments() {
    let council = start_council(1);
    let member = &council.councillors[0];
    let clerk = &council.clerk.session;
    let id = council.create_meeting(council.first(1), 1);

    let mut items = Vec::new();
    for title in ["Otwarcie sesji", "Uchwała budżetowa", "Wolne wnioski"] {
        let reply = clerk.post(
            &format!("/api/sessions/{id}/agenda"),
            &json!({ "title": title }),
        );
        items.push(str_field(&json_with(&reply, 201, "adding an item"), "id"));
    }
    let reply = clerk.patch(
        &format!("/api/sessions/{id}/agenda/{}", items[1]),
        &json!({ "title": "Uchwała budżetowa na 2027 r.", "description": "Projekt nr 12/2026" }),
    );
    expect_status(&reply, 200, "editing an item");
    let order = json!({ "item_ids": [items[2], items[0], items[1]] });
    let reply = clerk.send(
        "PUT",
        &format!("/api/sessions/{id}/agenda/order"),
        Some(&order),
    );
    assert!(
        matches!(reply.status, 200 | 204),
        "reorder: {}",
        reply.text()
    );
    let agenda = clerk.get_ok(&format!("/api/sessions/{id}"))["agenda"].clone();
    let ids: Vec<&str> = agenda
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [&items[2], &items[0], &items[1]]);
    assert_eq!(agenda[2]["title"], "Uchwała budżetowa na 2027 r.");
    assert_eq!(agenda[2]["description"], "Projekt nr 12/2026");
    assert_eq!(agenda[0]["position"], 1);
    // An order that is not a permutation of the items is refused.
    let reply = clerk.send(
        "PUT",
        &format!("/api/sessions/{id}/agenda/order"),
        Some(&json!({ "item_ids": [items[0]] })),
    );
    assert_eq!(reply.status, 422, "{}", reply.text());
    let reply = clerk.delete(&format!("/api/sessions/{id}/agenda/{}", items[0]));
    expect_status(&reply, 204, "deleting an item");
    let agenda = clerk.get_ok(&format!("/api/sessions/{id}"))["agenda"].clone();
    assert_eq!(agenda.as_array().unwrap().len(), 2);

    // Attachments: a PDF up to 10 MiB, stored in the database.
    let item = &items[1];
    let upload_path = format!("/api/sessions/{id}/agenda/{item}/attachments");
    let pdf = small_pdf();
    let reply = clerk
        .request("POST", &upload_path)
        .header("content-type", "application/pdf")
        .header("x-filename", "projekt-uchwaly.pdf")
        .body(pdf.clone())
        .send()
        .unwrap();
    let att = str_field(&json_with(&reply, 201, "uploading a PDF"), "id");
    let mut big = small_pdf();
    big.resize(TEN_MIB, b' ');
    let reply = clerk
        .request("POST", &upload_path)
        .header("content-type", "application/pdf")
        .header("x-filename", "zalacznik-10MiB.pdf")
        .body(big)
        .send()
        .unwrap();
    expect_status(&reply, 201, "uploading a PDF of exactly 10 MiB");
    let reply = clerk
        .request("POST", &upload_path)
        .header("content-type", "text/plain")
        .header("x-filename", "notatka.txt")
        .body(b"to nie jest PDF".to_vec())
        .send()
        .unwrap();
    assert!(
        matches!(reply.status, 415 | 422),
        "non-PDF: {} {}",
        reply.status,
        reply.text()
    );
    let reply = clerk
        .request("POST", &upload_path)
        .header("content-type", "application/pdf")
        .header("x-filename", "udaje.pdf")
        .body(b"<html>nie PDF</html>".to_vec())
        .send()
        .unwrap();
    assert!(
        matches!(reply.status, 415 | 422),
        "HTML posing as PDF: {} {}",
        reply.status,
        reply.text()
    );
    let head = format!(
        "POST {upload_path} HTTP/1.1\r\nhost: {}\r\nauthorization: Bearer {}\r\n\
         content-type: application/pdf\r\nx-filename: za-duzy.pdf\r\ncontent-length: {}\r\n\
         connection: close",
        council.app.host.addr(),
        clerk.token,
        TEN_MIB + 1
    );
    let mut too_big = small_pdf();
    too_big.resize(TEN_MIB + 1, b' ');
    let raw = raw_request(
        council.app.host.addr(),
        &head,
        &too_big,
        Duration::from_secs(60),
    )
    .unwrap();
    assert!(
        raw.starts_with("HTTP/1.1 413"),
        "over 10 MiB: {}",
        raw.lines().next().unwrap_or("")
    );

    let item_view = &clerk.get_ok(&format!("/api/sessions/{id}"))["agenda"][1];
    let attachments = item_view["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 2, "{item_view}");
    assert_eq!(attachments[0]["filename"], "projekt-uchwaly.pdf");
    assert_eq!(attachments[0]["size"], pdf.len());
    assert_eq!(attachments[0]["content_type"], "application/pdf");

    let download = format!("/api/sessions/{id}/attachments/{att}");
    let public_download = format!("/api/public/sessions/{id}/attachments/{att}");
    let reply = clerk.get(&download);
    expect_status(&reply, 200, "the clerk downloads");
    assert_eq!(reply.body, pdf);
    assert!(reply
        .header("content-type")
        .unwrap_or("")
        .starts_with("application/pdf"));
    // Before publication neither the public nor the members see it.
    assert_eq!(council.anon().get(&public_download).status, 404);
    assert_eq!(member.session.get(&download).status, 404);

    council.publish(&id);
    let reply = member.session.get(&download);
    expect_status(&reply, 200, "a member downloads");
    assert_eq!(reply.body, pdf);
    let reply = council.anon().get(&public_download);
    expect_status(&reply, 200, "the public downloads a published attachment");
    assert_eq!(reply.body, pdf);
    assert_eq!(council.anon().get(&download).status, 401);
}

/// The whole session of the issue: check-ins to quorum, the floor, a poll refused without
/// quorum and opened with an override, 21 councillors voting at once, the result in every
/// format, the minutes and the audit chain.
#[test]
fn a_full_meeting_runs_from_check_ins_to_results_and_minutes() {
    // 22 members of a 23-seat council: quorum is 12 present.
    let council = start_council(22);
    let members = council.first(22).to_vec();
    let id = council.create_meeting(&members, 23);
    let reply = council.clerk.session.post(
        &format!("/api/sessions/{id}/agenda"),
        &json!({ "title": "Uchwała w sprawie budżetu" }),
    );
    let item = str_field(&json_with(&reply, 201, "agenda item"), "id");
    council.publish(&id);
    let live_path = format!("/api/sessions/{id}/live");

    // Check-ins: 11 present is not a quorum of 23, 12 is.
    council.check_in_all(&members[..10], &id);
    let reply = council.check_in(&members[10], &id, "remote");
    let attendance = json_with(&reply, 200, "remote check-in");
    assert_eq!(attendance["present"], 11);
    assert_eq!(attendance["quorum"], false);
    council.open(&id);
    let live = members[0].session.get_ok(&live_path);
    assert_eq!(live["state"], "live");
    assert_eq!(
        live["attendance"],
        json!({"present": 11, "statutory": 23, "quorum": false})
    );

    let reply = council
        .chair
        .session
        .post_empty(&format!("/api/sessions/{id}/agenda/{item}/current"));
    expect_status(&reply, 200, "current item");
    let live = members[0].session.get_ok(&live_path);
    assert_eq!(
        live["current_item"],
        json!({"id": item, "title": "Uchwała w sprawie budżetu"})
    );

    // A poll without quorum is refused; the chair may override with a reason.
    let pid = council.create_poll(&id, "Wniosek o przerwę");
    assert_problem(
        &council.open_poll_reply(&id, &pid, &json!({})),
        409,
        "no_quorum",
    );
    let reply = council.open_poll_reply(
        &id,
        &pid,
        &json!({ "override_reason": "Wniosek formalny o przerwę nie wymaga quorum (§ 21 statutu)" }),
    );
    let poll = json_with(&reply, 200, "opening with an override");
    assert_eq!(poll["state"], "open");
    assert_eq!(poll["entitled"], 11);
    assert!(
        poll["override_reason"]
            .as_str()
            .unwrap_or("")
            .contains("§ 21"),
        "{poll}"
    );
    council.close_poll(&id, &pid);

    // The 12th check-in flips the live quorum; then everyone arrives.
    council.check_in_all(&members[11..12], &id);
    let live = council
        .anon()
        .get_ok(&format!("/api/public/sessions/{id}/live"));
    assert_eq!(
        live["attendance"],
        json!({"present": 12, "statutory": 23, "quorum": true})
    );
    council.check_in_all(&members[12..], &id);

    // A speech by a member and one by the mayor, recorded with times for the minutes.
    let reply = members[3].session.post(
        &format!("/api/sessions/{id}/floor/requests"),
        &json!({ "kind": "normal" }),
    );
    expect_status(&reply, 201, "request to speak");
    let reply = council
        .chair
        .session
        .post(&format!("/api/sessions/{id}/floor/grant"), &json!({}));
    expect_status(&reply, 200, "grant next");
    council.app.advance_clock(90);
    expect_status(
        &council
            .chair
            .session
            .post_empty(&format!("/api/sessions/{id}/floor/end")),
        200,
        "end",
    );
    let reply = council.chair.session.post(
        &format!("/api/sessions/{id}/floor/grant"),
        &json!({ "name": "Burmistrz Jan Nowak" }),
    );
    expect_status(&reply, 200, "grant the mayor");
    council.app.advance_clock(45);
    expect_status(
        &council
            .chair
            .session
            .post_empty(&format!("/api/sessions/{id}/floor/end")),
        200,
        "end",
    );

    // The budget poll: 21 of 22 present vote at the same moment.
    let body = json!({
        "title": "Uchwała budżetowa na 2027 r.",
        "kind": "open",
        "majority": simple_majority(),
        "item_id": item,
    });
    let pid = council.create_poll_as(&council.chair.session, &id, &body);
    let opened = council.open_poll(&id, &pid);
    assert_eq!(opened["entitled"], 22);
    let voters = &members[..21];
    let non_voter = &members[21];
    let choice_of = |i: usize| match i % 7 {
        0..=3 => "for",
        4 | 5 => "against",
        _ => "abstain",
    };
    // 12 for, 6 against, 3 abstain.
    let indexed: Vec<(usize, &Member)> = voters.iter().enumerate().collect();
    let replies = in_parallel(&indexed, |(i, m)| council.cast(m, &id, &pid, choice_of(*i)));
    let mut receipts = HashMap::new();
    for ((i, m), reply) in indexed.iter().zip(&replies) {
        let receipt = json_with(reply, 201, &format!("vote of {}", m.name));
        assert_eq!(receipt["choice"], choice_of(*i), "{receipt}");
        assert_eq!(receipt["poll_id"], pid.as_str());
        let code = str_field(&receipt, "receipt");
        assert!(is_receipt(&code), "receipt {code:?}");
        receipts.insert(m.id.clone(), code);
    }
    let distinct: std::collections::HashSet<&String> = receipts.values().collect();
    assert_eq!(distinct.len(), 21, "receipts are distinct");

    // While open: how many, never how.
    let live = members[0].session.get_ok(&live_path);
    assert_eq!(live["poll"]["id"], pid.as_str());
    assert_eq!(live["poll"]["state"], "open");
    assert_eq!(live["poll"]["voted"], 21);
    assert_eq!(live["poll"]["entitled"], 22);
    assert_eq!(live["poll"]["my_vote"]["cast"], true);
    assert_eq!(
        live["poll"]["my_vote"]["receipt"],
        receipts[&members[0].id].as_str()
    );
    let live = non_voter.session.get_ok(&live_path);
    assert_eq!(live["poll"]["my_vote"]["cast"], false);
    let public_live = council
        .anon()
        .get_ok(&format!("/api/public/sessions/{id}/live"));
    assert_eq!(public_live["poll"]["voted"], 21);
    for leak in ["my_vote", "counts", "named_list", "receipt"] {
        assert!(
            !public_live.to_string().contains(leak),
            "public live shows {leak}: {public_live}"
        );
    }
    assert!(
        !live["poll"].to_string().contains("\"counts\""),
        "no counts while open: {}",
        live["poll"]
    );
    assert_problem(
        &council
            .anon()
            .get(&format!("/api/public/sessions/{id}/polls/{pid}")),
        409,
        "poll_not_closed",
    );

    let closed = council.close_poll(&id, &pid);
    assert_eq!(closed["passed"], true);
    assert_problem(
        &council.cast(non_voter, &id, &pid, "for"),
        409,
        "poll_not_open",
    );

    // The result.
    let result = council.result(&id, &pid);
    assert_eq!(
        result["counts"],
        json!({"for": 12, "against": 6, "abstain": 3, "not_voted": 1})
    );
    assert_eq!(result["entitled"], 22);
    assert_eq!(result["passed"], true);
    assert_eq!(result["kind"], "open");
    assert_eq!(result["majority"], simple_majority());
    assert!(!str_field(&result, "result_text").is_empty());
    let audit_hash = str_field(&result, "audit_hash");
    assert!(is_sha256_hex(&audit_hash), "{audit_hash}");
    let named = result["named_list"].as_array().expect("a named list");
    assert_eq!(named.len(), 22);
    for row in named {
        let user = row["user_id"].as_str().unwrap();
        let member = members.iter().find(|m| m.id == user).expect("a member");
        assert_eq!(row["name"], member.name.as_str());
        if user == non_voter.id {
            assert_eq!(row["choice"], Value::Null);
            assert_eq!(row["receipt"], Value::Null);
        } else {
            let i = voters.iter().position(|v| v.id == user).unwrap();
            assert_eq!(row["choice"], choice_of(i), "{row}");
            assert_eq!(
                row["receipt"],
                receipts[user].as_str(),
                "receipt of {}",
                member.name
            );
        }
    }
    assert!(
        result.get("voters").is_none(),
        "open polls list choices, not voters"
    );
    // The result's hash is an entry of the audit chain.
    let chain = council.app.audit(&council.admin);
    assert!(
        chain.iter().any(|e| e["hash"] == audit_hash.as_str()),
        "audit_hash {audit_hash} names no chain entry"
    );
    let live = members[0].session.get_ok(&live_path);
    assert_eq!(live["poll"]["state"], "closed");
    assert_eq!(live["poll"]["passed"], true);

    // CSV for spreadsheets.
    let reply = council
        .anon()
        .get(&format!("/api/public/sessions/{id}/polls/{pid}.csv"));
    expect_status(&reply, 200, "CSV");
    assert_eq!(
        reply.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    let csv = String::from_utf8(reply.body.clone()).expect("UTF-8 CSV");
    let csv = csv.strip_prefix('\u{feff}').expect("a BOM");
    let lines: Vec<&str> = csv.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "user_id;name;choice;receipt");
    assert_eq!(lines.len(), 1 + 22, "{csv}");
    let non_voter_row = lines.iter().find(|l| l.starts_with(&non_voter.id)).unwrap();
    assert_eq!(non_voter_row.split(';').nth(2), Some(""), "{non_voter_row}");
    let voter_row = lines
        .iter()
        .find(|l| l.starts_with(&members[0].id))
        .unwrap();
    assert_eq!(
        voter_row.split(';').collect::<Vec<_>>(),
        [
            members[0].id.as_str(),
            members[0].name.as_str(),
            "for",
            receipts[&members[0].id].as_str()
        ]
    );

    // The printable BIP page.
    let reply = council
        .anon()
        .get(&format!("/api/public/sessions/{id}/polls/{pid}.html"));
    expect_status(&reply, 200, "HTML");
    assert!(reply
        .header("content-type")
        .unwrap_or("")
        .starts_with("text/html"));
    let html = reply.text();
    assert!(html.contains(&audit_hash), "the page prints the chain hash");
    assert!(html.contains(&members[5].name) && html.contains(&non_voter.name));

    // The minutes.
    let minutes = council
        .clerk
        .session
        .get_ok(&format!("/api/sessions/{id}/minutes"));
    assert_eq!(minutes["session"]["id"], id.as_str());
    let attendance = minutes["attendance"].as_array().unwrap();
    assert!(attendance
        .iter()
        .any(|a| a["user_id"] == members[10].id.as_str() && a["mode"] == "remote"));
    assert!(attendance
        .iter()
        .any(|a| a["user_id"] == members[0].id.as_str() && a["mode"] == "in_person"));
    assert_eq!(minutes["agenda"][0]["id"], item.as_str());
    let speeches = minutes["speeches"].as_array().unwrap();
    assert_eq!(speeches.len(), 2, "{speeches:?}");
    assert_eq!(speeches[0]["name"], members[3].name.as_str());
    assert_eq!(speeches[1]["name"], "Burmistrz Jan Nowak");
    for speech in speeches {
        let (start, end) = (
            str_field(speech, "started_at"),
            str_field(speech, "ended_at"),
        );
        assert!(start < end, "{speech}");
    }
    let polls = minutes["polls"].as_array().unwrap();
    assert_eq!(polls.len(), 2, "both polls are in the minutes");
    let budget = polls.iter().find(|p| p["id"] == pid.as_str()).unwrap();
    assert_eq!(budget["counts"], result["counts"]);
    assert_eq!(budget["named_list"], result["named_list"]);
    let reply = council
        .clerk
        .session
        .request("GET", &format!("/api/sessions/{id}/minutes"))
        .header("accept", "text/html")
        .send()
        .unwrap();
    expect_status(&reply, 200, "HTML minutes");
    assert!(reply
        .header("content-type")
        .unwrap_or("")
        .starts_with("text/html"));
    assert!(reply.text().contains("Burmistrz Jan Nowak"));

    let reply = council
        .chair
        .session
        .post_empty(&format!("/api/sessions/{id}/close"));
    assert_eq!(
        json_with(&reply, 200, "closing the meeting")["state"],
        "closed"
    );
    council.assert_audit_valid();
}

#[test]
fn a_secret_poll_publishes_who_voted_but_not_how() {
    let council = start_council(5);
    let id = council.live_meeting(5, 5);
    let body = json!({
        "title": "Wybór wiceprzewodniczącego",
        "kind": "secret",
        "majority": { "rule": "absolute", "base": "statutory" },
    });
    let pid = council.create_poll_as(&council.clerk.session, &id, &body);
    council.open_poll(&id, &pid);
    for (m, choice) in council
        .first(4)
        .iter()
        .zip(["for", "for", "for", "against"])
    {
        let receipt = json_with(&council.cast(m, &id, &pid, choice), 201, "secret vote");
        assert!(is_receipt(receipt["receipt"].as_str().unwrap()));
    }
    let draft = council.create_poll(&id, "Przygotowane, jeszcze nie otwarte");
    council.close_poll(&id, &pid);
    // The public list holds closed polls only.
    let listed = council
        .anon()
        .get_ok(&format!("/api/public/sessions/{id}/polls"));
    let listed: Vec<&str> = listed
        .as_array()
        .expect("a list")
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, [pid.as_str()], "not {draft}");
    let result = council.result(&id, &pid);
    assert_eq!(result["kind"], "secret");
    assert_eq!(
        result["counts"],
        json!({"for": 3, "against": 1, "abstain": 0, "not_voted": 1})
    );
    // Absolute majority of 5 seats: 3 > 2.5.
    assert_eq!(result["passed"], true);
    assert!(
        result.get("named_list").is_none_or(Value::is_null),
        "{result}"
    );
    let voters = result["voters"].as_array().expect("voters");
    assert_eq!(voters.len(), 5);
    for v in voters {
        let voted = council
            .first(4)
            .iter()
            .any(|m| m.id == v["user_id"].as_str().unwrap());
        assert_eq!(v["voted"], voted, "{v}");
        assert!(
            v.get("choice").is_none() && v.get("receipt").is_none(),
            "{v}"
        );
    }
    let csv = council
        .anon()
        .get(&format!("/api/public/sessions/{id}/polls/{pid}.csv"))
        .text();
    for word in [";for;", ";against;"] {
        assert!(!csv.contains(word), "secret CSV shows choices: {csv}");
    }
    let minutes = council
        .clerk
        .session
        .get_ok(&format!("/api/sessions/{id}/minutes"));
    assert!(minutes["polls"][0]
        .get("named_list")
        .is_none_or(Value::is_null));
    council.assert_audit_valid();
}

#[test]
fn the_live_view_answers_304_until_something_changes() {
    let council = start_council(3);
    let id = council.live_meeting(3, 1);
    for (session, path) in [
        (
            &council.councillors[0].session,
            format!("/api/sessions/{id}/live"),
        ),
        (&council.anon(), format!("/api/public/sessions/{id}/live")),
    ] {
        let first = session.get(&path);
        expect_status(&first, 200, "live");
        let etag = first.header("etag").expect("an ETag").to_owned();
        let revision = json_of(&first)["revision"].as_u64().expect("a revision");
        let again = session
            .request("GET", &path)
            .header("if-none-match", &etag)
            .send()
            .unwrap();
        assert_eq!(again.status, 304, "{}", again.text());
        assert!(again.body.is_empty(), "304 has no body");

        // The floor changes the live state.
        let reply = council.chair.session.post(
            &format!("/api/sessions/{id}/floor/grant"),
            &json!({ "name": format!("Gość {}", unique()) }),
        );
        expect_status(&reply, 200, "grant a guest");
        expect_status(
            &council
                .chair
                .session
                .post_empty(&format!("/api/sessions/{id}/floor/end")),
            200,
            "end",
        );
        let changed = session
            .request("GET", &path)
            .header("if-none-match", &etag)
            .send()
            .unwrap();
        assert_eq!(changed.status, 200, "{}", changed.text());
        let new_revision = json_of(&changed)["revision"].as_u64().unwrap();
        assert!(new_revision > revision, "{new_revision} > {revision}");
        assert_ne!(changed.header("etag"), Some(etag.as_str()));
    }

    // A check-in is a change too: the quorum shown must never be stale.
    let path = format!("/api/public/sessions/{id}/live");
    let first = council.anon().get(&path);
    let etag = first.header("etag").expect("an ETag").to_owned();
    expect_status(
        &council.check_in(&council.councillors[1], &id, "remote"),
        200,
        "check-in",
    );
    let changed = council
        .anon()
        .request("GET", &path)
        .header("if-none-match", &etag)
        .send()
        .unwrap();
    assert_eq!(changed.status, 200, "{}", changed.text());
    assert_eq!(json_of(&changed)["attendance"]["present"], 2);
}

#[test]
fn a_time_limited_poll_closes_by_itself() {
    let council = start_council(3);
    let id = council.live_meeting(3, 3);
    let body = json!({
        "title": "Głosowanie z limitem czasu",
        "kind": "open",
        "majority": simple_majority(),
        "time_limit_s": 60,
    });
    let pid = council.create_poll_as(&council.chair.session, &id, &body);
    let poll = council.open_poll(&id, &pid);
    assert!(poll["closes_at"].is_string(), "{poll}");
    expect_status(
        &council.cast(&council.councillors[0], &id, &pid, "for"),
        201,
        "in time",
    );
    council.app.advance_clock(61);
    // Nobody closed it and nobody tries to vote: the chamber screen shows it closed with the
    // outcome, the result is public, and a late vote is refused.
    let live =
        ratusz_tests::wait_until("the poll closes by itself", Duration::from_secs(10), || {
            let live = council
                .anon()
                .get_ok(&format!("/api/public/sessions/{id}/live"));
            (live["poll"]["state"] == "closed").then_some(live)
        })
        .unwrap();
    assert_eq!(live["poll"]["passed"], true, "{}", live["poll"]);
    let result = council.result(&id, &pid);
    assert_eq!(
        result["counts"],
        json!({"for": 1, "against": 0, "abstain": 0, "not_voted": 2})
    );
    assert_eq!(result["passed"], true);
    let listed = council
        .anon()
        .get_ok(&format!("/api/public/sessions/{id}/polls"));
    assert_eq!(listed[0]["id"], pid.as_str(), "{listed}");
    assert_problem(
        &council.cast(&council.councillors[1], &id, &pid, "against"),
        409,
        "poll_not_open",
    );
    let poll = council
        .chair
        .session
        .get_ok(&format!("/api/sessions/{id}/polls/{pid}"));
    assert_eq!(poll["state"], "closed");
    council.assert_audit_valid();
}

#[test]
fn a_meeting_that_allows_changes_lets_a_councillor_replace_an_open_vote_until_close() {
    let council = start_council(3);
    let id = council.live_meeting(3, 3);
    let patched = council.clerk.session.patch(
        &format!("/api/sessions/{id}"),
        &json!({ "allow_vote_change": true }),
    );
    assert_eq!(
        json_with(&patched, 200, "allow changes")["allow_vote_change"],
        true
    );
    let member = &council.councillors[0];
    let pid = council.create_poll(&id, "Zmiana głosu dozwolona");
    council.open_poll(&id, &pid);
    let first = json_with(&council.cast(member, &id, &pid, "for"), 201, "first vote");
    let second = json_with(
        &council.cast(member, &id, &pid, "against"),
        200,
        "changed vote",
    );
    assert_eq!(second["choice"], "against");
    assert_ne!(
        first["receipt"], second["receipt"],
        "a change gets a new receipt"
    );
    let live = member.session.get_ok(&format!("/api/sessions/{id}/live"));
    assert_eq!(
        live["poll"]["voted"], 1,
        "a change is not a second vote: {live}"
    );
    // A secret ballot is not linked to its voter: it cannot be replaced.
    let secret = council.create_poll_as(
        &council.clerk.session,
        &id,
        &poll_body("Tajne: bez zmiany", "secret"),
    );
    council.close_poll(&id, &pid);
    let result = council.result(&id, &pid);
    assert_eq!(
        result["counts"],
        json!({"for": 0, "against": 1, "abstain": 0, "not_voted": 2})
    );
    let row = result["named_list"]
        .as_array()
        .expect("named list")
        .iter()
        .find(|r| r["user_id"] == member.id.as_str())
        .cloned()
        .expect("the member's row");
    assert_eq!(
        row["receipt"], second["receipt"],
        "the list shows the last receipt"
    );
    council.open_poll(&id, &secret);
    json_with(
        &council.cast(member, &id, &secret, "for"),
        201,
        "secret vote",
    );
    let again = council.cast(member, &id, &secret, "against");
    assert_eq!(
        json_with(&again, 409, "secret change")["code"],
        "already_voted"
    );
    council.assert_audit_valid();
}
