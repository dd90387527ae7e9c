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

/// The token to show among `tokens` (as last read): the one the presenter picked, else the one the
/// address names, else the first — each only while the back office still lists it, so a token
/// gone at a reset (or not listed yet, just issued) never stays chosen. `None`: no token to show.
fn choose<'a>(
    tokens: &'a [Token],
    picked: Option<&Serial>,
    asked: Option<&Serial>,
) -> Option<&'a Serial> {
    let listed = |wanted: Option<&Serial>| {
        let wanted = wanted?;
        tokens.iter().map(|t| &t.serial).find(|s| *s == wanted)
    };
    listed(picked)
        .or_else(|| listed(asked))
        .or_else(|| tokens.first().map(|t| &t.serial))
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
    let asked = serial_in_query();
    let picked = RwSignal::new(None::<Serial>);
    // A token just issued is listed only by the reading its issue triggers; until that reading the
    // page shows no token rather than falling back to another one for a moment.
    let awaited = RwSignal::new(None::<Serial>);
    Effect::new(move |first: Option<()>| {
        state.track();
        if first.is_some() {
            awaited.set(None);
        }
    });
    let chosen = Memo::new(move |_| {
        if awaited.with(Option::is_some) {
            return None;
        }
        choose(&tokens(), picked.get().as_ref(), asked.as_ref()).cloned()
    });
    let tokens_untracked = move || untrack(tokens);
    let (loaded, action_failure) = (kit.loaded, kit.action_failure);
    let title = messages::current().token_model(model);
    // 新しいトークンを発行: a fresh token of this kind, registered with the demo vendor and shown
    // (once the back office, re-read, lists it).
    let issue = move |_| {
        action_failure.set(None);
        let office = kit.office.clone();
        spawn_local(async move {
            match office.issue(model).await {
                Ok(token) => {
                    let listed = tokens_untracked().iter().any(|t| t.serial == token.serial);
                    if !listed {
                        awaited.set(Some(token.serial.clone()));
                    }
                    picked.set(Some(token.serial));
                }
                Err(e) => action_failure.set(Some(e)),
            }
        });
    };
    let pick = move |ev| {
        action_failure.set(None);
        awaited.set(None);
        picked.set(Serial::parse(&event_target_value(&ev)));
    };

    view! {
        <Header/>
        <main class="page token-page">
            <h1 class="screen-title">{messages::kit::current().emulator_page_title(title)}</h1>
            <label class="field-label" for="token-choice">{messages::kit::current().kit_tokens}</label>
            <KitFailures/>
            <select id="token-choice" on:change=pick>
                {move || tokens().into_iter().map(|t| {
                    let serial = t.serial.to_string();
                    let selected = move || chosen.with(|c| c.as_ref() == Some(&t.serial));
                    view! { <option value=serial.clone() selected=selected>{serial.clone()}</option> }
                }).collect_view()}
            </select>
            <button type="button" class="button-small" on:click=issue>{messages::kit::current().kit_issue}</button>
            {move || (loaded.get() && chosen.with(Option::is_none) && awaited.with(Option::is_none))
                .then(|| view! { <p>{messages::kit::current().kit_no_token}</p> })}
            {move || {
                // Built again only when another token is shown, not at every re-reading.
                let serial = chosen.get()?;
                let token = tokens_untracked().into_iter().find(|t| t.serial == serial)?;
                Some(view! {
                    <div class="token-stage">
                        <TokenEmulator token=token.clone()/>
                        <SkewControl serial=token.serial.clone()/>
                    </div>
                })
            }}
            <p><a href="./">{messages::kit::current().back_to_demo}</a></p>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::demo_data;

    fn software_tokens() -> Vec<Token> {
        demo_data::directory()
            .tokens
            .into_iter()
            .filter(|t| t.model == TokenModel::Software)
            .collect()
    }

    fn serial(s: &str) -> Serial {
        Serial::parse(s).unwrap()
    }

    #[test]
    fn the_pick_then_the_address_then_the_first_token_is_shown() {
        let tokens = software_tokens();
        let (first, second) = (&tokens[0].serial, &tokens[1].serial);
        assert_eq!(choose(&tokens, Some(second), Some(first)), Some(second));
        assert_eq!(choose(&tokens, None, Some(second)), Some(second));
        assert_eq!(choose(&tokens, None, None), Some(first));
    }

    #[test]
    fn a_token_no_longer_listed_is_not_shown() {
        // Issued, then gone at a demo reset: the page falls back to the address, then the first.
        let tokens = software_tokens();
        let (first, second) = (&tokens[0].serial, &tokens[1].serial);
        let gone = serial("SKTS99999999");
        assert_eq!(choose(&tokens, Some(&gone), Some(second)), Some(second));
        assert_eq!(choose(&tokens, Some(&gone), Some(&gone)), Some(first));
        assert_eq!(choose(&[], Some(&gone), None), None, "no token at all");
    }
}
