//! ご利用履歴 as the server reads it from the audit trail: only the contract's own events the
//! customer may see, ten at most, newest first, serials masked.

use crate::support::{self, wrong_code, Browser, HANAKO, ICHIRO, T0};
use axum::http::StatusCode;
use serde_json::json;
use shinkin_otp_domain::audit::{Event, EventKind};
use shinkin_otp_domain::demo_data;
use shinkin_otp_domain::history::{Activity, Lock, HISTORY_LENGTH};
use shinkin_otp_domain::input::{ContractId, Serial};
use shinkin_otp_domain::wire::paths;
use shinkin_otp_server::audit::{self, Actor};

fn contract(who: usize) -> ContractId {
    ContractId::try_from(demo_data::CUSTOMERS[who].contract_id.to_owned()).unwrap()
}

#[tokio::test]
async fn a_customer_is_shown_their_own_ten_newest_events_and_nothing_else() {
    let t = support::app().await;
    let db = &t.app.service.db;
    let (ichiro, hanako) = (contract(ICHIRO), contract(HANAKO));
    let serial = Serial::parse("SKHT20000002").unwrap();
    let mut tx = db.begin().await.unwrap();
    let customer = Actor::Customer(None);
    for i in 0..12 {
        let refused = Event::new(EventKind::CodeRefused, Some(&ichiro), "otp_invalid")
            .with_serial(Some(&serial));
        audit::append(&mut tx, T0 + i, &customer, &[refused])
            .await
            .unwrap();
    }
    // In the last second: a reading by the desk, a login, another contract's event, then a lock.
    let operator = Actor::Operator("suzuki".into());
    let viewed = Event::new(EventKind::DeskViewed, Some(&ichiro), "history");
    audit::append(&mut tx, T0 + 20, &operator, &[viewed])
        .await
        .unwrap();
    let login = Event::new(EventKind::LoginSucceeded, Some(&ichiro), "ok");
    audit::append(&mut tx, T0 + 20, &customer, &[login])
        .await
        .unwrap();
    let other = Event::new(
        EventKind::LoginRefused,
        Some(&hanako),
        "invalid_credentials",
    );
    audit::append(&mut tx, T0 + 20, &customer, &[other])
        .await
        .unwrap();
    let lock = Event::new(EventKind::LockSet, Some(&ichiro), "token").with_serial(Some(&serial));
    audit::append(&mut tx, T0 + 20, &customer, &[lock])
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let shown = audit::customer_history(db, &ichiro).await.unwrap();
    assert_eq!(shown.len(), HISTORY_LENGTH);
    assert_eq!(shown[0].activity, Activity::Locked(Lock::Token));
    assert_eq!(shown[0].at, T0 + 20);
    // Then the refusals, newest first: 11, 10, … 3.
    let times: Vec<u64> = shown[1..].iter().map(|e| e.at).collect();
    assert_eq!(times, (3..12).rev().map(|i| T0 + i).collect::<Vec<_>>());
    assert!(shown[1..]
        .iter()
        .all(|e| e.activity == Activity::CodeRefused));
    assert!(shown
        .iter()
        .all(|e| e.serial.as_ref().map(|s| s.as_str()) == Some("********0002")));

    let hers = audit::customer_history(db, &hanako).await.unwrap();
    assert_eq!(hers.len(), 1);
    assert_eq!(hers[0].activity, Activity::LoginRefused);
}

#[tokio::test]
async fn the_steps_a_customer_takes_through_the_api_are_in_their_history() {
    let t = support::app().await;
    let mut b = Browser::new(&t.app.router);
    let login = b.login(ICHIRO, demo_data::CUSTOMERS[ICHIRO].password).await;
    let flow = login.json["flow"].as_str().unwrap().to_owned();
    let wrong = json!({"flow": flow, "code": wrong_code("SKHT20000002", T0)});
    assert_eq!(b.post("/api/v1/login/code", wrong).await.status, 422);

    let shown = audit::customer_history(&t.app.service.db, &contract(ICHIRO))
        .await
        .unwrap();
    let activities: Vec<Activity> = shown.iter().map(|e| e.activity).collect();
    assert_eq!(activities, [Activity::CodeRefused]);
    assert_eq!(
        shown[0].serial.as_ref().map(|s| s.as_str()),
        Some("********0002")
    );
}

#[tokio::test]
async fn the_history_endpoint_answers_the_sessions_own_contract_only() {
    let t = support::app().await;
    let mut b = Browser::new(&t.app.router);
    let refused = b.get(paths::HISTORY).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.code(), Some("session_invalid"));

    // Someone else's refused code, then 山田 花子's wrong password and her login.
    let mut other = Browser::new(&t.app.router);
    let login = other
        .login(ICHIRO, demo_data::CUSTOMERS[ICHIRO].password)
        .await;
    let flow = login.json["flow"].as_str().unwrap().to_owned();
    let wrong = json!({"flow": flow, "code": wrong_code("SKHT20000002", T0)});
    assert_eq!(other.post(paths::LOGIN_CODE, wrong).await.status, 422);
    assert_eq!(b.login(HANAKO, "wrong123").await.status, 401);
    t.clock.advance(5);
    let hers = b.login(HANAKO, demo_data::CUSTOMERS[HANAKO].password).await;
    assert_eq!(hers.json["status"], "done", "{hers:?}");

    let history = b.get(paths::HISTORY).await;
    assert_eq!(history.status, StatusCode::OK, "{history:?}");
    assert_eq!(
        history.json,
        json!({"events": [{"at": T0, "kind": "login_refused"}]})
    );
}

