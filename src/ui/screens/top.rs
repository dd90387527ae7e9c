//! The plain page after login: ログインしました, the OTP status, ログアウト.

use crate::bank::BankApi;
use crate::domain::bank::Session;
use crate::ui::components::help::Help;
use crate::ui::components::history_list::HistoryList;
use crate::ui::components::title::ScreenTitle;
use crate::ui::form::Submission;
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
    let submission = Submission::new();
    // The bank ends its session (an HTTP bank: the server's), then ログイン. Whatever the answer,
    // the page forgets the customer: a session the server could not be told about ends by itself
    // after 10 idle minutes, and keeping the customer here would not make it end sooner.
    let logout = {
        let ctx = ctx.clone();
        move |_| {
            let (bank, ctx) = (ctx.bank.clone(), ctx.clone());
            submission.send(
                move || async move { bank.logout().await },
                move |_| ctx.go(Screen::Login),
            );
        }
    };
    let status = match &session.token {
        Some(e) => {
            messages::current().top_status(e.serial.model(), &e.serial.masked(), e.login_otp)
        }
        None => messages::current().top_no_token.to_owned(),
    };
    view! {
        <ScreenTitle text=messages::current().top_title/>
        <Help label=messages::current().help_this_screen topic=HelpTopic::Top/>
        <div class="panel">
            <p class="greeting">{messages::current().honorific(&session.name)}</p>
            <dl class="summary-list">
                <dt>{messages::current().otp_panel_title}</dt>
                <dd>{status}</dd>
            </dl>
            <button type="button" class="button-secondary" on:click=logout disabled=move || submission.pending()>{messages::current().button_logout}</button>
        </div>
        <HistoryList contract_id=session.contract_id.clone()/>
    }
}
