//! Each emulator on a page of its own (`software-token`, `hardware-token` under the app's base
//! path), to open on a second screen or a phone beside the app. The page lists every token of its
//! kind the demo vendor knows — the fixtures and those issued in this browser — and reads the same
//! clock as the bank.

use super::clock::provide_kit_clock;
use super::skew_control::SkewControl;
use super::{provide_kit_bank, TokenEmulator};
use crate::bank::demo::DemoBank;
use crate::domain::input::{Serial, TokenModel};
use crate::domain::token::Token;
use crate::domain::{Clock, SystemClock};
use crate::ui::components::header::Header;
use crate::ui::messages;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

/// The path (relative to the app's base) of the page for `model`.
pub fn page_path(model: TokenModel) -> &'static str {
    match model {
        TokenModel::Software => "software-token",
        TokenModel::Hardware => "hardware-token",
    }
}

/// A link to `serial`'s emulator page (serials are not secret; seeds never go in URLs).
pub fn page_href(model: TokenModel, serial: &Serial) -> String {
    format!("{}?serial={serial}", page_path(model))
}

/// The serial named in the page's query, if any.
fn serial_in_query() -> Option<Serial> {
    let search = window().location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("serial="))
        .and_then(Serial::parse)
}

/// A page with one emulator of `model` and a choice of token.
#[component]
pub fn TokenPage(
    /// Which emulator.
    model: TokenModel,
) -> impl IntoView {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    provide_kit_clock(clock.clone());
    let kit = provide_kit_bank(Arc::new(DemoBank::in_browser(clock)));
    let of_model = {
        let bank = kit.bank.clone();
        move || -> Vec<Token> {
            bank.tokens()
                .into_iter()
                .filter(|t| t.model == model)
                .collect()
        }
    };
    let tokens = RwSignal::new(of_model());
    {
        // Tokens issued in another tab (or the app's kit) appear here too.
        let (kit, of_model) = (kit.clone(), of_model.clone());
        Effect::new(move |_| {
            kit.track();
            tokens.set(of_model());
        });
    }
    let first = serial_in_query()
        .filter(|s| tokens.with_untracked(|ts| ts.iter().any(|t| &t.serial == s)))
        .or_else(|| tokens.with_untracked(|ts| ts.first().map(|t| t.serial.clone())));
    let chosen = RwSignal::new(first);
    let title = messages::token_model(model);
    // 新しいトークンを発行: a fresh token of this kind, registered with the demo vendor and shown.
    let issue = move |_| {
        let (bank, of_model) = (kit.bank.clone(), of_model.clone());
        spawn_local(async move {
            let token = bank.issue_token(model).await;
            tokens.set(of_model());
            chosen.set(Some(token.serial));
        });
    };

    view! {
        <Header/>
        <main class="page token-page">
            <h1 class="screen-title">{messages::emulator_page_title(title)}</h1>
            <label class="field-label" for="token-choice">{messages::KIT_TOKENS}</label>
            <select id="token-choice" on:change=move |ev| chosen.set(Serial::parse(&event_target_value(&ev)))>
                {move || tokens.get().into_iter().map(|t| {
                    let serial = t.serial.to_string();
                    let selected = move || chosen.with(|c| c.as_ref() == Some(&t.serial));
                    view! { <option value=serial.clone() selected=selected>{serial.clone()}</option> }
                }).collect_view()}
            </select>
            <button type="button" class="button-small" on:click=issue>{messages::KIT_ISSUE}</button>
            {move || {
                let serial = chosen.get()?;
                let token = tokens.with(|ts| ts.iter().find(|t| t.serial == serial).cloned())?;
                Some(view! {
                    <div class="token-stage">
                        <TokenEmulator token=token.clone()/>
                        <SkewControl serial=token.serial.clone()/>
                    </div>
                })
            }}
            <p><a href="./">{messages::BACK_TO_DEMO}</a></p>
        </main>
    }
}
