//! The presenters' tour in the browser (demo build), driven by keyboard as a presenter would: the
//! whole tour doing each step by typing, with Shift+Tab from the screen's heading back to 次の手順;
//! the whole tour again in English with "Fill in for me", which never presses a button; Back,
//! Exit (Escape, focus back on ツアー), the tour waiting on a step's screen, the pointed-at control
//! and the kit's card and tokens shown beside their steps.

use crate::support;

use shinkin_otp::domain::{demo_data, totp};
use std::sync::Arc;
use support::keys::*;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

const HANAKO: usize = 0;
const ID: &str = "10000000001";
const PASSWORD: &str = "hanako12";
const SOFT: &str = "SKTS10000001";
const HARD: &str = "SKHT20000001";
const STEPS: usize = 18;

/// Mounts the app on fresh storage with a clock the test moves (codes of one token, used twice,
/// must be of different steps).
async fn mount_with_clock() -> (Mounted, Arc<TestClock>) {
    local_storage().clear().unwrap();
    let clock = TestClock::starting_now();
    let app = remount(Some(clock.clone())).await;
    (app, clock)
}

/// The code `serial` shows on `clock`.
fn code_on(clock: &TestClock, serial: &str) -> String {
    totp::code_at(demo_data::seed_of(serial).unwrap(), clock.reading())
}

/// The tour's panel (its dialog), if shown.
fn panel() -> Option<web_sys::Element> {
    all("[role=dialog][aria-modal=false]").into_iter().next()
}

/// The panel's heading.
fn panel_heading() -> String {
    text(
        &panel()
            .expect("the tour is shown")
            .query_selector("h2")
            .unwrap()
            .unwrap(),
    )
}

/// Whether the panel's heading has the focus and says step `n`.
fn heading_focused_at(n: usize, language: &str) {
    let expected = match language {
        "en" => format!("Tour: step {n} of {STEPS}"),
        _ => format!("ツアー 手順 {n}/{STEPS}"),
    };
    assert_eq!(panel_heading(), expected);
    assert_eq!(
        focused().map(|el| text(&el)),
        Some(expected),
        "the heading has the focus"
    );
}

/// The panel says something (its status line, its text).
fn panel_says(needle: &str) -> bool {
    panel().is_some_and(|p| text(&p).contains(needle))
}

/// The element the tour points at: one, outlined and described by the tour's text.
fn pointed() -> web_sys::Element {
    let pointed = all(".tour-target");
    assert_eq!(pointed.len(), 1, "one control is pointed at");
    let el = pointed.into_iter().next().unwrap();
    let described = el.get_attribute("aria-describedby").unwrap_or_default();
    assert!(
        described.split_whitespace().any(|id| id == "tour-text"),
        "{described:?}"
    );
    el
}

/// After doing a step: the screen's heading has the focus; Shift+Tab reaches 次の手順, which the
/// panel says to press, and Enter goes on to step `n`.
async fn next_by_keyboard(n: usize) {
    assert!(
        panel_says("この手順は済みました"),
        "{:?}",
        panel().map(|p| text(&p))
    );
    shift_tab();
    assert_eq!(focused_name(), "次の手順");
    enter().await;
    heading_focused_at(n, "ja");
}

/// Types the 契約者ID and password into the two fields from the first (focused by Tab), then Tab
/// to `submit` and Enter.
async fn type_credentials(first_field: &str, submit: &str) {
    tab_to(first_field);
    assert_eq!(
        pointed().id(),
        first_field,
        "the field typed in is pointed at"
    );
    type_text(ID);
    tab();
    type_text(PASSWORD);
    tab_to(submit);
    enter().await;
}

/// Types the card digits asked for, then Tab to 実行 and Enter.
async fn type_card() {
    tab_to("card-first");
    let (first, second) = fill_card_answers(HANAKO);
    assert!(!first.is_empty() && !second.is_empty());
    tab_to("実行");
    enter().await;
}

