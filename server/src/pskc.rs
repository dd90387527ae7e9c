//! Reading a hardware-token vendor's PSKC seed file (RFC 6030) into serials and seeds.
//!
//! Only what the bank's tokens are is accepted: TOTP (RFC 6238) with HMAC-SHA1, 6 decimal digits,
//! a 30-second step and T0 = 0, a hardware serial (`SKHT` and 8 digits) and a seed of at least
//! 128 bits. Secrets come as plain base64 or encrypted (XML-enc AES-CBC, IV ‖ ciphertext) under a
//! pre-shared key or a PBKDF2 password, each encrypted secret with a `ValueMAC` that is checked
//! (in constant time) before anything is decrypted: the MAC is what tells a wrong key from a right
//! one. The file is read whole or not at all: any bad key package refuses it.
//!
//! Errors name the key package (1-based, with its serial when valid) and what is wrong, in English
//! for the operator; they never hold a seed, key, password or MAC. The cipher, MAC and KDF are
//! RustCrypto's (`aes`, `cbc`, `hmac`, `sha1`, `sha2`, `pbkdf2`); the XML is `roxmltree`'s (no DTDs,
//! so no entity expansion).

use aes::cipher::{block_padding::Pkcs7, BlockModeDecrypt, KeyIvInit};
use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use roxmltree::{Document, Node};
use shinkin_otp_domain::input::{self, FieldError, Serial, TokenModel};
use shinkin_otp_domain::totp::{DIGITS, STEP_SECONDS};
use std::collections::HashMap;
use std::fmt;
use zeroize::Zeroizing;

/// The PSKC 1.0 namespace the root `KeyContainer` must be in.
pub const PSKC_NS: &str = "urn:ietf:params:xml:ns:keyprov:pskc";
/// The only key algorithm accepted.
pub const TOTP_ALGORITHM: &str = "urn:ietf:params:xml:ns:keyprov:pskc:totp";
/// Shortest seed accepted: 128 bits, RFC 4226's minimum.
pub const SEED_MIN_BYTES: usize = 16;
/// Longest seed accepted: one HMAC-SHA1 block (longer keys are hashed first; no token has one).
pub const SEED_MAX_BYTES: usize = 64;
/// Most PBKDF2 iterations a file may ask for, so a file cannot keep the CPU busy for hours.
pub const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;

/// The XML-enc namespace the AES-CBC algorithm URIs are in.
const XMLENC_NS: &str = "http://www.w3.org/2001/04/xmlenc#";
/// The PBKDF2 URIs: PKCS #5's (RFC 6030's examples, python-pskc) and XML-enc 1.1's.
const PBKDF2_URIS: [&str; 2] = [
    "http://www.rsasecurity.com/rsalabs/pkcs/schemas/pkcs-5v2-0#pbkdf2",
    "http://www.w3.org/2009/xmlenc11#pbkdf2",
];
/// AES block (and CBC IV) size.
const BLOCK: usize = 16;

/// What the caller holds to open the file's secrets.
pub enum Protection {
    /// Nothing: the file must hold its secrets in plain.
    None,
    /// The pre-shared key the vendor sent separately (16, 24 or 32 bytes).
    PreSharedKey(Zeroizing<Vec<u8>>),
    /// The password the vendor's PBKDF2 key is derived from.
    Password(Zeroizing<String>),
}

impl Protection {
    /// The kind, without the secret.
    pub fn kind(&self) -> ProtectionKind {
        match self {
            Protection::None => ProtectionKind::None,
            Protection::PreSharedKey(_) => ProtectionKind::PreSharedKey,
            Protection::Password(_) => ProtectionKind::Password,
        }
    }
}

/// Not the key or password.
impl fmt::Debug for Protection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Protection::{:?}(..)", self.kind())
    }
}

/// How a file's secrets are protected (or what the caller gave).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProtectionKind {
    /// Plain secrets.
    None,
    /// Encrypted under a pre-shared key (`EncryptionKey/ds:KeyName`).
    PreSharedKey,
    /// Encrypted under a key derived from a password (`EncryptionKey/xenc11:DerivedKey`, PBKDF2).
    Password,
}

impl fmt::Display for ProtectionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ProtectionKind::None => "no key or password",
            ProtectionKind::PreSharedKey => "a pre-shared key",
            ProtectionKind::Password => "a password",
        })
    }
}

/// One hardware token from the file: its serial and its RFC 6238 seed.
pub struct VendorToken {
    /// The token's serial, canonical (`SKHT` and 8 digits).
    pub serial: Serial,
    /// The shared secret, wiped when dropped.
    pub seed: Zeroizing<Vec<u8>>,
}

/// The serial and the seed's length, never the seed.
impl fmt::Debug for VendorToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VendorToken")
            .field("serial", &self.serial)
            .field("seed", &format_args!("<{} bytes>", self.seed.len()))
            .finish()
    }
}

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
fn quote(text: &str) -> String {
    const MAX: usize = 80;
    let cut: String = text.chars().take(MAX).collect();
    let more = if text.chars().count() > MAX {
        "…"
    } else {
        ""
    };
    format!("\"{}{more}\"", cut.escape_debug())
}

/// A pre-shared key file's text: hexadecimal (either case), surrounding whitespace ignored, 16,
/// 24 or 32 bytes. Keep the text itself in a `Zeroizing<String>` too.
pub fn read_key_file(text: &str) -> Result<Zeroizing<Vec<u8>>, PskcError> {
    let hex = text.trim().as_bytes();
    if hex.is_empty() || !hex.len().is_multiple_of(2) || !hex.iter().all(u8::is_ascii_hexdigit) {
        return Err(PskcError::File(Problem::KeyFileNotHex));
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => c - b'A' + 10,
    };
    let key: Zeroizing<Vec<u8>> = Zeroizing::new(
        hex.chunks(2)
            .map(|pair| nibble(pair[0]) << 4 | nibble(pair[1]))
            .collect(),
    );
    if !matches!(key.len(), 16 | 24 | 32) {
        return Err(PskcError::File(Problem::KeyFileLength(key.len())));
    }
    Ok(key)
}

/// A password file's text: one line, its line end (`\n` or `\r\n`) removed and nothing else (spaces
/// are part of the password). Keep the text itself in a `Zeroizing<String>` too.
pub fn read_password_file(text: &str) -> Result<Zeroizing<String>, PskcError> {
    let line = text
        .strip_suffix('\n')
        .map(|t| t.strip_suffix('\r').unwrap_or(t))
        .unwrap_or(text);
    if line.contains(['\n', '\r']) {
        return Err(PskcError::File(Problem::PasswordLines));
    }
    if line.is_empty() {
        return Err(PskcError::File(Problem::PasswordEmpty));
    }
    Ok(Zeroizing::new(line.to_owned()))
}

