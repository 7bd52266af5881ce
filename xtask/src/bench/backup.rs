//! Backups (issue 18): the time and size of `ratusz-host backup` and `restore` for the app's
//! database holding 100,000 audit entries.
//!
//! The app makes its schema on a first request; the entries are then written with direct SQL
//! (over HTTP they would take minutes and measure the app, not the backup). Their hashes have
//! the chain's shape (64 hex digits linked by `prev_hash`) but are not the app's hashes: the
//! bench measures bytes and time, not the chain.

use crate::artifacts::host_bin;
use anyhow::{Context, Result};
use ratusz_tests::workspace_root;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const AUDIT_ENTRIES: i64 = 100_000;
/// A bench-only backup key (base64 of 32 bytes).
const BACKUP_KEY: &str = "YmVuY2gtYmFja3VwLWtleS0wMTIzNDU2Nzg5YWJjZGU=";

/// Prints the backup and restore measurements.
pub fn bench(state_dir: &Path) -> Result<()> {
    println!("\n## Backup of a database with {AUDIT_ENTRIES} audit entries");
    let mut host = super::app_host(state_dir).start()?;
    let reply = host.get("/api/health")?;
    anyhow::ensure!(reply.status == 200, "health answered {}", reply.status);
    host.stop()?;
    let filled = Instant::now();
    fill_audit(&state_dir.join("sqlite_db.db"))?;
    println!(
        "filled with direct SQL in {:.1} s",
        filled.elapsed().as_secs_f64()
    );

    let scratch = tempfile::tempdir()?;
    let key = scratch.path().join("backup.key");
    std::fs::write(&key, BACKUP_KEY)?;
    let sets = scratch.path().join("sets");
    let started = Instant::now();
    let stdout = host_command(&[
        "backup",
        "--state-dir",
        &state_dir.to_string_lossy(),
        "--backup-dir",
        &sets.to_string_lossy(),
        "--backup-key-file",
        &key.to_string_lossy(),
    ])?;
    let backup_time = started.elapsed();
    let set = stdout
        .lines()
        .last()
        .context("backup printed no set")?
        .to_owned();
    let manifest: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(
        Path::new(&set).join("manifest.json"),
    )?)?;
    for file in manifest["files"].as_array().into_iter().flatten() {
        let (plain, sealed) = (
            file["plain_bytes"].as_u64().unwrap_or(0),
            file["bytes"].as_u64().unwrap_or(0),
        );
        println!(
            "{:<34} plain {plain:>10} B ({:.1} MiB)  encrypted {sealed:>10} B (+{} B)  {} pages",
            file["file"].as_str().unwrap_or("?"),
            mib(plain),
            sealed.saturating_sub(plain),
            file["pages"]
        );
    }
    println!(
        "ratusz-host backup (process start to exit): {:>8.0} ms",
        super::ms(backup_time)
    );

    let target = scratch.path().join("restored");
    let started = Instant::now();
    host_command(&[
        "restore",
        "--state-dir",
        &target.to_string_lossy(),
        "--from",
        &set,
        "--backup-key-file",
        &key.to_string_lossy(),
    ])?;
    println!(
        "ratusz-host restore (verify, decrypt, rename):  {:>8.0} ms",
        super::ms(started.elapsed())
    );
    Ok(())
}

/// Appends `AUDIT_ENTRIES` chain-shaped entries after the app's own.
fn fill_audit(db: &Path) -> Result<()> {
    let mut conn = rusqlite::Connection::open(db)?;
    let tx = conn.transaction()?;
    let (mut seq, mut prev): (i64, String) = tx.query_row(
        "SELECT coalesce(max(seq), 0), coalesce((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), '') FROM audit_log",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO audit_log (seq, at, actor, action, object, data, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for i in 0..AUDIT_ENTRIES {
            seq += 1;
            let data = format!(
                r#"{{"poll":"01JPOLL{:019}","choice":"for","receipt":"R{:015X}","mode":"in_person"}}"#,
                i / 21,
                i
            );
            let hash = hex::encode(Sha256::digest(format!("{prev}{seq}{data}")));
            insert.execute(rusqlite::params![
                seq,
                format!("2026-11-24T10:{:02}:{:02}.000Z", (i / 60) % 60, i % 60),
                format!("01JUSER{:019}", i % 21),
                "vote.cast",
                format!("poll:01JPOLL{:019}", i / 21),
                data,
                prev,
                hash,
            ])?;
            prev = hash;
        }
    }
    tx.commit()?;
    Ok(())
}

fn host_command(args: &[&str]) -> Result<String> {
    let root = workspace_root();
    let out = Command::new(host_bin(&root))
        .arg(args[0])
        .arg("-f")
        .arg(root.join("spin.toml"))
        .args(&args[1..])
        .output()?;
    anyhow::ensure!(
        out.status.success(),
        "ratusz-host {}: {}",
        args[0],
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}
