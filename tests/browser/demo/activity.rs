//! ご利用履歴 on the page after login and on each 処理結果, in the demo build: the customer's own
//! events, newest first, kept across a reload, a refused password among them, and nothing of
//! another customer's.

use crate::support;

use support::*;
use wasm_bindgen_test::*;

async fn login_as(id: &str, password: &str) {
    fill("契約者ID（利用者番号）", id);
    fill("パスワード", password);
    click("ログイン").await;
}

/// The lines of ご利用履歴, top to bottom.
fn history_lines() -> Vec<String> {
    all(".history-list li").iter().map(text).collect()
}

#[wasm_bindgen_test]
async fn the_page_after_login_shows_the_customers_own_recent_activity() {
    let _app = mount_app().await;
    // 佐藤 一郎 mistypes his password once: his event, not hers.
    login_as("10000000002", "wrong999").await;
    assert_eq!(heading(), "ログイン");
    // 山田 花子 mistypes hers, then logs in (she has no token: no code is asked).
    login_as("10000000001", "wrong123").await;
    login_as("10000000001", "hanako12").await;
    assert_eq!(heading(), "ログインしました");
    settle().await;
    assert!(page_says("ご利用履歴"));
    let lines = history_lines();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("ログインパスワードの誤り"), "{lines:?}");
    assert!(lines[0].contains("年"), "a JST date: {lines:?}");

    // A reload keeps it (the demo bank's record is stored with its ledger).
    click("ログアウト").await;
    drop(_app);
    let _again = remount(None).await;
    login_as("10000000001", "hanako12").await;
    settle().await;
    assert_eq!(history_lines().len(), 1);
}

#[wasm_bindgen_test]
async fn a_customer_with_no_events_is_told_so() {
    let _app = mount_app().await;
    login_as("10000000001", "hanako12").await;
    settle().await;
    assert_eq!(heading(), "ログインしました");
    assert!(history_lines().is_empty());
    assert!(page_says("まだご利用の記録はありません。"));
}

#[wasm_bindgen_test]
async fn each_result_shows_the_customers_own_recent_activity_with_the_change_first() {
    let _app = mount_app().await;
    // 佐藤 一郎 mistypes his password: never on her result.
    login_as("10000000002", "wrong999").await;
    click("利用開始").await;
    fill("契約者ID（利用者番号）", "10000000001");
    fill("ログインパスワード", "wrong123");
    click("次へ").await;
    fill("ログインパスワード", "hanako12");
    click("次へ").await;
    fill("シリアル番号(半角英数字)", "SKTS10000001");
    fill("ワンタイムパスワード(半角数字)", &code("SKTS10000001", 0));
    click("次へ").await;
    fill_card_answers(0);
    click("実行").await;
    assert!(page_says("ワンタイムパスワードの利用登録が完了しました。"));
    assert!(page_says("ご利用履歴"));
    let lines = history_lines();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].contains("ワンタイムパスワード利用開始"),
        "{lines:?}"
    );
    assert!(lines[0].contains("********0001"), "masked: {lines:?}");
    assert!(lines[1].contains("ログインパスワードの誤り"), "{lines:?}");

    // 時刻補正's result too (佐藤 一郎, his token in step: two codes one after the other).
    click("ログイン画面へ").await;
    click("時刻補正").await;
    fill("契約者ID（利用者番号）", "10000000002");
    fill("ログインパスワード", "ichiro34");
    click("次へ").await;
    fill(
        "1つ目のワンタイムパスワード(半角数字)",
        &code("SKHT20000002", 0),
    );
    fill(
        "2つ目のワンタイムパスワード(半角数字)",
        &code("SKHT20000002", 30),
    );
    click("実行").await;
    assert!(
        page_says("トークンの時刻補正が完了しました。"),
        "{:?}",
        summary_messages()
    );
    let lines = history_lines();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].contains("トークンの時刻補正"), "{lines:?}");
    assert!(lines[1].contains("ログインパスワードの誤り"), "{lines:?}");
}
