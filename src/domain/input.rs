//! Input rules: one normaliser and validator per field (docs/design.md#input-rules).
//!
//! Each function takes what the user typed, normalises it as the bank does (NFKC turns full-width
//! digits and letters into half-width ones, so `ＳＫＴＳ１２３４５６７８` is accepted) and returns either
//! the clean value or the one [`FieldError`] that tells the user what to fix. The login password is
//! the exception: it is a secret and is taken exactly as typed.

/// Why a field's value was refused. Each maps to one Japanese message in `ui::messages`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldError {
    /// Nothing was entered (in a field that drops spaces, only spaces).
    Empty,
    /// Fewer characters than the field needs.
    TooShort,
    /// More characters than the field allows.
    TooLong,
    /// A character the field does not allow (e.g. a letter in a number, kana in a password).
    WrongCharacters,
    /// Right length and characters, but not in the field's shape (serial: 4 letters then 8 digits).
    WrongFormat,
    /// A well-formed serial whose 4-letter prefix names no token model the bank issues.
    UnknownPrefix,
}

/// What is wrong, in English for logs and tests; the customer's message is `ui::messages`'.
impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FieldError::Empty => "nothing was entered",
            FieldError::TooShort => "too short",
            FieldError::TooLong => "too long",
            FieldError::WrongCharacters => "a character the field does not allow",
            FieldError::WrongFormat => "not in the field's format",
            FieldError::UnknownPrefix => "a serial prefix of no token the bank issues",
        })
    }
}

impl std::error::Error for FieldError {}

/// Length of a 契約者ID（利用者番号）.
pub const CONTRACT_ID_LEN: usize = 11;
/// Shortest and longest login password.
pub const PASSWORD_MIN: usize = 6;
/// Longest login password.
pub const PASSWORD_MAX: usize = 12;
/// Length of a token serial: 4 letters and 8 digits.
pub const SERIAL_LEN: usize = 12;
/// Digits in a one-time password.
pub const OTP_LEN: usize = 6;

/// The kind of token a serial's prefix names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenModel {
    /// The app 「しんきん（個人）ワンタイムパスワード」 on a phone.
    Software,
    /// The key-fob token the bank hands out.
    Hardware,
}

/// Serial prefixes and the model each names. A real bank would add rows here, nowhere else.
pub const SERIAL_PREFIXES: [(&str, TokenModel); 2] = [
    ("SKTS", TokenModel::Software),
    ("SKHT", TokenModel::Hardware),
];

impl TokenModel {
    /// The model a serial prefix names, if any.
    pub fn from_prefix(prefix: &str) -> Option<TokenModel> {
        SERIAL_PREFIXES
            .iter()
            .find(|(p, _)| *p == prefix)
            .map(|&(_, model)| model)
    }

    /// The prefix serials of this model start with.
    pub fn prefix(self) -> &'static str {
        SERIAL_PREFIXES
            .iter()
            .find(|(_, m)| *m == self)
            .map(|(p, _)| *p)
            .unwrap_or_default()
    }
}

/// A validated 契約者ID: exactly 11 half-width digits. Deserialises only from that canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ContractId(String);

/// A validated token serial: a known 4-letter prefix and 8 digits, upper case. Deserialises only
/// from that canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Serial(String);

/// A validated one-time password: exactly 6 half-width digits. Deserialises only from that
/// canonical form (the page sends what [`otp_code`] made of the typed value).
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OtpCode(String);

/// Not the code itself: a code must never reach a log through `{:?}`.
impl std::fmt::Debug for OtpCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OtpCode(******)")
    }
}

