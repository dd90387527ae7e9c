//! The demo kit in the browser: 利用開始 completed with codes read off each emulator by its
//! accessible name, a newly issued token enrolled, drift shown by skewing a token's clock, the QR
//! codes and otpauth URIs, and the emulator pages.

use crate::support;

use leptos::prelude::*;
use shinkin_otp::bank::back_office;
use shinkin_otp::bank::demo::DemoBank;
use shinkin_otp::bank::store::{self, LocalStorage};
use shinkin_otp::bank::{CallError, Unavailable};
use shinkin_otp::domain::demo_data;
use shinkin_otp::domain::input::{Serial, TokenModel};
use shinkin_otp::domain::ledger::{Enrolment, EnrolmentStatus, LoginOtp};
use shinkin_otp::domain::SystemClock;
use shinkin_otp::ui::kit::standalone::TokenPage;
use shinkin_otp::ui::kit::{provide_kit_bank, KitBank, KitFailures};
use shinkin_otp::ui::messages;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

const HANAKO: usize = 0;

/// 利用開始 for 山田 花子 with `serial`, the code read from the kit just before it is typed.
async fn start_with(serial: &str) {
    click("利用開始").await;
    fill("契約者ID（利用者番号）", "10000000001");
    fill("ログインパスワード", "hanako12");
    click("次へ").await;
    fill("シリアル番号(半角英数字)", serial);
    let code = kit_code(serial).await;
    fill("ワンタイムパスワード(半角数字)", &code);
    click("次へ").await;
}

/// The confirmation and result after [`start_with`].
async fn finish_start(serial: &str) {
    assert!(
        page_says("確認用パスワード入力"),
        "summary: {:?}",
        summary_messages()
    );
    fill_card_answers(HANAKO);
    click("実行").await;
    assert!(page_says("ワンタイムパスワードの利用登録が完了しました。"));
    assert!(page_says(&format!("********{}", &serial[8..])));
}

#[wasm_bindgen_test]
async fn software_token_emulator_shows_app_name_code_countdown_and_serial() {
    let _app = mount_app().await;
    open_kit().await;
    let phone = named("ソフトウェアトークン SKTS10000002");
    let shown = text(&phone);
    assert!(shown.contains("しんきん（個人）ワンタイムパスワード"));
    assert!(shown.contains("秒で更新"));
    assert!(shown.contains("シリアル番号 SKTS10000002"));
    // Drawn 3+3, but the accessible text is the six digits in one run.
    let code = named("SKTS10000002 のワンタイムパスワード");
    assert_eq!(
        code.children().length(),
        1,
        "the second half is a separate span"
    );
    assert!(text(&code).chars().all(|c| c.is_ascii_digit()));
}

#[wasm_bindgen_test]
async fn start_with_the_software_token_emulator() {
    let _app = mount_app().await;
    open_kit().await;
    start_with("SKTS10000002").await;
    finish_start("SKTS10000002").await;
}

#[wasm_bindgen_test]
async fn hardware_token_shows_a_code_only_after_its_button_and_the_serial_on_its_back() {
    let _app = mount_app().await;
    open_kit().await;
    let display = named("SKHT20000001 のワンタイムパスワード");
    assert_eq!(text(&display), "", "blank until the button is pressed");
    click("SKHT20000001 のボタンを押す").await;
    assert_eq!(text(&display).len(), 6);

    // The serial is read from the back.
    let back = named("ハードウェアトークン SKHT20000001")
        .query_selector(".hw-back")
        .unwrap()
        .unwrap();
    assert!(back.has_attribute("hidden"));
    button_in("ハードウェアトークン SKHT20000001", "裏返す").click();
    settle().await;
    assert!(!back.has_attribute("hidden"));
    assert!(text(&back).contains("SKHT20000001"));
}

#[wasm_bindgen_test]
async fn start_with_the_hardware_token_emulator() {
    let _app = mount_app().await;
    open_kit().await;
    start_with("SKHT20000001").await;
    finish_start("SKHT20000001").await;
}

