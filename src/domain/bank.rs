//! The bank's state machine: ログイン, 利用者認証, token registration, 交換, 利用中止 and the loss
//! report, 時刻補正 (`resync.rs`), and the card confirmation — each step one method that applies
//! docs/design.md#bank-rules.
//!
//! Pure: time comes in as Unix seconds and randomness through [`RandomSource`], so every rule can be
//! tested natively with an injected clock. Customers and tokens are read only through [`Lookup`]
//! (the whole fixed [`Directory`] in the browser; on a server, a view of the rows one request
//! needs); the [`Ledger`] is passed to each call so the caller can load it first and store it
//! after; flows live in [`Flows`], which a server loads with [`Bank::with_flows`] and writes back
//! from [`Bank::into_flows`]. Every step re-checks every lock that applies ([`Bank::check_locks`]),
//! so a flow opened before a lockout does not outlive it.

use super::card::CardChallenge;
use super::directory::{Directory, Lookup, PasswordVerdict};
use super::errors::BankError;
use super::flows::{Change, FlowId, Flows, Procedure, Purpose, Stage};
use super::input::{ContractId, OtpCode, Serial};
use super::ledger::{Enrolment, Ledger, LoginOtp, TokenInUse};
use super::RandomSource;
use rules::{
    apply, check_applies, check_locks, count_failure, current_serial, judge, refuse, Judgement,
};
use serde::{Deserialize, Serialize};

mod rules;

mod resync;
pub use resync::{ResyncCodes, Resynced};

/// What a flow changed, for 処理結果: `POST /api/v1/confirm`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// What changed.
    pub change: Change,
    /// When (Unix seconds).
    pub at: u64,
}

/// A flow opened by 利用者認証, with the customer's token in use (for 交換's and 利用中止's screens):
/// `POST /api/v1/authenticate`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Authenticated {
    /// The flow's handle, for every later step.
    pub flow: FlowId,
    /// The token in use, if any.
    pub current: Option<TokenInUse>,
}

/// 延長する's answer: the flow's idle time counts afresh from the step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extended;

/// A logged-in customer, for the top page: `GET /api/v1/session`'s and ログイン's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Whose session.
    pub contract_id: ContractId,
    /// Their name.
    pub name: String,
    /// Their token in use, if any.
    pub token: Option<TokenInUse>,
}

/// Where a correct ID and password lead: `POST /api/v1/login`'s answer, tagged by `status`
/// (`{"status":"done","session":{…}}`, `{"status":"needs_code","flow":"…"}`); read through the
/// flat `LoginFields`, as [`Change`] is and for the same reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case", try_from = "LoginFields")]
pub enum LoginStep {
    /// Logged in (a server sets the session cookie).
    Done {
        /// Who.
        session: Session,
    },
    /// The customer chose 認証する: a code is needed, in this flow (`/api/v1/login/code`).
    NeedsCode {
        /// The flow of the code step.
        flow: FlowId,
    },
}

/// A [`LoginStep`] as it arrives: read flat, then its status's field required (the other ignored).
#[derive(Deserialize)]
struct LoginFields {
    status: LoginStatus,
    session: Option<Session>,
    flow: Option<FlowId>,
}

/// The `status` of a [`LoginStep`].
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum LoginStatus {
    Done,
    NeedsCode,
}

impl TryFrom<LoginFields> for LoginStep {
    type Error = &'static str;
    fn try_from(f: LoginFields) -> Result<LoginStep, Self::Error> {
        const MISSING: &str = "a login answer lacks the field of its status";
        Ok(match f.status {
            LoginStatus::Done => LoginStep::Done {
                session: f.session.ok_or(MISSING)?,
            },
            LoginStatus::NeedsCode => LoginStep::NeedsCode {
                flow: f.flow.ok_or(MISSING)?,
            },
        })
    }
}

/// A token to register (利用開始) or to exchange to (交換): ワンタイムパスワードの登録's three fields,
/// the `token` of `POST /api/v1/register` and `/exchange`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    /// シリアル番号.
    pub serial: Serial,
    /// A code it shows now.
    pub code: OtpCode,
    /// ログイン時のワンタイムパスワード認証要否.
    pub login_otp: LoginOtp,
}

