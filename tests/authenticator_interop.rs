//! A real authenticator app stands in for a demo token: this test plays that app with its own
//! SHA-1, HMAC and base32 (none of the crate's code), reading only the `otpauth://` URI the kit shows,
//! and the demo bank must accept the codes it computes.
#![cfg(not(target_arch = "wasm32"))]

use shinkin_otp::bank::demo::DemoBank;
use shinkin_otp::bank::demo_data::CUSTOMERS;
use shinkin_otp::bank::store::MemoryStore;
use shinkin_otp::bank::tab_lock::SingleTab;
use shinkin_otp::bank::Calls;
use shinkin_otp::domain::bank::{LoginStep, NewToken};
use shinkin_otp::domain::flows::Procedure;
use shinkin_otp::domain::input::{self, TokenModel};
use shinkin_otp::domain::ledger::LoginOtp;
use shinkin_otp::domain::token;
use shinkin_otp::domain::Clock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

struct TestClock(AtomicU64);
impl Clock for TestClock {
    fn now(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// FIPS 180-4 SHA-1.
fn sha1(message: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
    let mut data = message.to_vec();
    let bit_len = (message.len() as u64) * 8;
    data.push(0x80);
    while data.len() % 64 != 56 {
        data.push(0);
    }
    data.extend_from_slice(&bit_len.to_be_bytes());
    for block in data.chunks(64) {
        let mut w = [0u32; 80];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([
                block[4 * i],
                block[4 * i + 1],
                block[4 * i + 2],
                block[4 * i + 3],
            ]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A827999),
                20..=39 => (b ^ c ^ d, 0x6ED9EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDC),
                _ => (b ^ c ^ d, 0xCA62C1D6),
            };
            let t = a
                .rotate_left(5)
                .wrapping_add(f)
                .wrapping_add(e)
                .wrapping_add(k)
                .wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    let mut out = [0u8; 20];
    for (i, word) in h.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// RFC 2104 HMAC over SHA-1 (keys here are shorter than the 64-byte block).
fn hmac_sha1(key: &[u8], message: &[u8]) -> [u8; 20] {
    let mut block = [0u8; 64];
    block[..key.len()].copy_from_slice(key);
    let inner: Vec<u8> = block
        .iter()
        .map(|b| b ^ 0x36)
        .chain(message.iter().copied())
        .collect();
    let outer: Vec<u8> = block.iter().map(|b| b ^ 0x5c).chain(sha1(&inner)).collect();
    sha1(&outer)
}

/// RFC 4226 HOTP with dynamic truncation, 6 digits.
fn hotp(key: &[u8], counter: u64) -> String {
    let mac = hmac_sha1(key, &counter.to_be_bytes());
    let offset = usize::from(mac[19] & 0x0f);
    let bin = u32::from_be_bytes([
        mac[offset] & 0x7f,
        mac[offset + 1],
        mac[offset + 2],
        mac[offset + 3],
    ]);
    format!("{:06}", bin % 1_000_000)
}

/// RFC 4648 base32 decoding, as an authenticator app reads `secret=`.
fn base32_decode(text: &str) -> Vec<u8> {
    let (mut out, mut buffer, mut bits) = (Vec::new(), 0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'2'..=b'7' => c - b'2' + 26,
            _ => panic!("not base32: {c}"),
        };
        buffer = (buffer << 5) | u32::from(v);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
    }
    out
}

/// What an authenticator app takes from the URI: secret, digits, period (and that it is SHA1 TOTP).
fn read_uri(uri: &str) -> Vec<u8> {
    let query = uri
        .strip_prefix("otpauth://totp/")
        .and_then(|rest| rest.split_once('?'))
        .expect("an otpauth TOTP URI")
        .1;
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    assert_eq!(param("algorithm"), "SHA1");
    assert_eq!(param("digits"), "6");
    assert_eq!(param("period"), "30");
    base32_decode(param("secret"))
}

/// Runs a future that never waits (the demo bank's never do).
fn pollster<F: std::future::Future>(f: F) -> F::Output {
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match std::pin::pin!(f).poll(&mut cx) {
        std::task::Poll::Ready(v) => v,
        std::task::Poll::Pending => panic!("the demo bank never waits"),
    }
}

#[test]
fn independent_sha1_matches_fips_180_vector() {
    let digest = sha1(b"abc");
    assert_eq!(
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>(),
        "a9993e364706816aba3e25717850c26c9cd0d89d"
    );
    // RFC 4226 appendix D: HOTP of the ASCII key "12345678901234567890" at counter 0.
    assert_eq!(hotp(b"12345678901234567890", 0), "755224");
}

#[test]
fn code_from_the_exported_secret_is_accepted_by_the_demo_bank() {
    let clock = Arc::new(TestClock(AtomicU64::new(1_790_000_000)));
    let bank = DemoBank::new(
        Box::new(MemoryStore::default()),
        Box::new(SingleTab),
        clock.clone(),
    );
    let issued = pollster(bank.issue_token(TokenModel::Software));
    let key = read_uri(&token::otpauth_uri(&issued));
    let app_code = |now: u64| input::otp_code(&hotp(&key, now / 30)).unwrap();

    let hanako = CUSTOMERS[0];
    let id = input::contract_id(hanako.contract_id).unwrap();
    let flow = pollster(bank.authenticate(Procedure::Start, &id, hanako.password))
        .expect("利用者認証")
        .flow;
    let new = NewToken {
        serial: issued.serial.clone(),
        code: app_code(clock.now()),
        login_otp: LoginOtp::Required,
    };
    let challenge = pollster(bank.register_token(&flow, &new)).expect("the app's code is accepted");
    pollster(bank.confirm_card(
        &flow,
        [hanako.card[challenge.first], hanako.card[challenge.second]],
    ))
    .expect("確認用パスワード");

    // Next step: login with the app's code.
    clock.0.store(clock.now() + 30, Ordering::Relaxed);
    let LoginStep::NeedsCode { flow: login } = pollster(bank.login(&id, hanako.password)).unwrap()
    else {
        panic!("認証する asks for a code at login");
    };
    assert!(pollster(bank.login_code(&login, &app_code(clock.now()))).is_ok());
}
