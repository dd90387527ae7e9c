//! The software keyboard and help, in the browser: a password typed on the keyboard logs in, every
//! letter and digit has a key that types it, the key order differs between openings, and every help
//! link opens its text with the form's values intact; the heading takes the focus when the customer
//! moves to a screen, not on the page's first.

use crate::support;

use shinkin_otp::domain::keyboard;
use support::*;
use wasm_bindgen_test::*;

const KEYBOARD: &str = "ソフトウェアキーボード";

/// The letter and digit keys, in screen order.
fn key_order() -> Vec<String> {
    all(".software-keyboard .keys button")
        .iter()
        .map(text)
        .collect()
}

/// Presses the keyboard key named `name`.
fn press(name: &str) {
    button_in(KEYBOARD, name).click();
}

#[wasm_bindgen_test]
async fn the_keyboard_types_a_password_that_logs_in() {
    let _app = mount_app().await;
    fill("契約者ID（利用者番号）", "10000000001");
    click("ソフトウェアキーボード入力").await;
    assert_eq!(key_order().len(), 36);
    // A wrong key, removed with 1文字削除; shift types upper case.
    press("x");
    press("シフト");
    settle().await;
    assert!(key_order().contains(&"X".to_owned()));
    press("X");
    press("シフト");
    settle().await;
    assert_eq!(field("パスワード").value(), "xX");
    press("1文字削除");
    press("すべて消去");
    assert_eq!(field("パスワード").value(), "");
    for c in "hanako12".chars() {
        press(&c.to_string());
    }
    assert_eq!(
        field("パスワード").value(),
        "hanako12",
        "exactly what typing would enter"
    );
    assert!(
        !page_says("hanako12"),
        "the keyboard shows no copy of the password"
    );
    click("閉じる").await;
    assert!(all(".software-keyboard").is_empty());
    assert_eq!(
        doc().active_element().map(|e| text(&e)).as_deref(),
        Some("ソフトウェアキーボード入力"),
        "focus returns to the keyboard button"
    );
    click("ログイン").await;
    assert_eq!(heading(), "ログインしました");
}

/// Every half-width letter and digit, sorted: a password's alphabet (docs/design.md#input-rules),
/// written out independently of the keyboard's own list.
fn password_alphabet() -> Vec<char> {
    let mut alphabet: Vec<char> = ('a'..='z').chain('0'..='9').collect();
    alphabet.sort_unstable();
    alphabet
}

#[wasm_bindgen_test]
async fn every_letter_and_digit_has_a_key_that_types_exactly_it_with_and_without_shift() {
    let mut defined = keyboard::KEYS.to_vec();
    defined.sort_unstable();
    assert_eq!(defined, password_alphabet(), "the keys the domain defines");
    let _app = mount_app().await;
    click("ソフトウェアキーボード入力").await;
    for shift in [false, true] {
        if shift {
            press("シフト");
            settle().await;
        }
        let expected: Vec<char> = password_alphabet()
            .into_iter()
            .map(|c| if shift { c.to_ascii_uppercase() } else { c })
            .collect();
        let mut shown = key_order();
        shown.sort();
        let mut wanted: Vec<String> = expected.iter().map(char::to_string).collect();
        wanted.sort();
        assert_eq!(
            shown, wanted,
            "one key for each (shift {shift}), and no other"
        );
        for c in expected {
            press("すべて消去");
            press(&c.to_string());
            assert_eq!(
                field("パスワード").value(),
                c.to_string(),
                "the key {c:?} (shift {shift})"
            );
        }
    }
}

#[wasm_bindgen_test]
async fn the_key_order_changes_each_time_the_keyboard_opens() {
    let _app = mount_app().await;
    click("ソフトウェアキーボード入力").await;
    let first = key_order();
    click("閉じる").await;
    click("ソフトウェアキーボード入力").await;
    let second = key_order();
    assert_eq!(first.len(), 36);
    assert_ne!(first, second);
    let (mut a, mut b) = (first, second);
    a.sort();
    b.sort();
    assert_eq!(a, b, "the same keys");
}

#[wasm_bindgen_test]
async fn the_keyboard_is_offered_on_user_authentication_too() {
    let _app = mount_app().await;
    click("利用開始").await;
    click("ソフトウェアキーボード入力").await;
    for c in "hanako12".chars() {
        press(&c.to_string());
    }
    assert_eq!(field("ログインパスワード").value(), "hanako12");
}

/// Opens every help disclosure in the main area and checks each shows text.
async fn open_every_help() -> usize {
    let summaries = all("main details.help > summary");
    for s in &summaries {
        let s: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(s.clone());
        s.click();
        let opened_at_once = s.parent_element().unwrap().has_attribute("open");
        settle().await;
        let details = s.parent_element().unwrap();
        web_sys::console::log_1(
            &format!(
                "opened at once: {opened_at_once}; html: {}",
                details.outer_html()
            )
            .into(),
        );
        assert!(
            details.has_attribute("open"),
            "{} opens (connected: {}, summaries now: {})",
            text(&s),
            details.is_connected(),
            all("main details.help > summary").len()
        );
        assert!(
            text(&details).len() > text(&s).len() + 20,
            "{} has content",
            text(&s)
        );
    }
    summaries.len()
}

