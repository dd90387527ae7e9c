//! The kit's view of time: one ticking signal read from the same [`Clock`] the demo bank uses, and a
//! per-token skew in whole steps so a presenter can show a token whose clock is off.
//!
//! # Usage
//! ```no_run
//! use shinkin_otp::domain::input::Serial;
//! use shinkin_otp::domain::{totp, SystemClock};
//! use shinkin_otp::ui::kit::clock::{provide_kit_clock, use_kit_clock};
//! use std::sync::Arc;
//! # let (seed, serial) = (vec![0u8; 20], Serial::parse("SKTS10000001").unwrap());
//! provide_kit_clock(Arc::new(SystemClock));
//! let kit = use_kit_clock();
//! kit.run(); // in the component that shows codes: ticks while it lives
//! let code = move || totp::code_at(&seed, kit.token_now(&serial));
//! ```

use crate::domain::input::Serial;
use crate::domain::totp::STEP_SECONDS;
use crate::domain::Clock;
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;

/// Skews are kept within this many steps either way: enough to show drift, not enough to confuse.
pub const MAX_SKEW_STEPS: i64 = 10;

/// Time as the emulators see it.
#[derive(Clone, Copy)]
pub struct KitClock {
    /// The shared clock's reading, updated every second while a component that shows codes runs it.
    pub now: RwSignal<u64>,
    /// Per-token skew in steps (positive: the token runs fast).
    skews: RwSignal<Vec<(Serial, i64)>>,
    /// The shared clock itself.
    source: StoredValue<Arc<dyn Clock>>,
}

impl KitClock {
    /// The skew of `serial`'s clock, in steps.
    pub fn skew(&self, serial: &Serial) -> i64 {
        self.skews
            .with(|s| s.iter().find(|(x, _)| x == serial).map_or(0, |&(_, k)| k))
    }

    /// Moves `serial`'s clock by `steps` (clamped to ±[`MAX_SKEW_STEPS`]); `None` puts it right.
    pub fn adjust(&self, serial: &Serial, steps: Option<i64>) {
        let skew = steps.map_or(0, |d| {
            (self.skew(serial) + d).clamp(-MAX_SKEW_STEPS, MAX_SKEW_STEPS)
        });
        self.skews.update(|s| {
            s.retain(|(x, _)| x != serial);
            if skew != 0 {
                s.push((serial.clone(), skew));
            }
        });
    }

    /// Now on `serial`'s clock (reactive): the shared time plus its skew.
    pub fn token_now(&self, serial: &Serial) -> u64 {
        let skew = self.skew(serial) * STEP_SECONDS as i64;
        self.now.get().saturating_add_signed(skew)
    }

    /// Now on `serial`'s clock, read from the shared clock itself (not the tick, which stands
    /// still while nothing shows codes): for the tour's "do it for me".
    pub fn token_now_read(&self, serial: &Serial) -> u64 {
        let skew = self.skew(serial) * STEP_SECONDS as i64;
        self.source
            .with_value(|c| c.now())
            .saturating_add_signed(skew)
    }
}

impl KitClock {
    /// Ticks every second for as long as the calling component lives (the kit while it is open,
    /// an emulator page): nothing ticks while no code is on screen.
    pub fn run(&self) {
        let (now, source) = (self.now, self.source);
        now.set(source.with_value(|c| c.now()));
        // Codes change every 30 s; a tick each second keeps the countdowns honest.
        if let Ok(handle) = set_interval_with_handle(
            move || now.set(source.with_value(|c| c.now())),
            Duration::from_secs(1),
        ) {
            on_cleanup(move || handle.clear());
        }
    }
}

/// Gives the kit's clock (reading `clock`) to the components below; it ticks only while a
/// component showing codes [runs](KitClock::run) it.
pub fn provide_kit_clock(clock: Arc<dyn Clock>) -> KitClock {
    let kit = KitClock {
        now: RwSignal::new(clock.now()),
        skews: RwSignal::new(Vec::new()),
        source: StoredValue::new(clock),
    };
    provide_context(kit);
    kit
}

/// The kit clock of the enclosing page.
pub fn use_kit_clock() -> KitClock {
    expect_context::<KitClock>()
}
