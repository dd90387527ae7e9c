//! 時刻補正 in the browser (demo build), driven by label and role: the kit's walk-through as a
//! presenter shows it (a hardware token skewed five minutes fast, login refused with the drift
//! message, 時刻補正 with two consecutive codes read off the emulator, login working again), the
//! screen's field checks, and the way in from 利用中止's drift message.

use crate::support;

use shinkin_otp::domain::{demo_data, totp};
use std::sync::Arc;
use support::*;
use wasm_bindgen_test::*;

/// 佐藤 一郎: uses the hardware token SKHT20000002, asked for a code at login.
const ICHIRO_ID: &str = "10000000002";
const ICHIRO_PW: &str = "ichiro34";
const TOKEN: &str = "SKHT20000002";
const FIRST: &str = "1つ目のワンタイムパスワード(半角数字)";
const SECOND: &str = "2つ目のワンタイムパスワード(半角数字)";
const CODE: &str = "ワンタイムパスワード(半角数字)";

/// The app on empty storage with a clock the test moves (the bank's and the emulators').
async fn mount_with_clock() -> (Mounted, Arc<TestClock>) {
    local_storage().clear().unwrap();
    let clock = TestClock::starting_now();
    let app = remount(Some(clock.clone())).await;
    (app, clock)
}

/// Moves the shared clock to the start of the next 30-second step and lets the kit's clock tick
/// (it reads the shared clock once a second).
async fn next_step(clock: &TestClock) {
    let into_step = clock.reading() % totp::STEP_SECONDS;
    clock.advance(totp::STEP_SECONDS - into_step);
    sleep_ms(1_200).await;
    settle().await;
}

/// The code `TOKEN` shows `offset` seconds from the test clock's now, by its seed.
fn code_at(clock: &TestClock, offset: i64) -> String {
    let seed = demo_data::seed_of(TOKEN).unwrap();
    totp::code_at(seed, clock.reading().saturating_add_signed(offset))
}

#[wasm_bindgen_test]
async fn kit_walk_through_a_token_five_minutes_fast_is_corrected_and_login_works() {
    let (_app, clock) = mount_with_clock().await;
    open_kit().await;
    // The presenter skews 佐藤 一郎's hardware token five minutes fast.
    let token_clock = format!("{TOKEN} の時計");
    for _ in 0..10 {
        button_in(&token_clock, "30秒進める").click();
    }
    settle().await;
    assert!(text(&named(&token_clock)).contains("300秒進んでいます"));

    // Login: the code is refused with the drift message, and 時刻補正はこちら is offered.
    fill("契約者ID（利用者番号）", ICHIRO_ID);
    fill("パスワード", ICHIRO_PW);
    click("ログイン").await;
    let code = kit_code(TOKEN).await;
    fill(CODE, &code);
    click("ログイン").await;
    assert!(summary_has_focus());
    assert!(
        summary_messages()[0].contains("トークンの時刻がずれている可能性があります"),
        "{:?}",
        summary_messages()
    );
    assert!(summary_messages()[0].contains("「時刻補正」"));
    click("時刻補正はこちら").await;

    // 時刻補正's 利用者認証, the 契約者ID kept from the login.
    assert_eq!(heading(), "ワンタイムパスワード時刻補正");
    assert_eq!(field("契約者ID（利用者番号）").value(), ICHIRO_ID);
    assert_eq!(
        all("[aria-current=step]").first().map(text).as_deref(),
        Some("ステップ1/3：利用者認証")
    );
    fill("ログインパスワード", ICHIRO_PW);
    click("次へ").await;
    assert_eq!(
        all("[aria-current=step]").first().map(text).as_deref(),
        Some("ステップ2/3：時刻補正"),
        "{:?}",
        summary_messages()
    );
    assert!(page_says("ハードウェアトークン ********0002"));

    // Two consecutive codes: the button, then the button again once the next step has come.
    let first = kit_code(TOKEN).await;
    fill(FIRST, &first);
    next_step(&clock).await;
    let second = kit_code(TOKEN).await;
    assert_ne!(first, second);
    fill(SECOND, &second);
    click("実行").await;
    assert!(
        page_says("トークンの時刻補正が完了しました。"),
        "{:?}",
        summary_messages()
    );
    assert!(page_says("トークンの時刻は約5分進んでいました。"));
    assert!(page_says("ハードウェアトークン ********0002"));
    assert!(!page_says(TOKEN), "the serial is masked");
    assert_eq!(
        all("[aria-current=step]").first().map(text).as_deref(),
        Some("ステップ3/3：処理結果")
    );

    // Login with the token's next code works, its clock still five minutes fast.
    click("ログイン画面へ").await;
    fill("契約者ID（利用者番号）", ICHIRO_ID);
    fill("パスワード", ICHIRO_PW);
    click("ログイン").await;
    next_step(&clock).await;
    let code = kit_code(TOKEN).await;
    fill(CODE, &code);
    click("ログイン").await;
    assert_eq!(heading(), "ログインしました", "{:?}", summary_messages());
    // ご利用履歴 tells of the drift refusal and the correction.
    settle().await;
    assert!(page_says("トークンの時刻補正"));
    assert!(page_says(
        "トークンの時刻のずれによるワンタイムパスワードの誤り"
    ));
}

