//! 利用中止 step 2 — ワンタイムパスワードの確認: a code from the token in use; or, for a lost or broken
//! token, the path that skips the code (the card is still asked) and says to report the loss.

use crate::bank::Calls;
use crate::domain::bank::Authenticated;
use crate::domain::card::CardChallenge;
use crate::domain::errors::BankError;
use crate::domain::flows::Procedure;
use crate::ui::components::error_summary::ErrorSummary;
use crate::ui::components::field::TextField;
use crate::ui::components::flow_frame::FlowFrame;
use crate::ui::form::{FormErrors, Submission};
use crate::ui::messages::{self, HelpTopic};
use crate::ui::screens::register::WhereToFind;
use crate::ui::screens::resync::{offers_resync, ResyncLink};
use crate::ui::screens::{bank_message, bank_reply, read_code};
use crate::ui::{use_app, Screen};
use leptos::prelude::*;
use std::rc::Rc;

/// The field's id (the demo's tour points at it).
pub const CODE: &str = "stop-otp";

/// The 利用中止 token step.
#[component]
pub fn StopTokenScreen(
    /// The flow opened by 利用者認証, with the token in use.
    auth: Authenticated,
) -> impl IntoView {
    let ctx = use_app();
    let Authenticated { flow, current } = auth;
    let errors = FormErrors::default();
    let submission = Submission::new();
    let code = NodeRef::new();
    let drifted = RwSignal::new(false);
    let current_text = current.map(|e| messages::token_named(&e.serial));

    // Both ways out of this step (with a code, or lost) lead to the card.
    let to_card = {
        let (ctx, flow) = (ctx.clone(), flow.clone());
        Rc::new(bank_reply(
            errors,
            move |reply: Result<CardChallenge, BankError>| {
                drifted.set(reply.as_ref().is_err_and(|e| offers_resync(*e)));
                match reply {
                    Ok(challenge) => {
                        ctx.go(Screen::Confirm(Procedure::Stop, flow.clone(), challenge))
                    }
                    Err(e) if e.ends_flow() => ctx.restart_flow(e, Screen::Auth(Procedure::Stop)),
                    Err(e) => errors.set(vec![bank_message(e, Some(CODE))]),
                }
            },
        ))
    };
    let on_submit = submission.on_submit(
        errors,
        move |check| read_code(check, (CODE, code)),
        {
            let (bank, flow) = (ctx.bank.clone(), flow.clone());
            move |otp| {
                let (bank, flow) = (bank.clone(), flow.clone());
                async move { bank.stop_with_code(&flow, &otp).await }
            }
        },
        {
            let to_card = to_card.clone();
            move |reply| to_card(reply)
        },
    );
    let lost = move |_| {
        let (bank, flow, to_card) = (ctx.bank.clone(), flow.clone(), to_card.clone());
        submission.send(
            move || async move { bank.report_lost(&flow).await },
            move |reply| to_card(reply),
        );
    };

    view! {
        <FlowFrame kind=Procedure::Stop step=1 help=HelpTopic::StopToken/>
        <div class="notice-box">
            <p>{messages::current().stop_which_token} {current_text}</p>
            <p>{messages::current().stop_effect}</p>
        </div>
        <form class="panel" on:submit=on_submit aria-busy=move || submission.aria_busy() novalidate>
            <ErrorSummary errors/>
            <ResyncLink shown=drifted.read_only()/>
            <h2>{messages::current().stop_token_title}</h2>
            <TextField id=CODE label=messages::current().label_otp input=code errors required=true
                hint=messages::current().hint_current_otp autocomplete="one-time-code"
                inputmode="numeric" class="narrow"/>
            <WhereToFind/>
            <div class="actions">
                <button type="submit" class="button-primary" disabled=move || submission.pending()>{messages::current().button_next}</button>
            </div>
        </form>
        <details class="expander lost-token">
            <summary>{messages::current().lost_token_title}</summary>
            <p>{messages::current().lost_token_report}</p>
            <p>{messages::current().lost_token_how}</p>
            <button type="button" class="button-secondary" on:click=lost disabled=move || submission.pending()>
                {messages::current().lost_token_button}
            </button>
        </details>
    }
}