#[wasm_bindgen_test]
async fn a_newly_issued_token_can_be_enrolled() {
    let _app = mount_app().await;
    open_kit().await;
    click("ソフトウェアトークンを発行").await;
    let status = all("[role=status]")
        .iter()
        .map(text)
        .find(|t| t.contains("を発行しました"))
        .expect("an issue notice");
    let serial: String = status
        .split_whitespace()
        .find(|w| w.starts_with("SKTS"))
        .expect("the new serial")
        .to_owned();
    assert_ne!(serial, "SKTS10000001");
    assert_ne!(serial, "SKTS10000002");
    start_with(&serial).await;
    finish_start(&serial).await;
}

#[wasm_bindgen_test]
async fn a_token_whose_clock_is_off_is_refused_with_the_drift_message() {
    let _app = mount_app().await;
    open_kit().await;
    let clock = "SKTS10000001 の時計";
    for _ in 0..3 {
        button_in(clock, "30秒進める").click();
    }
    settle().await;
    assert!(text(&named(clock)).contains("90秒進んでいます"));
    start_with("SKTS10000001").await;
    assert!(summary_has_focus());
    assert!(
        summary_messages()[0].contains("トークンの時刻がずれている可能性があります"),
        "{:?}",
        summary_messages()
    );
    // Put right, the token's next code is accepted.
    button_in(clock, "ずれを戻す").click();
    settle().await;
    let code = kit_code("SKTS10000001").await;
    fill("シリアル番号(半角英数字)", "SKTS10000001");
    fill("ワンタイムパスワード(半角数字)", &code);
    click("次へ").await;
    finish_start("SKTS10000001").await;
}

#[wasm_bindgen_test]
async fn every_token_has_a_qr_code_and_an_otpauth_uri() {
    let _app = mount_app().await;
    open_kit().await;
    for serial in [
        "SKTS10000001",
        "SKTS10000002",
        "SKHT20000001",
        "SKHT20000002",
    ] {
        let qr = named(&format!("{serial} のQRコード"));
        assert!(
            qr.query_selector("svg").unwrap().is_some(),
            "{serial} has an SVG QR code"
        );
        let uri: web_sys::HtmlTextAreaElement = qr
            .parent_element()
            .unwrap()
            .query_selector("textarea")
            .unwrap()
            .unwrap()
            .dyn_into()
            .unwrap();
        let uri = uri.value();
        assert!(uri.starts_with("otpauth://totp/"), "{uri}");
        assert!(uri.contains(&format!(":{serial}?secret=")), "{uri}");
        assert!(uri.contains("algorithm=SHA1&digits=6&period=30"), "{uri}");
    }
}

#[wasm_bindgen_test]
async fn the_kit_shows_both_customer_cards_front_and_back() {
    let _app = mount_app().await;
    open_kit().await;
    let card = text(&named("山田 花子 様のお客様カード"));
    assert!(card.contains("10000000001"));
    assert!(card.contains("アイウエオカキク"));
    assert!(card.contains("38159027"));
    assert!(text(&named("佐藤 一郎 様のお客様カード")).contains("10000000002"));
}

#[wasm_bindgen_test]
async fn the_software_token_page_shows_a_token_on_its_own() {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let container: web_sys::HtmlElement = doc().create_element("div").unwrap().unchecked_into();
    doc().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), || {
        view! { <TokenPage model=TokenModel::Software/> }
    });
    settle().await;
    assert_eq!(heading(), "ソフトウェアトークン（デモ）");
    assert!(has_field("トークン") || !all("select").is_empty());
    assert_eq!(kit_code("SKTS10000001").await.len(), 6);
    // The page issues a token of its own kind and shows it.
    click("新しいトークンを発行").await;
    let serial = all("#token-choice option:checked")
        .first()
        .map(text)
        .unwrap();
    assert!(serial.starts_with("SKTS") && serial != "SKTS10000001" && serial != "SKTS10000002");
    assert_eq!(kit_code(&serial).await.len(), 6);
    drop(handle);
    container.remove();
}

