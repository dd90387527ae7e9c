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

mod errors;
mod packages;
mod protection;
#[cfg(test)]
mod tests;
mod xml;

pub use errors::{Problem, PskcError};

use packages::{package_seed, package_serial};
use protection::{file_protection, open};
use roxmltree::Node;
use shinkin_otp_domain::input::Serial;
use std::collections::HashMap;
use std::fmt;
use xml::{container, elements, parse};
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
