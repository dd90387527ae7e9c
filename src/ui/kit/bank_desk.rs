//! 当金庫での本人確認: the bank's own side of a suspended or locked token, played in the demo kit.
//!
//! A loss report suspends a token and keeps login closed; five wrong codes lock it; neither can be
//! undone online. A real bank confirms the customer by telephone or at a branch and then stops the
//! token. This panel stands in for that desk, so a presenter can show the whole path.

use super::{customer_name, kit_failure, use_kit_bank};
use crate::bank::back_office::BackOfficeApi;
use crate::domain::back_office::{BackOffice, DeskReason};
use crate::domain::input::ContractId;
use crate::ui::messages;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Who needs the bank's desk, and why, in words: `(contract ID, name, reason)`.
fn waiting(office: &BackOffice) -> Vec<(ContractId, &'static str, &'static str)> {
    office
        .desk
        .iter()
        .map(|case| {
            let reason = match case.reason {
                DeskReason::Suspended => messages::kit::current().kit_desk_suspended,
                DeskReason::Locked => messages::kit::current().kit_desk_locked,
            };
            (
                case.contract_id.clone(),
                customer_name(&case.contract_id),
                reason,
            )
        })
        .collect()
}

/// The bank's desk: customers whose token is suspended or locked, each with the step that stops it.
#[component]
pub fn BankDesk() -> impl IntoView {
    let kit = use_kit_bank();
    let state = kit.state;
    // Stored, so the step below is Copy and each customer's button can hold it.
    let office = StoredValue::new(kit.office);
    // Compared with the last list, so a reading that changes nothing at the desk leaves it be.
    let list = Memo::new(move |_| state.with(waiting));
    let done = RwSignal::new(None::<String>);
    let stop = move |contract_id: ContractId, name: &'static str| {
        let office = office.get_value();
        spawn_local(async move {
            match office.stop_at_desk(&contract_id).await {
                Ok(Some(_)) => done.set(Some(messages::kit::current().kit_desk_done(name))),
                Ok(None) => {}
                Err(e) => done.set(Some(kit_failure(e))),
            }
        });
    };
    view! {
        <h2>{messages::kit::current().kit_desk}</h2>
        <p class="hint">{messages::kit::current().kit_desk_how}</p>
        <Show
            when=move || list.with(|l| !l.is_empty())
            fallback=|| view! { <p>{messages::kit::current().kit_desk_none}</p> }
        >
            <ul class="kit-desk">
                // A row stays as it is while its customer waits for the same reason.
                <For each=move || list.get() key=|(contract_id, _, reason)| (contract_id.clone(), *reason)
                    let((contract_id, name, reason))>
                    <li>
                        <p>{messages::kit::current().kit_desk_status(name, reason)}</p>
                        <button type="button" class="button-secondary"
                            on:click=move |_| stop(contract_id.clone(), name)>
                            {messages::kit::current().kit_desk_button(name)}
                        </button>
                    </li>
                </For>
            </ul>
        </Show>
        <p role="status">{move || done.get()}</p>
    }
}
