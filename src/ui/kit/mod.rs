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
//! handle to the bank's back office ([`KitBank`], over `bank::back_office`), apart from the
//! screens' `BankApi`: the kit's view of the tokens and the desk is the demo's back office, which a
//! real bank's customers never have: the in-browser demo bank, or a reference server started with
//! `--demo` when the page names one ([`attach`]).

pub mod bank_desk;
pub mod clock;
pub mod customer_card;
pub mod hardware_token;
pub mod provisioning;
pub mod skew_control;
pub mod software_token;
pub mod standalone;

use crate::bank::back_office::{ActiveBackOffice, BackOfficeApi};
use crate::bank::demo_data::CUSTOMERS;
use crate::bank::{ActiveBank, BankApi, CallError, Which};
use crate::domain::back_office::BackOffice;
use crate::domain::input::{ContractId, Serial, TokenModel};
use crate::domain::token::Token;
use crate::domain::Clock;
use crate::ui::tour::{panel::TourPanel, steps::STEPS, TourButton};
use crate::ui::{messages, use_app, Notice, Screen};
use bank_desk::BankDesk;
use clock::{provide_kit_clock, use_kit_clock};
use customer_card::CustomerCard;
use hardware_token::HardwareToken;
use leptos::prelude::*;
use leptos::task::spawn_local;
use provisioning::Provisioning;
use skew_control::SkewControl;
use software_token::SoftwareToken;
use standalone::{page_path, TokenPage};
use std::sync::Arc;

/// The element id of the kit, for the header's デモキット button.
pub const KIT_ID: &str = "demo-kit";

/// The kit's handle to the bank's back office and its last reading, re-read whenever it may have
/// changed: a change in this page (the kit's own, or the screens' bank answering a POST), a write
/// by another tab (the browser's `storage` event, for the in-browser bank), or the page coming
/// back into focus (for a server, which other browsers share). A reading itself changes nothing
/// and wakes no one. Nothing polls.
#[derive(Clone)]
pub struct KitBank {
    /// The back office.
    pub office: Arc<ActiveBackOffice>,
    /// The tokens and the desk as last read; set only when a reading differs from it, so an
    /// unchanged reading re-renders nothing.
    pub state: RwSignal<BackOffice>,
    /// Whether a reading has succeeded yet (until then, no tokens means "not read yet").
    pub loaded: RwSignal<bool>,
    /// Why the last reading failed (a server stopped), until one succeeds.
    pub reading_failure: RwSignal<Option<CallError>>,
    /// Why the presenter's last action failed (a token not issued), until the next action or until
    /// dismissed: readings, which the presenter did not ask for, leave it alone.
    pub action_failure: RwSignal<Option<CallError>>,
    changed: ArcTrigger,
    /// How many readings were started: the number of the latest.
    readings: StoredValue<u64>,
}

impl KitBank {
    /// Asks for a fresh reading of the back office.
    pub fn refresh(&self) {
        self.changed.notify();
    }

    /// Reads the back office now and whenever it may have changed, for as long as the calling
    /// component lives (the kit while open, an emulator page): nothing is read while nothing
    /// shows it. Readings may overlap; only the latest one asked for is applied, so an older
    /// answer (or failure) arriving late never overwrites a newer one.
    pub fn follow(&self) {
        let kit = self.clone();
        Effect::new(move |_| {
            kit.changed.track();
            let kit = kit.clone();
            spawn_local(async move { kit.read().await });
        });
    }

    /// Reads the back office into [`KitBank::state`], unless a later reading has been asked for
    /// meanwhile.
    async fn read(&self) {
        let asked = self.readings.get_value() + 1;
        self.readings.set_value(asked);
        let reading = self.office.read().await;
        if self.readings.get_value() != asked {
            return;
        }
        match reading {
            Ok(office) => {
                if self.state.with_untracked(|shown| *shown != office) {
                    self.state.set(office);
                }
                if !self.loaded.get_untracked() {
                    self.loaded.set(true);
                }
                if self.reading_failure.with_untracked(Option::is_some) {
                    self.reading_failure.set(None);
                }
            }
            Err(e) => self.reading_failure.set(Some(e)),
        }
    }
}