#[wasm_bindgen_test]
async fn resync_checks_each_code_beside_its_field_and_takes_full_width_digits() {
    let (_app, clock) = mount_with_clock().await;
    // From ログイン's own way in, under what it is for.
    click("時刻補正").await;
    assert_eq!(heading(), "ワンタイムパスワード時刻補正");
    fill("契約者ID（利用者番号）", ICHIRO_ID);
    fill("ログインパスワード", ICHIRO_PW);
    click("次へ").await;
    for label in [FIRST, SECOND] {
        let input = field(label);
        assert_eq!(
            input.get_attribute("autocomplete").as_deref(),
            Some("one-time-code")
        );
        assert_eq!(input.get_attribute("inputmode").as_deref(), Some("numeric"));
    }

    // Nothing typed, then a short second code: each field's own message, both in the summary.
    click("実行").await;
    assert!(summary_has_focus());
    assert_eq!(
        summary_messages(),
        [
            "1つ目：ワンタイムパスワードを入力してください。",
            "2つ目：ワンタイムパスワードを入力してください。"
        ]
    );
    assert_eq!(
        inline_error(FIRST).as_deref(),
        Some("1つ目：ワンタイムパスワードを入力してください。")
    );
    fill(FIRST, &code_at(&clock, -30));
    fill(SECOND, "12345");
    click("実行").await;
    assert_eq!(
        summary_messages(),
        ["2つ目：ワンタイムパスワードは6桁の数字です。桁数が足りません。"]
    );
    assert_eq!(inline_error(FIRST), None);
    assert_eq!(
        field(FIRST).value(),
        "",
        "codes are emptied after each submission"
    );

    // Two codes not shown one after the other: the bank's refusal, beside the first.
    fill(FIRST, &code_at(&clock, 0));
    fill(SECOND, &code_at(&clock, -30));
    click("実行").await;
    assert!(
        summary_messages()[0].contains("トークンの時刻を補正できませんでした"),
        "{:?}",
        summary_messages()
    );
    assert!(inline_error(FIRST).is_some());

    // Full-width digits, as an IME types them: converted; the token was not off.
    fill(FIRST, &full_width(&code_at(&clock, -30)));
    fill(SECOND, &full_width(&code_at(&clock, 0)));
    click("実行").await;
    assert!(
        page_says("トークンの時刻補正が完了しました。"),
        "{:?}",
        summary_messages()
    );
    assert!(page_says("トークンの時刻にずれはありませんでした。"));
}