/// What the file needs to be opened, so a caller can ask for it before [`read`].
pub fn required_protection(xml: &str) -> Result<ProtectionKind, PskcError> {
    let doc = parse(xml)?;
    let container = container(&doc)?;
    Ok(file_protection(container).map_err(PskcError::File)?.kind())
}

/// Reads every key package of a PSKC file: all its tokens, in file order, or the first reason the
/// file is refused.
pub fn read(xml: &str, protection: &Protection) -> Result<Vec<VendorToken>, PskcError> {
    let doc = parse(xml)?;
    let container = container(&doc)?;
    let keys = open(container, protection).map_err(PskcError::File)?;
    let packages: Vec<Node> = elements(container, "KeyPackage").collect();
    if packages.is_empty() {
        return Err(PskcError::File(Problem::NoKeyPackages));
    }
    let mut tokens = Vec::with_capacity(packages.len());
    let mut seen: HashMap<Serial, usize> = HashMap::new();
    for (i, package) in packages.into_iter().enumerate() {
        let number = i + 1;
        let at = |serial: Option<&Serial>| {
            let serial = serial.cloned();
            move |problem| PskcError::Package {
                number,
                serial,
                problem,
            }
        };
        let serial = package_serial(package).map_err(at(None))?;
        if let Some(&first) = seen.get(&serial) {
            return Err(at(Some(&serial))(Problem::DuplicateSerial(first)));
        }
        let seed = package_seed(package, &keys).map_err(at(Some(&serial)))?;
        seen.insert(serial.clone(), number);
        tokens.push(VendorToken { serial, seed });
    }
    Ok(tokens)
}

fn parse(xml: &str) -> Result<Document<'_>, PskcError> {
    // roxmltree's defaults refuse a DTD, so no entity can expand into a huge text.
    Document::parse(xml).map_err(|e| {
        if matches!(e, roxmltree::Error::UnexpectedEndOfStream) {
            // roxmltree gives no position for this one.
            return PskcError::File(Problem::Xml(
                "the file ends before its XML does (truncated?)".into(),
            ));
        }
        // Most of roxmltree's messages end with the position; the rest get it added.
        let (message, pos) = (e.to_string(), e.pos());
        let at = format!("{}:{}", pos.row, pos.col);
        PskcError::File(Problem::Xml(if message.ends_with(&at) {
            message
        } else {
            format!("{message} at {at}")
        }))
    })
}

fn container<'a, 'i>(doc: &'a Document<'i>) -> Result<Node<'a, 'i>, PskcError> {
    let root = doc.root_element();
    if root.tag_name().name() != "KeyContainer" || root.tag_name().namespace() != Some(PSKC_NS) {
        return Err(PskcError::File(Problem::NotPskc));
    }
    match root.attribute("Version") {
        None | Some("1.0") | Some("1") => Ok(root),
        Some(v) => Err(PskcError::File(Problem::Version(quote(v)))),
    }
}

/// Element children named `name` (local name: PSKC files mix prefixes and default namespaces).
fn elements<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

/// The one child element named `name`, if any; two are refused rather than one picked.
fn child<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    name: &'static str,
) -> Result<Option<Node<'a, 'i>>, Problem> {
    let mut found = elements(node, name);
    let first = found.next();
    if found.next().is_some() {
        return Err(Problem::Repeated(name));
    }
    Ok(first)
}

/// The element at `path` below `node` (each step at most once), if it is there.
fn find<'a, 'i: 'a>(
    node: Node<'a, 'i>,
    path: &[&'static str],
) -> Result<Option<Node<'a, 'i>>, Problem> {
    let mut at = node;
    for &name in path {
        match child(at, name)? {
            Some(next) => at = next,
            None => return Ok(None),
        }
    }
    Ok(Some(at))
}

/// An element's text, trimmed ("" when it has none).
fn text<'a>(node: Node<'a, '_>) -> &'a str {
    node.text().unwrap_or("").trim()
}

/// Base64 that may be wrapped over lines, as XML writers do.
fn base64_value(node: Node, name: &'static str) -> Result<Zeroizing<Vec<u8>>, Problem> {
    let compact: Zeroizing<String> = Zeroizing::new(
        node.text()
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_ascii_whitespace())
            .collect(),
    );
    base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map(Zeroizing::new)
        .map_err(|_| Problem::Base64(name))
}

// ---- protection -------------------------------------------------------------------------------

/// The HMAC hashes accepted for MACs and as PBKDF2's function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hash {
    Sha1,
    Sha256,
    Sha512,
}

impl Hash {
    /// From an `hmac-…` URI (or bare name), as python-pskc writes and reads them.
    fn from_hmac_uri(uri: &str) -> Option<Hash> {
        let name = uri.rsplit('#').next().unwrap_or(uri).to_ascii_lowercase();
        match name.as_str() {
            "hmac-sha1" | "hmac-sha-1" => Some(Hash::Sha1),
            "hmac-sha256" | "hmac-sha-256" => Some(Hash::Sha256),
            "hmac-sha512" | "hmac-sha-512" => Some(Hash::Sha512),
            _ => None,
        }
    }
}

/// The key that opens the file's secrets and the key that checks their MACs.
struct Keys {
    /// `None` for a plain file.
    encryption: Option<Zeroizing<Vec<u8>>>,
    mac: Option<(Hash, Zeroizing<Vec<u8>>)>,
}

/// How the file says its secrets are protected, with the PBKDF2 parameters for a password.
enum FileProtection<'a, 'i> {
    None,
    PreSharedKey,
    Password(Node<'a, 'i>),
}

impl FileProtection<'_, '_> {
    fn kind(&self) -> ProtectionKind {
        match self {
            FileProtection::None => ProtectionKind::None,
            FileProtection::PreSharedKey => ProtectionKind::PreSharedKey,
            FileProtection::Password(_) => ProtectionKind::Password,
        }
    }
}

fn file_protection<'a, 'i: 'a>(container: Node<'a, 'i>) -> Result<FileProtection<'a, 'i>, Problem> {
    let Some(encryption_key) = child(container, "EncryptionKey")? else {
        // No EncryptionKey: plain, unless a secret is encrypted anyway (then under a key the
        // vendor named elsewhere: a pre-shared one).
        let encrypted = container
            .descendants()
            .any(|n| n.is_element() && n.tag_name().name() == "EncryptedValue");
        return Ok(if encrypted {
            FileProtection::PreSharedKey
        } else {
            FileProtection::None
        });
    };
    if let Some(derived) = child(encryption_key, "DerivedKey")? {
        return Ok(FileProtection::Password(derived));
    }
    if child(encryption_key, "KeyName")?.is_some() {
        return Ok(FileProtection::PreSharedKey);
    }
    Err(Problem::UnsupportedEncryptionKey)
}