/// Gives the app's kit its clock and the back office behind `bank`, and the tour its state; the
/// header's ツアー and デモキット buttons, the tour's panel and the kit, for the app to place.
pub fn attach(
    bank: &Arc<ActiveBank>,
    clock: &Arc<dyn Clock>,
) -> fn() -> (AnyView, AnyView, AnyView) {
    provide_kit_clock(clock.clone());
    crate::ui::tour::provide();
    let kit = provide_kit_bank(Arc::new(ActiveBackOffice::beside(bank)));
    if let Which::Server(server) = bank.which() {
        // The kit's own calls to the server are not the screens': it also re-reads after each
        // answer the screens get (a token registered or locked changes what the kit shows).
        server.watch(Arc::new(move || kit.refresh()));
    }
    // Built by the app, and again in another language.
    || {
        (
            view! { <TourButton/><KitButton/> }.into_any(),
            view! { <TourPanel/> }.into_any(),
            view! { <DemoKit/> }.into_any(),
        )
    }
}

/// The emulator page a URL path names by its last segment, if any.
pub fn page_of(path: &str) -> Option<TokenModel> {
    let last = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    [TokenModel::Software, TokenModel::Hardware]
        .into_iter()
        .find(|&m| last == page_path(m))
}

/// The emulator page the browser is on, if any.
pub fn page_here() -> Option<TokenModel> {
    page_of(&window().location().pathname().unwrap_or_default())
}

/// The emulator page of `model`.
pub fn token_page(model: TokenModel) -> impl IntoView {
    crate::ui::prefs::show_language(crate::ui::prefs::Language::saved());
    crate::ui::in_language(move || view! { <TokenPage model/> })
}

/// Gives `office` to the kit's components below; they [follow](KitBank::follow) it while shown.
pub fn provide_kit_bank(office: Arc<ActiveBackOffice>) -> KitBank {
    let changed = ArcTrigger::new();
    office.watch(Arc::new({
        let changed = changed.clone();
        move || changed.notify()
    }));
    let kit = KitBank {
        office,
        state: RwSignal::new(BackOffice::default()),
        loaded: RwSignal::new(false),
        reading_failure: RwSignal::new(None),
        action_failure: RwSignal::new(None),
        changed,
        readings: StoredValue::new(0),
    };
    if let Some(listener) = listen_for_other_changes(&kit) {
        // Kept for as long as the component that provided the kit lives; removed with it.
        StoredValue::new_local(listener);
    }
    provide_context(kit.clone());
    kit
}

/// What makes the kit re-read for changes made elsewhere. The in-browser bank is shared by this
/// origin's tabs: another tab's write fires the browser's `storage` event here (never in the tab
/// that wrote). A server is shared by every browser: what others did shows when this page comes
/// back into focus (the presenter returns from another window or from the phone).
fn listen_for_other_changes(kit: &KitBank) -> Option<gloo_events::EventListener> {
    use crate::bank::store::{LEDGER_KEY, VENDOR_KEY};
    use wasm_bindgen::JsCast;
    let (kit, window) = (kit.clone(), web_sys::window()?);
    Some(match *kit.office {
        ActiveBackOffice::InPage(_) => {
            gloo_events::EventListener::new(&window, "storage", move |event| {
                // `key` is null when another tab cleared the whole storage.
                let ours = event
                    .dyn_ref::<web_sys::StorageEvent>()
                    .is_none_or(|e| e.key().is_none_or(|k| k == LEDGER_KEY || k == VENDOR_KEY));
                if ours {
                    kit.refresh();
                }
            })
        }
        ActiveBackOffice::Server(_) => {
            gloo_events::EventListener::new(&window, "focus", move |_| kit.refresh())
        }
    })
}

/// The kit's bank handle of the enclosing page.
pub fn use_kit_bank() -> KitBank {
    expect_context::<KitBank>()
}

/// The header's デモキット button: opens the kit.
#[component]
pub fn KitButton() -> impl IntoView {
    view! {
        <button type="button" class="header-button" on:click=|_| open_kit()>{messages::kit::current().demo_kit}</button>
    }
}

