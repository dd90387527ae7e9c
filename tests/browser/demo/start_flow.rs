//! 利用開始 end to end in the browser, driven by label and role: both login-OTP choices, both token
//! kinds, full-width input, and login afterwards.

use crate::support;

use support::*;
use wasm_bindgen_test::*;

const HANAKO: usize = 0;
const ID: &str = "10000000001";
const PASSWORD: &str = "hanako12";

/// From ログイン through 利用者認証 to the registration screen.
async fn to_register() {
    click("利用開始").await;
    assert_eq!(heading(), "ワンタイムパスワード利用開始");
    assert!(page_says("トークンの準備"));
    fill("契約者ID（利用者番号）", ID);
    fill("ログインパスワード", PASSWORD);
    click("次へ").await;
    assert!(
        has_field("シリアル番号(半角英数字)"),
        "labels: {:?}",
        labels()
    );
}

/// Logs in with ID and password from the login screen.
async fn login() {
    assert_eq!(heading(), "ログイン");
    fill("契約者ID（利用者番号）", ID);
    fill("パスワード", PASSWORD);
    click("ログイン").await;
}

#[wasm_bindgen_test]
async fn start_with_login_otp_then_login_asks_for_the_code() {
    let _app = mount_app().await;
    to_register().await;
    assert_eq!(
        all("[aria-current=step]").first().map(text).as_deref(),
        Some("ステップ2/4：ワンタイムパスワードの登録")
    );
    // Full-width serial and code, as typed through a Japanese IME.
    fill("シリアル番号(半角英数字)", &full_width("SKTS10000001"));
    fill(
        "ワンタイムパスワード(半角数字)",
        &full_width(&code("SKTS10000001", 0)),
    );
    assert!(radio("認証する").checked(), "認証する is the default");
    click("次へ").await;

    assert!(page_says("確認用パスワード入力"));
    assert_eq!(all("main .card-grid th").len(), 8);
    fill_card_answers(HANAKO);
    click("実行").await;

    assert!(page_says("処理結果"));
    assert!(page_says("ワンタイムパスワードの利用登録が完了しました。"));
    assert!(page_says("********0001"));
    assert!(!page_says("SKTS10000001"), "the serial is masked");
    assert!(page_says("認証する"));

    click("ログイン画面へ").await;
    login().await;
    assert_eq!(heading(), "ワンタイムパスワード認証");
    // The code just used for registration is spent; the next step's code is accepted.
    fill("ワンタイムパスワード(半角数字)", &code("SKTS10000001", 30));
    click("ログイン").await;
    assert_eq!(heading(), "ログインしました");
    assert!(page_says("山田 花子 様"));
    assert!(page_says("********0001"));
    click("ログアウト").await;
    assert_eq!(heading(), "ログイン");
}

#[wasm_bindgen_test]
async fn start_without_login_otp_then_login_does_not_ask() {
    let _app = mount_app().await;
    to_register().await;
    fill("シリアル番号(半角英数字)", "skht-2000-0001");
    fill("ワンタイムパスワード(半角数字)", &code("SKHT20000001", 0));
    radio("認証しない").click();
    click("次へ").await;
    fill_card_answers(HANAKO);
    click("実行").await;
    assert!(page_says("********0001"));
    assert!(page_says("ハードウェアトークン"));
    assert!(page_says("認証しない"));

    click("ログイン画面へ").await;
    login().await;
    assert_eq!(heading(), "ログインしました");
    assert!(page_says("ログイン時の認証：認証しない"));
}

#[wasm_bindgen_test]
async fn login_asks_the_seeded_customer_for_a_code_and_refuses_a_wrong_one() {
    let _app = mount_app().await;
    fill("契約者ID（利用者番号）", "10000000002");
    fill("パスワード", "ichiro34");
    click("ログイン").await;
    assert_eq!(heading(), "ワンタイムパスワード認証");
    let right = code("SKHT20000002", 0);
    let wrong = if right == "000000" {
        "111111"
    } else {
        "000000"
    };
    fill("ワンタイムパスワード(半角数字)", wrong);
    click("ログイン").await;
    assert!(summary_has_focus());
    assert_eq!(
        inline_error("ワンタイムパスワード(半角数字)").as_deref(),
        Some("ワンタイムパスワードが正しくありません。トークンに表示されている最新の6桁の数字を入力してください。")
    );
    assert_eq!(
        field("ワンタイムパスワード(半角数字)").value(),
        "",
        "codes are cleared"
    );
    fill("ワンタイムパスワード(半角数字)", &full_width(&right));
    click("ログイン").await;
    assert_eq!(heading(), "ログインしました");
    assert!(page_says("佐藤 一郎 様"));
}

#[wasm_bindgen_test]
async fn start_is_refused_for_a_customer_already_using_a_token() {
    let _app = mount_app().await;
    click("利用開始").await;
    fill("契約者ID（利用者番号）", "10000000002");
    fill("ログインパスワード", "ichiro34");
    click("次へ").await;
    assert!(summary_has_focus());
    assert!(summary_messages()[0].contains("すでにワンタイムパスワードをご利用中です"));
}