/// 交換's request: a code from the token in use, and the replacement. Both tokens are in hand, so
/// password and card alone never replace a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    /// A code from the token in use.
    pub current_code: OtpCode,
    /// The new token.
    pub new: NewToken,
}

/// The bank: what it reads about customers and tokens (a [`Directory`] unless said otherwise)
/// plus the flows in progress.
#[derive(Debug, Default)]
pub struct Bank<D = Directory> {
    /// Customers and tokens.
    pub directory: D,
    flows: Flows,
}

impl<D: Lookup> Bank<D> {
    /// A bank over `directory`, with no flows.
    pub fn new(directory: D) -> Bank<D> {
        Bank::with_flows(directory, Flows::default())
    }

    /// A bank over `directory` with `flows` already in progress: a server loads the one flow a
    /// request names, runs the step, and writes back what [`Bank::into_flows`] gives.
    pub fn with_flows(directory: D, flows: Flows) -> Bank<D> {
        Bank { directory, flows }
    }

    /// The flows in progress.
    pub fn flows(&self) -> &Flows {
        &self.flows
    }

    /// The flows in progress after the steps taken, to be stored.
    pub fn into_flows(self) -> Flows {
        self.flows
    }

    // ── ログイン ────────────────────────────────────────────────────────────────────────────────

    /// ログイン: ID and password (judged by the caller: `password`); asks for a code when the
    /// customer chose 認証する.
    pub fn login(
        &mut self,
        ledger: &mut Ledger,
        contract_id: &ContractId,
        password: PasswordVerdict,
        now: u64,
        rng: &mut impl RandomSource,
    ) -> Result<LoginStep, BankError> {
        self.check_password(ledger, contract_id, password)?;
        check_locks(ledger, contract_id, Purpose::Login)?;
        match ledger.enrolment(contract_id) {
            Some(e) if e.login_otp == LoginOtp::Required => Ok(LoginStep::NeedsCode {
                flow: self.flows.open(Purpose::Login, contract_id, now, rng),
            }),
            _ => Ok(LoginStep::Done {
                session: self.session(ledger, contract_id),
            }),
        }
    }

    /// ログイン's second step: the code from the customer's token in use.
    pub fn login_code(
        &mut self,
        ledger: &mut Ledger,
        flow: &FlowId,
        code: &OtpCode,
        now: u64,
    ) -> Result<Session, BankError> {
        let contract_id = self.step(ledger, flow, Purpose::Login, now)?;
        let serial = current_serial(ledger, &contract_id)?;
        let step = self.check_current_code(ledger, &serial, code, now);
        let step = self.close_if_over(flow, step)?;
        ledger.token_mut(&serial).accept(step);
        self.flows.close(flow);
        Ok(self.session(ledger, &contract_id))
    }

    // ── 利用者認証 and the token step of each procedure ────────────────────────────────────────

    /// 利用者認証 for 利用開始, 交換 or 利用中止: opens a flow if the ID and password are right, no
    /// lock applies, and the procedure applies (利用開始 needs no token in use; 交換 and 利用中止
    /// need one). The password is judged by the caller (`password`).
    pub fn authenticate(
        &mut self,
        procedure: Procedure,
        ledger: &mut Ledger,
        contract_id: &ContractId,
        password: PasswordVerdict,
        now: u64,
        rng: &mut impl RandomSource,
    ) -> Result<Authenticated, BankError> {
        self.check_password(ledger, contract_id, password)?;
        check_locks(ledger, contract_id, Purpose::Procedure(procedure))?;
        check_applies(ledger, contract_id, procedure)?;
        Ok(Authenticated {
            flow: self
                .flows
                .open(Purpose::Procedure(procedure), contract_id, now, rng),
            current: ledger.enrolment(contract_id).map(Enrolment::in_use),
        })
    }

