//! Why a file is refused ([`PskcError`], [`Problem`]), in English for the operator, and how a text
//! from the file is quoted in a message.

use super::{
    ProtectionKind, MAX_PBKDF2_ITERATIONS, PSKC_NS, SEED_MAX_BYTES, SEED_MIN_BYTES, TOTP_ALGORITHM,
};
use shinkin_otp_domain::input::{FieldError, Serial, TokenModel};
use shinkin_otp_domain::totp::{DIGITS, STEP_SECONDS};
use std::fmt;

/// Why a PSKC file (or a key or password file) was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PskcError {
    /// Something about the whole file (or the key or password given).
    File(Problem),
    /// Something about one key package.
    Package {
        /// 1-based position of the `KeyPackage` in the file.
        number: usize,
        /// Its serial, when it is a valid one.
        serial: Option<Serial>,
        /// What is wrong with it.
        problem: Problem,
    },
}

impl PskcError {
    /// What is wrong, wherever it is.
    pub fn problem(&self) -> &Problem {
        match self {
            PskcError::File(problem) | PskcError::Package { problem, .. } => problem,
        }
    }
}

impl fmt::Display for PskcError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PskcError::File(problem) => write!(f, "{problem}"),
            PskcError::Package {
                number,
                serial: Some(serial),
                problem,
            } => write!(f, "key package {number} (serial {serial}): {problem}"),
            PskcError::Package {
                number,
                serial: None,
                problem,
            } => write!(f, "key package {number}: {problem}"),
        }
    }
}

impl std::error::Error for PskcError {}

