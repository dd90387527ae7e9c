//! Clocks the server can run on besides the system clock, for tests: a manual one (in-process
//! tests set and move it) and an offset one (`--test-hooks` moves it over HTTP). Production uses
//! the domain's `SystemClock` and nothing here.

use shinkin_otp_domain::{Clock, SystemClock};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};

/// A clock that stands still until told otherwise.
#[derive(Debug)]
pub struct ManualClock(AtomicU64);

impl ManualClock {
    /// A clock showing `now` (Unix seconds).
    pub fn new(now: u64) -> ManualClock {
        ManualClock(AtomicU64::new(now))
    }

    /// Moves the clock by `seconds`.
    pub fn advance(&self, seconds: u64) {
        self.0.fetch_add(seconds, Ordering::SeqCst);
    }

    /// Sets the clock.
    pub fn set(&self, now: u64) {
        self.0.store(now, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// The system clock plus an offset that `--test-hooks` can move (to expire a flow without
/// waiting ten minutes).
#[derive(Debug, Default)]
pub struct OffsetClock(AtomicI64);

impl OffsetClock {
    /// Moves the clock by `seconds` (either way).
    pub fn advance(&self, seconds: i64) {
        self.0.fetch_add(seconds, Ordering::SeqCst);
    }
}

impl Clock for OffsetClock {
    fn now(&self) -> u64 {
        SystemClock
            .now()
            .saturating_add_signed(self.0.load(Ordering::SeqCst))
    }
}
