//! The demo on a server: the demo build's kit over the back office of the reference server that
//! `scripts/test.sh` starts with `--demo`, the app's bank being that server (as on demo-server.html)
//! — its tokens listed with their holders, 利用開始 with a code read off a server token's emulator,
//! a token the server issues enrolled, the bank's desk lifting a lock, the kit's 時刻補正
//! walk-through, the reset, and the kit when the server is down.
//! No mock: the screens' `HttpBank` and the kit's `ServerBackOffice` talk to the server over
//! loopback HTTP.

use crate::support;

use support::http::*;
use support::*;
use wasm_bindgen_test::*;

const HANAKO: usize = 0;
const SERIAL: &str = "シリアル番号(半角英数字)";
const OTP: &str = "ワンタイムパスワード(半角数字)";

/// Whether the kit (outside `main`) says `needle`.
fn kit_says(needle: &str) -> bool {
    all("#demo-kit")
        .first()
        .map(text)
        .unwrap_or_default()
        .contains(needle)
}

/// The status line of the kit's token `serial` (who uses it), once the kit lists it.
async fn token_status(serial: &str) -> String {
    let heading = serial.to_owned();
    wait_until(5_000, &format!("the kit to list {serial}"), || {
        all(".kit-token h3")
            .iter()
            .any(|h| text(h).ends_with(&heading))
    })
    .await;
    all(".kit-token")
        .into_iter()
        .find(|t| text(t).contains(&heading))
        .and_then(|t| t.query_selector(".token-status").ok().flatten())
        .map(|s| text(&s))
        .unwrap_or_default()
}

/// 利用開始 for 山田 花子 with `serial`, its code read off the kit, through the card step.
async fn start_with(serial: &str) {
    click("利用開始").await;
    fill("契約者ID（利用者番号）", "10000000001");
    fill("ログインパスワード", "hanako12");
    submit("次へ").await;
    fill(SERIAL, serial);
    let code = kit_code(serial).await;
    fill(OTP, &code);
    submit("次へ").await;
    confirm(HANAKO).await;
    assert!(
        page_says("ワンタイムパスワードの利用登録が完了しました。"),
        "{:?}",
        summary_messages()
    );
}

