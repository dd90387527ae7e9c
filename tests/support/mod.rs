//! Helpers for the browser tests: find things as a user would (by label text, by button name, by
//! role), type, click, and wait for Leptos's asynchronous effects to settle.

#![allow(dead_code)] // each test file uses its own subset

pub mod http;
pub mod keys;
pub mod time;

use leptos::mount::mount_to;
use leptos::prelude::*;
use shinkin_otp::domain::card::COLUMN_LABELS;
use shinkin_otp::domain::demo_data;
use shinkin_otp::domain::totp;
use shinkin_otp::domain::Clock;
use shinkin_otp::ui::App;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

/// The page's document.
pub fn doc() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Every element matching a CSS selector.
pub fn all(selector: &str) -> Vec<Element> {
    let list = doc().query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .collect()
}

/// An element's text, trimmed.
pub fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default().trim().to_owned()
}

/// A label's own words: its text without the 必須 badge.
fn label_words(label: &Element) -> String {
    text(label)
        .trim_end_matches("必須")
        .trim_end_matches("Required")
        .trim()
        .to_owned()
}

/// The input a label names (exact label text, ignoring 必須).
pub fn field(label: &str) -> HtmlInputElement {
    let found = all("label[for]")
        .into_iter()
        .find(|l| label_words(l) == label)
        .unwrap_or_else(|| panic!("no field labelled {label:?}; labels: {:?}", labels()));
    let id = found.get_attribute("for").unwrap();
    doc()
        .get_element_by_id(&id)
        .unwrap()
        .dyn_into::<HtmlInputElement>()
        .unwrap()
}

/// Whether a field with this label is on the page.
pub fn has_field(label: &str) -> bool {
    all("label[for]").iter().any(|l| label_words(l) == label)
}

/// The labels on the page (for failure messages).
pub fn labels() -> Vec<String> {
    all("label").iter().map(label_words).collect()
}

/// A radio button by its label text.
pub fn radio(label: &str) -> HtmlInputElement {
    all("label.radio")
        .into_iter()
        .find(|l| text(l) == label)
        .and_then(|l| l.query_selector("input").unwrap())
        .unwrap_or_else(|| panic!("no radio {label:?}"))
        .dyn_into()
        .unwrap()
}

/// Types `value` into the field labelled `label`, as the browser reports typing (an input event).
pub fn fill(label: &str, value: &str) {
    let input = field(label);
    input.set_value(value);
    let event = web_sys::Event::new("input").unwrap();
    input.dispatch_event(&event).unwrap();
}

/// An element's accessible name as these tests use it: aria-label if set, else its text.
pub fn name_of(el: &Element) -> String {
    el.get_attribute("aria-label").unwrap_or_else(|| text(el))
}

/// The element whose aria-label is `name` (a group, an emulator display, a QR code).
pub fn named(name: &str) -> Element {
    all("[aria-label]")
        .into_iter()
        .find(|el| el.get_attribute("aria-label").as_deref() == Some(name))
        .unwrap_or_else(|| panic!("nothing named {name:?}"))
}

/// The button named `name` inside the element named `group`.
pub fn button_in(group: &str, name: &str) -> HtmlElement {
    let list = named(group).query_selector_all("button").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .find(|b| name_of(b) == name)
        .unwrap_or_else(|| panic!("no button {name:?} in {group:?}"))
}

/// The button (or disclosure summary) whose name is `name`.
pub fn button(name: &str) -> HtmlElement {
    all("button, summary")
        .into_iter()
        .find(|b| name_of(b) == name)
        .unwrap_or_else(|| {
            let names: Vec<String> = all("button, summary").iter().map(text).collect();
            panic!("no button {name:?}; buttons: {names:?}")
        })
        .dyn_into()
        .unwrap()
}

/// Clicks the button named `name` and waits for the page to settle.
pub async fn click(name: &str) {
    button(name).click();
    settle().await;
}

/// Waits for the next animation frame (and the callbacks queued for it).
pub async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .request_animation_frame(&resolve)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    settle().await;
}

/// Lets effects, spawned tasks and re-renders run: a few rounds of Leptos ticks and timer turns.
async fn run_pending() {
    for _ in 0..4 {
        leptos::task::tick().await;
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }
}

/// Whether anything holds or waits for a Web Lock (`navigator.locks.query()`): the demo bank's is
/// the app's only one, so none without it.
async fn bank_lock_busy() -> bool {
    let global = js_sys::global();
    let Ok(locks) = js_sys::Reflect::get(&global, &"navigator".into())
        .and_then(|n| js_sys::Reflect::get(&n, &"locks".into()))
    else {
        return false;
    };
    let Ok(query) = js_sys::Reflect::get(&locks, &"query".into())
        .and_then(|q| q.dyn_into::<js_sys::Function>())
    else {
        return false;
    };
    let Ok(promise) = query.call0(&locks) else {
        return false;
    };
    let Ok(snapshot) = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(promise)).await
    else {
        return false;
    };
    ["held", "pending"].iter().any(|list| {
        let entries = js_sys::Reflect::get(&snapshot, &(*list).into()).unwrap_or_default();
        js_sys::Array::from(&entries).length() > 0
    })
}

