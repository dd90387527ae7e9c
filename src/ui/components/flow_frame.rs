//! The frame the three OTP flows share: the flow's title, its step indicator, and this screen's help.

use crate::domain::flows::Procedure;
use crate::ui::components::help::Help;
use crate::ui::components::step_indicator::StepIndicator;
use crate::ui::components::title::ScreenTitle;
use crate::ui::messages::{self, HelpTopic};
use leptos::prelude::*;

/// Title, step indicator and この画面のヘルプ for one step of 利用開始, 交換 or 利用中止.
#[component]
pub fn FlowFrame(
    /// Which flow.
    kind: Procedure,
    /// The current step (0 = 利用者認証 … 3 = 処理結果).
    step: usize,
    /// This screen's help.
    help: HelpTopic,
) -> impl IntoView {
    view! {
        <ScreenTitle text=messages::current().flow_title(kind)/>
        <StepIndicator steps=messages::current().flow_steps(kind) current=step/>
        <Help label=messages::current().help_this_screen topic=help/>
    }
}
