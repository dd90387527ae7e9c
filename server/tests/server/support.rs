//! Shared test fixtures: a server built on a fresh database with a manual clock, driven either
//! through the router (`oneshot`, with a small cookie jar) or over a real loopback socket.
//!
//! The database is a temporary SQLite file, or — when `SHINKIN_OTP_TEST_PG_URL` names a
//! PostgreSQL server (`scripts/test-postgres.sh` starts one) — a new database on it for each test,
//! so tests stay independent and can run in parallel either way.

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use serde_json::Value;
use shinkin_otp_domain::demo_data;
use shinkin_otp_domain::input::{self, OtpCode};
use shinkin_otp_domain::totp;
use shinkin_otp_server::clock::ManualClock;
use shinkin_otp_server::config::{Config, KeySource};
use shinkin_otp_server::crypto::PasswordCost;
use shinkin_otp_server::limits::RateLimits;
use shinkin_otp_server::App;
use sqlx::Connection;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tower::ServiceExt;

/// A moment early in its 30-second step.
pub const T0: u64 = 1_780_000_010;
/// 山田 花子: no token yet.
pub const HANAKO: usize = 0;
/// 佐藤 一郎: SKHT20000002 in use, asked at login.
pub const ICHIRO: usize = 1;

/// A built server on its own temporary database.
pub struct TestApp {
    /// The application.
    pub app: App,
    /// Its clock.
    pub clock: Arc<ManualClock>,
    /// Its database.
    pub url: String,
    /// Keeps the database file alive.
    pub _dir: tempfile::TempDir,
}

/// The environment variable naming a PostgreSQL server (a URL whose user may create databases)
/// to run the tests on instead of SQLite.
pub const PG_URL_ENV: &str = "SHINKIN_OTP_TEST_PG_URL";

/// The PostgreSQL server the tests run on, if any.
pub fn pg_admin_url() -> Option<String> {
    std::env::var(PG_URL_ENV).ok().filter(|u| !u.is_empty())
}

/// A fresh, empty database: `bank.db` in `dir`, or a new database on the PostgreSQL server.
pub async fn database_url(dir: &tempfile::TempDir) -> String {
    let Some(admin) = pg_admin_url() else {
        return format!("sqlite://{}", dir.path().join("bank.db").display());
    };
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = format!(
        "t{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    );
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&admin)
        .await
        .expect("the PostgreSQL server of SHINKIN_OTP_TEST_PG_URL answers");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .expect("a test database");
    let (server, _) = admin.rsplit_once('/').expect("a URL ending in /DATABASE");
    format!("{server}/{name}")
}

/// Runs `sql` on the server of `url` as its administrator (PostgreSQL only): for faults the
/// tests inject, such as making a database read-only or cutting its connections.
pub async fn pg_admin(sql: &str) {
    let admin = pg_admin_url().expect("PostgreSQL");
    let mut conn = sqlx::AnyConnection::connect(&admin).await.unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned()))
        .execute(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// The database name at the end of a PostgreSQL `url`.
pub fn pg_database_name(url: &str) -> &str {
    url.rsplit_once('/').expect("a URL").1
}

/// The test configuration on `url`: cheap argon2, a manual clock at [`T0`], no rate limits.
pub fn config(url: String, clock: Arc<ManualClock>) -> Config {
    let mut config = Config::new(url, KeySource::Given([42; 32]));
    config.password_cost = PasswordCost::TestsOnly;
    config.rate_limits = RateLimits::OFF;
    config.clock = clock;
    config.demo = true;
    config
}

/// A demo server, with `adjust` applied to its configuration first.
pub async fn app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let clock = Arc::new(ManualClock::new(T0));
    let mut config = config(database_url(&dir).await, clock.clone());
    adjust(&mut config);
    let url = config.database_url.clone();
    let app = shinkin_otp_server::build(&config)
        .await
        .expect("the server builds");
    TestApp {
        app,
        clock,
        url,
        _dir: dir,
    }
}

/// A demo server.
pub async fn app() -> TestApp {
    app_with(|_| {}).await
}

/// Serves `router` on 127.0.0.1 (a free port) in the background; returns its address.
pub async fn serve(router: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let address = listener.local_addr().expect("bound");
    tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, service).await.expect("serving");
    });
    address
}

/// The code of demo token `serial` at `now`.
pub fn code(serial: &str, now: u64) -> String {
    totp::code_at(demo_data::seed_of(serial).expect("a demo token"), now)
}

/// The same, validated.
pub fn otp(serial: &str, now: u64) -> OtpCode {
    input::otp_code(&code(serial, now)).expect("six digits")
}

