//! The error summary at the top of a form (GOV.UK pattern): a heading, one link per message to its
//! field, and focus moved to it each time the messages are set, so a screen reader reads it at once.

use crate::ui::form::FormErrors;
use crate::ui::messages;
use leptos::html::Div;
use leptos::prelude::*;

/// Renders nothing while `errors` is empty.
#[component]
pub fn ErrorSummary(
    /// The form's messages.
    errors: FormErrors,
) -> impl IntoView {
    move || {
        let list = errors.get();
        if list.is_empty() {
            return None;
        }
        // A fresh node per submission, focused once it is in the page.
        let summary = NodeRef::<Div>::new();
        Effect::new(move |_| {
            if let Some(el) = summary.get() {
                let _ = el.focus();
            }
        });
        Some(view! {
            <div class="error-summary" role="alert" tabindex="-1"
                aria-labelledby="error-summary-title" node_ref=summary>
                <h2 id="error-summary-title">{messages::current().summary_title}</h2>
                <ul>
                    {list.into_iter().map(|m| match m.field {
                        Some(id) => view! {
                            <li><a href=format!("#{id}") on:click=move |ev| {
                                // Focus the field itself (the hash alone only scrolls).
                                ev.prevent_default();
                                if let Some(el) = document().get_element_by_id(id) {
                                    if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                                        let _ = el.focus();
                                    }
                                }
                            }>{m.text}</a></li>
                        }.into_any(),
                        None => view! { <li>{m.text}</li> }.into_any(),
                    }).collect_view()}
                </ul>
            </div>
        })
    }
}
