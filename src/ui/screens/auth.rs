//! Step 1 of 利用開始, 交換, 利用中止 and 時刻補正 — 利用者認証: what the flow does (and, for 利用開始, how to get a
//! token), then 契約者ID and ログインパスワード. A flow that does not apply to the customer (利用開始
//! with a token in use, 交換 or 利用中止 without one) is refused with the way to the right one.

use crate::bank::Calls;
use crate::domain::errors::BankError;
use crate::domain::flows::Procedure;
use crate::domain::input::ContractId;
use crate::ui::components::error_summary::ErrorSummary;
use crate::ui::components::field::TextField;
use crate::ui::components::flow_frame::FlowFrame;
use crate::ui::components::software_keyboard::KeyboardToggle;
use crate::ui::form::{FormErrors, Submission};
use crate::ui::messages::{self, HelpTopic};
use crate::ui::screens::{bank_message, bank_reply, read_credentials};
use crate::ui::{use_app, Screen};
use leptos::prelude::*;

/// The field's id (the demo's tour points at it).
pub const CONTRACT_ID: &str = "auth-contract-id";
/// The field's id (the demo's tour points at it).
pub const PASSWORD: &str = "auth-password";

/// The 利用者認証 screen of a flow.
#[component]
pub fn AuthScreen(
    /// 利用開始, 交換, 利用中止 or 時刻補正.
    kind: Procedure,
) -> impl IntoView {
    let ctx = use_app();
    // After a refusal because the flow does not apply: the flow that does.
    let instead = RwSignal::new(Vec::<Procedure>::new());
    let errors = FormErrors::default();
    let submission = Submission::new();
    let contract_id = NodeRef::<leptos::html::Input>::new();
    let password = NodeRef::new();
    // Back from the next step: the 契約者ID typed before, the password asked again.
    if let Some(kept) = ctx.take_kept_contract_id() {
        Effect::new(move |_| {
            if let Some(input) = contract_id.get() {
                input.set_value(kept.as_str());
            }
        });
    }

    let on_submit = submission.on_submit(
        errors,
        move |check| read_credentials(check, (CONTRACT_ID, contract_id), (PASSWORD, password)),
        {
            let bank = ctx.bank.clone();
            let ctx = ctx.clone();
            move |(id, pw): (ContractId, String)| {
                let bank = bank.clone();
                instead.set(Vec::new());
                // Kept for 利用者認証 shown again (Back from the next step, the flow that applies);
                // ログイン forgets it.
                ctx.keep_contract_id(id.clone());
                async move { bank.authenticate(kind, &id, &pw).await }
            }
        },
        bank_reply(errors, {
            let ctx = ctx.clone();
            move |reply| match reply {
                Ok(auth) => ctx.go(match kind {
                    Procedure::Stop => Screen::StopToken(auth),
                    Procedure::Resync => Screen::ResyncToken(auth),
                    Procedure::Start | Procedure::Exchange => Screen::Register(kind, auth),
                }),
                Err(e @ BankError::AlreadyEnrolled) => {
                    instead.set(vec![Procedure::Exchange, Procedure::Stop]);
                    errors.set(vec![bank_message(e, None)])
                }
                Err(e @ BankError::NotEnrolled) => {
                    instead.set(vec![Procedure::Start]);
                    errors.set(vec![bank_message(e, None)])
                }
                Err(e @ BankError::BadCredentials) => {
                    errors.set(vec![bank_message(e, Some(CONTRACT_ID))])
                }
                // Locks and suspensions: nothing to fix in the fields; the message says whom to
                // contact.
                Err(e) => errors.set(vec![bank_message(e, None)]),
            }
        }),
    );
    let back = {
        let ctx = ctx.clone();
        move |_| ctx.go(Screen::Login)
    };
    let switch = move |to: Procedure| ctx.go(Screen::Auth(to));
    // Only a flow that registers a token asks the customer to get one.
    let registers = matches!(kind, Procedure::Start | Procedure::Exchange);
    let preparation = registers.then(|| {
        let what = if kind == Procedure::Exchange {
            messages::current().new_token
        } else {
            messages::current().prepare_any_token
        };
        view! {
            <section class="panel guidance" aria-labelledby="prepare-title">
                <h2 id="prepare-title">{messages::current().prepare_title}</h2>
                <p>{messages::current().prepare_token(what)}</p>
                <TokenPreparation/>
            </section>
        }
    });

    view! {
        <FlowFrame kind step=0 help=HelpTopic::Auth/>
        <p>{messages::current().flow_intro(kind)}</p>
        {preparation}
        <form class="panel" on:submit=on_submit aria-busy=move || submission.aria_busy() novalidate>
            <ErrorSummary errors/>
            {move || {
                let flows = instead.get();
                (!flows.is_empty()).then(|| view! {
                    <div class="actions next-step">
                        {flows.into_iter().map(|to| {
                            let switch = switch.clone();
                            view! {
                                <button type="button" class="button-secondary" on:click=move |_| switch(to)>
                                    {messages::current().go_to_flow(to)}
                                </button>
                            }
                        }).collect_view()}
                    </div>
                })
            }}
            <h2>{messages::current().auth_form_title}</h2>
            <TextField id=CONTRACT_ID label=messages::current().label_contract_id input=contract_id errors required=true
                hint=messages::current().hint_contract_id autocomplete="username" inputmode="numeric"/>
            <TextField id=PASSWORD label=messages::current().label_login_password kind="password" input=password errors required=true
                hint=messages::current().hint_login_password autocomplete="current-password"/>
            <KeyboardToggle target=password/>
            <div class="actions">
                <button type="button" class="button-secondary" on:click=back>{messages::current().button_back}</button>
                <button type="submit" class="button-primary" disabled=move || submission.pending()>{messages::current().button_next}</button>
            </div>
        </form>
    }
}

/// How to get each kind of token (shared with the register screen's 「トークンをご用意されていない場合」).
#[component]
pub fn TokenPreparation() -> impl IntoView {
    view! {
        <dl class="token-prep">
            <dt>{messages::current().software_token_case}</dt>
            <dd>
                <p>{messages::current().prepare_software}</p>
                <p>{messages::current().app_name_line()}</p>
                <ul>
                    <li>{messages::current().app_download("iPhone", "App Store")}</li>
                    <li>{messages::current().app_download("Android", "Google Play")}</li>
                </ul>
            </dd>
            <dt>{messages::current().hardware_token_case}</dt>
            <dd><p>{messages::current().prepare_hardware}</p></dd>
        </dl>
    }
}
