//! Focus management shared by disclosures that remove the element holding focus when they close.

use leptos::html::Button;
use leptos::prelude::*;

/// When `open` turns false, moves focus to `button` (the control that opened the panel), so
/// keyboard and screen-reader users are not dropped back at the start of the page.
pub fn return_focus_on_close(open: RwSignal<bool>, button: NodeRef<Button>) {
    Effect::new(move |was_open: Option<bool>| {
        let now_open = open.get();
        if was_open == Some(true) && !now_open {
            if let Some(button) = button.get_untracked() {
                let _ = button.focus();
            }
        }
        now_open
    });
}
