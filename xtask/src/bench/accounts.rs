//! Accounts measurements (issue 4): argon2id inside the component vs the same code native,
//! login throughput and latency, the cost of refusing a locked account (no hash), and the
//! session check's overhead on a request.
//!
//! The app runs with the e-mail gateway unconfigured, so the bootstrap administrator's start
//! password is read from the host's log exactly as an operator would read it.

use super::load::{self, Probe};
use super::ms;
use anyhow::{anyhow, Result};
use ratusz_domain::accounts::hashing;
use ratusz_domain::id::Entropy;
use ratusz_tests::HostProcess;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const PASSWORD: &str = "Zielony-Ratusz-2026-Sesja!";
const ROUNDS: usize = 20;
const SECONDS: u64 = 5;

struct CountingEntropy(u64);

impl Entropy for CountingEntropy {
    fn fill(&mut self, buf: &mut [u8]) {
        for b in buf {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1);
            *b = (self.0 >> 33) as u8;
        }
    }
}

/// Prints every accounts measurement.
pub fn bench(state_dir: &std::path::Path) -> Result<()> {
    println!("\n## argon2id (m=19456 KiB, t=2, p=1)");
    let native = native_verify_ms()?;
    println!("native verify ({ROUNDS} rounds, opt-level 3): p50 {native:.1} ms");
    let host = super::app_host(state_dir)
        // The bench hammers logins from one address on purpose.
        .variable("throttle_per_address", "100000000")
        .start()?;
    admin_token(&host)?;
    let login_ok = sequential_ms(&host, &login_body("admin@ratusz.local", PASSWORD), 200)?;
    println!("component login, right password ({ROUNDS} sequential): p50 {login_ok:.1} ms");

    // The sequential logins above replaced the admin's session (one per account): sign in again.
    let admin = login_token(&host, "admin@ratusz.local", PASSWORD)?;
    let victim = create_user(&host, &admin, "ofiara@ratusz.local")?;
    let lock = host
        .request("POST", &format!("/api/users/{victim}/lock"))
        .header("authorization", &format!("Bearer {admin}"))
        .send()?;
    anyhow::ensure!(lock.status == 200, "lock: {} {}", lock.status, lock.text());
    let locked = sequential_ms(&host, &login_body("ofiara@ratusz.local", PASSWORD), 401)?;
    println!(
        "component login, locked account ({ROUNDS} sequential): p50 {locked:.1} ms  (no hash)"
    );
    println!(
        "=> argon2id inside the component ≈ {:.1} ms vs {native:.1} ms native ({:.1}×)",
        login_ok - locked,
        (login_ok - locked) / native
    );

    let duration = Duration::from_secs(SECONDS);
    println!("\n## Login under load ({SECONDS} s, closed loop)");
    let login = Probe {
        url: host.url("/api/auth/login"),
        json: Some(login_body("admin@ratusz.local", PASSWORD)),
        bearer: None,
    };
    let locked_probe = Probe {
        json: Some(login_body("ofiara@ratusz.local", PASSWORD)),
        ..login.clone()
    };
    for clients in [1, 2, 4] {
        let r = load::run_probe(&login, clients, duration, 200);
        println!(
            "login, right password   {clients:>2} clients  {}",
            r.summary()
        );
    }
    for clients in [1, 4] {
        let r = load::run_probe(&locked_probe, clients, duration, 401);
        println!(
            "login, locked account   {clients:>2} clients  {}",
            r.summary()
        );
    }

    // A public route whose handler refuses an empty body at once (422) does the same work with
    // or without a token, except the session check: token verification + KV session lookup.
    println!("\n## Session check overhead (POST /api/auth/login with body {{}} → 422, same handler work)");
    let token = login_token(&host, "admin@ratusz.local", PASSWORD)?;
    let bare = Probe {
        url: host.url("/api/auth/login"),
        json: Some("{}".to_owned()),
        bearer: None,
    };
    let with_token = Probe {
        bearer: Some(token),
        ..bare.clone()
    };
    for clients in [1, 16] {
        let anonymous = load::run_probe(&bare, clients, duration, 422);
        let signed_in = load::run_probe(&with_token, clients, duration, 422);
        println!("anonymous   {clients:>2} clients  {}", anonymous.summary());
        println!("with token  {clients:>2} clients  {}", signed_in.summary());
        println!(
            "=> session check adds {:.2} ms at p50, {:.2} ms at p99",
            (signed_in.quantile(0.5).as_secs_f64() - anonymous.quantile(0.5).as_secs_f64()) * 1e3,
            (signed_in.quantile(0.99).as_secs_f64() - anonymous.quantile(0.99).as_secs_f64()) * 1e3
        );
    }
    Ok(())
}

