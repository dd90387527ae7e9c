//! 延長する over HTTP: `POST /api/v1/flow/extend` counts a flow's idle time afresh in the
//! database, for this browser's flow only, and never revives an expired one.

use crate::support::{self, code, Browser, HANAKO, T0};
use axum::http::StatusCode;
use serde_json::json;
use shinkin_otp_domain::flows::FLOW_IDLE_SECONDS;
use shinkin_otp_domain::wire::paths;

#[tokio::test]
async fn extending_a_flow_keeps_it_alive_past_its_first_ten_minutes() {
    let t = support::app().await;
    let mut b = Browser::new(&t.app.router);
    let opened = b.authenticate(HANAKO, "start").await;
    let flow = opened.json["flow"].as_str().unwrap().to_owned();

    t.clock.advance(FLOW_IDLE_SECONDS - 1);
    let extended = b.post(paths::FLOW_EXTEND, json!({"flow": flow})).await;
    assert_eq!(extended.json, json!({"status": "ok"}), "{extended:?}");

    // Another browser cannot extend it (nor learn that it exists).
    let mut other = Browser::new(&t.app.router);
    let refused = other.post(paths::FLOW_EXTEND, json!({"flow": flow})).await;
    assert_eq!(refused.code(), Some("flow_invalid"));

    // 19 minutes 58 seconds after 利用者認証, 9:59 after the extension: the flow goes on.
    t.clock.advance(FLOW_IDLE_SECONDS - 1);
    let now = T0 + 2 * (FLOW_IDLE_SECONDS - 1);
    let token = json!({"serial": "SKTS10000001", "code": code("SKTS10000001", now), "login_otp": "required"});
    let challenge = b
        .post(paths::REGISTER, json!({"flow": flow, "token": token}))
        .await;
    assert_eq!(challenge.status, StatusCode::OK, "{challenge:?}");
}

#[tokio::test]
async fn an_expired_flow_is_not_extended() {
    let t = support::app().await;
    let mut b = Browser::new(&t.app.router);
    let opened = b.authenticate(HANAKO, "start").await;
    let flow = opened.json["flow"].as_str().unwrap().to_owned();
    t.clock.advance(FLOW_IDLE_SECONDS);
    let expired = b.post(paths::FLOW_EXTEND, json!({"flow": flow})).await;
    assert_eq!(expired.code(), Some("flow_expired"), "{expired:?}");
    assert_eq!(expired.status, StatusCode::GONE);
    let gone = b.post(paths::FLOW_EXTEND, json!({"flow": flow})).await;
    assert_eq!(gone.code(), Some("flow_invalid"), "{gone:?}");
}