#[wasm_bindgen_test]
async fn reset_after_a_confirmation_returns_to_the_seeded_state() {
    let _app = mount_app().await;
    for _ in 0..5 {
        fill("契約者ID（利用者番号）", "10000000001");
        fill("パスワード", "wrong123");
        click("ログイン").await;
    }
    assert!(summary_messages()[0].contains("ログインを停止しています"));
    open_kit().await;
    click("ソフトウェアトークンを発行").await;
    let tokens_with_issued = all(".kit-token").len();

    click("デモデータを初期化").await;
    let confirm = named("デモデータの初期化の確認");
    assert!(text(&confirm).contains("よろしいですか"));
    assert_eq!(
        doc().active_element().map(|e| text(&e)).as_deref(),
        Some("やめる")
    );
    click("やめる").await;
    assert_eq!(
        all(".kit-token").len(),
        tokens_with_issued,
        "nothing reset without confirming"
    );

    click("デモデータを初期化").await;
    click("初期化する").await;
    assert_eq!(notice().as_deref(), Some("デモデータを初期化しました。"));
    assert_eq!(all(".kit-token").len(), 4, "issued tokens are gone");
    assert_eq!(heading(), "ログイン");
    fill("契約者ID（利用者番号）", "10000000001");
    fill("パスワード", "hanako12");
    click("ログイン").await;
    assert_eq!(heading(), "ログインしました", "the lockout is lifted");
}

#[wasm_bindgen_test]
async fn the_kit_is_built_when_opened_and_dropped_when_closed() {
    let _app = mount_app().await;
    // The login screen starts without the kit's contents (cards, emulators, QR codes).
    assert!(all(".kit-token").is_empty() && all(".qr").is_empty());
    open_kit().await;
    assert_eq!(all(".kit-token").len(), 4);
    assert_eq!(all(".qr").len(), 4);
    // Closing it (its summary, as a keyboard or pointer user would) drops them again.
    all("#demo-kit summary")[0]
        .dyn_ref::<web_sys::HtmlElement>()
        .unwrap()
        .click();
    settle().await;
    assert!(all(".kit-token").is_empty());
}

/// What another tab's write to the demo bank tells this one: the `storage` event, on which every
/// kit of the page reads the back office again.
async fn another_tab_wrote() {
    let event = web_sys::Event::new("storage").unwrap();
    web_sys::window().unwrap().dispatch_event(&event).unwrap();
    settle().await;
}

/// The emulator page of `model` on fresh storage, and what removes it.
async fn mount_token_page(model: TokenModel) -> impl Drop {
    local_storage().clear().unwrap();
    let container: web_sys::HtmlElement = doc().create_element("div").unwrap().unchecked_into();
    doc().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), move || view! { <TokenPage model/> });
    settle().await;
    struct Page<T>(Option<T>, web_sys::HtmlElement);
    impl<T> Drop for Page<T> {
        fn drop(&mut self) {
            self.0.take();
            self.1.remove();
        }
    }
    Page(Some(handle), container)
}

/// The serial the emulator page's token choice shows.
fn chosen_serial() -> Option<String> {
    all("#token-choice option:checked").first().map(text)
}

#[wasm_bindgen_test]
async fn the_token_page_falls_back_to_a_listed_token_when_its_token_is_gone() {
    let _page = mount_token_page(TokenModel::Software).await;
    click("新しいトークンを発行").await;
    let issued = chosen_serial().unwrap();
    assert!(issued.starts_with("SKTS") && issued != "SKTS10000001" && issued != "SKTS10000002");

    // Another tab resets the demo: the issued token is gone.
    DemoBank::in_browser(Arc::new(SystemClock)).reset().await;
    another_tab_wrote().await;
    assert!(
        all("#token-choice option")
            .iter()
            .all(|o| text(o) != issued),
        "the list no longer offers it"
    );
    assert_eq!(chosen_serial().as_deref(), Some("SKTS10000001"));
    assert_eq!(
        all(".token-stage").len(),
        1,
        "the first token is shown instead"
    );
    assert_eq!(kit_code("SKTS10000001").await.len(), 6);
}

