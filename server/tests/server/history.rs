//! ご利用履歴 as the server reads it from the audit trail: only the contract's own events the
//! customer may see, ten at most, newest first, serials masked.

use crate::support::{self, wrong_code, Browser, HANAKO, ICHIRO, T0};
use serde_json::json;
use shinkin_otp_domain::audit::{Event, EventKind};
use shinkin_otp_domain::demo_data;
use shinkin_otp_domain::history::{Activity, Lock, HISTORY_LENGTH};
use shinkin_otp_domain::input::{ContractId, Serial};
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
