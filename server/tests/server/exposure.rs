//! What the server exposes, and to whom: the names it answers to (`--public-origin`, against DNS
//! rebinding), its cookies and HSTS behind a TLS proxy, and the demo's bank-side stop.

use crate::support::{self, card_answers, Browser, HANAKO, ICHIRO};
use axum::http::{header, StatusCode};
use serde_json::json;
use shinkin_otp_domain::demo_data;
use shinkin_otp_server::http::HSTS;

const ICHIRO_TOKEN: &str = "SKHT20000002";

/// A built customer app: `index.html`, `404.html` and `app.js`.
fn site() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(
        site.path().join("index.html"),
        "<html><body>app</body></html>",
    )
    .unwrap();
    std::fs::write(
        site.path().join("404.html"),
        "<html><body>fallback</body></html>",
    )
    .unwrap();
    std::fs::write(site.path().join("app.js"), "export {}").unwrap();
    site
}

fn login_body(who: usize) -> serde_json::Value {
    let c = demo_data::CUSTOMERS[who];
    json!({"contract_id": c.contract_id, "password": c.password})
}

#[tokio::test]
async fn a_request_for_another_host_name_is_refused_on_every_route_over_a_socket() {
    let site = site();
    let dir = site.path().to_owned();
    let t = support::app_with(move |c| c.static_dir = Some(dir)).await;
    let address = support::serve(t.app.router.clone()).await;
    // DNS rebinding: the attacker's name now resolves to the server, and its page's Origin
    // matches the Host its requests carry.
    let rebound = reqwest::Client::builder()
        .resolve("evil.example", address)
        .build()
        .unwrap();
    let evil = format!("http://evil.example:{}", address.port());
    let routes = [
        (reqwest::Method::GET, "/api/v1/health", None),
        (
            reqwest::Method::POST,
            "/api/v1/login",
            Some(login_body(ICHIRO)),
        ),
        (reqwest::Method::POST, "/api/v1/demo/reset", Some(json!({}))),
        (reqwest::Method::GET, "/api/v1/demo/back-office", None),
        (reqwest::Method::GET, "/index.html", None),
        (reqwest::Method::GET, "/", None),
    ];
    for (method, path, body) in &routes {
        let mut request = rebound
            .request(method.clone(), format!("{evil}{path}"))
            .header(header::ORIGIN, &evil);
        if let Some(body) = body {
            request = request.json(body);
        }
        let answer = request.send().await.unwrap();
        assert_eq!(answer.status().as_u16(), 421, "{method} {path}");
        let text = answer.text().await.unwrap();
        if path.starts_with("/api/") {
            let problem: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(problem["code"], "misdirected_request", "{path}");
        } else {
            assert!(!text.contains("app"), "{path}: {text}");
        }
    }
    // The same requests by the server's own name pass.
    let own = format!("http://{address}");
    let client = support::socket_browser();
    for (method, path, body) in routes {
        let mut request = client
            .request(method.clone(), format!("{own}{path}"))
            .header(header::ORIGIN, &own);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer = request.send().await.unwrap();
        assert_eq!(answer.status().as_u16(), 200, "{method} {path}");
    }
}

#[tokio::test]
async fn public_origins_replace_the_loopback_names() {
    let t = support::app_with(|c| c.public_origins = vec!["http://bank.example:8787".into()]).await;
    let mut own = Browser::new(&t.app.router);
    own.extra.push(("host", "bank.example:8787".into()));
    own.extra
        .push(("origin", "http://bank.example:8787".into()));
    own.extra.push(("sec-fetch-site", "same-origin".into()));
    assert_eq!(own.login(HANAKO, "hanako12").await.status, StatusCode::OK);
    // Loopback names are no longer this server's (a probe names its host with --public-origin).
    let local = Browser::new(&t.app.router).get("/api/v1/health").await;
    assert_eq!(local.code(), Some("misdirected_request"));
    // Origin is compared with the public origins, not with Host.
    let mut other = Browser::new(&t.app.router);
    other.extra.push(("host", "bank.example:8787".into()));
    other.extra.push(("origin", "http://127.0.0.1:8787".into()));
    assert_eq!(
        other.login(HANAKO, "hanako12").await.code(),
        Some("forbidden_origin")
    );
    // Without https, no HSTS and the cookies as on loopback.
    assert!(!own
        .get("/api/v1/health")
        .await
        .headers
        .contains_key(header::STRICT_TRANSPORT_SECURITY));
}