#[wasm_bindgen_test]
async fn the_kit_shows_the_servers_tokens_and_their_codes_enrol() {
    let _app = mount_http_app(SERVER, None).await;
    open_kit().await;
    assert_eq!(token_status("SKHT20000002").await, "佐藤 一郎 様が利用中");
    assert_eq!(token_status("SKTS10000001").await, "未登録");
    // The QR code carries the server's seed: the code the kit shows is the one the server accepts.
    start_with("SKTS10000001").await;
    wait_until(5_000, "the kit to show the new holder", || {
        all(".kit-token")
            .iter()
            .any(|t| text(t).contains("SKTS10000001") && text(t).contains("山田 花子 様が利用中"))
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_token_the_server_issues_is_listed_and_enrols() {
    let _app = mount_http_app(SERVER, None).await;
    open_kit().await;
    token_status("SKTS10000001").await;
    // Listed in the order the server keeps (by the second issued): found as the one new serial.
    let listed = || -> Vec<String> {
        all(".kit-token h3")
            .iter()
            .map(|h| text(h).rsplit(' ').next().unwrap_or_default().to_owned())
            .collect()
    };
    let before = listed();
    click("ソフトウェアトークンを発行").await;
    wait_until(5_000, "the issued token", || {
        listed().len() == before.len() + 1
    })
    .await;
    let serial = listed()
        .into_iter()
        .find(|s| !before.contains(s))
        .expect("a new serial");
    assert!(
        kit_says(&format!("{serial} を発行しました")),
        "the kit says which"
    );
    start_with(&serial).await;
}

#[wasm_bindgen_test]
async fn the_banks_desk_on_the_server_stops_a_locked_token() {
    let _app = mount_http_app(SERVER, None).await;
    open_kit().await;
    token_status("SKHT20000002").await;
    assert!(kit_says(
        "現在、当金庫での本人確認が必要なお客様はいません。"
    ));
    // 佐藤 一郎 locks his token with five wrong codes at login.
    for _ in 0..5 {
        if heading() == "ログイン" {
            fill("契約者ID（利用者番号）", "10000000002");
            fill("パスワード", "ichiro34");
            submit("ログイン").await;
        }
        assert_eq!(
            heading(),
            "ワンタイムパスワード認証",
            "{:?}",
            summary_messages()
        );
        fill(OTP, "000000");
        submit("ログイン").await;
    }
    let desk = "佐藤 一郎 様の本人確認を済ませ、トークンの利用を停止する";
    wait_until(5_000, "the desk to list 佐藤 一郎", || {
        all("button").iter().any(|b| text(b) == desk)
    })
    .await;
    click(desk).await;
    wait_until(5_000, "the desk's answer", || {
        kit_says("佐藤 一郎 様のトークンの利用を停止しました。")
    })
    .await;
    wait_until(5_000, "the token freed", || {
        all(".kit-token")
            .iter()
            .any(|t| text(t).contains("SKHT20000002") && text(t).contains("未登録"))
    })
    .await;
}

#[wasm_bindgen_test]
async fn kit_walk_through_on_the_server_a_token_five_minutes_fast_is_corrected() {
    // The page's clock (the kit's emulators) starts at the server's and both move together.
    let clock = std::sync::Arc::new(TestClock(std::sync::atomic::AtomicU64::new(0)));
    let _app = {
        let app = mount_http_app_with_clock(clock.clone()).await;
        clock.advance(server_now().await);
        app
    };
    let next_step = || async {
        let left = 30 - clock.reading() % 30;
        clock.advance(left);
        advance_server_clock(left as i64).await;
        sleep_ms(1_200).await; // the kit's clock ticks once a second
        settle().await;
    };
    open_kit().await;
    token_status("SKHT20000002").await;
    for _ in 0..10 {
        button_in("SKHT20000002 の時計", "30秒進める").click();
    }
    settle().await;
    fill("契約者ID（利用者番号）", "10000000002");
    fill("パスワード", "ichiro34");
    submit("ログイン").await;
    let code = kit_code("SKHT20000002").await;
    fill(OTP, &code);
    submit("ログイン").await;
    assert!(
        summary_messages()[0].contains("トークンの時刻がずれている可能性があります"),
        "{:?}",
        summary_messages()
    );
    click("時刻補正はこちら").await;
    assert_eq!(field("契約者ID（利用者番号）").value(), "10000000002");
    fill("ログインパスワード", "ichiro34");
    submit("次へ").await;
    let first = kit_code("SKHT20000002").await;
    fill("1つ目のワンタイムパスワード(半角数字)", &first);
    next_step().await;
    let second = kit_code("SKHT20000002").await;
    fill("2つ目のワンタイムパスワード(半角数字)", &second);
    submit("実行").await;
    assert!(
        page_says("トークンの時刻補正が完了しました。"),
        "{:?}",
        summary_messages()
    );
    assert!(page_says("進んでいました"));
    click("ログイン画面へ").await;
    fill("契約者ID（利用者番号）", "10000000002");
    fill("パスワード", "ichiro34");
    submit("ログイン").await;
    next_step().await;
    let code = kit_code("SKHT20000002").await;
    fill(OTP, &code);
    submit("ログイン").await;
    assert_eq!(heading(), "ログインしました", "{:?}", summary_messages());
}

#[wasm_bindgen_test]
async fn the_kit_reads_the_server_once_when_opened_and_again_only_after_a_change() {
    let reads = || gate_count("requests", "GET /api/v1/demo/back-office");
    let _app = mount_http_app(GATE, None).await;
    sleep_ms(500).await;
    assert_eq!(reads().await, 0, "nothing is read while the kit is shut");
    open_kit().await;
    token_status("SKTS10000001").await;
    sleep_ms(1_500).await;
    assert_eq!(
        reads().await,
        1,
        "one reading, not a reading that wakes the next"
    );
    // A screen's answer from the server (a refused login) may change what the kit shows.
    fill("契約者ID（利用者番号）", "10000000001");
    fill("パスワード", "wrong123");
    submit("ログイン").await;
    sleep_ms(1_000).await;
    assert_eq!(reads().await, 2);
}

#[wasm_bindgen_test]
async fn the_kit_says_so_when_the_server_is_down_and_recovers() {
    let _app = mount_http_app(GATE, None).await;
    open_kit().await;
    token_status("SKTS10000001").await;
    gate("down").await;
    click("ソフトウェアトークンを発行").await;
    wait_until(20_000, "the kit's failure message", || {
        kit_says("通信ができませんでした。")
    })
    .await;
    gate("up").await;
    let before = all(".kit-token").len();
    click("ソフトウェアトークンを発行").await;
    wait_until(5_000, "the issued token", || {
        all(".kit-token").len() == before + 1
    })
    .await;
}
