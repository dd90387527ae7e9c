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

/// Bytes a seed read from an `otpauth://` URI must have at least: 128 bits, RFC 4226's minimum (the
/// bound totp-rs's reader held it to).
pub const MIN_URI_SEED_BYTES: usize = 16;

/// The token an `otpauth://` URI of [`otpauth_uri`]'s shape describes: how the kit reads a token the
/// server's demo vendor sent. Read here, strictly, rather than by totp-rs's `otpauth` feature, which
/// would put the `url` crate and its IDNA Unicode tables into the wasm for this one reading.
///
/// The rules: `otpauth://totp/` exactly; the label, percent-decoded, is `ISSUER:SERIAL` or `SERIAL`
/// (spaces after the colon allowed, as the Key Uri Format says) and the serial is one
/// [`Serial::parse`] accepts; the query is `key=value` pairs joined by `&`, each value
/// percent-decoded (`%` followed by two hex digits, the result UTF-8; other keys' too), none of `secret`, `issuer`,
/// `algorithm`, `digits` or `period` twice, other keys ignored; `secret` present, RFC 4648 base32
/// without padding, at least [`MIN_URI_SEED_BYTES`]; `issuer`, if both it and the label name one,
/// the same as the label's; `algorithm` `SHA1`, `digits` `6` and `period` `30` exactly where given
/// (those are the Key Uri Format's defaults where not). `None` for anything else — another
/// algorithm, digit count or period, a fragment, bad percent-encoding, no secret or a short one, an
/// account name that is not a serial.
pub fn from_otpauth_uri(uri: &str) -> Option<Token> {
    let (label, query) = uri.strip_prefix("otpauth://totp/")?.split_once('?')?;
    if query.contains('#') {
        return None;
    }
    let label = percent_decode(label)?;
    let (label_issuer, account) = match label.split_once(':') {
        Some((issuer, account)) => (Some(issuer), account.trim_start_matches(' ')),
        None => (None, label.as_str()),
    };
    let [mut secret, mut issuer, mut algorithm, mut digits, mut period] = [(); 5].map(|_| None);
    for pair in query.split('&') {
        let (key, value) = pair.split_once('=')?;
        let value = percent_decode(value)?;
        let slot = match key {
            "secret" => &mut secret,
            "issuer" => &mut issuer,
            "algorithm" => &mut algorithm,
            "digits" => &mut digits,
            "period" => &mut period,
            _ => continue,
        };
        if slot.replace(value).is_some() {
            return None;
        }
    }
    let is = |given: Option<String>, ours: &str| given.is_none_or(|g| g == ours);
    let ours = is(algorithm, "SHA1")
        && is(digits, &DIGITS.to_string())
        && is(period, &STEP_SECONDS.to_string())
        && (label_issuer.is_none() || issuer.is_none() || label_issuer == issuer.as_deref());
    let serial = Serial::parse(account).filter(|_| ours)?;
    let seed = totp_rs::Secret::Encoded(secret?).to_bytes().ok()?;
    (seed.len() >= MIN_URI_SEED_BYTES).then(|| Token {
        model: serial.model(),
        serial,
        seed,
    })
}

