//! 交換 and 利用中止 in the browser, driven by label and role: the old token refused and the new one
//! accepted after an exchange; login without a code after a stop, then 利用開始 again; the
//! lost-token path; and each flow entered when it does not apply.

use crate::support;

use support::*;
use wasm_bindgen_test::*;

/// 佐藤 一郎: already uses SKHT20000002, asked for a code at login.
const ICHIRO: usize = 1;
const ICHIRO_ID: &str = "10000000002";
const ICHIRO_PW: &str = "ichiro34";
const CURRENT_CODE: &str = "現在のトークンのワンタイムパスワード(半角数字)";
const NEW_CODE: &str = "新しいトークンのワンタイムパスワード(半角数字)";

async fn authenticate(flow_button: &str, id: &str, password: &str) {
    click(flow_button).await;
    fill("契約者ID（利用者番号）", id);
    fill("ログインパスワード", password);
    click("次へ").await;
}

async fn login(id: &str, password: &str) {
    assert_eq!(heading(), "ログイン");
    fill("契約者ID（利用者番号）", id);
    fill("パスワード", password);
    click("ログイン").await;
}

#[wasm_bindgen_test]
async fn exchange_then_the_old_token_is_refused_and_the_new_one_accepted() {
    let _app = mount_app().await;
    open_kit().await;
    authenticate("交換", ICHIRO_ID, ICHIRO_PW).await;
    assert_eq!(heading(), "ワンタイムパスワード交換");
    assert!(
        page_says("********0002"),
        "the token being replaced is named"
    );
    assert!(radio("認証する").checked(), "the login choice carries over");
    fill(CURRENT_CODE, &kit_code("SKHT20000002").await);
    fill("シリアル番号(半角英数字)", "SKTS10000001");
    fill(NEW_CODE, &kit_code("SKTS10000001").await);
    click("次へ").await;
    assert!(
        page_says("確認用パスワード入力"),
        "{:?}",
        summary_messages()
    );
    fill_card_answers(ICHIRO);
    click("実行").await;
    assert!(page_says("トークンの交換が完了しました。"));
    assert!(page_says("ハードウェアトークン ********0002"));
    assert!(page_says("ソフトウェアトークン ********0001"));
    assert!(!page_says("SKTS10000001") && !page_says("SKHT20000002"));

    click("ログイン画面へ").await;
    login(ICHIRO_ID, ICHIRO_PW).await;
    assert_eq!(heading(), "ワンタイムパスワード認証");
    fill(
        "ワンタイムパスワード(半角数字)",
        &code_at_next_step("SKHT20000002"),
    );
    click("ログイン").await;
    assert!(
        summary_messages()[0].contains("正しくありません"),
        "the old token is refused"
    );
    // The new token's next code (its current one was spent on the exchange).
    fill(
        "ワンタイムパスワード(半角数字)",
        &code_at_next_step("SKTS10000001"),
    );
    click("ログイン").await;
    assert_eq!(heading(), "ログインしました");
    assert!(page_says("********0001"));
}

#[wasm_bindgen_test]
async fn exchange_to_the_token_in_use_is_refused_with_its_message() {
    let _app = mount_app().await;
    open_kit().await;
    authenticate("交換", ICHIRO_ID, ICHIRO_PW).await;
    fill(CURRENT_CODE, &kit_code("SKHT20000002").await);
    fill("シリアル番号(半角英数字)", "SKHT20000002");
    fill(NEW_CODE, &kit_code("SKHT20000002").await);
    click("次へ").await;
    assert!(summary_has_focus());
    assert_eq!(
        inline_error("シリアル番号(半角英数字)").as_deref(),
        Some("入力されたシリアル番号は、現在ご利用中のトークンです。新しいトークンのシリアル番号を入力してください。")
    );
    assert_eq!(
        field("シリアル番号(半角英数字)").value(),
        "SKHT20000002",
        "typed serial kept"
    );
}

#[wasm_bindgen_test]
async fn stop_then_login_without_a_code_then_start_again() {
    let _app = mount_app().await;
    open_kit().await;
    authenticate("利用中止", ICHIRO_ID, ICHIRO_PW).await;
    assert_eq!(heading(), "ワンタイムパスワード利用中止");
    assert!(page_says("********0002"));
    fill(
        "ワンタイムパスワード(半角数字)",
        &kit_code("SKHT20000002").await,
    );
    click("次へ").await;
    fill_card_answers(ICHIRO);
    click("実行").await;
    assert!(page_says("ワンタイムパスワードの利用を中止しました。"));

    click("ログイン画面へ").await;
    login(ICHIRO_ID, ICHIRO_PW).await;
    assert_eq!(heading(), "ログインしました", "no code asked any more");
    assert!(page_says("未登録"));
    click("ログアウト").await;

    // 利用開始 again, with the same token.
    authenticate("利用開始", ICHIRO_ID, ICHIRO_PW).await;
    fill("シリアル番号(半角英数字)", "SKHT20000002");
    fill(
        "ワンタイムパスワード(半角数字)",
        &code_at_next_step("SKHT20000002"),
    );
    click("次へ").await;
    assert!(
        page_says("確認用パスワード入力"),
        "{:?}",
        summary_messages()
    );
}

