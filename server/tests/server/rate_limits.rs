//! Rate limits through real sockets: a contract ID past its limit and an address past its limit
//! are answered `429` problem+json with the seconds left in the window; what is refused counts no
//! failure, so the lockouts come exactly as without limits; an attacker stopped on one customer's
//! ID does not use up the address everyone else behind it shares; two server processes share the
//! counters.

use crate::support::{self, post, ServerProcess, HANAKO, ICHIRO, T0};
use serde_json::{json, Value};
use shinkin_otp_domain::demo_data;
use shinkin_otp_domain::wire::paths;
use shinkin_otp_server::limits::RateLimits;
use std::net::IpAddr;

fn login_body(who: usize, password: &str) -> Value {
    json!({"contract_id": demo_data::CUSTOMERS[who].contract_id, "password": password})
}

/// A server on a loopback socket with `limits`; its address and the test app.
async fn limited(limits: RateLimits) -> (String, support::TestApp) {
    let t = support::app_with(|c| c.rate_limits = limits).await;
    let base = format!("http://{}", support::serve(t.app.router.clone()).await);
    (base, t)
}

/// A browser whose requests leave from `address` (any of 127.0.0.0/8 is this machine).
fn browser_from(address: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .local_address(address.parse::<IpAddr>().unwrap())
        .build()
        .unwrap()
}

/// Sends a login and returns the status, the problem code and `Retry-After`.
async fn login(
    client: &reqwest::Client,
    base: &str,
    who: usize,
    password: &str,
) -> (u16, Option<String>, Option<String>) {
    let response = client
        .post(format!("{base}{}", paths::LOGIN))
        .json(&login_body(who, password))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let retry = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    let content_type = response.headers().get("content-type").cloned();
    let json: Value = response.json().await.unwrap_or(Value::Null);
    if status == 429 {
        assert_eq!(content_type.unwrap(), "application/problem+json");
    }
    (status, json["code"].as_str().map(str::to_owned), retry)
}

#[tokio::test]
async fn a_contract_id_past_its_limit_waits_and_its_lockout_comes_after_exactly_five() {
    let limits = RateLimits {
        per_address: 100,
        per_contract: 3,
        window_seconds: 60,
    };
    let (base, t) = limited(limits).await;
    let client = support::socket_browser();
    for _ in 0..3 {
        assert_eq!(login(&client, &base, ICHIRO, "wrong123").await.0, 401);
    }
    // T0 is 50 s into its minute: 10 s left. Even the right password waits.
    let password = demo_data::CUSTOMERS[ICHIRO].password;
    let refused = login(&client, &base, ICHIRO, password).await;
    assert_eq!(
        refused,
        (429, Some("rate_limited".into()), Some("10".into()))
    );
    let failures: i64 = sqlx::query_scalar(
        "SELECT password_failures FROM customer_states WHERE contract_id = '10000000002'",
    )
    .fetch_one(&t.app.service.db.pool)
    .await
    .unwrap();
    assert_eq!(failures, 3, "a refused request counts no failure");
    // 利用者認証 names the contract ID too, and shares its count.
    let c = demo_data::CUSTOMERS[ICHIRO];
    let body =
        json!({"procedure": "exchange", "contract_id": c.contract_id, "password": c.password});
    let (status, problem) = post(&client, &base, paths::AUTHENTICATE, body).await;
    assert_eq!((status, &problem["code"]), (429, &json!("rate_limited")));
    // The next window: the count goes on where it was, and locks at exactly five.
    t.clock.set(T0 + 10);
    assert_eq!(login(&client, &base, ICHIRO, "wrong123").await.0, 401);
    assert_eq!(
        login(&client, &base, ICHIRO, "wrong123").await,
        (423, Some("login_locked".into()), None)
    );
    assert_eq!(
        login(&client, &base, ICHIRO, password).await.0,
        423,
        "locked, not limited"
    );
}

#[tokio::test]
async fn an_attacker_on_one_id_does_not_use_up_the_address_others_share() {
    let limits = RateLimits {
        per_address: 5,
        per_contract: 2,
        window_seconds: 60,
    };
    let (base, _t) = limited(limits).await;
    let (attacker, neighbour) = (browser_from("127.0.0.1"), browser_from("127.0.0.1"));
    let mut statuses = Vec::new();
    for _ in 0..20 {
        statuses.push(login(&attacker, &base, ICHIRO, "wrong123").await.0);
    }
    assert_eq!(
        statuses.iter().filter(|&&s| s == 401).count(),
        2,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|&&s| s == 429).count(),
        18,
        "{statuses:?}"
    );
    // Another customer behind the same address logs in: the 18 refused did not count against it.
    let password = demo_data::CUSTOMERS[HANAKO].password;
    assert_eq!(login(&neighbour, &base, HANAKO, password).await.0, 200);
    // A flood from one address over many IDs meets the address's limit (5: two of the attacker's,
    // the neighbour's, and two more); another address does not.
    for id in 0..2 {
        let body = json!({"contract_id": format!("2000000000{id}"), "password": "wrong123"});
        assert_eq!(post(&attacker, &base, paths::LOGIN, body).await.0, 401);
    }
    let body = json!({"contract_id": "20000000009", "password": "wrong123"});
    let (status, problem) = post(&attacker, &base, paths::LOGIN, body).await;
    assert_eq!((status, &problem["code"]), (429, &json!("rate_limited")));
    let elsewhere = browser_from("127.0.0.2");
    assert_eq!(login(&elsewhere, &base, HANAKO, password).await.0, 200);
}

#[tokio::test]
async fn two_server_processes_share_the_counters() {
    let dir = tempfile::tempdir().unwrap();
    let url = support::database_url(&dir).await;
    // A day-long window, so the test never straddles two windows of the real clock.
    let flags = [
        "--rate-limit-per-contract",
        "3",
        "--rate-limit-window",
        "86400",
    ];
    let a = ServerProcess::start(&url, &flags).await;
    let b = ServerProcess::start(&url, &flags).await;
    let client = support::socket_browser();
    for base in [&a.base, &b.base, &a.base] {
        assert_eq!(login(&client, base, ICHIRO, "wrong123").await.0, 401);
    }
    assert_eq!(login(&client, &b.base, ICHIRO, "wrong123").await.0, 429);
    assert_eq!(login(&client, &a.base, ICHIRO, "wrong123").await.0, 429);
}

#[tokio::test]
async fn a_client_over_its_address_limit_cannot_spend_a_customers_contract_budget() {
    let limits = RateLimits {
        per_address: 3,
        per_contract: 3,
        window_seconds: 60,
    };
    let (base, _t) = limited(limits).await;
    let attacker = browser_from("127.0.0.1");
    // The attacker spends its own address's budget on IDs of nobody…
    for id in 0..3 {
        let body = json!({"contract_id": format!("2000000000{id}"), "password": "wrong123"});
        assert_eq!(post(&attacker, &base, paths::LOGIN, body).await.0, 401);
    }
    // …then names 一郎's ID eleven times: refused by its address's limit, so not counted for him.
    for _ in 0..11 {
        let refused = login(&attacker, &base, ICHIRO, "wrong123").await;
        assert_eq!(refused.0, 429);
    }
    // 一郎 logs in from elsewhere: his contract ID's budget is whole.
    let customer = browser_from("127.0.0.2");
    let password = demo_data::CUSTOMERS[ICHIRO].password;
    assert_eq!(login(&customer, &base, ICHIRO, password).await.0, 200);
}
