//! A drawing of the お客様カード's 確認用パスワード row (ア–ク) with (1) and (2) under the two columns
//! the bank asked for.

use crate::domain::card::{CardChallenge, COLUMN_LABELS};
use crate::ui::messages;
use leptos::prelude::*;

/// The card row as a table: katakana headings, and (1)/(2) under the asked columns.
#[component]
pub fn CardGrid(
    /// The columns asked for.
    challenge: CardChallenge,
) -> impl IntoView {
    view! {
        <table class="card-grid">
            <caption>{messages::current().card_grid_caption}</caption>
            <thead>
                <tr>{COLUMN_LABELS.iter().map(|l| view! { <th scope="col">{*l}</th> }).collect_view()}</tr>
            </thead>
            <tbody>
                <tr>
                    {(0..COLUMN_LABELS.len()).map(|i| {
                        let mark = if i == challenge.first { "(1)" } else if i == challenge.second { "(2)" } else { "" };
                        view! { <td class:asked=!mark.is_empty()>{mark}</td> }
                    }).collect_view()}
                </tr>
            </tbody>
        </table>
    }
}
