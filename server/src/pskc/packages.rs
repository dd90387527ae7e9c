//! One key package: its hardware serial, its parameters held to the bank's tokens' (TOTP,
//! HMAC-SHA1, 6 decimal digits, 30 s, T0 = 0), and its seed, plain or opened with its MAC checked.

use super::errors::quote;
use super::protection::{cipher_value, decrypt_value, mac_matches, Keys};
use super::xml::{base64_value, child, find, text};
use super::{Problem, ProtectionKind, SEED_MAX_BYTES, SEED_MIN_BYTES, TOTP_ALGORITHM};
use roxmltree::Node;
use shinkin_otp_domain::input::{self, Serial, TokenModel};
use shinkin_otp_domain::totp::{DIGITS, STEP_SECONDS};
use zeroize::Zeroizing;

pub(super) fn package_serial(package: Node) -> Result<Serial, Problem> {
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

pub(super) fn package_seed(package: Node, keys: &Keys) -> Result<Zeroizing<Vec<u8>>, Problem> {
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
