//! `cargo xtask verify-audit EXPORT [--public-key KEY]… [--checkpoint FILE]…`: the offline
//! check of an audit export against signed checkpoints (docs/api/operations.md § Audit
//! checkpoints). It only reads files and prints; the deciding is the domain's
//! `audit::export::verify_export`, the same code the server's verification runs.

use anyhow::{bail, Context, Result};
use ratusz_domain::audit::checkpoint::{Checkpoint, TrustedKey};
use ratusz_domain::audit::export::{parse_export, verify_export};
use std::path::{Path, PathBuf};

/// What to check.
pub struct Args {
    /// The export file: the pages of `GET /api/audit/export`, one after another.
    pub export: PathBuf,
    /// Public keys (base64) whose checkpoints are believed.
    pub public_keys: Vec<String>,
    /// Saved bodies of `GET /api/public/audit/checkpoint`, kept outside the database.
    pub checkpoints: Vec<PathBuf>,
}

/// Runs the check; `Ok(false)` when the export is not valid (the caller exits non-zero).
pub fn run(args: &Args) -> Result<bool> {
    let text = read(&args.export)?;
    let pages = parse_export(&text).with_context(|| args.export.display().to_string())?;
    let saved = args
        .checkpoints
        .iter()
        .map(|path| {
            serde_json::from_str::<Checkpoint>(&read(path)?)
                .with_context(|| format!("{}: not a checkpoint", path.display()))
        })
        .collect::<Result<Vec<_>>>()?;
    let trusted = trusted_keys(&args.public_keys, &saved)?;
    let report = verify_export(&pages, &saved, &trusted);

    println!(
        "export:      {} ({} pages)",
        args.export.display(),
        pages.len()
    );
    println!(
        "keys:        {}",
        trusted
            .iter()
            .map(TrustedKey::key_id)
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "entries:     {} (head {})",
        report.chain.entries, report.chain.head_hash
    );
    match report.chain.first_broken_seq {
        Some(seq) => println!("links:       BROKEN at entry {seq}"),
        None => println!("links:       every entry links to the one before"),
    }
    println!(
        "checkpoints: {} checked, newest covers entry {}",
        report.checked,
        report
            .newest_sequence
            .map_or_else(|| "-".to_owned(), |s| s.to_string())
    );
    for fault in &report.faults {
        println!("  FAULT: {fault}");
    }
    if report.checked == 0 && report.faults.is_empty() {
        println!(
            "  note: no checkpoint was checked, so a rewritten or truncated chain cannot be ruled out"
        );
    }
    let valid = report.valid();
    println!("verdict:     {}", if valid { "VALID" } else { "INVALID" });
    Ok(valid)
}

/// The keys to believe: those given, else those of the saved checkpoints (which the user kept
/// outside the database). The export's own checkpoints never vouch for themselves.
fn trusted_keys(given: &[String], saved: &[Checkpoint]) -> Result<Vec<TrustedKey>> {
    let mut keys = given
        .iter()
        .map(|k| TrustedKey::from_base64(k).map_err(|e| anyhow::anyhow!("--public-key: {e}")))
        .collect::<Result<Vec<_>>>()?;
    if keys.is_empty() {
        for cp in saved {
            let key = TrustedKey::from_base64(&cp.public_key)
                .map_err(|e| anyhow::anyhow!("checkpoint {}: {e}", cp.sequence))?;
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
    }
    if keys.is_empty() {
        bail!(
            "give the deployment's public key (--public-key) or a checkpoint saved outside the \
             database (--checkpoint): the export's own checkpoints cannot vouch for themselves"
        );
    }
    Ok(keys)
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}
