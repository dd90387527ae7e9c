//! The bank rules where the page is involved, in the browser: flow expiry with an injected clock, no
//! bypass by address, reload or edited storage, uniform failure, lockouts surviving a reload,
//! hygiene of the address bar, storage and console, one submission at a time, and bad input shown as
//! text only.

use crate::support;

use shinkin_otp::bank::demo_data;
use shinkin_otp::domain::token::base32;
use shinkin_otp::domain::totp;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

const ID: &str = "10000000001";
const PASSWORD: &str = "hanako12";

async fn to_register() {
    click("利用開始").await;
    fill("契約者ID（利用者番号）", ID);
    fill("ログインパスワード", PASSWORD);
    click("次へ").await;
    assert!(
        has_field("シリアル番号(半角英数字)"),
        "{:?}",
        summary_messages()
    );
}

#[wasm_bindgen_test]
async fn an_idle_flow_expires_after_ten_minutes_and_starts_again_at_user_authentication() {
    local_storage().clear().unwrap();
    let clock = TestClock::starting_now();
    let _app = remount(Some(clock.clone())).await;
    to_register().await;
    clock.advance(10 * 60);
    fill("シリアル番号(半角英数字)", "SKTS10000001");
    let seed = demo_data::seed_of("SKTS10000001").unwrap();
    fill(
        "ワンタイムパスワード(半角数字)",
        &totp::code_at(seed, clock.reading()),
    );
    click("次へ").await;
    assert!(notice()
        .unwrap()
        .contains("一定時間（10分）操作がなかったため"));
    assert_eq!(heading(), "ワンタイムパスワード利用開始");
    assert!(has_field("契約者ID（利用者番号）"), "back at 利用者認証");
    assert_eq!(
        all("[aria-current=step]").first().map(text).as_deref(),
        Some("ステップ1/4：利用者認証")
    );
}

#[wasm_bindgen_test]
async fn a_code_refused_as_a_past_drift_step_is_refused_after_the_clock_steps_back() {
    local_storage().clear().unwrap();
    let clock = TestClock::starting_now();
    let _app = remount(Some(clock.clone())).await;
    let ichiro = demo_data::CUSTOMERS[1];
    // 佐藤 一郎's token runs three steps (90 s) slow.
    let seed = demo_data::seed_of("SKHT20000002").unwrap();
    let late = totp::code_at(seed, clock.reading() - 90);
    fill("契約者ID（利用者番号）", ichiro.contract_id);
    fill("パスワード", ichiro.password);
    click("ログイン").await;
    fill("ワンタイムパスワード(半角数字)", &late);
    click("ログイン").await;
    assert!(
        summary_messages()
            .first()
            .is_some_and(|m| m.contains("トークンの時刻がずれている")),
        "{:?}",
        summary_messages()
    );
    // The bank's clock steps back 90 s: the code's step is in the window again, still refused.
    clock.0.fetch_sub(90, std::sync::atomic::Ordering::Relaxed);
    fill("ワンタイムパスワード(半角数字)", &late);
    click("ログイン").await;
    assert!(
        summary_messages()
            .first()
            .is_some_and(|m| m.contains("すでに使われた")),
        "{:?}",
        summary_messages()
    );
    assert_ne!(heading(), "ログインしました");
}

