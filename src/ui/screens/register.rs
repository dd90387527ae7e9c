//! Step 2 of 利用開始 (ワンタイムパスワードの登録) and 交換 (新しいトークンの登録): the serial, a code
//! from the token, and ログイン時のワンタイムパスワード認証要否, with where to find each on both kinds
//! of token. 利用開始 shows the bank's notice box; 交換 shows the token being replaced and keeps its
//! login choice unless changed.

use crate::bank::Calls;
use crate::domain::bank::{Authenticated, NewToken, Replacement};
use crate::domain::errors::BankError;
use crate::domain::flows::Procedure;
use crate::domain::input;
use crate::domain::ledger::LoginOtp;
use crate::ui::components::error_summary::ErrorSummary;
use crate::ui::components::field::TextField;
use crate::ui::components::flow_frame::FlowFrame;
use crate::ui::form::{is_checked, value_of, FormErrors, Submission};
use crate::ui::messages::{self, Field, HelpTopic};
use crate::ui::screens::auth::TokenPreparation;
use crate::ui::screens::resync::{offers_resync, ResyncLink};
use crate::ui::screens::{bank_message, bank_reply, read_code};
use crate::ui::{use_app, Screen};
use leptos::prelude::*;

/// The field's id (the demo's tour points at it).
pub const CURRENT_CODE: &str = "register-current-otp";
/// The field's id (the demo's tour points at it).
pub const SERIAL: &str = "register-serial";
/// The field's id (the demo's tour points at it).
pub const CODE: &str = "register-otp";