#[wasm_bindgen_test]
async fn every_help_link_on_the_login_screen_opens_with_typed_values_kept() {
    let _app = mount_app().await;
    fill("契約者ID（利用者番号）", "10000000001");
    fill("パスワード", "hanako12");
    let names: Vec<String> = all("main details.help > summary")
        .iter()
        .map(text)
        .collect();
    for name in [
        "この画面のヘルプ",
        "ワンタイムパスワードのご案内",
        "ログインでお困りの場合はこちら",
        "ご利用推奨環境",
    ] {
        assert!(names.contains(&name.to_owned()), "{name} in {names:?}");
    }
    assert_eq!(open_every_help().await, 4);
    assert_eq!(field("契約者ID（利用者番号）").value(), "10000000001");
    assert_eq!(field("パスワード").value(), "hanako12");
}

#[wasm_bindgen_test]
async fn help_on_the_registration_screen_keeps_the_typed_serial() {
    let _app = mount_app().await;
    click("利用開始").await;
    assert_eq!(open_every_help().await, 1);
    fill("契約者ID（利用者番号）", "10000000001");
    fill("ログインパスワード", "hanako12");
    click("次へ").await;
    web_sys::console::log_1(
        &format!(
            "serial before typing: {:?}",
            field("シリアル番号(半角英数字)").value()
        )
        .into(),
    );
    fill("シリアル番号(半角英数字)", "SKTS10000001");
    assert_eq!(open_every_help().await, 1);
    assert!(page_says("シリアル番号は、ハードウェアトークンは裏面"));
    assert_eq!(field("シリアル番号(半角英数字)").value(), "SKTS10000001");
}

#[wasm_bindgen_test]
async fn the_help_index_lists_every_topic_without_losing_typing() {
    let _app = mount_app().await;
    fill("契約者ID（利用者番号）", "10000000002");
    click("ヘルプ一覧").await;
    let index = all(".help-index").pop().expect("the help index");
    let topics: Vec<String> = all(".help-index details.help > summary")
        .iter()
        .map(text)
        .collect();
    assert_eq!(topics.len(), 17, "{topics:?}");
    for topic in [
        "トークンの時刻補正",
        "トークンを紛失・故障した場合",
        "ご利用が停止された場合",
        "正しい数字を入力しても受け付けられない場合",
    ] {
        assert!(topics.contains(&topic.to_owned()), "{topic}");
    }
    assert_eq!(
        doc().active_element().map(|e| text(&e)).as_deref(),
        Some("ヘルプ一覧")
    );
    click("トークンを紛失・故障した場合").await;
    assert!(text(&index).contains("すぐに当金庫までご連絡ください"));
    click("ヘルプ一覧を閉じる").await;
    assert!(all(".help-index").is_empty());
    assert_eq!(
        doc().active_element().map(|e| text(&e)).as_deref(),
        Some("ヘルプ一覧"),
        "focus returns to the button"
    );
    assert_eq!(field("契約者ID（利用者番号）").value(), "10000000002");
}

#[wasm_bindgen_test]
async fn help_on_every_step_of_stop_and_login_keeps_what_was_typed() {
    let _app = mount_app().await;
    click("利用中止").await;
    fill("契約者ID（利用者番号）", "10000000002");
    assert_eq!(open_every_help().await, 1);
    assert_eq!(field("契約者ID（利用者番号）").value(), "10000000002");
    fill("ログインパスワード", "ichiro34");
    click("次へ").await;
    assert_eq!(heading(), "ワンタイムパスワード利用中止");
    fill("ワンタイムパスワード(半角数字)", "12");
    assert_eq!(open_every_help().await, 1);
    assert!(page_says(
        "トークンを紛失・故障してワンタイムパスワードを表示できない場合"
    ));
    assert_eq!(field("ワンタイムパスワード(半角数字)").value(), "12");
    click("トークンを紛失・故障した場合").await;
    fill("ワンタイムパスワード(半角数字)", &code("SKHT20000002", 0));
    click("次へ").await;
    let (first, _) = fill_card_answers(1);
    let typed = field(&first).value();
    assert_eq!(open_every_help().await, 1);
    assert!(page_says("続けて3回間違えるとお手続きが停止されます。"));
    assert_eq!(field(&first).value(), typed);
    click("実行").await;
    assert_eq!(open_every_help().await, 1);
    assert!(page_says(
        "シリアル番号は安全のため下4桁のみ表示しています。"
    ));
    click("ログイン画面へ").await;
    fill("契約者ID（利用者番号）", "10000000002");
    fill("パスワード", "ichiro34");
    click("ログイン").await;
    assert_eq!(heading(), "ログインしました");
    assert_eq!(open_every_help().await, 1);
    assert!(page_says("必ず「ログアウト」を押してください"));
}

#[wasm_bindgen_test]
async fn help_on_the_login_code_step_keeps_the_typed_code() {
    let _app = mount_app().await;
    fill("契約者ID（利用者番号）", "10000000002");
    fill("パスワード", "ichiro34");
    click("ログイン").await;
    assert_eq!(heading(), "ワンタイムパスワード認証");
    fill("ワンタイムパスワード(半角数字)", "123");
    assert_eq!(open_every_help().await, 1);
    assert!(page_says("数字は30秒ごとに変わります"));
    assert_eq!(field("ワンタイムパスワード(半角数字)").value(), "123");
}

#[wasm_bindgen_test]
async fn the_heading_takes_the_focus_after_a_move_not_on_the_first_screen() {
    let _app = mount_app().await;
    let heading_has_focus = || {
        doc()
            .active_element()
            .is_some_and(|e| e.tag_name().eq_ignore_ascii_case("h1"))
    };
    assert_eq!(heading(), "ログイン");
    assert!(
        !heading_has_focus(),
        "the page's first screen leaves the focus where a page load puts it"
    );
    click("利用開始").await;
    assert_ne!(heading(), "ログイン");
    assert!(
        heading_has_focus(),
        "a screen reader announces the new step"
    );
}