macro_rules! text_newtype {
    ($($t:ty),*) => {$(
        impl $t {
            /// The normalised value.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}
text_newtype!(ContractId, Serial, OtpCode);

/// A stored or received value that is not in its type's canonical form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotCanonical(pub &'static str);

impl std::fmt::Display for NotCanonical {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not a valid {}", self.0)
    }
}

impl std::error::Error for NotCanonical {}

/// Deserialisation through the validator: what comes from storage or the network must already be
/// exactly what the validator would produce. Normalising it instead would quietly accept an edit,
/// and the length check first keeps a huge string from being normalised at all.
macro_rules! canonical_text {
    ($($t:ident: $validate:ident, $len:expr, $what:literal);*) => {$(
        impl TryFrom<String> for $t {
            type Error = NotCanonical;
            fn try_from(raw: String) -> Result<$t, NotCanonical> {
                if raw.len() != $len {
                    return Err(NotCanonical($what));
                }
                match $validate(&raw) {
                    Ok(value) if value.0 == raw => Ok(value),
                    _ => Err(NotCanonical($what)),
                }
            }
        }
        impl From<$t> for String {
            fn from(value: $t) -> String {
                value.0
            }
        }
    )*};
}
canonical_text!(
    ContractId: contract_id, CONTRACT_ID_LEN, "contract ID";
    Serial: serial, SERIAL_LEN, "token serial";
    OtpCode: otp_code, OTP_LEN, "one-time password"
);

impl Serial {
    /// The model this serial's prefix names (always known: validation refuses unknown prefixes).
    pub fn model(&self) -> TokenModel {
        SERIAL_PREFIXES
            .iter()
            .find(|(prefix, _)| self.0.starts_with(prefix))
            .map_or(TokenModel::Software, |&(_, model)| model)
    }

    /// The serial with all but its last 4 characters hidden, for result screens.
    pub fn masked(&self) -> String {
        mask_serial(&self.0)
    }

    /// A serial from a string already known to be valid (fixtures, tests); `None` if it is not.
    pub fn parse(raw: &str) -> Option<Serial> {
        serial(raw).ok()
    }
}

/// Hides all but the last 4 characters: `SKTS12345678` → `********5678`.
pub fn mask_serial(serial: &str) -> String {
    let count = serial.chars().count();
    serial
        .chars()
        .enumerate()
        .map(|(i, c)| if i + 4 < count { '*' } else { c })
        .collect()
}

/// NFKC (full-width letters, digits, spaces and hyphens become their half-width forms), with the
/// invisible marks a copy and paste can bring along removed.
///
/// ```
/// use shinkin_otp_domain::input::nfkc;
/// assert_eq!(nfkc("ＳＫＴＳ－１２\u{200b}３"), "SKTS-123");
/// ```
pub fn nfkc(raw: &str) -> String {
    compose(raw).chars().filter(|&c| !is_invisible(c)).collect()
}

/// NFKC in the browser: its own `String.prototype.normalize`, so the wasm carries no Unicode
/// tables (docs/perf.md). A browser test holds it to the crate's answers below.
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
fn compose(raw: &str) -> String {
    js_sys::JsString::from(raw).normalize("NFKC").into()
}

/// NFKC natively (the server, the native tests): the `unicode-normalization` crate.
#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
fn compose(raw: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    raw.nfkc().collect()
}

/// Zero-width and bidirectional formatting marks (and the BOM): invisible, so never what the
/// customer meant to type.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// Spaces of any width, and the dashes an IME may produce when the user types "-".
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{30FC}' | '\u{FF70}' | '\u{FE63}'
        )
}

/// Counts characters, not bytes, so a length message is right for any script.
fn char_len(s: &str) -> usize {
    s.chars().count()
}

fn check_length(len: usize, min: usize, max: usize) -> Result<(), FieldError> {
    if len < min {
        Err(FieldError::TooShort)
    } else if len > max {
        Err(FieldError::TooLong)
    } else {
        Ok(())
    }
}

/// 契約者ID（利用者番号）: NFKC, spaces and hyphens removed, then exactly 11 digits.
pub fn contract_id(raw: &str) -> Result<ContractId, FieldError> {
    let value: String = nfkc(raw).chars().filter(|&c| !is_separator(c)).collect();
    if value.is_empty() {
        return Err(FieldError::Empty);
    }
    if !value.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldError::WrongCharacters);
    }
    check_length(char_len(&value), CONTRACT_ID_LEN, CONTRACT_ID_LEN)?;
    Ok(ContractId(value))
}

/// ログインパスワード: taken exactly as typed (never trimmed), 6–12 half-width letters and digits.
///
/// Full-width characters are refused rather than converted: the password is a secret, and changing
/// it silently would make a correct password fail or a wrong one pass.
pub fn password(raw: &str) -> Result<&str, FieldError> {
    if raw.is_empty() {
        return Err(FieldError::Empty);
    }
    if !raw.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(FieldError::WrongCharacters);
    }
    check_length(raw.len(), PASSWORD_MIN, PASSWORD_MAX)?;
    Ok(raw)
}

/// Longest customer name the bank keeps (the onboarding file's `name`).
pub const NAME_MAX: usize = 40;

/// A customer's name as the bank's onboarding file gives it: NFKC, surrounding spaces trimmed,
/// 1–[`NAME_MAX`] characters, no control or invisible characters (a name is shown on the top page).
pub fn customer_name(raw: &str) -> Result<String, FieldError> {
    if raw.chars().any(|c| c.is_control() || is_invisible(c)) {
        return Err(FieldError::WrongCharacters);
    }
    let value = nfkc(raw).trim().to_owned();
    if value.is_empty() {
        return Err(FieldError::Empty);
    }
    check_length(char_len(&value), 1, NAME_MAX)?;
    Ok(value)
}

