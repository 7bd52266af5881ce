//! End-to-end: signed audit checkpoints (issue 18, docs/api/operations.md § Audit checkpoints)
//! on the real host. The tick and an administrator sign the chain's head; the newest checkpoint
//! is public; the export with the offline verifier's logic (`ratusz_domain::audit::export`,
//! what `cargo xtask verify-audit` runs) says valid when untouched, and catches what an
//! attacker with write access to the database does with `sqlite` on the state directory:
//! rewrite an entry and recompute every later hash (links stay valid), or cut the tail off.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_domain::audit::checkpoint::{Checkpoint, CheckpointSigner, TrustedKey};
use ratusz_domain::audit::export::{parse_export, verify_export, CheckpointFault};
use ratusz_domain::audit::{canonical_json, entry_hash, AuditEntry};
use ratusz_domain::time::Timestamp;
use serde_json::{json, Value};
use support::accounts::*;
use support::council::start_council_with;
use support::TEST_AUDIT_SIGNING_KEY;

const TICK_TOKEN: &str = "audit-checkpoint-tick-token-0123456789";

fn start_app() -> App {
    start_with(&[("tick_token", TICK_TOKEN)])
}

fn tick(app: &App) {
    let reply = Session::with_token(&app.base(), TICK_TOKEN).post_empty("/api/system/tick");
    assert_eq!(reply.status, 200, "{}", reply.text());
}

fn trusted_key() -> TrustedKey {
    CheckpointSigner::from_seed_base64(TEST_AUDIT_SIGNING_KEY)
        .unwrap()
        .public_key()
}

/// The export as a file holds it: every page of `GET /api/audit/export`, one after another.
fn export_file(admin: &Session, limit: u32) -> String {
    let mut file = String::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/audit/export?limit={limit}&cursor={c}"),
            None => format!("/api/audit/export?limit={limit}"),
        };
        let reply = admin.get(&path);
        assert_eq!(reply.status, 200, "{path}: {}", reply.text());
        file.push_str(&reply.text());
        file.push('\n');
        match reply.json().unwrap()["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return file,
        }
    }
}

/// Checks an export file against `saved` checkpoints under the test key.
fn verdict(file: &str, saved: &[Checkpoint]) -> (bool, Vec<CheckpointFault>) {
    let pages = parse_export(file).unwrap();
    let report = verify_export(&pages, saved, &[trusted_key()]);
    (report.valid(), report.faults)
}

/// Runs the offline verifier as a person would (`cargo xtask verify-audit`, the binary
/// `cargo xtask` built) on the export and a saved checkpoint: its exit status and output.
fn run_verifier(file: &str, saved: &Checkpoint) -> (bool, String) {
    let xtask = ratusz_tests::target_dir().join("debug").join("xtask");
    assert!(
        xtask.exists(),
        "{} is missing: run `cargo xtask build` first",
        xtask.display()
    );
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("audit-export.json");
    let checkpoint = dir.path().join("checkpoint.json");
    std::fs::write(&export, file).unwrap();
    std::fs::write(&checkpoint, serde_json::to_vec(saved).unwrap()).unwrap();
    let out = std::process::Command::new(xtask)
        .arg("verify-audit")
        .arg(&export)
        .arg("--checkpoint")
        .arg(&checkpoint)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn public_checkpoint(app: &App) -> Checkpoint {
    let reply = app.anon().get("/api/public/audit/checkpoint");
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.header("cache-control"), Some("no-cache"));
    serde_json::from_slice(&reply.body).unwrap()
}

fn problem_code(reply: &ratusz_tests::HttpReply) -> String {
    reply.json().unwrap()["code"]
        .as_str()
        .unwrap_or("")
        .to_owned()
}

/// Some audited activity: accounts created by the administrator.
fn activity(app: &App, admin: &Session, unit: &str, n: usize) {
    for _ in 0..n {
        app.create_user(admin, &["councillor"], unit);
    }
}