/// What is wrong. Texts quoted from the file are attribute values or short element texts (never a
/// secret's), escaped and cut to a few dozen characters.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// The XML is not well-formed (roxmltree's message, with line and column).
    Xml(String),
    /// The root element is not PSKC's `KeyContainer`.
    NotPskc,
    /// A `Version` other than 1.0.
    Version(String),
    /// No `KeyPackage` at all.
    NoKeyPackages,
    /// An element that may appear once appears more than once.
    Repeated(&'static str),
    /// A required element is missing.
    Missing(&'static str),
    /// A number where the file should have one is not a number.
    NotANumber(&'static str, String),
    /// No `DeviceInfo/SerialNo`.
    NoSerial,
    /// The serial breaks the domain's serial rule.
    BadSerial(String, FieldError),
    /// A valid serial, but of a software token.
    NotHardware(Serial),
    /// The serial of an earlier key package (its number).
    DuplicateSerial(usize),
    /// Not TOTP.
    Algorithm(String),
    /// Not 6 digits (the `Length` as written).
    Digits(String),
    /// Not DECIMAL.
    Encoding(String),
    /// Codes with a Luhn check digit.
    CheckDigits,
    /// A suite other than HMAC-SHA1.
    Suite(String),
    /// A time step other than 30 s.
    TimeStep(String),
    /// A T0 other than 0.
    TimeOrigin(String),
    /// A parameter (not the secret) that is encrypted.
    EncryptedParameter(&'static str),
    /// A base64 value that does not decode.
    Base64(&'static str),
    /// A seed under [`SEED_MIN_BYTES`].
    SeedTooShort(usize),
    /// A seed over [`SEED_MAX_BYTES`].
    SeedTooLong(usize),
    /// The file is encrypted and nothing was given to open it (the kind it needs).
    NeedsSecret(ProtectionKind),
    /// The file needs one kind of protection and another was given.
    WrongKind {
        /// What the file needs.
        file: ProtectionKind,
        /// What was given.
        given: ProtectionKind,
    },
    /// `EncryptionKey` holds neither a key name nor a derived key (e.g. an X.509 certificate).
    UnsupportedEncryptionKey,
    /// A key derivation other than PBKDF2.
    KeyDerivation(String),
    /// A PBKDF2 pseudo-random function other than HMAC-SHA1/256/512.
    Prf(String),
    /// A PBKDF2 iteration count of 0 or over [`MAX_PBKDF2_ITERATIONS`].
    Iterations(String),
    /// A PBKDF2 key length that is no AES key's.
    DerivedKeyLength(String),
    /// An encryption algorithm other than AES-CBC.
    Encryption(String),
    /// The key does not fit the algorithm.
    KeyLength {
        /// Bytes given (or derived).
        have: usize,
        /// Bytes the algorithm needs.
        need: usize,
    },
    /// `CipherValue` shorter than IV and one block, or not whole blocks.
    CipherValueLength(&'static str),
    /// An encrypted value with no `ValueMAC`, or a file with no `MACMethod` algorithm.
    NoMac,
    /// A plain secret in a file whose other secrets are encrypted: whoever altered the file in
    /// transit could have put in a seed they know, so the whole file is refused.
    PlainSecretInProtectedFile,
    /// A MAC algorithm other than HMAC-SHA1/256/512.
    MacAlgorithm(String),
    /// The MAC does not match (or the MAC key does not decrypt): wrong key or password, or altered.
    MacMismatch,
    /// The MAC matched but the padding is wrong: the vendor encrypted the secret wrongly.
    Padding,
    /// The key file is not hexadecimal.
    KeyFileNotHex,
    /// The key file's key is not 16, 24 or 32 bytes (its length).
    KeyFileLength(usize),
    /// The password file is empty.
    PasswordEmpty,
    /// The password file has more than one line.
    PasswordLines,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Xml(message) => write!(f, "not well-formed XML: {message}"),
            Problem::NotPskc => write!(
                f,
                "not a PSKC file: the root element is not a KeyContainer in {PSKC_NS}"
            ),
            Problem::Version(v) => write!(f, "PSKC version {v} is not supported (only 1.0)"),
            Problem::NoKeyPackages => write!(f, "the file holds no key packages"),
            Problem::Repeated(name) => write!(f, "more than one {name} element"),
            Problem::Missing(name) => write!(f, "no {name} element"),
            Problem::NotANumber(name, text) => write!(f, "{name} {text} is not a number"),
            Problem::NoSerial => write!(f, "no serial number (DeviceInfo/SerialNo)"),
            Problem::BadSerial(text, why) => write!(
                f,
                "serial {text} is not a token serial (SKHT and 8 digits): {}",
                field_error(*why)
            ),
            Problem::NotHardware(serial) => write!(
                f,
                "serial {serial} is a software token's; a vendor file may hold only hardware \
                 tokens ({})",
                TokenModel::Hardware.prefix()
            ),
            Problem::DuplicateSerial(first) => {
                write!(f, "the same serial as key package {first}")
            }
            Problem::Algorithm(a) => write!(
                f,
                "only TOTP keys ({TOTP_ALGORITHM}) are accepted, this one is {a}"
            ),
            Problem::Digits(n) => write!(
                f,
                "only {DIGITS}-digit codes are accepted, this one has {n}"
            ),
            Problem::Encoding(e) => write!(
                f,
                "only DECIMAL codes are accepted, this one's encoding is {e}"
            ),
            Problem::CheckDigits => write!(f, "codes with a check digit are not accepted"),
            Problem::Suite(s) => write!(
                f,
                "only HMAC-SHA1 TOTP is accepted, this key's suite is {s}"
            ),
            Problem::TimeStep(s) => write!(
                f,
                "only a {STEP_SECONDS}-second time step is accepted, this one is {s}"
            ),
            Problem::TimeOrigin(t) => {
                write!(f, "only T0 = 0 is accepted, this key's Data/Time is {t}")
            }
            Problem::EncryptedParameter(name) => write!(
                f,
                "{name} is encrypted; only the secret may be (give it in plain)"
            ),
            Problem::Base64(name) => write!(f, "{name} is not valid base64"),
            Problem::SeedTooShort(n) => write!(
                f,
                "the seed is {n} bytes, shorter than the {SEED_MIN_BYTES} bytes (128 bits) \
                 RFC 4226 requires"
            ),
            Problem::SeedTooLong(n) => write!(
                f,
                "the seed is {n} bytes, longer than the {SEED_MAX_BYTES} bytes accepted"
            ),
            Problem::NeedsSecret(kind) => write!(
                f,
                "the secrets are encrypted under {kind}, and none was given"
            ),
            Problem::WrongKind { file, given } => match file {
                ProtectionKind::None => write!(
                    f,
                    "the file's secrets are not encrypted, but {given} was given (is this the \
                     right file?)"
                ),
                _ => write!(
                    f,
                    "the file's secrets are encrypted under {file}, but {given} was given"
                ),
            },
            Problem::UnsupportedEncryptionKey => write!(
                f,
                "EncryptionKey names neither a pre-shared key (ds:KeyName) nor a password-derived \
                 key (xenc11:DerivedKey); other kinds (certificates) are not supported"
            ),
            Problem::KeyDerivation(a) => {
                write!(f, "key derivation {a} is not supported (only PBKDF2)")
            }
            Problem::Prf(p) => write!(
                f,
                "PBKDF2 function {p} is not supported (only hmac-sha1, hmac-sha256, hmac-sha512)"
            ),
            Problem::Iterations(n) => write!(
                f,
                "PBKDF2 iteration count {n} is refused (it must be 1 to {MAX_PBKDF2_ITERATIONS})"
            ),
            Problem::DerivedKeyLength(n) => write!(
                f,
                "PBKDF2 key length {n} is refused (an AES key is 16, 24 or 32 bytes)"
            ),
            Problem::Encryption(a) => write!(
                f,
                "encryption {a} is not supported (only aes128-cbc, aes192-cbc, aes256-cbc)"
            ),
            Problem::KeyLength { have, need } => write!(
                f,
                "the key is {have} bytes, but the file's encryption needs {need}"
            ),
            Problem::CipherValueLength(name) => write!(
                f,
                "{name} is not an IV and whole AES blocks (truncated or altered?)"
            ),
            Problem::PlainSecretInProtectedFile => f.write_str(
                "a plain secret in a protected file is refused: its seed is covered by no MAC, \
                 so it may have been put there by whoever altered the file",
            ),
            Problem::NoMac => write!(
                f,
                "an encrypted secret without a MAC (ValueMAC and MACMethod) is refused: without \
                 it a wrong key cannot be told from a right one"
            ),
            Problem::MacAlgorithm(a) => write!(
                f,
                "MAC {a} is not supported (only hmac-sha1, hmac-sha256, hmac-sha512)"
            ),
            Problem::MacMismatch => write!(
                f,
                "MAC mismatch: wrong key or password, or the file was altered"
            ),
            Problem::Padding => write!(
                f,
                "the secret's MAC matched but it does not decrypt to valid padding (the vendor \
                 encrypted it wrongly)"
            ),
            Problem::KeyFileNotHex => write!(
                f,
                "the key file must hold the key as hexadecimal digits (32, 48 or 64 of them)"
            ),
            Problem::KeyFileLength(n) => write!(
                f,
                "the key file's key is {n} bytes; an AES key is 16, 24 or 32 bytes"
            ),
            Problem::PasswordEmpty => write!(f, "the password file is empty"),
            Problem::PasswordLines => write!(
                f,
                "the password file has more than one line (it must hold only the password)"
            ),
        }
    }
}

/// The domain's serial refusals, in English.
fn field_error(error: FieldError) -> &'static str {
    match error {
        FieldError::Empty => "it is empty",
        FieldError::TooShort => "too short",
        FieldError::TooLong => "too long",
        FieldError::WrongCharacters => "characters other than letters and digits",
        FieldError::WrongFormat => "not 4 letters then 8 digits",
        FieldError::UnknownPrefix => "an unknown prefix",
    }
}

/// A text from the file, for a message: escaped and cut short.
pub(super) fn quote(text: &str) -> String {
    const MAX: usize = 80;
    let cut: String = text.chars().take(MAX).collect();
    let more = if text.chars().count() > MAX {
        "…"
    } else {
        ""
    };
    format!("\"{}{more}\"", cut.escape_debug())
}