/// Checks the caller gave what the file needs, derives the key from a password, and opens the
/// MAC key.
fn open(container: Node, protection: &Protection) -> Result<Keys, Problem> {
    let needs = file_protection(container)?;
    let encryption = match (&needs, protection) {
        (FileProtection::None, Protection::None) => None,
        (FileProtection::PreSharedKey, Protection::PreSharedKey(key)) => Some(key.clone()),
        (FileProtection::Password(derived), Protection::Password(password)) => {
            Some(derive(*derived, password)?)
        }
        (FileProtection::PreSharedKey | FileProtection::Password(_), Protection::None) => {
            return Err(Problem::NeedsSecret(needs.kind()))
        }
        _ => {
            return Err(Problem::WrongKind {
                file: needs.kind(),
                given: protection.kind(),
            })
        }
    };
    let Some(encryption) = encryption else {
        return Ok(Keys {
            encryption: None,
            mac: None,
        });
    };
    let mac = match child(container, "MACMethod")? {
        None => None,
        Some(method) => match method.attribute("Algorithm") {
            None | Some("") => None,
            Some(uri) => {
                let hash = Hash::from_hmac_uri(uri).ok_or(Problem::MacAlgorithm(quote(uri)))?;
                let key = match child(method, "MACKey")? {
                    // RFC 6030 §6.1.1: a MAC key of its own, encrypted under the encryption key.
                    // Nothing authenticates it, so a wrong key shows here as bad padding (or
                    // later as a MAC mismatch): both mean the same to the operator.
                    Some(mac_key) => decrypt(mac_key, &encryption, "MACKey").map_err(|e| {
                        if e == Problem::Padding {
                            Problem::MacMismatch
                        } else {
                            e
                        }
                    })?,
                    // The older form (python-pskc still reads it): the encryption key itself.
                    None => encryption.clone(),
                };
                Some((hash, key))
            }
        },
    };
    Ok(Keys {
        encryption: Some(encryption),
        mac,
    })
}

/// The key from the password, through `DerivedKey/KeyDerivationMethod`'s PBKDF2 parameters.
fn derive(derived: Node, password: &str) -> Result<Zeroizing<Vec<u8>>, Problem> {
    let method = child(derived, "KeyDerivationMethod")?
        .ok_or(Problem::Missing("DerivedKey/KeyDerivationMethod"))?;
    let algorithm = method.attribute("Algorithm").unwrap_or("");
    if !PBKDF2_URIS.contains(&algorithm) {
        return Err(Problem::KeyDerivation(quote(algorithm)));
    }
    let params = child(method, "PBKDF2-params")?.ok_or(Problem::Missing("PBKDF2-params"))?;
    let salt =
        find(params, &["Salt", "Specified"])?.ok_or(Problem::Missing("PBKDF2 Salt/Specified"))?;
    let salt = base64_value(salt, "the PBKDF2 salt")?;
    let count =
        child(params, "IterationCount")?.ok_or(Problem::Missing("PBKDF2 IterationCount"))?;
    let iterations = match text(count).parse::<u32>() {
        Ok(n) if (1..=MAX_PBKDF2_ITERATIONS).contains(&n) => n,
        _ => return Err(Problem::Iterations(quote(text(count)))),
    };
    let length = child(params, "KeyLength")?.ok_or(Problem::Missing("PBKDF2 KeyLength"))?;
    let length = match text(length).parse::<usize>() {
        Ok(n @ (16 | 24 | 32)) => n,
        _ => return Err(Problem::DerivedKeyLength(quote(text(length)))),
    };
    // PRF: RFC 6030 puts the URI in the Algorithm attribute; python-pskc writes it as the text.
    let prf = match child(params, "PRF")? {
        None => Hash::Sha1,
        Some(prf) => {
            let uri = prf.attribute("Algorithm").unwrap_or_else(|| text(prf));
            if uri.is_empty() {
                Hash::Sha1
            } else {
                Hash::from_hmac_uri(uri).ok_or(Problem::Prf(quote(uri)))?
            }
        }
    };
    let mut key = Zeroizing::new(vec![0u8; length]);
    let (password, salt) = (password.as_bytes(), salt.as_slice());
    match prf {
        Hash::Sha1 => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, iterations, &mut key),
        Hash::Sha256 => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, iterations, &mut key),
        Hash::Sha512 => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, iterations, &mut key),
    }
    Ok(key)
}

/// The AES-CBC variants accepted, by key size.
fn aes_key_bytes(algorithm: &str) -> Option<usize> {
    match algorithm.strip_prefix(XMLENC_NS)? {
        "aes128-cbc" => Some(16),
        "aes192-cbc" => Some(24),
        "aes256-cbc" => Some(32),
        _ => None,
    }
}

/// An `EncryptedValue`-shaped element's `CipherValue` bytes (IV ‖ ciphertext) and key size.
fn cipher_value(
    encrypted: Node,
    name: &'static str,
) -> Result<(usize, Zeroizing<Vec<u8>>), Problem> {
    let method =
        child(encrypted, "EncryptionMethod")?.ok_or(Problem::Missing("EncryptionMethod"))?;
    let algorithm = method.attribute("Algorithm").unwrap_or("");
    let key_bytes =
        aes_key_bytes(algorithm).ok_or_else(|| Problem::Encryption(quote(algorithm)))?;
    let value = find(encrypted, &["CipherData", "CipherValue"])?
        .ok_or(Problem::Missing("CipherData/CipherValue"))?;
    let value = base64_value(value, name)?;
    if value.len() < 2 * BLOCK || !value.len().is_multiple_of(BLOCK) {
        return Err(Problem::CipherValueLength(name));
    }
    Ok((key_bytes, value))
}

/// AES-CBC with PKCS #7 padding, the IV first. Call only once the value's MAC has matched (the
/// MAC key itself has none).
fn decrypt(encrypted: Node, key: &[u8], name: &'static str) -> Result<Zeroizing<Vec<u8>>, Problem> {
    let (key_bytes, value) = cipher_value(encrypted, name)?;
    decrypt_value(key_bytes, key, &value)
}

fn decrypt_value(
    key_bytes: usize,
    key: &[u8],
    value: &[u8],
) -> Result<Zeroizing<Vec<u8>>, Problem> {
    if key.len() != key_bytes {
        return Err(Problem::KeyLength {
            have: key.len(),
            need: key_bytes,
        });
    }
    let (iv, ciphertext) = value.split_at(BLOCK);
    let mut buffer = Zeroizing::new(ciphertext.to_vec());
    let length = match key_bytes {
        16 => cbc::Decryptor::<aes::Aes128>::new_from_slices(key, iv)
            .map_err(|_| Problem::KeyLength {
                have: key.len(),
                need: 16,
            })?
            .decrypt_padded::<Pkcs7>(&mut buffer)
            .map(|plain| plain.len()),
        24 => cbc::Decryptor::<aes::Aes192>::new_from_slices(key, iv)
            .map_err(|_| Problem::KeyLength {
                have: key.len(),
                need: 24,
            })?
            .decrypt_padded::<Pkcs7>(&mut buffer)
            .map(|plain| plain.len()),
        _ => cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv)
            .map_err(|_| Problem::KeyLength {
                have: key.len(),
                need: 32,
            })?
            .decrypt_padded::<Pkcs7>(&mut buffer)
            .map(|plain| plain.len()),
    }
    .map_err(|_| Problem::Padding)?;
    buffer.truncate(length);
    Ok(buffer)
}

