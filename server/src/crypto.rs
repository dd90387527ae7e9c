//! The server's secrets handling: sealing card rows and token seeds (XChaCha20-Poly1305), password
//! hashes (argon2id), and the random cookie values with the hashes the database keeps of them.
//!
//! Nothing here is hand-rolled: RustCrypto's `chacha20poly1305`, `argon2` and `sha2` do the work.

use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::{Digest, Sha256};
use shinkin_otp_domain::{OsRandom, RandomSource};
use std::fmt;

/// Bytes of the sealing key.
pub const KEY_BYTES: usize = 32;
/// Bytes of an XChaCha20 nonce, stored in front of each ciphertext.
const NONCE_BYTES: usize = 24;

/// What a sealed value is bound to: its kind and its row, as associated data. A ciphertext moved to
/// another row (or column) no longer opens, so a database edit cannot swap one customer's card or
/// token seed for another's.
#[derive(Debug, Clone, Copy)]
pub enum Binding<'a> {
    /// The お客様カード row of the customer with this contract ID.
    Card(&'a str),
    /// The seed of the token with this serial.
    Seed(&'a str),
    /// The known value that proves the key matches the database.
    KeyCheck,
}

impl Binding<'_> {
    fn associated_data(self) -> Vec<u8> {
        match self {
            Binding::Card(id) => format!("shinkin-otp/v1/card:{id}").into_bytes(),
            Binding::Seed(serial) => format!("shinkin-otp/v1/seed:{serial}").into_bytes(),
            Binding::KeyCheck => b"shinkin-otp/v1/key-check".to_vec(),
        }
    }
}

/// A sealed value did not open: wrong key, or the ciphertext was altered or moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsealable;

impl fmt::Display for Unsealable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sealed value did not open (wrong key, or the row was altered)")
    }
}

impl std::error::Error for Unsealable {}

/// The sealing key in use. Its `Debug` never shows the key.
#[derive(Clone)]
pub struct Sealer {
    cipher: XChaCha20Poly1305,
}

impl fmt::Debug for Sealer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sealer(XChaCha20-Poly1305, key hidden)")
    }
}

impl Sealer {
    /// A sealer with `key`.
    pub fn new(key: &[u8; KEY_BYTES]) -> Sealer {
        Sealer {
            cipher: XChaCha20Poly1305::new_from_slice(key).expect("a 32-byte key"),
        }
    }

    /// A fresh random key (for `--demo` without a key, and `--generate-key`).
    pub fn random_key() -> [u8; KEY_BYTES] {
        let mut key = [0u8; KEY_BYTES];
        OsRandom.fill(&mut key);
        key
    }

    /// Seals `plain` for `binding`: a random 192-bit nonce, then the ciphertext and tag.
    pub fn seal(&self, binding: Binding<'_>, plain: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_BYTES];
        // A random 192-bit nonce never repeats in practice: XChaCha's reason to exist.
        OsRandom.fill(&mut nonce);
        let aad = binding.associated_data();
        let sealed = self
            .cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plain,
                    aad: &aad,
                },
            )
            .expect("encryption of a small buffer cannot fail");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        out
    }

    /// Opens what [`Sealer::seal`] made for the same `binding`.
    pub fn open(&self, binding: Binding<'_>, sealed: &[u8]) -> Result<Vec<u8>, Unsealable> {
        if sealed.len() < NONCE_BYTES {
            return Err(Unsealable);
        }
        let (nonce, body) = sealed.split_at(NONCE_BYTES);
        let nonce: [u8; NONCE_BYTES] = nonce.try_into().map_err(|_| Unsealable)?;
        let aad = binding.associated_data();
        self.cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: body,
                    aad: &aad,
                },
            )
            .map_err(|_| Unsealable)
    }
}

/// Parses a key written as 64 hex digits (surrounding whitespace ignored).
pub fn parse_key(text: &str) -> Option<[u8; KEY_BYTES]> {
    let hex = text.trim().as_bytes();
    if hex.len() != KEY_BYTES * 2 {
        return None;
    }
    let mut key = [0u8; KEY_BYTES];
    for (i, pair) in hex.chunks(2).enumerate() {
        let text = std::str::from_utf8(pair).ok()?;
        key[i] = u8::from_str_radix(text, 16).ok()?;
    }
    Some(key)
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// How costly argon2id is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordCost {
    /// The RFC 9106 / OWASP parameters argon2 recommends (19 MiB, 2 passes, 1 lane).
    Recommended,
    /// 64 KiB and 1 pass, so tests in debug builds stay fast. Never for a real bank.
    TestsOnly,
}

/// argon2id with fixed parameters, and a dummy hash made with the same ones, so checking a password
/// for an unknown contract ID costs what checking a real one costs.
#[derive(Clone)]
pub struct Passwords {
    params: Params,
    dummy: String,
}

impl fmt::Debug for Passwords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Passwords(argon2id {:?})", self.params)
    }
}

impl Passwords {
    /// argon2id at `cost`. Hashes the dummy once, here.
    pub fn new(cost: PasswordCost) -> Passwords {
        let params = match cost {
            PasswordCost::Recommended => Params::DEFAULT,
            PasswordCost::TestsOnly => {
                Params::new(64, 1, 1, None).expect("valid argon2 parameters")
            }
        };
        let mut passwords = Passwords {
            params,
            dummy: String::new(),
        };
        // The dummy's password is random and discarded: nothing can match it.
        let throwaway = hex(&Sealer::random_key());
        passwords.dummy = passwords.hash(&throwaway);
        passwords
    }

