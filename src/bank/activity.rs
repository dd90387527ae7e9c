//! When the page last reached the bank: the time its last answered call was *sent*, from which the
//! page counts a flow's or session's idle time (`domain::time_limit`).
//!
//! Only a call the bank answered counts — done or refused by its rules, which touched the flow or
//! session first. A call with no usable answer (unreachable, timed out, a server error) may never
//! have arrived, so it leaves the older time: counting from it, the page's end never falls after
//! the bank's.

use super::{CallError, Watcher};
use crate::domain::Clock;
use std::future::Future;
use std::sync::{Arc, Mutex};

/// The last answered call's send time, and who wants to hear of a newer one.
pub struct Activity {
    clock: Arc<dyn Clock>,
    sent: Mutex<Option<u64>>,
    watchers: Mutex<Vec<Watcher>>,
}

impl Activity {
    /// Nothing sent yet, on `clock` (the app's: a test's controls it).
    pub fn new(clock: Arc<dyn Clock>) -> Activity {
        Activity {
            clock,
            sent: Mutex::new(None),
            watchers: Mutex::new(Vec::new()),
        }
    }

    /// `call`, sent now: its send time recorded once the bank has answered it.
    pub fn track<'a, T>(
        &'a self,
        call: impl Future<Output = Result<T, CallError>> + 'a,
    ) -> impl Future<Output = Result<T, CallError>> + 'a {
        let sent = self.clock.now();
        async move {
            let answer = call.await;
            if matches!(answer, Ok(_) | Err(CallError::Refused(_))) {
                self.answered(sent);
            }
            answer
        }
    }

    /// A call sent at `sent` was answered: the newest such time is kept, and the watchers told.
    pub fn answered(&self, sent: u64) {
        {
            let mut last = self.sent.lock().unwrap_or_else(|e| e.into_inner());
            *last = Some(last.map_or(sent, |before| before.max(sent)));
        }
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

    /// Calls `wake` after each answered call.
    pub fn watch(&self, wake: Watcher) {
        self.watchers
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(wake);
    }
}
