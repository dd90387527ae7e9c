//! Each emulator on a page of its own (`software-token`, `hardware-token` under the app's base
//! path), to open on a second screen or a phone beside the app. The page lists every token of its
//! kind the demo vendor knows — the fixtures and those issued in this browser — and reads the same
//! clock as the bank.

use super::clock::provide_kit_clock;
use super::skew_control::SkewControl;
use super::{provide_kit_bank, KitFailures, TokenEmulator};
use crate::bank::back_office::{self, BackOfficeApi};
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
    provide_kit_clock(clock.clone()).run();
    // Tokens issued in another tab (or the app's kit) appear here too: the kit re-reads.
    let kit = provide_kit_bank(Arc::new(back_office::for_page(clock)));
    kit.follow();
    let state = kit.state;
    let tokens = move || -> Vec<Token> {
        state.with(|office| {
            office
                .tokens
                .iter()
                .filter(|t| t.token.model == model)
                .map(|t| t.token.clone())
                .collect()
        })
    };
    // The token the address names, else the first of the kind, once the back office is read.
    let asked = serial_in_query();
    let picked = RwSignal::new(None::<Serial>);
    let chosen = Memo::new(move |_| {
        picked.get().or_else(|| {
            let ts = tokens();
            asked
                .clone()
                .filter(|s| ts.iter().any(|t| &t.serial == s))
                .or_else(|| ts.first().map(|t| t.serial.clone()))
        })
    });
    // The chosen token once the back office lists it (a token just issued shows once re-read).
    let shown = Memo::new(move |_| {
        let serial = chosen.get()?;
        tokens()
            .iter()
            .any(|t| t.serial == serial)
            .then_some(serial)
    });
    let tokens_untracked = move || untrack(tokens);
    let action_failure = kit.action_failure;
    let title = messages::token_model(model);
    // 新しいトークンを発行: a fresh token of this kind, registered with the demo vendor and shown.
    let issue = move |_| {
        action_failure.set(None);
        let office = kit.office.clone();
        spawn_local(async move {
            match office.issue(model).await {
                Ok(token) => picked.set(Some(token.serial)),
                Err(e) => action_failure.set(Some(e)),
            }
        });
    };
    let pick = move |ev| {
        action_failure.set(None);
        picked.set(Serial::parse(&event_target_value(&ev)));
    };

    view! {
        <Header/>
        <main class="page token-page">
            <h1 class="screen-title">{messages::emulator_page_title(title)}</h1>
            <label class="field-label" for="token-choice">{messages::KIT_TOKENS}</label>
            <KitFailures/>
            <select id="token-choice" on:change=pick>
                {move || tokens().into_iter().map(|t| {
                    let serial = t.serial.to_string();
                    let selected = move || chosen.with(|c| c.as_ref() == Some(&t.serial));
                    view! { <option value=serial.clone() selected=selected>{serial.clone()}</option> }
                }).collect_view()}
            </select>
            <button type="button" class="button-small" on:click=issue>{messages::KIT_ISSUE}</button>
            {move || {
                // Built again only when another token is shown, not at every re-reading.
                let serial = shown.get()?;
                let token = tokens_untracked().into_iter().find(|t| t.serial == serial)?;
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
