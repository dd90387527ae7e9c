//! The page header: bank name, ヘルプ一覧, 文字サイズ 標準 / 拡大, 日本語 / English, and whatever
//! buttons the page adds (the app adds the demo kit's).
//!
//! 拡大 puts a class on `<html>` that raises the root font size; every size in the stylesheet is in
//! `rem`/`em`, so the whole page scales. The language builds the page again in it
//! ([`crate::ui::in_language`]), keeping what was typed. Both choices are remembered by
//! [`crate::ui::prefs`].

use crate::ui::components::help::HelpIndex;
use crate::ui::messages;
use crate::ui::prefs::{self, Language, TextSize};
use crate::ui::takeover::Typed;
use leptos::prelude::*;

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
    /// Buttons the page adds after ヘルプ一覧 (the app: デモキット). Passed in rather than imported,
    /// so the header depends on nothing that itself shows a header.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let large = RwSignal::new(TextSize::saved() == TextSize::Large);
    apply(large.get_untracked());
    let help_open = RwSignal::new(false);
    let help_button = NodeRef::<leptos::html::Button>::new();
    crate::ui::components::focus::return_focus_on_close(help_open, help_button);
    let choose = move |want: bool| {
        large.set(want);
        apply(want);
        if want {
            TextSize::Large
        } else {
            TextSize::Standard
        }
        .save();
    };
    let shown = prefs::current_language();
    let choose_language = move |language: Language| {
        if language == shown {
            return;
        }
        // The page is built again (after this task's microtasks): the typing and the focus on
        // this switch are put back just before the next paint.
        let typed = Typed::keep();
        prefs::choose_language(language);
        request_animation_frame(move || typed.restore());
    };

    view! {
        <header class="site-header">
            <div class="brand">
                <span class="bank-name">{messages::current().bank_name}</span>
                <span class="service-name">{messages::current().service_name}</span>
            </div>
            <button type="button" class="header-button" node_ref=help_button aria-expanded=move || help_open.get().to_string()
                on:click=move |_| help_open.update(|o| *o = !*o)>{messages::current().help_index}</button>
            {children.map(|extra| extra())}
            <div class="text-size" role="group" aria-label=messages::current().text_size>
                <span aria-hidden="true">{messages::current().text_size}</span>
                <button type="button" aria-pressed=move || (!large.get()).to_string()
                    on:click=move |_| choose(false)>{messages::current().text_size_standard}</button>
                <button type="button" aria-pressed=move || large.get().to_string()
                    on:click=move |_| choose(true)>{messages::current().text_size_large}</button>
            </div>
            <div class="language" role="group" aria-label=messages::current().language_switch>
                {Language::ALL.map(|language| view! {
                    <button type="button" lang=language.tag() aria-pressed=(language == shown).to_string()
                        on:click=move |_| choose_language(language)>{messages::language_name(language)}</button>
                })}
            </div>
        </header>
        <Show when=move || help_open.get()>
            <HelpIndex open=help_open/>
        </Show>
    }
}
