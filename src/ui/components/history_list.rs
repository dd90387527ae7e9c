//! ご利用履歴: the customer's newest events, as their bank keeps them (a server's audit trail, or the
//! demo bank's own record) — read once when the page after login is shown ([`HistoryList`]), or
//! as a flow's last step answered them for its 処理結果 ([`FinishedHistory`]).

use crate::bank::BankApi;
use crate::domain::date::JstDateTime;
use crate::domain::history::HistoryEntry;
use crate::domain::input::ContractId;
use crate::ui::messages;
use crate::ui::use_app;
use leptos::prelude::*;

/// ご利用履歴 of the customer logged in as `contract_id`, newest first. If the bank cannot be asked,
/// it says so in its own place and the rest of the page works as before.
#[component]
pub fn HistoryList(
    /// Who is logged in (a server answers for its own session whatever is named).
    contract_id: ContractId,
) -> impl IntoView {
    let bank = use_app().bank;
    let answer = LocalResource::new(move || {
        let (bank, id) = (bank.clone(), contract_id.clone());
        async move { bank.history(id).await }
    });
    section(move || answer.get().map(|answer| lines(answer.ok())))
}

/// ご利用履歴 as a flow's last step answered it, for its 処理結果 (which has no session to ask
/// with); `None` when the bank did not give it, which the section says.
#[component]
pub fn FinishedHistory(
    /// The flow's contract's newest events, newest first.
    history: Option<Vec<HistoryEntry>>,
) -> impl IntoView {
    section(lines(history))
}

/// The section, headed ご利用履歴.
fn section(body: impl IntoView) -> impl IntoView {
    let m = messages::current();
    view! {
        <section class="panel history" aria-labelledby="history-title">
            <h2 id="history-title">{m.history_title}</h2>
            {body}
        </section>
    }
}

/// The lines, or why there are none.
fn lines(entries: Option<Vec<HistoryEntry>>) -> AnyView {
    let m = messages::current();
    let line = move |entry: HistoryEntry| {
        let at = JstDateTime::from_unix(entry.at);
        let serial = entry.serial.map(|s| m.history_serial(s.as_str()));
        view! {
            <li>
                <span class="history-time">{m.date_time(at)}</span>
                " "
                <span>{m.activity(entry.activity)}{serial}</span>
            </li>
        }
    };
    match entries {
        Some(entries) if entries.is_empty() => view! { <p>{m.history_empty}</p> }.into_any(),
        Some(entries) => view! {
            <ol class="history-list">{entries.into_iter().map(line).collect_view()}</ol>
        }
        .into_any(),
        None => view! { <p role="status">{m.history_unavailable}</p> }.into_any(),
    }
}
