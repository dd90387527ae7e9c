//! The customer build end to end: every flow through the HTTP bank against the real reference
//! server that `scripts/test.sh` starts (demo data, a temporary SQLite file) — 利用開始, login with
//! a code, 交換 and 利用中止, 時刻補正 of a token five minutes fast, the bank's refusals worded from
//! their problem codes, and a flow the server expired; the time limit's 延長する reaching the
//! server, and its failure said. No mock: the page's `HttpBank` talks to the server over loopback HTTP.

use crate::support;

use support::http::*;
use support::*;
use wasm_bindgen_test::*;

const HANAKO: usize = 0;
const HANAKO_ID: &str = "10000000001";
const HANAKO_PW: &str = "hanako12";
/// 佐藤 一郎: SKHT20000002 in use, asked for a code at login.
const ICHIRO: usize = 1;
const ICHIRO_ID: &str = "10000000002";
const ICHIRO_PW: &str = "ichiro34";
const OTP: &str = "ワンタイムパスワード(半角数字)";
const SERIAL: &str = "シリアル番号(半角英数字)";
const CURRENT_CODE: &str = "現在のトークンのワンタイムパスワード(半角数字)";
const NEW_CODE: &str = "新しいトークンのワンタイムパスワード(半角数字)";

/// From ログイン through 利用者認証 of `flow`.
async fn authenticate(flow: &str, id: &str, password: &str) {
    assert_eq!(heading(), "ログイン");
    click(flow).await;
    fill("契約者ID（利用者番号）", id);
    fill("ログインパスワード", password);
    submit("次へ").await;
}

async fn login(id: &str, password: &str) {
    assert_eq!(heading(), "ログイン");
    fill("契約者ID（利用者番号）", id);
    fill("パスワード", password);
    submit("ログイン").await;
}

/// Types a wrong digit for each of the two card columns the screen asks `customer` for.
fn fill_wrong_card_answers(customer: usize) {
    let card = shinkin_otp::domain::demo_data::CUSTOMERS[customer].card;
    for label in labels().into_iter().filter(|l| l.starts_with('(')) {
        let column = label.rsplit('(').next().unwrap().trim_end_matches(')');
        let index = shinkin_otp::domain::card::COLUMN_LABELS
            .iter()
            .position(|c| *c == column)
            .unwrap();
        fill(&label, &((card[index] + 1) % 10).to_string());
    }
}

#[wasm_bindgen_test]
async fn the_customer_build_has_no_demo_kit() {
    let _app = mount_http_app(SERVER, None).await;
    assert_eq!(heading(), "ログイン");
    assert!(all("#demo-kit").is_empty());
    assert!(all("button").iter().all(|b| text(b) != "デモキット"));
}

#[wasm_bindgen_test]
async fn start_then_login_asks_for_the_code_then_logout() {
    let _app = mount_http_app(SERVER, None).await;
    authenticate("利用開始", HANAKO_ID, HANAKO_PW).await;
    assert!(has_field(SERIAL), "{:?}", summary_messages());
    fill(SERIAL, &full_width("SKTS10000001"));
    fill(OTP, &code("SKTS10000001", 0));
    assert!(radio("認証する").checked());
    submit("次へ").await;
    confirm(HANAKO).await;
    assert!(page_says("ワンタイムパスワードの利用登録が完了しました。"));
    assert!(page_says("********0001") && !page_says("SKTS10000001"));

    click("ログイン画面へ").await;
    login(HANAKO_ID, HANAKO_PW).await;
    assert_eq!(heading(), "ワンタイムパスワード認証");
    // The registration spent this step's code; the server refuses it again…
    fill(OTP, &code("SKTS10000001", 0));
    submit("ログイン").await;
    assert!(
        summary_messages()[0].contains("すでに使われた"),
        "{:?}",
        summary_messages()
    );
    // …and takes the next step's.
    fill(OTP, &code("SKTS10000001", 30));
    submit("ログイン").await;
    assert_eq!(heading(), "ログインしました");
    assert!(page_says("山田 花子 様") && page_says("********0001"));
    submit("ログアウト").await;
    assert_eq!(heading(), "ログイン");
}

