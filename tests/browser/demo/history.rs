//! The browser's Back and Forward through 利用開始 (demo build), with the history API as the
//! browser's own buttons use it: each step an entry holding only its position, Back to the step
//! before where that is safe, お手続きを中止しますか？ after the token step, Forward never skipping one.

use crate::support;

use support::*;
use wasm_bindgen_test::*;

const HANAKO: usize = 0;
const ID: &str = "10000000001";
const PASSWORD: &str = "hanako12";
const SERIAL: &str = "SKTS10000001";
const FLOW_TITLE: &str = "ワンタイムパスワード利用開始";
const ID_LABEL: &str = "契約者ID（利用者番号）";
const SERIAL_LABEL: &str = "シリアル番号(半角英数字)";
const CODE_LABEL: &str = "ワンタイムパスワード(半角数字)";

/// The step the indicator marks as current.
fn current_step() -> String {
    all("[aria-current=step]")
        .first()
        .map(text)
        .unwrap_or_default()
}

/// From ログイン through 利用者認証 to the registration screen.
async fn to_register() {
    click("利用開始").await;
    fill(ID_LABEL, ID);
    fill("ログインパスワード", PASSWORD);
    click("次へ").await;
    assert!(has_field(SERIAL_LABEL), "labels: {:?}", labels());
}

/// On to the card step with `offset`'s code.
async fn to_confirm(offset: u64) {
    to_register().await;
    fill(SERIAL_LABEL, SERIAL);
    fill(CODE_LABEL, &code(SERIAL, offset));
    click("次へ").await;
    assert!(
        page_says("確認用パスワード入力"),
        "{:?}",
        summary_messages()
    );
}

/// Whether the screen is 利用開始's 利用者認証, with the typed 契約者ID and an empty password.
fn at_auth_with_the_id_kept() -> bool {
    heading() == FLOW_TITLE
        && current_step().contains("利用者認証")
        && field(ID_LABEL).value() == ID
        && field("ログインパスワード").value().is_empty()
}

#[wasm_bindgen_test]
async fn each_step_is_an_entry_holding_only_its_position() {
    let window = web_sys::window().unwrap();
    let href = window.location().href().unwrap();
    let _app = mount_app().await;
    let start = history_position().expect("ログイン's entry is marked");
    to_register().await;
    assert_eq!(
        history_position(),
        Some(start + 2.0),
        "利用者認証 and the registration are one entry each"
    );
    assert_eq!(
        window.location().href().unwrap(),
        href,
        "the address is unchanged"
    );
    assert_eq!(
        history_state(),
        vec![("shinkinOtpEntry".to_owned(), "number".to_owned())],
        "the entry holds its position and nothing else"
    );
}

#[wasm_bindgen_test]
async fn back_from_authentication_returns_to_login() {
    let _app = mount_app().await;
    click("利用開始").await;
    fill(ID_LABEL, ID);
    browser_back().await;
    assert_eq!(heading(), "ログイン");
    assert!(open_dialog().is_none(), "nothing to ask");
    // Forward does not move the page.
    browser_forward().await;
    assert_eq!(heading(), "ログイン");
}

#[wasm_bindgen_test]
async fn back_from_the_token_step_returns_to_authentication_with_the_id_kept() {
    let _app = mount_app().await;
    to_register().await;
    fill(SERIAL_LABEL, SERIAL);
    browser_back().await;
    assert!(at_auth_with_the_id_kept(), "step {:?}", current_step());
    assert_eq!(
        notice().as_deref(),
        Some("前の画面に戻りました。お手続きを続けるには、もう一度ログインパスワードを入力してください。")
    );
    assert!(open_dialog().is_none(), "nothing lost: nothing to ask");
    // Forward never skips 利用者認証: the page stays.
    browser_forward().await;
    assert!(at_auth_with_the_id_kept());
    assert!(!has_field(SERIAL_LABEL));
    // Going on means the password again; the flow then runs to the end.
    fill("ログインパスワード", PASSWORD);
    click("次へ").await;
    fill(SERIAL_LABEL, SERIAL);
    fill(CODE_LABEL, &code(SERIAL, 0));
    click("次へ").await;
    fill_card_answers(HANAKO);
    click("実行").await;
    assert!(page_says("ワンタイムパスワードの利用登録が完了しました。"));
}

