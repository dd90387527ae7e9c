//! The bank as a service: each `BankApi` call as one database transaction that loads the rows it
//! needs, runs the domain's [`Bank`] step on them, and writes back what changed — plus sessions.
//!
//! Concurrency: every write is conditional on the row's version as read ([`rows`]).
//! When one fails, another request changed those rows first: the transaction is rolled back and
//! the request runs once more from fresh rows (it had no effect at all, so running it again cannot
//! spend a code or count a failure twice). If it loses again, the answer is `503 busy` with
//! `Retry-After: 1`. On SQLite `BEGIN IMMEDIATE` serialises writers, so races are only PostgreSQL's,
//! where the rows are read `FOR UPDATE` so that requests for the same rows mostly queue rather than
//! race ([`rows`]). A database that cannot take the change (unreachable, read-only, full) is
//! [`ServiceError::Unavailable`], also `503 busy`: nothing of the change was written.

use crate::audit::{self, Actor};
use crate::crypto::{CookieSecret, Passwords, Sealer};
use crate::db::{Db, Tx};
use crate::rows::{self, Key, NewFlowBinding, Snapshot, StoreError, View};
use shinkin_otp_domain::audit::{step_events, Event, Step as AuditStep, Success};
use shinkin_otp_domain::bank::{
    Authenticated, Bank, LoginStep, NewToken, Receipt, Replacement, Session,
};
use shinkin_otp_domain::card::CardChallenge;
use shinkin_otp_domain::directory::Lookup;
use shinkin_otp_domain::errors::BankError;
use shinkin_otp_domain::flows::{FlowId, Procedure, FLOW_IDLE_SECONDS};
use shinkin_otp_domain::input::{ContractId, OtpCode, Serial};
use shinkin_otp_domain::ledger::{
    Ledger, MAX_CARD_FAILURES, MAX_NEW_TOKEN_FAILURES, MAX_PASSWORD_FAILURES,
};
use shinkin_otp_domain::{Clock, OsRandom};
use sqlx::Row;
use std::net::IpAddr;
use std::sync::Arc;

/// The operator named in the audit trail for the demo kit's 当金庫での本人確認.
pub const DEMO_KIT_OPERATOR: &str = "demo-kit";

/// Seconds a session may sit idle before it ends (as long as a flow).
pub const SESSION_IDLE_SECONDS: u64 = FLOW_IDLE_SECONDS;

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
}

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

fn pending<T>(_: &T) -> Success<'_> {
    Success::Pending
}

/// Which answers open a session, and the session (digest) this browser had, which ends then.
pub(crate) struct SessionRule<'a, T> {
    opens: fn(&T) -> Option<&ContractId>,
    replaces: Option<&'a str>,
}

/// The step a call runs on the loaded rows.
pub(crate) type Step<'a, T> =
    dyn Fn(&mut Bank<View>, &mut Ledger, u64) -> Result<T, BankError> + Send + Sync + 'a;

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

