//! What the tour does to the page around its panel: the pointed-at control outlined, scrolled
//! into view above the panel, and described by the tour's text (`aria-describedby`), all undone
//! when the step or the tour ends. The page's own `aria-describedby` (hints, errors) is kept.

use super::steps::Control;
use leptos::prelude::*;
use std::time::Duration;

/// The element id of the step's words, which the pointed-at control is described by.
pub const TEXT_ID: &str = "tour-text";
/// The pointed-at control's class (its outline, and room above the panel when scrolled to).
const TARGET_CLASS: &str = "tour-target";
/// The class on `<html>` while the tour runs: room below the page, so the last control can be
/// scrolled above the panel docked at the bottom.
const OPEN_CLASS: &str = "tour-open";

/// Whether the tour's panel is shown; when it goes, nothing stays pointed at.
pub fn shown(open: bool) {
    if !open {
        unpoint();
    }
    if let Some(html) = document().document_element() {
        let _ = html.class_list().toggle_with_force(OPEN_CLASS, open);
    }
}

/// Points at `control` (none: at nothing). After the current task, so a screen built in the same
/// turn is in the page.
pub fn point(control: Option<Control>) {
    set_timeout(
        move || {
            unpoint();
            let Some(control) = control else { return };
            let Ok(Some(el)) = document().query_selector(&control.selector()) else {
                return;
            };
            let _ = el.class_list().add_1(TARGET_CLASS);
            let described = el.get_attribute("aria-describedby").unwrap_or_default();
            let _ = el.set_attribute(
                "aria-describedby",
                format!("{described} {TEXT_ID}").trim_start(),
            );
            el.scroll_into_view();
        },
        Duration::ZERO,
    );
}

/// Undoes [`point`] wherever it pointed.
fn unpoint() {
    let Ok(pointed) = document().query_selector_all(&format!(".{TARGET_CLASS}")) else {
        return;
    };
    for el in (0..pointed.length()).filter_map(|i| pointed.item(i)) {
        let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(el) else {
            continue;
        };
        let _ = el.class_list().remove_1(TARGET_CLASS);
        let described = el.get_attribute("aria-describedby").unwrap_or_default();
        let kept: Vec<&str> = described
            .split_whitespace()
            .filter(|id| *id != TEXT_ID)
            .collect();
        if kept.is_empty() {
            let _ = el.remove_attribute("aria-describedby");
        } else {
            let _ = el.set_attribute("aria-describedby", &kept.join(" "));
        }
    }
}
