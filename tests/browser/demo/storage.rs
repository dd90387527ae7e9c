//! The demo bank's storage in the browser: hand-edited values (malformed serials, wrong types, huge
//! strings) never stop the app and are reset with a notice (rule 6); storage that refuses writes
//! leaves every rule in force for the page's life and the page says so (rule 7); a call waits for
//! another tab holding the Web Lock and builds on that tab's write, and the kit shows another tab's
//! change as soon as the `storage` event says so (rule 8).

use crate::support;

use js_sys::{Function, Reflect};
use shinkin_otp::bank::demo::{DemoBank, LOCK_NAME};
use shinkin_otp::bank::demo_data;
use shinkin_otp::bank::store::{LocalStorage, LEDGER_KEY, VENDOR_KEY};
use shinkin_otp::bank::tab_lock::SingleTab;
use shinkin_otp::bank::Calls;
use shinkin_otp::domain::bank::NewToken;
use shinkin_otp::domain::flows::Procedure;
use shinkin_otp::domain::input::{self, TokenModel};
use shinkin_otp::domain::ledger::LoginOtp;
use shinkin_otp::domain::{token, totp, OsRandom, SystemClock};
use std::sync::Arc;
use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

const ID: &str = "10000000001";
const PASSWORD: &str = "hanako12";
const RESET: &str = "保存されていたデモデータが読み取れなかったため、初期状態に戻しました。";
const DROPPED: &str = "保存されていたデモのトークンの一部が読み取れなかったため";
const UNSAVED: &str =
    "このブラウザではデモのデータを保存できないため、これからの変更は再読み込みすると失われます。";
const LOCKED: &str = "ログインを停止しています";

/// Runs JavaScript in the test page (which, unlike the app's bundle, has no CSP).
fn js(body: &str) -> JsValue {
    Function::new_no_args(body).call0(&JsValue::NULL).unwrap()
}

/// Another tab of the demo: its own demo bank over the same localStorage. It takes no Web Lock of
/// its own, so the tests can run it while they hold the lock on its behalf.
fn other_tab() -> DemoBank {
    DemoBank::new(
        Box::new(LocalStorage),
        Box::new(SingleTab),
        Arc::new(SystemClock),
    )
}

/// Mounts the app over storage holding `value` under `key`, and checks it shows ログイン with a
/// notice containing `says`.
async fn mount_tampered(key: &str, value: &str, says: &str) -> Mounted {
    let app = mount_app_with(|s| s.set_item(key, value).unwrap()).await;
    assert_eq!(heading(), "ログイン", "{key} = {value:.80}");
    let notice = notice().unwrap_or_default();
    assert!(
        notice.contains(says),
        "{key} = {value:.80}: notice {notice:?}"
    );
    app
}

/// Logs in as 山田 花子 (seeded: no token, so no code is asked).
async fn log_in_as_hanako(password: &str) {
    fill("契約者ID（利用者番号）", ID);
    fill("パスワード", password);
    click("ログイン").await;
}

