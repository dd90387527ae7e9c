//! The plain page after login: ログインしました, the OTP status, ログアウト.

use crate::domain::bank::Session;
use crate::ui::components::help::Help;
use crate::ui::components::title::ScreenTitle;
use crate::ui::messages::{self, HelpTopic};
use crate::ui::{use_app, Screen};
use leptos::prelude::*;

/// The top page of a logged-in customer.
#[component]
pub fn TopScreen(
    /// Who logged in.
    session: Session,
) -> impl IntoView {
    let ctx = use_app();
    let status = match &session.enrolment {
        Some(e) => format!(
            "ご利用中（{}・シリアル番号 {}）／ログイン時の認証：{}",
            messages::token_model(e.serial.model()),
            e.serial.masked(),
            messages::login_otp_choice(e.login_otp)
        ),
        None => "未登録（ログイン画面の「利用開始」から登録できます）".to_owned(),
    };
    view! {
        <ScreenTitle text="ログインしました"/>
        <Help label="この画面のヘルプ" topic=HelpTopic::Top/>
        <div class="panel">
            <p class="greeting">{format!("{} 様", session.name)}</p>
            <dl class="summary-list">
                <dt>"ワンタイムパスワード"</dt>
                <dd>{status}</dd>
            </dl>
            <button type="button" class="button-secondary" on:click=move |_| ctx.go(Screen::Login)>"ログアウト"</button>
        </div>
    }
}
