//! The contract between the screens and the bank.
//!
//! Screens call the bank only through [`BankApi`], an async trait, so the in-browser demo bank
//! (`demo`, in the demo build) and the [`http`] bank (against the bank's server) are
//! interchangeable without the screens changing. Each bank implements one generic call, for every
//! [`Operation`]; the screens' named calls are built on it. The app uses [`ActiveBank`], one of the two chosen
//! once at start. A call fails either because the bank refused ([`BankError`]) or, over a network,
//! because no usable answer came ([`Unavailable`]); [`CallError`] holds both.

pub mod activity;
#[cfg(feature = "demo")]
pub mod back_office;
#[cfg(feature = "demo")]
pub mod demo;
pub mod demo_data;
pub mod http;
#[cfg(feature = "demo")]
pub mod store;
pub mod tab_lock;

use crate::domain::errors::BankError;
use crate::domain::history::HistoryEntry;
use crate::domain::input::ContractId;
use crate::domain::operation::Operation;
use crate::domain::Clock;
pub use activity::Activity;

pub use crate::domain::operation::Calls;
use std::future::Future;
use std::sync::Arc;

/// The bank behind the screens, chosen once at start ([`ActiveBank::for_page`]), with the page's
/// [`Activity`]: when its last answered call was sent, which every call through it records.
pub struct ActiveBank {
    bank: Which,
    activity: Activity,
}

/// Which bank is behind the screens.
pub enum Which {
    /// The bank's server: the customer build's only bank; in the demo build, a `--demo` server's.
    Server(http::HttpBank),
    /// The in-browser demo bank (demo build), shared with the kit.
    #[cfg(feature = "demo")]
    InPage(Arc<demo::DemoBank>),
}

impl ActiveBank {
    /// The page's bank. The customer build has only the bank's server (the page's own origin
    /// unless the build names another). The demo build has the in-browser demo bank on `clock`,
    /// unless the page's markup names a server (`demo::page_names_server`).
    pub fn for_page(clock: &Arc<dyn Clock>) -> ActiveBank {
        #[cfg(feature = "demo")]
        if !demo::page_names_server() {
            let demo = Arc::new(demo::DemoBank::in_browser(clock.clone()));
            return ActiveBank::new(Which::InPage(demo), clock.clone());
        }
        ActiveBank::new(Which::Server(http::HttpBank::from_build()), clock.clone())
    }

    /// `bank`, its calls' send times read from `clock` (the app's).
    pub fn new(bank: Which, clock: Arc<dyn Clock>) -> ActiveBank {
        ActiveBank {
            bank,
            activity: Activity::new(clock),
        }
    }

    /// Which bank it is.
    pub fn which(&self) -> &Which {
        &self.bank
    }

    /// When the page last reached the bank (see [`Activity`]).
    pub fn activity(&self) -> &Activity {
        &self.activity
    }
}

/// `$then` on whichever bank is active. With `call`, `$then` is a call and the answer is its
/// future: either bank's, a demo bank's refusal answered as a [`CallError`].
#[cfg(feature = "demo")]
macro_rules! on_active {
    (call $active:expr, $bank:ident => $then:expr) => {{
        // Boxed: a screen awaiting a call then polls one pointer rather than carrying (and
        // inlining) both banks' state machines (docs/perf.md).
        let call: std::pin::Pin<Box<dyn Future<Output = Result<_, CallError>> + '_>> =
            match &$active.bank {
                Which::Server($bank) => Box::pin($then),
                Which::InPage($bank) => Box::pin(futures_util::TryFutureExt::err_into($then)),
            };
        call
    }};
    ($active:expr, $bank:ident => $then:expr) => {
        match &$active.bank {
            Which::Server($bank) => $then,
            Which::InPage($bank) => $then,
        }
    };
}

/// The customer build's only bank is the server: its own calls' futures, as they are.
#[cfg(not(feature = "demo"))]
macro_rules! on_active {
    (call $active:expr, $bank:ident => $then:expr) => {
        on_active!($active, $bank => $then)
    };
    ($active:expr, $bank:ident => $then:expr) => {
        match &$active.bank {
            Which::Server($bank) => $then,
        }
    };
}

// Not `async fn`: the only wrapping future is the activity's record of the send time.
impl Calls for ActiveBank {
    type Error = CallError;

    fn call<O: Operation>(&self, op: O) -> impl Future<Output = Result<O::Answer, CallError>> {
        self.activity
            .track(on_active!(call self, bank => bank.call(op)))
    }

    fn unsendable() -> CallError {
        Unavailable::Rejected.into()
    }
}

impl BankApi for ActiveBank {
    fn logout(&self) -> impl Future<Output = Result<(), CallError>> {
        on_active!(call self, bank => bank.logout())
    }

    fn history(
        &self,
        contract_id: ContractId,
    ) -> impl Future<Output = Result<Vec<HistoryEntry>, CallError>> {
        // The server touches the session it reads.
        self.activity
            .track(on_active!(call self, bank => bank.history(contract_id)))
    }

    fn extend_session(
        &self,
        shown: ContractId,
    ) -> impl Future<Output = Result<SessionExtension, CallError>> {
        self.activity
            .track(on_active!(call self, bank => bank.extend_session(shown)))
    }

    fn abort_calls(&self) {
        on_active!(self, bank => bank.abort_calls())
    }

    fn take_notices(&self) -> Vec<BankNotice> {
        on_active!(self, bank => bank.take_notices())
    }

    fn watch(&self, wake: Watcher) {
        on_active!(self, bank => bank.watch(wake))
    }
}