/// Whether the kit item `id` (a 契約者ID or a serial) is shown beside the tour's step (reactive).
fn shown_by_tour(id: String) -> impl Fn() -> bool + Send + Sync + 'static {
    let tour = use_context::<crate::ui::tour::Tour>();
    move || {
        tour.and_then(|tour| tour.step.get())
            .and_then(|index| STEPS.get(index))
            .is_some_and(|step| step.kit.items().contains(&id.as_str()))
    }
}

/// Opens the kit without moving focus: the tour's panel keeps it.
pub fn open_quietly() {
    open_details();
}

/// Opens the kit's disclosure (its `toggle` builds the contents); the open one, if any.
fn open_details() -> Option<web_sys::Element> {
    let details = document()
        .get_element_by_id(KIT_ID)?
        .query_selector("details")
        .ok()??;
    let _ = details.set_attribute("open", "");
    Some(details)
}

/// Opens the kit and moves focus to it.
pub fn open_kit() {
    if let Some(details) = open_details() {
        if let Ok(Some(summary)) = details.query_selector("summary") {
            use wasm_bindgen::JsCast;
            if let Ok(summary) = summary.dyn_into::<web_sys::HtmlElement>() {
                let _ = summary.focus();
                summary.scroll_into_view();
            }
        }
    }
}

/// Who uses a token, in words.
fn usage(office: &BackOffice, serial: &Serial) -> String {
    office.holder_of(serial).map_or_else(
        || messages::kit::current().kit_token_free.to_owned(),
        |holder| messages::kit::current().token_user(customer_name(holder)),
    )
}

/// A demo customer's name ("" for an ID that is not one of them).
fn customer_name(contract_id: &ContractId) -> &'static str {
    CUSTOMERS
        .iter()
        .find(|c| c.contract_id == contract_id.as_str())
        .map_or("", |c| c.name)
}

/// What a failed call of the kit says: the bank's refusal or why no answer came.
fn kit_failure(e: CallError) -> String {
    match e {
        CallError::Refused(refusal) => messages::current().bank_error(refusal),
        CallError::Unavailable(u) => messages::current().call_failed(u),
    }
}

/// What failed, for the kit and the emulator pages: the last reading of the back office (until one
/// succeeds) and the presenter's last action (until the next one, or until 閉じる). The same words
/// are said once.
#[component]
pub fn KitFailures() -> impl IntoView {
    let kit = use_kit_bank();
    let (reading, action) = (kit.reading_failure, kit.action_failure);
    let said_by_action = move || action.get().map(kit_failure);
    let said_by_reading = move || {
        reading
            .get()
            .map(kit_failure)
            .filter(|r| Some(r) != said_by_action().as_ref())
    };
    view! {
        {move || said_by_reading().map(|said| view! { <p class="notice" role="status">{said}</p> })}
        {move || said_by_action().map(|said| view! {
            <div class="notice" role="status">
                <p>{said}</p>
                <button type="button" class="button-small" on:click=move |_| action.set(None)>
                    {messages::kit::current().kit_failure_dismiss}
                </button>
            </div>
        })}
    }
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
) -> impl IntoView {
    let page = standalone::page_href(token.model, &token.serial);
    let model = messages::current().token_model(token.model);
    let status = {
        let (state, serial) = (use_kit_bank().state, token.serial.clone());
        move || state.with(|office| usage(office, &serial))
    };
    let shown = shown_by_tour(token.serial.to_string());
    view! {
        <li class="kit-token" class:tour-shown=shown>
            <h3>{format!("{model} {}", token.serial)}</h3>
            <p class="token-status">{status}</p>
            <TokenEmulator token=token.clone()/>
            <SkewControl serial=token.serial.clone()/>
            <Provisioning token=token.clone()/>
            <p><a href=page target="_blank" rel="noopener">{messages::kit::current().open_emulator_page(model)}</a></p>
        </li>
    }
}

