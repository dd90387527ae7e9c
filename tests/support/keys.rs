//! The keyboard as a test can drive it: a synthetic key event does not move focus or press a
//! button, so Tab and Shift+Tab move focus as the browser would (the next or previous element in
//! the page's order that takes Tab: not disabled, not hidden, one radio per group), Enter presses
//! the focused button as the browser does (a click), typing sets the focused field's value with an
//! `input` event, and Escape is dispatched as a `keydown` on the focused element.

use super::{all, doc, name_of};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

const TABBABLE: &str =
    "a[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), \
    select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

/// Whether `el` is drawn (not in a closed disclosure, not `display: none`).
fn drawn(el: &Element) -> bool {
    el.get_client_rects().length() > 0
}

/// Whether `el` is a radio that Tab skips: another in its group is checked.
fn skipped_radio(el: &Element) -> bool {
    let Some(radio) = el.dyn_ref::<HtmlInputElement>() else {
        return false;
    };
    radio.type_() == "radio"
        && !radio.checked()
        && all(&format!("input[type=radio][name='{}']", radio.name()))
            .iter()
            .any(|r| r.unchecked_ref::<HtmlInputElement>().checked())
}

/// The elements Tab stops at, in the page's order.
fn tab_stops() -> Vec<HtmlElement> {
    all(TABBABLE)
        .into_iter()
        .filter(|el| drawn(el) && !skipped_radio(el))
        .filter_map(|el| el.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// The focused element.
pub fn focused() -> Option<Element> {
    doc().active_element()
}

/// The focused element's name (its aria-label or text).
pub fn focused_name() -> String {
    focused().map(|el| name_of(&el)).unwrap_or_default()
}

/// Moves focus as Tab (`forward`) or Shift+Tab would.
fn step_focus(forward: bool) {
    let stops = tab_stops();
    let from = focused();
    const FOLLOWING: u16 = 4;
    const PRECEDING: u16 = 2;
    let next = match from.filter(|el| el.node_name() != "BODY") {
        Some(from) => {
            let wanted = if forward { FOLLOWING } else { PRECEDING };
            let mut candidates = stops
                .iter()
                .filter(|el| from.compare_document_position(el) & wanted != 0)
                .filter(|el| !el.is_same_node(Some(&from)));
            if forward {
                candidates.next().cloned()
            } else {
                candidates.next_back().cloned()
            }
        }
        None if forward => stops.first().cloned(),
        None => stops.last().cloned(),
    };
    if let Some(next) = next {
        next.focus().unwrap();
    }
}

/// Tab.
pub fn tab() {
    step_focus(true);
}

/// Shift+Tab.
pub fn shift_tab() {
    step_focus(false);
}

/// Presses Tab until the focused element is named `name` (a button) or has the id `id`; panics
/// after 300 presses.
pub fn tab_to(name_or_id: &str) {
    for _ in 0..300 {
        tab();
        if let Some(el) = focused() {
            if el.id() == name_or_id || name_of(&el) == name_or_id {
                return;
            }
        }
    }
    panic!("Tab never reached {name_or_id:?}");
}

/// Enter on the focused button: the browser clicks it.
pub async fn enter() {
    let el: HtmlElement = focused().expect("something is focused").unchecked_into();
    el.click();
    super::settle().await;
}

/// Types `text` into the focused field (replacing its value), as typing does: an `input` event
/// that bubbles.
pub fn type_text(text: &str) {
    let input: HtmlInputElement = focused().expect("a field is focused").unchecked_into();
    input.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
}

/// Escape, on the focused element.
pub async fn escape() {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key("Escape");
    init.set_bubbles(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    focused().unwrap().dispatch_event(&event).unwrap();
    super::settle().await;
}