#[wasm_bindgen_test]
async fn a_token_issued_on_its_page_replaces_the_shown_one_without_another_in_between() {
    let _page = mount_token_page(TokenModel::Software).await;
    let choice: web_sys::HtmlSelectElement = doc()
        .get_element_by_id("token-choice")
        .unwrap()
        .unchecked_into();
    choice.set_value("SKTS10000002");
    choice
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle().await;
    assert_eq!(chosen_serial().as_deref(), Some("SKTS10000002"));
    // Every token display the page shows from here on, built or relabelled, even one replaced
    // before it is painted.
    js_sys::eval(
        "window.__shownTokens = []; const shown = '[aria-label$=\"のワンタイムパスワード\"]'; \
         const seen = (el) => window.__shownTokens.push(el.getAttribute('aria-label')); \
         new MutationObserver((records) => { for (const r of records) { \
           if (r.type === 'attributes') { if (r.target.matches(shown)) seen(r.target); continue; } \
           for (const n of r.addedNodes) if (n.querySelectorAll) \
             for (const c of [...(n.matches(shown) ? [n] : []), ...n.querySelectorAll(shown)]) seen(c); \
         } }).observe(document.body, { childList: true, subtree: true, attributes: true, \
           attributeFilter: ['aria-label'] });",
    )
    .unwrap();
    click("新しいトークンを発行").await;
    settle().await;
    let issued = chosen_serial().unwrap();
    assert!(issued != "SKTS10000001" && issued != "SKTS10000002");
    let shown: Vec<String> = js_sys::Array::from(
        &js_sys::Reflect::get(&web_sys::window().unwrap(), &"__shownTokens".into()).unwrap(),
    )
    .iter()
    .filter_map(|v| v.as_string())
    .collect();
    let issued_label = format!("{issued} のワンタイムパスワード");
    assert!(
        !shown.is_empty() && shown.iter().all(|label| *label == issued_label),
        "only the issued token is shown after 発行, never the first one for a moment: {shown:?}"
    );
}

#[wasm_bindgen_test]
async fn a_failed_action_stays_shown_across_readings_until_dismissed() {
    local_storage().clear().unwrap();
    let slot: Rc<RefCell<Option<KitBank>>> = Rc::default();
    let container: web_sys::HtmlElement = doc().create_element("div").unwrap().unchecked_into();
    doc().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), {
        let slot = slot.clone();
        move || {
            let kit = provide_kit_bank(Arc::new(back_office::for_page(Arc::new(SystemClock))));
            kit.follow();
            *slot.borrow_mut() = Some(kit);
            view! { <KitFailures/> }
        }
    });
    settle().await;
    let kit = slot.borrow().clone().unwrap();
    let shows = |said: &str| text(&container).contains(said);
    // As when the bank refuses to issue a token.
    let said = messages::ja::JA.call_failed(Unavailable::ServerError);
    kit.action_failure
        .set(Some(CallError::Unavailable(Unavailable::ServerError)));
    settle().await;
    assert!(shows(&said));

    // Readings the presenter did not ask for: another tab's write, the kit's own refresh.
    another_tab_wrote().await;
    kit.refresh();
    settle().await;
    assert!(shows(&said), "a reading does not take it away");

    click(messages::kit::ja::JA_KIT.kit_failure_dismiss).await;
    assert!(!shows(&said), "閉じる does");
    drop(handle);
    container.remove();
}

#[wasm_bindgen_test]
async fn the_desk_keeps_each_customers_row_when_another_leaves_it() {
    // Both customers reported their token lost: both wait at the desk, 佐藤 一郎 first.
    let _app = mount_app_with(|_| {
        let mut ledger = demo_data::seeded_ledger();
        ledger.enrolments.push(Enrolment {
            contract_id: demo_data::contract_id("10000000001"),
            serial: Serial::parse("SKTS10000002").unwrap(),
            login_otp: LoginOtp::Required,
            status: EnrolmentStatus::Active,
            enrolled_at: now(),
        });
        for e in &mut ledger.enrolments {
            e.status = EnrolmentStatus::Suspended;
        }
        store::save(&LocalStorage, &ledger).unwrap();
    })
    .await;
    open_kit().await;
    let rows = all(".kit-desk li");
    assert_eq!(rows.len(), 2);
    assert!(text(&rows[1]).contains("山田 花子"));
    let hanakos = button("山田 花子 様の本人確認を済ませ、トークンの利用を停止する");
    hanakos.focus().unwrap();

    // The bank stops 佐藤 一郎's token: his row goes, 山田 花子's stays as it was.
    button("佐藤 一郎 様の本人確認を済ませ、トークンの利用を停止する").click();
    settle().await;
    assert_eq!(all(".kit-desk li").len(), 1);
    assert!(
        rows[1].is_connected(),
        "her row is the same element, not 佐藤 一郎's rewritten"
    );
    assert_eq!(
        doc().active_element(),
        Some(hanakos.into()),
        "so the focus stays on her button"
    );
    // Readings that change nothing at the desk leave it be too.
    another_tab_wrote().await;
    assert!(rows[1].is_connected());
}