#[wasm_bindgen_test]
async fn the_whole_tour_by_keyboard_doing_each_step_by_typing() {
    let (_app, clock) = mount_with_clock().await;
    tab_to("ツアー");
    enter().await;
    heading_focused_at(1, "ja");
    assert_eq!(text(&pointed()), "利用開始");
    assert!(
        !all(".tour-shown").iter().any(|_| true),
        "nothing in the kit for step 1"
    );

    // 利用開始.
    tab_to("利用開始");
    enter().await;
    assert_eq!(heading(), "ワンタイムパスワード利用開始");
    next_by_keyboard(2).await;
    assert!(
        all(".tour-shown")
            .iter()
            .any(|el| name_of(el).contains("山田 花子")),
        "the kit shows 山田 花子's card"
    );
    type_credentials("auth-contract-id", "次へ").await;
    next_by_keyboard(3).await;
    settle().await;
    assert!(
        all(".tour-shown").iter().any(|el| text(el).contains(SOFT)),
        "the kit shows {SOFT}"
    );
    tab_to("register-serial");
    type_text(SOFT);
    tab();
    type_text(&code_on(&clock, SOFT));
    tab_to("次へ");
    enter().await;
    next_by_keyboard(4).await;
    type_card().await;
    assert!(page_says("ワンタイムパスワードの利用登録が完了しました。"));
    next_by_keyboard(5).await;
    tab_to("ログイン画面へ");
    enter().await;

    // Login with the code (of the next step: the one registered is spent).
    next_by_keyboard(6).await;
    type_credentials("login-contract-id", "ログイン").await;
    assert_eq!(heading(), "ワンタイムパスワード認証");
    next_by_keyboard(7).await;
    clock.advance(30);
    tab_to("login-otp");
    type_text(&code_on(&clock, SOFT));
    tab_to("ログイン");
    enter().await;
    assert_eq!(heading(), "ログインしました");
    next_by_keyboard(8).await;
    tab_to("ログアウト");
    enter().await;

    // 交換: the software token for the hardware one.
    next_by_keyboard(9).await;
    tab_to("交換");
    enter().await;
    next_by_keyboard(10).await;
    type_credentials("auth-contract-id", "次へ").await;
    next_by_keyboard(11).await;
    clock.advance(30);
    tab_to("register-current-otp");
    type_text(&code_on(&clock, SOFT));
    tab();
    type_text(HARD);
    tab();
    type_text(&code_on(&clock, HARD));
    tab_to("次へ");
    enter().await;
    next_by_keyboard(12).await;
    type_card().await;
    assert!(page_says("トークンの交換が完了しました。"));
    next_by_keyboard(13).await;
    tab_to("ログイン画面へ");
    enter().await;

    // 利用中止 of the hardware token.
    next_by_keyboard(14).await;
    tab_to("利用中止");
    enter().await;
    next_by_keyboard(15).await;
    type_credentials("auth-contract-id", "次へ").await;
    next_by_keyboard(16).await;
    clock.advance(30);
    tab_to("stop-otp");
    type_text(&code_on(&clock, HARD));
    tab_to("次へ");
    enter().await;
    next_by_keyboard(17).await;
    type_card().await;
    assert!(
        page_says("ワンタイムパスワードの利用を中止しました。"),
        "{}",
        heading()
    );

    // The last step: no 次の手順; Escape ends the tour, focus back on ツアー.
    next_by_keyboard(18).await;
    assert!(!all("button").iter().any(|b| name_of(b) == "次の手順"));
    tab_to("ツアーを終了");
    escape().await;
    assert!(panel().is_none(), "Escape ends the tour");
    assert_eq!(focused_name(), "ツアー");
    assert!(all(".tour-target").is_empty() && all(".tour-shown").is_empty());
}

