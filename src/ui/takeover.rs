//! Taking over the login screen the page already shows.
//!
//! A release bundle's page carries the login screen's markup, rendered at build time by this same
//! app (`scripts/prerender.mjs`), inside `<div id="prerendered">`: it paints with the page's CSS
//! before the wasm has arrived, and a customer can start typing. When the app starts it
//! [takes](Typed::take) what was typed and where the focus was, removes that markup, mounts the
//! live screen in its place within the same task — so no frame shows neither, and the identical
//! markup does not shift — and [puts back](Typed::restore) the typing.
//!
//! Usage (what `ui::start` does):
//!
//! ```no_run
//! use shinkin_otp::ui::takeover::Typed;
//! let typed = Typed::take();
//! leptos::mount::mount_to_body(|| "the app");
//! typed.restore();
//! ```

use wasm_bindgen::JsCast;
use web_sys::{Event, EventInit, HtmlInputElement};

/// The id of the element holding the build-time markup.
pub const PRERENDERED_ID: &str = "prerendered";

/// What the customer did on the build-time screen before the app took over.
#[derive(Default, Clone, PartialEq, Eq)]
pub struct Typed {
    /// `(input id, value)` for every input with an id and something typed in it.
    values: Vec<(String, String)>,
    /// The id of the input that had the focus, and its caret (selection start and end).
    focus: Option<(String, Option<(u32, u32)>)>,
}

/// Never shows what was typed (a password among it): only which fields.
impl std::fmt::Debug for Typed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.values.iter().map(|(id, _)| id.as_str()).collect();
        f.debug_struct("Typed")
            .field("fields", &ids)
            .field("focus", &self.focus.as_ref().map(|(id, _)| id))
            .finish()
    }
}

impl Typed {
    /// Reads the typing in the build-time markup and removes the markup; nothing if there is none
    /// (a development build, a test page).
    pub fn take() -> Typed {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return Typed::default();
        };
        let Some(shown) = document.get_element_by_id(PRERENDERED_ID) else {
            return Typed::default();
        };
        let mut typed = Typed::default();
        if let Ok(inputs) = shown.query_selector_all("input[id]") {
            for input in (0..inputs.length())
                .filter_map(|i| inputs.item(i))
                .filter_map(|n| n.dyn_into::<HtmlInputElement>().ok())
            {
                let value = input.value();
                if !value.is_empty() {
                    typed.values.push((input.id(), value));
                }
            }
        }
        typed.focus = document
            .active_element()
            .filter(|el| shown.contains(Some(el)))
            .and_then(|el| el.dyn_into::<HtmlInputElement>().ok())
            .filter(|input| !input.id().is_empty())
            .map(|input| {
                let caret = input
                    .selection_start()
                    .ok()
                    .flatten()
                    .zip(input.selection_end().ok().flatten());
                (input.id(), caret)
            });
        shown.remove();
        typed
    }

    /// Puts the typing into the live screen's inputs of the same ids (each told by an `input`
    /// event, as if typed) now, and the focus and caret back where they were just before the next
    /// paint — after the screen's own first effects, which move the focus to its heading.
    pub fn restore(self) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let input_by_id = |id: &str| {
            document
                .get_element_by_id(id)
                .and_then(|el| el.dyn_into::<HtmlInputElement>().ok())
        };
        for (id, value) in &self.values {
            if let Some(input) = input_by_id(id) {
                input.set_value(value);
                // Bubbling, as typing's does: Leptos listens for `input` at the document.
                let init = EventInit::new();
                init.set_bubbles(true);
                if let Ok(event) = Event::new_with_event_init_dict("input", &init) {
                    let _ = input.dispatch_event(&event);
                }
            }
        }
        if let Some((id, caret)) = self.focus {
            leptos::prelude::request_animation_frame(move || {
                let input = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.get_element_by_id(&id))
                    .and_then(|el| el.dyn_into::<HtmlInputElement>().ok());
                if let Some(input) = input {
                    let _ = input.focus();
                    if let Some((start, end)) = caret {
                        let _ = input.set_selection_range(start, end);
                    }
                }
            });
        }
    }
}
