//! Tokens as the vendor makes them: the [`Token`] itself, issuing a new one (serial and seed) and the `otpauth://` URI that lets
//! any RFC 6238 authenticator app stand in for a token.

use super::input::{Serial, TokenModel};
use super::totp::{DIGITS, STEP_SECONDS};
use super::RandomSource;

/// A token the vendor made: its serial, model and seed (the bank's copy of the shared secret).
/// Comparable so that an unchanged reading of the vendor's registry can be told from a new one (the
/// demo kit); never compared against anything a customer typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// シリアル番号.
    pub serial: Serial,
    /// Software or hardware, as the prefix says.
    pub model: TokenModel,
    /// The RFC 6238 secret (≥ 160 bits).
    pub seed: Vec<u8>,
}

/// Bytes of a new token's seed: 160 bits, the HMAC-SHA1 key size RFC 4226 recommends.
pub const SEED_BYTES: usize = 20;

/// The issuer an authenticator app shows beside the serial.
pub const ISSUER: &str = "しんきん（個人）デモ";

/// Issues a token of `model`: a fresh seed from `rng` and a serial no token has (`taken` says which
/// are in use).
pub fn issue(
    model: TokenModel,
    rng: &mut impl RandomSource,
    taken: impl Fn(&Serial) -> bool,
) -> Token {
    let mut seed = vec![0u8; SEED_BYTES];
    rng.fill(&mut seed);
    loop {
        let mut bytes = [0u8; 8];
        rng.fill(&mut bytes);
        let digits: String = bytes.iter().map(|b| char::from(b'0' + b % 10)).collect();
        let serial = Serial::parse(&format!("{}{digits}", model.prefix()))
            .expect("a known prefix and 8 digits make a valid serial");
        if !taken(&serial) {
            return Token {
                serial,
                model,
                seed,
            };
        }
    }
}

/// RFC 4648 base32 without padding, as authenticator apps expect the secret (totp-rs's encoder).
pub fn base32(bytes: &[u8]) -> String {
    match totp_rs::Secret::Raw(bytes.to_vec()).to_encoded() {
        totp_rs::Secret::Encoded(text) => text,
        totp_rs::Secret::Raw(_) => unreachable!("to_encoded always encodes"),
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The Key Uri Format URI of a token: `otpauth://totp/ISSUER:SERIAL?secret=…&issuer=…` with SHA1,
/// 6 digits and a 30-second period spelled out, so apps need not assume them.
pub fn otpauth_uri(token: &Token) -> String {
    let issuer = percent_encode(ISSUER);
    format!(
        "otpauth://totp/{issuer}:{serial}?secret={secret}&issuer={issuer}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        serial = token.serial,
        secret = base32(&token.seed),
    )
}

/// The token an `otpauth://` URI of [`otpauth_uri`]'s shape describes (parsed by totp-rs): how the
/// kit reads a token the server's demo vendor sent. `None` for anything else — another algorithm,
/// digit count or period, a short secret, or an account name that is not a serial.
pub fn from_otpauth_uri(uri: &str) -> Option<Token> {
    let totp = totp_rs::TOTP::from_url(uri).ok()?;
    let ours = totp.algorithm == totp_rs::Algorithm::SHA1
        && totp.digits == DIGITS
        && totp.step == STEP_SECONDS;
    let serial = Serial::parse(&totp.account_name).filter(|_| ours)?;
    Some(Token {
        model: serial.model(),
        serial,
        seed: totp.secret,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::totp;
    use crate::OsRandom;

    fn token() -> Token {
        Token {
            serial: Serial::parse("SKTS10000001").unwrap(),
            model: TokenModel::Software,
            seed: b"shinkin-demo-soft-01".to_vec(),
        }
    }

    #[test]
    fn an_otpauth_uri_reads_back_as_the_same_token() {
        let t = issue(TokenModel::Hardware, &mut OsRandom, |_| false);
        let back = from_otpauth_uri(&otpauth_uri(&t)).expect("our own URI");
        assert_eq!(
            (back.serial, back.model, back.seed),
            (t.serial, t.model, t.seed)
        );
    }

    #[test]
    fn an_otpauth_uri_of_other_parameters_is_not_a_token() {
        let uri = otpauth_uri(&token());
        assert!(from_otpauth_uri(&uri.replace("digits=6", "digits=8")).is_none());
        assert!(from_otpauth_uri(&uri.replace("period=30", "period=60")).is_none());
        assert!(from_otpauth_uri(&uri.replace("SKTS10000001", "someone")).is_none());
        assert!(from_otpauth_uri("https://example.invalid/").is_none());
    }

    #[test]
    fn base32_matches_rfc4648_vectors() {
        assert_eq!(base32(b""), "");
        assert_eq!(base32(b"f"), "MY");
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(
            base32(b"12345678901234567890"),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
    }

    #[test]
    fn issued_token_has_a_160_bit_seed_and_a_serial_of_its_model() {
        let t = issue(TokenModel::Hardware, &mut OsRandom, |_| false);
        assert_eq!(t.seed.len() * 8, 160);
        assert_eq!(t.serial.model(), TokenModel::Hardware);
        assert!(t.serial.as_str().starts_with("SKHT"));
    }

    #[test]
    fn issued_serial_avoids_taken_ones() {
        let first = issue(TokenModel::Software, &mut OsRandom, |_| false).serial;
        let second = issue(TokenModel::Software, &mut OsRandom, |s| *s == first).serial;
        assert_ne!(first, second);
    }

    #[test]
    fn otpauth_uri_parses_back_through_totp_rs_to_the_same_seed_and_parameters() {
        let t = token();
        let parsed = totp_rs::TOTP::from_url(otpauth_uri(&t)).expect("a valid otpauth URI");
        assert_eq!(parsed.secret, t.seed);
        assert_eq!(parsed.algorithm, totp_rs::Algorithm::SHA1);
        assert_eq!(parsed.digits, DIGITS);
        assert_eq!(parsed.step, STEP_SECONDS);
        assert_eq!(parsed.account_name, "SKTS10000001");
        assert_eq!(parsed.issuer.as_deref(), Some(ISSUER));
        assert_eq!(
            parsed.generate(1_700_000_000),
            totp::code_at(&t.seed, 1_700_000_000)
        );
    }
}