#[wasm_bindgen_test]
async fn the_whole_tour_in_english_with_fill_in_for_me_which_never_presses_a_button() {
    let (_app, clock) = mount_with_clock().await;
    click("English").await;
    click("Tour").await;
    heading_focused_at(1, "en");
    assert!(
        !all("button").iter().any(|b| name_of(b) == "Fill in for me"),
        "nothing to fill on a step that is a button"
    );
    let mut n = 1;
    // Each step: fill it in if it has fields (the screen stays), press the step's button, Next.
    let steps: [(Option<&str>, &str); STEPS - 1] = [
        (None, "Start (利用開始)"),
        (Some("auth-contract-id"), "Next"),
        (Some("register-serial"), "Next"),
        (Some("card-first"), "Confirm"),
        (None, "Back to login"),
        (Some("login-contract-id"), "Log in"),
        (Some("login-otp"), "Log in"),
        (None, "Log out"),
        (None, "Exchange (交換)"),
        (Some("auth-contract-id"), "Next"),
        (Some("register-current-otp"), "Next"),
        (Some("card-first"), "Confirm"),
        (None, "Back to login"),
        (None, "Stop (利用中止)"),
        (Some("auth-contract-id"), "Next"),
        (Some("stop-otp"), "Next"),
        (Some("card-first"), "Confirm"),
    ];
    for (field, press) in steps {
        if let Some(field) = field {
            // Codes of a token used a moment ago are of the next step.
            clock.advance(30);
            let before = heading();
            assert_eq!(pointed().id(), field, "step {n}");
            click("Fill in for me").await;
            assert_eq!(heading(), before, "step {n}: nothing was submitted");
            assert!(summary().is_none(), "step {n}: nothing was submitted");
            let typed = doc()
                .get_element_by_id(field)
                .unwrap()
                .unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            assert!(!typed.is_empty(), "step {n}: {field} filled in");
        }
        click(press).await;
        assert!(summary().is_none(), "step {n}: {:?}", summary_messages());
        assert!(
            panel_says("Done."),
            "step {n}: {:?}",
            panel().map(|p| text(&p))
        );
        n += 1;
        click("Next step").await;
        heading_focused_at(n, "en");
    }
    assert!(
        page_says("You have stopped using one-time passwords."),
        "{}",
        heading()
    );
    click("End the tour").await;
    assert!(panel().is_none());
    assert_eq!(focused_name(), "Tour");
}

#[wasm_bindgen_test]
async fn back_waits_on_its_screen_and_exit_undoes_the_pointing() {
    let _app = mount_app().await;
    click("ツアー").await;
    heading_focused_at(1, "ja");
    assert!(
        button("前の手順").has_attribute("disabled"),
        "no step before the first"
    );
    // Next without pressing 利用開始: the step waits and says where it happens; nothing to fill.
    click("次の手順").await;
    heading_focused_at(2, "ja");
    assert!(
        panel_says("この手順は「ワンタイムパスワード利用開始 — 利用者認証」の画面で行います。"),
        "{:?}",
        panel().map(|p| text(&p))
    );
    assert!(
        all(".tour-target").is_empty(),
        "nothing on this screen to point at"
    );
    assert!(!all("button").iter().any(|b| name_of(b) == "お任せ入力"));
    // Going there: the field is pointed at, its own hint kept in its description.
    click("利用開始").await;
    settle().await;
    let field = pointed();
    assert_eq!(field.id(), "auth-contract-id");
    let described = field.get_attribute("aria-describedby").unwrap();
    assert!(described.split_whitespace().count() >= 2, "{described:?}");
    // Back: step 1, which the screen shown has passed.
    click("前の手順").await;
    heading_focused_at(1, "ja");
    assert!(panel_says("この手順は済みました"));
    assert!(all(".tour-target").is_empty());
    assert!(
        !field
            .get_attribute("aria-describedby")
            .unwrap_or_default()
            .contains("tour-text"),
        "the old control is no longer described by the tour"
    );
    assert!(
        all(".tour-shown").is_empty(),
        "step 1 shows nothing in the kit"
    );
    // ツアーを終了 from step 2: the tour is gone with its marks, focus on ツアー.
    click("次の手順").await;
    assert!(!all(".tour-shown").is_empty(), "step 2 shows the card");
    click("ツアーを終了").await;
    assert!(panel().is_none());
    assert_eq!(focused_name(), "ツアー");
    assert!(all(".tour-shown").is_empty() && all(".tour-target").is_empty());
    // The typing is the presenter's: the tour typed nothing.
    assert_eq!(field_value("auth-contract-id"), "");
}

/// A field's value, by id.
fn field_value(id: &str) -> String {
    doc()
        .get_element_by_id(id)
        .unwrap()
        .unchecked_into::<web_sys::HtmlInputElement>()
        .value()
}
