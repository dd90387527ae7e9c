//! Help that opens in place, so nothing typed in the form is lost: この画面のヘルプ and the other help
//! links are disclosures beside the form; ヘルプ一覧 is a panel above the screen, which stays mounted
//! underneath.

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
                {messages::current().help(topic).iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
            </div>
        </details>
    }
}

/// ヘルプ一覧: every help text, each a disclosure, in a panel that takes focus when it opens.
#[component]
pub fn HelpIndex(
    /// Set to false by 閉じる.
    open: RwSignal<bool>,
) -> impl IntoView {
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    view! {
        <section class="help-index" aria-labelledby="help-index-title">
            <h2 id="help-index-title" tabindex="-1" node_ref=heading>{messages::current().help_index}</h2>
            {HelpTopic::ALL.iter().map(|&topic| view! {
                <Help label=messages::current().help_title(topic) topic/>
            }).collect_view()}
            <button type="button" class="button-secondary" on:click=move |_| open.set(false)>{messages::current().help_index_close}</button>
        </section>
    }
}
