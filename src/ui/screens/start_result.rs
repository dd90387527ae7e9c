//! 利用開始 step 4 — 処理結果: what was registered (serial masked but for its last 4) and what next.

use crate::domain::bank::Receipt;
use crate::ui::components::help::Help;
use crate::ui::components::step_indicator::StepIndicator;
use crate::ui::components::title::ScreenTitle;
use crate::ui::messages::{self, HelpTopic};
use crate::ui::{use_app, Screen};
use leptos::prelude::*;

/// The 処理結果 screen.
#[component]
pub fn StartResultScreen(
    /// What the bank registered.
    receipt: Receipt,
) -> impl IntoView {
    let ctx = use_app();
    let next = if receipt.login_otp {
        "次回のログインから、パスワードのあとにワンタイムパスワードの入力が必要になります。トークンをお手元にご用意ください。"
    } else {
        "ログイン時にワンタイムパスワードの入力は不要です。お振込などのお取引の際にワンタイムパスワードを入力してください。"
    };
    view! {
        <ScreenTitle text=messages::START_TITLE/>
        <StepIndicator steps=&messages::START_STEPS current=3/>
        <Help label="この画面のヘルプ" topic=HelpTopic::StartResult/>
        <div class="panel result" role="status">
            <h2>"処理結果"</h2>
            <p class="success">"ワンタイムパスワードの利用登録が完了しました。"</p>
            <dl class="summary-list">
                <dt>"シリアル番号"</dt><dd>{receipt.serial.masked()}</dd>
                <dt>"トークンの種類"</dt><dd>{messages::token_model(receipt.serial.model())}</dd>
                <dt>"ログイン時のワンタイムパスワード認証"</dt><dd>{messages::login_otp_choice(receipt.login_otp)}</dd>
                <dt>"登録日時"</dt><dd>{messages::jst_datetime(receipt.at)}</dd>
            </dl>
            <p>{next}</p>
            <button type="button" class="button-primary" on:click=move |_| ctx.go(Screen::Login)>"ログイン画面へ"</button>
        </div>
    }
}
