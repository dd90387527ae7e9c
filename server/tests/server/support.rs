//! Shared test fixtures: a server built on a temporary SQLite file with a manual clock, driven
//! either through the router (`oneshot`, with a small cookie jar) or over a real loopback socket.

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use serde_json::Value;
use shinkin_otp_domain::demo_data;
use shinkin_otp_domain::input::{self, OtpCode};
use shinkin_otp_domain::totp;
use shinkin_otp_server::clock::ManualClock;
use shinkin_otp_server::config::{Config, KeySource};
use shinkin_otp_server::crypto::Passwords;
use shinkin_otp_server::App;
use std::collections::BTreeMap;
use std::net::SocketAddr;
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
    /// Keeps the database file alive.
    pub _dir: tempfile::TempDir,
}

/// The test configuration: cheap argon2, a manual clock at [`T0`], a fresh SQLite file.
pub fn config(dir: &tempfile::TempDir, clock: Arc<ManualClock>) -> Config {
    let url = format!("sqlite://{}", dir.path().join("bank.db").display());
    let mut config = Config::new(url, KeySource::Given([42; 32]));
    config.passwords = Passwords::for_tests();
    config.clock = clock;
    config.demo = true;
    config
}

/// A demo server, with `adjust` applied to its configuration first.
pub async fn app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let clock = Arc::new(ManualClock::new(T0));
    let mut config = config(&dir, clock.clone());
    adjust(&mut config);
    let app = shinkin_otp_server::build(&config)
        .await
        .expect("the server builds");
    TestApp {
        app,
        clock,
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
        axum::serve(listener, router).await.expect("serving");
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
