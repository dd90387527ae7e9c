//! What the tour does to the page around its panel: the pointed-at control outlined, scrolled
//! into view above the panel, and described by the tour's text (`aria-describedby`), all undone
//! when the step or the tour ends. The page's own `aria-describedby` (hints, errors) is kept.

use super::steps::{Control, Press};
use crate::ui::messages;
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;

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
            let Some(el) = control.and_then(find) else {
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

/// The control on the page: a field by its id, a button of the screen (in `<main>`) by its name.
fn find(control: Control) -> Option<web_sys::Element> {
    let name = match control {
        Control::Field(id) => return document().get_element_by_id(id),
        Control::Button(press) => button_name(press),
    };
    let buttons = document().query_selector_all("main button").ok()?;
    (0..buttons.length())
        .filter_map(|i| buttons.item(i)?.dyn_into::<web_sys::Element>().ok())
        .find(|b| b.text_content().is_some_and(|text| text.trim() == name))
}

/// A screen button's name in the language shown.
fn button_name(press: Press) -> &'static str {
    let m = messages::current();
    match press {
        Press::Start => m.button_start,
        Press::Exchange => m.button_exchange,
        Press::Stop => m.button_stop,
        Press::Logout => m.button_logout,
        Press::ToLogin => m.button_to_login,
    }
}

/// Undoes [`point`] wherever it pointed.
fn unpoint() {
    let Ok(pointed) = document().query_selector_all(&format!(".{TARGET_CLASS}")) else {
        return;
    };
    for el in (0..pointed.length()).filter_map(|i| pointed.item(i)) {
        let Ok(el) = el.dyn_into::<web_sys::Element>() else {
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
