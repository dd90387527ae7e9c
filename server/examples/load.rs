//! The load generator of `scripts/bench-server.sh`: drives complete flows against reference servers
//! on this machine — for each virtual customer, a new token from the demo vendor, 利用者認証 →
//! ワンタイムパスワードの登録 → 確認用パスワード (利用開始), then ログイン → the token's next code, and
//! then, untimed, a loss report (利用者認証 → 紛失・故障 → the card) and the bank's own step to free
//! the customer for the next round (the bank stops only a suspended or locked token) — and prints
//! one Markdown table row: flows per second, p50/p99 latency of the bank's requests and of whole
//! flows, the servers' CPU time and the share of it argon2id took.
//!
//! Bounded: it stops after `--flows` flows or `--seconds` seconds, whichever comes first, and it
//! refuses any address that is not loopback. It writes its customers straight into the database
//! (so it needs the servers' database URL and key) before the run.
//!
//! ```text
//! load --label NAME --url http://127.0.0.1:PORT [--url …] --database-url URL --key HEX
//!      [--pid PID …] [--users 16] [--flows 300] [--seconds 60]
//! ```

use shinkin_otp_domain::totp;
use shinkin_otp_server::crypto::{Binding, PasswordCost, Passwords, Sealer};
use shinkin_otp_server::db::Db;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const PASSWORD: &str = "bench123";
const CARD: [u8; 8] = [3, 1, 4, 1, 5, 9, 2, 6];

#[derive(Debug)]
struct Options {
    label: String,
    urls: Vec<String>,
    database_url: String,
    key: [u8; 32],
    pids: Vec<u32>,
    users: usize,
    flows: usize,
    seconds: u64,
}

fn options() -> Options {
    let mut args = std::env::args().skip(1);
    let mut o = Options {
        label: String::new(),
        urls: Vec::new(),
        database_url: String::new(),
        key: [0; 32],
        pids: Vec::new(),
        users: 16,
        flows: 300,
        seconds: 60,
    };
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--label" => o.label = value,
            "--url" => o.urls.push(value),
            "--database-url" => o.database_url = value,
            "--key" => {
                o.key = shinkin_otp_server::crypto::parse_key(&value).expect("64 hex digits")
            }
            "--pid" => o.pids.push(value.parse().expect("a process id")),
            "--users" => o.users = value.parse().expect("a number"),
            "--flows" => o.flows = value.parse().expect("a number"),
            "--seconds" => o.seconds = value.parse().expect("a number"),
            other => panic!("unknown argument {other}"),
        }
    }
    for url in &o.urls {
        // Loopback only, whatever the command line says.
        let authority = url
            .strip_prefix("http://")
            .unwrap_or("")
            .split('/')
            .next()
            .unwrap_or("");
        let host = match authority.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or(""),
            None => authority.split(':').next().unwrap_or(""),
        };
        let loopback = host == "localhost"
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        assert!(
            loopback,
            "refusing {url}: the load generator sends only to loopback addresses"
        );
    }
    assert!(
        !o.urls.is_empty() && !o.database_url.is_empty(),
        "--url and --database-url"
    );
    o
}

fn contract_id(user: usize) -> String {
    format!("3{user:010}")
}

/// Writes the customers (one argon2id hash shared by all: each login still verifies it in full).
async fn seed(o: &Options) {
    let db = Db::connect(&o.database_url).await.expect("the database");
    let sealer = Sealer::new(&o.key);
    let hash = Passwords::new(PasswordCost::Recommended).hash(PASSWORD);
    for user in 0..o.users {
        let id = contract_id(user);
        sqlx::query(
            "INSERT INTO customers (contract_id, name, password_hash, card_sealed) \
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(id.as_str())
        .bind(format!("負荷 {user}"))
        .bind(hash.as_str())
        .bind(sealer.seal(Binding::Card(&id), &CARD))
        .execute(&db.pool)
        .await
        .expect("a bench customer");
    }
    db.pool.close().await;
}

/// Seconds of CPU (user + system) process `pid` has used so far.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command name (which may hold spaces) start after the last ')'.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of stat(5), 12 and 13 after the name and state.
    (ticks(11) + ticks(12)) / 100.0
}

