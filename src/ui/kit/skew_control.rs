//! The kit control that moves one token's clock by whole steps, so a presenter can show a code the
//! bank refuses for drift (and the message that explains it), then put the clock right.

use super::clock::use_kit_clock;
use crate::domain::input::Serial;
use crate::ui::messages;
use leptos::prelude::*;

/// Buttons to run a token's clock 30 s slow or fast, or set it right, with the current skew.
#[component]
pub fn SkewControl(
    /// Whose clock.
    serial: Serial,
) -> impl IntoView {
    let kit = use_kit_clock();
    let (a, b, c, d) = (
        serial.clone(),
        serial.clone(),
        serial.clone(),
        serial.clone(),
    );
    view! {
        <div class="skew" role="group" aria-label=messages::kit::current().clock_name(serial.as_str())>
            <p aria-live="polite">{move || messages::kit::current().skew_description(kit.skew(&a))}</p>
            <button type="button" class="button-small" on:click=move |_| kit.adjust(&b, Some(-1))>{messages::kit::current().skew_slower}</button>
            <button type="button" class="button-small" on:click=move |_| kit.adjust(&c, Some(1))>{messages::kit::current().skew_faster}</button>
            <button type="button" class="button-small" on:click=move |_| kit.adjust(&d, None)>{messages::kit::current().skew_reset}</button>
        </div>
    }
}
