//! 時刻補正 (resync), step 2 and its 処理結果: two codes the token in use showed one after the other
//! set its clock offset; the result says how far its clock was off. Also the way to it from the
//! drift message ([`ResyncLink`]) at every step that asks for the token in use's code.

use crate::bank::Calls;
use crate::domain::bank::{Authenticated, ResyncCodes, Resynced};
use crate::domain::date::JstDateTime;
use crate::domain::errors::BankError;
use crate::domain::flows::Procedure;
use crate::domain::history::HistoryEntry;
use crate::domain::input;
use crate::ui::components::error_summary::ErrorSummary;
use crate::ui::components::field::TextField;
use crate::ui::components::flow_frame::FlowFrame;
use crate::ui::components::history_list::FinishedHistory;
use crate::ui::form::{clear, value_of, FormErrors, Submission};
use crate::ui::messages::{self, Field, HelpTopic};
use crate::ui::screens::register::WhereToFind;
use crate::ui::screens::{bank_message, bank_reply};
use crate::ui::{use_app, Screen};
use leptos::prelude::*;

const FIRST: &str = "resync-first-otp";
const SECOND: &str = "resync-second-otp";

/// 時刻補正's token step: two consecutive codes.
#[component]
pub fn ResyncScreen(
    /// The flow opened by 利用者認証, with the token in use.
    auth: Authenticated,
) -> impl IntoView {
    let ctx = use_app();
    let Authenticated { flow, current } = auth;
    let errors = FormErrors::default();
    let submission = Submission::new();
    let (first, second) = (NodeRef::new(), NodeRef::new());
    let current_text = current.map(|e| messages::token_named(&e.serial));

    let on_submit = submission.on_submit(
        errors,
        move |check| {
            // Each field's own message says which of the two it is about; both are emptied, as
            // every code is after a submission.
            let mut read = |id, input, n| {
                let code = check.field(id, input::otp_code(&value_of(input)), |e| {
                    messages::current().field_error(Field::ResyncCode(n), e)
                });
                clear(input);
                code
            };
            let (first, second) = (read(FIRST, first, 1), read(SECOND, second, 2));
            Some(ResyncCodes {
                first: first?,
                second: second?,
            })
        },
        {
            let (bank, flow) = (ctx.bank.clone(), flow.clone());
            move |codes: ResyncCodes| {
                let (bank, flow) = (bank.clone(), flow.clone());
                async move { bank.finish_resync(&flow, &codes).await }
            }
        },
        bank_reply(errors, {
            let ctx = ctx.clone();
            move |reply| match reply {
                Ok(done) => ctx.go(Screen::Resynced(done)),
                Err(e) if e.ends_flow() => ctx.restart_flow(e, Screen::Auth(Procedure::Resync)),
                // Not found, ambiguous or already used: about the pair, so beside the first.
                Err(e) => errors.set(vec![bank_message(e, Some(FIRST))]),
            }
        }),
    );

    view! {
        <FlowFrame kind=Procedure::Resync step=1 help=HelpTopic::Resync/>
        <div class="notice-box">
            <p>{messages::current().resync_which_token} {current_text}</p>
            <p>{messages::current().resync_instructions}</p>
        </div>
        <form class="panel" on:submit=on_submit aria-busy=move || submission.aria_busy() novalidate>
            <ErrorSummary errors/>
            <h2>{messages::current().resync_form_title}</h2>
            <TextField id=FIRST label=messages::current().label_resync_first input=first errors required=true
                hint=messages::current().hint_resync_first autocomplete="one-time-code"
                inputmode="numeric" class="narrow"/>
            <TextField id=SECOND label=messages::current().label_resync_second input=second errors required=true
                hint=messages::current().hint_resync_second autocomplete="one-time-code"
                inputmode="numeric" class="narrow"/>
            <WhereToFind/>
            <div class="actions">
                <button type="submit" class="button-primary" disabled=move || submission.pending()>{messages::current().button_execute}</button>
            </div>
        </form>
    }
}

/// 時刻補正's 処理結果: the token (masked), how far its clock was off, when, and ご利用履歴.
#[component]
pub fn ResyncedScreen(
    /// What 時刻補正 did.
    done: Resynced,
    /// ご利用履歴 after it, as the bank answered (`None`: not given).
    history: Option<Vec<HistoryEntry>>,
) -> impl IntoView {
    let ctx = use_app();
    let m = messages::current();
    let serial = &done.serial;
    view! {
        <FlowFrame kind=Procedure::Resync step=2 help=HelpTopic::Result/>
        <div class="panel result" role="status">
            <h2>{m.result_title}</h2>
            <p class="success">{m.result_resynced}</p>
            <dl class="summary-list">
                <dt>{m.row_resynced_token}</dt><dd>{messages::token_named(serial)}</dd>
                <dt>{m.row_resync_offset}</dt><dd>{m.resync_offset(done.offset.steps())}</dd>
                <dt>{m.row_resynced_at}</dt><dd>{m.date_time(JstDateTime::from_unix(done.at))}</dd>
            </dl>
            <p>{m.result_resynced_next}</p>
            <button type="button" class="button-primary" on:click=move |_| ctx.go(Screen::Login)>{m.button_to_login}</button>
        </div>
        <FinishedHistory history/>
    }
}

/// Whether a refusal is the drift message about the token in use, which 時刻補正 can put right (a
/// new token's drift cannot: it is not the customer's token yet).
pub fn offers_resync(error: BankError) -> bool {
    error == BankError::ClockDrift
}

/// 時刻補正はこちら, shown while `shown` holds (after the drift message): starts 時刻補正's 利用者認証,
/// with the 契約者ID typed for the step it leaves kept.
#[component]
pub fn ResyncLink(
    /// Whether the screen's last refusal was the drift message.
    shown: ReadSignal<bool>,
) -> impl IntoView {
    let ctx = use_app();
    move || {
        let ctx = ctx.clone();
        shown.get().then(|| {
            view! {
                <div class="actions next-step">
                    <button type="button" class="button-secondary"
                        on:click=move |_| ctx.go(Screen::Auth(Procedure::Resync))>
                        {messages::current().link_resync}
                    </button>
                </div>
            }
        })
    }
}