/// `text` with each `%` and two hex digits replaced by the byte they name; `None` for a `%` without
/// two hex digits after it, or bytes that are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&b, after)) = rest.split_first() {
        if b == b'%' {
            let hex = after
                .get(..2)
                .filter(|h| h.iter().all(u8::is_ascii_hexdigit))?;
            bytes.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            rest = &after[2..];
        } else {
            bytes.push(b);
            rest = after;
        }
    }
    String::from_utf8(bytes).ok()
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
    fn an_otpauth_uri_without_algorithm_digits_or_period_reads_as_the_key_uri_formats_defaults() {
        let t = token();
        let uri = otpauth_uri(&t).replace("&algorithm=SHA1&digits=6&period=30", "");
        assert_eq!(from_otpauth_uri(&uri), Some(t.clone()));
        // The label without an issuer, or with an encoded colon and a space, reads the same.
        let secret = base32(&t.seed);
        for label in [
            "SKTS10000001",
            "Bank%3A%20SKTS10000001",
            "Bank:SKTS10000001",
        ] {
            let uri = format!("otpauth://totp/{label}?secret={secret}");
            assert_eq!(from_otpauth_uri(&uri), Some(t.clone()), "{label}");
        }
    }

    #[test]
    fn an_otpauth_uri_of_another_algorithm_digit_count_or_period_is_not_a_token() {
        let uri = otpauth_uri(&token());
        for (ours, theirs) in [
            ("algorithm=SHA1", "algorithm=SHA256"),
            ("algorithm=SHA1", "algorithm=sha1"),
            ("digits=6", "digits=8"),
            ("digits=6", "digits=06"),
            ("period=30", "period=60"),
        ] {
            assert!(
                from_otpauth_uri(&uri.replace(ours, theirs)).is_none(),
                "{theirs}"
            );
        }
        // Nor when a parameter is named twice, even agreeing the second time.
        assert!(from_otpauth_uri(&format!("{uri}&digits=6")).is_none());
        assert!(from_otpauth_uri(&format!("{uri}&digits=8")).is_none());
    }

    #[test]
    fn a_uri_of_another_scheme_or_kind_is_not_a_token() {
        let uri = otpauth_uri(&token());
        for other in [
            "https://",
            "OTPAUTH://",
            "otpauth://hotp/",
            "otpauth://TOTP/",
            "otpauth:/totp/",
        ] {
            let wrong = uri.replacen("otpauth://totp/", other, 1);
            assert!(from_otpauth_uri(&wrong).is_none(), "{other}");
        }
        assert!(from_otpauth_uri("https://example.invalid/").is_none());
        assert!(from_otpauth_uri("").is_none());
        assert!(from_otpauth_uri(&format!("{uri}#fragment")).is_none());
    }

    #[test]
    fn an_otpauth_uri_with_bad_percent_encoding_is_not_a_token() {
        let uri = otpauth_uri(&token());
        assert!(
            uri.contains("%E3%81%97"),
            "the issuer is percent-encoded: {uri}"
        );
        // Not two hex digits; a sign (u8::from_str_radix's "+F"); a cut-off UTF-8 sequence; a
        // lone % at the end; in the label and in the issuer parameter.
        for (ours, theirs) in [
            ("%E3%81%97", "%G3%81%97"),
            ("%E3%81%97", "%+3%81%97"),
            ("%E3%81%97", "%E3%81"),
            ("%E3%81%97", "%E"),
        ] {
            let label = uri.replacen(ours, theirs, 1);
            assert!(from_otpauth_uri(&label).is_none(), "label {theirs}");
            let issuer = format!(
                "otpauth://totp/SKTS10000001?secret={}&issuer={theirs}",
                base32(&token().seed)
            );
            assert!(from_otpauth_uri(&issuer).is_none(), "issuer {theirs}");
        }
        assert!(
            from_otpauth_uri(&format!("{uri}&image=%")).is_none(),
            "a lone % in another parameter"
        );
    }

    #[test]
    fn an_otpauth_uri_without_a_good_secret_is_not_a_token() {
        let t = token();
        let uri = otpauth_uri(&t);
        let secret = base32(&t.seed);
        let missing = uri.replace(&format!("secret={secret}&"), "");
        assert!(!missing.contains("secret="));
        assert!(from_otpauth_uri(&missing).is_none(), "no secret");
        assert!(
            from_otpauth_uri(&uri.replace(&secret, "")).is_none(),
            "an empty secret"
        );
        assert!(
            from_otpauth_uri(&uri.replace(&secret, "NOT-BASE32!")).is_none(),
            "not base32"
        );
        // 120 bits: under RFC 4226's 128.
        let short = base32(&t.seed[..15]);
        assert!(
            from_otpauth_uri(&uri.replace(&secret, &short)).is_none(),
            "120 bits"
        );
        let just = base32(&t.seed[..MIN_URI_SEED_BYTES]);
        assert!(
            from_otpauth_uri(&uri.replace(&secret, &just)).is_some(),
            "128 bits"
        );
    }

    #[test]
    fn an_otpauth_uri_whose_account_is_not_a_serial_or_whose_issuers_differ_is_not_a_token() {
        let uri = otpauth_uri(&token());
        assert!(from_otpauth_uri(&uri.replace("SKTS10000001", "someone")).is_none());
        assert!(from_otpauth_uri(&uri.replace("SKTS10000001", "SKTS1000000")).is_none());
        let issuer = percent_encode(ISSUER);
        let other = uri.replacen(&format!("{issuer}:"), "Other:", 1);
        assert!(
            from_otpauth_uri(&other).is_none(),
            "label issuer Other, issuer parameter ours"
        );
        assert!(
            from_otpauth_uri(&uri.replacen("&", "&x&", 1)).is_none(),
            "a pair without ="
        );
    }

    #[test]
    fn totp_rs_s_own_otpauth_uri_reads_as_the_same_token() {
        // totp-rs's writer (its `otpauth` feature, a dev-dependency only) as an independent one.
        let t = token();
        let totp = totp_rs::TOTP::new(
            totp_rs::Algorithm::SHA1,
            DIGITS,
            1,
            STEP_SECONDS,
            t.seed.clone(),
            Some(ISSUER.to_owned()),
            t.serial.to_string(),
        )
        .expect("valid parameters");
        assert_eq!(from_otpauth_uri(&totp.get_url()), Some(t));
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

    #[test]
    fn an_otpauth_uri_keeps_unreserved_characters_and_percent_encodes_every_other_byte() {
        // RFC 3986's unreserved characters as they are; a space, a colon and UTF-8 as %XX.
        assert_eq!(
            percent_encode("Shinkin-Bank_1.0~ x:し"),
            "Shinkin-Bank_1.0~%20x%3A%E3%81%97"
        );
    }
}