/// The stored chain, read straight from the database file.
fn stored_chain(db: &rusqlite::Connection) -> Vec<AuditEntry> {
    let mut stmt = db
        .prepare("SELECT seq, at, actor, action, object, data, prev_hash, hash FROM audit_log ORDER BY seq")
        .unwrap();
    stmt.query_map([], |r| {
        Ok(AuditEntry {
            seq: r.get::<_, i64>(0)? as u64,
            at: Timestamp::parse_rfc3339(&r.get::<_, String>(1)?).unwrap(),
            actor: r.get(2)?,
            action: r.get(3)?,
            object: r.get(4)?,
            data: serde_json::from_str(&r.get::<_, String>(5)?).unwrap(),
            prev_hash: r.get(6)?,
            hash: r.get(7)?,
        })
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// What an attacker with database access does: change entry `seq`'s data and recompute its
/// hash and every later one, so each link still holds.
fn rewrite_and_rehash(db: &rusqlite::Connection, seq: u64) {
    let mut chain = stored_chain(db);
    let mut prev: Option<String> = None;
    for entry in chain.iter_mut().filter(|e| e.seq >= seq) {
        if entry.seq == seq {
            entry.data = json!({"rewritten": true});
        }
        if let Some(p) = prev.take() {
            entry.prev_hash = p;
        }
        entry.hash = entry_hash(entry);
        prev = Some(entry.hash.clone());
        db.execute(
            "UPDATE audit_log SET data = ?1, prev_hash = ?2, hash = ?3 WHERE seq = ?4",
            rusqlite::params![
                canonical_json(&entry.data),
                entry.prev_hash,
                entry.hash,
                entry.seq as i64
            ],
        )
        .unwrap();
    }
}

fn verify(admin: &Session) -> Value {
    admin.get_ok("/api/audit/verify")
}

#[test]
fn checkpoints_are_signed_published_and_catch_a_rewrite() {
    let app = start_app();
    let admin = app.bootstrap_admin();

    // Before any tick: the key is configured but nothing is signed yet.
    let reply = app.anon().get("/api/public/audit/checkpoint");
    assert_eq!(
        (reply.status, problem_code(&reply)),
        (404, "no_checkpoint".to_owned())
    );
    assert_eq!(verify(&admin)["checkpoints"]["status"], "none");

    let unit = app.council_unit(&admin);
    activity(&app, &admin, &unit, 3);
    tick(&app);
    let first = public_checkpoint(&app);
    let key = trusted_key();
    assert!(key.names(&first) && key.verifies(&first), "{first:?}");
    assert_eq!(first.key_id, key.key_id());
    let chain = app.audit(&admin);
    let head = chain.last().unwrap();
    assert_eq!(first.sequence, head["seq"].as_u64().unwrap());
    assert_eq!(first.head_hash, head["hash"].as_str().unwrap());

    // An idle tick signs nothing new; activity and then a tick do.
    tick(&app);
    assert_eq!(public_checkpoint(&app), first);
    activity(&app, &admin, &unit, 2);
    tick(&app);
    let second = public_checkpoint(&app);
    assert!(second.sequence > first.sequence);

    // On demand by the administrator: 201 with the current head.
    let reply = admin.post_empty("/api/audit/checkpoints");
    assert_eq!(reply.status, 201, "{}", reply.text());
    let on_demand: Checkpoint = serde_json::from_slice(&reply.body).unwrap();
    assert!(key.verifies(&on_demand));
    assert!(on_demand.sequence >= second.sequence);

    let report = verify(&admin);
    assert_eq!(report["valid"], true, "{report}");
    assert_eq!(report["checkpoints"]["status"], "agree", "{report}");
    assert!(
        report["checkpoints"]["checked"].as_u64().unwrap() >= 3,
        "{report}"
    );

    // Untouched: the export (paged small, so pages concatenate) verifies with the saved one.
    let saved = public_checkpoint(&app);
    let untouched = export_file(&admin, 3);
    assert!(
        untouched.matches("\"entries\"").count() > 1,
        "more than one page"
    );
    let (valid, faults) = verdict(&untouched, std::slice::from_ref(&saved));
    assert!(valid, "{faults:?}");
    let (ok, printed) = run_verifier(&untouched, &saved);
    assert!(ok && printed.contains("verdict:     VALID"), "{printed}");

    // The attacker rewrites entry 2 and recomputes every later hash: the links hold, the
    // checkpoints the database still has do not.
    let db = rusqlite::Connection::open(app.database_path()).unwrap();
    rewrite_and_rehash(&db, 2);
    let report = verify(&admin);
    assert_eq!(report["valid"], false, "{report}");
    assert!(
        report.get("first_broken_seq").is_none(),
        "links hold: {report}"
    );
    assert_eq!(report["checkpoints"]["status"], "disagree", "{report}");
    assert_eq!(
        report["checkpoints"]["first_mismatch"].as_u64(),
        Some(first.sequence),
        "{report}"
    );
    let (valid, faults) = verdict(&export_file(&admin, 50), std::slice::from_ref(&saved));
    assert!(!valid);
    assert!(
        faults
            .iter()
            .any(|f| matches!(f, CheckpointFault::HashMismatch { sequence, .. } if *sequence == saved.sequence)),
        "{faults:?}"
    );

    // A thorough attacker also deletes the stored checkpoints: the server can no longer tell,
    // the checkpoint kept outside the database still can.
    db.execute("DELETE FROM audit_checkpoints", []).unwrap();
    let report = verify(&admin);
    assert_eq!(report["valid"], true, "{report}");
    assert_eq!(report["checkpoints"]["status"], "none", "{report}");
    let rewritten = export_file(&admin, 50);
    let (valid, faults) = verdict(&rewritten, std::slice::from_ref(&saved));
    assert!(!valid, "the saved checkpoint catches the rewrite");
    let (ok, printed) = run_verifier(&rewritten, &saved);
    assert!(!ok, "a non-zero exit: {printed}");
    assert!(
        printed.contains("was rewritten") && printed.contains("verdict:     INVALID"),
        "{printed}"
    );
    assert!(
        matches!(faults.as_slice(), [CheckpointFault::HashMismatch { .. }]),
        "{faults:?}"
    );
}

#[test]
fn a_truncated_tail_is_caught() {
    let app = start_app();
    let admin = app.bootstrap_admin();
    let unit = app.council_unit(&admin);
    activity(&app, &admin, &unit, 3);
    tick(&app);
    let saved = public_checkpoint(&app);

    // Cut the last two entries off, and the checkpoints that name them.
    let keep = saved.sequence - 2;
    let db = rusqlite::Connection::open(app.database_path()).unwrap();
    db.execute("DELETE FROM audit_log WHERE seq > ?1", [keep as i64])
        .unwrap();
    db.execute(
        "DELETE FROM audit_checkpoints WHERE sequence > ?1",
        [keep as i64],
    )
    .unwrap();

    let report = verify(&admin);
    assert_eq!(report["valid"], true, "what is left still links: {report}");
    // The admin's own request may have appended entries since; the saved checkpoint names an
    // entry whose hash the shortened chain no longer has at that position, or is past its end.
    let truncated = export_file(&admin, 500);
    let (valid, faults) = verdict(&truncated, std::slice::from_ref(&saved));
    assert!(!valid, "{faults:?}");
    let (ok, printed) = run_verifier(&truncated, &saved);
    assert!(!ok && printed.contains("verdict:     INVALID"), "{printed}");
    assert!(
        faults.iter().all(|f| f.sequence() == saved.sequence),
        "{faults:?}"
    );
}

#[test]
fn without_a_key_checkpoints_are_off_and_say_so() {
    let app = start_with(&[("tick_token", TICK_TOKEN), ("audit_signing_key", "")]);
    let admin = app.bootstrap_admin();
    tick(&app);
    let reply = app.anon().get("/api/public/audit/checkpoint");
    assert_eq!(
        (reply.status, problem_code(&reply)),
        (404, "checkpoints_disabled".to_owned())
    );
    let reply = admin.post_empty("/api/audit/checkpoints");
    assert_eq!(
        (reply.status, problem_code(&reply)),
        (409, "checkpoints_disabled".to_owned())
    );
    let report = verify(&admin);
    assert_eq!(report["valid"], true, "{report}");
    assert_eq!(report["checkpoints"]["status"], "disabled", "{report}");
    let page = admin.get_ok("/api/audit/export");
    assert_eq!(page["checkpoints"], json!([]));
}

#[test]
fn export_refuses_malformed_cursors_and_limits() {
    let app = start_app();
    let admin = app.bootstrap_admin();
    for (path, status) in [
        ("/api/audit/export?cursor=abc", 400),
        ("/api/audit/export?cursor=%2B5", 400),
        ("/api/audit/export?cursor=99999999999999999999999", 400),
        ("/api/audit/export?limit=0", 422),
        ("/api/audit/export?limit=501", 422),
    ] {
        assert_eq!(admin.get(path).status, status, "{path}");
    }
    let past_the_end = admin.get_ok("/api/audit/export?cursor=999999");
    assert_eq!(past_the_end["entries"], json!([]));
    assert!(past_the_end.get("next_cursor").is_none());
}

#[test]
fn every_bip_result_page_shows_the_newest_checkpoint() {
    let council = start_council_with(3, &[("tick_token", TICK_TOKEN)]);
    let id = council.live_meeting(3, 3);
    let pid = council.create_poll(&id, "Uchwała w sprawie budżetu");
    council.open_poll(&id, &pid);
    for member in council.first(3) {
        assert_eq!(council.cast(member, &id, &pid, "for").status, 201);
    }
    council.close_poll(&id, &pid);
    let page = |council: &support::council::Council| {
        let reply = council
            .anon()
            .get(&format!("/api/public/sessions/{id}/polls/{pid}.html"));
        assert_eq!(reply.status, 200, "{}", reply.text());
        reply.text()
    };
    assert!(page(&council).contains("Nie opublikowano jeszcze podpisanego punktu"));

    tick(&council.app);
    let checkpoint = public_checkpoint(&council.app);
    let html = page(&council);
    for part in [
        format!("wpis nr {}", checkpoint.sequence),
        checkpoint.head_hash.clone(),
        checkpoint.key_id.clone(),
        checkpoint.public_key.clone(),
        checkpoint.signature.clone(),
    ] {
        assert!(html.contains(&part), "{part} is not on the page");
    }
}
