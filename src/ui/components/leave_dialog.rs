//! Back's お手続きを中止しますか？: a modal dialog (the native `<dialog>`, shown with `showModal`),
//! focus on its safe answer 続ける, Escape the same as 続ける.

use crate::ui::messages;
use crate::ui::use_app;
use leptos::html::{Button, Dialog};
use leptos::prelude::*;

/// The question, while Back asks it ([`crate::ui::AppContext::leaving_asked`]).
#[component]
pub fn LeaveDialog() -> impl IntoView {
    let asked = use_app().leaving_asked;
    view! {
        <Show when=move || asked.with(Option::is_some)>
            <LeaveQuestion/>
        </Show>
    }
}

#[component]
fn LeaveQuestion() -> impl IntoView {
    let ctx = use_app();
    let asked = ctx.leaving_asked;
    let dialog = NodeRef::<Dialog>::new();
    let stay_button = NodeRef::<Button>::new();
    // Modal: the rest of the page is inert until it is answered. The safe answer takes focus, as in
    // the kit's デモデータを初期化 (the browser returns it to where it was when the dialog closes).
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
            if let Some(button) = stay_button.get_untracked() {
                let _ = button.focus();
            }
        }
    });
    let stay = move |_| {
        if let Some(dialog) = dialog.get_untracked() {
            dialog.close();
        }
        asked.set(None);
    };
    let leave = move |_| {
        if let Some(target) = asked.get_untracked() {
            if let Some(dialog) = dialog.get_untracked() {
                dialog.close();
            }
            ctx.leave_flow(target);
        }
    };

    let m = messages::current();
    view! {
        // Escape closes a modal dialog by itself: `close` then means 続ける.
        <dialog class="leave-dialog" node_ref=dialog aria-labelledby="leave-title"
            aria-describedby="leave-text" on:close=move |_| asked.set(None)>
            <h2 id="leave-title">{m.leave_title}</h2>
            <p id="leave-text">{m.leave_text}</p>
            <div class="actions">
                <button type="button" class="button-danger" on:click=leave>{m.leave_yes}</button>
                <button type="button" class="button-secondary" node_ref=stay_button on:click=stay>
                    {m.leave_no}
                </button>
            </div>
        </dialog>
    }
}