    /// ワンタイムパスワードの登録 (利用開始): proves the token with a code and draws the card challenge.
    pub fn register_token(
        &mut self,
        ledger: &mut Ledger,
        flow: &FlowId,
        new: &NewToken,
        now: u64,
        rng: &mut impl RandomSource,
    ) -> Result<CardChallenge, BankError> {
        let contract_id = self.step(ledger, flow, Purpose::Procedure(Procedure::Start), now)?;
        let step = self.check_new_token(ledger, &contract_id, new, now);
        let step = self.close_if_over(flow, step)?;
        ledger.token_mut(&new.serial).accept(step);
        let change = Change::Started {
            serial: new.serial.clone(),
            login_otp: new.login_otp,
        };
        self.await_card(ledger, flow, change, now, rng)
    }

    /// 交換's token step: a code from the token in use and one from the replacement. Neither code is
    /// spent unless both are right.
    pub fn exchange_token(
        &mut self,
        ledger: &mut Ledger,
        flow: &FlowId,
        request: &Replacement,
        now: u64,
        rng: &mut impl RandomSource,
    ) -> Result<CardChallenge, BankError> {
        let contract_id = self.step(ledger, flow, Purpose::Procedure(Procedure::Exchange), now)?;
        let old = current_serial(ledger, &contract_id)?;
        if old == request.new.serial {
            return Err(BankError::SameToken);
        }
        let old_step = self.check_current_code(ledger, &old, &request.current_code, now);
        let old_step = self.close_if_over(flow, old_step)?;
        let new_step = self.check_new_token(ledger, &contract_id, &request.new, now);
        let new_step = self.close_if_over(flow, new_step)?;
        ledger.token_mut(&old).accept(old_step);
        ledger.token_mut(&request.new.serial).accept(new_step);
        let change = Change::Exchanged {
            old,
            new: request.new.serial.clone(),
            login_otp: request.new.login_otp,
        };
        self.await_card(ledger, flow, change, now, rng)
    }

    /// 利用中止's token step: a code from the token in use.
    pub fn stop_with_code(
        &mut self,
        ledger: &mut Ledger,
        flow: &FlowId,
        code: &OtpCode,
        now: u64,
        rng: &mut impl RandomSource,
    ) -> Result<CardChallenge, BankError> {
        let contract_id = self.step(ledger, flow, Purpose::Procedure(Procedure::Stop), now)?;
        let serial = current_serial(ledger, &contract_id)?;
        let step = self.check_current_code(ledger, &serial, code, now);
        let step = self.close_if_over(flow, step)?;
        ledger.token_mut(&serial).accept(step);
        self.await_card(ledger, flow, Change::Stopped { serial }, now, rng)
    }

    /// 紛失・故障のお届け (from 利用中止): no code, only the card. Once confirmed the token is
    /// suspended, and login stays closed until the bank has confirmed the customer by another channel.
    pub fn report_lost(
        &mut self,
        ledger: &mut Ledger,
        flow: &FlowId,
        now: u64,
        rng: &mut impl RandomSource,
    ) -> Result<CardChallenge, BankError> {
        let contract_id = self.step(ledger, flow, Purpose::Procedure(Procedure::Stop), now)?;
        let serial = current_serial(ledger, &contract_id)?;
        self.await_card(ledger, flow, Change::Suspended { serial }, now, rng)
    }

    // ── 延長する ──────────────────────────────────────────────────────────────────────────────

    /// 延長する, before the time limit: touches flow `flow` (a procedure's or ログイン's code step)
    /// at `now` and changes nothing else: not its stage, nor any counter. An expired flow stays
    /// expired, an unknown one is unknown, as at every step. Locks are not checked: extending
    /// grants nothing, and the next step checks them all.
    pub fn extend_flow(&mut self, flow: &FlowId, now: u64) -> Result<Extended, BankError> {
        self.flows.extend(flow, now).map(|()| Extended)
    }

    // ── 確認用パスワード入力 ───────────────────────────────────────────────────────────────────

