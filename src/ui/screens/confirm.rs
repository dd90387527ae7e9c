//! Step 3 of every flow — 確認用パスワード入力: the card drawing and the two digits it asks for.

use crate::bank::Calls;
use crate::domain::card::CardChallenge;
use crate::domain::flows::{FlowId, Procedure};
use crate::domain::input;
use crate::ui::components::card_grid::CardGrid;
use crate::ui::components::error_summary::ErrorSummary;
use crate::ui::components::field::TextField;
use crate::ui::components::flow_frame::FlowFrame;
use crate::ui::form::{clear, value_of, FormErrors, Submission};
use crate::ui::messages::{self, Field, HelpTopic};
use crate::ui::screens::{bank_message, bank_reply};
use crate::ui::{use_app, Screen};
use leptos::prelude::*;

/// The field's id (the demo's tour points at it).
pub const FIRST: &str = "card-first";
/// The field's id (the demo's tour points at it).
pub const SECOND: &str = "card-second";

/// The 確認用パスワード入力 screen.
#[component]
pub fn ConfirmScreen(
    /// 利用開始, 交換 or 利用中止.
    kind: Procedure,
    /// The flow, past the token step.
    flow: FlowId,
    /// The columns the bank asked for.
    challenge: CardChallenge,
) -> impl IntoView {
    let ctx = use_app();
    let errors = FormErrors::default();
    let submission = Submission::new();
    let first = NodeRef::new();
    let second = NodeRef::new();
    let (first_col, second_col) = challenge.labels();

    let on_submit = submission.on_submit(
        errors,
        move |check| {
            let a = check.field(FIRST, input::card_digit(&value_of(first)), |e| {
                messages::current().field_error(Field::CardDigit(1, first_col), e)
            });
            let b = check.field(SECOND, input::card_digit(&value_of(second)), |e| {
                messages::current().field_error(Field::CardDigit(2, second_col), e)
            });
            clear(first);
            clear(second);
            Some([a?, b?])
        },
        {
            let bank = ctx.bank.clone();
            move |answers| {
                let (bank, flow) = (bank.clone(), flow.clone());
                async move { bank.finish_card(&flow, answers).await }
            }
        },
        bank_reply(errors, move |reply| match reply {
            Ok(finished) => ctx.go(Screen::Result(kind, finished)),
            Err(e) if e.ends_flow() => ctx.restart_flow(e, Screen::Auth(kind)),
            Err(e) => errors.set(vec![bank_message(e, Some(FIRST))]),
        }),
    );

    view! {
        <FlowFrame kind step=2 help=HelpTopic::Confirm/>
        <form class="panel" on:submit=on_submit aria-busy=move || submission.aria_busy() novalidate>
            <ErrorSummary errors/>
            <h2>{messages::current().confirm_title}</h2>
            <p>{messages::current().confirm_instructions}</p>
            <CardGrid challenge/>
            <div class="card-inputs">
                <TextField id=FIRST label=messages::current().card_digit_label(1, first_col) input=first errors
                    inputmode="numeric" class="digit"/>
                <TextField id=SECOND label=messages::current().card_digit_label(2, second_col) input=second errors
                    inputmode="numeric" class="digit"/>
            </div>
            <div class="actions">
                <button type="submit" class="button-primary" disabled=move || submission.pending()>{messages::current().button_execute}</button>
            </div>
        </form>
    }
}
