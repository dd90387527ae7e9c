//! The page's own preferences (the text size), remembered in localStorage apart from the bank's
//! data: they are not secret, belong to no customer, and must keep working whatever bank is behind
//! the screens.

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

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

#[cfg(test)]
mod tests {
    use super::*;

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
