//! ログイン's second step, for customers who chose 認証する: the one-time password.

use crate::bank::Calls;
use crate::domain::flows::FlowId;
use crate::ui::components::error_summary::ErrorSummary;
use crate::ui::components::field::TextField;
use crate::ui::components::help::Help;
use crate::ui::components::title::ScreenTitle;
use crate::ui::form::{FormErrors, Submission};
use crate::ui::messages::{self, HelpTopic};
use crate::ui::screens::resync::{offers_resync, ResyncLink};
use crate::ui::screens::{bank_message, bank_reply, read_code};
use crate::ui::{use_app, Screen};
use leptos::prelude::*;

/// The field's id (the demo's tour points at it).
pub const CODE: &str = "login-otp";

/// The login one-time password screen.
#[component]
pub fn LoginCodeScreen(
    /// The login flow the bank opened after the password.
    flow: FlowId,
) -> impl IntoView {
    let ctx = use_app();
    let errors = FormErrors::default();
    let submission = Submission::new();
    let code = NodeRef::new();
    let drifted = RwSignal::new(false);

    let on_submit = submission.on_submit(
        errors,
        move |check| read_code(check, (CODE, code)),
        {
            let bank = ctx.bank.clone();
            move |otp| {
                let (bank, flow) = (bank.clone(), flow.clone());
                async move { bank.login_code(&flow, &otp).await }
            }
        },
        bank_reply(errors, {
            let ctx = ctx.clone();
            move |reply| {
                drifted.set(reply.as_ref().is_err_and(|e| offers_resync(*e)));
                match reply {
                    Ok(session) => ctx.go(Screen::Top(session)),
                    Err(e) if e.ends_flow() => ctx.restart_flow(e, Screen::Login),
                    Err(e) => errors.set(vec![bank_message(e, Some(CODE))]),
                }
            }
        }),
    );
    let back = move |_| ctx.go(Screen::Login);

    view! {
        <ScreenTitle text=messages::current().login_code_title/>
        <Help label=messages::current().help_this_screen topic=HelpTopic::LoginCode/>
        <form class="panel" on:submit=on_submit aria-busy=move || submission.aria_busy() novalidate>
            <ErrorSummary errors/>
            <ResyncLink shown=drifted.read_only()/>
            <p>{messages::current().login_code_instructions}</p>
            <TextField id=CODE label=messages::current().label_otp input=code errors required=true
                hint=messages::current().hint_six_digits autocomplete="one-time-code" inputmode="numeric" class="narrow"/>
            <div class="actions">
                <button type="button" class="button-secondary" on:click=back>{messages::current().button_back}</button>
                <button type="submit" class="button-primary" disabled=move || submission.pending()>{messages::current().button_login}</button>
            </div>
        </form>
    }
}