/// Waits until effects, spawned bank calls and re-renders have run. A bank call first waits for
/// the demo bank's Web Lock, which the browser grants in its own time (not within a microtask), so
/// this also waits — for at most about a second, as a test may hold the lock on purpose — until
/// nothing holds or waits for that lock, and then lets the call's outcome render.
pub async fn settle() {
    run_pending().await;
    for _ in 0..100 {
        if !bank_lock_busy().await {
            break;
        }
        run_pending().await;
    }
    run_pending().await;
}

/// The screen's heading.
pub fn heading() -> String {
    all("h1").first().map(text).unwrap_or_default()
}

/// The error summary (role="alert"), if shown.
pub fn summary() -> Option<Element> {
    all(".error-summary[role=alert]").into_iter().next()
}

/// The messages listed in the error summary.
pub fn summary_messages() -> Vec<String> {
    all(".error-summary li").iter().map(text).collect()
}

/// Whether the focused element is the error summary.
pub fn summary_has_focus() -> bool {
    let active = doc().active_element();
    matches!((active, summary()), (Some(a), Some(s)) if a == s)
}

/// The inline message tied to a field by aria-describedby, if any.
pub fn inline_error(label: &str) -> Option<String> {
    let described = field(label).get_attribute("aria-describedby")?;
    described
        .split_whitespace()
        .filter(|id| id.ends_with("-error"))
        .find_map(|id| doc().get_element_by_id(id))
        .map(|el| text(&el).trim_start_matches("エラー：").to_owned())
}

/// The page notice (role="status"), if shown.
pub fn notice() -> Option<String> {
    all("p.notice[role=status]").first().map(text)
}

/// Whether the page shows `needle` anywhere in its main area.
pub fn page_says(needle: &str) -> bool {
    all("main")
        .first()
        .map(text)
        .unwrap_or_default()
        .contains(needle)
}

/// Whether the demo kit (outside `main`) contains `needle`.
pub fn kit_says(needle: &str) -> bool {
    all("#demo-kit")
        .first()
        .map(text)
        .unwrap_or_default()
        .contains(needle)
}

/// A fresh app in a fresh page state: storage emptied, a new container.
pub struct Mounted {
    _handle: Box<dyn std::any::Any>,
    container: HtmlElement,
}

impl Mounted {
    /// The app mounted by `handle` into `container`.
    pub fn new(handle: Box<dyn std::any::Any>, container: HtmlElement) -> Mounted {
        Mounted {
            _handle: handle,
            container,
        }
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.container.remove();
    }
}

/// The browser's localStorage.
pub fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Mounts the app after clearing localStorage (or after `prepare` has set it up).
pub async fn mount_app_with(prepare: impl FnOnce(&web_sys::Storage)) -> Mounted {
    let storage = local_storage();
    storage.clear().unwrap();
    prepare(&storage);
    remount(None).await
}

/// Mounts the app on whatever storage holds now — a reload, or a second tab — with `clock` if given.
pub async fn remount(clock: Option<Arc<dyn Clock>>) -> Mounted {
    let container: HtmlElement = doc().create_element("div").unwrap().unchecked_into();
    doc().body().unwrap().append_child(&container).unwrap();
    let handle = match clock {
        Some(clock) => mount_to(container.clone(), move || view! { <App clock/> }),
        None => mount_to(container.clone(), || view! { <App/> }),
    };
    settle().await;
    Mounted {
        _handle: Box::new(handle),
        container,
    }
}

/// A clock the test moves: starts at the real time.
pub struct TestClock(pub AtomicU64);

impl TestClock {
    /// A clock at the real time now.
    pub fn starting_now() -> Arc<TestClock> {
        Arc::new(TestClock(AtomicU64::new(now())))
    }
    /// Moves the clock on by `seconds`.
    pub fn advance(&self, seconds: u64) {
        self.0.fetch_add(seconds, Ordering::Relaxed);
    }
    /// Its reading.
    pub fn reading(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

impl Clock for TestClock {
    fn now(&self) -> u64 {
        self.reading()
    }
}

/// Mounts the app on empty storage.
pub async fn mount_app() -> Mounted {
    mount_app_with(|_| {}).await
}

/// Now, as the demo bank's clock sees it.
pub fn now() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

/// The code a demo token shows `offset` seconds from now.
pub fn code(serial: &str, offset: u64) -> String {
    totp::code_at(demo_data::seed_of(serial).unwrap(), now() + offset)
}

/// Opens the demo kit from the header, as a presenter would.
pub async fn open_kit() {
    click("デモキット").await;
}

/// The code a token emulator in the kit shows now, read by its accessible name; a hardware token's
/// button is pressed first. Digits only (the display groups them 3+3).
pub async fn kit_code(serial: &str) -> String {
    if serial.starts_with("SKHT") {
        click(&format!("{serial} のボタンを押す")).await;
    }
    let shown: String = text(&named(&format!("{serial} のワンタイムパスワード")))
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    assert_eq!(shown.len(), 6, "{serial} shows {shown:?}");
    shown
}

/// Waits `ms` milliseconds (for a code to change step).
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// The code a demo token will show in the next step (accepted within the T+1 window; used where
/// the current step's code was just spent).
pub fn code_at_next_step(serial: &str) -> String {
    code(serial, 30)
}

/// Full-width form of ASCII letters and digits, as a Japanese IME types them.
pub fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                char::from_u32(c as u32 + 0xFEE0).unwrap()
            } else {
                c
            }
        })
        .collect()
}

