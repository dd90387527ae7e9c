//! The customer build when the bank's server fails it: stopped mid-flow, failing (5xx), rate
//! limited (429), answering nonsense, slower than the page's time limit, or still working when the
//! customer leaves the screen. Each time the page says so in Japanese, keeps what was typed
//! (passwords and codes aside), sends nothing again by itself, and the same button works again once
//! the server is back. The real reference server answers; the fault gate in front of it
//! (`scripts/fault-gate.mjs`) stops or replaces it on the test's word.

use crate::support;

use std::time::Duration;
use support::http::*;
use support::*;
use wasm_bindgen_test::*;

const HANAKO: usize = 0;
const HANAKO_ID: &str = "10000000001";
const HANAKO_PW: &str = "hanako12";
const CONTRACT_ID: &str = "契約者ID（利用者番号）";
const PASSWORD: &str = "ログインパスワード";
const OTP: &str = "ワンタイムパスワード(半角数字)";
const SERIAL: &str = "シリアル番号(半角英数字)";
const REGISTER: &str = "POST /api/v1/register";
const AUTHENTICATE: &str = "POST /api/v1/authenticate";

/// 利用開始 for 山田 花子 up to the registration screen, the serial and a code typed.
async fn at_registration_with_serial_and_code() {
    click("利用開始").await;
    fill(CONTRACT_ID, HANAKO_ID);
    fill(PASSWORD, HANAKO_PW);
    submit("次へ").await;
    assert!(has_field(SERIAL), "{:?}", summary_messages());
    fill(SERIAL, "SKTS10000001");
    fill(OTP, &code("SKTS10000001", 0));
}

/// The registration screen after a failed call: the one message, the serial kept, the code emptied.
fn still_registering_with(message: &str) {
    assert!(has_field(SERIAL), "still on the registration screen");
    assert_eq!(summary_messages(), vec![message.to_owned()]);
    assert!(summary_has_focus());
    assert_eq!(
        field(SERIAL).value(),
        "SKTS10000001",
        "the typed serial is kept"
    );
    assert_eq!(
        field(OTP).value(),
        "",
        "the code is emptied, as after every submission"
    );
    assert!(!busy(), "the button works again");
}

/// Types the code again and finishes 利用開始.
async fn finish_registration() {
    fill(OTP, &code("SKTS10000001", 0));
    submit("次へ").await;
    confirm(HANAKO).await;
    assert!(page_says("ワンタイムパスワードの利用登録が完了しました。"));
}

#[wasm_bindgen_test]
async fn the_server_stopped_mid_flow_then_back() {
    let _app = mount_http_app(GATE, None).await;
    at_registration_with_serial_and_code().await;
    gate("down").await;
    submit("次へ").await;
    still_registering_with(
        "通信ができませんでした。インターネットに接続されているかをご確認のうえ、もう一度お試しください。",
    );
    assert_eq!(
        gate_count("requests", REGISTER).await,
        0,
        "nothing got through"
    );
    gate("up").await;
    finish_registration().await;
    assert_eq!(gate_count("requests", REGISTER).await, 1);
}

#[wasm_bindgen_test]
async fn a_server_failure_is_reported_once_and_never_retried_by_itself() {
    let _app = mount_http_app(GATE, None).await;
    at_registration_with_serial_and_code().await;
    gate("reply?status=503&code=busy&retry_after=1").await;
    submit("次へ").await;
    still_registering_with("ただいまシステムが混み合っているか、障害が発生しているため、お手続きを完了できませんでした。しばらくしてから、もう一度お試しください。");
    // Give a retry by the page every chance to show up: the code must have been sent once.
    sleep_ms(1500).await;
    assert_eq!(
        gate_count("requests", REGISTER).await,
        1,
        "sent exactly once"
    );
    gate("pass").await;
    finish_registration().await;
    assert_eq!(
        gate_count("requests", REGISTER).await,
        2,
        "the customer's one retry"
    );
}

#[wasm_bindgen_test]
async fn a_rate_limit_names_the_wait_from_retry_after() {
    let _app = mount_http_app(GATE, None).await;
    at_registration_with_serial_and_code().await;
    gate("reply?status=429&code=rate_limited&retry_after=7").await;
    submit("次へ").await;
    still_registering_with("ただいまお手続きが集中しているため、受け付けを一時的に制限しています。7秒ほど待ってから、もう一度お試しください。");
    gate("pass").await;
    finish_registration().await;
}

#[wasm_bindgen_test]
async fn an_unreadable_answer_is_reported_as_such() {
    let _app = mount_http_app(GATE, None).await;
    at_registration_with_serial_and_code().await;
    gate("reply?status=200&body=%3Chtml%3Emaintenance%3C%2Fhtml%3E").await;
    submit("次へ").await;
    still_registering_with(
        "サーバーからの応答を正しく受け取れませんでした。しばらくしてから、もう一度お試しください。",
    );
    gate("pass").await;
    finish_registration().await;
}

#[wasm_bindgen_test]
async fn a_reply_slower_than_the_time_limit_is_abandoned() {
    let _app = mount_http_app(SERVER, Some(Duration::from_millis(1500))).await;
    click("利用開始").await;
    fill(CONTRACT_ID, HANAKO_ID);
    fill(PASSWORD, HANAKO_PW);
    delay_server(6000).await;
    let started = js_sys::Date::now();
    submit("次へ").await;
    let waited = js_sys::Date::now() - started;
    assert!(
        (1400.0..5000.0).contains(&waited),
        "gave up after {waited} ms, not at the 1.5 s limit"
    );
    assert_eq!(
        summary_messages(),
        vec!["サーバーからの応答がないため、処理を中断しました。通信環境をご確認のうえ、しばらくしてからもう一度お試しください。"]
    );
    assert_eq!(
        field(CONTRACT_ID).value(),
        HANAKO_ID,
        "the typed ID is kept"
    );
    assert_eq!(field(PASSWORD).value(), "", "the password is emptied");
    delay_server(0).await;
    fill(PASSWORD, HANAKO_PW);
    submit("次へ").await;
    assert!(
        has_field(SERIAL),
        "the same button works again: {:?}",
        summary_messages()
    );
}

#[wasm_bindgen_test]
async fn leaving_the_screen_abandons_the_request_in_flight() {
    let _app = mount_http_app(GATE, None).await;
    click("利用開始").await;
    fill(CONTRACT_ID, HANAKO_ID);
    fill(PASSWORD, HANAKO_PW);
    delay_server(4000).await;
    button("次へ").click();
    wait_until(2000, "the request to be sent", busy).await;
    sleep_ms(300).await;
    assert_eq!(gate_count("requests", AUTHENTICATE).await, 1);
    click("戻る").await;
    assert_eq!(heading(), "ログイン");
    // The browser closes the request's connection at once, long before the server's answer.
    let mut aborted = 0;
    for _ in 0..40 {
        aborted = gate_count("aborted", AUTHENTICATE).await;
        if aborted > 0 {
            break;
        }
        sleep_ms(50).await;
    }
    assert_eq!(
        aborted, 1,
        "the request was abandoned when the screen was left"
    );
    delay_server(0).await;
    // And the answer that never came moves nobody: still ログイン, no message.
    sleep_ms(300).await;
    assert_eq!(heading(), "ログイン");
    assert!(summary().is_none());
}
