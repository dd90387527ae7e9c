//! 利用中止 step 2 — ワンタイムパスワードの確認: a code from the token in use; or, for a lost or broken
//! token, the path that skips the code (the card is still asked) and says to report the loss.

use crate::bank::BankApi;
use crate::domain::bank::Authenticated;
use crate::domain::card::CardChallenge;
use crate::domain::errors::BankError;
use crate::domain::flows::Procedure;
use crate::ui::components::error_summary::ErrorSummary;
use crate::ui::components::field::TextField;
use crate::ui::components::flow_frame::FlowFrame;
use crate::ui::form::{submit_once, Check, FormErrors};
use crate::ui::messages::{self, HelpTopic};
use crate::ui::screens::register::WhereToFind;
use crate::ui::screens::{bank_message, read_code};
use crate::ui::{use_app, Screen};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

const CODE: &str = "stop-otp";

/// The 利用中止 token step.
#[component]
pub fn StopTokenScreen(
    /// The flow opened by 利用者認証, with the token in use.
    auth: Authenticated,
) -> impl IntoView {
    let ctx = use_app();
    let Authenticated { flow, current } = auth;
    let errors = FormErrors::default();
    let busy = RwSignal::new(false);
    let code = NodeRef::new();
    let current_text = current.map(|e| {
        format!(
            "{} {}",
            messages::token_model(e.serial.model()),
            e.serial.masked()
        )
    });

    let go_on = {
        let ctx = ctx.clone();
        let flow = flow.clone();
        move |result: Result<CardChallenge, BankError>| match result {
            Ok(challenge) => ctx.go(Screen::Confirm(Procedure::Stop, flow.clone(), challenge)),
            Err(e) if e.ends_flow() => ctx.restart_flow(e, Screen::Auth(Procedure::Stop)),
            Err(e) => errors.set(vec![bank_message(e, Some(CODE))]),
        }
    };
    let on_submit = {
        let (ctx, flow, go_on) = (ctx.clone(), flow.clone(), go_on.clone());
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let mut check = Check::default();
            let otp = read_code(&mut check, (CODE, code));
            let Some(otp) = otp else {
                errors.set(check.into_messages());
                return;
            };
            let (bank, flow) = (ctx.bank.clone(), flow.clone());
            submit_once(
                busy,
                async move { bank.stop_with_code(&flow, &otp).await },
                go_on.clone(),
            );
        }
    };
    let lost = move |_| {
        let (bank, flow) = (ctx.bank.clone(), flow.clone());
        submit_once(
            busy,
            async move { bank.report_lost(&flow).await },
            go_on.clone(),
        );
    };

    view! {
        <FlowFrame kind=Procedure::Stop step=1 help=HelpTopic::StopToken/>
        <div class="notice-box">
            <p>{messages::STOP_WHICH_TOKEN} {current_text}</p>
            <p>{messages::STOP_EFFECT}</p>
        </div>
        <form class="panel" on:submit=on_submit novalidate>
            <ErrorSummary errors/>
            <h2>{messages::STOP_TOKEN_TITLE}</h2>
            <TextField id=CODE label=messages::LABEL_OTP input=code errors required=true
                hint=messages::HINT_CURRENT_OTP autocomplete="one-time-code"
                inputmode="numeric" class="narrow"/>
            <WhereToFind/>
            <div class="actions">
                <button type="submit" class="button-primary" disabled=move || busy.get()>{messages::BUTTON_NEXT}</button>
            </div>
        </form>
        <details class="expander lost-token">
            <summary>{messages::LOST_TOKEN_TITLE}</summary>
            <p>{messages::LOST_TOKEN_REPORT}</p>
            <p>{messages::LOST_TOKEN_HOW}</p>
            <button type="button" class="button-secondary" on:click=lost disabled=move || busy.get()>
                {messages::LOST_TOKEN_BUTTON}
            </button>
        </details>
    }
}
