//! Mutual exclusion between the tabs of one origin, so that one tab's read-change-write of the demo
//! bank's stored state never interleaves with another tab's.
//!
//! In the browser this is the Web Locks API (`navigator.locks.request`). web-sys has `LockManager`
//! only behind `--cfg web_sys_unstable_apis`, so it is called through `js_sys::Reflect` instead.
//! Where the API is missing (an `http://` page that is not localhost is not a secure context, and
//! there `navigator.locks` is undefined) or refuses (an opaque origin), [`WebLocks`] grants at once:
//! the caller's read-change-write is then still one synchronous section, which nothing else in the
//! same tab can interrupt (a page runs its JavaScript and wasm on one thread), but another tab could.
//!
//! # Usage
//! ```no_run
//! # async fn demo() {
//! use shinkin_otp::bank::tab_lock::{TabLock, WebLocks};
//! let lock = WebLocks::new("shinkin-otp.example");
//! let held = lock.acquire().await;
//! // … read, change and write storage without awaiting anything …
//! drop(held); // the next tab (or call) may go on
//! # }
//! ```

use std::future::Future;
use std::pin::Pin;

/// The wait for a lock.
pub type Acquiring<'a> = Pin<Box<dyn Future<Output = Held> + 'a>>;

/// A lock shared by every tab of the origin (or, in tests, by the "tabs" that share a store).
pub trait TabLock: Send + Sync {
    /// Waits until this caller holds the lock; it is held until the [`Held`] is dropped.
    fn acquire(&self) -> Acquiring<'_>;
}

/// A held lock: dropping it releases the lock.
#[must_use = "the lock is released as soon as this is dropped"]
pub struct Held(Option<Box<dyn FnOnce()>>);

impl Held {
    /// Nothing to release (no lock was needed or none could be had).
    pub fn nothing() -> Held {
        Held(None)
    }

    /// Runs `release` when dropped.
    pub fn releasing(release: impl FnOnce() + 'static) -> Held {
        Held(Some(Box::new(release)))
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(release) = self.0.take() {
            release();
        }
    }
}

/// No other tab to keep out: native code, and tests of one tab.
#[derive(Debug, Default, Clone, Copy)]
pub struct SingleTab;

impl TabLock for SingleTab {
    fn acquire(&self) -> Acquiring<'_> {
        Box::pin(std::future::ready(Held::nothing()))
    }
}

/// The Web Locks API's exclusive lock called `name`, shared by every tab of the origin.
#[derive(Debug, Clone, Copy)]
pub struct WebLocks {
    // Read only in the browser: natively there is no other tab to lock out.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    name: &'static str,
}

impl WebLocks {
    /// The lock called `name`.
    pub fn new(name: &'static str) -> WebLocks {
        WebLocks { name }
    }
}

impl TabLock for WebLocks {
    #[cfg(target_arch = "wasm32")]
    fn acquire(&self) -> Acquiring<'_> {
        match web::request(self.name) {
            Some(waiting) => Box::pin(waiting),
            None => Box::pin(std::future::ready(Held::nothing())),
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn acquire(&self) -> Acquiring<'_> {
        SingleTab.acquire()
    }
}

#[cfg(target_arch = "wasm32")]
mod web {
    use super::Held;
    use js_sys::{Function, Promise, Reflect};
    use std::future::{poll_fn, Future};
    use std::pin::Pin;
    use std::task::Poll;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    /// A promise and the function that resolves it.
    fn promise() -> (Promise, Function) {
        let mut resolve = None;
        let promise = Promise::new(&mut |res, _| resolve = Some(res));
        // A Promise's executor runs before the constructor returns.
        (promise, resolve.unwrap_or_else(Function::default))
    }

    /// Asks for the lock `name`; `None` where the browser has no Web Locks API.
    ///
    /// The lock is held for as long as the promise the request's callback returns is pending, so
    /// the callback returns `release`, which the [`Held`] resolves when dropped. The `Held` exists
    /// before the wait starts: if the waiting future is dropped (its screen left), the lock, once
    /// granted, is released at once instead of never.
    pub fn request(name: &str) -> Option<impl Future<Output = Held>> {
        let navigator = Reflect::get(&js_sys::global(), &"navigator".into()).ok()?;
        let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
        let request: Function = Reflect::get(&locks, &"request".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let (granted, grant) = promise();
        let (release, let_go) = promise();
        let callback = Closure::once_into_js(move |_lock: JsValue| -> Promise {
            let _ = grant.call0(&JsValue::NULL);
            release
        });
        let held = Held::releasing(move || {
            let _ = let_go.call0(&JsValue::NULL);
        });
        let outcome: Promise = request
            .call2(&locks, &JsValue::from_str(name), &callback)
            .ok()?
            .dyn_into()
            .ok()?;
        let mut granted = JsFuture::from(granted);
        let mut outcome = JsFuture::from(outcome);
        Some(async move {
            // The request's own promise settles before the grant only if the request failed (a
            // SecurityError on an opaque origin, say): then go on without the lock.
            poll_fn(|cx| {
                if Pin::new(&mut granted).poll(cx).is_ready()
                    || Pin::new(&mut outcome).poll(cx).is_ready()
                {
                    Poll::Ready(())
                } else {
                    Poll::Pending
                }
            })
            .await;
            held
        })
    }
}
