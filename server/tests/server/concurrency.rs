//! Two requests at once can never both win: many browsers sending one code at the same moment,
//! wrong codes sent at once all counted, and the conditional write itself refusing stale rows.

use crate::support::{self, code, wrong_code, ICHIRO, T0};
use shinkin_otp_domain::bank::LoginStep;
use shinkin_otp_domain::demo_data;
use shinkin_otp_domain::input::Serial;
use shinkin_otp_domain::wire::paths;
use shinkin_otp_server::rows::{self, Key, StoreError};

const ICHIRO_TOKEN: &str = "SKHT20000002";

/// `n` browsers (HTTP clients with their own cookies), each at ログイン's code step for 佐藤 一郎.
async fn browsers_at_the_code_step(base: &str, n: usize) -> Vec<(reqwest::Client, String)> {
    let c = demo_data::CUSTOMERS[ICHIRO];
    let mut out = Vec::new();
    for _ in 0..n {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let answer: LoginStep = client
            .post(format!("{base}{}", paths::LOGIN))
            .json(&serde_json::json!({"contract_id": c.contract_id, "password": c.password}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let LoginStep::NeedsCode { flow } = answer else {
            panic!("a code step")
        };
        out.push((client, flow.as_str().to_owned()));
    }
    out
}

/// Sends `code` from every browser at once; returns the statuses.
async fn all_at_once(base: &str, browsers: Vec<(reqwest::Client, String)>, code: &str) -> Vec<u16> {
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(browsers.len()));
    let tasks: Vec<_> = browsers
        .into_iter()
        .map(|(client, flow)| {
            let (barrier, url, code) = (
                barrier.clone(),
                format!("{base}{}", paths::LOGIN_CODE),
                code.to_owned(),
            );
            tokio::spawn(async move {
                barrier.wait().await;
                client
                    .post(url)
                    .json(&serde_json::json!({"flow": flow, "code": code}))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    statuses
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_code_sent_by_eight_browsers_at_once_is_accepted_once() {
    let t = support::app().await;
    let base = format!("http://{}", support::serve(t.app.router.clone()).await);
    let browsers = browsers_at_the_code_step(&base, 8).await;
    let statuses = all_at_once(&base, browsers, &code(ICHIRO_TOKEN, T0)).await;
    assert_eq!(
        statuses.iter().filter(|&&s| s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|&s| s == 200 || s == 422),
        "{statuses:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn five_wrong_codes_sent_at_once_are_all_counted() {
    let t = support::app().await;
    let base = format!("http://{}", support::serve(t.app.router.clone()).await);
    let browsers = browsers_at_the_code_step(&base, 5).await;
    let statuses = all_at_once(&base, browsers, &wrong_code(ICHIRO_TOKEN, T0)).await;
    assert_eq!(
        statuses.iter().filter(|&&s| s == 423).count(),
        1,
        "{statuses:?}"
    );
    let failures: i64 =
        sqlx::query_scalar("SELECT failures FROM token_states WHERE serial = 'SKHT20000002'")
            .fetch_one(&t.app.service.db.pool)
            .await
            .unwrap();
    assert_eq!(failures, 5, "no failure lost to a race");
}

#[tokio::test]
async fn a_write_over_rows_changed_since_they_were_read_is_a_conflict() {
    let t = support::app().await;
    let (db, sealer) = (&t.app.service.db, &t.app.service.sealer);
    let serial = Serial::parse(ICHIRO_TOKEN).unwrap();
    let key = Key {
        contract_id: Some(demo_data::contract_id("10000000002")),
        ..Key::default()
    };
    let read = |db: &shinkin_otp_server::db::Db| {
        let (db, key) = (db.clone(), key.clone());
        async move {
            let mut tx = db.begin().await.unwrap();
            let snapshot = rows::load(&mut tx, sealer, &key).await.unwrap();
            tx.commit().await.unwrap();
            snapshot
        }
    };

    // A row inserted by someone else after this request read "no row".
    let before = read(db).await;
    assert!(before.ledger.token(&serial).is_none());
    sqlx::query(
        "INSERT INTO token_states (serial, last_step, refused_steps, failures, version) \
         VALUES ('SKHT20000002', 100, '[]', 0, 1)",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    let mut ledger = before.ledger.clone();
    ledger.token_mut(&serial).accept(99);
    let mut tx = db.begin().await.unwrap();
    let lost = rows::store(&mut tx, &before, &ledger, &before.flows, None, 0).await;
    assert!(matches!(lost, Err(StoreError::Conflict)), "{lost:?}");
    tx.rollback().await.unwrap();

    // A row updated by someone else after this request read it.
    let before = read(db).await;
    sqlx::query("UPDATE token_states SET last_step = 101, version = version + 1")
        .execute(&db.pool)
        .await
        .unwrap();
    let mut ledger = before.ledger.clone();
    ledger.token_mut(&serial).accept(101);
    let mut tx = db.begin().await.unwrap();
    let lost = rows::store(&mut tx, &before, &ledger, &before.flows, None, 0).await;
    assert!(matches!(lost, Err(StoreError::Conflict)), "{lost:?}");
    tx.rollback().await.unwrap();

    // The same write over fresh rows goes through.
    let before = read(db).await;
    let mut ledger = before.ledger.clone();
    ledger.token_mut(&serial).accept(102);
    let mut tx = db.begin().await.unwrap();
    rows::store(&mut tx, &before, &ledger, &before.flows, None, 0)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}
