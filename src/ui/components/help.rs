//! Help that opens in place (a disclosure), so nothing typed in the form is lost.

use crate::ui::messages::{self, HelpTopic};
use leptos::prelude::*;

/// A "this screen's help" style link that expands its text beneath.
#[component]
pub fn Help(
    /// The link text, e.g. この画面のヘルプ.
    label: &'static str,
    /// Which help text.
    topic: HelpTopic,
) -> impl IntoView {
    view! {
        <details class="help">
            <summary>{label}</summary>
            <div class="help-body">
                {messages::help(topic).iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
            </div>
        </details>
    }
}
