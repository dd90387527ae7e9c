//! The page's own preferences (the text size and the language), remembered in localStorage apart
//! from the bank's data: they are not secret, belong to no customer, and must keep working whatever
//! bank is behind the screens.

use leptos::prelude::*;
use std::cell::Cell;

/// localStorage key of the text size.
pub const TEXT_SIZE_KEY: &str = "shinkin-otp.text-size";

/// 文字サイズ: 標準 or 拡大.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextSize {
    /// 標準.
    #[default]
    Standard,
    /// 拡大.
    Large,
}

impl TextSize {
    /// The size a stored value names; anything else (nothing, an edited value) is 標準.
    pub fn from_stored(value: Option<&str>) -> TextSize {
        match value {
            Some("large") => TextSize::Large,
            _ => TextSize::Standard,
        }
    }

    fn stored(self) -> &'static str {
        match self {
            TextSize::Standard => "standard",
            TextSize::Large => "large",
        }
    }

    /// The size chosen earlier in this browser.
    pub fn saved() -> TextSize {
        TextSize::from_stored(
            storage()
                .and_then(|s| s.get_item(TEXT_SIZE_KEY).ok()?)
                .as_deref(),
        )
    }

    /// Remembers this size. Where storage cannot be written the choice still applies to the page;
    /// it is only not remembered, which needs no word to the customer.
    pub fn save(self) {
        if let Some(s) = storage() {
            let _ = s.set_item(TEXT_SIZE_KEY, self.stored());
        }
    }
}

/// localStorage key of the language. The page's inline head script (index.html and the other
/// pages) reads it too, before the first paint: keep the two in step.
pub const LANGUAGE_KEY: &str = "shinkin-otp.language";

/// The class the pages' head script puts on `<html>` to hide the prerendered Japanese screen from
/// a reader who chose English (style/main.css).
pub const PRERENDERED_HIDDEN_CLASS: &str = "prerendered-hidden";

/// The language of every text: 日本語 (the default) or English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    /// 日本語.
    #[default]
    Japanese,
    /// English.
    English,
}

impl Language {
    /// Both, in the switch's order.
    pub const ALL: [Language; 2] = [Language::Japanese, Language::English];

    /// The language a stored value names; anything else (nothing, an edited value) is Japanese.
    pub fn from_stored(value: Option<&str>) -> Language {
        match value {
            Some("en") => Language::English,
            _ => Language::Japanese,
        }
    }

    /// The value stored for it, which is also its `lang` tag.
    pub fn tag(self) -> &'static str {
        match self {
            Language::Japanese => "ja",
            Language::English => "en",
        }
    }

    /// The language chosen earlier in this browser.
    pub fn saved() -> Language {
        Language::from_stored(
            storage()
                .and_then(|s| s.get_item(LANGUAGE_KEY).ok()?)
                .as_deref(),
        )
    }
}

thread_local! {
    /// The language shown now: one for the page (`ui::in_language` tracks it to build the page
    /// again when it changes).
    static SHOWN: ArcRwSignal<Language> = ArcRwSignal::new(Language::saved());
    /// The same, for the views' untracked reads: a plain cell, as every text read goes through it
    /// (a signal's read, inlined at each, made the wasm grow).
    static CURRENT: Cell<Language> = Cell::new(SHOWN.with(|shown| shown.get_untracked()));
}

/// The language shown now (untracked).
#[inline(never)]
pub fn current_language() -> Language {
    CURRENT.with(Cell::get)
}

/// The language shown now, tracked: whatever reads it runs again when it changes.
pub fn language_signal() -> ArcRwSignal<Language> {
    SHOWN.with(Clone::clone)
}

thread_local! {
    /// The page's own title, in Japanese as its HTML has it (each page its own: the demo's, the
    /// customer build's), kept for when Japanese is chosen again.
    static PAGE_TITLE: String = document().title();
}

/// Shows `language`: the views are built again in it (`ui::App`), and `<html lang>` and the title
/// follow.
pub fn show_language(language: Language) {
    let own_title = PAGE_TITLE.with(Clone::clone);
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("lang", language.tag());
        // The head script's: the prerendered screen it hid is gone once the app shows.
        let _ = html.class_list().remove_1(PRERENDERED_HIDDEN_CLASS);
    }
    document().set_title(&match language {
        Language::Japanese => own_title,
        Language::English => crate::ui::messages::of(language).title(),
    });
    CURRENT.with(|current| current.set(language));
    SHOWN.with(|shown| {
        if shown.get_untracked() != language {
            shown.set(language);
        }
    });
}

/// Chooses `language`: shows it and remembers it. Where storage cannot be written the choice
/// still applies to the page; it is only not remembered, as with the text size.
pub fn choose_language(language: Language) {
    show_language(language);
    if let Some(s) = storage() {
        let _ = s.set_item(LANGUAGE_KEY, language.tag());
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_en_means_english_and_anything_else_is_japanese() {
        assert_eq!(Language::from_stored(Some("en")), Language::English);
        for other in [
            None,
            Some("ja"),
            Some(""),
            Some("EN"),
            Some("english"),
            Some("{}"),
        ] {
            assert_eq!(Language::from_stored(other), Language::Japanese);
        }
        for language in Language::ALL {
            assert_eq!(Language::from_stored(Some(language.tag())), language);
        }
    }

    #[test]
    fn only_large_means_large_and_anything_else_is_standard() {
        assert_eq!(TextSize::from_stored(Some("large")), TextSize::Large);
        for other in [None, Some("standard"), Some(""), Some("LARGE"), Some("{}")] {
            assert_eq!(TextSize::from_stored(other), TextSize::Standard);
        }
        assert_eq!(
            TextSize::from_stored(Some(TextSize::Large.stored())),
            TextSize::Large
        );
    }
}