fn native_verify_ms() -> Result<f64> {
    let phc =
        hashing::hash_password(PASSWORD, &mut CountingEntropy(7)).map_err(|e| anyhow!("{e}"))?;
    let mut times: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            let _ = hashing::verify_password(PASSWORD, &phc);
            ms(start.elapsed())
        })
        .collect();
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

fn login_body(email: &str, password: &str) -> String {
    json!({"email": email, "password": password}).to_string()
}

fn sequential_ms(host: &HostProcess, body: &str, status: u16) -> Result<f64> {
    let mut times = Vec::with_capacity(ROUNDS);
    for _ in 0..ROUNDS {
        let start = Instant::now();
        let reply = host
            .request("POST", "/api/auth/login")
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()?;
        times.push(ms(start.elapsed()));
        anyhow::ensure!(
            reply.status == status,
            "login: {} {}",
            reply.status,
            reply.text()
        );
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

fn post(host: &HostProcess, path: &str, token: Option<&str>, body: &Value) -> Result<Value> {
    let mut req = host
        .request("POST", path)
        .header("content-type", "application/json");
    if let Some(t) = token {
        req = req.header("authorization", &format!("Bearer {t}"));
    }
    let reply = req.body(body.to_string()).send()?;
    anyhow::ensure!(
        (200..300).contains(&reply.status),
        "{path}: {} {}",
        reply.status,
        reply.text()
    );
    reply.json()
}

fn login_token(host: &HostProcess, email: &str, password: &str) -> Result<String> {
    let reply = post(
        host,
        "/api/auth/login",
        None,
        &json!({"email": email, "password": password}),
    )?;
    reply["token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow!("no token in {reply}"))
}

/// Bootstrap: the start password from the log → forced change → a normal admin token.
fn admin_token(host: &HostProcess) -> Result<String> {
    let health = host.get("/api/health")?;
    anyhow::ensure!(health.status == 200, "health {}", health.status);
    let start = ratusz_tests::wait_until(
        "the bootstrap start password in the log",
        Duration::from_secs(10),
        || {
            host.logs()
                .lines()
                .find_map(|l| l.split("Start password: ").nth(1))
                .map(|p| p.trim().to_owned())
        },
    )?;
    let token = login_token(host, "admin@ratusz.local", &start)?;
    let changed = post(
        host,
        "/api/auth/password",
        Some(&token),
        &json!({"current_password": start, "new_password": PASSWORD}),
    )?;
    changed["token"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow!("no token in {changed}"))
}

fn create_user(host: &HostProcess, admin: &str, email: &str) -> Result<String> {
    let reply = host
        .request("GET", "/api/units")
        .header("authorization", &format!("Bearer {admin}"))
        .send()?
        .json()?;
    let unit = reply["items"][0]["id"]
        .as_str()
        .ok_or_else(|| anyhow!("no unit in {reply}"))?
        .to_owned();
    let user = post(
        host,
        "/api/users",
        Some(admin),
        &json!({"first_name": "Olga", "last_name": "Ofiara", "email": email, "unit_id": unit, "roles": ["councillor"]}),
    )?;
    user["id"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow!("no id in {user}"))
}