/// A code that is no step's of `serial` anywhere near `now` (neither right nor drifted).
pub fn wrong_code(serial: &str, now: u64) -> String {
    let seed = demo_data::seed_of(serial).expect("a demo token");
    ["000000", "111111", "222222", "333333", "444444"]
        .into_iter()
        .find(|c| totp::match_code(seed, c, now) == totp::CodeMatch::None)
        .expect("one of five is wrong")
        .to_owned()
}

/// The card answers of demo customer `who` for a challenge body `{first, second}`.
pub fn card_answers(who: usize, challenge: &Value) -> [u8; 2] {
    let card = demo_data::CUSTOMERS[who].card;
    let column = |k: &str| challenge[k].as_u64().expect("a column") as usize;
    [card[column("first")], card[column("second")]]
}

/// One answer through the router.
#[derive(Debug)]
pub struct Answer {
    /// Status.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// Body, as JSON (`Null` if not JSON).
    pub json: Value,
    /// Body, raw.
    pub bytes: Vec<u8>,
}

impl Answer {
    /// The problem `code`, if the answer is a problem.
    pub fn code(&self) -> Option<&str> {
        self.json.get("code").and_then(Value::as_str)
    }
}

/// A browser against the router: remembers cookies the server sets (like `SameSite=Strict`
/// cookies of the same site) and sends them back.
#[derive(Clone)]
pub struct Browser {
    router: Router,
    /// Cookies held.
    pub cookies: BTreeMap<String, String>,
    /// Extra headers sent with every request.
    pub extra: Vec<(&'static str, String)>,
}

impl Browser {
    /// A browser with no cookies.
    pub fn new(router: &Router) -> Browser {
        Browser {
            router: router.clone(),
            cookies: BTreeMap::new(),
            extra: Vec::new(),
        }
    }

    /// Sends `request` (cookies and extra headers added), remembers the cookies set.
    pub async fn send(&mut self, mut request: Request<Body>) -> Answer {
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            request
                .headers_mut()
                .insert(header::COOKIE, jar.join("; ").parse().unwrap());
        }
        for (k, v) in &self.extra {
            request.headers_mut().insert(*k, v.parse().unwrap());
        }
        request
            .headers_mut()
            .entry(header::HOST)
            .or_insert("127.0.0.1:8787".parse().unwrap());
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        for set in headers.get_all(header::SET_COOKIE) {
            let text = set.to_str().unwrap();
            let (pair, attributes) = text.split_once(';').unwrap_or((text, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attributes.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            json,
            bytes,
        }
    }

    /// `POST path` with a JSON body.
    pub async fn post(&mut self, path: &str, body: Value) -> Answer {
        let request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(request).await
    }

    /// `GET path`.
    pub async fn get(&mut self, path: &str) -> Answer {
        let request = Request::builder().uri(path).body(Body::empty()).unwrap();
        self.send(request).await
    }

    /// ログイン as demo customer `who` with `password`.
    pub async fn login(&mut self, who: usize, password: &str) -> Answer {
        let id = demo_data::CUSTOMERS[who].contract_id;
        self.post(
            "/api/v1/login",
            serde_json::json!({"contract_id": id, "password": password}),
        )
        .await
    }

    /// 利用者認証 as demo customer `who` (right password) for `procedure`.
    pub async fn authenticate(&mut self, who: usize, procedure: &str) -> Answer {
        let c = demo_data::CUSTOMERS[who];
        self.post(
            "/api/v1/authenticate",
            serde_json::json!({"procedure": procedure, "contract_id": c.contract_id, "password": c.password}),
        )
        .await
    }
}

/// The sealing key the server processes of the tests run with (`SHINKIN_OTP_KEY`).
pub const PROCESS_KEY: &str = "2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a";

/// The server binary running as a process of its own on 127.0.0.1 (a free port), in demo mode
/// with test hooks, on `database_url`: for two processes sharing one database, and for `kill -9`.
/// Killed when dropped.
pub struct ServerProcess {
    child: std::process::Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl ServerProcess {
    /// Starts the server on `database_url` with `extra` arguments; returns once it listens.
    pub async fn start(database_url: &str, extra: &[&str]) -> ServerProcess {
        ServerProcess::start_within(database_url, extra, None).await
    }

    /// The same, with the process's open-file limit (soft and hard) set to `open_files` first
    /// (through `sh -c 'ulimit -n N; exec …'`).
    pub async fn start_within(
        database_url: &str,
        extra: &[&str],
        open_files: Option<u32>,
    ) -> ServerProcess {
        use std::io::BufRead;
        let binary = env!("CARGO_BIN_EXE_shinkin-otp-server");
        let mut command = match open_files {
            None => std::process::Command::new(binary),
            Some(n) => {
                let mut sh = std::process::Command::new("sh");
                sh.args([
                    "-c",
                    &format!("ulimit -n {n} && exec \"$0\" \"$@\""),
                    binary,
                ]);
                sh
            }
        };
        let mut child = command
            .args(["--listen", "127.0.0.1:0", "--database-url", database_url])
            .args(["--demo", "--test-hooks"])
            .args(if extra.iter().any(|a| a.starts_with("--rate-limit")) {
                &[][..]
            } else {
                // Off unless the test is about them.
                &[
                    "--rate-limit-per-address",
                    "0",
                    "--rate-limit-per-contract",
                    "0",
                ][..]
            })
            .args(extra)
            .env("SHINKIN_OTP_KEY", PROCESS_KEY)
            .env("RUST_LOG", "warn")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("the server binary starts");
        let stdout = child.stdout.take().expect("piped");
        // One line names the address; the others (logs) go to stderr, and the pipe is drained
        // to the end so it never fills.
        let (tx, rx) = tokio::sync::oneshot::channel();
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if line.starts_with("shinkin-otp-server listening on ") {
                    if let Some(tx) = tx.take() {
                        let _ = tx.send(line);
                    }
                } else {
                    eprintln!("[server] {line}");
                }
            }
        });
        let line = tokio::time::timeout(std::time::Duration::from_secs(60), rx)
            .await
            .expect("the server starts within 60 s")
            .unwrap_or_default();
        let address = line
            .strip_prefix("shinkin-otp-server listening on http://")
            .and_then(|rest| rest.strip_suffix('/'))
            .unwrap_or_else(|| panic!("the server did not start: {line:?}"));
        ServerProcess {
            child,
            base: format!("http://{address}"),
        }
    }

