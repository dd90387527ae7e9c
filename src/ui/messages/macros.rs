//! The macro that declares a struct of texts ([`super::Messages`], the kit's `KitMessages`).

/// Declares a struct of texts: `pub` fields for fixed texts, private function fields (each
/// language's wording) read through `pub` methods of the same name, and (for the tests) the list
/// of fixed texts by name. A language's `static` must give every field, so a text missing in one
/// language does not compile.
macro_rules! texts {
    (
        $(#[$sdoc:meta])* $vis:vis struct $name:ident;
        texts { $( $(#[$doc:meta])* $field:ident, )* }
        functions { $( $(#[$fdoc:meta])* $fname:ident($($arg:ident: $aty:ty),*) -> $ret:ty, )* }
        $( others { $( $(#[$odoc:meta])* $other:ident: $oty:ty, )* } )?
    ) => {
        $(#[$sdoc])*
        $vis struct $name {
            /// Whose texts these are.
            pub language: $crate::ui::prefs::Language,
            $( $(#[$doc])* pub $field: &'static str, )*
            $( $(#[$fdoc])* $fname: fn($($aty),*) -> $ret, )*
            $( $( $(#[$odoc])* pub $other: $oty, )* )?
        }

        impl $name {
            $( $(#[$fdoc])* pub fn $fname(&self, $($arg: $aty),*) -> $ret {
                (self.$fname)($($arg),*)
            } )*

            /// Every fixed text, by name.
            #[cfg(test)]
            pub(crate) fn texts(&self) -> Vec<(&'static str, &'static str)> {
                vec![$( (stringify!($field), self.$field), )*]
            }
        }
    };
}