#[wasm_bindgen_test]
async fn the_drift_message_at_stop_leads_to_resync_with_the_contract_id_kept() {
    let (_app, clock) = mount_with_clock().await;
    click("利用中止").await;
    fill("契約者ID（利用者番号）", ICHIRO_ID);
    fill("ログインパスワード", ICHIRO_PW);
    click("次へ").await;
    assert!(
        !page_says("時刻補正はこちら"),
        "offered only after the drift message"
    );
    // A code from three steps ahead: the drift message, with the way to 時刻補正.
    fill(CODE, &code_at(&clock, 90));
    click("次へ").await;
    assert!(
        summary_messages()[0].contains("トークンの時刻がずれている可能性があります"),
        "{:?}",
        summary_messages()
    );
    click("時刻補正はこちら").await;
    assert_eq!(heading(), "ワンタイムパスワード時刻補正");
    assert_eq!(field("契約者ID（利用者番号）").value(), ICHIRO_ID);
    assert_eq!(
        field("ログインパスワード").value(),
        "",
        "the password is asked again"
    );
}

#[wasm_bindgen_test]
async fn resync_in_english_keeps_what_was_typed_across_the_switch() {
    let (_app, clock) = mount_with_clock().await;
    click("English").await;
    click("Correct token clock (時刻補正)").await;
    assert_eq!(heading(), "Correct your token's clock (時刻補正)");
    fill("Contract ID (契約者ID)", ICHIRO_ID);
    fill("Login password", ICHIRO_PW);
    click("Next").await;
    let (first, second) = (
        "First one-time password (digits)",
        "Second one-time password (digits)",
    );
    fill(first, &code_at(&clock, -120));
    click("Confirm").await;
    assert_eq!(
        summary_messages(),
        ["Second one-time password: Enter the one-time password."]
    );
    fill(first, &code_at(&clock, -120));
    click("日本語").await;
    assert_eq!(
        field(FIRST).value(),
        code_at(&clock, -120),
        "the typing is kept"
    );
    click("English").await;
    fill(second, &code_at(&clock, -90));
    click("Confirm").await;
    assert!(
        page_says("Your token's clock has been corrected."),
        "{:?}",
        summary_messages()
    );
    assert!(page_says(
        "Your token's clock was about 1 minute 30 seconds slow."
    ));
    assert!(page_says(" JST"));
    click("日本語").await;
    assert!(page_says("トークンの時刻は約1分30秒遅れていました。"));
}

#[wasm_bindgen_test]
async fn exchange_offers_resync_for_the_current_tokens_drift_not_for_the_new_ones() {
    let (_app, clock) = mount_with_clock().await;
    click("交換").await;
    fill("契約者ID（利用者番号）", ICHIRO_ID);
    fill("ログインパスワード", ICHIRO_PW);
    click("次へ").await;
    let current = "現在のトークンのワンタイムパスワード(半角数字)";
    let new_code = "新しいトークンのワンタイムパスワード(半角数字)";
    let new_seed = demo_data::seed_of("SKTS10000001").unwrap();
    // The new token's drift: not the customer's token yet, so no 時刻補正.
    fill(current, &code_at(&clock, 0));
    fill("シリアル番号(半角英数字)", "SKTS10000001");
    fill(new_code, &totp::code_at(new_seed, clock.reading() + 90));
    click("次へ").await;
    assert!(
        summary_messages()[0].contains("当金庫までお問い合わせください"),
        "{:?}",
        summary_messages()
    );
    assert!(!page_says("時刻補正はこちら"));
    // The token in use drifting: 時刻補正はこちら.
    clock.advance(30);
    fill(current, &code_at(&clock, 120));
    fill(new_code, &totp::code_at(new_seed, clock.reading()));
    click("次へ").await;
    assert!(
        summary_messages()[0].contains("「時刻補正」"),
        "{:?}",
        summary_messages()
    );
    assert_eq!(
        inline_error(current).as_deref(),
        Some(summary_messages()[0].as_str())
    );
    click("時刻補正はこちら").await;
    assert_eq!(heading(), "ワンタイムパスワード時刻補正");
    assert_eq!(field("契約者ID（利用者番号）").value(), ICHIRO_ID);
}