#[wasm_bindgen_test]
async fn exchange_then_only_the_new_token_opens_login() {
    let _app = mount_http_app(SERVER, None).await;
    authenticate("交換", ICHIRO_ID, ICHIRO_PW).await;
    assert_eq!(heading(), "ワンタイムパスワード交換");
    assert!(
        page_says("********0002"),
        "the server named the token in use"
    );
    fill(CURRENT_CODE, &code("SKHT20000002", 0));
    fill(SERIAL, "SKTS10000001");
    fill(NEW_CODE, &code("SKTS10000001", 0));
    submit("次へ").await;
    confirm(ICHIRO).await;
    assert!(page_says("トークンの交換が完了しました。"));
    assert!(page_says("ハードウェアトークン ********0002"));
    assert!(page_says("ソフトウェアトークン ********0001"));

    click("ログイン画面へ").await;
    login(ICHIRO_ID, ICHIRO_PW).await;
    fill(OTP, &code("SKHT20000002", 30));
    submit("ログイン").await;
    assert!(
        summary_messages()[0].contains("正しくありません"),
        "the old token is refused: {:?}",
        summary_messages()
    );
    fill(OTP, &code("SKTS10000001", 30));
    submit("ログイン").await;
    assert_eq!(heading(), "ログインしました");
    assert!(page_says("********0001"));
}

#[wasm_bindgen_test]
async fn a_token_five_minutes_fast_is_refused_then_resync_corrects_it_and_login_works() {
    let _app = mount_http_app(SERVER, None).await;
    // 佐藤 一郎's hardware token runs ten steps (five minutes) ahead of the server's clock.
    let fast = |seconds: u64| code("SKHT20000002", 300 + seconds);
    login(ICHIRO_ID, ICHIRO_PW).await;
    fill(OTP, &fast(0));
    submit("ログイン").await;
    assert!(
        summary_messages()[0].contains("トークンの時刻がずれている可能性があります"),
        "{:?}",
        summary_messages()
    );
    click("時刻補正はこちら").await;
    assert_eq!(heading(), "ワンタイムパスワード時刻補正");
    assert_eq!(field("契約者ID（利用者番号）").value(), ICHIRO_ID);
    fill("ログインパスワード", ICHIRO_PW);
    submit("次へ").await;
    assert!(
        page_says("********0002"),
        "the server named the token in use"
    );
    // The code refused at login and the one before it: shown one after the other.
    fill(
        "1つ目のワンタイムパスワード(半角数字)",
        &code("SKHT20000002", 270),
    );
    fill("2つ目のワンタイムパスワード(半角数字)", &fast(0));
    submit("実行").await;
    assert!(
        page_says("トークンの時刻補正が完了しました。"),
        "{:?}",
        summary_messages()
    );
    // About five minutes (a step boundary passed meanwhile can make it 4分30秒).
    assert!(page_says("進んでいました"));
    assert!(!page_says("SKHT20000002"), "the serial is masked");
    // ご利用履歴 from the server's answer: the correction, then the refusal at login (then whatever
    // earlier tests left in the server's audit trail, which the demo reset keeps).
    let lines: Vec<String> = all(".history-list li").iter().map(text).collect();
    assert!(lines.len() >= 2, "{lines:?}");
    assert!(lines[0].contains("トークンの時刻補正"), "{lines:?}");
    assert!(lines[1].contains("トークンの時刻のずれ"), "{lines:?}");

    click("ログイン画面へ").await;
    login(ICHIRO_ID, ICHIRO_PW).await;
    fill(OTP, &fast(30));
    submit("ログイン").await;
    assert_eq!(heading(), "ログインしました", "{:?}", summary_messages());
}

#[wasm_bindgen_test]
async fn stop_then_login_needs_no_code() {
    let _app = mount_http_app(SERVER, None).await;
    authenticate("利用中止", ICHIRO_ID, ICHIRO_PW).await;
    assert_eq!(heading(), "ワンタイムパスワード利用中止");
    fill(OTP, &code("SKHT20000002", 0));
    submit("次へ").await;
    confirm(ICHIRO).await;
    assert!(page_says("ワンタイムパスワードの利用を中止しました。"));
    click("ログイン画面へ").await;
    login(ICHIRO_ID, ICHIRO_PW).await;
    assert_eq!(heading(), "ログインしました", "no code asked any more");
    assert!(page_says("未登録"));
}

