//! A screen's heading, focused when the screen appears so screen readers announce the new step.

use leptos::html::H1;
use leptos::prelude::*;

/// The screen's `<h1>`; takes focus when mounted (not a tab stop).
#[component]
pub fn ScreenTitle(
    /// The heading text.
    text: &'static str,
) -> impl IntoView {
    let heading = NodeRef::<H1>::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    view! { <h1 class="screen-title" tabindex="-1" node_ref=heading>{text}</h1> }
}
