//! The idle time limit in the demo build, on a clock the test moves (WCAG 2.2.1): the warning at 8
//! idle minutes and not a second sooner, as a modal alertdialog with focus on 延長する; 延長する
//! extends the flow at the bank; 終了する ends it; Escape extends; once over, the 契約者ID is kept
//! and nothing secret is.

use crate::support;

use shinkin_otp::domain::demo_data;
use shinkin_otp::domain::totp;
use support::time::{mount_timed, mount_timed_over_http, ControlledTime};
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

const HANAKO: usize = 0;
const ICHIRO: usize = 1;
const SERIAL: &str = "シリアル番号(半角英数字)";
const CODE: &str = "ワンタイムパスワード(半角数字)";
/// Idle seconds before the warning: 10 minutes less 2.
const WARN_AT: u64 = 8 * 60;
const FLOW_EXPIRED: &str = "一定時間（10分）操作がなかったため、お手続きを中断しました。";

/// From ログイン through 利用者認証 for 利用開始 to the registration screen, as 山田 花子.
async fn to_register() {
    click("利用開始").await;
    fill(
        "契約者ID（利用者番号）",
        demo_data::CUSTOMERS[HANAKO].contract_id,
    );
    fill("ログインパスワード", demo_data::CUSTOMERS[HANAKO].password);
    click("次へ").await;
    assert!(has_field(SERIAL), "labels: {:?}", labels());
}

/// The code a demo token shows at the test clock's reading.
fn code_now(time: &ControlledTime, serial: &str) -> String {
    totp::code_at(demo_data::seed_of(serial).unwrap(), time.now())
}

/// The time limit's warning, if shown: the open dialog whose role is alertdialog.
fn warning() -> Option<web_sys::HtmlDialogElement> {
    open_dialog().filter(|d| d.get_attribute("role").as_deref() == Some("alertdialog"))
}

/// The text of the element `id` names.
fn text_of_id(id: &str) -> String {
    doc()
        .get_element_by_id(id)
        .map(|e| text(&e))
        .unwrap_or_default()
}