#[wasm_bindgen_test]
async fn the_servers_refusals_are_worded_from_their_codes() {
    let _app = mount_http_app(SERVER, None).await;
    // invalid_credentials: beside 契約者ID, the password emptied, the ID kept.
    fill("契約者ID（利用者番号）", HANAKO_ID);
    fill("パスワード", "wrong123");
    submit("ログイン").await;
    assert!(summary_has_focus());
    assert_eq!(
        summary_messages(),
        vec!["契約者ID（利用者番号）またはパスワードが正しくありません。お確かめのうえ、もう一度入力してください。"]
    );
    assert_eq!(field("契約者ID（利用者番号）").value(), HANAKO_ID);
    assert_eq!(field("パスワード").value(), "");

    // already_enrolled on 利用者認証, with the way to the flows that apply.
    authenticate("利用開始", ICHIRO_ID, ICHIRO_PW).await;
    assert!(summary_messages()[0].contains("すでにワンタイムパスワードをご利用中"));
    assert!(button("ワンタイムパスワード交換へ進む").is_connected());

    // card_mismatch on the card step, then card_locked ends the flow; the customer build names no
    // demo way out of the lock.
    click("戻る").await;
    authenticate("利用中止", ICHIRO_ID, ICHIRO_PW).await;
    fill(OTP, &code("SKHT20000002", 0));
    submit("次へ").await;
    fill_wrong_card_answers(ICHIRO);
    submit("実行").await;
    assert!(
        summary_messages()[0].contains("確認用パスワードが正しくありません"),
        "{:?}",
        summary_messages()
    );
    for _ in 0..2 {
        fill_wrong_card_answers(ICHIRO);
        submit("実行").await;
    }
    assert_eq!(
        heading(),
        "ワンタイムパスワード利用中止",
        "back to 利用者認証"
    );
    let locked = notice().unwrap_or_default();
    assert!(locked.contains("お手続きを停止しています"), "{locked}");
    assert!(
        !locked.contains("デモ"),
        "no demo hint in the customer build: {locked}"
    );
}

#[wasm_bindgen_test]
async fn a_flow_the_server_expired_starts_again_with_its_message() {
    let _app = mount_http_app(SERVER, None).await;
    authenticate("利用開始", HANAKO_ID, HANAKO_PW).await;
    assert!(has_field(SERIAL));
    advance_server_clock(601).await;
    fill(SERIAL, "SKTS10000001");
    fill(OTP, &code("SKTS10000001", 601));
    submit("次へ").await;
    assert_eq!(heading(), "ワンタイムパスワード利用開始");
    assert!(has_field("ログインパスワード"), "back at 利用者認証");
    assert!(notice()
        .unwrap_or_default()
        .contains("一定時間（10分）操作がなかったため"));
    advance_server_clock(-601).await;
}

/// Whether the server still has a session for this browser (`GET /api/v1/session`).
async fn server_session_alive() -> bool {
    gloo_net::http::Request::get(&format!("{SERVER}/api/v1/session"))
        .credentials(web_sys::RequestCredentials::Include)
        .send()
        .await
        .expect("the server answers")
        .ok()
}

