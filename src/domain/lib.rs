//! The bank's rules as pure Rust: no web APIs, so every rule is tested natively and fast.
//!
//! - [`input`]: how each field is normalised and validated (docs/design.md#input-rules).
//! - [`totp`]: RFC 6238 codes through totp-rs, and the acceptance window.
//! - [`card`]: the お客様カード row and the two-column confirmation challenge.
//! - [`date`]: Unix seconds to the date and time in Japan (JST), for the bank's timestamps.
//! - [`keyboard`]: the software keyboard's keys and their shuffled order.
//! - [`token`]: a token, issuing one, and its `otpauth://` URI.
//! - [`directory`]: the customers and the vendor's token registry (fixed data), and [`directory::Lookup`],
//!   how the bank reads them.
//! - [`ledger`]: what changes and is stored: enrolments, last accepted steps, counters and locks.
//! - [`flows`]: flows in progress, their procedure, stage and idle expiry.
//! - [`time_limit`]: when the page warns of the idle time limit, and when it is over.
//! - [`errors`]: every refusal the bank can give.
//! - [`bank`]: the state machine (ログイン, 利用開始, 交換, 利用中止, the loss report, the card), with
//!   the clock and random source passed in.
//! - [`demo_data`]: the demo customers and tokens (the browser's demo bank and the server's `--demo`).
//! - [`back_office`]: the tokens and the bank's desk as the demo kit shows them, over either demo bank.
//! - [`desk`]: what the bank's operators do for a customer identified by another channel: lift a
//!   lock, stop a suspended or locked token, read where the customer stands.
//! - [`audit`]: the audit trail's events, derived from each step's answer and the ledger.
//! - [`history`]: ご利用履歴, the events a customer is shown of their own contract.
//!
//! - [`operation`]: each customer's call as a type naming its path, its answer and its step, and
//!   the list of them all, so banks, server and tests dispatch every call generically.
//! - [`wire`]: the HTTP contract (JSON bodies, problem+json, error codes and statuses) shared by
//!   the page's HTTP bank and the server.
//!
//! Nothing here uses Leptos or web-sys, so a server compiles the same rules.

pub mod audit;
pub mod back_office;
pub mod bank;
pub mod card;
pub mod date;
pub mod demo_data;
pub mod desk;
pub mod directory;
pub mod errors;
pub mod flows;
pub mod history;
pub mod input;
pub mod keyboard;
pub mod ledger;
pub mod operation;
mod spelling;
pub mod time_limit;
pub mod token;
pub mod totp;
pub mod wire;

/// Compares two byte strings without stopping at the first difference, so the time taken does not
/// tell how much of a password or code was right. (Only the length can differ in time.)
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A source of randomness, injected so the rules can be tested with fixed bytes.
///
/// In the app this is the browser's CSPRNG (`crypto.getRandomValues`, through getrandom).
pub trait RandomSource {
    /// Fills `buf` with random bytes.
    fn fill(&mut self, buf: &mut [u8]);
}

/// The platform CSPRNG (getrandom: `crypto.getRandomValues` in the browser, the OS natively).
#[derive(Debug, Default, Clone, Copy)]
pub struct OsRandom;

impl RandomSource for OsRandom {
    fn fill(&mut self, buf: &mut [u8]) {
        // getrandom only fails where no CSPRNG exists at all; refusing to run is the safe answer there.
        getrandom::getrandom(buf).expect("the platform offers no secure random source");
    }
}

/// Where "now" comes from, in Unix seconds. The demo bank (and later the token emulators) read the
/// time only through this, so tests can fix or move it.
pub trait Clock: Send + Sync {
    /// Seconds since the Unix epoch.
    fn now(&self) -> u64;
}

/// The real time: `Date.now()` in the browser (where `SystemTime::now()` panics), the OS natively.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[cfg(target_arch = "wasm32")]
    fn now(&self) -> u64 {
        (js_sys::Date::now() / 1000.0) as u64
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn now(&self) -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default()
    }
}