/// Constant-time HMAC check (the hmac crate's `verify_slice`).
fn mac_matches(hash: Hash, key: &[u8], data: &[u8], tag: &[u8]) -> bool {
    fn check<M: Mac + KeyInit>(key: &[u8], data: &[u8], tag: &[u8]) -> bool {
        match <M as KeyInit>::new_from_slice(key) {
            Ok(mut mac) => {
                mac.update(data);
                mac.verify_slice(tag).is_ok()
            }
            Err(_) => false,
        }
    }
    match hash {
        Hash::Sha1 => check::<Hmac<sha1::Sha1>>(key, data, tag),
        Hash::Sha256 => check::<Hmac<sha2::Sha256>>(key, data, tag),
        Hash::Sha512 => check::<Hmac<sha2::Sha512>>(key, data, tag),
    }
}

// ---- key packages -----------------------------------------------------------------------------

fn package_serial(package: Node) -> Result<Serial, Problem> {
    let serial = find(package, &["DeviceInfo", "SerialNo"])?.ok_or(Problem::NoSerial)?;
    let raw = text(serial);
    if raw.is_empty() {
        return Err(Problem::NoSerial);
    }
    let serial = input::serial(raw).map_err(|why| Problem::BadSerial(quote(raw), why))?;
    if serial.model() != TokenModel::Hardware {
        return Err(Problem::NotHardware(serial));
    }
    Ok(serial)
}

fn package_seed(package: Node, keys: &Keys) -> Result<Zeroizing<Vec<u8>>, Problem> {
    // RFC 6030's schema allows one Key per KeyPackage.
    let key = child(package, "Key")?.ok_or(Problem::Missing("Key"))?;
    check_parameters(key)?;
    let secret = find(key, &["Data", "Secret"])?.ok_or(Problem::Missing("Data/Secret"))?;
    let seed = secret_value(secret, keys)?;
    if seed.len() < SEED_MIN_BYTES {
        return Err(Problem::SeedTooShort(seed.len()));
    }
    if seed.len() > SEED_MAX_BYTES {
        return Err(Problem::SeedTooLong(seed.len()));
    }
    Ok(seed)
}

/// TOTP, HMAC-SHA1, 6 decimal digits, 30-second step, T0 = 0.
fn check_parameters(key: Node) -> Result<(), Problem> {
    let algorithm = key.attribute("Algorithm").unwrap_or("");
    if algorithm != TOTP_ALGORITHM {
        return Err(Problem::Algorithm(quote(algorithm)));
    }
    let format = find(key, &["AlgorithmParameters", "ResponseFormat"])?
        .ok_or(Problem::Missing("AlgorithmParameters/ResponseFormat"))?;
    let length = format.attribute("Length").unwrap_or("").trim();
    match length.parse::<usize>() {
        Ok(DIGITS) => {}
        Ok(n) => return Err(Problem::Digits(n.to_string())),
        Err(_) => return Err(Problem::Digits(quote(length))),
    }
    let encoding = format.attribute("Encoding").unwrap_or("");
    if encoding != "DECIMAL" {
        return Err(Problem::Encoding(quote(encoding)));
    }
    if matches!(format.attribute("CheckDigits"), Some("true" | "1")) {
        return Err(Problem::CheckDigits);
    }
    if let Some(suite) = find(key, &["AlgorithmParameters", "Suite"])? {
        let name = text(suite);
        if !["HMAC-SHA1", "HMAC-SHA-1", "SHA1", "SHA-1"]
            .iter()
            .any(|ok| name.eq_ignore_ascii_case(ok))
        {
            return Err(Problem::Suite(quote(name)));
        }
    }
    if let Some(step) = plain_number(key, "TimeInterval")? {
        if step != STEP_SECONDS.to_string() {
            return Err(Problem::TimeStep(step));
        }
    }
    if let Some(t0) = plain_number(key, "Time")? {
        if t0 != "0" {
            return Err(Problem::TimeOrigin(t0));
        }
    }
    Ok(())
}

/// `Data/NAME/PlainValue` as a canonical decimal number, if `Data/NAME` is there.
fn plain_number(key: Node, name: &'static str) -> Result<Option<String>, Problem> {
    let Some(element) = find(key, &["Data", name])? else {
        return Ok(None);
    };
    if child(element, "EncryptedValue")?.is_some() {
        return Err(Problem::EncryptedParameter(name));
    }
    let value = child(element, "PlainValue")?.ok_or(Problem::Missing("PlainValue"))?;
    let raw = text(value);
    raw.parse::<i64>()
        .map(|n| Some(n.to_string()))
        .map_err(|_| Problem::NotANumber(name, quote(raw)))
}

/// The secret: plain base64, or encrypted with its MAC checked first.
fn secret_value(secret: Node, keys: &Keys) -> Result<Zeroizing<Vec<u8>>, Problem> {
    match (
        child(secret, "PlainValue")?,
        child(secret, "EncryptedValue")?,
    ) {
        (Some(_), Some(_)) => Err(Problem::Repeated("PlainValue or EncryptedValue")),
        (None, None) => Err(Problem::Missing(
            "Secret/PlainValue or Secret/EncryptedValue",
        )),
        (Some(_), None) if keys.encryption.is_some() => Err(Problem::PlainSecretInProtectedFile),
        (Some(plain), None) => base64_value(plain, "the secret"),
        (None, Some(encrypted)) => {
            let Some(key) = &keys.encryption else {
                // Unreachable in practice: an EncryptedValue makes the file an encrypted one.
                return Err(Problem::NeedsSecret(ProtectionKind::PreSharedKey));
            };
            let (key_bytes, value) = cipher_value(encrypted, "the secret's CipherValue")?;
            if key.len() != key_bytes {
                return Err(Problem::KeyLength {
                    have: key.len(),
                    need: key_bytes,
                });
            }
            let tag = child(secret, "ValueMAC")?.ok_or(Problem::NoMac)?;
            let tag = base64_value(tag, "ValueMAC")?;
            let (hash, mac_key) = keys.mac.as_ref().ok_or(Problem::NoMac)?;
            // RFC 6030 §6.1.1: the MAC is over the CipherValue as written (IV ‖ ciphertext).
            if !mac_matches(*hash, mac_key, &value, &tag) {
                return Err(Problem::MacMismatch);
            }
            decrypt_value(key_bytes, key, &value)
        }
    }
}