/// The お客様カード's row as the bank's onboarding file gives it: NFKC, spaces and hyphens
/// removed, then exactly 8 digits, the columns ア to ク in order.
///
/// ```
/// use shinkin_otp_domain::input::card_row;
/// assert_eq!(card_row("3815 9027").unwrap().0, [3, 8, 1, 5, 9, 0, 2, 7]);
/// assert!(card_row("3815902").is_err());
/// ```
pub fn card_row(raw: &str) -> Result<super::card::CardRow, FieldError> {
    let value: String = nfkc(raw).chars().filter(|&c| !is_separator(c)).collect();
    if value.is_empty() {
        return Err(FieldError::Empty);
    }
    if !value.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldError::WrongCharacters);
    }
    check_length(char_len(&value), 8, 8)?;
    let mut digits = [0u8; 8];
    for (d, c) in digits.iter_mut().zip(value.bytes()) {
        *d = c - b'0';
    }
    Ok(super::card::CardRow(digits))
}

/// シリアル番号: NFKC, upper case, spaces and hyphens removed; 4 letters naming a known model + 8 digits.
pub fn serial(raw: &str) -> Result<Serial, FieldError> {
    let value: String = nfkc(raw)
        .chars()
        .filter(|&c| !is_separator(c))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if value.is_empty() {
        return Err(FieldError::Empty);
    }
    if !value.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(FieldError::WrongCharacters);
    }
    check_length(value.len(), SERIAL_LEN, SERIAL_LEN)?;
    let (prefix, number) = value.split_at(4);
    if !prefix.chars().all(|c| c.is_ascii_uppercase())
        || !number.chars().all(|c| c.is_ascii_digit())
    {
        return Err(FieldError::WrongFormat);
    }
    if TokenModel::from_prefix(prefix).is_none() {
        return Err(FieldError::UnknownPrefix);
    }
    Ok(Serial(value))
}

/// ワンタイムパスワード: NFKC, spaces removed, then exactly 6 digits.
pub fn otp_code(raw: &str) -> Result<OtpCode, FieldError> {
    let value: String = nfkc(raw).chars().filter(|c| !c.is_whitespace()).collect();
    if value.is_empty() {
        return Err(FieldError::Empty);
    }
    if !value.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldError::WrongCharacters);
    }
    check_length(value.len(), OTP_LEN, OTP_LEN)?;
    Ok(OtpCode(value))
}