#[wasm_bindgen_test]
async fn a_lost_token_report_suspends_it_and_login_stays_closed() {
    let _app = mount_app().await;
    authenticate("利用中止", ICHIRO_ID, ICHIRO_PW).await;
    click("トークンを紛失・故障した場合").await;
    assert!(page_says("必ず当金庫までご連絡ください"));
    click("紛失・故障を届け出る").await;
    assert!(page_says("確認用パスワード入力"));
    fill_card_answers(ICHIRO);
    click("実行").await;
    assert!(page_says("トークンを利用停止にしました。"));
    assert!(page_says(
        "当金庫でご本人様の確認ができるまでログインできません"
    ));
    click("ログイン画面へ").await;
    login(ICHIRO_ID, ICHIRO_PW).await;
    assert_eq!(
        heading(),
        "ログイン",
        "password and card alone do not open login"
    );
    assert!(summary_messages()[0].contains("紛失・故障のお届けにより"));
    for flow in ["交換", "利用中止"] {
        authenticate(flow, ICHIRO_ID, ICHIRO_PW).await;
        assert!(
            summary_messages()[0].contains("紛失・故障のお届けにより"),
            "{flow}"
        );
        click("戻る").await;
    }
    // The bank confirms him by another channel (the kit's bank desk): login opens without a code.
    open_kit().await;
    assert!(kit_says("佐藤 一郎 様：紛失・故障のお届けにより利用停止中"));
    click("佐藤 一郎 様の本人確認を済ませ、トークンの利用を停止する").await;
    assert!(kit_says(
        "現在、当金庫での本人確認が必要なお客様はいません。"
    ));
    login(ICHIRO_ID, ICHIRO_PW).await;
    assert_eq!(heading(), "ログインしました");
}

#[wasm_bindgen_test]
async fn a_locked_token_is_neither_exchanged_nor_stopped_and_the_screen_says_whom_to_call() {
    let _app = mount_app().await;
    login(ICHIRO_ID, ICHIRO_PW).await;
    let wrong = if code("SKHT20000002", 0) == "000000" {
        "111111"
    } else {
        "000000"
    };
    for _ in 0..5 {
        fill("ワンタイムパスワード(半角数字)", wrong);
        click("ログイン").await;
    }
    assert_eq!(heading(), "ログイン", "the locked token ends the login");
    assert!(notice()
        .unwrap()
        .contains("このトークンの利用を停止しています"));
    for flow in ["交換", "利用中止"] {
        authenticate(flow, ICHIRO_ID, ICHIRO_PW).await;
        assert_eq!(
            heading(),
            format!("ワンタイムパスワード{flow}"),
            "still on 利用者認証"
        );
        assert!(summary_has_focus());
        let message = &summary_messages()[0];
        assert!(
            message.contains("交換・利用中止はできません")
                && message.contains("当金庫までお問い合わせください"),
            "{flow}: {message}"
        );
        assert!(!has_field("シリアル番号(半角英数字)"));
        click("戻る").await;
    }
    open_kit().await;
    assert!(kit_says(
        "佐藤 一郎 様：ワンタイムパスワードの誤りによりロック中"
    ));
    click("佐藤 一郎 様の本人確認を済ませ、トークンの利用を停止する").await;
    authenticate("利用開始", ICHIRO_ID, ICHIRO_PW).await;
    assert_eq!(heading(), "ワンタイムパスワード利用開始");
    assert!(
        has_field("シリアル番号(半角英数字)"),
        "利用開始 is open again"
    );
}

#[wasm_bindgen_test]
async fn exchange_or_stop_without_a_token_points_to_start() {
    let _app = mount_app().await;
    for flow in ["交換", "利用中止"] {
        authenticate(flow, "10000000001", "hanako12").await;
        assert!(summary_has_focus());
        assert!(
            summary_messages()[0].contains("「利用開始」からお手続きください"),
            "{flow}: {:?}",
            summary_messages()
        );
        click("ワンタイムパスワード利用開始へ進む").await;
        assert_eq!(heading(), "ワンタイムパスワード利用開始");
        click("戻る").await;
    }
}

#[wasm_bindgen_test]
async fn start_with_a_token_in_use_points_to_exchange_and_stop() {
    let _app = mount_app().await;
    authenticate("利用開始", ICHIRO_ID, ICHIRO_PW).await;
    assert!(summary_messages()[0].contains("すでにワンタイムパスワードをご利用中です"));
    assert!(button("ワンタイムパスワード利用中止へ進む").is_connected());
    click("ワンタイムパスワード交換へ進む").await;
    assert_eq!(heading(), "ワンタイムパスワード交換");
}
