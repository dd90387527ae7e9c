//! ソフトウェアキーボード入力: an on-screen keyboard for a password field.
//!
//! Letters, digits, シフト, 1文字削除, すべて消去 and 閉じる, as buttons, so it works by mouse, touch and
//! keyboard (Tab and Enter/Space). The key order is shuffled each time it opens. It edits the field's
//! own value and keeps no copy: the password is only ever in the field, and an `input` event tells
//! the page exactly as typing would.
//!
//! # Usage
//! ```no_run
//! use leptos::prelude::*;
//! use shinkin_otp::ui::components::field::TextField;
//! use shinkin_otp::ui::components::software_keyboard::KeyboardToggle;
//! use shinkin_otp::ui::form::FormErrors;
//!
//! #[component]
//! fn PasswordField() -> impl IntoView {
//!     let errors = FormErrors::default();
//!     let password = NodeRef::new();
//!     view! { <TextField id="pw" label="パスワード" kind="password" input=password errors/>
//!             <KeyboardToggle target=password/> }
//! }
//! ```

use crate::domain::keyboard::{key_char, shuffled_keys};
use crate::domain::OsRandom;
use crate::ui::messages;
use leptos::html::Input;
use leptos::prelude::*;

/// Changes the field's value with `edit` and reports it like typing.
fn edit_field(target: NodeRef<Input>, edit: impl FnOnce(&mut String)) {
    if let Some(input) = target.get_untracked() {
        let mut value = input.value();
        edit(&mut value);
        input.set_value(&value);
        if let Ok(event) = web_sys::Event::new("input") {
            let _ = input.dispatch_event(&event);
        }
    }
}

/// The ソフトウェアキーボード入力 button and, when open, the keyboard.
#[component]
pub fn KeyboardToggle(
    /// The password input the keyboard types into.
    target: NodeRef<Input>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let toggle = NodeRef::<leptos::html::Button>::new();
    crate::ui::components::focus::return_focus_on_close(open, toggle);
    view! {
        <div class="keyboard-toggle">
            <button type="button" class="button-small" node_ref=toggle aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>{messages::current().keyboard_open}</button>
            <Show when=move || open.get()>
                <SoftwareKeyboard target open/>
            </Show>
        </div>
    }
}

/// The keyboard itself; a new key order every time it is mounted (opened).
#[component]
fn SoftwareKeyboard(
    /// The password input.
    target: NodeRef<Input>,
    /// Set to false by 閉じる.
    open: RwSignal<bool>,
) -> impl IntoView {
    let keys = shuffled_keys(&mut OsRandom);
    let shift = RwSignal::new(false);
    view! {
        <div class="software-keyboard" role="group" aria-label=messages::current().keyboard_name>
            <div class="keys">
                {keys.into_iter().map(|key| view! {
                    <button type="button" class="key"
                        on:click=move |_| edit_field(target, |v| v.push(key_char(key, shift.get_untracked())))>
                        {move || key_char(key, shift.get()).to_string()}
                    </button>
                }).collect_view()}
            </div>
            <div class="key-controls">
                <button type="button" class="key key-wide" aria-pressed=move || shift.get().to_string()
                    on:click=move |_| shift.update(|s| *s = !*s)>{messages::current().key_shift}</button>
                <button type="button" class="key key-wide" on:click=move |_| edit_field(target, |v| { v.pop(); })>{messages::current().key_backspace}</button>
                <button type="button" class="key key-wide" on:click=move |_| edit_field(target, String::clear)>{messages::current().key_clear}</button>
                <button type="button" class="key key-wide" on:click=move |_| open.set(false)>{messages::current().key_close}</button>
            </div>
        </div>
    }
}
