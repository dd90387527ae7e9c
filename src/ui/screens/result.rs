//! Step 4 of every flow — 処理結果: what changed (serials masked but for their last 4), what next,
//! and ご利用履歴 as the step answered it.

use crate::domain::bank::Receipt;
use crate::domain::date::JstDateTime;
use crate::domain::flows::{Change, Procedure};
use crate::domain::history::HistoryEntry;
use crate::domain::ledger::LoginOtp;
use crate::ui::components::flow_frame::FlowFrame;
use crate::ui::components::history_list::FinishedHistory;
use crate::ui::messages::{self, HelpTopic};
use crate::ui::{use_app, Screen};
use leptos::prelude::*;

/// What login asks for from now on.
fn login_next(login_otp: LoginOtp) -> &'static str {
    match login_otp {
        LoginOtp::Required => messages::current().next_login_with_otp,
        LoginOtp::NotRequired => messages::current().next_login_without_otp,
    }
}

/// The 処理結果 screen.
#[component]
pub fn ResultScreen(
    /// 利用開始, 交換 or 利用中止.
    kind: Procedure,
    /// What the bank changed.
    receipt: Receipt,
    /// ご利用履歴 after it, as the bank answered (`None`: not given).
    history: Option<Vec<HistoryEntry>>,
) -> impl IntoView {
    let ctx = use_app();
    let at = messages::current().date_time(JstDateTime::from_unix(receipt.at));
    let body = match receipt.change {
        Change::Started { serial, login_otp } => view! {
            <p class="success">{messages::current().result_started}</p>
            <dl class="summary-list">
                <dt>{messages::current().row_serial}</dt><dd>{serial.masked()}</dd>
                <dt>{messages::current().row_model}</dt><dd>{messages::current().token_model(serial.model())}</dd>
                <dt>{messages::current().row_login_otp}</dt><dd>{messages::current().login_otp_choice(login_otp)}</dd>
                <dt>{messages::current().row_started_at}</dt><dd>{at}</dd>
            </dl>
            <p>{login_next(login_otp)}</p>
        }
        .into_any(),
        Change::Exchanged { old, new, login_otp } => view! {
            <p class="success">{messages::current().result_exchanged}</p>
            <dl class="summary-list">
                <dt>{messages::current().row_old_token}</dt><dd>{messages::token_named(&old)}</dd>
                <dt>{messages::current().new_token}</dt><dd>{messages::token_named(&new)}</dd>
                <dt>{messages::current().row_login_otp}</dt><dd>{messages::current().login_otp_choice(login_otp)}</dd>
                <dt>{messages::current().row_exchanged_at}</dt><dd>{at}</dd>
            </dl>
            <p>{messages::current().result_old_token_dead}</p>
            <p>{login_next(login_otp)}</p>
        }
        .into_any(),
        Change::Stopped { serial } => view! {
            <p class="success">{messages::current().result_stopped}</p>
            <dl class="summary-list">
                <dt>{messages::current().row_stopped_token}</dt><dd>{messages::token_named(&serial)}</dd>
                <dt>{messages::current().row_stopped_at}</dt><dd>{at}</dd>
            </dl>
            <p>{messages::current().result_stopped_next}</p>
        }
        .into_any(),
        Change::Suspended { serial } => view! {
            <p class="success">{messages::current().result_suspended}</p>
            <dl class="summary-list">
                <dt>{messages::current().row_suspended_token}</dt><dd>{messages::token_named(&serial)}</dd>
                <dt>{messages::current().row_stopped_at}</dt><dd>{at}</dd>
            </dl>
            <p class="notice-title">{messages::current().result_suspended_next}</p>
        }
        .into_any(),
    };
    view! {
        <FlowFrame kind step=3 help=HelpTopic::Result/>
        <div class="panel result" role="status">
            <h2>{messages::current().result_title}</h2>
            {body}
            <button type="button" class="button-primary" on:click=move |_| ctx.go(Screen::Login)>{messages::current().button_to_login}</button>
        </div>
        <FinishedHistory history/>
    }
}
