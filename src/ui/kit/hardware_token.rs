//! The hardware token emulator: the token's front with a display and a button. Pressing the button
//! shows the current code until its step ends, then the display blanks, as the real token does.
//! 裏返す turns it over to read the serial on the back (SKHT…).
//!
//! The display's accessible name is 「{serial} のワンタイムパスワード」, the button's
//! 「{serial} のボタンを押す」.

use super::clock::use_kit_clock;
use crate::domain::input::Serial;
use crate::domain::totp;
use crate::ui::messages;
use leptos::prelude::*;

/// A hardware token, front or back.
#[component]
pub fn HardwareToken(
    /// The serial printed on the back.
    serial: Serial,
    /// The token's seed.
    seed: Vec<u8>,
) -> impl IntoView {
    let kit = use_kit_clock();
    // The step whose code the display shows, if the button was pressed during it.
    let shown_step = RwSignal::new(None::<u64>);
    let turned_over = RwSignal::new(false);
    let now = {
        let serial = serial.clone();
        Memo::new(move |_| kit.token_now(&serial))
    };
    let display = move || {
        let t = now.get();
        (shown_step.get() == Some(totp::step_of(t))).then(|| totp::code_at(&seed, t))
    };
    let press = move |_| shown_step.set(Some(totp::step_of(now.get_untracked())));
    let code_name = messages::kit::current().token_code_name(serial.as_str());
    let serial_text = serial.to_string();

    view! {
        <div class="hw-token" role="group" aria-label=messages::kit::current().hardware_token_name(serial.as_str())>
            <div class="hw-front" hidden=move || turned_over.get()>
                <p class="hw-brand">{messages::current().bank_name}</p>
                <output class="hw-display" aria-label=code_name>
                    {move || display().unwrap_or_default()}
                </output>
                <button type="button" class="hw-button" aria-label=messages::kit::current().hardware_button_name(serial.as_str())
                    on:click=press>{messages::kit::current().hw_button}</button>
            </div>
            <div class="hw-back" hidden=move || !turned_over.get()>
                <p>{messages::current().row_serial}</p>
                <p class="serial">{serial_text}</p>
            </div>
            <button type="button" class="button-secondary hw-turn" aria-pressed=move || turned_over.get().to_string()
                on:click=move |_| turned_over.update(|t| *t = !*t)>
                {move || if turned_over.get() { messages::kit::current().hw_turn_front } else { messages::kit::current().hw_turn_back }}
            </button>
        </div>
    }
}