impl Service {
    /// Checks `password` for `contract_id` against its argon2id hash — or, for an unknown ID,
    /// against a dummy hash of the same cost — off the async threads.
    async fn verify_password(
        &self,
        contract_id: &ContractId,
        password: &str,
    ) -> Result<bool, ServiceError> {
        let stored: Option<String> =
            sqlx::query("SELECT password_hash FROM customers WHERE contract_id = $1")
                .bind(contract_id.as_str())
                .fetch_optional(&self.db.pool)
                .await?
                .map(|row| row.try_get("password_hash"))
                .transpose()?;
        let passwords = self.passwords.clone();
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || passwords.verify(stored.as_deref(), &password))
            .await
            .map_err(|e| ServiceError::Internal(format!("password check: {e}").into()))
    }

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
                Ok(outcome) => {
                    tx.commit().await?;
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
        })
    }

    fn flow_key(flow: &FlowId, binding: Option<&CookieSecret>) -> Key {
        Key {
            flow: Some((flow.clone(), binding.map(CookieSecret::digest))),
            ..Key::default()
        }
    }

    /// ログイン. `binding` is the browser's binding cookie (a code step's flow is bound to it);
    /// `old_session` the session cookie it had, if any, which ends on success.
    pub async fn login(
        &self,
        contract_id: &ContractId,
        password: &str,
        binding: &CookieSecret,
        old_session: Option<&CookieSecret>,
        client: Option<IpAddr>,
    ) -> Result<Outcome<LoginStep>, ServiceError> {
        let password_ok = self.verify_password(contract_id, password).await?;
        let key = Key {
            contract_id: Some(contract_id.clone()),
            password_ok,
            ..Key::default()
        };
        let old = old_session.map(CookieSecret::digest);
        let rule = SessionRule {
            opens: |step: &LoginStep| match step {
                LoginStep::Done(s) => Some(&s.contract_id),
                LoginStep::NeedsCode(_) => None,
            },
            replaces: old.as_deref(),
        };
        self.run(
            &key,
            Some(&NewFlowBinding(binding.digest())),
            &|bank, ledger, now| bank.login(ledger, contract_id, password, now, &mut OsRandom),
            Some(rule),
            (
                &Record::Step {
                    step: AuditStep::Login,
                    serial: None,
                    success: |step: &LoginStep| match step {
                        LoginStep::Done(_) => Success::LoggedIn,
                        LoginStep::NeedsCode(_) => Success::Pending,
                    },
                },
                &Actor::Customer(client),
            ),
        )
        .await
    }

    /// ログイン's code step.
    pub async fn login_code(
        &self,
        flow: &FlowId,
        code: &OtpCode,
        binding: Option<&CookieSecret>,
        old_session: Option<&CookieSecret>,
        client: Option<IpAddr>,
    ) -> Result<Outcome<Session>, ServiceError> {
        let old = old_session.map(CookieSecret::digest);
        let rule = SessionRule {
            opens: |s: &Session| Some(&s.contract_id),
            replaces: old.as_deref(),
        };
        self.run(
            &Self::flow_key(flow, binding),
            None,
            &|bank, ledger, now| bank.login_code(ledger, flow, code, now),
            Some(rule),
            (
                &Record::Step {
                    step: AuditStep::LoginCode,
                    serial: None,
                    success: |_: &Session| Success::LoggedIn,
                },
                &Actor::Customer(client),
            ),
        )
        .await
    }

    /// 利用者認証.
    pub async fn authenticate(
        &self,
        procedure: Procedure,
        contract_id: &ContractId,
        password: &str,
        binding: &CookieSecret,
        client: Option<IpAddr>,
    ) -> Result<Outcome<Authenticated>, ServiceError> {
        let password_ok = self.verify_password(contract_id, password).await?;
        let key = Key {
            contract_id: Some(contract_id.clone()),
            password_ok,
            ..Key::default()
        };
        self.run(
            &key,
            Some(&NewFlowBinding(binding.digest())),
            &|bank, ledger, now| {
                bank.authenticate(procedure, ledger, contract_id, password, now, &mut OsRandom)
            },
            None,
            (
                &Record::Step {
                    step: AuditStep::Authenticate(procedure),
                    serial: None,
                    success: |_: &Authenticated| Success::Authenticated,
                },
                &Actor::Customer(client),
            ),
        )
        .await
    }

    /// ワンタイムパスワードの登録.
    pub async fn register_token(
        &self,
        flow: &FlowId,
        new: &NewToken,
        binding: Option<&CookieSecret>,
        client: Option<IpAddr>,
    ) -> Result<Outcome<CardChallenge>, ServiceError> {
        let mut key = Self::flow_key(flow, binding);
        key.serials.push(new.serial.clone());
        self.run(
            &key,
            None,
            &|bank, ledger, now| bank.register_token(ledger, flow, new, now, &mut OsRandom),
            None,
            (
                &Record::Step {
                    step: AuditStep::Token,
                    serial: Some(&new.serial),
                    success: pending,
                },
                &Actor::Customer(client),
            ),
        )
        .await
    }

    /// 交換's token step.
    pub async fn exchange_token(
        &self,
        flow: &FlowId,
        request: &Replacement,
        binding: Option<&CookieSecret>,
        client: Option<IpAddr>,
    ) -> Result<Outcome<CardChallenge>, ServiceError> {
        let mut key = Self::flow_key(flow, binding);
        key.serials.push(request.new.serial.clone());
        self.run(
            &key,
            None,
            &|bank, ledger, now| bank.exchange_token(ledger, flow, request, now, &mut OsRandom),
            None,
            (
                &Record::Step {
                    step: AuditStep::Token,
                    serial: Some(&request.new.serial),
                    success: pending,
                },
                &Actor::Customer(client),
            ),
        )
        .await
    }

    /// 利用中止 with a code.
    pub async fn stop_with_code(
        &self,
        flow: &FlowId,
        code: &OtpCode,
        binding: Option<&CookieSecret>,
        client: Option<IpAddr>,
    ) -> Result<Outcome<CardChallenge>, ServiceError> {
        self.run(
            &Self::flow_key(flow, binding),
            None,
            &|bank, ledger, now| bank.stop_with_code(ledger, flow, code, now, &mut OsRandom),
            None,
            (
                &Record::Step {
                    step: AuditStep::Token,
                    serial: None,
                    success: pending,
                },
                &Actor::Customer(client),
            ),
        )
        .await
    }

    /// 紛失・故障のお届け.
    pub async fn report_lost(
        &self,
        flow: &FlowId,
        binding: Option<&CookieSecret>,
        client: Option<IpAddr>,
    ) -> Result<Outcome<CardChallenge>, ServiceError> {
        self.run(
            &Self::flow_key(flow, binding),
            None,
            &|bank, ledger, now| bank.report_lost(ledger, flow, now, &mut OsRandom),
            None,
            (
                &Record::Step {
                    step: AuditStep::Token,
                    serial: None,
                    success: pending,
                },
                &Actor::Customer(client),
            ),
        )
        .await
    }

    /// 確認用パスワード入力.
    pub async fn confirm_card(
        &self,
        flow: &FlowId,
        answers: [u8; 2],
        binding: Option<&CookieSecret>,
        client: Option<IpAddr>,
    ) -> Result<Outcome<Receipt>, ServiceError> {
        self.run(
            &Self::flow_key(flow, binding),
            None,
            &|bank, ledger, now| bank.confirm_card(ledger, flow, answers, now),
            None,
            (
                &Record::Step {
                    step: AuditStep::Card,
                    serial: None,
                    success: |receipt: &Receipt| Success::Changed(&receipt.change),
                },
                &Actor::Customer(client),
            ),
        )
        .await
    }

    /// The bank's own step (demo kit's 当金庫での本人確認): the customer was confirmed by another
    /// channel. The desk's rule ([`shinkin_otp_domain::desk::stop`]): a suspended or locked token
    /// only — an active one is the customer's to stop (利用中止) — recorded as the kit's operator.
    pub async fn stop_by_bank(
        &self,
        contract_id: &ContractId,
    ) -> Result<Serial, crate::desk::DeskError> {
        self.desk_stop(contract_id, DEMO_KIT_OPERATOR).await
    }

    /// The live session whose cookie is `secret`, touched (idle expiry counts from now); `None`
    /// if there is none or it sat idle too long (then it is deleted).
    pub async fn session(&self, secret: &CookieSecret) -> Result<Option<Session>, ServiceError> {
        let now = i64::try_from(self.clock.now()).unwrap_or(i64::MAX);
        let idle = i64::try_from(SESSION_IDLE_SECONDS).unwrap_or(i64::MAX);
        let mut tx = self.db.begin().await?;
        let touched = sqlx::query(
            "UPDATE sessions SET last_activity = $2 WHERE id_hash = $1 AND last_activity > $3",
        )
        .bind(secret.digest())
        .bind(now)
        .bind(now - idle)
        .execute(&mut *tx)
        .await?;
        if touched.rows_affected() != 1 {
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                .bind(secret.digest())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            return Ok(None);
        }
        let contract_id: String =
            sqlx::query("SELECT contract_id FROM sessions WHERE id_hash = $1")
                .bind(secret.digest())
                .fetch_one(&mut *tx)
                .await?
                .try_get("contract_id")?;
        let contract_id = ContractId::try_from(contract_id)
            .map_err(|_| ServiceError::Internal("unreadable session row".into()))?;
        let key = Key {
            contract_id: Some(contract_id.clone()),
            ..Key::default()
        };
        let snap = rows::load(&mut tx, &self.sealer, &key).await?;
        tx.commit().await?;
        Ok(Some(Session {
            name: snap.view.name(&contract_id).unwrap_or_default().to_owned(),
            enrolment: snap.ledger.enrolment(&contract_id).cloned(),
            contract_id,
        }))
    }

    /// Ends the session whose cookie is `secret`.
    pub async fn logout(&self, secret: &CookieSecret) -> Result<(), ServiceError> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(secret.digest())
            .execute(&self.db.pool)
            .await?;
        Ok(())
    }

    /// Deletes flows and sessions idle too long (their rows would be refused anyway; this keeps
    /// the tables small); failure counters that lock nothing (and hold no unanswered card
    /// challenge) and sat untouched for
    /// `retention.counter_days`, for every contract ID alike (so that whether an ID's counters
    /// expire never tells if it exists — uniform failure — and typing IDs cannot grow the table
    /// but by one row per lock, five refused tries each); the audit events of IDs no customer has
    /// after the same time; and every event older than `retention.audit_days`. Safe to run from
    /// any number of processes at once.
    pub async fn sweep(&self, retention: &Retention) -> Result<(), ServiceError> {
        let now = self.clock.now();
        let now_i = i64::try_from(now).unwrap_or(i64::MAX);
        sqlx::query("DELETE FROM flows WHERE last_activity <= $1")
            .bind(now_i - i64::try_from(FLOW_IDLE_SECONDS).unwrap_or(i64::MAX))
            .execute(&self.db.pool)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE last_activity <= $1")
            .bind(now_i - i64::try_from(SESSION_IDLE_SECONDS).unwrap_or(i64::MAX))
            .execute(&self.db.pool)
            .await?;
        // A request that read such a row finds it gone when it writes (a conflict: it runs again).
        let cutoff = now_i - i64::from(retention.counter_days) * 86_400;
        sqlx::query(
            "DELETE FROM customer_states WHERE touched_at <= $1 AND password_failures < $2 \
             AND card_failures < $3 AND new_token_failures < $4 AND challenge IS NULL",
        )
        .bind(cutoff)
        .bind(i64::from(MAX_PASSWORD_FAILURES))
        .bind(i64::from(MAX_CARD_FAILURES))
        .bind(i64::from(MAX_NEW_TOKEN_FAILURES))
        .execute(&self.db.pool)
        .await?;
        sqlx::query(
            "DELETE FROM audit_events WHERE at <= $1 AND contract_id IS NOT NULL AND NOT EXISTS \
             (SELECT 1 FROM customers c WHERE c.contract_id = audit_events.contract_id)",
        )
        .bind(cutoff)
        .execute(&self.db.pool)
        .await?;
        audit::sweep(&self.db, now, retention.audit_days).await?;
        Ok(())
    }
}

/// How long the sweep keeps what it may delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Days audit events are kept (`--audit-retention-days`).
    pub audit_days: u32,
    /// Days failure counters that lock nothing are kept after they last changed, and the audit
    /// events of contract IDs no customer has (`--counter-retention-days`).
    pub counter_days: u32,
}

impl Retention {
    /// 400 days of audit events; 30 days for counters that lock nothing.
    pub const DEFAULT: Retention = Retention {
        audit_days: audit::DEFAULT_RETENTION_DAYS,
        counter_days: 30,
    };
}
