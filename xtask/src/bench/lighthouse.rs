//! Lighthouse (mobile, the default form factor) on the login page and a councillor's live
//! meeting page (issue 14's targets: performance ≥ 90, layout shift ≤ 0.1), printing the
//! performance score, layout shift, total blocking time and largest contentful paint.
//!
//! Lighthouse is pinned in `xtask/lighthouse/package.json` (12.2.3: the newest that runs on
//! Node 20) and installed by the setup step `setup::setup_bench`; it drives Debian's Chromium
//! (`CHROME_PATH`, headless, no sandbox as the bench runs as root).

use super::council::{Api, Voter};
use anyhow::{bail, Context, Result};
use ratusz_tests::seed;
use std::path::Path;
use std::process::Command;

/// Debian's Chromium, as the browser tests use it.
const CHROME: &str = "/usr/bin/chromium";

/// Prints the Lighthouse figures of the login page and of a live meeting seen by a councillor.
pub fn bench(root: &Path, state_dir: &Path) -> Result<()> {
    let lighthouse = crate::setup::setup_bench(root)?;
    let host = super::app_host(state_dir)
        .variable("throttle_per_address", "100000000")
        .start()?;
    // The first request to the auth component creates the council unit the seed needs.
    let health = host.get("/api/health")?;
    anyhow::ensure!(health.status == 200, "health answered {}", health.status);
    let db = state_dir.join("sqlite_db.db");
    let mut accounts = seed::seed_accounts(&db, "lh-biuro", 1, &["clerk"])?;
    accounts.extend(seed::seed_accounts(&db, "lh-przew", 1, &["chair"])?);
    accounts.extend(seed::seed_accounts(&db, "lh-radny", 3, &["councillor"])?);
    let emails: Vec<String> = accounts.iter().map(|a| a.email.clone()).collect();
    let tokens = seed::login_all(&host.base_url(), &emails, 2)?;
    let mut people: Vec<Voter> = accounts
        .into_iter()
        .zip(tokens)
        .map(|(account, token)| Voter { account, token })
        .collect();
    let members = people.split_off(2);
    let (clerk, chair) = (&people[0], &people[1]);
    let meeting = Api { host: &host }.live_meeting(clerk, chair, &members)?;

    println!("\n## Lighthouse, mobile (performance, layout shift, blocking time, largest paint)");
    let base = host.base_url();
    let pages = [
        (
            "login page (visitor)",
            "login",
            format!("{base}/login"),
            None,
        ),
        (
            "live meeting (councillor)",
            "meeting",
            format!("{base}/sessions/{meeting}"),
            Some(members[0].token.as_str()),
        ),
    ];
    // The whole reports stay for a look at what costs (long tasks, requests, LCP element).
    let reports = crate::artifacts::target_dir(root).join("lighthouse");
    std::fs::create_dir_all(&reports).with_context(|| format!("{}", reports.display()))?;
    for (label, name, url, token) in pages {
        let out = reports.join(format!("{name}.json"));
        let report = run(&lighthouse, &out, &url, token)?;
        println!("{label:<28} {}", summary(&report)?);
    }
    println!("(reports: {})", reports.display());
    Ok(())
}

/// One Lighthouse run, its report written to `out`; `token` signs the page in through the
/// session cookie.
fn run(lighthouse: &Path, out: &Path, url: &str, token: Option<&str>) -> Result<serde_json::Value> {
    let mut command = Command::new(lighthouse);
    command
        .arg(url)
        .args([
            "--only-categories=performance",
            "--output=json",
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ])
        .arg(format!("--output-path={}", out.display()))
        .env("CHROME_PATH", CHROME);
    if let Some(token) = token {
        let cookie = format!("ratusz_session={token}");
        command.arg(format!(
            "--extra-headers={}",
            serde_json::json!({ "Cookie": cookie })
        ));
    }
    let status = command
        .status()
        .with_context(|| format!("cannot run {}", lighthouse.display()))?;
    if !status.success() {
        bail!("lighthouse on {url} failed ({status})");
    }
    let text = std::fs::read_to_string(out).with_context(|| format!("{}", out.display()))?;
    serde_json::from_str(&text).context("lighthouse wrote no JSON")
}

/// "performance 93  CLS 0.012  TBT 120 ms  LCP 2.1 s" from a Lighthouse report.
fn summary(report: &serde_json::Value) -> Result<String> {
    let score = report["categories"]["performance"]["score"]
        .as_f64()
        .context("no performance score")?;
    let audit = |id: &str| {
        report["audits"][id]["numericValue"]
            .as_f64()
            .unwrap_or(f64::NAN)
    };
    Ok(format!(
        "performance {:>3.0}  CLS {:.3}  TBT {:>5.0} ms  LCP {:>4.1} s",
        score * 100.0,
        audit("cumulative-layout-shift"),
        audit("total-blocking-time"),
        audit("largest-contentful-paint") / 1000.0
    ))
}