/// Types the card digits the confirmation screen asks `customer` for, read off its two labels.
pub fn fill_card_answers(customer: usize) -> (String, String) {
    let card = demo_data::CUSTOMERS[customer].card;
    let digit_for = |n: u8| {
        let label = labels()
            .into_iter()
            .find(|l| l.starts_with(&format!("({n})(")))
            .unwrap_or_else(|| panic!("no card label ({n}); labels: {:?}", labels()));
        let column = label
            .trim_start_matches(&format!("({n})("))
            .trim_end_matches(')')
            .to_owned();
        let index = COLUMN_LABELS.iter().position(|c| *c == column).unwrap();
        (label, card[index].to_string())
    };
    let (l1, d1) = digit_for(1);
    let (l2, d2) = digit_for(2);
    fill(&l1, &d1);
    fill(&l2, &d2);
    (l1, l2)
}

/// The browser's Back (`history.back()`), waited for until the page has answered it (including
/// any move of its own in the history that follows).
pub async fn browser_back() {
    traverse(|history| history.back()).await;
}

/// The browser's Forward (`history.forward()`), waited for as [`browser_back`].
pub async fn browser_forward() {
    traverse(|history| history.forward()).await;
}

/// The browser going `delta` entries at once (a long press on Back or Forward lists them); not 0,
/// which reloads.
pub async fn browser_go(delta: i32) {
    assert_ne!(delta, 0, "history.go(0) reloads the page");
    traverse(move |history| history.go_with_delta(delta)).await;
}

/// Runs `go` on the history, waits for its `popstate` (at most 2 s: Forward with nothing ahead has
/// none), then until the history is quiet.
async fn traverse(go: impl FnOnce(&web_sys::History) -> Result<(), wasm_bindgen::JsValue>) {
    let counter = PopstateCounter::new();
    go(&web_sys::window().unwrap().history().unwrap()).unwrap();
    for _ in 0..200 {
        if counter.seen() > 0 {
            break;
        }
        sleep_ms(10).await;
    }
    counter.until_quiet().await;
}

/// Waits until the history is quiet: the page's own move after a button (ログイン画面へ, 戻る,
/// 中止する) has arrived and been answered.
pub async fn history_settles() {
    PopstateCounter::new().until_quiet().await;
}

/// Counts the window's `popstate` events while it lives.
struct PopstateCounter {
    seen: std::rc::Rc<std::cell::Cell<u32>>,
    listener: wasm_bindgen::closure::Closure<dyn Fn()>,
}

impl PopstateCounter {
    fn new() -> PopstateCounter {
        let seen = std::rc::Rc::new(std::cell::Cell::new(0));
        let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new({
            let seen = seen.clone();
            move || seen.set(seen.get() + 1)
        });
        web_sys::window()
            .unwrap()
            .add_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref())
            .unwrap();
        PopstateCounter { seen, listener }
    }

    fn seen(&self) -> u32 {
        self.seen.get()
    }

    /// Settles the page until no `popstate` has come for 150 ms.
    async fn until_quiet(&self) {
        loop {
            let before = self.seen();
            settle().await;
            sleep_ms(150).await;
            if self.seen() == before {
                break;
            }
        }
        settle().await;
    }
}

impl Drop for PopstateCounter {
    fn drop(&mut self) {
        let _ = web_sys::window()
            .unwrap()
            .remove_event_listener_with_callback(
                "popstate",
                self.listener.as_ref().unchecked_ref(),
            );
    }
}

/// The open modal dialog, if any.
pub fn open_dialog() -> Option<web_sys::HtmlDialogElement> {
    all("dialog[open]")
        .into_iter()
        .next()
        .map(|el| el.dyn_into().unwrap())
}

/// The current history entry's state: each key it holds with its value's `typeof`.
pub fn history_state() -> Vec<(String, String)> {
    let state = web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .state()
        .unwrap();
    if !state.is_object() {
        return vec![("(not an object)".into(), format!("{state:?}"))];
    }
    js_sys::Object::entries(&state.unchecked_into())
        .iter()
        .map(|pair| {
            let pair = js_sys::Array::from(&pair);
            let kind = pair.get(1).js_typeof().as_string().unwrap_or_default();
            (pair.get(0).as_string().unwrap_or_default(), kind)
        })
        .collect()
}

/// The position the current history entry's state holds.
pub fn history_position() -> Option<f64> {
    let state = web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .state()
        .unwrap();
    js_sys::Reflect::get(&state, &"shinkinOtpEntry".into())
        .ok()?
        .as_f64()
}
