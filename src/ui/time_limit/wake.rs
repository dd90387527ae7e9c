//! Waking the page at a later reading of its clock: the browser's `setTimeout`, unless a test
//! moves the clock itself and wakes the page as it does.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Wakes the page once a number of seconds of its clock have passed.
pub trait Wakeups {
    /// Calls `wake` once `seconds` have passed (never sooner); dropping the [`Wakeup`] cancels it.
    fn after(&self, seconds: u64, wake: Box<dyn FnOnce()>) -> Wakeup;
}

/// A wake-up asked for: dropping it cancels it.
pub struct Wakeup(Option<Box<dyn FnOnce()>>);

impl Wakeup {
    /// A wake-up that `cancel` calls off.
    pub fn new(cancel: impl FnOnce() + 'static) -> Wakeup {
        Wakeup(Some(Box::new(cancel)))
    }
}

impl Drop for Wakeup {
    fn drop(&mut self) {
        if let Some(cancel) = self.0.take() {
            cancel();
        }
    }
}

/// The real time's wake-ups: one `setTimeout` each.
pub struct BrowserTimer;

impl Wakeups for BrowserTimer {
    fn after(&self, seconds: u64, wake: Box<dyn FnOnce()>) -> Wakeup {
        let Some(window) = web_sys::window() else {
            return Wakeup(None);
        };
        // A timeout is an i32 of milliseconds (about 24 days); a limit is minutes.
        let ms = i32::try_from(seconds.saturating_mul(1000)).unwrap_or(i32::MAX);
        let closure = Closure::once(wake);
        let id = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                closure.as_ref().unchecked_ref(),
                ms,
            )
            .ok();
        // The closure lives as long as the wake-up: the caller drops it only after it has run
        // (the page's wake only notifies, and reschedules later) or to cancel it.
        Wakeup::new(move || {
            if let Some(id) = id {
                window.clear_timeout_with_handle(id);
            }
            drop(closure);
        })
    }
}
