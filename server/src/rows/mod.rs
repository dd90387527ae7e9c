//! The rows one request needs, as the domain sees them: loaded into a partial [`Ledger`], a
//! [`View`] (the [`Lookup`] the bank reads) and the request's flow; and written back afterwards,
//! only what changed, each write conditional on the version read.
//!
//! A write that finds its row changed since it was read (another request won the race) or a row
//! already there (a concurrent insert) is a [`Conflict`]: the caller rolls the transaction back and
//! may run the request again from fresh rows. So two requests can never both spend one code, both
//! count from one failure count, or both move one flow.

mod read;
mod write;

pub use read::{enrolment, load, open_seed, token_state};
pub use write::{store, NewFlowBinding};

use serde::de::DeserializeOwned;
use serde::Serialize;
use shinkin_otp_domain::card::CardRow;
use shinkin_otp_domain::directory::Lookup;
use shinkin_otp_domain::flows::{FlowId, Flows};
use shinkin_otp_domain::input::{ContractId, Serial};
use shinkin_otp_domain::ledger::Ledger;
use std::collections::HashMap;
use std::fmt;

/// A write found its row changed (or already present) since this request read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conflict;

/// Why loading or storing failed.
#[derive(Debug)]
pub enum StoreError {
    /// Another request changed a row first.
    Conflict,
    /// The database cannot take the request now: unreachable, read-only, full, shutting down, or
    /// out of connections. Nothing was written (the transaction is rolled back as a whole).
    Unavailable(sqlx::Error),
    /// The database failed, or holds a row the server cannot read.
    Db(sqlx::Error),
    /// A stored value did not open or parse (wrong key, edited row).
    Corrupt(&'static str),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> StoreError {
        match crate::db::classify(&e) {
            crate::db::Failure::Conflict => StoreError::Conflict,
            crate::db::Failure::Unavailable => StoreError::Unavailable(e),
            crate::db::Failure::Other => StoreError::Db(e),
        }
    }
}

impl From<Conflict> for StoreError {
    fn from(_: Conflict) -> StoreError {
        StoreError::Conflict
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Conflict => f.write_str("a concurrent request changed the rows first"),
            StoreError::Unavailable(_) => f.write_str("database unavailable"),
            StoreError::Db(_) => f.write_str("database failure"),
            StoreError::Corrupt(what) => write!(f, "unreadable stored value: {what}"),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Unavailable(e) | StoreError::Db(e) => Some(e),
            StoreError::Conflict | StoreError::Corrupt(_) => None,
        }
    }
}

/// What the bank reads about the one customer and the few tokens of a request.
#[derive(Clone)]
pub struct View {
    contract_id: Option<ContractId>,
    name: Option<String>,
    card: Option<CardRow>,
    seeds: Vec<(Serial, Vec<u8>)>,
}

/// Never shows a seed or the card.
impl fmt::Debug for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("View")
            .field("contract_id", &self.contract_id)
            .field("seeds", &self.seeds.len())
            .finish_non_exhaustive()
    }
}

impl Lookup for View {
    fn name(&self, contract_id: &ContractId) -> Option<&str> {
        self.name
            .as_deref()
            .filter(|_| self.contract_id.as_ref() == Some(contract_id))
    }

    fn card(&self, contract_id: &ContractId) -> Option<CardRow> {
        self.card
            .filter(|_| self.contract_id.as_ref() == Some(contract_id))
    }

    fn seed(&self, serial: &Serial) -> Option<&[u8]> {
        self.seeds
            .iter()
            .find(|(s, _)| s == serial)
            .map(|(_, seed)| seed.as_slice())
    }
}

/// What a request names before its rows are read.
#[derive(Debug, Clone, Default)]
pub struct Key {
    /// The contract ID typed (ログイン, 利用者認証, the bank's own step).
    pub contract_id: Option<ContractId>,
    /// The flow named, with the digest of the browser's binding cookie (`None`: no cookie).
    pub flow: Option<(FlowId, Option<String>)>,
    /// Serials the request names (a new token).
    pub serials: Vec<Serial>,
}

/// The rows of one request as read, with their versions.
#[derive(Debug)]
pub struct Snapshot {
    /// The partial ledger: only the rows this request can touch.
    pub ledger: Ledger,
    /// The flow named, if it exists and belongs to this browser.
    pub flows: Flows,
    /// The customer and tokens.
    pub view: View,
    customer_versions: HashMap<ContractId, i64>,
    token_versions: HashMap<Serial, i64>,
    enrolment_versions: HashMap<ContractId, i64>,
    flow_versions: HashMap<FlowId, i64>,
}

fn corrupt<T>(what: &'static str) -> impl FnOnce(T) -> StoreError {
    move |_| StoreError::Corrupt(what)
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn to_u64(n: i64, what: &'static str) -> Result<u64, StoreError> {
    u64::try_from(n).map_err(corrupt(what))
}

fn to_u32(n: i64, what: &'static str) -> Result<u32, StoreError> {
    u32::try_from(n).map_err(corrupt(what))
}

/// An enumeration's column text (`model`, `login_otp`, `status`): its one serde spelling, as on
/// the wire (`"not_required"`).
pub fn text<T: Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => unreachable!("the columns' enumerations are plain unit variants"),
    }
}

/// An enumeration read back from its column text, or [`StoreError::Corrupt`] naming `what`.
fn from_text<T: DeserializeOwned>(text: &str, what: &'static str) -> Result<T, StoreError> {
    use serde::de::IntoDeserializer;
    T::deserialize(IntoDeserializer::<serde::de::value::Error>::into_deserializer(text))
        .map_err(corrupt(what))
}

#[cfg(test)]
mod tests {
    use super::*;
    use shinkin_otp_domain::input::TokenModel;
    use shinkin_otp_domain::ledger::{EnrolmentStatus, LoginOtp};

    /// Databases written before the enumerations took their serde spelling still read, and the
    /// columns keep the very strings they always held.
    #[test]
    fn enumeration_columns_keep_their_strings() {
        let columns = [
            (text(LoginOtp::Required), "required"),
            (text(LoginOtp::NotRequired), "not_required"),
            (text(EnrolmentStatus::Active), "active"),
            (text(EnrolmentStatus::Suspended), "suspended"),
            (text(TokenModel::Software), "software"),
            (text(TokenModel::Hardware), "hardware"),
        ];
        for (written, stored) in columns {
            assert_eq!(written, stored);
        }
        assert_eq!(
            from_text::<LoginOtp>("not_required", "login_otp").unwrap(),
            LoginOtp::NotRequired
        );
        assert_eq!(
            from_text::<EnrolmentStatus>("suspended", "status").unwrap(),
            EnrolmentStatus::Suspended
        );
        assert!(matches!(
            from_text::<EnrolmentStatus>("Suspended", "status"),
            Err(StoreError::Corrupt("status"))
        ));
    }
}