/// One argon2id verification's CPU time on this machine, in seconds (median of 15).
fn argon2_seconds() -> f64 {
    let passwords = Passwords::new(PasswordCost::Recommended);
    let hash = passwords.hash(PASSWORD);
    let mut times: Vec<f64> = (0..15)
        .map(|_| {
            let start = Instant::now();
            assert!(passwords.verify(Some(&hash), PASSWORD));
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

#[derive(Default)]
struct Stats {
    requests: Vec<f64>,
    flows: Vec<f64>,
    errors: usize,
    verifications: usize,
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

async fn post(
    client: &reqwest::Client,
    url: &str,
    body: serde_json::Value,
    timed: Option<&mut Vec<f64>>,
) -> Result<serde_json::Value, String> {
    let start = Instant::now();
    let response = client
        .post(url)
        .json(&body)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    let json: serde_json::Value = response.json().await.map_err(|e| e.to_string())?;
    if let Some(times) = timed {
        times.push(start.elapsed().as_secs_f64());
    }
    if status.is_success() {
        Ok(json)
    } else {
        Err(format!("{status} {}", json["code"]))
    }
}

/// One complete round for `user` against `base`; the bank requests' latencies go to `times`.
async fn round(
    client: &reqwest::Client,
    base: &str,
    user: usize,
    times: &mut Vec<f64>,
) -> Result<(), String> {
    let id = contract_id(user);
    let api = |path: &str| format!("{base}/api/v1/{path}");
    let issued = post(
        client,
        &api("demo/tokens"),
        serde_json::json!({"model": "software"}),
        None,
    )
    .await?;
    let uri = issued["otpauth_uri"].as_str().ok_or("no otpauth URI")?;
    let seed = totp_rs::TOTP::from_url_unchecked(uri)
        .map_err(|e| format!("{e:?}"))?
        .secret;
    let serial = issued["serial"].clone();
    let at = now();
    let body = serde_json::json!({"procedure": "start", "contract_id": id, "password": PASSWORD});
    let auth = post(client, &api("authenticate"), body, Some(times)).await?;
    let flow = auth["flow"].clone();
    // This step's code to register, the next step's to log in (each code is single use).
    let token = serde_json::json!({"serial": serial, "code": totp::code_at(&seed, at), "login_otp": "required"});
    let challenge = post(
        client,
        &api("register"),
        serde_json::json!({"flow": flow, "token": token}),
        Some(times),
    )
    .await?;
    let column = |k: &str| challenge[k].as_u64().unwrap_or(0) as usize;
    let answers = [CARD[column("first")], CARD[column("second")]];
    post(
        client,
        &api("confirm"),
        serde_json::json!({"flow": flow, "answers": answers}),
        Some(times),
    )
    .await?;
    let body = serde_json::json!({"contract_id": id, "password": PASSWORD});
    let login = post(client, &api("login"), body, Some(times)).await?;
    let body = serde_json::json!({"flow": login["flow"], "code": totp::code_at(&seed, at + 30)});
    post(client, &api("login/code"), body, Some(times)).await?;
    Ok(())
}

/// Frees `user` for the next round: a loss report (利用者認証 for 利用中止, 紛失・故障, the card)
/// suspends their token, then the bank's own step stops it (it stops no active token). Returns the
/// password verifications it cost the server (its 利用者認証's).
async fn free(client: &reqwest::Client, base: &str, user: usize) -> usize {
    let id = contract_id(user);
    let api = |path: &str| format!("{base}/api/v1/{path}");
    let body = serde_json::json!({"procedure": "stop", "contract_id": id, "password": PASSWORD});
    // No token (the round failed before 利用開始): nothing to free, one verification spent.
    if let Ok(auth) = post(client, &api("authenticate"), body, None).await {
        let flow = auth["flow"].clone();
        let lost = serde_json::json!({"flow": flow});
        if let Ok(challenge) = post(client, &api("stop/lost"), lost, None).await {
            let column = |k: &str| challenge[k].as_u64().unwrap_or(0) as usize;
            let answers = [CARD[column("first")], CARD[column("second")]];
            let body = serde_json::json!({"flow": flow, "answers": answers});
            let _ = post(client, &api("confirm"), body, None).await;
        }
    }
    // Also after a round that failed with a locked token.
    let body = serde_json::json!({"contract_id": id});
    let _ = post(client, &api("demo/stop-by-bank"), body, None).await;
    1
}

#[tokio::main]
async fn main() {
    let o = Arc::new(options());
    seed(&o).await;
    let argon2 = argon2_seconds();
    let cpu_before: f64 = o.pids.iter().map(|&p| cpu_seconds(p)).sum();
    let started = Instant::now();
    let deadline = started + Duration::from_secs(o.seconds);
    let claimed = Arc::new(AtomicUsize::new(0));
    let stats = Arc::new(Mutex::new(Stats::default()));
    let workers: Vec<_> = (0..o.users)
        .map(|user| {
            let (o, claimed, stats) = (o.clone(), claimed.clone(), stats.clone());
            tokio::spawn(async move {
                let client = reqwest::Client::builder()
                    .cookie_store(true)
                    .timeout(Duration::from_secs(30))
                    .build()
                    .unwrap();
                let base = &o.urls[user % o.urls.len()];
                while Instant::now() < deadline && claimed.fetch_add(1, Ordering::SeqCst) < o.flows
                {
                    let mut times = Vec::new();
                    let start = Instant::now();
                    let result = round(&client, base, user, &mut times).await;
                    let flow_time = start.elapsed().as_secs_f64();
                    // A loss report and the bank's own step free the customer for the next round,
                    // whatever happened (untimed, but the server's CPU counts it).
                    let freeing = free(&client, base, user).await;
                    let mut s = stats.lock().unwrap();
                    // 利用者認証 (the first request) and ログイン (the fourth) each verify a password,
                    // and so does the freeing's 利用者認証.
                    s.verifications +=
                        usize::from(!times.is_empty()) + usize::from(times.len() >= 4) + freeing;
                    s.requests.extend(times);
                    match result {
                        Ok(()) => s.flows.push(flow_time),
                        Err(e) => {
                            s.errors += 1;
                            if s.errors <= 3 {
                                eprintln!("user {user}: {e}");
                            }
                        }
                    }
                }
            })
        })
        .collect();
    for w in workers {
        w.await.unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = o.pids.iter().map(|&p| cpu_seconds(p)).sum::<f64>() - cpu_before;
    let mut s = stats.lock().unwrap();
    let pct = |v: &mut Vec<f64>, p: f64| {
        v.sort_by(f64::total_cmp);
        v.get(((v.len() as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or(f64::NAN)
            * 1000.0
    };
    let flows = s.flows.len();
    let argon2_cpu = s.verifications as f64 * argon2;
    let (r50, r99) = (pct(&mut s.requests, 0.50), pct(&mut s.requests, 0.99));
    let (f50, f99) = (pct(&mut s.flows, 0.50), pct(&mut s.flows, 0.99));
    println!(
        "| {} | {} | {} | {flows} in {elapsed:.1} s | {:.1} | {r50:.0} / {r99:.0} | {f50:.0} / {f99:.0} | {cpu:.1} s | {argon2_cpu:.1} s ({:.0} %, {:.0} ms each) | {} |",
        o.label,
        o.urls.len(),
        o.users,
        flows as f64 / elapsed,
        if cpu > 0.0 { 100.0 * argon2_cpu / cpu } else { f64::NAN },
        argon2 * 1000.0,
        s.errors,
    );
}
