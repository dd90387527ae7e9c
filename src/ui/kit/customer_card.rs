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
        <section class="customer" aria-label=format!("{} 様のお客様カード", customer.name)>
            <h3>{format!("{} 様", customer.name)}</h3>
            <div class="card-faces">
                <div class="card-face card-front">
                    <p class="card-bank">{messages::BANK_NAME}" お客様カード"</p>
                    <p>"契約者ID（利用者番号）"</p>
                    <p class="card-id">{customer.contract_id}</p>
                </div>
                <div class="card-face card-back">
                    <table class="card-grid">
                        <caption>"確認用パスワード"</caption>
                        <thead><tr>{COLUMN_LABELS.iter().map(|l| view! { <th scope="col">{*l}</th> }).collect_view()}</tr></thead>
                        <tbody><tr>{customer.card.iter().map(|d| view! { <td>{*d}</td> }).collect_view()}</tr></tbody>
                    </table>
                </div>
            </div>
            <p class="hint">"ログインパスワード（デモ用）：" <span class="mono">{customer.password}</span></p>
        </section>
    }
}