#[tokio::test]
async fn behind_a_tls_proxy_cookies_are_host_prefixed_secure_and_every_answer_has_hsts() {
    let site = site();
    let dir = site.path().to_owned();
    let t = support::app_with(move |c| {
        c.static_dir = Some(dir);
        c.public_origins = vec!["https://bank.example".into()];
    })
    .await;
    // The proxy keeps the browser's Host; the server itself listens on loopback.
    let browser = || {
        let mut b = Browser::new(&t.app.router);
        b.extra.push(("host", "bank.example".into()));
        b.extra.push(("origin", "https://bank.example".into()));
        b.extra.push(("sec-fetch-site", "same-origin".into()));
        b
    };
    let mut b = browser();
    let login = b.login(HANAKO, "hanako12").await;
    assert_eq!(login.status, StatusCode::OK, "{login:?}");
    let set: Vec<&str> = login
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert_eq!(set.len(), 2, "binding and session: {set:?}");
    for c in &set {
        assert!(
            c.starts_with("__Host-otp_bind=") || c.starts_with("__Host-otp_session="),
            "{c}"
        );
        assert!(
            c.ends_with("; Path=/; HttpOnly; SameSite=Strict; Secure"),
            "{c}"
        );
        assert!(!c.contains("Domain"), "{c}");
    }
    assert_eq!(b.get("/api/v1/session").await.status, StatusCode::OK);
    // An unprefixed cookie (a sibling host or a plain-HTTP answer could plant one) is not read.
    let mut planted = browser();
    let session = b.cookies["__Host-otp_session"].clone();
    planted.cookies.insert("otp_session".into(), session);
    assert_eq!(
        planted.get("/api/v1/session").await.code(),
        Some("session_invalid")
    );
    let out = b.post("/api/v1/logout", json!({})).await;
    assert_eq!(
        out.headers[header::SET_COOKIE],
        "__Host-otp_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure"
    );
    // HSTS on every answer: API, problem, static, fallback, and a refused Host.
    for path in [
        "/api/v1/health",
        "/api/v1/session",
        "/api/v1/nope",
        "/",
        "/app.js",
        "/some/deep/link",
    ] {
        let answer = b.get(path).await;
        assert_eq!(
            answer
                .headers
                .get(header::STRICT_TRANSPORT_SECURITY)
                .map(|v| v.to_str().unwrap()),
            Some(HSTS),
            "{path}"
        );
    }
    let misdirected = Browser::new(&t.app.router).get("/api/v1/health").await;
    assert_eq!(misdirected.code(), Some("misdirected_request"));
    assert_eq!(misdirected.headers[header::STRICT_TRANSPORT_SECURITY], HSTS);
    assert_eq!(HSTS, "max-age=31536000");
}

#[tokio::test]
async fn without_an_https_public_origin_cookies_and_headers_are_as_before() {
    let t = support::app().await;
    let mut b = Browser::new(&t.app.router);
    let login = b.login(HANAKO, "hanako12").await;
    let names: Vec<&str> = login
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().split('=').next().unwrap())
        .collect();
    assert_eq!(names, ["otp_bind", "otp_session"]);
    for c in login.headers.get_all(header::SET_COOKIE) {
        assert!(
            c.to_str()
                .unwrap()
                .ends_with("; Path=/api; HttpOnly; SameSite=Strict"),
            "{c:?}"
        );
    }
    for path in ["/api/v1/health", "/"] {
        let answer = b.get(path).await;
        assert!(
            !answer
                .headers
                .contains_key(header::STRICT_TRANSPORT_SECURITY),
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_banks_stop_refuses_an_active_token_and_stops_a_suspended_one() {
    let t = support::app().await;
    let mut b = Browser::new(&t.app.router);
    let stop = |who: usize| json!({"contract_id": demo_data::CUSTOMERS[who].contract_id});
    let active = b.post("/api/v1/demo/stop-by-bank", stop(ICHIRO)).await;
    assert_eq!(active.status, StatusCode::CONFLICT, "{active:?}");
    assert_eq!(active.code(), Some("token_active"));
    assert_eq!(
        b.login(ICHIRO, "ichiro34").await.json["status"],
        "needs_code",
        "the token is still in use"
    );
    // No token: nothing to stop, as before.
    let none = b.post("/api/v1/demo/stop-by-bank", stop(HANAKO)).await;
    assert_eq!(none.json, json!({"stopped": null}), "{none:?}");
    // Reported lost (suspended): the bank's step stops it, and login no longer asks for a code.
    let auth = b.authenticate(ICHIRO, "stop").await;
    let flow = auth.json["flow"].clone();
    let ch = b.post("/api/v1/stop/lost", json!({"flow": flow})).await;
    let answers = card_answers(ICHIRO, &ch.json);
    let r = b
        .post("/api/v1/confirm", json!({"flow": flow, "answers": answers}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    let stopped = b.post("/api/v1/demo/stop-by-bank", stop(ICHIRO)).await;
    assert_eq!(
        stopped.json,
        json!({"stopped": ICHIRO_TOKEN}),
        "{stopped:?}"
    );
    assert_eq!(b.login(ICHIRO, "ichiro34").await.json["status"], "done");
}