#[wasm_bindgen_test]
async fn a_hand_edited_ledger_never_stops_the_app_and_is_reset_with_a_notice() {
    let huge = "9".repeat(1_000_000);
    let cases = [
        // A malformed serial in an enrolment and in a token's counters.
        r#"{"version":2,"ledger":{"enrolments":[{"contract_id":"10000000002","serial":"SK","login_otp":"Required","status":"Active","enrolled_at":0}],"tokens":[],"customers":[]}}"#.to_owned(),
        r#"{"version":2,"ledger":{"enrolments":[],"tokens":[{"serial":"skts1000000１","last_accepted_step":null,"refused_steps":[],"failures":0}],"customers":[]}}"#.to_owned(),
        // Wrong types.
        r#"{"version":"2","ledger":[]}"#.to_owned(),
        r#"{"version":2,"ledger":{"enrolments":"all","tokens":7,"customers":null}}"#.to_owned(),
        "[1,2,3]".to_owned(),
        "null".to_owned(),
        // Huge values.
        format!(r#"{{"version":2,"ledger":{{"enrolments":[{{"contract_id":"{huge}","serial":"{huge}","login_otp":"Required","status":"Active","enrolled_at":{huge}}}],"tokens":[],"customers":[]}}}}"#),
        huge.clone(),
    ];
    for raw in &cases {
        let _app = mount_tampered(LEDGER_KEY, raw, RESET).await;
    }
    // After the reset the demo works from its seeded state.
    let _app = mount_tampered(LEDGER_KEY, &cases[0], RESET).await;
    log_in_as_hanako(PASSWORD).await;
    assert_eq!(heading(), "ログインしました");
}

#[wasm_bindgen_test]
async fn a_hand_edited_vendor_registry_never_stops_the_app_and_keeps_the_good_tokens() {
    let good = token::issue(TokenModel::Software, &mut OsRandom, |_| false);
    let secret = token::base32(&good.seed);
    let huge = "S".repeat(1_000_000);
    for raw in [
        // A malformed serial: it used to deserialise, then panic in Serial::model on every load.
        format!(r#"[{{"serial":"SK","secret":"{secret}"}}]"#),
        r#"[{"serial":12,"secret":null}]"#.to_owned(),
        format!(r#"[{{"serial":"SKTS12345678","secret":"{huge}"}}]"#),
        format!(r#"[{{"serial":"{huge}","secret":"{secret}"}}]"#),
        r#"{"serial":"SKTS12345678"}"#.to_owned(),
        huge.clone(),
    ] {
        let _app = mount_tampered(VENDOR_KEY, &raw, DROPPED).await;
    }
    // One bad entry beside a good one: only the bad one goes.
    let raw = format!(
        r#"[{{"serial":"SK","secret":"{secret}"}},{{"serial":"{}","secret":"{secret}"}}]"#,
        good.serial
    );
    let _app = mount_tampered(VENDOR_KEY, &raw, DROPPED).await;
    open_kit().await;
    let serials: Vec<String> = all(".kit-token h3").iter().map(text).collect();
    assert_eq!(serials.len(), demo_data::TOKENS.len() + 1, "{serials:?}");
    assert!(
        serials.iter().any(|s| s.ends_with(good.serial.as_str())),
        "{serials:?}"
    );
}

#[wasm_bindgen_test]
async fn both_stores_edited_give_both_notices() {
    let app = mount_app_with(|s| {
        s.set_item(LEDGER_KEY, "{").unwrap();
        s.set_item(VENDOR_KEY, "{").unwrap();
    })
    .await;
    let notice = notice().unwrap_or_default();
    assert!(
        notice.contains(RESET) && notice.contains(DROPPED),
        "{notice:?}"
    );
    drop(app);
}

/// Makes every localStorage write throw, as a full quota does, until dropped.
struct WritesRefused {
    prototype: JsValue,
    original: JsValue,
}

impl WritesRefused {
    fn now() -> WritesRefused {
        let storage = Reflect::get(&js_sys::global(), &"Storage".into()).unwrap();
        let prototype = Reflect::get(&storage, &"prototype".into()).unwrap();
        let original = Reflect::get(&prototype, &"setItem".into()).unwrap();
        let throwing = Function::new_with_args(
            "key, value",
            "throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');",
        );
        Reflect::set(&prototype, &"setItem".into(), &throwing).unwrap();
        WritesRefused {
            prototype,
            original,
        }
    }
}

impl Drop for WritesRefused {
    fn drop(&mut self) {
        Reflect::set(&self.prototype, &"setItem".into(), &self.original).unwrap();
    }
}

#[wasm_bindgen_test]
async fn five_wrong_passwords_lock_and_the_page_says_so_when_storage_cannot_be_written() {
    let refused = WritesRefused::now();
    let _app = mount_app().await;
    for _ in 0..5 {
        log_in_as_hanako("wrong123").await;
    }
    assert!(
        summary_messages()[0].contains(LOCKED),
        "{:?}",
        summary_messages()
    );
    log_in_as_hanako(PASSWORD).await;
    assert!(
        summary_messages()[0].contains(LOCKED),
        "the right password is refused too: {:?}",
        summary_messages()
    );
    assert_eq!(notice().as_deref(), Some(UNSAVED));
    drop(refused);
}

#[wasm_bindgen_test]
async fn a_lockout_holds_when_storage_fills_up_part_way_and_the_page_says_so_at_once() {
    let _app = mount_app().await;
    for _ in 0..2 {
        log_in_as_hanako("wrong123").await;
    }
    assert_eq!(notice(), None);
    let refused = WritesRefused::now();
    log_in_as_hanako("wrong123").await;
    let said_at_once = notice();
    for _ in 0..2 {
        log_in_as_hanako("wrong123").await;
    }
    log_in_as_hanako(PASSWORD).await;
    assert!(
        summary_messages()[0].contains(LOCKED),
        "storage still says 2, the page knows 5: {:?}",
        summary_messages()
    );
    assert_eq!(
        said_at_once.as_deref(),
        Some(UNSAVED),
        "shown on the screen where the write failed"
    );
    drop(refused);
}

#[wasm_bindgen_test]
async fn a_used_code_is_refused_again_when_storage_cannot_be_written() {
    let refused = WritesRefused::now();
    let _app = mount_app().await;
    let ichiro = demo_data::CUSTOMERS[1];
    let code = code("SKHT20000002", 0);
    for attempt in 0..2 {
        fill("契約者ID（利用者番号）", ichiro.contract_id);
        fill("パスワード", ichiro.password);
        click("ログイン").await;
        fill("ワンタイムパスワード(半角数字)", &code);
        click("ログイン").await;
        if attempt == 0 {
            assert_eq!(heading(), "ログインしました", "{:?}", summary_messages());
            click("ログアウト").await;
        }
    }
    assert!(
        summary_messages()[0].contains("すでに使われた"),
        "{:?}",
        summary_messages()
    );
    drop(refused);
}

/// Logs in as 佐藤 一郎 (seeded: his token is asked for at login) with `code`.
async fn log_in_as_ichiro_with(code: &str) {
    let ichiro = demo_data::CUSTOMERS[1];
    fill("契約者ID（利用者番号）", ichiro.contract_id);
    fill("パスワード", ichiro.password);
    click("ログイン").await;
    fill("ワンタイムパスワード(半角数字)", code);
    click("ログイン").await;
}

#[wasm_bindgen_test]
async fn a_lockout_stored_before_storage_filled_up_survives_a_reload() {
    let app = mount_app().await;
    for _ in 0..5 {
        log_in_as_hanako("wrong123").await;
    }
    assert!(summary_messages()[0].contains(LOCKED));
    drop(app);
    // The quota fills up, then the page is reloaded: a new app reading localStorage.
    let refused = WritesRefused::now();
    let _app = remount(None).await;
    let said = notice();
    log_in_as_hanako(PASSWORD).await;
    // Writes work again before any assertion, so a failure here does not spill into other tests
    // (a panic does not unwind in wasm, so the guard would never drop).
    drop(refused);
    assert_eq!(said.as_deref(), Some(UNSAVED));
    assert!(
        summary_messages()
            .first()
            .is_some_and(|m| m.contains(LOCKED)),
        "the stored lockout is read: {} {:?}",
        heading(),
        summary_messages()
    );
}

#[wasm_bindgen_test]
async fn a_code_used_before_storage_filled_up_is_refused_after_a_reload() {
    let app = mount_app().await;
    let code = code("SKHT20000002", 0);
    log_in_as_ichiro_with(&code).await;
    assert_eq!(heading(), "ログインしました", "{:?}", summary_messages());
    drop(app);
    let refused = WritesRefused::now();
    let _app = remount(None).await;
    log_in_as_ichiro_with(&code).await;
    drop(refused);
    assert!(
        summary_messages()
            .first()
            .is_some_and(|m| m.contains("すでに使われた")),
        "the stored used step is read: {} {:?}",
        heading(),
        summary_messages()
    );
}

#[wasm_bindgen_test]
async fn a_hand_edited_ledger_holding_one_token_twice_is_reset_with_a_notice() {
    // 佐藤 一郎's token counted twice: used up to step 1 and unlocked, then locked with a later step.
    let counters = |step: u64, failures: u32| {
        format!(
            r#"{{"serial":"SKHT20000002","last_accepted_step":{step},"refused_steps":[],"failures":{failures}}}"#
        )
    };
    let raw = format!(
        r#"{{"version":2,"ledger":{{"enrolments":[{{"contract_id":"10000000002","serial":"SKHT20000002","login_otp":"Required","status":"Active","enrolled_at":0}}],"tokens":[{},{}],"customers":[]}}}}"#,
        counters(1, 0),
        counters(totp::step_of(now()), 5)
    );
    let _app = mount_tampered(LEDGER_KEY, &raw, RESET).await;
    // The seeded state: 佐藤 一郎 logs in with his token's code of now.
    log_in_as_ichiro_with(&code("SKHT20000002", 0)).await;
    assert_eq!(heading(), "ログインしました", "{:?}", summary_messages());
}

/// Takes the demo bank's Web Lock as another tab would, until [`release_lock`].
async fn hold_lock() {
    js(&format!(
        "window.__releaseLock = null;
         navigator.locks.request('{LOCK_NAME}', () => new Promise(r => {{ window.__releaseLock = r; }}));"
    ));
    for _ in 0..200 {
        sleep_ms(5).await;
        if !Reflect::get(&js_sys::global(), &"__releaseLock".into())
            .unwrap()
            .is_null()
        {
            return;
        }
    }
    panic!("the Web Lock was not granted");
}

fn release_lock() {
    js("window.__releaseLock();");
}

#[wasm_bindgen_test]
async fn a_call_waits_while_another_tab_holds_the_lock_and_keeps_that_tabs_write() {
    let _app = mount_app().await;
    hold_lock().await;
    // This tab's wrong password, sent while the other tab is in the middle of its own change.
    log_in_as_hanako("wrong123").await;
    assert_eq!(
        local_storage().get_item(LEDGER_KEY).unwrap(),
        None,
        "nothing is read or written while another tab holds the lock"
    );
    // The other tab counts four wrong passwords meanwhile.
    let other = other_tab();
    let id = input::contract_id(ID).unwrap();
    for _ in 0..4 {
        let _ = other.login(&id, "wrong123").await;
    }
    release_lock();
    settle().await;
    assert!(
        summary_messages()[0].contains(LOCKED),
        "this tab's attempt is the fifth: {:?}",
        summary_messages()
    );
}

/// The status line the kit shows under `serial`'s heading.
fn kit_status(serial: &str) -> String {
    all(".kit-token")
        .into_iter()
        .find(|t| {
            t.query_selector("h3")
                .unwrap()
                .map(|h| text(&h))
                .is_some_and(|h| h.ends_with(serial))
        })
        .and_then(|t| t.query_selector(".token-status").unwrap())
        .map(|s| text(&s))
        .unwrap_or_else(|| panic!("no kit token {serial}"))
}

#[wasm_bindgen_test]
async fn the_kit_shows_another_tabs_enrolment_as_soon_as_the_storage_event_arrives() {
    let _app = mount_app().await;
    open_kit().await;
    assert_eq!(kit_status("SKTS10000001"), "未登録");
    // Another tab enrols 山田 花子 with SKTS10000001.
    let other = other_tab();
    let hanako = demo_data::CUSTOMERS[0];
    let id = input::contract_id(ID).unwrap();
    let flow = other
        .authenticate(Procedure::Start, &id, PASSWORD)
        .await
        .unwrap()
        .flow;
    let serial = input::serial("SKTS10000001").unwrap();
    let seed = demo_data::seed_of("SKTS10000001").unwrap();
    let otp = input::otp_code(&totp::code_at(seed, now())).unwrap();
    let ch = other
        .register_token(
            &flow,
            &NewToken {
                serial,
                code: otp,
                login_otp: LoginOtp::Required,
            },
        )
        .await
        .unwrap();
    other
        .confirm_card(&flow, [hanako.card[ch.first], hanako.card[ch.second]])
        .await
        .unwrap();
    // The browser tells the other tabs of a write with a `storage` event (never the writing
    // document itself, so the test sends it as the browser would).
    js(&format!(
        "window.dispatchEvent(new StorageEvent('storage', {{ key: '{LEDGER_KEY}' }}));"
    ));
    settle().await;
    assert_eq!(kit_status("SKTS10000001"), "山田 花子 様が利用中");
}

#[wasm_bindgen_test]
async fn the_kit_shows_this_tabs_enrolment_without_waiting_for_a_tick() {
    let _app = mount_app().await;
    open_kit().await;
    click("利用開始").await;
    fill("契約者ID（利用者番号）", ID);
    fill("ログインパスワード", PASSWORD);
    click("次へ").await;
    fill("シリアル番号(半角英数字)", "SKTS10000001");
    fill("ワンタイムパスワード(半角数字)", &code("SKTS10000001", 0));
    click("次へ").await;
    fill_card_answers(0);
    click("実行").await;
    assert!(page_says("ワンタイムパスワードの利用登録が完了しました。"));
    assert_eq!(kit_status("SKTS10000001"), "山田 花子 様が利用中");
}
