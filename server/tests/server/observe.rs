//! Watching the server run: the one log line per request (its fields, and nothing typed in it),
//! readiness against liveness, and the Prometheus metrics on their own listener.

use crate::support::{self, Browser, Capture, ServerProcess, HANAKO, ICHIRO};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use serde_json::{json, Value};
use shinkin_otp_domain::demo_data;
use shinkin_otp_domain::wire::paths;
use shinkin_otp_server::limits::RateLimits;
use shinkin_otp_server::observe::{self, LogFormat};
use shinkin_otp_server::prometheus;
use std::net::SocketAddr;
use tower::ServiceExt;

impl Capture {
    fn take(&self) -> String {
        String::from_utf8(std::mem::take(&mut *self.0.lock().unwrap())).unwrap()
    }
}

#[test]
fn a_refused_logins_request_line_names_it_and_holds_nothing_typed() {
    // As logs_carry_no_password_code_seed_or_card_answer: tracing caches per call site whether
    // anyone listens, so the captured run has a process of its own.
    support::run_alone("observe::request_lines_of_refused_requests");
}

#[tokio::test]
#[ignore = "run by a_refused_logins_request_line_names_it_and_holds_nothing_typed in a process of its own"]
async fn request_lines_of_refused_requests() {
    let capture = Capture::default();
    let writer = capture.clone();
    let json_log = observe::subscriber(
        LogFormat::Json,
        "info".into(),
        move || writer.clone(),
        false,
    );
    let guard = tracing::subscriber::set_default(json_log);

    let t = support::app().await;
    let hanako = demo_data::CUSTOMERS[HANAKO];
    // A refused login, from a client whose peer address the router knows, with a query string.
    let peer: SocketAddr = "192.0.2.7:50123".parse().unwrap();
    let body = json!({"contract_id": hanako.contract_id, "password": "wrong123"});
    let mut request = Request::post("/api/v1/login?note=querysecret")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::HOST, "127.0.0.1:8787")
        .header(header::COOKIE, "otp_session=cookiesecret")
        .body(Body::from(body.to_string()))
        .unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    let answer = t.app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    // A refused code step, and a liveness check (no code, no contract).
    let mut b = Browser::new(&t.app.router);
    let step = json!({"flow": "0d9c8b7a6f5e4d3c2b1a09f8e7d6c5b4", "code": "123456"});
    assert_eq!(b.post(paths::LOGIN_CODE, step).await.status, 404);
    assert_eq!(b.get(paths::HEALTH).await.status, 200);
    drop(guard);

    let logs = capture.take();
    if std::env::var_os("SHOW_LOGS").is_some() {
        eprintln!("{logs}");
    }
    let lines: Vec<Value> = logs
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .filter(|v: &Value| v["message"] == "answered")
        .collect();
    let line_of = |path: &str| {
        lines
            .iter()
            .find(|v| v["path"] == path)
            .unwrap_or_else(|| panic!("no line for {path} in {logs}"))
    };
    let login = line_of(paths::LOGIN);
    assert_eq!(login["level"], "INFO");
    assert_eq!(login["method"], "POST");
    assert_eq!(login["status"], 401);
    assert_eq!(login["code"], "invalid_credentials");
    assert_eq!(login["contract"], hanako.contract_id);
    assert_eq!(login["client"], "192.0.2.7:50123");
    assert!(login["latency_ms"].as_f64().unwrap() >= 0.0, "{login}");
    let code_step = line_of(paths::LOGIN_CODE);
    assert_eq!(code_step["code"], "flow_invalid");
    assert!(code_step.get("client").is_none(), "oneshot has no peer");
    let health = line_of(paths::HEALTH);
    assert_eq!(health["status"], 200);
    assert!(health.get("code").is_none() && health.get("contract").is_none());
    assert_eq!(lines.len(), 3, "one line per request: {logs}");
    for typed in [
        "wrong123",
        "querysecret",
        "cookiesecret",
        "123456",
        "0d9c8b7a",
    ] {
        assert!(!logs.contains(typed), "{typed} reached the log: {logs}");
    }

    // The same line as text.
    let writer = capture.clone();
    let text_log = observe::subscriber(
        LogFormat::Text,
        "info".into(),
        move || writer.clone(),
        false,
    );
    let guard = tracing::subscriber::set_default(text_log);
    b.login(ICHIRO, "wrong456").await;
    drop(guard);
    let text = capture.take();
    let ichiro = demo_data::CUSTOMERS[ICHIRO].contract_id;
    for field in [
        "answered method=POST path=/api/v1/login status=401 latency_ms=".to_owned(),
        " code=invalid_credentials".to_owned(),
        format!(" contract={ichiro}"),
    ] {
        assert!(text.contains(&field), "{field} not in {text}");
    }
    assert!(!text.contains("wrong456"));
}

#[tokio::test]
async fn readiness_answers_while_the_database_does_and_503_busy_once_it_is_gone() {
    let t = support::app().await;
    let mut b = Browser::new(&t.app.router);
    let ready = b.get(paths::READY).await;
    assert_eq!(ready.status, StatusCode::OK, "{ready:?}");
    assert_eq!(ready.json, json!({"status": "ok"}));

    t.app.service.db.pool.close().await;
    let gone = b.get(paths::READY).await;
    assert_eq!(gone.status, StatusCode::SERVICE_UNAVAILABLE, "{gone:?}");
    assert_eq!(gone.code(), Some("busy"));
    assert_eq!(
        gone.headers[header::CONTENT_TYPE],
        "application/problem+json"
    );
    assert_eq!(gone.headers[header::RETRY_AFTER], "1");
    // Liveness does not ask the database.
    assert_eq!(b.get(paths::HEALTH).await.status, StatusCode::OK);
}