    fn argon2(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    /// The PHC string of `password` with a fresh salt.
    pub fn hash(&self, password: &str) -> String {
        self.argon2()
            .hash_password(password.as_bytes())
            .expect("argon2 hashes any 6–12 character password")
            .to_string()
    }

    /// Whether `phc` is an argon2id PHC string made with this server's parameters — what an
    /// onboarding file's `password_hash` must be. Another cost would make a login for that ID take
    /// another time than a login for an unknown ID (checked against the dummy hash), telling an
    /// attacker which IDs exist. The reason is said without the hash.
    pub fn check_hash(&self, phc: &str) -> Result<(), &'static str> {
        let parsed = argon2::PasswordHash::new(phc)
            .map_err(|_| "not a PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash)")?;
        if parsed.algorithm != Algorithm::Argon2id.ident() {
            return Err("not argon2id");
        }
        if parsed.version != Some(Version::V0x13.into()) {
            return Err("not argon2 version 19");
        }
        let params = Params::try_from(&parsed).map_err(|_| "unreadable argon2 parameters")?;
        let same = params.m_cost() == self.params.m_cost()
            && params.t_cost() == self.params.t_cost()
            && params.p_cost() == self.params.p_cost();
        if !same
            || parsed
                .hash
                .is_none_or(|h| h.len() != Params::DEFAULT_OUTPUT_LEN)
        {
            return Err("not made with this server's argon2id parameters (make it with `shinkin-otp-server hash-password`)");
        }
        Ok(())
    }

    /// Whether `password` matches `stored` (a PHC string), or — for an unknown contract ID, `None` —
    /// `false` after verifying against the dummy hash, which takes the same time.
    pub fn verify(&self, stored: Option<&str>, password: &str) -> bool {
        let known = stored.is_some();
        let ok = self
            .argon2()
            .verify_password(password.as_bytes(), stored.unwrap_or(&self.dummy))
            .is_ok();
        known && ok
    }
}

/// A random value for a cookie (256 bits, hex) and the SHA-256 the database keeps instead of it,
/// so a copy of the database cannot be used to ride a live session or flow.
#[derive(Clone, PartialEq, Eq)]
pub struct CookieSecret(String);

impl fmt::Debug for CookieSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CookieSecret(hidden)")
    }
}

impl CookieSecret {
    /// A fresh random value.
    pub fn random() -> CookieSecret {
        CookieSecret(hex(&Sealer::random_key()))
    }

    /// A value as a cookie brought it back, if it has the right shape.
    pub fn parse(value: &str) -> Option<CookieSecret> {
        let ok = value.len() == KEY_BYTES * 2
            && value
                .bytes()
                .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        ok.then(|| CookieSecret(value.to_owned()))
    }

    /// The cookie value.
    pub fn value(&self) -> &str {
        &self.0
    }

    /// What the database stores: SHA-256 of the value, hex.
    pub fn digest(&self) -> String {
        hex(&Sha256::digest(self.0.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_value_opens_only_for_its_own_row_and_key() {
        let sealer = Sealer::new(&[7; KEY_BYTES]);
        let sealed = sealer.seal(Binding::Seed("SKTS10000001"), b"seed");
        assert_eq!(
            sealer.open(Binding::Seed("SKTS10000001"), &sealed).unwrap(),
            b"seed"
        );
        assert_eq!(
            sealer.open(Binding::Seed("SKTS10000002"), &sealed),
            Err(Unsealable)
        );
        assert_eq!(
            sealer.open(Binding::Card("SKTS10000001"), &sealed),
            Err(Unsealable)
        );
        let other = Sealer::new(&[8; KEY_BYTES]);
        assert_eq!(
            other.open(Binding::Seed("SKTS10000001"), &sealed),
            Err(Unsealable)
        );
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert_eq!(
            sealer.open(Binding::Seed("SKTS10000001"), &tampered),
            Err(Unsealable)
        );
        assert_ne!(
            sealer.seal(Binding::KeyCheck, b"x"),
            sealer.seal(Binding::KeyCheck, b"x"),
            "fresh nonce each time"
        );
    }

    #[test]
    fn keys_parse_from_64_hex_digits_only() {
        let key = Sealer::random_key();
        assert_eq!(parse_key(&format!(" {}\n", hex(&key))), Some(key));
        assert_eq!(parse_key("00"), None);
        assert_eq!(parse_key(&"zz".repeat(32)), None);
    }

    #[test]
    fn passwords_are_argon2id_and_unknown_ids_never_match() {
        let p = Passwords::new(PasswordCost::TestsOnly);
        let h = p.hash("hanako12");
        assert!(h.starts_with("$argon2id$"));
        assert!(p.verify(Some(&h), "hanako12"));
        assert!(!p.verify(Some(&h), "hanako13"));
        assert!(!p.verify(None, "hanako12"));
    }

    #[test]
    fn cookie_secrets_are_stored_only_as_digests() {
        let s = CookieSecret::random();
        assert_eq!(CookieSecret::parse(s.value()), Some(s.clone()));
        assert_ne!(s.digest(), s.value());
        assert_eq!(s.digest().len(), 64);
        assert_eq!(CookieSecret::parse("abc"), None);
        assert!(!format!("{s:?}").contains(s.value()));
    }
}
