//! Start-up timing marks: where the time between the wasm arriving and the live login screen goes.
//!
//! Each mark is a `performance.mark` named `app:…`, beside the loader's `loader:…` marks
//! (scripts/post-build.mjs); `scripts/bench/startup.mjs` reads them with the page's resource
//! timings and prints the breakdown the README quotes. A mark costs a few microseconds and sends
//! nothing anywhere.
//!
//! Usage:
//!
//! ```no_run
//! use shinkin_otp::ui::timing::{mark, Mark};
//! mark(Mark::Instantiated);
//! ```

/// The start-up's steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// `main` runs: the wasm is fetched, compiled and instantiated.
    Instantiated,
    /// The start-up's second task begins ([`crate::ui::start_in_next_task`]).
    Started,
    /// The prerendered screen's typing and focus are read and its markup removed.
    TakenOver,
    /// The live screen is built and in the document.
    Mounted,
    /// The typing and focus are back in the live screen.
    Restored,
}

impl Mark {
    /// The mark's name in the page's performance timeline.
    pub fn name(self) -> &'static str {
        match self {
            Mark::Instantiated => "app:instantiated",
            Mark::Started => "app:started",
            Mark::TakenOver => "app:taken-over",
            Mark::Mounted => "app:mounted",
            Mark::Restored => "app:restored",
        }
    }
}

/// Records `step` in the page's performance timeline; nothing where there is none (a worker, a
/// browser without the API).
pub fn mark(step: Mark) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(step.name());
    }
}
