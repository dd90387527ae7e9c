//! A labelled text input with its hint and inline error, tied together by `aria-describedby`.

use crate::ui::form::FormErrors;
use crate::ui::messages;
use leptos::html::Input;
use leptos::prelude::*;

/// One form field.
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use shinkin_otp::ui::components::field::TextField;
/// use shinkin_otp::ui::form::FormErrors;
///
/// #[component]
/// fn SerialForm() -> impl IntoView {
///     let errors = FormErrors::default();
///     let serial = NodeRef::new();
///     view! { <TextField id="serial" label="シリアル番号(半角英数字)" required=true
///         input=serial errors=errors placeholder="SKTSXXXXXXXX"/> }
/// }
/// ```
#[component]
pub fn TextField(
    /// The input's id (also the anchor of the summary link).
    id: &'static str,
    /// Label text.
    #[prop(into)]
    label: String,
    /// The input, for the screen to read and clear.
    input: NodeRef<Input>,
    /// The form's messages; this field shows the one for `id`.
    errors: FormErrors,
    /// Shows 必須 beside the label.
    #[prop(optional)]
    required: bool,
    /// A hint under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// `type` attribute; "text" unless given.
    #[prop(default = "text")]
    kind: &'static str,
    /// `autocomplete` attribute.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// `inputmode` attribute ("numeric" for codes and digits).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// Placeholder, as the bank's screen shows it.
    #[prop(optional)]
    placeholder: Option<&'static str>,
    /// Extra class on the wrapper (e.g. "narrow").
    #[prop(optional)]
    class: Option<&'static str>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let error = Memo::new(move |_| errors.for_field(id));
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let wrapper = format!("field {}", class.unwrap_or_default());

    view! {
        <div class=wrapper class:has-error=move || error.get().is_some()>
            <label for=id>
                {label}
                {required.then(|| view! { <span class="badge-required">{messages::current().badge_required}</span> })}
            </label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            {move || error.get().map(|text| view! {
                <p class="field-error" id=error_id.clone()>
                    <span class="visually-hidden">{messages::current().error_prefix}</span>{text}
                </p>
            })}
            <input id=id name=id type=kind node_ref=input
                autocomplete=autocomplete inputmode=inputmode placeholder=placeholder
                spellcheck="false" autocapitalize="off"
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by/>
        </div>
    }
}
