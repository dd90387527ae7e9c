//! The bad-input suite: every field (契約者ID, password, serial, code, card digit) put through the
//! same table of hostile or clumsy input. Each must give its clear error or the correct normalised
//! value — never a panic — and the message for every error exists and echoes nothing typed.
//! Plus property tests over arbitrary strings: no panic, and normalising twice changes nothing.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
#[path = "support/bad_input_table.rs"]
mod table;

use shinkin_otp::domain::input;
use shinkin_otp::ui::messages;
use table::{contract_id, otp, rows, FIELDS};

#[test]
fn every_field_handles_every_kind_of_bad_input() {
    for row in rows() {
        for ((name, check, _), (raw, want)) in FIELDS.iter().zip(&row.cases) {
            assert_eq!(&check(raw), want, "{name}, {}: {raw:?}", row.kind);
        }
    }
}

#[test]
fn every_error_has_a_japanese_message_that_echoes_nothing_typed() {
    for row in rows() {
        for ((name, check, field), (raw, _)) in FIELDS.iter().zip(&row.cases) {
            if let Err(e) = check(raw) {
                let text = messages::ja::JA.field_error(*field, e);
                assert!(!text.is_empty(), "{name}");
                assert!(
                    !text.contains('<') && !text.contains('\0'),
                    "{name}: {text}"
                );
                if raw.trim().chars().count() > 1 {
                    assert!(!text.contains(raw.trim()), "{name} echoes {raw:?}");
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn no_validator_panics_and_normalising_is_idempotent(raw in any::<String>()) {
        for (name, check, _) in FIELDS {
            if let Ok(value) = check(&raw) {
                prop_assert_eq!(check(&value), Ok(value.clone()), "{} of {:?}", name, raw);
            }
        }
    }

    #[test]
    fn full_width_digits_always_normalise_like_half_width(digits in "[0-9]{11}") {
        let wide: String = digits.chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap()).collect();
        prop_assert_eq!(contract_id(&wide), contract_id(&digits));
        prop_assert_eq!(otp(&wide[..wide.char_indices().nth(6).unwrap().0]), otp(&digits[..6]));
    }

    #[test]
    fn unicode_noise_around_a_serial_never_panics(noise in "\\PC{0,20}", serial in "SK(TS|HT)[0-9]{8}") {
        let _ = input::serial(&format!("{noise}{serial}{noise}"));
    }
}
