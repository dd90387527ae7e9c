//! The demo kit, at the foot of every screen of the demo: what a customer would have in hand.
//!
//! - [`customer_card`]: the demo customers' お客様カード, front and back.
//! - [`software_token`], [`hardware_token`]: the token emulators, reading time from [`clock`].
//! - [`skew_control`]: a token's clock moved by whole steps, to show drift.
//! - [`provisioning`]: each token's `otpauth://` URI and QR code for a real authenticator app.
//! - [`standalone`]: each emulator on a page of its own, for a second screen or a phone.
//! - [`bank_desk`]: 当金庫での本人確認, the bank's side of a suspended or locked token.
//!
//! Plus 新しいトークンを発行 and デモデータを初期化 (after a confirmation). The kit holds its own
//! handle to the demo bank ([`KitBank`]), apart from the screens' `BankApi`: the kit's view of the
//! ledger and tokens is the demo's back office, which a real bank's customers never have.

pub mod bank_desk;
pub mod clock;
pub mod customer_card;
pub mod hardware_token;
pub mod provisioning;
pub mod skew_control;
pub mod software_token;
pub mod standalone;

use crate::bank::demo::DemoBank;
use crate::bank::demo_data::CUSTOMERS;
use crate::bank::store::{LEDGER_KEY, VENDOR_KEY};
use crate::bank::BankApi;
use crate::domain::input::TokenModel;
use crate::domain::ledger::Ledger;
use crate::domain::token::Token;
use crate::ui::{messages, use_app, Notice, Screen};
use bank_desk::BankDesk;
use customer_card::CustomerCard;
use hardware_token::HardwareToken;
use leptos::prelude::*;
use leptos::task::spawn_local;
use provisioning::Provisioning;
use skew_control::SkewControl;
use software_token::SoftwareToken;
use std::sync::Arc;

/// The element id of the kit, for the header's デモキット button.
pub const KIT_ID: &str = "demo-kit";

/// The kit's handle to the demo bank, with a trigger that fires whenever the bank's state may have
/// changed: a call in this tab (the bank's own notification) or a write by another tab (the
/// browser's `storage` event, which fires only in the other tabs of the origin).
#[derive(Clone)]
pub struct KitBank {
    /// The demo bank.
    pub bank: Arc<DemoBank>,
    changed: ArcTrigger,
}

impl KitBank {
    /// Makes the reading closure re-run when the bank's state changes.
    pub fn track(&self) {
        self.changed.track();
    }
}

/// Gives `bank` to the kit's components below, and starts listening for changes to it.
pub fn provide_kit_bank(bank: Arc<DemoBank>) -> KitBank {
    let changed = ArcTrigger::new();
    bank.watch(Arc::new({
        let changed = changed.clone();
        move || changed.notify()
    }));
    if let Some(window) = web_sys::window() {
        let changed = changed.clone();
        let listener = gloo_events::EventListener::new(&window, "storage", move |event| {
            use wasm_bindgen::JsCast;
            // `key` is null when another tab cleared the whole storage.
            let ours = event
                .dyn_ref::<web_sys::StorageEvent>()
                .is_none_or(|e| e.key().is_none_or(|k| k == LEDGER_KEY || k == VENDOR_KEY));
            if ours {
                changed.notify();
            }
        });
        // Kept for as long as the component that provided the kit lives; removed with it.
        StoredValue::new_local(listener);
    }
    let kit = KitBank { bank, changed };
    provide_context(kit.clone());
    kit
}

/// The kit's bank handle of the enclosing page.
pub fn use_kit_bank() -> KitBank {
    expect_context::<KitBank>()
}

/// The header's デモキット button: opens the kit.
#[component]
pub fn KitButton() -> impl IntoView {
    view! {
        <button type="button" class="header-button" on:click=|_| open_kit()>{messages::DEMO_KIT}</button>
    }
}

/// Opens the kit and moves focus to it.
pub fn open_kit() {
    if let Some(el) = document().get_element_by_id(KIT_ID) {
        if let Ok(Some(details)) = el.query_selector("details") {
            let _ = details.set_attribute("open", "");
            if let Ok(Some(summary)) = details.query_selector("summary") {
                use wasm_bindgen::JsCast;
                if let Ok(summary) = summary.dyn_into::<web_sys::HtmlElement>() {
                    let _ = summary.focus();
                    summary.scroll_into_view();
                }
            }
        }
    }
}

/// Who uses a token, in words.
fn usage(ledger: &Ledger, token: &Token) -> String {
    ledger.holder_of(&token.serial).map_or_else(
        || messages::KIT_TOKEN_FREE.to_owned(),
        |e| {
            let name = CUSTOMERS
                .iter()
                .find(|c| c.contract_id == e.contract_id.as_str())
                .map_or("", |c| c.name);
            messages::token_user(name)
        },
    )
}

