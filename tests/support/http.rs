//! Helpers for the HTTP bank's browser tests (the customer build's, and `http_kit`'s in the demo
//! build): the app mounted over an `HttpBank` at the reference server that `scripts/test.sh` starts
//! (demo data, test hooks), or at the fault gate in front of it (`scripts/fault-gate.mjs`); the
//! server reset before each test; waiting for answers that come over the network.
//!
//! Addresses are fixed at compile time (the runner's page cannot be told anything at run time);
//! `scripts/test.sh` starts everything on these, on 127.0.0.1 only.

use super::{all, doc, fill_card_answers, page_says, settle, sleep_ms, summary_messages, Mounted};
use gloo_net::http::Request;
use leptos::mount::mount_to;
use leptos::prelude::*;
use shinkin_otp::bank::http::HttpBank;
use shinkin_otp::bank::{ActiveBank, Which};
use shinkin_otp::domain::{Clock, SystemClock};
use shinkin_otp::ui::App;
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, RequestCredentials};

/// The reference server (`--demo --test-hooks`).
pub const SERVER: &str = match option_env!("SHINKIN_OTP_TEST_SERVER") {
    Some(url) => url,
    None => "http://127.0.0.1:17870",
};
/// The fault gate in front of it.
pub const GATE: &str = match option_env!("SHINKIN_OTP_TEST_GATE") {
    Some(url) => url,
    None => "http://127.0.0.1:17871",
};
/// The gate's control port.
pub const GATE_CONTROL: &str = match option_env!("SHINKIN_OTP_TEST_GATE_CONTROL") {
    Some(url) => url,
    None => "http://127.0.0.1:17872",
};

/// POSTs `body` to the server's `path` (a demo or test-hook endpoint); panics unless 200.
pub async fn server_post(path: &str, body: serde_json::Value) -> serde_json::Value {
    let response = Request::post(&format!("{SERVER}{path}"))
        .credentials(RequestCredentials::Include)
        .json(&body)
        .unwrap()
        .send()
        .await
        .unwrap_or_else(|e| {
            panic!("the test server at {SERVER} does not answer ({e}): run scripts/test.sh")
        });
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, 200, "{path}: {text}");
    serde_json::from_str(&text).unwrap()
}

/// Sends a command to the fault gate (`down`, `up`, `pass`, `reply?…`, `reset`, `stats`).
pub async fn gate(command: &str) -> serde_json::Value {
    let response = Request::get(&format!("{GATE_CONTROL}/{command}"))
        .send()
        .await
        .unwrap_or_else(|e| {
            panic!("the fault gate at {GATE_CONTROL} does not answer ({e}): run scripts/test.sh")
        });
    assert_eq!(response.status(), 200, "gate {command}");
    response.json().await.unwrap()
}

/// How many `METHOD /path` requests reached the gate (`requests`) or were abandoned by the browser
/// before their answer (`aborted`).
pub async fn gate_count(table: &str, key: &str) -> u64 {
    gate("stats").await[table][key].as_u64().unwrap_or(0)
}

/// The server's clock minus the page's, in seconds.
async fn server_clock_offset() -> i64 {
    server_now().await as i64 - super::now() as i64
}

/// The server's clock now (the test hook), Unix seconds.
pub async fn server_now() -> u64 {
    server_post("/api/v1/test/clock", serde_json::json!({ "advance": 0 })).await["now"]
        .as_u64()
        .unwrap()
}

/// Moves the server's clock (the test hook), e.g. past a flow's idle expiry.
pub async fn advance_server_clock(seconds: i64) {
    server_post(
        "/api/v1/test/clock",
        serde_json::json!({ "advance": seconds }),
    )
    .await;
}

/// Makes every later answer of the server wait `millis` (0: none).
pub async fn delay_server(millis: u64) {
    server_post(
        "/api/v1/test/delay",
        serde_json::json!({ "millis": millis }),
    )
    .await;
}

/// Back to a known state whatever an earlier test left: demo data seeded afresh (no flows,
/// sessions, counters or used codes), no delay, the server's clock back on the real time, the gate
/// passing requests with its counts at zero.
pub async fn reset_server() {
    delay_server(0).await;
    server_post("/api/v1/demo/reset", serde_json::json!({})).await;
    let offset = server_clock_offset().await;
    if offset.abs() > 2 {
        advance_server_clock(-offset).await;
    }
    gate("reset").await;
}

/// Resets the server, then mounts the app over an HTTP bank at `origin` (the server or the gate),
/// with a time limit per request if given.
pub async fn mount_http_app(origin: &str, timeout: Option<Duration>) -> Mounted {
    reset_server().await;
    let bank = HttpBank::at(origin);
    let bank = match timeout {
        Some(t) => bank.with_timeout(t),
        None => bank,
    };
    let bank = Arc::new(ActiveBank::new(Which::Server(bank), Arc::new(SystemClock)));
    let container: HtmlElement = doc().create_element("div").unwrap().unchecked_into();
    doc().body().unwrap().append_child(&container).unwrap();
    let handle = mount_to(container.clone(), move || view! { <App bank/> });
    settle().await;
    Mounted {
        _handle: Box::new(handle),
        container,
    }
}

/// As [`mount_http_app`] at the server, with `clock` as the page's (the kit's emulators read it).
pub async fn mount_http_app_with_clock(clock: Arc<dyn Clock>) -> Mounted {
    reset_server().await;
    let bank = Arc::new(ActiveBank::new(
        Which::Server(HttpBank::at(SERVER)),
        clock.clone(),
    ));
    let container: HtmlElement = doc().create_element("div").unwrap().unchecked_into();
    doc().body().unwrap().append_child(&container).unwrap();
    let handle = mount_to(container.clone(), move || view! { <App bank clock/> });
    settle().await;
    Mounted {
        _handle: Box::new(handle),
        container,
    }
}

/// Resets the server, then mounts the app over an HTTP bank at `origin` on `time` (its calls'
/// send times and the time limit read the test's clock; the server keeps its own).
pub async fn mount_http_timed(origin: &str, time: &super::time::ControlledTime) -> Mounted {
    reset_server().await;
    let bank = ActiveBank::new(Which::Server(HttpBank::at(origin)), time.clock.clone());
    super::time::mount_timed(time, Some(Arc::new(bank))).await
}

/// Whether a form is waiting for the bank.
pub fn busy() -> bool {
    !all("form[aria-busy=true]").is_empty()
}

/// Waits (up to `ms`) until `done` holds, letting the page run; panics with `what` if it never does.
pub async fn wait_until(ms: u32, what: &str, done: impl Fn() -> bool) {
    for _ in 0..ms / 25 {
        if done() {
            settle().await;
            return;
        }
        sleep_ms(25).await;
    }
    assert!(done(), "waited {ms} ms for {what}");
}

/// Clicks the button named `name` and waits for the bank's answer (up to 10 s) to be shown.
pub async fn submit(name: &str) {
    super::button(name).click();
    settle().await;
    wait_until(10_000, &format!("the answer to {name}"), || !busy()).await;
}

/// The card step: the digits the screen asks `customer` for, then 実行 (and the bank's answer).
pub async fn confirm(customer: usize) {
    assert!(
        page_says("確認用パスワード入力"),
        "{:?}",
        summary_messages()
    );
    fill_card_answers(customer);
    submit("実行").await;
}
