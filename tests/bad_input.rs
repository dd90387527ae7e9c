//! The bad-input suite: every field (契約者ID, password, serial, code, card digit) put through the
//! same table of hostile or clumsy input. Each must give its clear error or the correct normalised
//! value — never a panic — and the message for every error exists and echoes nothing typed.
//! Plus property tests over arbitrary strings: no panic, and normalising twice changes nothing.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use shinkin_otp::domain::input::{self, FieldError};
use shinkin_otp::ui::messages::{self, Field};

/// What a field makes of a raw input: the normalised value or the error.
type Outcome = Result<String, FieldError>;

fn contract_id(raw: &str) -> Outcome {
    input::contract_id(raw).map(|v| v.as_str().to_owned())
}
fn password(raw: &str) -> Outcome {
    input::password(raw).map(str::to_owned)
}
fn serial(raw: &str) -> Outcome {
    input::serial(raw).map(|v| v.as_str().to_owned())
}
fn otp(raw: &str) -> Outcome {
    input::otp_code(raw).map(|v| v.as_str().to_owned())
}
fn card(raw: &str) -> Outcome {
    input::card_digit(raw).map(|d| d.to_string())
}

/// A field's validator, as a plain function.
type Validator = fn(&str) -> Outcome;

const FIELDS: [(&str, Validator, Field); 5] = [
    ("契約者ID", contract_id, Field::ContractId),
    ("パスワード", password, Field::Password),
    ("シリアル番号", serial, Field::Serial),
    ("ワンタイムパスワード", otp, Field::Otp),
    ("確認用パスワード", card, Field::CardDigit(1, "ウ")),
];

use FieldError::*;

/// One row: a kind of input, and per field (in [`FIELDS`] order) the raw text and what it must give.
struct Row {
    kind: &'static str,
    cases: [(String, Outcome); 5],
}

fn ok(v: &str) -> Outcome {
    Ok(v.to_owned())
}

fn rows() -> Vec<Row> {
    let long = "1".repeat(10_000);
    let s = |v: &str| v.to_owned();
    vec![
        Row {
            kind: "empty",
            cases: [
                (s(""), Err(Empty)),
                (s(""), Err(Empty)),
                (s(""), Err(Empty)),
                (s(""), Err(Empty)),
                (s(""), Err(Empty)),
            ],
        },
        Row {
            kind: "only spaces (half and full width)",
            cases: [
                (s("  　 "), Err(Empty)),
                // A password is never trimmed: spaces are characters it may not contain.
                (s("  　 "), Err(WrongCharacters)),
                (s(" 　"), Err(Empty)),
                (s(" 　"), Err(Empty)),
                (s("　"), Err(Empty)),
            ],
        },
        Row {
            kind: "full width",
            cases: [
                (s("１０００００００００１"), ok("10000000001")),
                // Converting a secret silently could make a wrong password pass: refused, with a message.
                (s("ｈａｎａｋｏ１２"), Err(WrongCharacters)),
                (s("ＳＫＴＳ１２３４５６７８"), ok("SKTS12345678")),
                (s("１２３４５６"), ok("123456")),
                (s("７"), ok("7")),
            ],
        },
        Row {
            kind: "half-width katakana",
            cases: [
                (s("ｱｲｳｴｵ"), Err(WrongCharacters)),
                (s("ｱｲｳｴｵｶ"), Err(WrongCharacters)),
                (s("ｼﾘｱﾙ"), Err(WrongCharacters)),
                (s("ｲﾁﾆｻﾝ"), Err(WrongCharacters)),
                (s("ｲ"), Err(WrongCharacters)),
            ],
        },
        Row {
            kind: "lower case",
            cases: [
                (s("abcdefghijk"), Err(WrongCharacters)),
                (s("hanako12"), ok("hanako12")),
                (s("skts1234-5678"), ok("SKTS12345678")),
                (s("abcdef"), Err(WrongCharacters)),
                (s("a"), Err(WrongCharacters)),
            ],
        },
        Row {
            kind: "a 10,000-character paste",
            cases: [
                (long.clone(), Err(TooLong)),
                (long.clone(), Err(TooLong)),
                (long.clone(), Err(TooLong)),
                (long.clone(), Err(TooLong)),
                (long.clone(), Err(TooLong)),
            ],
        },
        Row {
            kind: "emoji",
            cases: [
                (s("1000000000😀"), Err(WrongCharacters)),
                (s("hanako😀"), Err(WrongCharacters)),
                (s("SKTS1234567😀"), Err(WrongCharacters)),
                (s("12345😀"), Err(WrongCharacters)),
                (s("😀"), Err(WrongCharacters)),
            ],
        },
        Row {
            kind: "NUL and control characters",
            cases: [
                (s("1000000000\0"), Err(WrongCharacters)),
                (s("hanako\u{7}1"), Err(WrongCharacters)),
                (s("SKTS1234567\u{1b}"), Err(WrongCharacters)),
                (s("12345\0"), Err(WrongCharacters)),
                (s("\u{8}"), Err(WrongCharacters)),
            ],
        },
        Row {
            kind: "bidi and zero-width marks",
            cases: [
                (s("\u{202E}10000000001\u{202C}"), ok("10000000001")),
                (s("\u{200F}hanako12"), Err(WrongCharacters)),
                (s("\u{2066}SKTS12345678\u{2069}"), ok("SKTS12345678")),
                (s("123\u{200B}456"), ok("123456")),
                (s("\u{FEFF}7"), ok("7")),
            ],
        },
        Row {
            kind: "HTML injection",
            cases: [
                (s("<script>alert(1)</script>"), Err(WrongCharacters)),
                (s("<b>pw</b>"), Err(WrongCharacters)),
                (s("<img src=x onerror=alert(1)>"), Err(WrongCharacters)),
                (s("<i>1</i>"), Err(WrongCharacters)),
                (s("<"), Err(WrongCharacters)),
            ],
        },
        Row {
            kind: "SQL injection",
            cases: [
                (s("1' OR '1'='1"), Err(WrongCharacters)),
                (s("' OR 1=1 --"), Err(WrongCharacters)),
                (s("SKTS'; DROP TABLE t;--"), Err(WrongCharacters)),
                (s("1;--"), Err(WrongCharacters)),
                (s("'"), Err(WrongCharacters)),
            ],
        },
        Row {
            kind: "leading and trailing spaces",
            cases: [
                (s("  10000000001　"), ok("10000000001")),
                (s(" hanako12 "), Err(WrongCharacters)),
                (s(" SKTS12345678 "), ok("SKTS12345678")),
                (s(" 123456 "), ok("123456")),
                (s(" 7 "), ok("7")),
            ],
        },
    ]
}

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
                let text = messages::field_error(*field, e);
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
