//! NFKC in the browser is the browser's own `String.prototype.normalize` (the wasm carries no
//! Unicode tables); natively it is the `unicode-normalization` crate. Both must give the same
//! answers: the whole bad-input table gives here what it gives natively (`tests/bad_input.rs`),
//! and the two normalisations agree on every character a Japanese IME or a paste can bring.

#[path = "../../support/bad_input_table.rs"]
mod table;

use shinkin_otp::domain::input::{is_invisible, nfkc};
use table::{rows, FIELDS};
use unicode_normalization::UnicodeNormalization;
use wasm_bindgen_test::*;

/// The crate's answer, with the invisible marks removed as `input::nfkc` removes them.
fn crate_nfkc(raw: &str) -> String {
    raw.nfkc().filter(|&c| !is_invisible(c)).collect()
}

#[wasm_bindgen_test]
fn every_field_gives_the_native_answer_to_the_bad_input_table() {
    for row in rows() {
        for ((name, check, _), (raw, want)) in FIELDS.iter().zip(&row.cases) {
            assert_eq!(&check(raw), want, "{name}, {}: {raw:?}", row.kind);
        }
    }
}

#[wasm_bindgen_test]
fn the_browsers_nfkc_is_the_crates_on_every_ime_character() {
    let ranges = [
        0x20..=0x7e,       // ASCII
        0x3000..=0x30ff,   // ideographic space, punctuation, hiragana, katakana
        0xff01..=0xffef,   // full-width ASCII, half-width katakana and symbols
        0x2010..=0x2015,   // hyphens and dashes
        0x2212..=0x2212,   // minus sign
        0x2460..=0x24ff,   // circled digits and letters
        0x3200..=0x33ff,   // enclosed and squared CJK (㈱, ㌔)
        0x1d400..=0x1d6a5, // mathematical alphanumerics (letters)…
        0x1d6a8..=0x1d7ff, // …and Greek and digits
    ];
    // U+1D6A6..7 (reserved in the browsers' Unicode, left as they are) are where the crate's newer
    // Unicode tables differ; nothing a customer types, so left out rather than papered over.
    let mut checked = 0;
    let mut differ = Vec::new();
    for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
        let s = format!("1{c}2");
        if nfkc(&s) != crate_nfkc(&s) {
            differ.push(format!(
                "U+{:04X} {:?} {:?}",
                c as u32,
                nfkc(&s),
                crate_nfkc(&s)
            ));
        }
        checked += 1;
    }
    assert!(differ.is_empty(), "{differ:?}");
    assert!(checked > 2_000, "{checked}");
    for row in rows() {
        for (raw, _) in &row.cases {
            assert_eq!(nfkc(raw), crate_nfkc(raw), "{}: {raw:?}", row.kind);
        }
    }
}
