//! 当金庫での本人確認: the bank's own side of a suspended or locked token, played in the demo kit.
//!
//! A loss report suspends a token and keeps login closed; five wrong codes lock it; neither can be
//! undone online. A real bank confirms the customer by telephone or at a branch and then stops the
//! token. This panel stands in for that desk, so a presenter can show the whole path.

use super::use_kit_bank;
use crate::bank::demo_data::{self, CUSTOMERS};
use crate::domain::ledger::{EnrolmentStatus, Ledger};
use crate::ui::messages;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Who needs the bank's desk, and why, in words: `(contract ID, name, reason)`.
fn waiting(ledger: &Ledger) -> Vec<(&'static str, &'static str, &'static str)> {
    CUSTOMERS
        .iter()
        .filter_map(|c| {
            let enrolment = ledger.enrolment(&demo_data::contract_id(c.contract_id))?;
            let reason = if enrolment.status == EnrolmentStatus::Suspended {
                messages::KIT_DESK_SUSPENDED
            } else if ledger.token_locked(&enrolment.serial) {
                messages::KIT_DESK_LOCKED
            } else {
                return None;
            };
            Some((c.contract_id, c.name, reason))
        })
        .collect()
}

/// The bank's desk: customers whose token is suspended or locked, each with the step that stops it.
#[component]
pub fn BankDesk(
    /// The bank's ledger, kept current by the kit.
    ledger: Memo<Ledger>,
) -> impl IntoView {
    // Stored, so the step below is Copy and each customer's button can hold it.
    let bank = StoredValue::new(use_kit_bank().bank);
    let done = RwSignal::new(None::<String>);
    let stop = move |contract_id: &'static str, name: &'static str| {
        let bank = bank.get_value();
        spawn_local(async move {
            if bank
                .stop_by_bank(&demo_data::contract_id(contract_id))
                .await
                .is_some()
            {
                done.set(Some(messages::kit_desk_done(name)));
            }
        });
    };
    view! {
        <h2>{messages::KIT_DESK}</h2>
        <p class="hint">{messages::KIT_DESK_HOW}</p>
        {move || {
            let list = ledger.with(waiting);
            if list.is_empty() {
                view! { <p>{messages::KIT_DESK_NONE}</p> }.into_any()
            } else {
                view! {
                    <ul class="kit-desk">
                        {list.into_iter().map(|(contract_id, name, reason)| view! {
                            <li>
                                <p>{messages::kit_desk_status(name, reason)}</p>
                                <button type="button" class="button-secondary"
                                    on:click=move |_| stop(contract_id, name)>
                                    {messages::kit_desk_button(name)}
                                </button>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        }}
        <p role="status">{move || done.get()}</p>
    }
}