#[wasm_bindgen_test]
async fn back_over_the_server_asks_at_the_card_step_and_logs_out_from_the_top_page() {
    let _app = mount_http_app(SERVER, None).await;
    authenticate("利用開始", HANAKO_ID, HANAKO_PW).await;
    // Back from the token step: 利用者認証 again, the ID kept, the password asked again.
    browser_back().await;
    assert_eq!(field("契約者ID（利用者番号）").value(), HANAKO_ID);
    assert!(field("ログインパスワード").value().is_empty());
    fill("ログインパスワード", HANAKO_PW);
    submit("次へ").await;
    fill(SERIAL, "SKTS10000001");
    fill(OTP, &code("SKTS10000001", 0));
    submit("次へ").await;
    assert!(
        page_says("確認用パスワード入力"),
        "{:?}",
        summary_messages()
    );
    // Back from the card step asks; 続ける keeps the server's flow, which the card then confirms.
    browser_back().await;
    assert!(open_dialog().is_some(), "お手続きを中止しますか？");
    click("続ける").await;
    confirm(HANAKO).await;
    assert!(page_says("ワンタイムパスワードの利用登録が完了しました。"));
    // Back from 処理結果: ログイン. Then login without a code step… and Back from the top page
    // ends the server's session, as ログアウト does.
    browser_back().await;
    assert_eq!(heading(), "ログイン");
    login(ICHIRO_ID, ICHIRO_PW).await;
    fill(OTP, &code("SKHT20000002", 0));
    submit("ログイン").await;
    assert_eq!(heading(), "ログインしました", "{:?}", summary_messages());
    assert!(server_session_alive().await);
    browser_back().await;
    assert_eq!(heading(), "ログイン");
    let mut ended = false;
    for _ in 0..40 {
        if !server_session_alive().await {
            ended = true;
            break;
        }
        sleep_ms(50).await;
    }
    assert!(ended, "Back from the top page logged out");
}

/// The idle seconds before the time limit's warning.
const WARN_AT: u64 = 8 * 60;

/// The time limit's warning, if shown.
fn warning_shown() -> bool {
    open_dialog().is_some_and(|d| d.get_attribute("role").as_deref() == Some("alertdialog"))
}

/// Moves the page's clock and the server's together by `seconds`.
async fn advance_both(time: &time::ControlledTime, seconds: u64) {
    advance_server_clock(seconds as i64).await;
    time.advance(seconds).await;
}

#[wasm_bindgen_test]
async fn extend_reaches_the_server_so_the_flow_outlives_its_first_ten_minutes() {
    let time = time::ControlledTime::new();
    let _app = mount_http_timed(SERVER, &time).await;
    authenticate("利用開始", HANAKO_ID, HANAKO_PW).await;
    advance_both(&time, WARN_AT).await;
    assert!(warning_shown(), "the warning at 8 idle minutes");
    click("延長する").await;
    wait_until(10_000, "the extension", || !warning_shown()).await;
    // 13 minutes after 利用者認証, 5 after 延長する: the server's flow goes on.
    advance_both(&time, 5 * 60).await;
    fill(SERIAL, "SKTS10000001");
    fill(OTP, &code("SKTS10000001", WARN_AT + 5 * 60));
    submit("次へ").await;
    assert!(
        page_says("確認用パスワード入力"),
        "{:?} {:?}",
        notice(),
        summary_messages()
    );
    advance_server_clock(-((WARN_AT + 5 * 60) as i64)).await;
}

#[wasm_bindgen_test]
async fn extend_reaches_the_servers_session_too() {
    let time = time::ControlledTime::new();
    let _app = mount_http_timed(SERVER, &time).await;
    login(HANAKO_ID, HANAKO_PW).await;
    assert_eq!(heading(), "ログインしました");
    advance_both(&time, WARN_AT).await;
    assert!(warning_shown());
    click("延長する").await;
    wait_until(10_000, "the extension", || !warning_shown()).await;
    advance_both(&time, 5 * 60).await;
    assert!(
        server_session_alive().await,
        "13 minutes after login, 5 after 延長する"
    );
    assert_eq!(heading(), "ログインしました");
    advance_server_clock(-((WARN_AT + 5 * 60) as i64)).await;
}

#[wasm_bindgen_test]
async fn extend_with_the_server_stopped_says_so_and_keeps_the_warning_open() {
    let time = time::ControlledTime::new();
    let _app = mount_http_timed(GATE, &time).await;
    authenticate("利用開始", HANAKO_ID, HANAKO_PW).await;
    time.advance(WARN_AT).await;
    assert!(warning_shown());
    gate("down").await;
    click("延長する").await;
    let failure = "延長できませんでした。通信ができませんでした。";
    wait_until(10_000, "the failure said", || {
        open_dialog().is_some_and(|d| text(&d).contains(failure))
    })
    .await;
    assert!(warning_shown(), "the warning stays, to try again");
    gate("up").await;
    click("延長する").await;
    wait_until(10_000, "the extension", || !warning_shown()).await;
    assert!(has_field(SERIAL), "still at the token step");
}
