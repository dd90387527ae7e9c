//! One call as one transaction: load the rows, run the domain's step, write back what changed,
//! append its audit events and open its session — run again once if another request won the race.

use super::{Outcome, Service, ServiceError};
use crate::audit::{self, Actor};
use crate::crypto::CookieSecret;
use crate::db::Tx;
use crate::rows::{self, Key, NewFlowBinding, Snapshot, StoreError, View};
use shinkin_otp_domain::audit::{step_events, Event, Step as AuditStep, Success};
use shinkin_otp_domain::bank::Bank;
use shinkin_otp_domain::errors::BankError;
use shinkin_otp_domain::history::HistoryEntry;
use shinkin_otp_domain::input::{ContractId, Serial};
use shinkin_otp_domain::ledger::Ledger;

/// How a call's answer goes into the audit trail.
pub(crate) enum Record<'a, T> {
    /// A customer's step: the domain's [`step_events`] of its answer, `serial` being the token the
    /// request named (a new token), `success` what a successful answer means.
    Step {
        /// Which step.
        step: AuditStep,
        /// The token the request named.
        serial: Option<&'a Serial>,
        /// What a successful answer means for the trail.
        success: fn(&T) -> Success<'_>,
    },
    /// Anything else (the desk): events made from the answer, the contract ID and the ledger before
    /// and after.
    Custom(&'a Events<'a, T>),
}

/// Events made from an answer, the contract ID, and the ledger before and after the step.
pub(crate) type Events<'a, T> = dyn Fn(&Result<T, BankError>, Option<&ContractId>, &Ledger, &Ledger) -> Vec<Event>
    + Send
    + Sync
    + 'a;

impl<T> Record<'_, T> {
    fn events(
        &self,
        result: &Result<T, BankError>,
        contract_id: Option<&ContractId>,
        before: &Ledger,
        after: &Ledger,
    ) -> Vec<Event> {
        match self {
            Record::Step {
                step,
                serial,
                success,
            } => step_events(
                *step,
                result.as_ref().map(success).map_err(|e| *e),
                contract_id,
                *serial,
                before,
                after,
            ),
            Record::Custom(events) => events(result, contract_id, before, after),
        }
    }
}

/// Which answers open a session, and the session (digest) this browser had, which ends then; and
/// whether a successful answer is given ご利用履歴 of its contract (a flow's last step: the
/// answer has a slot for it, [`Operation::history_slot`]).
///
/// [`Operation::history_slot`]: shinkin_otp_domain::operation::Operation::history_slot
pub(crate) struct SessionRule<'a, T> {
    pub(super) opens: fn(&T) -> Option<&ContractId>,
    pub(super) replaces: Option<&'a str>,
    pub(super) history: fn(&mut T) -> bool,
}

/// The step a call runs on the loaded rows.
pub(crate) type Step<'a, T> =
    dyn Fn(&mut Bank<View>, &mut Ledger, u64) -> Result<T, BankError> + Send + Sync + 'a;

impl Service {
    /// Runs `step` on the rows `key` names in one transaction, at most twice (see the module), with
    /// the events `record` makes of it, caused by `actor`, appended in the same transaction.
    pub(crate) async fn run<T: Send>(
        &self,
        key: &Key,
        binding: Option<&NewFlowBinding>,
        step: &Step<'_, T>,
        session: Option<SessionRule<'_, T>>,
        record: (&Record<'_, T>, &Actor),
    ) -> Result<Outcome<T>, ServiceError> {
        let mut attempts = 0;
        loop {
            attempts += 1;
            let mut tx = self.db.begin().await?;
            match self
                .attempt(&mut tx, key, binding, step, session.as_ref(), record)
                .await
            {
                Ok(mut outcome) => {
                    tx.commit().await?;
                    if let Some(rule) = &session {
                        outcome.history = self.history_after(rule, &mut outcome).await;
                    }
                    return Ok(outcome);
                }
                Err(e) => {
                    // The first error is the one that matters: SQLite rolls a transaction back by
                    // itself on some errors (a full disk, an I/O error), and a lost connection
                    // takes its transaction with it, so the rollback may fail in turn.
                    if let Err(r) = tx.rollback().await {
                        tracing::debug!(error = %r, "rolling back a failed attempt");
                    }
                    if matches!(e, StoreError::Conflict) && attempts < 2 {
                        tracing::debug!("lost a race for the same rows; running the request again");
                        continue;
                    }
                    return Err(e.into());
                }
            }
        }
    }

    /// ご利用履歴 of the call's contract, for a successful answer that carries it, read on the pool
    /// once the step is committed: after its own events, and outside its transaction, so a failed
    /// read neither undoes the change nor holds its rows. A read that fails leaves the answer
    /// without it (`None`, which the page shows as not available just now).
    async fn history_after<T>(
        &self,
        rule: &SessionRule<'_, T>,
        outcome: &mut Outcome<T>,
    ) -> Option<Vec<HistoryEntry>> {
        let answer = outcome.result.as_mut().ok()?;
        if !(rule.history)(answer) {
            return None;
        }
        let contract_id = outcome.contract_id.as_ref()?;
        match audit::customer_history(&self.db, contract_id).await {
            Ok(history) => Some(history),
            Err(e) => {
                tracing::warn!(error = %e, "reading ご利用履歴 for a step's answer; answered without it");
                None
            }
        }
    }

    async fn attempt<T>(
        &self,
        tx: &mut Tx,
        key: &Key,
        binding: Option<&NewFlowBinding>,
        step: &Step<'_, T>,
        session: Option<&SessionRule<'_, T>>,
        (record, actor): (&Record<'_, T>, &Actor),
    ) -> Result<Outcome<T>, StoreError> {
        let now = self.clock.now();
        let before = rows::load(tx, &self.sealer, key).await?;
        let Snapshot {
            ledger,
            flows,
            view,
            ..
        } = &before;
        let mut ledger = ledger.clone();
        let mut bank = Bank::with_flows(view.clone(), flows.clone());
        let result = step(&mut bank, &mut ledger, now);
        rows::store(tx, &before, &ledger, bank.flows(), binding, now).await?;
        let contract_id = key
            .contract_id
            .clone()
            .or_else(|| flows.iter().next().map(|f| f.contract_id.clone()));
        let events = record.events(&result, contract_id.as_ref(), &before.ledger, &ledger);
        audit::append(tx, now, actor, &events).await?;
        let mut opened = None;
        if let (Some(rule), Ok(value)) = (session, &result) {
            if let Some(contract_id) = (rule.opens)(value) {
                if let Some(old) = rule.replaces {
                    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                        .bind(old)
                        .execute(&mut **tx)
                        .await?;
                }
                let secret = CookieSecret::random();
                sqlx::query(
                    "INSERT INTO sessions (id_hash, contract_id, last_activity) VALUES ($1, $2, $3)",
                )
                .bind(secret.digest())
                .bind(contract_id.as_str())
                .bind(i64::try_from(now).unwrap_or(i64::MAX))
                .execute(&mut **tx)
                .await?;
                opened = Some(secret);
            }
        }
        Ok(Outcome {
            result,
            session: opened,
            contract_id,
            history: None,
        })
    }
}