/// Why a call brought no usable answer from the bank: the page could not reach it, or could not
/// use what came back. Each kind (but [`Unavailable::Aborted`], which is never shown) maps to one
/// Japanese message in `ui::messages`; none of them says anything about what was typed, which the
/// screen keeps so the customer can simply try again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unavailable {
    /// The request did not get through: the device is offline or the server is down.
    Unreachable,
    /// No answer within the time limit; the request was abandoned.
    Timeout,
    /// The server failed (5xx), or was too busy to finish the call.
    ServerError,
    /// Too many requests (429): try again after `retry_after` seconds (from `Retry-After`).
    RateLimited {
        /// How long to wait, if the server said.
        retry_after: Option<u64>,
    },
    /// An answer came, but not one of the contract's (not JSON, an unknown code, a wrong shape).
    Unreadable,
    /// The server refused the request itself (a malformed or cross-site request): a fault of the
    /// page or of what sits between it and the server, not of what the customer typed.
    Rejected,
    /// The screen that made the call was left, and the call was abandoned with it.
    Aborted,
}

/// Why a call failed: the bank's refusal, or no usable answer at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallError {
    /// The bank answered and refused, by its rules.
    Refused(BankError),
    /// No usable answer came.
    Unavailable(Unavailable),
}

/// What went wrong, in English for logs and tests; the customer's message is `ui::messages`'.
impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unavailable::Unreachable => f.write_str("the bank could not be reached"),
            Unavailable::Timeout => f.write_str("no answer in time"),
            Unavailable::ServerError => f.write_str("the bank's server failed"),
            Unavailable::RateLimited {
                retry_after: Some(s),
            } => {
                write!(f, "too many requests; try again in {s} s")
            }
            Unavailable::RateLimited { retry_after: None } => f.write_str("too many requests"),
            Unavailable::Unreadable => f.write_str("an answer the page cannot read"),
            Unavailable::Rejected => f.write_str("the server refused the request itself"),
            Unavailable::Aborted => f.write_str("abandoned with its screen"),
        }
    }
}

impl std::error::Error for Unavailable {}

/// The refusal or the failure, as its own `Display` says.
impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Refused(e) => write!(f, "refused: {e}"),
            CallError::Unavailable(u) => write!(f, "unavailable: {u}"),
        }
    }
}

impl std::error::Error for CallError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CallError::Refused(e) => Some(e),
            CallError::Unavailable(u) => Some(u),
        }
    }
}

impl From<BankError> for CallError {
    fn from(e: BankError) -> CallError {
        CallError::Refused(e)
    }
}

impl From<Unavailable> for CallError {
    fn from(u: Unavailable) -> CallError {
        CallError::Unavailable(u)
    }
}

/// Something the page should tell the customer about the bank's own state rather than about one
/// request. Each maps to one Japanese message in `ui::messages`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BankNotice {
    /// The stored demo data was unreadable and the demo started again from its seeded state.
    StorageReset,
    /// Some tokens issued in the demo kit were unreadable and were removed; the others are kept.
    IssuedTokensDropped,
    /// Storage cannot be written: the demo goes on in memory, and a reload starts it afresh.
    StorageUnwritable,
}

/// What 延長する found of the session ([`BankApi::extend_session`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionExtension {
    /// It lives on, its idle time counted from the call.
    Extended,
    /// It had ended (idle too long, or logged out elsewhere).
    Ended,
}

/// Called when a bank's state may have changed ([`BankApi::watch`]).
pub type Watcher = Arc<dyn Fn() + Send + Sync>;

/// What the screens may ask of a bank: the customer's calls ([`Calls`]: one generic call per
/// bank, and the calls by name over it), and the page's own dealings with the bank. A call fails
/// with the bank's `Error`: a [`BankError`] for a bank in the page (which always answers), a
/// [`CallError`] for one across a network.
#[allow(async_fn_in_trait)] // used only in the single-threaded browser: no Send bound wanted
pub trait BankApi: Calls<Error: Into<CallError>> {
    /// ログアウト: ends the session. A bank without sessions of its own (the demo bank: the page
    /// forgets the session) has nothing to do.
    async fn logout(&self) -> Result<(), Self::Error> {
        Ok(())
    }

    /// 延長する on the page after login, which shows `shown`'s session: its idle time counted
    /// afresh, or word that it had ended (or that the bank's session is now another customer's).
    /// A bank without sessions of its own (the demo bank) has nothing to extend: the page's own
    /// count is the session's there.
    async fn extend_session(&self, _shown: ContractId) -> Result<SessionExtension, Self::Error> {
        Ok(SessionExtension::Extended)
    }

    /// ご利用履歴 of the customer logged in as `contract_id`, newest first. A server answers for
    /// its session's contract (the page cannot name another); the demo bank, which has no sessions,
    /// for `contract_id`.
    async fn history(&self, contract_id: ContractId) -> Result<Vec<HistoryEntry>, Self::Error>;

    /// Abandons every call in flight: the screen that made it was left, so its answer would be
    /// dropped anyway, and a request still open would only hold a connection. The abandoned calls
    /// fail with [`Unavailable::Aborted`]. A bank that answers at once has nothing to abandon.
    fn abort_calls(&self) {}

    /// The notices raised since the last call, oldest first. A bank with nothing of its own to say
    /// (an HTTP bank, whose answers carry everything) has none.
    fn take_notices(&self) -> Vec<BankNotice> {
        Vec::new()
    }

    /// Calls `wake` whenever the bank's state changed in this page (a call that wrote, a notice
    /// raised), so a view of that state can re-read it and the page can take notices at once.
    fn watch(&self, wake: Watcher) {
        let _ = wake;
    }
}
