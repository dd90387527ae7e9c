//! The bank's desk as transactions: each `desk` subcommand's read or change for one customer,
//! through the domain's [`desk`] rules, with its audit event (and the
//! operator's name) in the same transaction.

use crate::audit::{self, Actor, Recorded};
use crate::rows::{Key, StoreError};
use crate::service::{Record, Service, ServiceError};
use serde::Serialize;
use shinkin_otp_domain::audit::{Event, EventKind};
use shinkin_otp_domain::desk::{self, Lock, Refusal, Standing};
use shinkin_otp_domain::directory::Lookup;
use shinkin_otp_domain::errors::BankError;
use shinkin_otp_domain::input::{ContractId, Serial};
use shinkin_otp_domain::ledger::Ledger;
use sqlx::Row;
use std::fmt;

/// Why a desk action did not happen.
#[derive(Debug)]
pub enum DeskError {
    /// No customer has this contract ID.
    UnknownCustomer,
    /// The domain's desk rules refused it.
    Refused(Refusal),
    /// The database failed (nothing was written).
    Service(ServiceError),
}

impl fmt::Display for DeskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeskError::UnknownCustomer => f.write_str("no customer has this contract ID"),
            DeskError::Refused(r) => write!(f, "refused: {r}"),
            DeskError::Service(ServiceError::Busy) => {
                f.write_str("the customer's rows changed meanwhile; run the command again")
            }
            DeskError::Service(e) => write!(f, "database: {}", crate::error::Chain(e)),
        }
    }
}

impl std::error::Error for DeskError {}

impl From<ServiceError> for DeskError {
    fn from(e: ServiceError) -> DeskError {
        DeskError::Service(e)
    }
}

impl From<StoreError> for DeskError {
    fn from(e: StoreError) -> DeskError {
        DeskError::Service(e.into())
    }
}

impl From<sqlx::Error> for DeskError {
    fn from(e: sqlx::Error) -> DeskError {
        DeskError::Service(e.into())
    }
}

/// What `desk show` prints: the customer and where they stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Customer {
    /// 契約者ID.
    pub contract_id: ContractId,
    /// The name on file.
    pub name: String,
    /// Token, login choice, every lock and counter, a pending loss report.
    #[serde(flatten)]
    pub standing: Standing,
}

/// What a desk step answers inside its transaction: the customer may not exist, or the rules may
/// refuse.
type DeskResult<T> = Result<T, DeskRefusal>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DeskRefusal {
    UnknownCustomer,
    Rule(Refusal),
}

impl From<DeskRefusal> for DeskError {
    fn from(r: DeskRefusal) -> DeskError {
        match r {
            DeskRefusal::UnknownCustomer => DeskError::UnknownCustomer,
            DeskRefusal::Rule(r) => DeskError::Refused(r),
        }
    }
}

/// The one event a desk step records when it succeeds.
fn desk_event<T>(
    kind: EventKind,
    outcome: &'static str,
    serial: fn(&T) -> Option<&Serial>,
) -> impl Fn(&DeskResult<T>, Option<&ContractId>) -> Vec<Event> {
    move |result, contract_id| match result {
        Ok(value) => vec![Event::new(kind, contract_id, outcome).with_serial(serial(value))],
        Err(_) => Vec::new(),
    }
}

impl Service {
    /// Runs a desk step on `contract_id`'s rows as `operator` — an unknown contract ID is refused
    /// before the step — recording `events` of its answer.
    async fn desk_step<T: Send>(
        &self,
        contract_id: &ContractId,
        operator: &str,
        step: impl Fn(&mut Ledger) -> Result<T, Refusal> + Send + Sync,
        events: impl Fn(&DeskResult<T>, Option<&ContractId>) -> Vec<Event> + Send + Sync,
    ) -> Result<T, DeskError> {
        let key = Key {
            contract_id: Some(contract_id.clone()),
            ..Key::default()
        };
        let record = |result: &Result<DeskResult<T>, BankError>,
                      id: Option<&ContractId>,
                      _: &Ledger,
                      _: &Ledger| {
            match result {
                Ok(answer) => events(answer, id),
                Err(_) => Vec::new(),
            }
        };
        let outcome = self
            .run(
                &key,
                None,
                &|bank, ledger, _| {
                    Ok(match bank.directory.name(contract_id) {
                        Some(_) => step(ledger).map_err(DeskRefusal::Rule),
                        None => Err(DeskRefusal::UnknownCustomer),
                    })
                },
                None,
                (
                    &Record::Custom(&record),
                    &Actor::Operator(operator.to_owned()),
                ),
            )
            .await?;
        match outcome.result {
            Ok(answer) => Ok(answer?),
            Err(e) => Err(DeskError::Service(ServiceError::Internal(Box::new(e)))),
        }
    }

    /// `desk show`: the customer and where they stand (recorded as viewed by `operator`).
    pub async fn desk_show(
        &self,
        contract_id: &ContractId,
        operator: &str,
    ) -> Result<Customer, DeskError> {
        let name = self.customer_name(contract_id).await?;
        let standing = self
            .desk_step(
                contract_id,
                operator,
                |ledger| Ok(desk::standing(ledger, contract_id)),
                desk_event(EventKind::DeskViewed, "show", |_| None),
            )
            .await?;
        Ok(Customer {
            contract_id: contract_id.clone(),
            name,
            standing,
        })
    }

    /// `desk unlock`: lifts `lock` once the bank has identified the customer. Returns how many
    /// failures were counted.
    pub async fn desk_unlock(
        &self,
        contract_id: &ContractId,
        lock: Lock,
        operator: &str,
    ) -> Result<u32, DeskError> {
        self.desk_step(
            contract_id,
            operator,
            |ledger| desk::unlock(ledger, contract_id, lock),
            desk_event(EventKind::DeskUnlock, lock.name(), |_| None),
        )
        .await
    }

    /// `desk stop`: the bank's own step for a suspended or locked token. Returns the token stopped.
    pub async fn desk_stop(
        &self,
        contract_id: &ContractId,
        operator: &str,
    ) -> Result<Serial, DeskError> {
        self.desk_step(
            contract_id,
            operator,
            |ledger| desk::stop(ledger, contract_id),
            desk_event(EventKind::DeskStop, "ok", |serial: &Serial| Some(serial)),
        )
        .await
    }

    /// `desk history`: the customer's newest `limit` events, newest first (the reading itself is
    /// recorded after them).
    pub async fn desk_history(
        &self,
        contract_id: &ContractId,
        operator: &str,
        limit: u32,
    ) -> Result<Vec<Recorded>, DeskError> {
        let mut tx = self.db.begin().await?;
        let known = sqlx::query("SELECT 1 AS one FROM customers WHERE contract_id = $1")
            .bind(contract_id.as_str())
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
        if !known {
            return Err(DeskError::UnknownCustomer);
        }
        let events = audit::history(&mut tx, contract_id, limit).await?;
        let viewed = Event::new(EventKind::DeskViewed, Some(contract_id), "history");
        audit::append(
            &mut tx,
            self.clock.now(),
            &Actor::Operator(operator.to_owned()),
            &[viewed],
        )
        .await?;
        tx.commit().await?;
        Ok(events)
    }

    async fn customer_name(&self, contract_id: &ContractId) -> Result<String, DeskError> {
        let row = sqlx::query("SELECT name FROM customers WHERE contract_id = $1")
            .bind(contract_id.as_str())
            .fetch_optional(&self.db.pool)
            .await?
            .ok_or(DeskError::UnknownCustomer)?;
        Ok(row.try_get("name")?)
    }
}
