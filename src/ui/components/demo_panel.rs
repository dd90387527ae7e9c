//! The interim demo panel, on every screen: the demo customers' card data and the demo tokens'
//! serials with their current codes, so a newcomer can finish the flow before the token emulators
//! exist. Also デモデータを初期化.

use crate::bank::demo_data::{self, CUSTOMERS};
use crate::domain::card::COLUMN_LABELS;
use crate::domain::totp;
use crate::ui::{messages, use_app, Screen};
use leptos::prelude::*;
use std::time::Duration;

/// The demo panel (a disclosure at the foot of the page).
#[component]
pub fn DemoPanel() -> impl IntoView {
    let ctx = use_app();
    let bank = ctx.bank.clone();
    let now = RwSignal::new(bank.now());
    let ledger = RwSignal::new(bank.ledger());
    let confirming = RwSignal::new(false);
    // Codes change every 30 s; ticking each second keeps the countdown honest.
    if let Ok(handle) = set_interval_with_handle(
        {
            let bank = bank.clone();
            move || {
                now.set(bank.now());
                ledger.set(bank.ledger());
            }
        },
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    let reset = {
        let ctx = ctx.clone();
        move |_| {
            ctx.bank.reset();
            ledger.set(ctx.bank.ledger());
            confirming.set(false);
            ctx.go(Screen::Login);
            ctx.notice.set(Some(crate::ui::Notice(
                "デモデータを初期化しました。".into(),
            )));
        }
    };

    view! {
        <aside class="demo-panel" aria-label="デモ用データ">
            <details>
                <summary>"デモ用データ（お客様カード・トークン）"</summary>
                <h2>"お客様カード"</h2>
                <table class="demo-table">
                    <thead><tr>
                        <th scope="col">"お名前"</th><th scope="col">"契約者ID（利用者番号）"</th>
                        <th scope="col">"ログインパスワード"</th><th scope="col">"確認用パスワード"</th>
                    </tr></thead>
                    <tbody>
                        {CUSTOMERS.iter().map(|c| view! {
                            <tr>
                                <td>{c.name}</td><td>{c.contract_id}</td><td>{c.password}</td>
                                <td class="card-digits">{COLUMN_LABELS.iter().zip(c.card).map(|(l, d)| format!("{l}{d}")).collect::<Vec<_>>().join(" ")}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                <h2>"トークン"</h2>
                <p>{move || format!("ワンタイムパスワードはあと{}秒で変わります。", totp::seconds_left(now.get()))}</p>
                <table class="demo-table">
                    <thead><tr>
                        <th scope="col">"シリアル番号"</th><th scope="col">"種類"</th>
                        <th scope="col">"現在のワンタイムパスワード"</th><th scope="col">"利用状況"</th>
                    </tr></thead>
                    <tbody>
                        {demo_data::TOKENS.iter().map(|&(serial, seed)| view! {
                            <tr>
                                <td>{serial}</td>
                                <td>{messages::token_model(demo_data::model_of(serial))}</td>
                                <td class="code" aria-label=format!("{serial} の現在のワンタイムパスワード")>
                                    {move || totp::code_at(seed, now.get())}
                                </td>
                                <td>{move || ledger.with(|l| {
                                    l.enrolments.iter().find(|e| e.serial.as_str() == serial).map_or_else(
                                        || "未登録".to_owned(),
                                        |e| {
                                            let name = CUSTOMERS.iter().find(|c| c.contract_id == e.contract_id).map_or("", |c| c.name);
                                            format!("{name} 様が利用中")
                                        },
                                    )
                                })}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                {move || if confirming.get() {
                    view! {
                        <div class="confirm-reset" role="group" aria-label="デモデータの初期化の確認">
                            <p>"登録したトークンやロック状態をすべて消し、最初の状態に戻します。よろしいですか？"</p>
                            <button type="button" class="button-danger" on:click=reset.clone()>"初期化する"</button>
                            <button type="button" class="button-secondary" on:click=move |_| confirming.set(false)>"やめる"</button>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="button-secondary" on:click=move |_| confirming.set(true)>
                            "デモデータを初期化"
                        </button>
                    }.into_any()
                }}
            </details>
        </aside>
    }
}