/// The token registration screen of 利用開始 or 交換.
#[component]
pub fn RegisterScreen(
    /// 利用開始 or 交換.
    kind: Procedure,
    /// The flow opened by 利用者認証, with the token in use (交換).
    auth: Authenticated,
) -> impl IntoView {
    let Authenticated { flow, current } = auth;
    let exchange = kind == Procedure::Exchange;
    // 交換 carries the login choice over; 利用開始 defaults to 認証する.
    let login_otp_default = current
        .as_ref()
        .is_none_or(|e| e.login_otp == LoginOtp::Required);
    let ctx = use_app();
    let errors = FormErrors::default();
    let submission = Submission::new();
    let current_code = NodeRef::new();
    let serial = NodeRef::new();
    let code = NodeRef::new();
    let login_otp_off = NodeRef::new();
    let drifted = RwSignal::new(false);

    let on_submit = submission.on_submit(
        errors,
        move |check| {
            // 交換 proves the token in use too: password and card alone never replace it.
            let current_otp = exchange.then(|| read_code(check, (CURRENT_CODE, current_code)));
            let serial = check.field(SERIAL, input::serial(&value_of(serial)), |e| {
                messages::current().field_error(Field::Serial, e)
            });
            let otp = read_code(check, (CODE, code));
            let login_otp = if is_checked(login_otp_off) {
                LoginOtp::NotRequired
            } else {
                LoginOtp::Required
            };
            let new = NewToken {
                serial: serial?,
                code: otp?,
                login_otp,
            };
            // None: a field failed; Some(None): 利用開始, which has no token in use.
            Some((current_otp.map_or(Some(None), |c| c.map(Some))?, new))
        },
        {
            let (bank, flow) = (ctx.bank.clone(), flow.clone());
            move |(current_otp, new): (Option<_>, NewToken)| {
                let (bank, flow) = (bank.clone(), flow.clone());
                async move {
                    match current_otp {
                        Some(current_code) => {
                            let request = Replacement { current_code, new };
                            bank.exchange_token(&flow, &request).await
                        }
                        None => bank.register_token(&flow, &new).await,
                    }
                }
            }
        },
        bank_reply(errors, move |reply| {
            // 交換's current token drifting: 時刻補正 puts it right (a new token's drift it cannot).
            drifted.set(reply.as_ref().is_err_and(|e| offers_resync(*e)));
            match reply {
                Ok(challenge) => ctx.go(Screen::Confirm(kind, flow.clone(), challenge)),
                Err(e) if e.ends_flow() => ctx.restart_flow(e, Screen::Auth(kind)),
                Err(
                    e
                    @ (BankError::NewTokenRefused | BankError::SerialInUse | BankError::SameToken),
                ) => errors.set(vec![bank_message(e, Some(SERIAL))]),
                Err(e @ (BankError::WrongCode | BankError::ClockDrift | BankError::CodeUsed)) => {
                    errors.set(vec![bank_message(e, Some(CURRENT_CODE))])
                }
                Err(e) => errors.set(vec![bank_message(e, Some(CODE))]),
            }
        }),
    );

    let intro = if let Some(current) = &current {
        view! {
            <div class="notice-box">
                <p>{messages::current().current_token} {messages::current().token_model(current.serial.model())} " " {current.serial.masked()}</p>
                <p>{messages::current().exchange_instructions}</p>
            </div>
        }
        .into_any()
    } else {
        view! { <StartNotice/> }.into_any()
    };

    view! {
        <FlowFrame kind step=1 help=if exchange { HelpTopic::ExchangeRegister } else { HelpTopic::StartRegister }/>
        {intro}
        <details class="expander">
            <summary>{messages::current().no_token_yet}</summary>
            <TokenPreparation/>
        </details>
        <form class="panel" on:submit=on_submit aria-busy=move || submission.aria_busy() novalidate>
            <ErrorSummary errors/>
            <ResyncLink shown=drifted.read_only()/>
            <h2>{if exchange { messages::current().exchange_register_title } else { messages::current().register_title }}</h2>
            {exchange.then(|| view! {
                <TextField id=CURRENT_CODE label=messages::current().label_current_otp input=current_code errors required=true
                    hint=messages::current().hint_current_otp autocomplete="one-time-code" inputmode="numeric"
                    class="narrow"/>
            })}
            <TextField id=SERIAL label=messages::current().label_serial input=serial errors required=true
                hint=messages::current().hint_serial placeholder="SKTSXXXXXXXX"/>
            <TextField id=CODE label=if exchange { messages::current().label_new_otp } else { messages::current().label_otp } input=code errors required=true
                hint=if exchange { messages::current().hint_new_otp } else { messages::current().hint_otp } autocomplete="one-time-code" inputmode="numeric"
                class="narrow"/>
            <fieldset class="field">
                <legend>{messages::current().label_login_otp_choice}<span class="badge-required">{messages::current().badge_required}</span></legend>
                <p class="hint">{messages::current().hint_login_otp_choice}</p>
                <label class="radio"><input type="radio" name="login-otp" value="on" checked=login_otp_default/>{messages::current().login_otp_on}</label>
                <label class="radio"><input type="radio" name="login-otp" value="off" checked=!login_otp_default node_ref=login_otp_off/>{messages::current().login_otp_off}</label>
            </fieldset>
            <WhereToFind/>
            <div class="actions">
                <button type="submit" class="button-primary" disabled=move || submission.pending()>{messages::current().button_next}</button>
            </div>
        </form>
    }
}

/// The bank's notice box on 利用開始's registration screen.
#[component]
fn StartNotice() -> impl IntoView {
    view! {
        <div class="notice-box">
            <p class="notice-title">{messages::current().start_notice_title}</p>
            <p>{messages::current().start_notice_change()}</p>
            <p>{messages::current().start_notice_request}</p>
        </div>
    }
}

/// Where the serial and the code are, on each kind of token.
#[component]
pub fn WhereToFind() -> impl IntoView {
    view! {
            <div class="where-to-find">
                <section aria-labelledby="hw-hint-title">
                    <h3 id="hw-hint-title">{messages::current().hardware_token_case}</h3>
                    <ul><li>{messages::current().where_hw_serial}</li><li>{messages::current().where_hw_code}</li></ul>
                </section>
                <section aria-labelledby="sw-hint-title">
                    <h3 id="sw-hint-title">{messages::current().software_token_case}</h3>
                    <ul><li>{messages::current().where_sw_serial}</li><li>{messages::current().where_sw_code}</li></ul>
                </section>
            </div>
    }
}
