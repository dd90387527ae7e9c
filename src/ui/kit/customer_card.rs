//! A demo customer's お客様カード, drawn as a card: the front with the 契約者ID, the back with the
//! 確認用パスワード row ア–ク. The login password is printed under it, as a demo convenience only.

use crate::bank::demo_data::DemoCustomer;
use crate::domain::card::COLUMN_LABELS;
use crate::ui::messages;
use leptos::prelude::*;

/// Front and back of one customer's card.
#[component]
pub fn CustomerCard(
    /// The demo customer.
    customer: DemoCustomer,
) -> impl IntoView {
    view! {
        <section class="customer" aria-label=messages::card_owner(customer.name)>
            <h3>{messages::honorific(customer.name)}</h3>
            <div class="card-faces">
                <div class="card-face card-front">
                    <p class="card-bank">{messages::BANK_NAME}{messages::CARD_NAME_SUFFIX}</p>
                    <p>{messages::LABEL_CONTRACT_ID}</p>
                    <p class="card-id">{customer.contract_id}</p>
                </div>
                <div class="card-face card-back">
                    <table class="card-grid">
                        <caption>{messages::CARD_CONFIRMATION_ROW}</caption>
                        <thead><tr>{COLUMN_LABELS.iter().map(|l| view! { <th scope="col">{*l}</th> }).collect_view()}</tr></thead>
                        <tbody><tr>{customer.card.iter().map(|d| view! { <td>{*d}</td> }).collect_view()}</tr></tbody>
                    </table>
                </div>
            </div>
            <p class="hint">{messages::DEMO_PASSWORD} <span class="mono">{customer.password}</span></p>
        </section>
    }
}
