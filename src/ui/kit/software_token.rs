//! The software token emulator, modelled on the app 「しんきん（個人）ワンタイムパスワード」: a phone
//! frame with the app name, the 6-digit code in the centre with the time left in its step, and the
//! serial at the bottom — where the bank's guide tells customers to look.
//!
//! The code is drawn 3+3 for reading, but its text is the six digits in one run, so screen readers
//! read it whole; its accessible name is 「{serial} のワンタイムパスワード」.

use super::clock::use_kit_clock;
use crate::domain::input::Serial;
use crate::domain::totp;
use crate::ui::messages;
use leptos::prelude::*;

/// A phone showing the software token app for one token.
#[component]
pub fn SoftwareToken(
    /// The token's serial (SKTS…), shown at the bottom of the screen.
    serial: Serial,
    /// The token's seed.
    seed: Vec<u8>,
) -> impl IntoView {
    let kit = use_kit_clock();
    let now = {
        let serial = serial.clone();
        Memo::new(move |_| kit.token_now(&serial))
    };
    let code = Memo::new(move |_| totp::code_at(&seed, now.get()));
    let left = move || totp::seconds_left(now.get());
    let code_name = messages::kit::current().token_code_name(serial.as_str());

    view! {
        <div class="phone" role="group" aria-label=messages::kit::current().software_token_name(serial.as_str())>
            <div class="phone-screen">
                <p class="app-name">{messages::current().software_app_name}</p>
                <p class="app-caption">{messages::current().otp_panel_title}</p>
                <output class="token-code" aria-label=code_name>
                    {move || code.with(|c| halves(c).0.to_owned())}
                    <span class="code-gap">{move || code.with(|c| halves(c).1.to_owned())}</span>
                </output>
                <p class="countdown">
                    {move || messages::kit::current().seconds_to_refresh(left())}
                    <progress max=totp::STEP_SECONDS value=left aria-hidden="true"></progress>
                </p>
                <p class="app-serial">{messages::kit::current().app_serial} <span class="serial">{serial.to_string()}</span></p>
            </div>
        </div>
    }
}

/// The code's first three digits and the rest, for the 3+3 display. `split_at_checked`, not
/// slicing: the seed behind the code may come from edited storage, and a code that is not three
/// ASCII characters long must show as it is rather than stop the page.
fn halves(code: &str) -> (&str, &str) {
    code.split_at_checked(3).unwrap_or((code, ""))
}
