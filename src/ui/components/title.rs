//! A screen's heading, focused when the customer moves to the screen so screen readers announce
//! the new step.

use crate::ui::AppContext;
use leptos::html::H1;
use leptos::prelude::*;

/// The screen's `<h1>` (not a tab stop); takes focus when the screen appears after a move.
///
/// The page's first screen leaves the focus alone, as any page load does: a screen reader starts
/// at the top (the bank's name, ヘルプ一覧, 文字サイズ), the prerendered screen's focus carries over
/// ([`crate::ui::takeover`]), and the start-up does not force a layout in the middle of its task
/// (focusing lays the page out at once: about a tenth of the take-over's time).
#[component]
pub fn ScreenTitle(
    /// The heading text.
    text: &'static str,
) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    let moved_here = use_context::<AppContext>().is_some_and(|app| !app.on_first_screen());
    if moved_here {
        Effect::new(move |_| {
            if let Some(h) = heading.get() {
                let _ = h.focus();
            }
        });
    }
    view! { <h1 class="screen-title" tabindex="-1" node_ref=heading>{text}</h1> }
}