#[cfg(test)]
mod tests {
    //! Against files python-pskc wrote (server/tests/fixtures/pskc, made by scripts/pskc/make.py)
    //! and variants of them altered here.

    use super::*;
    use base64::engine::general_purpose::STANDARD as B64;
    use std::time::Instant;

    const KEY_128: &str = "000102030405060708090a0b0c0d0e0f";
    const PASSWORD: &str = "Shinkin-vendor 2024";

    fn fixture(name: &str) -> String {
        let path = format!("{}/tests/fixtures/pskc/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn manifest() -> serde_json::Value {
        serde_json::from_str(&fixture("manifest.json")).unwrap()
    }

    fn psk(hex: &str) -> Protection {
        Protection::PreSharedKey(read_key_file(hex).unwrap())
    }

    fn password(text: &str) -> Protection {
        Protection::Password(Zeroizing::new(text.to_owned()))
    }

    /// What the manifest says opens a file, read through the key and password file readers.
    fn protection_for(entry: &serde_json::Value) -> Protection {
        match entry["mode"].as_str().unwrap() {
            "plain" => Protection::None,
            "psk" => Protection::PreSharedKey(
                read_key_file(&fixture(entry["key_file"].as_str().unwrap())).unwrap(),
            ),
            "password" => Protection::Password(
                read_password_file(&fixture(entry["password_file"].as_str().unwrap())).unwrap(),
            ),
            mode => panic!("unknown mode {mode}"),
        }
    }

    fn refused(name: &str, protection: &Protection) -> PskcError {
        match read(&fixture(name), protection) {
            Ok(tokens) => panic!("{name} was read: {tokens:?}"),
            Err(e) => e,
        }
    }

    /// The file with the `n`th (0-based) CipherValue's bytes changed by `edit`.
    fn edit_cipher_value(xml: &str, n: usize, edit: impl Fn(&mut Vec<u8>)) -> String {
        let open = "<xenc:CipherValue>";
        let start = xml.match_indices(open).nth(n).unwrap().0 + open.len();
        let end = start + xml[start..].find('<').unwrap();
        let mut bytes = B64.decode(&xml[start..end]).unwrap();
        edit(&mut bytes);
        format!("{}{}{}", &xml[..start], B64.encode(&bytes), &xml[end..])
    }

    #[test]
    fn every_good_file_reads_back_the_seeds_python_pskc_wrote() {
        let manifest = manifest();
        let mut read_files = 0;
        for entry in manifest["files"].as_array().unwrap() {
            if !entry["refused"].is_null() {
                continue;
            }
            let name = entry["file"].as_str().unwrap();
            let tokens = read(&fixture(name), &protection_for(entry))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let got: Vec<(String, String)> = tokens
                .iter()
                .map(|t| {
                    let hex: String = t.seed.iter().map(|b| format!("{b:02x}")).collect();
                    (t.serial.to_string(), hex)
                })
                .collect();
            let want: Vec<(String, String)> = entry["tokens"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| {
                    let field = |k: &str| t[k].as_str().unwrap().to_owned();
                    (field("serial"), field("seed_hex"))
                })
                .collect();
            assert_eq!(got, want, "{name}");
            read_files += 1;
        }
        // plain, two pre-shared keys, the older MAC form, two passwords
        assert_eq!(read_files, 6);
    }

    #[test]
    fn every_file_the_manifest_calls_refused_is_refused() {
        let manifest = manifest();
        let mut refused_files = 0;
        for entry in manifest["files"].as_array().unwrap() {
            if entry["refused"].is_null() {
                continue;
            }
            let name = entry["file"].as_str().unwrap();
            assert!(
                read(&fixture(name), &protection_for(entry)).is_err(),
                "{name} should be refused: {}",
                entry["refused"]
            );
            refused_files += 1;
        }
        assert_eq!(refused_files, 15);
    }

    #[test]
    fn only_totp_keys_are_accepted() {
        let e = refused("bad-hotp.xml", &Protection::None);
        assert_eq!(
            e.to_string(),
            "key package 2 (serial SKHT00000002): only TOTP keys \
             (urn:ietf:params:xml:ns:keyprov:pskc:totp) are accepted, this one is \
             \"urn:ietf:params:xml:ns:keyprov:pskc:hotp\""
        );
    }

    #[test]
    fn only_six_digit_codes_are_accepted() {
        let e = refused("bad-digits8.xml", &Protection::None);
        assert_eq!(
            e,
            PskcError::Package {
                number: 2,
                serial: Serial::parse("SKHT00000002"),
                problem: Problem::Digits("8".into()),
            }
        );
        assert_eq!(
            e.to_string(),
            "key package 2 (serial SKHT00000002): only 6-digit codes are accepted, this one has 8"
        );
        let no_format = fixture("plain.xml").replacen(
            "<pskc:ResponseFormat Encoding=\"DECIMAL\" Length=\"6\"/>",
            "",
            1,
        );
        let e = read(&no_format, &Protection::None).unwrap_err();
        assert_eq!(
            e.problem(),
            &Problem::Missing("AlgorithmParameters/ResponseFormat")
        );
    }

    #[test]
    fn only_decimal_codes_are_accepted() {
        let e = refused("bad-hex-codes.xml", &Protection::None);
        assert_eq!(e.problem(), &Problem::Encoding("\"HEXADECIMAL\"".into()));
        let check_digit = fixture("plain.xml").replacen(
            "Length=\"6\"/>",
            "Length=\"6\" CheckDigits=\"true\"/>",
            1,
        );
        let e = read(&check_digit, &Protection::None).unwrap_err();
        assert_eq!(e.problem(), &Problem::CheckDigits);
    }

    #[test]
    fn only_the_hmac_sha1_suite_is_accepted() {
        let e = refused("bad-suite-sha256.xml", &Protection::None);
        assert_eq!(
            e.to_string(),
            "key package 2 (serial SKHT00000002): only HMAC-SHA1 TOTP is accepted, this key's \
             suite is \"HMAC-SHA256\""
        );
    }

    #[test]
    fn only_a_30_second_time_step_is_accepted() {
        let e = refused("bad-time-step-60.xml", &Protection::None);
        assert_eq!(e.problem(), &Problem::TimeStep("60".into()));
    }

    #[test]
    fn only_t0_zero_is_accepted() {
        let e = refused("bad-t0.xml", &Protection::None);
        assert_eq!(e.problem(), &Problem::TimeOrigin("1000".into()));
        let encrypted_step = fixture("psk-aes128.xml").replacen(
            "<pskc:TimeInterval>\n     <pskc:PlainValue>30</pskc:PlainValue>",
            "<pskc:TimeInterval>\n     <pskc:EncryptedValue/>",
            1,
        );
        let e = read(&encrypted_step, &psk(KEY_128)).unwrap_err();
        assert_eq!(e.problem(), &Problem::EncryptedParameter("TimeInterval"));
    }

    #[test]
    fn absent_step_suite_and_t0_mean_30_s_sha1_and_0() {
        // plain.xml's second token has no TimeInterval, Suite or Time; its third says Time 0.
        let xml = fixture("plain.xml");
        let doc = Document::parse(&xml).unwrap();
        let packages: Vec<Node> = elements(doc.root_element(), "KeyPackage").collect();
        let has = |p: Node, name: &str| p.descendants().any(|n| n.tag_name().name() == name);
        assert!(!has(packages[1], "TimeInterval") && !has(packages[1], "Suite"));
        assert!(!has(packages[1], "Time") && has(packages[2], "Time"));
        assert_eq!(read(&xml, &Protection::None).unwrap().len(), 3);
    }

    #[test]
    fn serials_follow_the_domain_serial_rule() {
        let e = refused("bad-serial.xml", &Protection::None);
        assert_eq!(
            e.to_string(),
            "key package 2: serial \"SKHT-123\" is not a token serial (SKHT and 8 digits): too short"
        );
        let e = refused("bad-serial-prefix.xml", &Protection::None);
        assert_eq!(
            e.problem(),
            &Problem::BadSerial("\"SKXX00000002\"".into(), FieldError::UnknownPrefix)
        );
        // The domain's normalisation applies: lower case and a hyphen give the canonical serial.
        let loose = fixture("plain.xml").replacen("SKHT00000001", "skht-0000-0001", 1);
        let tokens = read(&loose, &Protection::None).unwrap();
        assert_eq!(tokens[0].serial.as_str(), "SKHT00000001");
    }

    #[test]
    fn a_missing_serial_is_refused() {
        let e = refused("bad-no-serial.xml", &Protection::None);
        assert_eq!(
            e.to_string(),
            "key package 2: no serial number (DeviceInfo/SerialNo)"
        );
        let empty = fixture("plain.xml").replacen("SKHT00000003", " ", 1);
        let e = read(&empty, &Protection::None).unwrap_err();
        assert_eq!(e.problem(), &Problem::NoSerial);
    }

    #[test]
    fn software_token_serials_are_refused() {
        let e = refused("bad-serial-software.xml", &Protection::None);
        assert!(matches!(e.problem(), Problem::NotHardware(_)), "{e}");
    }

    #[test]
    fn duplicate_serials_are_refused() {
        let e = refused("bad-duplicate-serial.xml", &Protection::None);
        assert_eq!(
            e.to_string(),
            "key package 2 (serial SKHT00000001): the same serial as key package 1"
        );
        // The same serial written differently is still the same token.
        let loose = fixture("plain.xml").replacen("SKHT00000003", "skht 0000 0001", 1);
        let e = read(&loose, &Protection::None).unwrap_err();
        assert_eq!(e.problem(), &Problem::DuplicateSerial(1));
    }

    #[test]
    fn a_file_without_key_packages_is_refused() {
        let e = refused("bad-empty.xml", &Protection::None);
        assert_eq!(e, PskcError::File(Problem::NoKeyPackages));
        assert_eq!(e.to_string(), "the file holds no key packages");
    }

    #[test]
    fn seeds_shorter_than_16_bytes_are_refused() {
        let e = refused("bad-short-seed.xml", &Protection::None);
        assert_eq!(e.problem(), &Problem::SeedTooShort(10));
        // exactly 16 bytes is enough
        let sixteen = fixture("plain.xml").replacen(
            "MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=",
            &B64.encode([7u8; 16]),
            1,
        );
        assert_eq!(read(&sixteen, &Protection::None).unwrap()[0].seed.len(), 16);
        let huge = fixture("plain.xml").replacen(
            "MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=",
            &B64.encode([7u8; 65]),
            1,
        );
        let e = read(&huge, &Protection::None).unwrap_err();
        assert_eq!(e.problem(), &Problem::SeedTooLong(65));
    }

    #[test]
    fn a_secret_that_is_not_base64_is_refused() {
        let bad = fixture("plain.xml").replacen("MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=", "not*base64", 1);
        let e = read(&bad, &Protection::None).unwrap_err();
        assert_eq!(e.problem(), &Problem::Base64("the secret"));
    }

    #[test]
    fn an_encrypted_secret_without_a_mac_is_refused() {
        let e = refused("bad-psk-no-mac.xml", &psk(KEY_128));
        assert_eq!(e.problem(), &Problem::NoMac);
        // A ValueMAC but no MACMethod algorithm to check it with: refused too.
        let no_method = fixture("psk-aes128.xml").replacen(
            "<pskc:MACMethod Algorithm=\"http://www.w3.org/2000/09/xmldsig#hmac-sha1\">",
            "<pskc:MACMethod>",
            1,
        );
        let e = read(&no_method, &psk(KEY_128)).unwrap_err();
        assert_eq!(e.problem(), &Problem::NoMac);
    }

    #[test]
    fn a_plain_secret_slipped_into_a_protected_file_is_refused() {
        let file = fixture("psk-aes128.xml");
        let start = file.find("<pskc:EncryptedValue>").unwrap();
        let end = file.find("</pskc:ValueMAC>").unwrap() + "</pskc:ValueMAC>".len();
        // The first package's seed replaced by one the attacker knows, in the clear.
        let altered = format!(
            "{}<pskc:PlainValue>MTIzNDU2Nzg5MDEyMzQ1Njc4OTA=</pskc:PlainValue>{}",
            &file[..start],
            &file[end..]
        );
        let e = read(&altered, &psk(KEY_128)).unwrap_err();
        assert_eq!(e.problem(), &Problem::PlainSecretInProtectedFile);
    }

    #[test]
    fn encryption_other_than_aes_cbc_is_refused() {
        let e = refused("bad-psk-kw-aes128.xml", &psk(KEY_128));
        assert_eq!(
            e.to_string(),
            "key package 1 (serial SKHT00000001): encryption \
             \"http://www.w3.org/2001/04/xmlenc#kw-aes128\" is not supported (only aes128-cbc, \
             aes192-cbc, aes256-cbc)"
        );
    }

    #[test]
    fn a_wrong_pre_shared_key_is_a_mac_mismatch() {
        let wrong = psk("ff0102030405060708090a0b0c0d0e0f");
        let e = refused("psk-aes128.xml", &wrong);
        assert_eq!(e.problem(), &Problem::MacMismatch);
        assert_eq!(
            e.to_string(),
            "MAC mismatch: wrong key or password, or the file was altered"
        );
        // The older form (no MACKey) fails on the first secret's MAC.
        let e = refused("psk-aes128-no-mackey.xml", &wrong);
        assert_eq!(
            e.to_string(),
            "key package 1 (serial SKHT00000001): MAC mismatch: wrong key or password, or the \
             file was altered"
        );
    }

    #[test]
    fn a_wrong_password_is_a_mac_mismatch() {
        let e = refused("password.xml", &password("Shinkin-vendor 2025"));
        assert_eq!(e.problem(), &Problem::MacMismatch);
        let e = refused("password-prf-sha256.xml", &password("shinkin-vendor 2024"));
        assert_eq!(e.problem(), &Problem::MacMismatch);
    }

    #[test]
    fn the_mac_is_checked_before_decrypting() {
        // A changed last ciphertext byte would break the padding; the MAC must catch it first.
        // CipherValue 0 is the MAC key's, 1 is the first secret's.
        let altered = edit_cipher_value(&fixture("psk-aes128.xml"), 1, |b| {
            *b.last_mut().unwrap() ^= 1;
        });
        let e = read(&altered, &psk(KEY_128)).unwrap_err();
        assert_eq!(e.problem(), &Problem::MacMismatch, "{e}");
        // So is a changed IV (which decrypts to valid padding and a wrong seed).
        let altered = edit_cipher_value(&fixture("psk-aes256.xml"), 2, |b| b[0] ^= 0x80);
        let e = read(&altered, &psk(&fixture("psk-aes256.key"))).unwrap_err();
        assert_eq!(e.problem(), &Problem::MacMismatch, "{e}");
        // And a changed ValueMAC.
        let xml = fixture("psk-aes128.xml");
        let start = xml.find("<pskc:ValueMAC>").unwrap() + "<pskc:ValueMAC>".len();
        let mut mac = B64.decode(&xml[start..start + 28]).unwrap();
        mac[0] ^= 1;
        let altered = format!(
            "{}{}{}",
            &xml[..start],
            B64.encode(&mac),
            &xml[start + 28..]
        );
        let e = read(&altered, &psk(KEY_128)).unwrap_err();
        assert_eq!(e.problem(), &Problem::MacMismatch, "{e}");
    }

    #[test]
    fn a_truncated_cipher_value_is_refused() {
        let cut = edit_cipher_value(&fixture("psk-aes128.xml"), 1, |b| b.truncate(20));
        let e = read(&cut, &psk(KEY_128)).unwrap_err();
        assert_eq!(
            e.problem(),
            &Problem::CipherValueLength("the secret's CipherValue")
        );
    }

    #[test]
    fn an_encrypted_file_needs_a_key_or_password() {
        let e = refused("psk-aes128.xml", &Protection::None);
        assert_eq!(
            e.to_string(),
            "the secrets are encrypted under a pre-shared key, and none was given"
        );
        let e = refused("password.xml", &Protection::None);
        assert_eq!(e.problem(), &Problem::NeedsSecret(ProtectionKind::Password));
    }

    #[test]
    fn the_wrong_kind_of_protection_is_refused() {
        let e = refused("psk-aes128.xml", &password(PASSWORD));
        assert_eq!(
            e.to_string(),
            "the file's secrets are encrypted under a pre-shared key, but a password was given"
        );
        let e = refused("password.xml", &psk(KEY_128));
        assert_eq!(
            e.problem(),
            &Problem::WrongKind {
                file: ProtectionKind::Password,
                given: ProtectionKind::PreSharedKey
            }
        );
        let e = refused("plain.xml", &psk(KEY_128));
        assert_eq!(
            e.to_string(),
            "the file's secrets are not encrypted, but a pre-shared key was given (is this the \
             right file?)"
        );
        let e = refused("plain.xml", &password(PASSWORD));
        assert!(matches!(e.problem(), Problem::WrongKind { .. }));
    }

    #[test]
    fn the_key_must_fit_the_encryption() {
        let e = refused("psk-aes256.xml", &psk(KEY_128));
        assert_eq!(e.problem(), &Problem::KeyLength { have: 16, need: 32 });
    }

    #[test]
    fn pbkdf2_iteration_counts_are_capped() {
        let xml = fixture("password.xml");
        for count in ["20000000", "0", "-1", "4294967296"] {
            let greedy = xml.replacen(
                "<IterationCount>10000</IterationCount>",
                &format!("<IterationCount>{count}</IterationCount>"),
                1,
            );
            let started = Instant::now();
            let e = read(&greedy, &password(PASSWORD)).unwrap_err();
            assert_eq!(e.problem(), &Problem::Iterations(format!("\"{count}\"")));
            assert!(started.elapsed().as_secs() < 1, "the cap is checked first");
        }
        let long = xml.replacen(
            "<KeyLength>16</KeyLength>",
            "<KeyLength>1000000</KeyLength>",
            1,
        );
        let e = read(&long, &password(PASSWORD)).unwrap_err();
        assert!(matches!(e.problem(), Problem::DerivedKeyLength(_)));
    }

    #[test]
    fn key_derivations_other_than_pbkdf2_are_refused() {
        let other = fixture("password.xml").replacen(
            "http://www.rsasecurity.com/rsalabs/pkcs/schemas/pkcs-5v2-0#pbkdf2",
            "http://www.w3.org/2009/xmlenc11#ConcatKDF",
            1,
        );
        let e = read(&other, &password(PASSWORD)).unwrap_err();
        assert!(matches!(e.problem(), Problem::KeyDerivation(_)), "{e}");
        let md5 = fixture("password-prf-sha256.xml").replacen(
            "xmldsig-more#hmac-sha256",
            "xmldsig-more#hmac-md5",
            1,
        );
        let e = read(&md5, &password(PASSWORD)).unwrap_err();
        assert!(matches!(e.problem(), Problem::Prf(_)), "{e}");
    }

    #[test]
    fn the_pbkdf2_prf_may_be_an_attribute_as_rfc_6030_writes_it() {
        let xml = fixture("password-prf-sha256.xml").replacen(
            "<PRF>http://www.w3.org/2001/04/xmldsig-more#hmac-sha256</PRF>",
            "<PRF Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#hmac-sha256\"/>",
            1,
        );
        assert_eq!(read(&xml, &password(PASSWORD)).unwrap().len(), 3);
    }

    #[test]
    fn malformed_or_truncated_xml_is_refused_with_its_position() {
        let xml = fixture("plain.xml");
        let e = read(&xml[..xml.len() / 2], &Protection::None).unwrap_err();
        let PskcError::File(Problem::Xml(message)) = &e else {
            panic!("{e}")
        };
        assert_eq!(message, "the file ends before its XML does (truncated?)");
        let e = read(
            &xml.replacen("</pskc:SerialNo>", "</pskc:Serial>", 1),
            &Protection::None,
        )
        .unwrap_err();
        assert!(e.to_string().contains(" at 6:"), "{e}");
        assert!(e.to_string().starts_with("not well-formed XML: "), "{e}");
        let e = read("", &Protection::None).unwrap_err();
        assert!(matches!(e.problem(), Problem::Xml(_)));
    }

    #[test]
    fn a_dtd_is_refused_so_entities_cannot_expand() {
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">\
                    <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>\
                    <pskc:KeyContainer xmlns:pskc=\"urn:ietf:params:xml:ns:keyprov:pskc\" \
                    Version=\"1.0\">&b;</pskc:KeyContainer>";
        let e = read(bomb, &Protection::None).unwrap_err();
        assert!(matches!(e.problem(), Problem::Xml(_)), "{e}");
    }

    #[test]
    fn a_file_that_is_not_pskc_is_refused() {
        let e = read("<KeyContainer Version=\"1.0\"/>", &Protection::None).unwrap_err();
        assert_eq!(e.problem(), &Problem::NotPskc);
        let v2 = fixture("plain.xml").replacen("Version=\"1.0\"", "Version=\"2.0\"", 1);
        let e = read(&v2, &Protection::None).unwrap_err();
        assert_eq!(e.problem(), &Problem::Version("\"2.0\"".into()));
    }

    #[test]
    fn the_whole_file_is_refused_when_any_package_is_bad() {
        // Packages 1 and 2 are good; the last one has 8 digits.
        let xml = fixture("plain.xml");
        let last = xml.rfind("Length=\"6\"").unwrap();
        let bad = format!("{}Length=\"8\"{}", &xml[..last], &xml[last + 10..]);
        let e = read(&bad, &Protection::None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "key package 3 (serial SKHT00000003): only 6-digit codes are accepted, this one has 8"
        );
    }

    #[test]
    fn a_package_with_two_keys_or_serials_is_refused() {
        let xml = fixture("plain.xml");
        let two = xml.replacen(
            "<pskc:SerialNo>SKHT00000001</pskc:SerialNo>",
            "<pskc:SerialNo>SKHT00000001</pskc:SerialNo><pskc:SerialNo>SKHT00000009</pskc:SerialNo>",
            1,
        );
        let e = read(&two, &Protection::None).unwrap_err();
        assert_eq!(e.problem(), &Problem::Repeated("SerialNo"));
    }

    #[test]
    fn errors_never_show_a_seed_key_password_or_mac() {
        let manifest = manifest();
        let mut secrets: Vec<String> = vec![KEY_128.into(), PASSWORD.into()];
        secrets.push(fixture("psk-aes256.key").trim().into());
        for entry in manifest["files"].as_array().unwrap() {
            for t in entry["tokens"].as_array().unwrap() {
                let hex = t["seed_hex"].as_str().unwrap();
                secrets.push(hex.into());
                secrets.push(t["seed_base32"].as_str().unwrap().into());
                let bytes: Vec<u8> = (0..hex.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                    .collect();
                secrets.push(B64.encode(bytes));
            }
        }
        for xml in ["psk-aes128.xml", "password.xml", "psk-aes256.xml"].map(fixture) {
            for cut in xml.split("<pskc:ValueMAC>").skip(1) {
                secrets.push(cut[..cut.find('<').unwrap()].into());
            }
        }
        let mut errors: Vec<PskcError> = manifest["files"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| !e["refused"].is_null())
            .map(|e| read(&fixture(e["file"].as_str().unwrap()), &protection_for(e)).unwrap_err())
            .collect();
        errors.push(refused(
            "psk-aes128.xml",
            &psk("ff0102030405060708090a0b0c0d0e0f"),
        ));
        errors.push(refused("password.xml", &password("wrong")));
        errors.push(refused("plain.xml", &psk(KEY_128)));
        errors.push(read_key_file(&format!("{KEY_128}0")).unwrap_err());
        errors.push(read_key_file(&format!("{KEY_128}00")).unwrap_err());
        errors.push(read_password_file(&format!("{PASSWORD}\nmore")).unwrap_err());
        for e in &errors {
            let shown = format!("{e} {e:?}");
            for secret in &secrets {
                assert!(!shown.contains(secret.as_str()), "{shown} shows a secret");
            }
        }
    }

    #[test]
    fn debug_output_never_shows_a_seed_or_key() {
        let tokens = read(&fixture("plain.xml"), &Protection::None).unwrap();
        let shown = format!("{:?}", tokens[0]);
        assert_eq!(
            shown,
            "VendorToken { serial: Serial(\"SKHT00000001\"), seed: <20 bytes> }"
        );
        assert_eq!(
            format!("{:?}", psk(KEY_128)),
            "Protection::PreSharedKey(..)"
        );
        assert_eq!(
            format!("{:?}", password(PASSWORD)),
            "Protection::Password(..)"
        );
    }

    #[test]
    fn key_files_hold_16_24_or_32_bytes_of_hex_with_whitespace_trimmed() {
        assert_eq!(read_key_file(&format!("  {KEY_128}\n")).unwrap().len(), 16);
        assert_eq!(read_key_file(&KEY_128.to_uppercase()).unwrap()[15], 0x0f);
        assert_eq!(read_key_file(&"ab".repeat(24)).unwrap().len(), 24);
        assert_eq!(read_key_file(&"ab".repeat(32)).unwrap().len(), 32);
        for bad in ["", "\n", "0g", "abc", "00 11", "0x0001020304050607"] {
            assert_eq!(
                read_key_file(bad).unwrap_err().problem(),
                &Problem::KeyFileNotHex,
                "{bad}"
            );
        }
        assert_eq!(
            read_key_file(&"ab".repeat(20)).unwrap_err().problem(),
            &Problem::KeyFileLength(20)
        );
    }

    #[test]
    fn password_files_hold_one_line_with_only_its_line_end_trimmed() {
        assert_eq!(&*read_password_file("pass word \n").unwrap(), "pass word ");
        assert_eq!(&*read_password_file("pass\r\n").unwrap(), "pass");
        assert_eq!(&*read_password_file("pass").unwrap(), "pass");
        assert_eq!(
            read_password_file("\n").unwrap_err().problem(),
            &Problem::PasswordEmpty
        );
        assert_eq!(
            read_password_file("").unwrap_err().problem(),
            &Problem::PasswordEmpty
        );
        assert_eq!(
            read_password_file("a\nb\n").unwrap_err().problem(),
            &Problem::PasswordLines
        );
        assert_eq!(
            read_password_file("a\n\n").unwrap_err().problem(),
            &Problem::PasswordLines
        );
    }

    #[test]
    fn required_protection_names_what_each_file_needs() {
        let kind = |name: &str| required_protection(&fixture(name)).unwrap();
        assert_eq!(kind("plain.xml"), ProtectionKind::None);
        assert_eq!(kind("psk-aes128.xml"), ProtectionKind::PreSharedKey);
        assert_eq!(
            kind("psk-aes128-no-mackey.xml"),
            ProtectionKind::PreSharedKey
        );
        assert_eq!(kind("password.xml"), ProtectionKind::Password);
    }
}
