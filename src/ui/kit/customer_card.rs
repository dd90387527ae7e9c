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
    let shown = super::shown_by_tour(customer.contract_id.to_owned());
    view! {
        <section class="customer" class:tour-shown=shown aria-label=messages::kit::current().card_owner(customer.name)>
            <h3>{messages::current().honorific(customer.name)}</h3>
            <div class="card-faces">
                <div class="card-face card-front">
                    <p class="card-bank">{messages::current().bank_name}{messages::kit::current().card_name_suffix}</p>
                    <p>{messages::current().label_contract_id}</p>
                    <p class="card-id">{customer.contract_id}</p>
                </div>
                <div class="card-face card-back">
                    <table class="card-grid">
                        <caption>{messages::kit::current().card_confirmation_row}</caption>
                        <thead><tr>{COLUMN_LABELS.iter().map(|l| view! { <th scope="col">{*l}</th> }).collect_view()}</tr></thead>
                        <tbody><tr>{customer.card.iter().map(|d| view! { <td>{*d}</td> }).collect_view()}</tr></tbody>
                    </table>
                </div>
            </div>
            <p class="hint">{messages::kit::current().demo_password} <span class="mono">{customer.password}</span></p>
        </section>
    }
}
