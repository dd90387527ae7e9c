//! Time the test controls: the app's clock ([`TestClock`]) and the page's wake-ups, which fire as
//! the test moves the clock rather than after real seconds (the time limit's warning and end).

use super::{doc, settle, Mounted, TestClock};
use leptos::mount::mount_to;
use leptos::prelude::*;
use shinkin_otp::bank::ActiveBank;
use shinkin_otp::domain::Clock;
use shinkin_otp::ui::time_limit::wake::{Wakeup, Wakeups};
use shinkin_otp::ui::App;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// A wake-up waiting for the clock.
struct Pending {
    id: u64,
    due: u64,
    wake: Box<dyn FnOnce()>,
}

/// The wake-ups asked for, on the test's clock.
struct Waiting {
    clock: Arc<TestClock>,
    pending: RefCell<Vec<Pending>>,
    next_id: Cell<u64>,
}

/// The page's [`Wakeups`] over [`Waiting`].
struct TestWakeups(Rc<Waiting>);

impl Wakeups for TestWakeups {
    fn after(&self, seconds: u64, wake: Box<dyn FnOnce()>) -> Wakeup {
        let id = self.0.next_id.get();
        self.0.next_id.set(id + 1);
        let due = self.0.clock.reading() + seconds;
        self.0.pending.borrow_mut().push(Pending { id, due, wake });
        let waiting = Rc::downgrade(&self.0);
        Wakeup::new(move || {
            if let Some(waiting) = waiting.upgrade() {
                waiting.pending.borrow_mut().retain(|p| p.id != id);
            }
        })
    }
}

/// The test's hold on time: move it with [`ControlledTime::advance`].
pub struct ControlledTime {
    /// The app's clock (the demo bank's too).
    pub clock: Arc<TestClock>,
    waiting: Rc<Waiting>,
}

impl Default for ControlledTime {
    fn default() -> ControlledTime {
        ControlledTime::new()
    }
}

impl ControlledTime {
    /// Time starting at the real time now, nothing waiting.
    pub fn new() -> ControlledTime {
        let clock = TestClock::starting_now();
        let waiting = Rc::new(Waiting {
            clock: clock.clone(),
            pending: RefCell::new(Vec::new()),
            next_id: Cell::new(0),
        });
        ControlledTime { clock, waiting }
    }

    /// Moves the clock on by `seconds`, wakes the page for whatever fell due, and lets it settle.
    pub async fn advance(&self, seconds: u64) {
        self.clock.advance(seconds);
        let now = self.clock.reading();
        let due: Vec<Pending> = {
            let mut pending = self.waiting.pending.borrow_mut();
            let (due, later) = pending.drain(..).partition(|p| p.due <= now);
            *pending = later;
            due
        };
        for p in due {
            (p.wake)();
        }
        settle().await;
    }

    /// How many wake-ups wait now (one, while the page counts towards the next change).
    pub fn waiting(&self) -> usize {
        self.waiting.pending.borrow().len()
    }

    /// The clock's reading (Unix seconds).
    pub fn now(&self) -> u64 {
        self.clock.now()
    }
}

/// Mounts the app on empty storage with this time, over `bank` if given (else the page's own).
pub async fn mount_timed(time: &ControlledTime, bank: Option<Arc<ActiveBank>>) -> Mounted {
    super::local_storage().clear().unwrap();
    let container: HtmlElement = doc().create_element("div").unwrap().unchecked_into();
    doc().body().unwrap().append_child(&container).unwrap();
    let clock: Arc<dyn Clock> = time.clock.clone();
    let wakeups: Rc<dyn Wakeups> = Rc::new(TestWakeups(time.waiting.clone()));
    let handle = match bank {
        Some(bank) => mount_to(
            container.clone(),
            move || view! { <App clock bank wakeups/> },
        ),
        None => mount_to(container.clone(), move || view! { <App clock wakeups/> }),
    };
    settle().await;
    Mounted::new(Box::new(handle), container)
}

/// Mounts the app over an HTTP bank at the page's own origin on this time: for a test that
/// answers the page's `fetch` itself (no server).
pub async fn mount_timed_over_http(time: &ControlledTime) -> Mounted {
    use shinkin_otp::bank::{http::HttpBank, Which};
    let bank = ActiveBank::new(Which::Server(HttpBank::at("")), time.clock.clone());
    mount_timed(time, Some(Arc::new(bank))).await
}
