//! ログイン: 契約者ID（利用者番号） and パスワード, and the ワンタイムパスワード panel
//! (利用開始 / 交換 / 利用中止, and 時刻補正 for a token whose numbers are refused).

use crate::bank::Calls;
use crate::domain::bank::LoginStep;
use crate::domain::flows::Procedure;
use crate::domain::input::ContractId;
use crate::ui::components::error_summary::ErrorSummary;
use crate::ui::components::field::TextField;
use crate::ui::components::help::Help;
use crate::ui::components::software_keyboard::KeyboardToggle;
use crate::ui::components::title::ScreenTitle;
use crate::ui::form::{FormErrors, Submission};
use crate::ui::messages::{self, HelpTopic};
use crate::ui::screens::{bank_message, bank_reply, read_credentials};
use crate::ui::{use_app, Screen};
use leptos::prelude::*;

/// The field's id (the demo's tour points at it).
pub const CONTRACT_ID: &str = "login-contract-id";
/// The field's id (the demo's tour points at it).
pub const PASSWORD: &str = "login-password";

/// The login screen.
#[component]
pub fn LoginScreen() -> impl IntoView {
    let ctx = use_app();
    let errors = FormErrors::default();
    let submission = Submission::new();
    let contract_id = NodeRef::<leptos::html::Input>::new();
    let password = NodeRef::new();
    // After a time limit: the 契約者ID typed before, the password asked again.
    if let Some(kept) = ctx.take_kept_contract_id() {
        Effect::new(move |_| {
            if let Some(input) = contract_id.get() {
                input.set_value(kept.as_str());
            }
        });
    }
    // The 契約者ID sent, kept once the bank asks for the code: for ログイン again if the code
    // step's time runs out, and for 時刻補正はこちら's 利用者認証 after a drift refusal.
    let sent_id = StoredValue::new(None::<ContractId>);

    let on_submit = submission.on_submit(
        errors,
        move |check| read_credentials(check, (CONTRACT_ID, contract_id), (PASSWORD, password)),
        {
            let bank = ctx.bank.clone();
            move |(id, pw): (ContractId, String)| {
                let bank = bank.clone();
                sent_id.set_value(Some(id.clone()));
                async move { bank.login(&id, &pw).await }
            }
        },
        bank_reply(errors, {
            let ctx = ctx.clone();
            move |reply| match reply {
                Ok(LoginStep::Done { session }) => ctx.go(Screen::Top(session)),
                Ok(LoginStep::NeedsCode { flow }) => {
                    if let Some(id) = sent_id.get_value() {
                        ctx.keep_contract_id(id);
                    }
                    ctx.go(Screen::LoginCode(flow))
                }
                Err(e) => errors.set(vec![bank_message(e, Some(CONTRACT_ID))]),
            }
        }),
    );
    let open = move |kind: Procedure| {
        let ctx = ctx.clone();
        move |_| ctx.go(Screen::Auth(kind))
    };

    view! {
        <ScreenTitle text=messages::current().button_login/>
        <Help label=messages::current().help_this_screen topic=HelpTopic::Login/>
        <div class="login-layout">
            <form class="panel" on:submit=on_submit aria-busy=move || submission.aria_busy() novalidate>
                <ErrorSummary errors/>
                <TextField id=CONTRACT_ID label=messages::current().label_contract_id input=contract_id errors
                    autocomplete="username" inputmode="numeric"/>
                <TextField id=PASSWORD label=messages::current().label_password kind="password" input=password errors
                    autocomplete="current-password"/>
                <KeyboardToggle target=password/>
                <button type="submit" class="button-primary" disabled=move || submission.pending()>{messages::current().button_login}</button>
            </form>
            <section class="panel otp-panel" aria-labelledby="otp-panel-title">
                // A padlock drawn as SVG, not the emoji 🔒, which is a box where no emoji font is
                // installed; decorative, so the heading reads as its text alone.
                <h2 id="otp-panel-title">
                    <svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                        <path fill="currentColor" fill-rule="evenodd"
                            d="M4 7V5a4 4 0 0 1 8 0v2h1a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1zm2 0h4V5a2 2 0 0 0-4 0zm1.25 3.5a.75.75 0 0 1 1.5 0v2a.75.75 0 0 1-1.5 0z"/>
                    </svg>
                    {messages::current().otp_panel_title}
                </h2>
                <div class="otp-buttons">
                    <button type="button" class="button-primary" on:click=open(Procedure::Start)>{messages::current().button_start}</button>
                    <button type="button" class="button-secondary" on:click=open(Procedure::Exchange)>{messages::current().button_exchange}</button>
                    <button type="button" class="button-secondary" on:click=open(Procedure::Stop)>{messages::current().button_stop}</button>
                </div>
                // 時刻補正 is for a customer whose right numbers are refused: apart from the three
                // procedures, under what it is for.
                <p class="otp-trouble" id="resync-lead">{messages::current().resync_lead}</p>
                <div class="otp-buttons">
                    <button type="button" class="button-secondary" aria-describedby="resync-lead"
                        on:click=open(Procedure::Resync)>{messages::current().button_resync}</button>
                </div>
                <Help label=messages::current().link_otp_guide topic=HelpTopic::OtpGuide/>
            </section>
        </div>
        <Help label=messages::current().link_login_trouble topic=HelpTopic::LoginTrouble/>
        <Help label=messages::current().link_environment topic=HelpTopic::Environment/>
    }
}
