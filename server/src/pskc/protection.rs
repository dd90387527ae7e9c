//! Opening the file's secrets: what protection the file needs, the key from a pre-shared key or a
//! PBKDF2 password, the MAC key, the constant-time MAC check, and AES-CBC decryption.

use super::errors::quote;
use super::xml::{base64_value, child, find, text};
use super::{Problem, Protection, ProtectionKind, MAX_PBKDF2_ITERATIONS};
use aes::cipher::{block_padding::Pkcs7, BlockModeDecrypt, KeyIvInit};
use hmac::{Hmac, KeyInit, Mac};
use roxmltree::Node;
use zeroize::Zeroizing;

/// The XML-enc namespace the AES-CBC algorithm URIs are in.
const XMLENC_NS: &str = "http://www.w3.org/2001/04/xmlenc#";
/// The PBKDF2 URIs: PKCS #5's (RFC 6030's examples, python-pskc) and XML-enc 1.1's.
const PBKDF2_URIS: [&str; 2] = [
    "http://www.rsasecurity.com/rsalabs/pkcs/schemas/pkcs-5v2-0#pbkdf2",
    "http://www.w3.org/2009/xmlenc11#pbkdf2",
];
/// AES block (and CBC IV) size.
const BLOCK: usize = 16;

/// The HMAC hashes accepted for MACs and as PBKDF2's function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Hash {
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
pub(super) struct Keys {
    /// `None` for a plain file.
    pub(super) encryption: Option<Zeroizing<Vec<u8>>>,
    pub(super) mac: Option<(Hash, Zeroizing<Vec<u8>>)>,
}

/// How the file says its secrets are protected, with the PBKDF2 parameters for a password.
pub(super) enum FileProtection<'a, 'i> {
    None,
    PreSharedKey,
    Password(Node<'a, 'i>),
}

impl FileProtection<'_, '_> {
    pub(super) fn kind(&self) -> ProtectionKind {
        match self {
            FileProtection::None => ProtectionKind::None,
            FileProtection::PreSharedKey => ProtectionKind::PreSharedKey,
            FileProtection::Password(_) => ProtectionKind::Password,
        }
    }
}

pub(super) fn file_protection<'a, 'i: 'a>(
    container: Node<'a, 'i>,
) -> Result<FileProtection<'a, 'i>, Problem> {
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
pub(super) fn open(container: Node, protection: &Protection) -> Result<Keys, Problem> {
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
pub(super) fn cipher_value(
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

pub(super) fn decrypt_value(
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
pub(super) fn mac_matches(hash: Hash, key: &[u8], data: &[u8], tag: &[u8]) -> bool {
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