#[wasm_bindgen_test]
async fn back_from_the_card_step_asks_first_and_continue_stays() {
    let _app = mount_app().await;
    to_confirm(0).await;
    browser_back().await;
    let dialog = open_dialog().expect("お手続きを中止しますか？ is asked");
    assert!(dialog.matches(":modal").unwrap(), "a modal dialog");
    let title = dialog.get_attribute("aria-labelledby").unwrap();
    assert_eq!(
        text(&doc().get_element_by_id(&title).unwrap()),
        "お手続きを中止しますか？"
    );
    let active = doc().active_element().unwrap();
    assert!(
        dialog.contains(Some(active.as_ref())),
        "focus is in the dialog"
    );
    assert_eq!(text(&active), "続ける", "on the safe answer");
    assert!(page_says("確認用パスワード入力"), "the step is still shown");

    click("続ける").await;
    assert!(open_dialog().is_none());
    assert!(page_says("確認用パスワード入力"));
    // Back again asks again; closing the dialog as Escape does (`close`) is 続ける too.
    browser_back().await;
    open_dialog().expect("asked again").close();
    settle().await;
    assert!(open_dialog().is_none());
    // The card step still works: the flow was never left.
    fill_card_answers(HANAKO);
    click("実行").await;
    assert!(page_says("ワンタイムパスワードの利用登録が完了しました。"));
}

#[wasm_bindgen_test]
async fn leaving_at_the_card_step_returns_to_authentication_and_forward_never_skips_a_step() {
    let _app = mount_app().await;
    to_confirm(0).await;
    browser_back().await;
    click("中止する").await;
    // The history catches up with the page after the click: let it.
    history_settles().await;
    assert!(open_dialog().is_none());
    assert!(at_auth_with_the_id_kept(), "step {:?}", current_step());
    assert_eq!(
        notice().as_deref(),
        Some("お手続きを中止しました。もう一度お手続きをされる場合は、ログインパスワードを入力してください。")
    );
    // Forward, one entry or several, reaches neither the token step nor the card step.
    browser_forward().await;
    assert!(at_auth_with_the_id_kept());
    browser_go(2).await;
    assert!(at_auth_with_the_id_kept());
    assert!(!page_says("確認用パスワード入力"));
    // Back from there: ログイン.
    browser_back().await;
    assert_eq!(heading(), "ログイン");
    // A new flow: the card is asked again (the same columns: the challenge is the customer's),
    // after the next step's code (this one is spent).
    to_register().await;
    fill(SERIAL_LABEL, SERIAL);
    fill(CODE_LABEL, &code_at_next_step(SERIAL));
    click("次へ").await;
    fill_card_answers(HANAKO);
    click("実行").await;
    assert!(page_says("ワンタイムパスワードの利用登録が完了しました。"));
}

#[wasm_bindgen_test]
async fn back_over_several_entries_from_the_card_step_asks_first() {
    let _app = mount_app().await;
    to_confirm(0).await;
    browser_go(-3).await;
    assert!(open_dialog().is_some(), "asked before leaving");
    assert!(page_says("確認用パスワード入力"));
    click("続ける").await;
    assert!(page_says("確認用パスワード入力"));
}

#[wasm_bindgen_test]
async fn back_from_the_result_goes_to_login_not_into_the_finished_flow() {
    let _app = mount_app().await;
    to_confirm(0).await;
    fill_card_answers(HANAKO);
    click("実行").await;
    assert!(page_says("処理結果"));
    browser_back().await;
    assert_eq!(heading(), "ログイン");
    assert!(open_dialog().is_none());
    browser_forward().await;
    assert_eq!(
        heading(),
        "ログイン",
        "Forward does not return to the result"
    );
    // ログイン forgot the contract ID: the next flow starts empty.
    click("利用開始").await;
    assert_eq!(field(ID_LABEL).value(), "");
}

#[wasm_bindgen_test]
async fn back_from_the_page_after_login_logs_out_to_login() {
    let _app = mount_app().await;
    fill(ID_LABEL, ID);
    fill("パスワード", PASSWORD);
    click("ログイン").await;
    assert_eq!(heading(), "ログインしました");
    browser_back().await;
    assert_eq!(heading(), "ログイン");
    browser_forward().await;
    assert_eq!(heading(), "ログイン");
}

#[wasm_bindgen_test]
async fn the_buttons_move_the_history_with_the_page() {
    let _app = mount_app().await;
    // 戻る on 利用者認証, then Back: the page's own move left ログイン's entry current, so Back
    // would leave; Forward instead must not bring 利用者認証 back.
    click("利用開始").await;
    click("戻る").await;
    history_settles().await;
    assert_eq!(heading(), "ログイン");
    browser_forward().await;
    assert_eq!(heading(), "ログイン");
    // ログイン画面へ from the result, then a new flow: Back from its 利用者認証 is ログイン.
    to_confirm(0).await;
    fill_card_answers(HANAKO);
    click("実行").await;
    click("ログイン画面へ").await;
    history_settles().await;
    click("交換").await;
    browser_back().await;
    assert_eq!(heading(), "ログイン");
}
