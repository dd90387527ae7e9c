//! "Do it for me" (お任せ入力): the step's fields typed in as a user would — each focused, its value
//! set and an `input` event sent — with what the customer would read off the kit: the card's
//! 契約者ID, password and digits, a token's code as its emulator shows it now (its skew
//! included). Only when the presenter asks; it never presses a button or submits.

use super::steps::{card_digit, Value};
use crate::domain::demo_data::seed_of;
use crate::domain::input::Serial;
use crate::domain::totp;
use crate::ui::kit::clock::KitClock;
use crate::ui::{AppContext, Screen};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Fills `fields` (id and value) on the screen `ctx` shows, the tokens read on `clock`.
pub fn fill(ctx: &AppContext, clock: KitClock, fields: &[(&'static str, Value)]) {
    let columns = ctx.screen.with_untracked(|(_, screen)| match screen {
        Screen::Confirm(_, _, challenge) => Some((challenge.first, challenge.second)),
        _ => None,
    });
    for &(id, value) in fields {
        let text = match value {
            Value::Text(text) => Some(text.to_owned()),
            Value::CodeOf(serial) => Serial::parse(serial)
                .zip(seed_of(serial))
                .map(|(serial, seed)| totp::code_at(seed, clock.token_now_read(&serial))),
            Value::CardDigit(which) => columns
                .and_then(|columns| card_digit(columns, which))
                .map(|digit| digit.to_string()),
        };
        let input = document()
            .get_element_by_id(id)
            .and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let (Some(input), Some(text)) = (input, text) {
            type_into(&input, &text);
        }
    }
}

/// Types `text` into `input` as typing would: focus, value, a bubbling `input` event (Leptos
/// listens at the document).
fn type_into(input: &web_sys::HtmlInputElement, text: &str) {
    let _ = input.focus();
    input.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = web_sys::Event::new_with_event_init_dict("input", &init) {
        let _ = input.dispatch_event(&event);
    }
}
