//! The page header: bank name, ヘルプ一覧, 文字サイズ 標準 / 拡大, and (in the demo) a button to the
//! demo kit.
//!
//! 拡大 puts a class on `<html>` that raises the root font size; every size in the stylesheet is in
//! `rem`/`em`, so the whole page scales. The choice is remembered in localStorage (it is not secret).

use crate::bank::store::{KeyValue, LocalStorage};
use crate::ui::components::help::HelpIndex;
use crate::ui::messages;
use leptos::prelude::*;

/// localStorage key of the text size.
pub const TEXT_SIZE_KEY: &str = "shinkin-otp.text-size";
/// Class on `<html>` for 拡大.
pub const LARGE_CLASS: &str = "text-large";

fn apply(large: bool) {
    if let Some(html) = document().document_element() {
        let _ = html.class_list().toggle_with_force(LARGE_CLASS, large);
    }
}

/// Header with the text-size switch.
#[component]
pub fn Header(
    /// Whether to offer the デモキット button (the app's pages; not the emulator pages).
    #[prop(optional)]
    kit: bool,
) -> impl IntoView {
    let large = RwSignal::new(LocalStorage.get(TEXT_SIZE_KEY).as_deref() == Some("large"));
    apply(large.get_untracked());
    let help_open = RwSignal::new(false);
    let help_button = NodeRef::<leptos::html::Button>::new();
    crate::ui::components::focus::return_focus_on_close(help_open, help_button);
    let choose = move |want: bool| {
        large.set(want);
        apply(want);
        // A size that cannot be remembered still applies to this page; nothing to tell.
        let _ = LocalStorage.set(TEXT_SIZE_KEY, if want { "large" } else { "standard" });
    };

    view! {
        <header class="site-header">
            <div class="brand">
                <span class="bank-name">{messages::BANK_NAME}</span>
                <span class="service-name">{messages::SERVICE_NAME}</span>
            </div>
            <button type="button" class="header-button" node_ref=help_button aria-expanded=move || help_open.get().to_string()
                on:click=move |_| help_open.update(|o| *o = !*o)>{messages::HELP_INDEX}</button>
            {kit.then(|| view! {
                <button type="button" class="header-button" on:click=|_| crate::ui::kit::open_kit()>{messages::DEMO_KIT}</button>
            })}
            <div class="text-size" role="group" aria-label=messages::TEXT_SIZE>
                <span aria-hidden="true">{messages::TEXT_SIZE}</span>
                <button type="button" aria-pressed=move || (!large.get()).to_string()
                    on:click=move |_| choose(false)>{messages::TEXT_SIZE_STANDARD}</button>
                <button type="button" aria-pressed=move || large.get().to_string()
                    on:click=move |_| choose(true)>{messages::TEXT_SIZE_LARGE}</button>
            </div>
        </header>
        <Show when=move || help_open.get()>
            <HelpIndex open=help_open/>
        </Show>
    }
}
