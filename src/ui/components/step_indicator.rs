//! The step indicator (利用者認証 > ワンタイムパスワードの登録 > 確認 > 処理結果).

use crate::ui::messages;
use leptos::prelude::*;

/// An ordered list of steps with the current one marked (visually and by `aria-current="step"`).
#[component]
pub fn StepIndicator(
    /// Step names in order.
    steps: &'static [&'static str],
    /// Index of the current step.
    current: usize,
) -> impl IntoView {
    view! {
        <ol class="steps" aria-label=messages::current().steps_name>
            {steps.iter().enumerate().map(|(i, name)| {
                let state = if i < current { "done" } else if i == current { "current" } else { "todo" };
                view! {
                    <li class=state aria-current=(i == current).then_some("step")>
                        <span class="visually-hidden">{messages::current().step_label(i + 1, steps.len())}</span>
                        {*name}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
