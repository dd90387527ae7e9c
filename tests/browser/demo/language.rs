//! 日本語 / English in the browser, driven by the header's switch as a customer would: every screen
//! of the flows and the kit switch and keep what was typed, `<html lang>` and the title follow, the
//! choice survives a reload, and a stored value the app does not know is Japanese.

use crate::support;

use shinkin_otp::ui::prefs::LANGUAGE_KEY;
use support::*;
use wasm_bindgen_test::*;

const HANAKO: usize = 0;
const ID: &str = "10000000001";
const PASSWORD: &str = "hanako12";

fn lang() -> String {
    doc()
        .document_element()
        .unwrap()
        .get_attribute("lang")
        .unwrap_or_default()
}

/// Switches to English and checks the page says so.
async fn english() {
    click("English").await;
    // The typing is put back just before the next paint (`Typed::restore`).
    next_frame().await;
    assert_eq!(lang(), "en");
    assert_eq!(
        button_in("Language", "English")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
}

/// Switches to Japanese and checks the page says so.
async fn japanese() {
    click("日本語").await;
    next_frame().await;
    assert_eq!(lang(), "ja");
    assert_eq!(
        button_in("言語", "日本語")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
}

#[wasm_bindgen_test]
async fn every_screen_of_start_and_login_switches_language_and_keeps_what_was_typed() {
    let _app = mount_app().await;
    assert_eq!((heading().as_str(), lang().as_str()), ("ログイン", "ja"));
    english().await;
    assert_eq!(heading(), "Log in");
    assert!(doc()
        .title()
        .starts_with("One-time password | Kyodo Shinkin Bank"));
    fill("Contract ID (契約者ID)", ID);
    japanese().await;
    assert_eq!(heading(), "ログイン");
    assert_eq!(
        field("契約者ID（利用者番号）").value(),
        ID,
        "the typing is kept"
    );
    assert!(
        !doc().title().starts_with("One-time"),
        "the page's own title is back"
    );
    english().await;
    assert_eq!(field("Contract ID (契約者ID)").value(), ID);

    // 利用者認証, with an error in English beside the field and in the summary.
    click("Start (利用開始)").await;
    assert_eq!(heading(), "Start one-time passwords (利用開始)");
    click("Next").await;
    assert_eq!(
        summary_messages().first().map(String::as_str),
        Some("Enter your contract ID (契約者ID).")
    );
    assert!(page_says("Please check what you entered"));
    japanese().await;
    assert_eq!(heading(), "ワンタイムパスワード利用開始");
    english().await;
    fill("Contract ID (契約者ID)", ID);
    fill("Login password", PASSWORD);
    click("Next").await;

    // The registration screen.
    assert!(
        has_field("Serial number (letters and digits)"),
        "labels: {:?}",
        labels()
    );
    fill("Serial number (letters and digits)", "SKTS10000001");
    japanese().await;
    assert_eq!(field("シリアル番号(半角英数字)").value(), "SKTS10000001");
    assert!(page_says("ワンタイムパスワードの登録"));
    english().await;
    fill("One-time password (digits)", &code("SKTS10000001", 0));
    assert!(radio("Ask").checked());
    click("Next").await;

    // 確認用パスワード入力: English first, then answered in Japanese (the labels the helper reads).
    assert!(page_says(
        "Enter the digits on your customer card (お客様カード)"
    ));
    assert!(
        labels().iter().any(|l| l.starts_with("(1) column ")),
        "labels: {:?}",
        labels()
    );
    japanese().await;
    assert!(page_says("確認用パスワード入力"));
    fill_card_answers(HANAKO);
    click("実行").await;

    // 処理結果.
    assert!(page_says("ワンタイムパスワードの利用登録が完了しました。"));
    english().await;
    assert!(page_says(
        "Your token is registered for one-time passwords."
    ));
    assert!(page_says(" JST"), "the date in English form");
    click("Back to login").await;

    // Login with its code step, and the page after it.
    fill("Contract ID (契約者ID)", ID);
    fill("Password", PASSWORD);
    click("Log in").await;
    assert_eq!(heading(), "One-time password at login");
    japanese().await;
    assert_eq!(heading(), "ワンタイムパスワード認証");
    english().await;
    fill("One-time password (digits)", &code("SKTS10000001", 30));
    click("Log in").await;
    assert_eq!(heading(), "You are logged in");
    assert!(page_says("山田 花子"));
    japanese().await;
    assert_eq!(heading(), "ログインしました");
    english().await;
    click("Log out").await;
    assert_eq!(heading(), "Log in");
}

#[wasm_bindgen_test]
async fn exchange_stop_help_and_the_kit_switch_language() {
    let app = mount_app().await;
    english().await;
    click("Stop (利用中止)").await;
    assert_eq!(heading(), "Stop one-time passwords (利用中止)");
    fill("Contract ID (契約者ID)", "10000000002");
    fill("Login password", "ichiro34");
    click("Next").await;
    assert!(
        page_says("If your token is lost or broken"),
        "the stop screen"
    );
    japanese().await;
    assert!(page_says("トークンを紛失・故障した場合"));
    drop(app);

    let _app = mount_app().await;
    english().await;
    click("Exchange (交換)").await;
    assert_eq!(heading(), "Exchange your token (交換)");
    click("Help for this screen").await;
    assert!(page_says(
        "Please have your customer card (お客様カード) at hand"
    ));

    click("Help topics").await;
    let body = doc().body().unwrap().text_content().unwrap_or_default();
    assert!(body.contains("If a correct one-time password is refused"));
    click("Close help topics").await;

    click("Demo kit").await;
    assert!(kit_says("Customer cards (お客様カード)"));
    assert!(kit_says("Issue a new token"));
    japanese().await;
    assert!(kit_says("デモキット（お客様カード・トークン）"));
    // Built afresh, the kit is shut (nothing of the old one's state left in its elements), and
    // opens again.
    assert!(!kit_says("新しいトークンを発行"));
    open_kit().await;
    assert!(kit_says("新しいトークンを発行"));
}

#[wasm_bindgen_test]
async fn the_choice_survives_a_reload_and_an_unknown_stored_value_is_japanese() {
    let app = mount_app().await;
    english().await;
    assert_eq!(
        local_storage().get_item(LANGUAGE_KEY).unwrap().as_deref(),
        Some("en")
    );
    drop(app);
    let app = remount(None).await;
    assert_eq!((heading().as_str(), lang().as_str()), ("Log in", "en"));
    assert!(doc().title().starts_with("One-time password"));
    japanese().await;
    assert_eq!(
        local_storage().get_item(LANGUAGE_KEY).unwrap().as_deref(),
        Some("ja")
    );
    drop(app);
    let app = remount(None).await;
    assert_eq!((heading().as_str(), lang().as_str()), ("ログイン", "ja"));
    drop(app);

    for tampered in ["EN", "english", "", "{\"x\":1}"] {
        let _app = mount_app_with(|s| s.set_item(LANGUAGE_KEY, tampered).unwrap()).await;
        assert_eq!(
            (heading().as_str(), lang().as_str()),
            ("ログイン", "ja"),
            "{tampered:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn the_emulator_page_switches_language() {
    use wasm_bindgen::JsCast;
    local_storage().clear().unwrap();
    let container: web_sys::HtmlElement = doc().create_element("div").unwrap().unchecked_into();
    doc().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), || {
        shinkin_otp::ui::kit::token_page(shinkin_otp::domain::input::TokenModel::Software)
    });
    settle().await;
    assert_eq!(heading(), "ソフトウェアトークン（デモ）");
    english().await;
    assert_eq!(heading(), "The software token (demo)");
    assert!(all("a").iter().any(|a| text(a) == "Back to the demo"));
    japanese().await;
    assert_eq!(heading(), "ソフトウェアトークン（デモ）");
    drop(handle);
    container.remove();
}
