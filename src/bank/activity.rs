//! When the page last reached the bank: the time its last answered call was *sent*, from which the
//! page counts a flow's or session's idle time (`domain::time_limit`).
//!
//! Only a call the bank answered counts — done or refused by its rules, which touched the flow or
//! session first. A call with no usable answer (unreachable, timed out, a server error) may never
//! have arrived, so it leaves the older time: counting from it, the page's end never falls after
//! the bank's.
//!
//! It also counts the calls still in flight: while one is, the page does not declare its time
//! limit over (a call sent just before the end may yet be committed by the bank, and its answer
//! would restart the count). Each call's settling, answered or not, tells the watchers, so the
//! count is made again.

use super::{CallError, Watcher};
use crate::domain::Clock;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// One call in flight, counted from its sending until it settles or is dropped (abandoned).
struct InFlight(Arc<AtomicUsize>);

impl InFlight {
    fn new(count: Arc<AtomicUsize>) -> InFlight {
        count.fetch_add(1, Ordering::Relaxed);
        InFlight(count)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The last answered call's send time, and who wants to hear of a newer one.
pub struct Activity {
    clock: Arc<dyn Clock>,
    sent: Mutex<Option<u64>>,
    in_flight: Arc<AtomicUsize>,
    watchers: Mutex<Vec<Watcher>>,
}

impl Activity {
    /// Nothing sent yet, on `clock` (the app's: a test's controls it).
    pub fn new(clock: Arc<dyn Clock>) -> Activity {
        Activity {
            clock,
            sent: Mutex::new(None),
            in_flight: Arc::new(AtomicUsize::new(0)),
            watchers: Mutex::new(Vec::new()),
        }
    }

    /// `call`, sent now: in flight until it settles (or is dropped), its send time recorded once
    /// the bank has answered it. Its settling tells the watchers either way.
    pub fn track<'a, T>(
        &'a self,
        call: impl Future<Output = Result<T, CallError>> + 'a,
    ) -> impl Future<Output = Result<T, CallError>> + 'a {
        let sent = self.clock.now();
        let flying = InFlight::new(self.in_flight.clone());
        async move {
            let answer = call.await;
            drop(flying);
            if matches!(answer, Ok(_) | Err(CallError::Refused(_))) {
                self.answered(sent);
            } else {
                self.tell();
            }
            answer
        }
    }

    /// How many tracked calls are sent and not yet settled.
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Relaxed)
    }

    /// A call sent at `sent` was answered: the newest such time is kept, and the watchers told.
    pub fn answered(&self, sent: u64) {
        {
            let mut last = self.sent.lock().unwrap_or_else(|e| e.into_inner());
            *last = Some(last.map_or(sent, |before| before.max(sent)));
        }
        self.tell();
    }

    /// Tells the watchers the count may have changed.
    fn tell(&self) {
        let watchers: Vec<Watcher> = self
            .watchers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        for wake in watchers {
            wake();
        }
    }

    /// When the last answered call was sent (Unix seconds), if any was.
    pub fn last_sent(&self) -> Option<u64> {
        *self.sent.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Calls `wake` after each call settles (answered or not).
    pub fn watch(&self, wake: Watcher) {
        self.watchers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(wake);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::Unavailable;
    use crate::domain::errors::BankError;
    use std::sync::atomic::AtomicU64;
    use std::task::{Context, Poll, Waker};

    struct At(AtomicU64);
    impl Clock for At {
        fn now(&self) -> u64 {
            self.0.load(Ordering::Relaxed)
        }
    }

    /// Runs a future that is ready at once (an answer already in hand).
    fn now_or_never<T>(future: impl Future<Output = T>) -> T {
        let mut future = std::pin::pin!(future);
        match future
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
        {
            Poll::Ready(value) => value,
            Poll::Pending => panic!("the answer was at hand"),
        }
    }

    #[test]
    fn a_call_the_bank_answered_counts_from_when_it_was_sent_and_no_other_does() {
        let clock = Arc::new(At(AtomicU64::new(1_000)));
        let activity = Activity::new(clock.clone());
        let heard = Arc::new(AtomicUsize::new(0));
        activity.watch(Arc::new({
            let heard = heard.clone();
            move || {
                heard.fetch_add(1, Ordering::Relaxed);
            }
        }));
        assert_eq!(activity.last_sent(), None);

        // Sent at 1000, answered (its future finishing) later: 1000 counts.
        let call = activity.track(async { Ok::<_, CallError>(()) });
        clock.0.store(1_005, Ordering::Relaxed);
        now_or_never(call).unwrap();
        assert_eq!(activity.last_sent(), Some(1_000));

        // Refused by the bank's rules: the bank touched it first, so it counts.
        clock.0.store(1_010, Ordering::Relaxed);
        let refused: Result<(), _> = Err(CallError::Refused(BankError::WrongCode));
        let _ = now_or_never(activity.track(async { refused }));
        assert_eq!(activity.last_sent(), Some(1_010));

        // No usable answer: it may never have arrived, so the older time stands.
        clock.0.store(1_020, Ordering::Relaxed);
        for failure in [
            Unavailable::Unreachable,
            Unavailable::Timeout,
            Unavailable::ServerError,
        ] {
            let failed: Result<(), _> = Err(CallError::Unavailable(failure));
            let _ = now_or_never(activity.track(async { failed }));
        }
        assert_eq!(activity.last_sent(), Some(1_010));
        assert_eq!(
            heard.load(Ordering::Relaxed),
            5,
            "told of each call settling"
        );

        // An answer to an older call never moves the count back.
        activity.answered(900);
        assert_eq!(activity.last_sent(), Some(1_010));
    }

    #[test]
    fn a_call_is_in_flight_from_its_sending_until_it_settles() {
        let clock = Arc::new(At(AtomicU64::new(1_000)));
        let activity = Activity::new(clock.clone());
        let heard = Arc::new(AtomicUsize::new(0));
        activity.watch(Arc::new({
            let heard = heard.clone();
            move || {
                heard.fetch_add(1, Ordering::Relaxed);
            }
        }));
        assert_eq!(activity.in_flight(), 0);
        let answered = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let mut slow = Box::pin(activity.track(std::future::poll_fn({
            let answered = answered.clone();
            move |_| match answered.load(Ordering::Relaxed) {
                true => Poll::Ready(Ok::<_, CallError>(())),
                false => Poll::Pending,
            }
        })));
        let mut context = Context::from_waker(Waker::noop());
        assert!(slow.as_mut().poll(&mut context).is_pending());
        assert_eq!(activity.in_flight(), 1, "sent, not answered");
        let failed: Result<(), _> = Err(CallError::Unavailable(Unavailable::Timeout));
        let _ = now_or_never(activity.track(async { failed }));
        assert_eq!(activity.in_flight(), 1, "a failed call settles too");
        clock.0.store(1_700, Ordering::Relaxed);
        answered.store(true, Ordering::Relaxed);
        assert!(slow.as_mut().poll(&mut context).is_ready());
        assert_eq!(activity.in_flight(), 0);
        assert_eq!(activity.last_sent(), Some(1_000));
        assert_eq!(heard.load(Ordering::Relaxed), 2, "told of each settling");

        // A call abandoned before its answer is in flight no more.
        let pending = activity.track(std::future::pending::<Result<(), CallError>>());
        assert_eq!(activity.in_flight(), 1);
        drop(pending);
        assert_eq!(activity.in_flight(), 0);
    }
}