    /// `kill -9`: the process ends at once, mid-request if one is running.
    pub fn kill9(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser over a real socket: an HTTP client with its own cookie jar.
pub fn socket_browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .expect("an HTTP client")
}

/// `POST base+path` with a JSON body from `client`; the status and the JSON body (`Null` if none).
pub async fn post(client: &reqwest::Client, base: &str, path: &str, body: Value) -> (u16, Value) {
    let response = client
        .post(format!("{base}{path}"))
        .json(&body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let status = response.status().as_u16();
    let json = response.json().await.unwrap_or(Value::Null);
    (status, json)
}

/// The clock of a server started with `--test-hooks` (Unix seconds).
pub async fn server_now(base: &str) -> u64 {
    let (status, json) = post(
        &socket_browser(),
        base,
        "/api/v1/test/clock",
        serde_json::json!({"advance": 0}),
    )
    .await;
    assert_eq!(status, 200, "{json}");
    json["now"].as_u64().expect("now")
}

/// 利用中止 → 紛失・故障 for demo customer `who` over a socket (利用者認証, the loss report, the
/// card): their token is suspended, so the bank's own step (stop-by-bank) may stop it.
pub async fn report_lost(client: &reqwest::Client, base: &str, who: usize) {
    let c = demo_data::CUSTOMERS[who];
    let body = serde_json::json!({"procedure": "stop", "contract_id": c.contract_id, "password": c.password});
    let (status, auth) = post(client, base, "/api/v1/authenticate", body).await;
    assert_eq!(status, 200, "{auth}");
    let flow = &auth["flow"];
    let (status, challenge) = post(
        client,
        base,
        "/api/v1/stop/lost",
        serde_json::json!({"flow": flow}),
    )
    .await;
    assert_eq!(status, 200, "{challenge}");
    let answers = card_answers(who, &challenge);
    let (status, receipt) = post(
        client,
        base,
        "/api/v1/confirm",
        serde_json::json!({"flow": flow, "answers": answers}),
    )
    .await;
    assert_eq!(status, 200, "{receipt}");
}

/// Runs the ignored test `name` of this binary in a process of its own and asserts it passes:
/// tracing caches per call site whether anyone listens, which races with a subscriber set for one
/// thread while other tests run, so the tests that capture logs run alone.
pub fn run_alone(name: &str) {
    let run = std::process::Command::new(std::env::current_exe().unwrap())
        .args([name, "--exact", "--ignored", "--test-threads=1"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&run.stdout);
    // `--exact` with a name that matches nothing runs nothing and succeeds: one must have passed.
    assert!(
        run.status.success() && out.contains("1 passed"),
        "{out}{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

/// A log writer into a shared buffer, for the tests that read what the server logged.
#[derive(Clone, Default)]
pub struct Capture(pub std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