fn focused_name() -> String {
    doc()
        .active_element()
        .map(|e| name_of(&e))
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_warning_comes_at_eight_idle_minutes_and_not_a_second_sooner() {
    let time = ControlledTime::new();
    let _app = mount_timed(&time, None).await;
    assert_eq!(time.waiting(), 0, "nothing is counted on ログイン");
    to_register().await;
    assert_eq!(time.waiting(), 1, "one wake-up, to the warning: no polling");

    time.advance(WARN_AT - 1).await;
    assert!(warning().is_none(), "7:59 idle: no warning yet");
    time.advance(1).await;
    let dialog = warning().expect("the warning at 8:00 idle");
    assert!(dialog.has_attribute("open"));
    // Named and described by its own title and text; the time left said in the text.
    let title = text_of_id(&dialog.get_attribute("aria-labelledby").unwrap());
    let said = text_of_id(&dialog.get_attribute("aria-describedby").unwrap());
    assert_eq!(title, "まもなく時間切れになります");
    assert!(said.contains("あと約2分でお手続きを中断します"), "{said}");
    assert_eq!(
        focused_name(),
        "延長する",
        "focus is in the dialog, on 延長する"
    );
    assert!(
        dialog
            .query_selector("[aria-live], [role=status], [role=timer]")
            .unwrap()
            .is_none(),
        "nothing in it ticks for a screen reader"
    );
}

#[wasm_bindgen_test]
async fn extend_keeps_the_flow_alive_and_the_warning_comes_again_eight_minutes_later() {
    let time = ControlledTime::new();
    let _app = mount_timed(&time, None).await;
    to_register().await;
    fill(SERIAL, "SKTS10000001");
    field(SERIAL).focus().unwrap();
    time.advance(WARN_AT).await;
    assert!(warning().is_some());

    click("延長する").await;
    assert!(warning().is_none(), "延長する closes the warning");
    assert_eq!(
        doc().active_element().map(|e| e.id()),
        Some(field(SERIAL).id()),
        "focus is back where it was"
    );
    assert_eq!(
        field(SERIAL).value(),
        "SKTS10000001",
        "what was typed stays"
    );

    time.advance(WARN_AT - 1).await;
    assert!(warning().is_none(), "7:59 after 延長する: no warning");
    time.advance(1).await;
    assert!(
        warning().is_some(),
        "8:00 after 延長する: the warning again"
    );
    click("延長する").await;

    // 20 minutes after 利用者認証, 4 after the second extension: the bank's flow lives on.
    time.advance(4 * 60).await;
    fill(SERIAL, "SKTS10000001");
    fill(CODE, &code_now(&time, "SKTS10000001"));
    click("次へ").await;
    assert!(
        page_says("確認用パスワード入力"),
        "the flow went on: {:?}",
        notice()
    );
}

#[wasm_bindgen_test]
async fn end_leaves_the_procedure_for_login() {
    let time = ControlledTime::new();
    let _app = mount_timed(&time, None).await;
    to_register().await;
    time.advance(WARN_AT).await;
    click("終了する").await;
    assert!(warning().is_none());
    assert_eq!(heading(), "ログイン");
    assert_eq!(
        field("契約者ID（利用者番号）").value(),
        "",
        "ログイン forgets"
    );
    assert_eq!(time.waiting(), 0, "nothing counted on ログイン");
}

#[wasm_bindgen_test]
async fn escape_extends_rather_than_leaving_the_limit_running_unseen() {
    let time = ControlledTime::new();
    let _app = mount_timed(&time, None).await;
    to_register().await;
    time.advance(WARN_AT).await;
    let dialog = warning().unwrap();
    // What the browser sends a modal dialog on Escape.
    let init = web_sys::EventInit::new();
    init.set_cancelable(true);
    let cancel = web_sys::Event::new_with_event_init_dict("cancel", &init).unwrap();
    dialog.dispatch_event(&cancel).unwrap();
    settle().await;
    assert!(warning().is_none());
    time.advance(WARN_AT - 1).await;
    assert!(warning().is_none(), "extended: counted from the Escape");
}

#[wasm_bindgen_test]
async fn over_restarts_the_procedure_with_the_contract_id_kept_and_no_secret() {
    let time = ControlledTime::new();
    let _app = mount_timed(&time, None).await;
    to_register().await;
    fill(SERIAL, "SKTS10000001");
    fill(CODE, "123456");
    time.advance(WARN_AT).await;
    assert!(warning().is_some());
    time.advance(2 * 60).await;
    assert!(warning().is_none(), "the warning goes with the flow");
    assert_eq!(heading(), "ワンタイムパスワード利用開始");
    assert!(has_field("ログインパスワード"), "back at 利用者認証");
    assert!(
        notice().unwrap_or_default().contains(FLOW_EXPIRED),
        "{:?}",
        notice()
    );
    assert_eq!(
        field("契約者ID（利用者番号）").value(),
        demo_data::CUSTOMERS[HANAKO].contract_id,
        "the 契約者ID is kept"
    );
    assert_eq!(
        field("ログインパスワード").value(),
        "",
        "the password is not"
    );
    assert!(!page_says("123456"), "nor the code");
}

#[wasm_bindgen_test]
async fn the_login_code_step_ends_at_login_with_the_contract_id_kept() {
    let time = ControlledTime::new();
    let _app = mount_timed(&time, None).await;
    let ichiro = demo_data::CUSTOMERS[ICHIRO];
    fill("契約者ID（利用者番号）", ichiro.contract_id);
    fill("パスワード", ichiro.password);
    click("ログイン").await;
    assert_eq!(heading(), "ワンタイムパスワード認証");
    time.advance(WARN_AT).await;
    let said = text_of_id("time-limit-text");
    assert!(said.contains("あと約2分"), "{said}");
    time.advance(2 * 60).await;
    assert_eq!(heading(), "ログイン");
    assert!(
        notice().unwrap_or_default().contains(FLOW_EXPIRED),
        "{:?}",
        notice()
    );
    assert_eq!(field("契約者ID（利用者番号）").value(), ichiro.contract_id);
    assert_eq!(field("パスワード").value(), "");
}

#[wasm_bindgen_test]
async fn the_session_warns_then_logs_out_with_the_contract_id_kept() {
    let time = ControlledTime::new();
    let _app = mount_timed(&time, None).await;
    let hanako = demo_data::CUSTOMERS[HANAKO];
    fill("契約者ID（利用者番号）", hanako.contract_id);
    fill("パスワード", hanako.password);
    click("ログイン").await;
    assert_eq!(heading(), "ログインしました");
    time.advance(WARN_AT).await;
    let said = text_of_id("time-limit-text");
    assert!(said.contains("あと約2分でログアウトします"), "{said}");
    click("延長する").await;
    assert!(warning().is_none());
    assert_eq!(heading(), "ログインしました", "still logged in");
    time.advance(10 * 60).await;
    assert_eq!(heading(), "ログイン");
    assert!(
        notice().unwrap_or_default().contains("ログアウトしました"),
        "{:?}",
        notice()
    );
    assert_eq!(field("契約者ID（利用者番号）").value(), hanako.contract_id);
    assert_eq!(field("パスワード").value(), "");
}

#[wasm_bindgen_test]
async fn the_warning_is_said_in_english_too() {
    let time = ControlledTime::new();
    let _app = mount_timed(&time, None).await;
    click("English").await;
    click("Start (利用開始)").await;
    let hanako = demo_data::CUSTOMERS[HANAKO];
    fill("Contract ID (契約者ID)", hanako.contract_id);
    fill("Login password", hanako.password);
    click("Next").await;
    time.advance(WARN_AT).await;
    let dialog = warning().expect("the warning");
    let title = text_of_id(&dialog.get_attribute("aria-labelledby").unwrap());
    assert_eq!(title, "Your time is almost up");
    let said = text_of_id("time-limit-text");
    assert!(said.contains("in about 2 minutes"), "{said}");
    assert_eq!(focused_name(), "Extend (延長する)");
    click("Extend (延長する)").await;
    assert!(warning().is_none());
    click("日本語").await;
}

/// The page's `fetch` answered here, not by a server: 山田 花子 logs in at once, ご利用履歴 is
/// empty, GET /api/v1/session waits for [`FakeServer::answer_session`]; every path is recorded.
struct FakeServer {
    original: wasm_bindgen::JsValue,
}

impl FakeServer {
    fn install() -> FakeServer {
        use js_sys::{Function, Reflect};
        let window = web_sys::window().unwrap();
        let original = Reflect::get(&window, &"fetch".into()).unwrap();
        let fake = Function::new_with_args(
            "input",
            r#"
            const path = new URL(typeof input === 'string' ? input : input.url, location.href).pathname;
            (globalThis.__fakeCalls = globalThis.__fakeCalls || []).push(path);
            const json = (body) => new Response(JSON.stringify(body),
                { status: 200, headers: { 'Content-Type': 'application/json' } });
            if (path === '/api/v1/login') return Promise.resolve(json({ status: 'done',
                session: { contract_id: '10000000001', name: '山田 花子', token: null } }));
            if (path === '/api/v1/history') return Promise.resolve(json({ events: [] }));
            if (path === '/api/v1/session') return new Promise((answer) => {
                globalThis.__fakeSession = (id) => answer(json({ contract_id: id, name: '佐藤 一郎', token: null }));
            });
            return Promise.resolve(json({ status: 'ok' }));
            "#,
        );
        Reflect::set(&window, &"fetch".into(), &fake).unwrap();
        let global = js_sys::global();
        Reflect::set(&global, &"__fakeCalls".into(), &js_sys::Array::new()).unwrap();
        FakeServer { original }
    }

    /// The paths the page has called.
    fn calls(&self) -> Vec<String> {
        let calls = js_sys::Reflect::get(&js_sys::global(), &"__fakeCalls".into()).unwrap();
        js_sys::Array::from(&calls)
            .iter()
            .filter_map(|p| p.as_string())
            .collect()
    }

    /// Answers the waiting GET /api/v1/session with a session of `contract_id`.
    async fn answer_session(&self, contract_id: &str) {
        let answer = js_sys::Reflect::get(&js_sys::global(), &"__fakeSession".into()).unwrap();
        let answer: js_sys::Function = answer.dyn_into().expect("a session call waits");
        answer
            .call1(&wasm_bindgen::JsValue::NULL, &contract_id.into())
            .unwrap();
        for _ in 0..5 {
            settle().await;
        }
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        let window = web_sys::window().unwrap();
        js_sys::Reflect::set(&window, &"fetch".into(), &self.original).unwrap();
    }
}

/// 山田 花子 logged in over the fake server, on the page after login.
async fn logged_in_over_http(time: &ControlledTime) -> Mounted {
    let app = mount_timed_over_http(time).await;
    fill(
        "契約者ID（利用者番号）",
        demo_data::CUSTOMERS[HANAKO].contract_id,
    );
    fill("パスワード", demo_data::CUSTOMERS[HANAKO].password);
    click("ログイン").await;
    for _ in 0..5 {
        settle().await;
    }
    assert_eq!(heading(), "ログインしました");
    app
}

#[wasm_bindgen_test]
async fn the_sessions_end_forgets_the_customer_but_sends_no_logout_another_tab_may_need() {
    let server = FakeServer::install();
    let time = ControlledTime::new();
    let _app = logged_in_over_http(&time).await;
    time.advance(10 * 60).await;
    assert_eq!(heading(), "ログイン");
    assert_eq!(
        field("契約者ID（利用者番号）").value(),
        demo_data::CUSTOMERS[HANAKO].contract_id
    );
    let calls = server.calls();
    assert!(!calls.iter().any(|p| p == "/api/v1/logout"), "{calls:?}");
}

#[wasm_bindgen_test]
async fn no_end_while_a_call_is_in_flight_and_another_customers_session_is_no_extension() {
    let server = FakeServer::install();
    let time = ControlledTime::new();
    let _app = logged_in_over_http(&time).await;
    time.advance(WARN_AT).await;
    assert!(warning().is_some());
    // 延長する at 9:59 idle, answered slowly: the page's 10:00 passes while it is in flight.
    time.advance(2 * 60 - 1).await;
    click("延長する").await;
    time.advance(30).await;
    assert_eq!(
        heading(),
        "ログインしました",
        "no end while 延長する is in flight"
    );
    assert!(warning().is_some());
    // Another tab logged in as 佐藤 一郎 meanwhile: the bank's session is his, not hers.
    server
        .answer_session(demo_data::CUSTOMERS[ICHIRO].contract_id)
        .await;
    assert_eq!(heading(), "ログイン", "her session had ended");
    assert!(warning().is_none());
    let calls = server.calls();
    assert!(!calls.iter().any(|p| p == "/api/v1/logout"), "{calls:?}");
}