/// The demo kit (a disclosure at the foot of the page). Its contents — cards, emulators, QR codes,
/// the desk — are built when it is opened and dropped when it is closed, so the login screen
/// starts without them and nothing ticks or reads the bank while the kit is shut.
#[component]
pub fn DemoKit() -> impl IntoView {
    let open = RwSignal::new(false);
    // `toggle` fires however it opened: its summary, the header's デモキット, the keyboard.
    let toggled = move |ev: leptos::ev::Event| {
        open.set(event_target::<web_sys::Element>(&ev).has_attribute("open"));
    };
    view! {
        <aside class="demo-kit" id=KIT_ID aria-label=messages::kit::current().demo_kit>
            <details on:toggle=toggled>
                <summary>{messages::kit::current().kit_summary}</summary>
                {move || open.get().then(|| view! { <KitContents/> })}
            </details>
        </aside>
    }
}

/// What the open kit holds.
#[component]
fn KitContents() -> impl IntoView {
    let ctx = use_app();
    let kit = use_kit_bank();
    kit.follow();
    use_kit_clock().run();
    let state = kit.state;
    let tokens = move || {
        state.with(|office| {
            office
                .tokens
                .iter()
                .map(|t| t.token.clone())
                .collect::<Vec<_>>()
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
        let office = kit.office.clone();
        move |model: TokenModel| {
            let office = office.clone();
            spawn_local(async move {
                issued.set(Some(match office.issue(model).await {
                    Ok(token) => {
                        messages::kit::current().token_issued(model, token.serial.as_str())
                    }
                    Err(e) => kit_failure(e),
                }));
            });
        }
    };
    let issue_software = {
        let issue = issue.clone();
        move |_| issue(TokenModel::Software)
    };
    let issue_hardware = move |_| issue(TokenModel::Hardware);
    let reset = {
        let (ctx, office) = (ctx.clone(), kit.office.clone());
        move |_| {
            let (ctx, office) = (ctx.clone(), office.clone());
            spawn_local(async move {
                let said = match office.reset_demo().await {
                    Ok(()) => {
                        ctx.go(Screen::Login);
                        messages::kit::current().demo_reset_done.to_owned()
                    }
                    Err(e) => kit_failure(e),
                };
                issued.set(None);
                confirming.set(false);
                ctx.notice.set(Some(Notice(said)));
            });
        }
    };

    view! {
                <p class="hint">{messages::kit::current().kit_intro}</p>
                <KitFailures/>
                <h2>{messages::kit::current().kit_cards}</h2>
                <div class="kit-customers">
                    {CUSTOMERS.iter().map(|&customer| view! { <CustomerCard customer/> }).collect_view()}
                </div>
                <h2>{messages::kit::current().kit_tokens}</h2>
                <ul class="kit-tokens">
                    <For each=tokens key=|t| t.serial.clone() let:token>
                        <KitToken token/>
                    </For>
                </ul>
                <h2>{messages::kit::current().kit_issue}</h2>
                <p class="hint">{messages::kit::current().kit_issue_how}</p>
                <div class="actions">
                    <button type="button" class="button-secondary" on:click=issue_software>{messages::kit::current().kit_issue_software}</button>
                    <button type="button" class="button-secondary" on:click=issue_hardware>{messages::kit::current().kit_issue_hardware}</button>
                </div>
                <p role="status">{move || issued.get()}</p>
                <BankDesk/>
                <h2>{messages::kit::current().kit_data}</h2>
                {move || if confirming.get() {
                    view! {
                        <div class="confirm-reset" role="group" aria-label=messages::kit::current().kit_reset_confirm_name>
                            <p>{messages::kit::current().demo_reset_confirm}</p>
                            <button type="button" class="button-danger" on:click=reset.clone()>{messages::kit::current().kit_reset_yes}</button>
                            <button type="button" class="button-secondary" node_ref=cancel on:click=move |_| confirming.set(false)>{messages::kit::current().kit_reset_no}</button>
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <button type="button" class="button-secondary" on:click=move |_| confirming.set(true)>
                            {messages::kit::current().kit_reset}
                        </button>
                    }.into_any()
                }}
    }
}
