//! The bad-input table, shared by the native suite (`tests/bad_input.rs`) and the browser's
//! (`tests/browser/demo/nfkc_in_browser.rs`, where NFKC is the browser's own `String.prototype.normalize`): per
//! field, hostile or clumsy input and the normalised value or error it must give.

#![allow(dead_code)] // each suite uses its own part

use shinkin_otp::domain::input;
pub use shinkin_otp::domain::input::FieldError;
use shinkin_otp::ui::messages::Field;

/// What a field makes of a raw input: the normalised value or the error.
pub type Outcome = Result<String, FieldError>;

pub fn contract_id(raw: &str) -> Outcome {
    input::contract_id(raw).map(|v| v.as_str().to_owned())
}
pub fn password(raw: &str) -> Outcome {
    input::password(raw).map(str::to_owned)
}
pub fn serial(raw: &str) -> Outcome {
    input::serial(raw).map(|v| v.as_str().to_owned())
}
pub fn otp(raw: &str) -> Outcome {
    input::otp_code(raw).map(|v| v.as_str().to_owned())
}
pub fn card(raw: &str) -> Outcome {
    input::card_digit(raw).map(|d| d.to_string())
}

/// A field's validator, as a plain function.
pub type Validator = fn(&str) -> Outcome;

pub const FIELDS: [(&str, Validator, Field); 5] = [
    ("契約者ID", contract_id, Field::ContractId),
    ("パスワード", password, Field::Password),
    ("シリアル番号", serial, Field::Serial),
    ("ワンタイムパスワード", otp, Field::Otp),
    ("確認用パスワード", card, Field::CardDigit(1, "ウ")),
];

use FieldError::*;

/// One row: a kind of input, and per field (in [`FIELDS`] order) the raw text and what it must give.
pub struct Row {
    pub kind: &'static str,
    pub cases: [(String, Outcome); 5],
}

fn ok(v: &str) -> Outcome {
    Ok(v.to_owned())
}

pub fn rows() -> Vec<Row> {
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
