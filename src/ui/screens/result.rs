//! Step 4 of every flow — 処理結果: what changed (serials masked but for their last 4) and what next.

use crate::domain::bank::Receipt;
use crate::domain::date::JstDateTime;
use crate::domain::flows::{Change, Procedure};
use crate::domain::ledger::LoginOtp;
use crate::ui::components::flow_frame::FlowFrame;
use crate::ui::messages::{self, HelpTopic};
use crate::ui::{use_app, Screen};
use leptos::prelude::*;

/// What login asks for from now on.
fn login_next(login_otp: LoginOtp) -> &'static str {
    match login_otp {
        LoginOtp::Required => messages::NEXT_LOGIN_WITH_OTP,
        LoginOtp::NotRequired => messages::NEXT_LOGIN_WITHOUT_OTP,
    }
}

/// The 処理結果 screen.
#[component]
pub fn ResultScreen(
    /// 利用開始, 交換 or 利用中止.
    kind: Procedure,
    /// What the bank changed.
    receipt: Receipt,
) -> impl IntoView {
    let ctx = use_app();
    let at = messages::date_time(JstDateTime::from_unix(receipt.at));
    let body = match receipt.change {
        Change::Started { serial, login_otp } => view! {
            <p class="success">{messages::RESULT_STARTED}</p>
            <dl class="summary-list">
                <dt>{messages::ROW_SERIAL}</dt><dd>{serial.masked()}</dd>
                <dt>{messages::ROW_MODEL}</dt><dd>{messages::token_model(serial.model())}</dd>
                <dt>{messages::ROW_LOGIN_OTP}</dt><dd>{messages::login_otp_choice(login_otp)}</dd>
                <dt>{messages::ROW_STARTED_AT}</dt><dd>{at}</dd>
            </dl>
            <p>{login_next(login_otp)}</p>
        }
        .into_any(),
        Change::Exchanged { old, new, login_otp } => view! {
            <p class="success">{messages::RESULT_EXCHANGED}</p>
            <dl class="summary-list">
                <dt>{messages::ROW_OLD_TOKEN}</dt><dd>{format!("{} {}", messages::token_model(old.model()), old.masked())}</dd>
                <dt>{messages::NEW_TOKEN}</dt><dd>{format!("{} {}", messages::token_model(new.model()), new.masked())}</dd>
                <dt>{messages::ROW_LOGIN_OTP}</dt><dd>{messages::login_otp_choice(login_otp)}</dd>
                <dt>{messages::ROW_EXCHANGED_AT}</dt><dd>{at}</dd>
            </dl>
            <p>{messages::RESULT_OLD_TOKEN_DEAD}</p>
            <p>{login_next(login_otp)}</p>
        }
        .into_any(),
        Change::Stopped { serial } => view! {
            <p class="success">{messages::RESULT_STOPPED}</p>
            <dl class="summary-list">
                <dt>{messages::ROW_STOPPED_TOKEN}</dt><dd>{format!("{} {}", messages::token_model(serial.model()), serial.masked())}</dd>
                <dt>{messages::ROW_STOPPED_AT}</dt><dd>{at}</dd>
            </dl>
            <p>{messages::RESULT_STOPPED_NEXT}</p>
        }
        .into_any(),
        Change::Suspended { serial } => view! {
            <p class="success">{messages::RESULT_SUSPENDED}</p>
            <dl class="summary-list">
                <dt>{messages::ROW_SUSPENDED_TOKEN}</dt><dd>{format!("{} {}", messages::token_model(serial.model()), serial.masked())}</dd>
                <dt>{messages::ROW_STOPPED_AT}</dt><dd>{at}</dd>
            </dl>
            <p class="notice-title">{messages::RESULT_SUSPENDED_NEXT}</p>
        }
        .into_any(),
    };
    view! {
        <FlowFrame kind step=3 help=HelpTopic::Result/>
        <div class="panel result" role="status">
            <h2>{messages::RESULT_TITLE}</h2>
            {body}
            <button type="button" class="button-primary" on:click=move |_| ctx.go(Screen::Login)>{messages::BUTTON_TO_LOGIN}</button>
        </div>
    }
}