    /// 確認用パスワード入力: checks the card digits and, if right, makes the flow's change.
    pub fn confirm_card(
        &mut self,
        ledger: &mut Ledger,
        flow: &FlowId,
        answers: [u8; 2],
        now: u64,
    ) -> Result<Receipt, BankError> {
        let f = self.flows.touch(flow, None, now)?;
        let Stage::AwaitingCard { change, challenge } = f.stage.clone() else {
            return Err(BankError::FlowInvalid);
        };
        let (contract_id, purpose) = (f.contract_id.clone(), f.purpose);
        let locks = check_locks(ledger, &contract_id, purpose);
        self.close_if_over(flow, locks)?;
        let card = self
            .directory
            .card(&contract_id)
            .ok_or(BankError::FlowInvalid)?;
        let state = ledger.customer_mut(&contract_id);
        // Answered, right or wrong: the next flow draws a new challenge.
        state.challenge = None;
        if !card.answers(challenge, answers) {
            state.card_failures += 1;
            if state.card_locked() {
                self.flows.close(flow);
                return Err(BankError::CardLocked);
            }
            return Err(BankError::WrongCard);
        }
        state.card_failures = 0;
        self.flows.close(flow);
        apply(ledger, &contract_id, &change, now)?;
        Ok(Receipt { change, at: now })
    }

    // ── the rules ─────────────────────────────────────────────────────────────────────────────

    /// ID and password's verdict, with the lockout and uniform-failure rules: an unknown,
    /// well-formed ID (always a mismatch) is counted and locks after
    /// [`MAX_PASSWORD_FAILURES`](super::ledger::MAX_PASSWORD_FAILURES) exactly like a real one,
    /// with the same answers and the same ledger writes.
    fn check_password(
        &self,
        ledger: &mut Ledger,
        contract_id: &ContractId,
        password: PasswordVerdict,
    ) -> Result<(), BankError> {
        let state = ledger.customer_mut(contract_id);
        if state.login_locked() {
            return Err(BankError::LoginLocked);
        }
        if password == PasswordVerdict::Mismatch {
            state.password_failures += 1;
            return Err(if state.login_locked() {
                BankError::LoginLocked
            } else {
                BankError::BadCredentials
            });
        }
        state.password_failures = 0;
        Ok(())
    }

    /// Opens a step of flow `id` at stage [`Stage::Authenticated`]: touches the flow, re-checks every
    /// lock and that the procedure still applies; returns whose flow it is.
    fn step(
        &mut self,
        ledger: &Ledger,
        id: &FlowId,
        purpose: Purpose,
        now: u64,
    ) -> Result<ContractId, BankError> {
        let flow = self.flows.touch(id, Some(purpose), now)?;
        if flow.stage != Stage::Authenticated {
            return Err(BankError::FlowInvalid);
        }
        let contract_id = flow.contract_id.clone();
        let checked = check_locks(ledger, &contract_id, purpose).and_then(|()| match purpose {
            Purpose::Procedure(p) => check_applies(ledger, &contract_id, p),
            Purpose::Login => current_serial(ledger, &contract_id).map(drop),
        });
        self.close_if_over(id, checked)?;
        Ok(contract_id)
    }

    /// Passes `result` through, closing flow `id` first if the error ends it.
    fn close_if_over<T>(
        &mut self,
        id: &FlowId,
        result: Result<T, BankError>,
    ) -> Result<T, BankError> {
        if let Err(e) = &result {
            if e.ends_flow() {
                self.flows.close(id);
            }
        }
        result
    }

    /// A code from the customer's own token `serial`: the window, single use, drift and the token's
    /// lockout. On success returns the step, not yet spent (the caller spends it).
    fn check_current_code(
        &self,
        ledger: &mut Ledger,
        serial: &Serial,
        code: &OtpCode,
        now: u64,
    ) -> Result<u64, BankError> {
        let seed = self.directory.seed(serial).ok_or(BankError::FlowInvalid)?;
        if ledger.token_locked(serial) {
            return Err(BankError::TokenLocked);
        }
        let refused = match judge(seed, ledger.token(serial), code, now) {
            Judgement::Accepted(step) => return Ok(step),
            Judgement::Spent => return Err(BankError::CodeUsed),
            Judgement::Drifted(step) => {
                refuse(ledger, serial, step);
                BankError::ClockDrift
            }
            Judgement::Wrong => BankError::WrongCode,
        };
        Err(count_failure(ledger, serial, refused))
    }