#[wasm_bindgen_test]
async fn registration_is_not_reachable_by_address_reload_history_or_edited_storage() {
    let window = web_sys::window().unwrap();
    let href = window.location().href().unwrap();
    let app = mount_app().await;
    to_register().await;
    // Nothing about the flow went into the address or the history: each step's entry holds only
    // its position (tests/browser/demo/history.rs), which a reload does not replay.
    assert_eq!(window.location().href().unwrap(), href);
    assert_eq!(
        history_state(),
        vec![("shinkinOtpEntry".to_owned(), "number".to_owned())]
    );
    // Storage holds only the ledger (and no flow handle to forge).
    let storage = local_storage();
    let keys: Vec<String> = (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .collect();
    assert!(
        keys.iter().all(|k| k.starts_with("shinkin-otp.")),
        "{keys:?}"
    );
    // Reload: back at ログイン.
    drop(app);
    let app = remount(None).await;
    assert_eq!(heading(), "ログイン");
    drop(app);
    // Hand-edited storage pretending to be mid-flow: still ログイン, with the reset notice.
    storage
        .set_item(
            shinkin_otp::bank::store::LEDGER_KEY,
            r#"{"version":2,"ledger":{"flows":[{"stage":"AwaitingCard"}]}}"#,
        )
        .unwrap();
    storage
        .set_item("shinkin-otp.flow", "00000000000000000000000000000000")
        .unwrap();
    let _app = remount(None).await;
    assert_eq!(heading(), "ログイン");
    assert!(!has_field("シリアル番号(半角英数字)"));
}

#[wasm_bindgen_test]
async fn a_wrong_contract_id_and_a_wrong_password_look_exactly_the_same() {
    let _app = mount_app().await;
    let attempt = |id: &'static str, pw: &'static str| async move {
        fill("契約者ID（利用者番号）", id);
        fill("パスワード", pw);
        click("ログイン").await;
        all("main").first().unwrap().inner_html()
    };
    let unknown_id = attempt("19999999999", PASSWORD).await;
    let wrong_password = attempt(ID, "wrong123").await;
    assert!(unknown_id.contains("契約者ID（利用者番号）またはパスワードが正しくありません"));
    assert_eq!(unknown_id, wrong_password);
}

#[wasm_bindgen_test]
async fn a_locked_login_survives_a_reload_refuses_the_right_password_and_says_what_to_do() {
    let app = mount_app().await;
    for _ in 0..5 {
        fill("契約者ID（利用者番号）", ID);
        fill("パスワード", "wrong123");
        click("ログイン").await;
    }
    let locked = summary_messages();
    assert!(locked[0].contains("ログインを停止しています"));
    assert!(
        locked[0].contains("デモデータを初期化"),
        "says what to do in the demo"
    );
    drop(app);
    let _app = remount(None).await; // a reload or a new tab
    fill("契約者ID（利用者番号）", ID);
    fill("パスワード", PASSWORD);
    click("ログイン").await;
    assert_eq!(
        summary_messages(),
        locked,
        "the right password gets the same message"
    );
}

/// One login with a wrong password; the messages it got.
async fn wrong_login() -> Vec<String> {
    fill("契約者ID（利用者番号）", ID);
    fill("パスワード", "wrong123");
    click("ログイン").await;
    summary_messages()
}

#[wasm_bindgen_test]
async fn a_second_submission_while_one_is_running_is_impossible() {
    let _app = mount_app().await;
    // Two complete, valid submissions in one tick, before the first call's reply: the password is
    // typed again and the button re-enabled by hand, so only the one-at-a-time guard can stop the
    // second.
    for _ in 0..2 {
        fill("契約者ID（利用者番号）", ID);
        fill("パスワード", "wrong123");
        let submit = button("ログイン");
        submit.remove_attribute("disabled").unwrap();
        submit.click();
    }
    settle().await;
    // The bank counted one wrong password, not two: three more leave login open (4 of 5)…
    for attempt in 2..=4 {
        let said = wrong_login().await;
        assert!(
            said[0].contains("契約者ID（利用者番号）またはパスワードが正しくありません"),
            "wrong password {attempt} of 5: {said:?}"
        );
    }
    // …and the fifth locks it.
    assert!(wrong_login().await[0].contains("ログインを停止しています"));
}

#[wasm_bindgen_test]
async fn a_reply_that_arrives_after_its_screen_was_left_is_ignored() {
    let _app = mount_app().await;
    click("利用開始").await;
    fill("契約者ID（利用者番号）", ID);
    fill("ログインパスワード", PASSWORD);
    // 次へ sends the right password; 戻る is pressed before the bank's reply is in.
    button("次へ").click();
    button("戻る").click();
    settle().await;
    assert_eq!(heading(), "ログイン", "the customer stays where they went");
    assert!(!has_field("シリアル番号(半角英数字)"));
    assert_eq!(notice(), None);
    // The login screen works as usual afterwards.
    fill("契約者ID（利用者番号）", ID);
    fill("パスワード", PASSWORD);
    click("ログイン").await;
    assert_eq!(heading(), "ログインしました");
}

/// Records everything written to the console from now on (read by [`console_record`]).
fn record_console() {
    js_sys::Function::new_no_args(
        "window.__consoleRecord = [];
         for (const m of ['log', 'info', 'warn', 'error', 'debug']) {
           const original = console[m];
           console[m] = (...args) => { window.__consoleRecord.push(args.map(String).join(' ')); original.apply(console, args); };
         }",
    )
    .call0(&wasm_bindgen::JsValue::NULL)
    .unwrap();
}

fn console_record() -> String {
    let record =
        js_sys::Reflect::get(&web_sys::window().unwrap(), &"__consoleRecord".into()).unwrap();
    js_sys::Array::from(&record).join("\n").into()
}

fn storage_dump(storage: &web_sys::Storage) -> String {
    (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .map(|k| format!("{k}={}", storage.get_item(&k).unwrap().unwrap_or_default()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts no secret is in the address, either storage or the console, and the secret fields are empty.
fn assert_clean(secrets: &[String], step: &str) {
    let window = web_sys::window().unwrap();
    let places = [
        ("address", window.location().href().unwrap()),
        ("localStorage", storage_dump(&local_storage())),
        (
            "sessionStorage",
            storage_dump(&window.session_storage().unwrap().unwrap()),
        ),
        ("console", console_record()),
    ];
    for (place, content) in &places {
        for secret in secrets {
            assert!(
                !content.contains(secret.as_str()),
                "{step}: {secret:?} found in {place}"
            );
        }
    }
    for input in all("input[type=password], input[autocomplete=one-time-code]") {
        let input: web_sys::HtmlInputElement = input.unchecked_into();
        assert_eq!(
            input.value(),
            "",
            "{step}: a password or code field kept its value"
        );
    }
}

#[wasm_bindgen_test]
async fn no_password_code_seed_or_card_answer_leaves_the_page_after_any_step() {
    record_console();
    let _app = mount_app().await;
    let seed = demo_data::seed_of("SKTS10000001").unwrap();
    let card = demo_data::CUSTOMERS[0]
        .card
        .iter()
        .map(|d| d.to_string())
        .collect::<String>();
    let mut secrets = vec![
        PASSWORD.to_owned(),
        String::from_utf8_lossy(seed).into_owned(),
        base32(seed),
        card,
    ];
    to_register().await;
    assert_clean(&secrets, "利用者認証");
    let code = code("SKTS10000001", 0);
    secrets.push(code.clone());
    fill("シリアル番号(半角英数字)", "SKTS10000001");
    fill("ワンタイムパスワード(半角数字)", &code);
    click("次へ").await;
    assert_clean(&secrets, "ワンタイムパスワードの登録");
    let (first, second) = fill_card_answers(0);
    let answers = (field(&first).value(), field(&second).value());
    click("実行").await;
    assert!(page_says("処理結果"));
    // Two digits are too short to search for as a substring (a timestamp may hold them), so look
    // for the forms an answer or a challenge would take if anything stored or logged them.
    secrets.extend([
        format!("[{},{}]", answers.0, answers.1),
        format!("[{}, {}]", answers.0, answers.1),
        "answer".to_owned(),
        "challenge".to_owned(),
    ]);
    assert_clean(&secrets, "処理結果");
    for input in all("input") {
        let input: web_sys::HtmlInputElement = input.unchecked_into();
        assert_eq!(input.value(), "", "card fields are emptied too");
    }
    click("ログイン画面へ").await;
    fill("契約者ID（利用者番号）", ID);
    fill("パスワード", PASSWORD);
    click("ログイン").await;
    assert_clean(&secrets, "ログイン");
    let next = code_at_next_step("SKTS10000001");
    secrets.push(next.clone());
    fill("ワンタイムパスワード(半角数字)", &next);
    click("ログイン").await;
    assert_eq!(heading(), "ログインしました");
    assert_clean(&secrets, "ワンタイムパスワード認証");
}

#[wasm_bindgen_test]
async fn markup_typed_into_a_field_is_never_rendered_as_markup() {
    let _app = mount_app().await;
    fill(
        "契約者ID（利用者番号）",
        "<img src=x onerror=alert(1)><b>1</b>",
    );
    fill("パスワード", "<script>alert(1)</script>");
    click("ログイン").await;
    let summary = summary().expect("the error summary");
    assert_eq!(
        summary
            .query_selector_all("img, b, script")
            .unwrap()
            .length(),
        0
    );
    assert_eq!(all("main img, main script, main b").len(), 0);
    assert_eq!(
        inline_error("契約者ID（利用者番号）").as_deref(),
        Some("契約者ID（利用者番号）は数字で入力してください。")
    );
    assert_eq!(
        field("契約者ID（利用者番号）").value(),
        "<img src=x onerror=alert(1)><b>1</b>",
        "typing kept"
    );
}
