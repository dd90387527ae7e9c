//! The HTTP face of the server: the one [`routes`] list the router is built from, the handlers, the
//! request checks (same origin, JSON content type, body size), cookies, security headers, and the
//! customer app's static files with their Content-Security-Policy.

mod bank;
mod checks;
mod cookies;
mod demo;
mod extract;
mod hooks;
mod hosts;
mod reply;
mod routes;
mod statics;
#[cfg(test)]
mod tests;

pub use bank::READY_TIMEOUT;
pub use checks::{HSTS, IMMUTABLE};
pub use cookies::{
    Cookies, BINDING_COOKIE, HOST_BINDING_COOKIE, HOST_SESSION_COOKIE, SESSION_COOKIE,
};
pub use extract::{ClientAddress, JsonBody, BODY_LIMIT};
pub use hooks::{ClockRequest, ClockResponse, DelayRequest};
pub use hosts::Hosts;
pub use routes::{router, routes, test_paths, Access, Route};
pub use statics::{csp_for, DEFAULT_CSP};

use crate::clock::OffsetClock;
use crate::limits::RateLimiter;
use crate::service::Service;
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

/// What the HTTP layer needs to know besides the bank.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Whether cookies carry `Secure` (with an `https://` public origin, and everywhere but a
    /// loopback listen address).
    pub secure_cookies: bool,
    /// The names the server answers to.
    pub hosts: Hosts,
    /// An `https://` public origin: `__Host-` cookies with `Path=/`, and HSTS on every answer.
    pub https: bool,
    /// The one other origin allowed to call the API (the browser-test runner's), with CORS.
    pub allow_origin: Option<String>,
    /// `--demo`: the demo endpoints answer.
    pub demo: bool,
    /// The customer app's files, if served.
    pub static_dir: Option<PathBuf>,
    /// The CSP sent with the app's files.
    pub csp: String,
}

impl HttpConfig {
    /// The binding cookie's name: `__Host-` prefixed with an `https://` public origin.
    pub fn binding_cookie(&self) -> &'static str {
        match self.https {
            true => HOST_BINDING_COOKIE,
            false => BINDING_COOKIE,
        }
    }

    /// The session cookie's name: `__Host-` prefixed with an `https://` public origin.
    pub fn session_cookie(&self) -> &'static str {
        match self.https {
            true => HOST_SESSION_COOKIE,
            false => SESSION_COOKIE,
        }
    }
}

/// Test hooks (`--test-hooks`): a movable clock and a delay for every API answer.
#[derive(Debug, Default)]
pub struct TestHooks {
    /// The server's clock, as the hooks move it.
    pub clock: Arc<OffsetClock>,
    /// Milliseconds to wait before answering any API request.
    pub delay_ms: AtomicU64,
}

/// Everything a handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The bank.
    pub service: Service,
    /// The rate limits.
    pub limiter: RateLimiter,
    /// HTTP settings.
    pub config: Arc<HttpConfig>,
    /// Present only with `--test-hooks`.
    pub test_hooks: Option<Arc<TestHooks>>,
}
