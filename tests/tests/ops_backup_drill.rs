//! The restore drill (issue 18): the real app serves a council voting in bursts, poll after
//! poll; during the burst the real `ratusz-host backup` takes a set; the host stops, its state
//! dir is wiped, `ratusz-host restore` brings the set back and the host starts again. Then the
//! audit chain verifies, every vote acknowledged (201) before the backup began is in the
//! restored database, every poll's counters equal the votes it holds (nothing half-present),
//! and a staff member's name and e-mail, written through the app, are nowhere in the set.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use ratusz_tests::{host_bin, workspace_root};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use support::accounts::Session;
use support::council::*;

const COUNCILLORS: usize = 21;
const BACKUP_KEY: &str = "ZHJpbGwtYmFja3VwLWtleS0wMTIzNDU2Nzg5YWJjZGU=";
const MARKER_LAST_NAME: &str = "Znacznikowski-Kopii";
const MARKER_EMAIL: &str = "bozydar.znacznik@kopia-zapasowa.test";

/// One acknowledged vote: the poll, the voter, and when the 201 arrived.
struct Acked {
    poll: String,
    voter: String,
    at: Instant,
}

/// Runs `ratusz-host ARGS` on the workspace's spin.toml; fails the test on a non-zero exit.
fn ratusz_host(args: &[&str]) -> String {
    let manifest = workspace_root().join("spin.toml");
    let out = Command::new(host_bin().unwrap())
        .arg(args[0])
        .arg("-f")
        .arg(&manifest)
        .args(&args[1..])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ratusz-host {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// At most this many polls, whatever happens in the main thread.
const MAX_POLLS: usize = 40;

/// Sets the flag when dropped: the burst stops also when the main thread panics (a scope
/// waits for its threads before it unwinds).
struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

/// Polls one after another (prepare, open, every councillor at once, close) until `stop`.
fn vote_burst(
    council: &Council,
    meeting: &str,
    stop: &AtomicBool,
    done: &AtomicUsize,
) -> Vec<Acked> {
    let mut acked = Vec::new();
    let choices = ["for", "against", "abstain"];
    while !stop.load(Ordering::SeqCst) && done.load(Ordering::SeqCst) < MAX_POLLS {
        let n = done.load(Ordering::SeqCst);
        let poll = council.create_poll(meeting, &format!("Uchwała nr {n}/2026"));
        council.open_poll(meeting, &poll);
        let voters: Vec<(usize, &Member)> = council.councillors.iter().enumerate().collect();
        let replies = in_parallel(&voters, |(i, m)| {
            let reply = council.cast(m, meeting, &poll, choices[i % 3]);
            (reply, Instant::now())
        });
        for ((_, m), (reply, at)) in voters.iter().zip(replies) {
            expect_status(&reply, 201, &format!("the vote of {}", m.name));
            acked.push(Acked {
                poll: poll.clone(),
                voter: m.id.clone(),
                at,
            });
        }
        council.close_poll(meeting, &poll);
        done.fetch_add(1, Ordering::SeqCst);
    }
    acked
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn a_backup_taken_during_a_vote_burst_restores_with_every_acknowledged_vote_and_a_valid_chain() {
    let mut council = start_council(COUNCILLORS);
    let unit = council.app.council_unit(&council.admin);
    council.app.create_user_with(
        &council.admin,
        &json!({
            "first_name": "Bożydar",
            "last_name": MARKER_LAST_NAME,
            "email": MARKER_EMAIL,
            "phone": "+48600999111",
            "unit_id": unit,
            "roles": ["clerk"],
        }),
    );
    let meeting = council.live_meeting(COUNCILLORS, COUNCILLORS);
    let scratch = tempfile::tempdir().unwrap();
    let key = scratch.path().join("backup.key");
    std::fs::write(&key, BACKUP_KEY).unwrap();
    let sets = scratch.path().join("sets");
    let state = council.app.host.state_dir().to_path_buf();

    let stop = AtomicBool::new(false);
    let done = AtomicUsize::new(0);
    let (acked, set, began) = std::thread::scope(|scope| {
        let burst = scope.spawn(|| vote_burst(&council, &meeting, &stop, &done));
        let _stop = StopOnDrop(&stop);
        ratusz_tests::wait_until("two polls voted", Duration::from_secs(120), || {
            (done.load(Ordering::SeqCst) >= 2).then_some(())
        })
        .unwrap();
        let began = Instant::now();
        let stdout = ratusz_host(&[
            "backup",
            "--state-dir",
            state.to_str().unwrap(),
            "--backup-dir",
            sets.to_str().unwrap(),
            "--backup-key-file",
            key.to_str().unwrap(),
        ]);
        let after = done.load(Ordering::SeqCst);
        ratusz_tests::wait_until("two more polls", Duration::from_secs(120), || {
            (done.load(Ordering::SeqCst) >= after + 2).then_some(())
        })
        .unwrap();
        stop.store(true, Ordering::SeqCst);
        let set = PathBuf::from(stdout.lines().last().unwrap());
        (burst.join().unwrap(), set, began)
    });
    let before: Vec<&Acked> = acked.iter().filter(|a| a.at < began).collect();
    assert!(
        before.len() >= 2 * COUNCILLORS,
        "{} votes before",
        before.len()
    );
    assert!(
        acked.len() > before.len(),
        "the burst went on after the backup"
    );

    // Nothing personal in plaintext: the marker is in the live database, not in the set.
    let live = std::fs::read(state.join("sqlite_db.db")).unwrap();
    assert!(contains(&live, MARKER_LAST_NAME) && contains(&live, MARKER_EMAIL));
    for file in files_in(&set) {
        let bytes = std::fs::read(&file).unwrap();
        for marker in [MARKER_LAST_NAME, MARKER_EMAIL, "Bożydar"] {
            assert!(!contains(&bytes, marker), "{marker} in {}", file.display());
        }
    }

    // Stop, wipe, restore, start.
    council.app.host.stop().unwrap();
    std::fs::remove_dir_all(&state).unwrap();
    ratusz_host(&[
        "restore",
        "--state-dir",
        state.to_str().unwrap(),
        "--from",
        set.to_str().unwrap(),
        "--backup-key-file",
        key.to_str().unwrap(),
    ]);
    council.app.host.restart().unwrap();
    // The sessions came back with the key-value file; only the port is new.
    let admin = Session::with_token(&council.app.base(), &council.admin.token);
    let verify = admin.get_ok("/api/audit/verify");
    assert_eq!(verify["valid"], true, "audit chain after restore: {verify}");

    let db = rusqlite::Connection::open_with_flags(
        state.join("sqlite_db.db"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    let present = |poll: &str, voter: &str| -> bool {
        db.query_row(
            "SELECT count(*) FROM votes WHERE poll_id = ?1 AND user_id = ?2",
            [poll, voter],
            |r| r.get::<_, i64>(0),
        )
        .unwrap()
            == 1
    };
    let missing: Vec<String> = before
        .iter()
        .filter(|a| !present(&a.poll, &a.voter))
        .map(|a| format!("{}:{}", a.poll, a.voter))
        .collect();
    assert!(
        missing.is_empty(),
        "acknowledged before the backup, lost: {missing:?}"
    );

    // Each poll as one commit left it: its counter, its voters' marks and its votes agree.
    let mut polls = db
        .prepare(
            "SELECT p.id, p.state, p.voted,
                    (SELECT count(*) FROM votes v WHERE v.poll_id = p.id),
                    (SELECT count(*) FROM poll_voters w WHERE w.poll_id = p.id
                                                         AND w.voted_at IS NOT NULL),
                    p.result IS NOT NULL
             FROM polls p WHERE p.session_id = ?1",
        )
        .unwrap();
    let rows: Vec<(String, String, i64, i64, i64, bool)> = polls
        .query_map([&meeting], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(rows.len() >= 2, "{rows:?}");
    for (id, state, voted, votes, marked, has_result) in &rows {
        assert_eq!((voted, voted), (votes, marked), "poll {id} ({state})");
        assert_eq!(*has_result, state == "closed", "poll {id} ({state})");
    }
    let restored_votes: i64 = rows.iter().map(|r| r.3).sum();
    assert!(restored_votes >= i64::try_from(before.len()).unwrap());

    // The restored app goes on: the meeting is still live for its chair.
    let chair = Session::with_token(&council.app.base(), &council.chair.session.token);
    let meeting_now = chair.get_ok(&format!("/api/sessions/{meeting}"));
    assert_eq!(meeting_now["state"], "live", "{meeting_now}");
}