/// The value of the sample of `name` whose labels include every one of `labels`, if any.
fn sample(text: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.rsplit_once(' '))
        .find(|(series, _)| {
            let Some(rest) = series.strip_prefix(name) else {
                return false;
            };
            rest.starts_with('{')
                && labels
                    .iter()
                    .all(|(k, v)| rest.contains(&format!("{k}=\"{v}\"")))
        })
        .map(|(_, value)| value.parse().expect("a number"))
}

async fn scrape(metrics: &axum::Router) -> String {
    let request = Request::get("/metrics").body(Body::empty()).unwrap();
    let answer = metrics.clone().oneshot(request).await.unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let bytes = axum::body::to_bytes(answer.into_body(), usize::MAX)
        .await
        .unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[tokio::test]
async fn metrics_count_answers_by_route_template_and_the_refusals_locks_429s_and_db_errors() {
    let metrics = prometheus::router();
    let t = support::app_with(|c| {
        c.rate_limits = RateLimits {
            per_address: 0,
            per_contract: 6,
            window_seconds: 60,
        }
    })
    .await;
    let mut b = Browser::new(&t.app.router);
    // Five wrong passwords lock 山田 花子's login; the sixth is refused as locked, the seventh by
    // the per-contract rate limit.
    for _ in 0..5 {
        b.login(HANAKO, "wrong123").await;
    }
    assert_eq!(
        b.login(HANAKO, "wrong123").await.code(),
        Some("login_locked")
    );
    assert_eq!(
        b.login(HANAKO, "wrong123").await.code(),
        Some("rate_limited")
    );
    // An unknown API path whose segments must not become label values.
    b.get("/api/v1/unknown/98765?q=4321").await;
    // The database gone: readiness answers 503.
    t.app.service.db.pool.close().await;
    assert_eq!(b.get(paths::READY).await.status, 503);

    let text = scrape(&metrics).await;
    let at_least = |n: f64, name: &str, labels: &[(&str, &str)]| {
        let value = sample(&text, name, labels)
            .unwrap_or_else(|| panic!("no {name} {labels:?} in\n{text}"));
        assert!(value >= n, "{name} {labels:?} = {value} < {n}");
    };
    let login = [("method", "POST"), ("route", paths::LOGIN)];
    at_least(
        4.0,
        prometheus::REQUESTS,
        &[login[0], login[1], ("status", "401")],
    );
    at_least(
        1.0,
        prometheus::REQUESTS,
        &[login[0], login[1], ("status", "423")],
    );
    at_least(
        1.0,
        &format!("{}_count", prometheus::REQUEST_SECONDS),
        &[login[0], login[1], ("status", "401")],
    );
    at_least(
        1.0,
        &format!("{}_bucket", prometheus::REQUEST_SECONDS),
        &[login[1], ("le", "+Inf")],
    );
    let refusal = |code| [("route", paths::LOGIN), ("code", code)];
    at_least(
        4.0,
        prometheus::LOGIN_REFUSALS,
        &refusal("invalid_credentials"),
    );
    at_least(1.0, prometheus::LOGIN_REFUSALS, &refusal("login_locked"));
    at_least(1.0, prometheus::LOCK_REFUSALS, &[("code", "login_locked")]);
    at_least(1.0, prometheus::RATE_LIMITED, &[("route", paths::LOGIN)]);
    at_least(1.0, prometheus::DATABASE_ERRORS, &[("kind", "unavailable")]);
    at_least(
        1.0,
        prometheus::REQUESTS,
        &[("route", "/api/{*rest}"), ("status", "404")],
    );
    assert!(
        !text.contains("98765") && !text.contains("4321"),
        "a raw path reached a label:\n{text}"
    );

    prometheus::desk_action("unlock");
    let text = scrape(&metrics).await;
    assert!(sample(&text, prometheus::DESK_ACTIONS, &[("kind", "unlock")]).is_some());
}

#[tokio::test]
async fn the_server_process_serves_its_metrics_on_the_second_address_only() {
    let dir = tempfile::tempdir().unwrap();
    let url = support::database_url(&dir).await;
    // A free port for the metrics (the API's is chosen by the server and printed).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let metrics_at = format!("127.0.0.1:{port}");
    let server = ServerProcess::start(&url, &["--metrics-listen", &metrics_at]).await;
    let client = support::socket_browser();
    let (status, _) = support::post(
        &client,
        &server.base,
        paths::LOGIN,
        json!({"contract_id": demo_data::CUSTOMERS[HANAKO].contract_id, "password": "wrong123"}),
    )
    .await;
    assert_eq!(status, 401);
    let on_api = client
        .get(format!("{}/metrics", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(on_api.status(), 404, "no metrics on the public address");
    let text = client
        .get(format!("http://{metrics_at}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let refusal = [("route", paths::LOGIN), ("code", "invalid_credentials")];
    assert_eq!(
        sample(&text, prometheus::LOGIN_REFUSALS, &refusal),
        Some(1.0)
    );
}