/// The emulator of a token's kind: the software token app or the hardware token.
#[component]
pub fn TokenEmulator(
    /// The token to emulate.
    token: Token,
) -> impl IntoView {
    let Token {
        serial,
        seed,
        model,
    } = token;
    match model {
        TokenModel::Software => view! { <SoftwareToken serial seed/> }.into_any(),
        TokenModel::Hardware => view! { <HardwareToken serial seed/> }.into_any(),
    }
}

/// One token in the kit: its emulator, clock control, QR code and a link to its own page.
#[component]
fn KitToken(
    /// The token.
    token: Token,
    /// The bank's ledger, for who uses it.
    ledger: Memo<Ledger>,
) -> impl IntoView {
    let page = standalone::page_href(token.model, &token.serial);
    let model = messages::token_model(token.model);
    let status = {
        let token = token.clone();
        move || ledger.with(|l| usage(l, &token))
    };
    view! {
        <li class="kit-token">
            <h3>{format!("{model} {}", token.serial)}</h3>
            <p class="token-status">{status}</p>
            <TokenEmulator token=token.clone()/>
            <SkewControl serial=token.serial.clone()/>
            <Provisioning token=token.clone()/>
            <p><a href=page target="_blank" rel="noopener">{messages::open_emulator_page(model)}</a></p>
        </li>
    }
}

/// The demo kit (a disclosure at the foot of the page).
#[component]
pub fn DemoKit() -> impl IntoView {
    let ctx = use_app();
    let kit = use_kit_bank();
    let tokens = RwSignal::new(kit.bank.tokens());
    {
        // Re-read whenever the bank changed here or in another tab (a token issued, a reset).
        let kit = kit.clone();
        Effect::new(move |_| {
            kit.track();
            tokens.set(kit.bank.tokens());
        });
    }
    let ledger = {
        let kit = kit.clone();
        Memo::new(move |_| {
            kit.track();
            kit.bank.ledger()
        })
    };
    let issued = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);
    // The confirmation replaces the button that asked for it: focus its safe answer (やめる).
    let cancel = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = cancel.get() {
            let _ = button.focus();
        }
    });

    let issue = {
        let bank = kit.bank.clone();
        move |model: TokenModel| {
            let bank = bank.clone();
            spawn_local(async move {
                let token = bank.issue_token(model).await;
                issued.set(Some(messages::token_issued(model, token.serial.as_str())));
            });
        }
    };
    let issue_software = {
        let issue = issue.clone();
        move |_| issue(TokenModel::Software)
    };
    let issue_hardware = move |_| issue(TokenModel::Hardware);
    let reset = {
        let (ctx, bank) = (ctx.clone(), kit.bank.clone());
        move |_| {
            let (ctx, bank) = (ctx.clone(), bank.clone());
            spawn_local(async move {
                bank.reset().await;
                issued.set(None);
                confirming.set(false);
                ctx.go(Screen::Login);
                ctx.notice
                    .set(Some(Notice(messages::DEMO_RESET_DONE.to_owned())));
            });
        }
    };

    view! {
        <aside class="demo-kit" id=KIT_ID aria-label=messages::DEMO_KIT>
            <details>
                <summary>{messages::KIT_SUMMARY}</summary>
                <p class="hint">{messages::KIT_INTRO}</p>
                <h2>{messages::KIT_CARDS}</h2>
                <div class="kit-customers">
                    {CUSTOMERS.iter().map(|&customer| view! { <CustomerCard customer/> }).collect_view()}
                </div>
                <h2>{messages::KIT_TOKENS}</h2>
                <ul class="kit-tokens">
                    <For each=move || tokens.get() key=|t| t.serial.clone() let:token>
                        <KitToken token ledger/>
                    </For>
                </ul>
                <h2>{messages::KIT_ISSUE}</h2>
                <p class="hint">{messages::KIT_ISSUE_HOW}</p>
                <div class="actions">
                    <button type="button" class="button-secondary" on:click=issue_software>{messages::KIT_ISSUE_SOFTWARE}</button>
                    <button type="button" class="button-secondary" on:click=issue_hardware>{messages::KIT_ISSUE_HARDWARE}</button>
                </div>
                <p role="status">{move || issued.get()}</p>
                <BankDesk ledger/>
                <h2>{messages::KIT_DATA}</h2>
                {move || if confirming.get() {
                    view! {
                        <div class="confirm-reset" role="group" aria-label=messages::KIT_RESET_CONFIRM_NAME>
                            <p>{messages::DEMO_RESET_CONFIRM}</p>
                            <button type="button" class="button-danger" on:click=reset.clone()>{messages::KIT_RESET_YES}</button>
                            <button type="button" class="button-secondary" node_ref=cancel on:click=move |_| confirming.set(false)>{messages::KIT_RESET_NO}</button>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="button-secondary" on:click=move |_| confirming.set(true)>
                            {messages::KIT_RESET}
                        </button>
                    }.into_any()
                }}
            </details>
        </aside>
    }
}
