//! The bank as a service: each `BankApi` call as one database transaction that loads the rows it
//! needs, runs the domain's [`Bank`](shinkin_otp_domain::bank::Bank) step on them, and writes back
//! what changed — plus sessions.
//!
//! Concurrency: every write is conditional on the row's version as read ([`rows`](crate::rows)).
//! When one fails, another request changed those rows first: the transaction is rolled back and
//! the request runs once more from fresh rows (it had no effect at all, so running it again cannot
//! spend a code or count a failure twice). If it loses again, the answer is `503 busy` with
//! `Retry-After: 1`. On SQLite `BEGIN IMMEDIATE` serialises writers, so races are only PostgreSQL's,
//! where the rows are read `FOR UPDATE` so that requests for the same rows mostly queue rather than
//! race ([`rows`](crate::rows)). A database that cannot take the change (unreachable, read-only,
//! full) is [`ServiceError::Unavailable`], also `503 busy`: nothing of the change was written.

mod run;
mod sessions;
mod steps;
mod sweep;

pub(crate) use run::Record;
pub use sessions::SESSION_IDLE_SECONDS;
pub use sweep::Retention;

use crate::crypto::{CookieSecret, Passwords, Sealer};
use crate::db::Db;
use crate::rows::StoreError;
use shinkin_otp_domain::errors::BankError;
use shinkin_otp_domain::history::HistoryEntry;
use shinkin_otp_domain::input::ContractId;
use shinkin_otp_domain::Clock;
use std::sync::Arc;

/// The operator named in the audit trail for the demo kit's 当金庫での本人確認.
pub const DEMO_KIT_OPERATOR: &str = "demo-kit";

/// What made a call fail inside the server, kept whole (with its own sources) for the log.
pub type Cause = Box<dyn std::error::Error + Send + Sync>;

/// Why a call could not be answered with the bank's own answer.
#[derive(Debug)]
pub enum ServiceError {
    /// Lost the race for the same rows twice.
    Busy,
    /// The database cannot take the request now (unreachable, read-only, full); nothing was
    /// written. The cause is logged, never sent.
    Unavailable(Cause),
    /// The database failed or holds something unreadable (logged; never sent to the client).
    Internal(Cause),
}

impl std::fmt::Display for ServiceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ServiceError::Busy => "the rows changed meanwhile, twice",
            ServiceError::Unavailable(_) => "the database cannot take the request now",
            ServiceError::Internal(_) => "internal failure",
        })
    }
}

impl std::error::Error for ServiceError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServiceError::Busy => None,
            ServiceError::Unavailable(cause) | ServiceError::Internal(cause) => {
                Some(cause.as_ref())
            }
        }
    }
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> ServiceError {
        match e {
            StoreError::Conflict => ServiceError::Busy,
            StoreError::Unavailable(_) => ServiceError::Unavailable(Box::new(e)),
            other => ServiceError::Internal(Box::new(other)),
        }
    }
}

impl From<sqlx::Error> for ServiceError {
    fn from(e: sqlx::Error) -> ServiceError {
        ServiceError::from(StoreError::from(e))
    }
}

/// The bank's answer, and the session it opened (if it logged the customer in).
#[derive(Debug)]
pub struct Outcome<T> {
    /// The answer.
    pub result: Result<T, BankError>,
    /// A new session's cookie value, when the answer logged the customer in.
    pub session: Option<CookieSecret>,
    /// Whose contract the call concerned (the ID typed, or the flow's), for the request log.
    pub contract_id: Option<ContractId>,
    /// ご利用履歴 of that contract, read once the step is committed (so after its events), when
    /// the call's successful reply has a place for it ([`Operation::history_slot`]); `None` too if
    /// that read failed (the step's change stands).
    ///
    /// [`Operation::history_slot`]: shinkin_otp_domain::operation::Operation::history_slot
    pub history: Option<Vec<HistoryEntry>>,
}

/// The bank over a database.
#[derive(Clone)]
pub struct Service {
    /// The database.
    pub db: Db,
    /// Seals and opens card rows and seeds.
    pub sealer: Sealer,
    /// argon2id.
    pub passwords: Passwords,
    /// Now.
    pub clock: Arc<dyn Clock>,
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service")
            .field("db", &self.db)
            .finish_non_exhaustive()
    }
}