/// One 確認用パスワード digit: NFKC, spaces removed, then exactly one digit.
pub fn card_digit(raw: &str) -> Result<u8, FieldError> {
    let value: String = nfkc(raw).chars().filter(|c| !c.is_whitespace()).collect();
    if value.is_empty() {
        return Err(FieldError::Empty);
    }
    if !value.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldError::WrongCharacters);
    }
    check_length(value.len(), 1, 1)?;
    Ok(value.as_bytes()[0] - b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    // 契約者ID

    #[test]
    fn contract_id_accepts_eleven_half_width_digits() {
        assert_eq!(contract_id("10000000001").unwrap().as_str(), "10000000001");
    }

    #[test]
    fn contract_id_converts_full_width_digits() {
        assert_eq!(
            contract_id("１０００００００００１").unwrap().as_str(),
            "10000000001"
        );
    }

    #[test]
    fn contract_id_strips_spaces_and_hyphens_of_any_width() {
        assert_eq!(
            contract_id(" 1000-0000　001 ").unwrap().as_str(),
            "10000000001"
        );
        assert_eq!(
            contract_id("1000－0000ー001").unwrap().as_str(),
            "10000000001"
        );
    }

    #[test]
    fn contract_id_empty_or_only_spaces_is_empty() {
        assert_eq!(contract_id(""), Err(FieldError::Empty));
        assert_eq!(contract_id("  　 "), Err(FieldError::Empty));
    }

    #[test]
    fn contract_id_drops_invisible_bidi_and_zero_width_marks() {
        assert_eq!(
            contract_id("\u{200F}1000000\u{200B}0001\u{FEFF}")
                .unwrap()
                .as_str(),
            "10000000001"
        );
    }

    #[test]
    fn contract_id_too_short_and_too_long() {
        assert_eq!(contract_id("1234567890"), Err(FieldError::TooShort));
        assert_eq!(contract_id("123456789012"), Err(FieldError::TooLong));
    }

    #[test]
    fn contract_id_with_letters_is_wrong_characters() {
        assert_eq!(contract_id("1000000000a"), Err(FieldError::WrongCharacters));
        assert_eq!(contract_id("いちにさん"), Err(FieldError::WrongCharacters));
    }

    // ログインパスワード

    #[test]
    fn password_is_taken_as_typed() {
        assert_eq!(password("Abc123"), Ok("Abc123"));
        assert_eq!(password("abcdefghij12"), Ok("abcdefghij12"));
    }

    #[test]
    fn password_is_never_trimmed() {
        assert_eq!(password(" abc123"), Err(FieldError::WrongCharacters));
        assert_eq!(password("abc123 "), Err(FieldError::WrongCharacters));
    }

    #[test]
    fn password_full_width_is_refused_not_converted() {
        assert_eq!(password("ａｂｃ１２３"), Err(FieldError::WrongCharacters));
    }

    #[test]
    fn password_length_is_six_to_twelve() {
        assert_eq!(password(""), Err(FieldError::Empty));
        assert_eq!(password("abc12"), Err(FieldError::TooShort));
        assert_eq!(password("abcdefghij123"), Err(FieldError::TooLong));
    }

    #[test]
    fn password_symbols_are_wrong_characters() {
        assert_eq!(password("abc#123"), Err(FieldError::WrongCharacters));
    }

    // シリアル番号

    #[test]
    fn serial_accepts_software_and_hardware_prefixes() {
        let soft = serial("SKTS12345678").unwrap();
        assert_eq!(soft.model(), TokenModel::Software);
        let hard = serial("SKHT12345678").unwrap();
        assert_eq!(hard.model(), TokenModel::Hardware);
    }

    #[test]
    fn serial_converts_full_width_and_upper_cases() {
        assert_eq!(
            serial("ＳＫＴＳ１２３４５６７８").unwrap().as_str(),
            "SKTS12345678"
        );
        assert_eq!(serial("skts12345678").unwrap().as_str(), "SKTS12345678");
        assert_eq!(
            serial("ｓｋｔｓ１２３４５６７８").unwrap().as_str(),
            "SKTS12345678"
        );
    }

    #[test]
    fn serial_strips_spaces_and_hyphens() {
        assert_eq!(serial(" SKTS-1234 5678 ").unwrap().as_str(), "SKTS12345678");
    }

    #[test]
    fn serial_empty_short_long() {
        assert_eq!(serial(""), Err(FieldError::Empty));
        assert_eq!(serial("SKTS1234567"), Err(FieldError::TooShort));
        assert_eq!(serial("SKTS123456789"), Err(FieldError::TooLong));
    }

    #[test]
    fn serial_with_symbols_or_kana_is_wrong_characters() {
        assert_eq!(serial("SKTS1234567#"), Err(FieldError::WrongCharacters));
        assert_eq!(serial("SKTSｱｲｳｴｵｶｷｸ"), Err(FieldError::WrongCharacters));
    }

    #[test]
    fn serial_not_four_letters_then_eight_digits_is_wrong_format() {
        assert_eq!(serial("123456789012"), Err(FieldError::WrongFormat));
        assert_eq!(serial("SKTSABCDEFGH"), Err(FieldError::WrongFormat));
    }

    #[test]
    fn serial_unknown_prefix_is_its_own_error() {
        assert_eq!(serial("ABCD12345678"), Err(FieldError::UnknownPrefix));
    }

    #[test]
    fn serial_masks_all_but_last_four() {
        assert_eq!(serial("SKTS12345678").unwrap().masked(), "********5678");
    }

    // ワンタイムパスワード

    #[test]
    fn otp_accepts_six_digits_full_or_half_width() {
        assert_eq!(otp_code("123456").unwrap().as_str(), "123456");
        assert_eq!(otp_code("１２３４５６").unwrap().as_str(), "123456");
        assert_eq!(otp_code("123 456").unwrap().as_str(), "123456");
    }

    #[test]
    fn otp_empty_short_long_letters() {
        assert_eq!(otp_code(" "), Err(FieldError::Empty));
        assert_eq!(otp_code("12345"), Err(FieldError::TooShort));
        assert_eq!(otp_code("1234567"), Err(FieldError::TooLong));
        assert_eq!(otp_code("12345a"), Err(FieldError::WrongCharacters));
    }

    // 確認用パスワード

    #[test]
    fn card_digit_accepts_one_digit_full_or_half_width() {
        assert_eq!(card_digit("7"), Ok(7));
        assert_eq!(card_digit("７"), Ok(7));
        assert_eq!(card_digit(" 0 "), Ok(0));
    }

    #[test]
    fn card_digit_empty_long_letters() {
        assert_eq!(card_digit(""), Err(FieldError::Empty));
        assert_eq!(card_digit("12"), Err(FieldError::TooLong));
        assert_eq!(card_digit("a"), Err(FieldError::WrongCharacters));
    }

    // Stored values (rule 6: edited storage must never stop the app)

    #[test]
    fn a_stored_serial_that_is_malformed_is_refused_by_deserialisation() {
        for bad in [
            "\"SK\"",
            "\"\"",
            "\"ABCD12345678\"",
            "\"skts12345678\"",
            "\"SKTS-1234-5678\"",
            "\"ＳＫＴＳ１２３４５６７８\"",
            "\"SKTSあいう\"",
            "12",
            "null",
        ] {
            assert!(
                serde_json::from_str::<Serial>(bad).is_err(),
                "{bad} must not deserialise"
            );
        }
        let huge = format!("\"{}\"", "S".repeat(1_000_000));
        assert!(serde_json::from_str::<Serial>(&huge).is_err());
    }

    #[test]
    fn a_stored_serial_reads_back_as_written() {
        let s = serial("SKHT20000002").unwrap();
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, "\"SKHT20000002\"");
        let back: Serial = serde_json::from_str(&json).unwrap();
        assert_eq!(back.model(), TokenModel::Hardware);
    }

    #[test]
    fn a_stored_contract_id_that_is_malformed_is_refused_by_deserialisation() {
        for bad in [
            "\"1000000000\"",
            "\"1000000000a\"",
            "\"１００００００００００１\"",
            "\"\"",
            "1",
        ] {
            assert!(
                serde_json::from_str::<ContractId>(bad).is_err(),
                "{bad} must not deserialise"
            );
        }
        let id: ContractId = serde_json::from_str("\"10000000001\"").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"10000000001\"");
    }

    // What comes over the network or from storage

    #[test]
    fn a_serial_or_code_deserialises_only_in_its_canonical_form() {
        for bad in [
            "\"skts10000001\"",
            "\"SKTS-1000-0001\"",
            "\"ABCD12345678\"",
            "\"\"",
            "12",
        ] {
            assert!(serde_json::from_str::<Serial>(bad).is_err(), "{bad}");
        }
        let s: Serial = serde_json::from_str("\"SKHT20000002\"").unwrap();
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"SKHT20000002\"");
        for bad in [
            "\"12345\"",
            "\"１２３４５６\"",
            "\"12 3456\"",
            "\"abcdef\"",
            "123456",
        ] {
            assert!(serde_json::from_str::<OtpCode>(bad).is_err(), "{bad}");
        }
        let c: OtpCode = serde_json::from_str("\"012345\"").unwrap();
        assert_eq!(c.as_str(), "012345");
        let huge = format!("\"{}\"", "1".repeat(1_000_000));
        assert!(serde_json::from_str::<OtpCode>(&huge).is_err());
    }

    #[test]
    fn a_code_never_shows_in_debug_output() {
        let c = otp_code("987654").unwrap();
        assert!(!format!("{c:?}").contains("987654"));
    }

    #[test]
    fn an_onboarded_name_is_trimmed_and_refused_empty_too_long_or_with_control_characters() {
        assert_eq!(customer_name("  山田　花子 ").unwrap(), "山田 花子");
        assert_eq!(customer_name(" "), Err(FieldError::Empty));
        assert_eq!(
            customer_name(&"あ".repeat(NAME_MAX + 1)),
            Err(FieldError::TooLong)
        );
        assert_eq!(
            customer_name("山田\n花子"),
            Err(FieldError::WrongCharacters)
        );
        assert_eq!(
            customer_name("山田\u{200b}花子"),
            Err(FieldError::WrongCharacters)
        );
    }

    #[test]
    fn an_onboarded_card_row_is_exactly_eight_digits_full_width_converted() {
        assert_eq!(
            card_row("３８１５-９０２７").unwrap().0,
            [3, 8, 1, 5, 9, 0, 2, 7]
        );
        assert_eq!(card_row(""), Err(FieldError::Empty));
        assert_eq!(card_row("3815902"), Err(FieldError::TooShort));
        assert_eq!(card_row("381590271"), Err(FieldError::TooLong));
        assert_eq!(card_row("3815902a"), Err(FieldError::WrongCharacters));
    }
}