/// The flow's handle in an answer from 利用者認証.
fn flow_of(answer: &support::Answer) -> String {
    answer.json["flow"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_flows_last_step_answers_with_its_own_contracts_history_and_no_secret() {
    let t = support::app().await;
    // 佐藤 一郎, in another browser, has a code refused first.
    let mut other = Browser::new(&t.app.router);
    let login = other
        .login(ICHIRO, demo_data::CUSTOMERS[ICHIRO].password)
        .await;
    let wrong = json!({"flow": flow_of(&login), "code": wrong_code("SKHT20000002", T0)});
    assert_eq!(other.post(paths::LOGIN_CODE, wrong).await.status, 422);

    // 山田 花子's 利用開始: the card step's answer carries her history, after her change.
    let mut b = Browser::new(&t.app.router);
    let flow = flow_of(&b.authenticate(HANAKO, "start").await);
    let token = json!({"flow": flow, "token": {"serial": "SKTS10000001",
        "code": support::code("SKTS10000001", T0), "login_otp": "required"}});
    let challenge = b.post(paths::REGISTER, token).await;
    assert_eq!(challenge.status, StatusCode::OK, "{challenge:?}");
    let answers = support::card_answers(HANAKO, &challenge.json);
    let done = b
        .post(paths::CONFIRM, json!({"flow": flow, "answers": answers}))
        .await;
    assert_eq!(done.status, StatusCode::OK, "{done:?}");
    assert_eq!(
        done.json["history"],
        json!([{"at": T0, "kind": "started", "serial": "********0001"}])
    );

    // 佐藤 一郎's 時刻補正: his own refusal and the correction, none of hers; no seed, no serial.
    t.clock.advance(60);
    let now = T0 + 60;
    let flow = flow_of(&other.authenticate(ICHIRO, "resync").await);
    let pair = json!({"flow": flow, "first": support::code("SKHT20000002", now - 30),
        "second": support::code("SKHT20000002", now)});
    let resynced = other.post(paths::RESYNC, pair).await;
    assert_eq!(resynced.status, StatusCode::OK, "{resynced:?}");
    assert_eq!(
        resynced.json["history"],
        json!([
            {"at": now, "kind": "resynced", "serial": "********0002"},
            {"at": T0, "kind": "code_refused", "serial": "********0002"},
        ])
    );
    // Exactly these fields: a time, a kind, a masked serial; nothing else of the token.
    assert!(!resynced.json["history"]
        .to_string()
        .contains("SKHT20000002"));

    // A refused last step answers its problem, no history.
    let flow = flow_of(&other.authenticate(ICHIRO, "resync").await);
    let bad = json!({"flow": flow, "first": "000000", "second": "000001"});
    let refused = other.post(paths::RESYNC, bad).await;
    assert_eq!(refused.code(), Some("resync_not_found"), "{refused:?}");
    assert!(refused.json.get("history").is_none());
}

#[tokio::test]
async fn a_history_that_cannot_be_read_leaves_the_last_steps_change_standing_and_no_history() {
    let t = support::app().await;
    let pool = &t.app.service.db.pool;
    let hanako = contract(HANAKO);
    // An event of hers the history cannot read (a time before 1970): every read of it fails.
    sqlx::query(
        "INSERT INTO audit_events (at, kind, contract_id, outcome) \
         VALUES (-1, 'code_refused', $1, 'otp_invalid')",
    )
    .bind(hanako.as_str())
    .execute(pool)
    .await
    .unwrap();
    assert!(audit::customer_history(&t.app.service.db, &hanako)
        .await
        .is_err());

    let mut b = Browser::new(&t.app.router);
    let flow = flow_of(&b.authenticate(HANAKO, "start").await);
    let token = json!({"flow": flow, "token": {"serial": "SKTS10000001",
        "code": support::code("SKTS10000001", T0), "login_otp": "required"}});
    let challenge = b.post(paths::REGISTER, token).await;
    assert_eq!(challenge.status, StatusCode::OK, "{challenge:?}");
    let answers = support::card_answers(HANAKO, &challenge.json);
    let done = b
        .post(paths::CONFIRM, json!({"flow": flow, "answers": answers}))
        .await;
    // The confirm succeeded and says so; only ご利用履歴 is missing (the page: not just now).
    assert_eq!(done.status, StatusCode::OK, "{done:?}");
    assert!(done.json.get("history").is_none(), "{done:?}");
    // And its change was committed with its events.
    let started: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_events WHERE contract_id = $1 AND kind = 'started'",
    )
    .bind(hanako.as_str())
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(
        started, 1,
        "recorded in the step's transaction, with its change"
    );
}
