//! The take-over of the build-time login screen (`src/ui/takeover.rs`): what a customer typed into
//! the markup `scripts/prerender.mjs` put in the page, before the wasm arrived, is in the live
//! screen's fields afterwards, with the focus and caret where they were (in a field, or on a button
//! such as 利用開始 or 文字サイズ 拡大), and the app acts on it.

use crate::support;

use shinkin_otp::ui::takeover::{Typed, PRERENDERED_ID, START_FAILURE_ID};
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

/// A stand-in for the build-time markup: the login screen's two inputs, typed into, the password
/// focused with its caret after the third character.
fn build_time_screen(contract_id: &str, password: &str) {
    let shown = doc().create_element("div").unwrap();
    shown.set_id(PRERENDERED_ID);
    shown.set_inner_html(
        r#"<form><input id="login-contract-id" type="text"><input id="login-password" type="password"></form>"#,
    );
    doc().body().unwrap().prepend_with_node_1(&shown).unwrap();
    let input =
        |id: &str| -> HtmlInputElement { doc().get_element_by_id(id).unwrap().dyn_into().unwrap() };
    input("login-contract-id").set_value(contract_id);
    let pw = input("login-password");
    pw.set_value(password);
    pw.focus().unwrap();
    pw.set_selection_range(3, 3).unwrap();
}

/// A stand-in for the build-time markup with the login screen's buttons (none has an id), the one
/// reading `focused` focused.
fn build_time_buttons(focused: &str) {
    let shown = doc().create_element("div").unwrap();
    shown.set_id(PRERENDERED_ID);
    shown.set_inner_html(
        r#"<header><button type="button">標準</button><button type="button">拡大</button></header>
        <form><input id="login-contract-id" type="text"><input id="login-password" type="password">
        <button type="submit">ログイン</button></form>
        <section><button type="button">利用開始</button><button type="button">交換</button>
        <button type="button">利用中止</button></section>"#,
    );
    doc().body().unwrap().prepend_with_node_1(&shown).unwrap();
    let button: HtmlElement = all(&format!("#{PRERENDERED_ID} button"))
        .into_iter()
        .find(|b| text(b) == focused)
        .unwrap()
        .unchecked_into();
    button.focus().unwrap();
}

/// Mounts the app without letting its effects run yet.
fn mount_app_unsettled() -> impl Drop {
    let container: web_sys::HtmlElement = doc().create_element("div").unwrap().unchecked_into();
    doc().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container, || leptos::view! { <shinkin_otp::ui::App/> });
    struct Mounted<T>(Option<T>);
    impl<T> Drop for Mounted<T> {
        fn drop(&mut self) {
            self.0.take();
        }
    }
    Mounted(Some(handle))
}

#[wasm_bindgen_test]
async fn what_was_typed_before_the_app_took_over_is_kept_and_used() {
    build_time_screen("１０００００００００１", "hanako12");
    let typed = Typed::take();
    assert!(
        doc().get_element_by_id(PRERENDERED_ID).is_none(),
        "the build-time markup is gone"
    );
    let debug = format!("{typed:?}");
    assert!(
        debug.contains("login-password") && !debug.contains("hanako12") && !debug.contains('3'),
        "debug output names the fields, never the typing nor the password's caret: {debug}"
    );
    // As `ui::start` does: restored at once after mounting, before the screen's first effects
    // have run (the focus is put back a frame later, after any effect that moves it).
    let _app = mount_app_unsettled();
    typed.restore();
    next_frame().await;
    assert_eq!(
        field("契約者ID（利用者番号）").value(),
        "１０００００００００１"
    );
    let pw = field("パスワード");
    assert_eq!(pw.value(), "hanako12");
    let active = doc().active_element().unwrap();
    assert_eq!(active.id(), "login-password", "the focus is back");
    assert_eq!(pw.selection_start().unwrap(), Some(3), "and the caret");
    click("ログイン").await;
    assert_eq!(heading(), "ログインしました", "{:?}", summary_messages());
}

#[wasm_bindgen_test]
async fn without_build_time_markup_nothing_is_taken_or_put_back() {
    let typed = Typed::take();
    assert_eq!(typed, Typed::default());
    let _app = mount_app().await;
    typed.restore();
    settle().await;
    assert_eq!(field("契約者ID（利用者番号）").value(), "");
}

#[wasm_bindgen_test]
async fn the_focus_on_a_button_is_carried_to_the_live_button() {
    local_storage().clear().unwrap();
    for name in ["拡大", "利用開始"] {
        build_time_buttons(name);
        let typed = Typed::take();
        let _app = mount_app_unsettled();
        typed.restore();
        next_frame().await;
        let active = doc().active_element().unwrap();
        assert_eq!(
            (active.tag_name().as_str(), text(&active).as_str()),
            ("BUTTON", name),
            "the focus is on the live {name}"
        );
        if name == "利用開始" {
            // The live button, not a leftover: pressing it opens 利用開始.
            active.unchecked_into::<HtmlElement>().click();
            settle().await;
            assert_eq!(heading(), "ワンタイムパスワード利用開始");
        }
    }
}

#[wasm_bindgen_test]
async fn the_loaders_slow_start_message_goes_when_the_app_takes_over() {
    // Where the loader (scripts/post-build.mjs) puts it: after the heading, inside the build-time
    // markup; and at the top of a page without that markup (a development build).
    for inside in [true, false] {
        build_time_screen("10000000001", "");
        let message = doc().create_element("div").unwrap();
        message.set_id(START_FAILURE_ID);
        message.set_attribute("role", "alert").unwrap();
        let place = if inside {
            doc().get_element_by_id(PRERENDERED_ID).unwrap()
        } else {
            doc().body().unwrap().into()
        };
        place.prepend_with_node_1(&message).unwrap();
        let typed = Typed::take();
        assert!(
            doc().get_element_by_id(START_FAILURE_ID).is_none(),
            "the message is gone (inside the markup: {inside})"
        );
        let _app = mount_app_unsettled();
        typed.restore();
        next_frame().await;
        assert_eq!(field("契約者ID（利用者番号）").value(), "10000000001");
    }
}