    /// A new token (利用開始, or 交換's replacement): its serial must exist and be free, and its code
    /// right. Every failure counts against the customer trying — never against the token, which
    /// someone else may be about to receive — and an unknown serial, another customer's serial and
    /// a wrong code give one answer. On success returns the step, not yet spent.
    fn check_new_token(
        &self,
        ledger: &mut Ledger,
        contract_id: &ContractId,
        new: &NewToken,
        now: u64,
    ) -> Result<u64, BankError> {
        if ledger.customer_mut(contract_id).new_token_locked() {
            return Err(BankError::NewTokenLocked);
        }
        let someone_elses = ledger
            .holder_of(&new.serial)
            .is_some_and(|e| &e.contract_id != contract_id);
        // Nothing about the token is written unless its code is the token's (right or drifted), so
        // a wrong code leaves the same ledger for an unknown serial as for a real one.
        let judgement = match self.directory.seed(&new.serial) {
            Some(seed) => judge(seed, ledger.token(&new.serial), &new.code, now),
            None => Judgement::Wrong,
        };
        let refused = match (judgement, someone_elses) {
            (Judgement::Accepted(_), true) => return Err(BankError::SerialInUse),
            (Judgement::Accepted(step), false) => {
                ledger.customer_mut(contract_id).new_token_failures = 0;
                return Ok(step);
            }
            (Judgement::Spent, false) => return Err(BankError::NewTokenCodeUsed),
            (Judgement::Drifted(step), false) => {
                refuse(ledger, &new.serial, step);
                BankError::NewTokenClockDrift
            }
            _ => BankError::NewTokenRefused,
        };
        let state = ledger.customer_mut(contract_id);
        state.new_token_failures += 1;
        Err(if state.new_token_locked() {
            BankError::NewTokenLocked
        } else {
            refused
        })
    }

    /// Moves a flow to the card step for `change`, drawing a fresh challenge.
    /// Moves flow `flow` to the card with the customer's standing challenge: the one shown before
    /// and not answered yet, or a new one, kept in the ledger until it is answered (right or
    /// wrong). So opening flow after flow never shows another pair of columns for free.
    fn await_card(
        &mut self,
        ledger: &mut Ledger,
        flow: &FlowId,
        change: Change,
        now: u64,
        rng: &mut impl RandomSource,
    ) -> Result<CardChallenge, BankError> {
        let f = self.flows.touch(flow, None, now)?;
        let challenge = *ledger
            .customer_mut(&f.contract_id)
            .challenge
            .get_or_insert_with(|| CardChallenge::draw(rng));
        f.stage = Stage::AwaitingCard { change, challenge };
        Ok(challenge)
    }

    fn session(&self, ledger: &Ledger, contract_id: &ContractId) -> Session {
        Session {
            contract_id: contract_id.clone(),
            name: self
                .directory
                .name(contract_id)
                .map(str::to_owned)
                .unwrap_or_default(),
            token: ledger.enrolment(contract_id).map(Enrolment::in_use),
        }
    }
}

impl Bank {
    // ── the bank's own side ──────────────────────────────────────────────────────────────────
    // (On the plain `Bank`: they read no directory, so callers need not name one.)

    /// The bank, having confirmed the customer by another channel (telephone, branch), stops their
    /// suspended or locked token: login no longer asks for a code and 利用開始 is open again.
    /// Returns the token stopped, if there was one.
    pub fn stop_by_bank(ledger: &mut Ledger, contract_id: &ContractId) -> Option<Serial> {
        let enrolment = ledger.enrolment(contract_id)?.clone();
        ledger.enrolments.retain(|e| &e.contract_id != contract_id);
        ledger.token_mut(&enrolment.serial).failures = 0;
        Some(enrolment.serial)
    }

    /// Every lock that applies to `purpose` for `contract_id`: wrong passwords always; for a
    /// procedure, wrong card answers and a suspended token; a locked token in use for 交換,
    /// 利用中止 and 時刻補正 (only the bank can lift it) and for a login that asks for its code; the
    /// customer's failed new-token registrations for 利用開始 and 交換.
    pub fn check_locks(
        ledger: &Ledger,
        contract_id: &ContractId,
        purpose: Purpose,
    ) -> Result<(), BankError> {
        check_locks(ledger, contract_id, purpose)
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod more_tests;

#[cfg(test)]
mod resync_tests;

#[cfg(test)]
mod extend_tests;
