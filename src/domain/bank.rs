//! The bank's state machine: 利用者認証, token registration, card confirmation, and login with OTP.
//!
//! Pure: time comes in as Unix seconds and randomness through [`RandomSource`], so every rule in
//! DESIGN.md's "Bank rules" can be tested natively with an injected clock. State is split in two:
//!
//! - [`Directory`]: who the customers are and which tokens exist (fixtures in the demo).
//! - [`Ledger`]: what changes and must survive a reload — enrolments, the last accepted step of each
//!   token, failure counters. It holds no password, code, seed or card answer, so it may be stored.
//!
//! Flows (one per visit to 利用開始 or login) live only in [`Flows`], in memory: a reload or a new tab
//! has no flow, so the registration and confirmation steps cannot be reached without 利用者認証.

use super::card::{CardChallenge, CardRow};
use super::input::{ContractId, OtpCode, Serial, TokenModel};
use super::totp;
use super::{constant_time_eq, RandomSource};
use serde::{Deserialize, Serialize};

/// Wrong passwords in a row that lock login.
pub const MAX_PASSWORD_FAILURES: u32 = 5;
/// Wrong codes in a row that lock a token.
pub const MAX_CODE_FAILURES: u32 = 5;
/// Wrong card answers in a row that lock the confirmation.
pub const MAX_CARD_FAILURES: u32 = 3;
/// Seconds a flow may sit idle before it expires.
pub const FLOW_IDLE_SECONDS: u64 = 10 * 60;

/// A customer as the bank knows them.
#[derive(Debug, Clone)]
pub struct Customer {
    /// 契約者ID（利用者番号）.
    pub contract_id: String,
    /// Name shown after login.
    pub name: String,
    /// ログインパスワード.
    pub password: String,
    /// The 確認用パスワード row on their お客様カード.
    pub card: CardRow,
}

/// A token the vendor made: its serial, model and seed (the bank's copy of the shared secret).
#[derive(Debug, Clone)]
pub struct Token {
    /// シリアル番号.
    pub serial: Serial,
    /// Software or hardware, as the prefix says.
    pub model: TokenModel,
    /// The RFC 6238 secret (≥ 160 bits).
    pub seed: Vec<u8>,
}

/// Customers and the vendor's token registry.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    /// Customers of internet banking.
    pub customers: Vec<Customer>,
    /// Every token the vendor issued, bound or not.
    pub tokens: Vec<Token>,
}

impl Directory {
    fn customer(&self, contract_id: &str) -> Option<&Customer> {
        self.customers.iter().find(|c| c.contract_id == contract_id)
    }

    /// The registry entry for `serial`.
    pub fn token(&self, serial: &Serial) -> Option<&Token> {
        self.tokens.iter().find(|t| &t.serial == serial)
    }
}

/// A customer's token in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    /// Whose token.
    pub contract_id: String,
    /// Which token.
    pub serial: Serial,
    /// ログイン時のワンタイムパスワード認証要否: true = 認証する.
    pub login_otp: bool,
    /// When 利用開始 completed (Unix seconds).
    pub enrolled_at: u64,
}

/// Per-token counters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenState {
    /// Which token.
    pub serial: Serial,
    /// The last step whose code was accepted; codes of this step or earlier are refused.
    pub last_accepted_step: Option<u64>,
    /// Wrong codes since the last accepted one.
    pub failures: u32,
}

/// Per-customer counters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerState {
    /// Whose counters.
    pub contract_id: String,
    /// Wrong passwords since the last correct one.
    pub password_failures: u32,
    /// Wrong card answers since the last correct one.
    pub card_failures: u32,
}

/// What changes and survives reloads. Holds nothing secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    /// Tokens in use.
    pub enrolments: Vec<Enrolment>,
    /// Token counters.
    pub tokens: Vec<TokenState>,
    /// Customer counters.
    pub customers: Vec<CustomerState>,
}

impl Ledger {
    /// The customer's token in use, if any.
    pub fn enrolment(&self, contract_id: &str) -> Option<&Enrolment> {
        self.enrolments
            .iter()
            .find(|e| e.contract_id == contract_id)
    }

    /// Who uses `serial`, if anyone.
    pub fn holder_of(&self, serial: &Serial) -> Option<&Enrolment> {
        self.enrolments.iter().find(|e| &e.serial == serial)
    }

    fn token_state(&mut self, serial: &Serial) -> &mut TokenState {
        if let Some(i) = self.tokens.iter().position(|t| &t.serial == serial) {
            return &mut self.tokens[i];
        }
        self.tokens.push(TokenState {
            serial: serial.clone(),
            last_accepted_step: None,
            failures: 0,
        });
        self.tokens.last_mut().expect("just pushed")
    }

    fn customer_state(&mut self, contract_id: &str) -> &mut CustomerState {
        if let Some(i) = self
            .customers
            .iter()
            .position(|c| c.contract_id == contract_id)
        {
            return &mut self.customers[i];
        }
        self.customers.push(CustomerState {
            contract_id: contract_id.to_owned(),
            password_failures: 0,
            card_failures: 0,
        });
        self.customers.last_mut().expect("just pushed")
    }
}

/// Why the bank refused a request. Each maps to one Japanese message in `ui::messages`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BankError {
    /// Unknown contract ID or wrong password: deliberately the same error.
    BadCredentials,
    /// Too many wrong passwords; refused even when correct.
    LoginLocked,
    /// 利用開始 for a customer whose token is already in use.
    AlreadyEnrolled,
    /// 交換 or 利用中止 for a customer with no token in use.
    NotEnrolled,
    /// 交換 to the token already in use.
    SameToken,
    /// A well-formed serial that no token has.
    UnknownSerial,
    /// The token is another customer's.
    SerialInUse,
    /// The code is wrong.
    WrongCode,
    /// The code is the token's, but for a step outside T−1..T+1: its clock is probably off.
    /// Refused and counted like a wrong code; only the advice differs.
    ClockDrift,
    /// The code's step was already used.
    CodeUsed,
    /// Too many wrong codes; refused even when correct.
    TokenLocked,
    /// The card digits are wrong.
    WrongCard,
    /// Too many wrong card answers; refused even when correct.
    CardLocked,
    /// The flow sat idle too long and was discarded.
    FlowExpired,
    /// No such flow at this step (reload, old tab, or a step taken out of order).
    FlowInvalid,
}

/// Which job a flow is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowKind {
    /// ワンタイムパスワード利用開始.
    Start,
    /// ワンタイムパスワード交換: a replacement token.
    Exchange,
    /// ワンタイムパスワード利用中止.
    Stop,
    /// ログイン asking for the one-time password.
    Login,
}

/// What a flow will do once the card confirms it; after, what it did (for 処理結果).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// 利用開始: `serial` is now in use.
    Started {
        /// The token registered.
        serial: Serial,
        /// Whether login asks for a code.
        login_otp: bool,
    },
    /// 交換: `new` replaces `old`, whose codes are refused from now on.
    Exchanged {
        /// The token no longer in use.
        old: Serial,
        /// The token now in use.
        new: Serial,
        /// Whether login asks for a code.
        login_otp: bool,
    },
    /// 利用中止: `serial` is unbound; login no longer asks for a code.
    Stopped {
        /// The token no longer in use.
        serial: Serial,
        /// Stopped through the lost-or-broken path (no code from the token).
        lost: bool,
    },
}

/// An opaque handle for one flow, random and held only in page memory.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FlowId(String);

impl FlowId {
    fn random(rng: &mut impl RandomSource) -> FlowId {
        let mut bytes = [0u8; 16];
        rng.fill(&mut bytes);
        FlowId(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }
}

#[derive(Debug, Clone)]
enum Stage {
    /// 利用者認証 passed; waiting for the token.
    Authenticated,
    /// Token proved (or, for a lost token, skipped); waiting for the card.
    AwaitingCard {
        change: Change,
        challenge: CardChallenge,
    },
}

#[derive(Debug, Clone)]
struct Flow {
    id: FlowId,
    kind: FlowKind,
    contract_id: String,
    stage: Stage,
    last_activity: u64,
}

/// Flows in progress, in memory only.
#[derive(Debug, Default)]
pub struct Flows(Vec<Flow>);

/// What a flow changed, for 処理結果.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// What changed.
    pub change: Change,
    /// When (Unix seconds).
    pub at: u64,
}

/// A flow opened by 利用者認証, with the customer's token in use (for 交換's and 利用中止's screens).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authenticated {
    /// The flow's handle.
    pub flow: FlowId,
    /// The token in use, if any.
    pub current: Option<Enrolment>,
}

/// A logged-in customer, for the top page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Whose session.
    pub contract_id: String,
    /// Their name.
    pub name: String,
    /// Their token in use, if any.
    pub enrolment: Option<Enrolment>,
}

/// Where a correct ID and password lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginStep {
    /// Logged in.
    Done(Session),
    /// The customer chose 認証する: a code is needed, in this flow.
    NeedsCode(FlowId),
}

/// The bank: a [`Directory`] plus flows in memory. The [`Ledger`] is passed to each call, so the
/// caller can re-read it from storage first and write it back after (two tabs stay consistent).
#[derive(Debug, Default)]
pub struct Bank {
    /// Customers and tokens.
    pub directory: Directory,
    flows: Flows,
}

impl Bank {
    /// A bank over `directory`, with no flows.
    pub fn new(directory: Directory) -> Bank {
        Bank {
            directory,
            flows: Flows::default(),
        }
    }

    /// Checks ID and password with the lockout and uniform-failure rules.
    fn check_password(
        &self,
        ledger: &mut Ledger,
        contract_id: &ContractId,
        password: &str,
    ) -> Result<(), BankError> {
        let Some(customer) = self.directory.customer(contract_id.as_str()) else {
            return Err(BankError::BadCredentials);
        };
        let state = ledger.customer_state(&customer.contract_id);
        if state.password_failures >= MAX_PASSWORD_FAILURES {
            return Err(BankError::LoginLocked);
        }
        if !constant_time_eq(customer.password.as_bytes(), password.as_bytes()) {
            state.password_failures += 1;
            return Err(if state.password_failures >= MAX_PASSWORD_FAILURES {
                BankError::LoginLocked
            } else {
                BankError::BadCredentials
            });
        }
        state.password_failures = 0;
        Ok(())
    }

    fn open_flow(
        &mut self,
        kind: FlowKind,
        contract_id: &ContractId,
        now: u64,
        rng: &mut impl RandomSource,
    ) -> FlowId {
        self.flows
            .0
            .retain(|f| now < f.last_activity + FLOW_IDLE_SECONDS);
        let id = FlowId::random(rng);
        self.flows.0.push(Flow {
            id: id.clone(),
            kind,
            contract_id: contract_id.as_str().to_owned(),
            stage: Stage::Authenticated,
            last_activity: now,
        });
        id
    }

    /// The live flow `id` of `kind`, touched at `now`; an idle one is discarded as expired.
    fn flow(&mut self, id: &FlowId, kind: FlowKind, now: u64) -> Result<&mut Flow, BankError> {
        let i = self
            .flows
            .0
            .iter()
            .position(|f| &f.id == id && f.kind == kind)
            .ok_or(BankError::FlowInvalid)?;
        if now >= self.flows.0[i].last_activity + FLOW_IDLE_SECONDS {
            self.flows.0.remove(i);
            return Err(BankError::FlowExpired);
        }
        let flow = &mut self.flows.0[i];
        flow.last_activity = now;
        Ok(flow)
    }

    fn close_flow(&mut self, id: &FlowId) {
        self.flows.0.retain(|f| &f.id != id);
    }

    /// Checks a code for `serial` with the window, single-use and lockout rules.
    fn check_code(
        &self,
        ledger: &mut Ledger,
        serial: &Serial,
        code: &OtpCode,
        now: u64,
    ) -> Result<(), BankError> {
        let token = self
            .directory
            .token(serial)
            .ok_or(BankError::UnknownSerial)?;
        let state = ledger.token_state(serial);
        if state.failures >= MAX_CODE_FAILURES {
            return Err(BankError::TokenLocked);
        }
        match totp::matching_step(&token.seed, code.as_str(), now) {
            Some(step) if state.last_accepted_step.is_some_and(|last| step <= last) => {
                Err(BankError::CodeUsed)
            }
            Some(step) => {
                state.last_accepted_step = Some(step);
                state.failures = 0;
                Ok(())
            }
            None => {
                state.failures += 1;
                Err(if state.failures >= MAX_CODE_FAILURES {
                    BankError::TokenLocked
                } else if totp::is_drifted(&token.seed, code.as_str(), now) {
                    BankError::ClockDrift
                } else {
                    BankError::WrongCode
                })
            }
        }
    }

    /// 利用者認証 for 利用開始, 交換 or 利用中止: opens a flow of `kind` if the ID and password are
    /// right and the flow applies (利用開始 needs no token in use; 交換 and 利用中止 need one).
    pub fn authenticate(
        &mut self,
        kind: FlowKind,
        ledger: &mut Ledger,
        contract_id: &ContractId,
        password: &str,
        now: u64,
        rng: &mut impl RandomSource,
    ) -> Result<Authenticated, BankError> {
        self.check_password(ledger, contract_id, password)?;
        let current = ledger.enrolment(contract_id.as_str()).cloned();
        match (kind, &current) {
            (FlowKind::Start, Some(_)) => return Err(BankError::AlreadyEnrolled),
            (FlowKind::Exchange | FlowKind::Stop, None) => return Err(BankError::NotEnrolled),
            (FlowKind::Login, _) => return Err(BankError::FlowInvalid),
            _ => {}
        }
        Ok(Authenticated {
            flow: self.open_flow(kind, contract_id, now, rng),
            current,
        })
    }

    /// 利用者認証 for 利用開始 (see [`Bank::authenticate`]).
    pub fn authenticate_start(
        &mut self,
        ledger: &mut Ledger,
        contract_id: &ContractId,
        password: &str,
        now: u64,
        rng: &mut impl RandomSource,
    ) -> Result<FlowId, BankError> {
        self.authenticate(FlowKind::Start, ledger, contract_id, password, now, rng)
            .map(|a| a.flow)
    }

    /// The customer of a flow at [`Stage::Authenticated`], touched at `now`.
    fn authenticated_customer(
        &mut self,
        flow: &FlowId,
        kind: FlowKind,
        now: u64,
    ) -> Result<String, BankError> {
        let f = self.flow(flow, kind, now)?;
        if !matches!(f.stage, Stage::Authenticated) {
            return Err(BankError::FlowInvalid);
        }
        Ok(f.contract_id.clone())
    }

    /// Moves a flow to the card step for `change`, drawing a fresh challenge.
    fn await_card(
        &mut self,
        flow: &FlowId,
        kind: FlowKind,
        change: Change,
        now: u64,
        rng: &mut impl RandomSource,
    ) -> Result<CardChallenge, BankError> {
        let challenge = CardChallenge::draw(rng);
        self.flow(flow, kind, now)?.stage = Stage::AwaitingCard { change, challenge };
        Ok(challenge)
    }

    /// The customer's token in use, or `NotEnrolled` (another tab may have stopped it meanwhile).
    fn current_serial(ledger: &Ledger, contract_id: &str) -> Result<Serial, BankError> {
        ledger
            .enrolment(contract_id)
            .map(|e| e.serial.clone())
            .ok_or(BankError::NotEnrolled)
    }

    /// Checks that `serial` exists and is free for `contract_id`.
    fn check_free(
        &self,
        ledger: &Ledger,
        serial: &Serial,
        contract_id: &str,
    ) -> Result<(), BankError> {
        if self.directory.token(serial).is_none() {
            return Err(BankError::UnknownSerial);
        }
        if ledger
            .holder_of(serial)
            .is_some_and(|e| e.contract_id != contract_id)
        {
            return Err(BankError::SerialInUse);
        }
        Ok(())
    }

    /// ワンタイムパスワードの登録 (利用開始): proves the token with a code and draws the card challenge.
    #[allow(clippy::too_many_arguments)]
    pub fn register_token(
        &mut self,
        ledger: &mut Ledger,
        flow: &FlowId,
        serial: &Serial,
        code: &OtpCode,
        login_otp: bool,
        now: u64,
        rng: &mut impl RandomSource,
    ) -> Result<CardChallenge, BankError> {
        let contract_id = self.authenticated_customer(flow, FlowKind::Start, now)?;
        self.check_free(ledger, serial, &contract_id)?;
        self.check_code(ledger, serial, code, now)?;
        let change = Change::Started {
            serial: serial.clone(),
            login_otp,
        };
        self.await_card(flow, FlowKind::Start, change, now, rng)
    }

    /// 交換's 新しいトークンの登録: proves the replacement token with a code.
    #[allow(clippy::too_many_arguments)]
    pub fn exchange_token(
        &mut self,
        ledger: &mut Ledger,
        flow: &FlowId,
        serial: &Serial,
        code: &OtpCode,
        login_otp: bool,
        now: u64,
        rng: &mut impl RandomSource,
    ) -> Result<CardChallenge, BankError> {
        let contract_id = self.authenticated_customer(flow, FlowKind::Exchange, now)?;
        let old = Self::current_serial(ledger, &contract_id)?;
        if &old == serial {
            return Err(BankError::SameToken);
        }
        self.check_free(ledger, serial, &contract_id)?;
        self.check_code(ledger, serial, code, now)?;
        let change = Change::Exchanged {
            old,
            new: serial.clone(),
            login_otp,
        };
        self.await_card(flow, FlowKind::Exchange, change, now, rng)
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
        let contract_id = self.authenticated_customer(flow, FlowKind::Stop, now)?;
        let serial = Self::current_serial(ledger, &contract_id)?;
        self.check_code(ledger, &serial, code, now)?;
        let change = Change::Stopped {
            serial,
            lost: false,
        };
        self.await_card(flow, FlowKind::Stop, change, now, rng)
    }

    /// 利用中止 for a lost or broken token: no code, only the card (and a report to the bank).
    pub fn stop_lost(
        &mut self,
        ledger: &mut Ledger,
        flow: &FlowId,
        now: u64,
        rng: &mut impl RandomSource,
    ) -> Result<CardChallenge, BankError> {
        let contract_id = self.authenticated_customer(flow, FlowKind::Stop, now)?;
        let serial = Self::current_serial(ledger, &contract_id)?;
        let change = Change::Stopped { serial, lost: true };
        self.await_card(flow, FlowKind::Stop, change, now, rng)
    }

    /// 確認用パスワード入力: checks the card digits and, if right, makes the flow's change.
    pub fn confirm_card(
        &mut self,
        ledger: &mut Ledger,
        flow: &FlowId,
        answers: [u8; 2],
        now: u64,
    ) -> Result<Receipt, BankError> {
        let i = self
            .flows
            .0
            .iter()
            .position(|f| &f.id == flow && f.kind != FlowKind::Login)
            .ok_or(BankError::FlowInvalid)?;
        let kind = self.flows.0[i].kind;
        let f = self.flow(flow, kind, now)?;
        let Stage::AwaitingCard { change, challenge } = f.stage.clone() else {
            return Err(BankError::FlowInvalid);
        };
        let contract_id = f.contract_id.clone();
        let card = self
            .directory
            .customer(&contract_id)
            .ok_or(BankError::FlowInvalid)?
            .card;
        let state = ledger.customer_state(&contract_id);
        if state.card_failures >= MAX_CARD_FAILURES {
            self.close_flow(flow);
            return Err(BankError::CardLocked);
        }
        if !card.answers(challenge, answers) {
            state.card_failures += 1;
            if state.card_failures >= MAX_CARD_FAILURES {
                self.close_flow(flow);
                return Err(BankError::CardLocked);
            }
            return Err(BankError::WrongCard);
        }
        state.card_failures = 0;
        self.close_flow(flow);
        Self::apply(ledger, &contract_id, &change, now)?;
        Ok(Receipt { change, at: now })
    }

    /// Makes a confirmed change in the ledger, re-checking what another tab may have changed since
    /// the token step (nothing is silently shared or lost).
    fn apply(
        ledger: &mut Ledger,
        contract_id: &str,
        change: &Change,
        now: u64,
    ) -> Result<(), BankError> {
        let current = ledger.enrolment(contract_id).map(|e| e.serial.clone());
        let taken_by_other = |serial: &Serial| {
            ledger
                .holder_of(serial)
                .is_some_and(|e| e.contract_id != contract_id)
        };
        let (serial, login_otp) = match change {
            Change::Started { serial, login_otp } => {
                if current.is_some() {
                    return Err(BankError::AlreadyEnrolled);
                }
                (serial, *login_otp)
            }
            Change::Exchanged {
                old,
                new,
                login_otp,
            } => {
                if current.as_ref() != Some(old) {
                    return Err(BankError::FlowInvalid);
                }
                (new, *login_otp)
            }
            Change::Stopped { serial, .. } => {
                if current.as_ref() != Some(serial) {
                    return Err(BankError::FlowInvalid);
                }
                ledger.enrolments.retain(|e| e.contract_id != contract_id);
                return Ok(());
            }
        };
        if taken_by_other(serial) {
            return Err(BankError::SerialInUse);
        }
        ledger.enrolments.retain(|e| e.contract_id != contract_id);
        ledger.enrolments.push(Enrolment {
            contract_id: contract_id.to_owned(),
            serial: serial.clone(),
            login_otp,
            enrolled_at: now,
        });
        Ok(())
    }

    /// The card challenge of a flow waiting for the card (to redraw the screen).
    pub fn challenge(&self, flow: &FlowId) -> Option<CardChallenge> {
        self.flows
            .0
            .iter()
            .find(|f| &f.id == flow)
            .and_then(|f| match f.stage {
                Stage::AwaitingCard { challenge, .. } => Some(challenge),
                Stage::Authenticated => None,
            })
    }

    fn session(&self, ledger: &Ledger, contract_id: &str) -> Session {
        Session {
            contract_id: contract_id.to_owned(),
            name: self
                .directory
                .customer(contract_id)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            enrolment: ledger.enrolment(contract_id).cloned(),
        }
    }

    /// ログイン: ID and password; asks for a code when the customer chose 認証する.
    pub fn login(
        &mut self,
        ledger: &mut Ledger,
        contract_id: &ContractId,
        password: &str,
        now: u64,
        rng: &mut impl RandomSource,
    ) -> Result<LoginStep, BankError> {
        self.check_password(ledger, contract_id, password)?;
        match ledger.enrolment(contract_id.as_str()) {
            Some(e) if e.login_otp => Ok(LoginStep::NeedsCode(self.open_flow(
                FlowKind::Login,
                contract_id,
                now,
                rng,
            ))),
            _ => Ok(LoginStep::Done(self.session(ledger, contract_id.as_str()))),
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
        let contract_id = self.flow(flow, FlowKind::Login, now)?.contract_id.clone();
        let serial = ledger
            .enrolment(&contract_id)
            .map(|e| e.serial.clone())
            .ok_or(BankError::FlowInvalid)?;
        self.check_code(ledger, &serial, code, now)?;
        self.close_flow(flow);
        Ok(self.session(ledger, &contract_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::input;
    use crate::domain::OsRandom;

    const T0: u64 = 1_700_000_010; // a moment early in its step
    const SEED: &[u8] = b"demo-seed-0123456789";

    fn bank() -> Bank {
        Bank::new(Directory {
            customers: vec![Customer {
                contract_id: "10000000001".into(),
                name: "山田 花子".into(),
                password: "hanako12".into(),
                card: CardRow([3, 8, 1, 5, 9, 0, 2, 7]),
            }],
            tokens: vec![
                Token {
                    serial: serial("SKTS10000001"),
                    model: TokenModel::Software,
                    seed: SEED.to_vec(),
                },
                Token {
                    serial: serial("SKHT20000001"),
                    model: TokenModel::Hardware,
                    seed: SEED2.to_vec(),
                },
            ],
        })
    }

    const SEED2: &[u8] = b"demo-seed-hardware-1";

    fn code2(at: u64) -> OtpCode {
        input::otp_code(&totp::code_at(SEED2, at)).unwrap()
    }

    /// 山田 花子 enrolled with SKTS10000001 (login OTP on) at T0.
    fn enrolled() -> (Bank, Ledger) {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        let (flow, challenge) = to_card(&mut bank, &mut ledger, true);
        bank.confirm_card(&mut ledger, &flow, right_answers(challenge), T0)
            .unwrap();
        (bank, ledger)
    }

    fn open(
        bank: &mut Bank,
        ledger: &mut Ledger,
        kind: FlowKind,
        at: u64,
    ) -> Result<Authenticated, BankError> {
        bank.authenticate(kind, ledger, &id(), "hanako12", at, &mut OsRandom)
    }

    fn login_step(bank: &mut Bank, ledger: &mut Ledger, at: u64) -> LoginStep {
        bank.login(ledger, &id(), "hanako12", at, &mut OsRandom)
            .unwrap()
    }

    fn id() -> ContractId {
        input::contract_id("10000000001").unwrap()
    }
    fn serial(s: &str) -> Serial {
        Serial::parse(s).unwrap()
    }
    fn code(at: u64) -> OtpCode {
        input::otp_code(&totp::code_at(SEED, at)).unwrap()
    }
    fn right_answers(c: CardChallenge) -> [u8; 2] {
        let row = [3, 8, 1, 5, 9, 0, 2, 7];
        [row[c.first], row[c.second]]
    }

    /// Runs 利用開始 through to the card step; returns the flow and challenge.
    fn to_card(bank: &mut Bank, ledger: &mut Ledger, login_otp: bool) -> (FlowId, CardChallenge) {
        let flow = bank
            .authenticate_start(ledger, &id(), "hanako12", T0, &mut OsRandom)
            .unwrap();
        let challenge = bank
            .register_token(
                ledger,
                &flow,
                &serial("SKTS10000001"),
                &code(T0),
                login_otp,
                T0,
                &mut OsRandom,
            )
            .unwrap();
        (flow, challenge)
    }

    #[test]
    fn start_flow_enrols_the_token_with_the_login_choice() {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        let (flow, challenge) = to_card(&mut bank, &mut ledger, true);
        let receipt = bank
            .confirm_card(&mut ledger, &flow, right_answers(challenge), T0 + 5)
            .unwrap();
        assert_eq!(
            receipt.change,
            Change::Started {
                serial: serial("SKTS10000001"),
                login_otp: true
            }
        );
        assert_eq!(
            ledger.enrolment("10000000001").unwrap().serial,
            serial("SKTS10000001")
        );
    }

    #[test]
    fn wrong_contract_id_and_wrong_password_give_the_same_error() {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        let unknown = input::contract_id("19999999999").unwrap();
        let a = bank.authenticate_start(&mut ledger, &unknown, "hanako12", T0, &mut OsRandom);
        let b = bank.authenticate_start(&mut ledger, &id(), "wrong123", T0, &mut OsRandom);
        assert_eq!(a, Err(BankError::BadCredentials));
        assert_eq!(b, Err(BankError::BadCredentials));
    }

    #[test]
    fn five_wrong_passwords_lock_login_even_for_the_right_one() {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        for _ in 0..4 {
            assert_eq!(
                bank.login(&mut ledger, &id(), "wrong123", T0, &mut OsRandom),
                Err(BankError::BadCredentials)
            );
        }
        assert_eq!(
            bank.login(&mut ledger, &id(), "wrong123", T0, &mut OsRandom),
            Err(BankError::LoginLocked)
        );
        assert_eq!(
            bank.login(&mut ledger, &id(), "hanako12", T0, &mut OsRandom),
            Err(BankError::LoginLocked)
        );
    }

    #[test]
    fn a_correct_password_resets_the_failure_count() {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        for _ in 0..4 {
            let _ = bank.login(&mut ledger, &id(), "wrong123", T0, &mut OsRandom);
        }
        assert!(bank
            .login(&mut ledger, &id(), "hanako12", T0, &mut OsRandom)
            .is_ok());
        assert_eq!(
            bank.login(&mut ledger, &id(), "wrong123", T0, &mut OsRandom),
            Err(BankError::BadCredentials)
        );
    }

    #[test]
    fn unknown_serial_is_refused_with_its_own_error() {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        let flow = bank
            .authenticate_start(&mut ledger, &id(), "hanako12", T0, &mut OsRandom)
            .unwrap();
        let r = bank.register_token(
            &mut ledger,
            &flow,
            &serial("SKTS99999999"),
            &code(T0),
            true,
            T0,
            &mut OsRandom,
        );
        assert_eq!(r, Err(BankError::UnknownSerial));
    }

    #[test]
    fn a_code_is_accepted_once() {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        let (flow, challenge) = to_card(&mut bank, &mut ledger, true);
        bank.confirm_card(&mut ledger, &flow, right_answers(challenge), T0)
            .unwrap();
        // Login with the same code (same step) is a replay.
        let LoginStep::NeedsCode(login) = bank
            .login(&mut ledger, &id(), "hanako12", T0, &mut OsRandom)
            .unwrap()
        else {
            panic!("認証する must ask for a code");
        };
        assert_eq!(
            bank.login_code(&mut ledger, &login, &code(T0), T0),
            Err(BankError::CodeUsed)
        );
        // The next step's code is fine.
        assert!(bank
            .login_code(&mut ledger, &login, &code(T0 + 30), T0)
            .is_ok());
    }

    #[test]
    fn login_without_otp_choice_does_not_ask_for_a_code() {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        let (flow, challenge) = to_card(&mut bank, &mut ledger, false);
        bank.confirm_card(&mut ledger, &flow, right_answers(challenge), T0)
            .unwrap();
        assert!(matches!(
            bank.login(&mut ledger, &id(), "hanako12", T0, &mut OsRandom),
            Ok(LoginStep::Done(_))
        ));
    }

    #[test]
    fn codes_outside_the_window_are_refused() {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        let flow = bank
            .authenticate_start(&mut ledger, &id(), "hanako12", T0, &mut OsRandom)
            .unwrap();
        let r = bank.register_token(
            &mut ledger,
            &flow,
            &serial("SKTS10000001"),
            &code(T0 + 60),
            true,
            T0,
            &mut OsRandom,
        );
        assert_eq!(r, Err(BankError::ClockDrift));
        // T−2 is refused too, and both count towards the lockout.
        let r = bank.register_token(
            &mut ledger,
            &flow,
            &serial("SKTS10000001"),
            &code(T0 - 60),
            true,
            T0,
            &mut OsRandom,
        );
        assert_eq!(r, Err(BankError::ClockDrift));
        assert_eq!(ledger.tokens[0].failures, 2);
    }

    #[test]
    fn five_wrong_codes_lock_the_token_even_for_a_right_code() {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        let flow = bank
            .authenticate_start(&mut ledger, &id(), "hanako12", T0, &mut OsRandom)
            .unwrap();
        let wrong = input::otp_code(if totp::code_at(SEED, T0) == "000000" {
            "111111"
        } else {
            "000000"
        })
        .unwrap();
        let mut last = Ok(CardChallenge {
            first: 0,
            second: 1,
        });
        for _ in 0..5 {
            last = bank.register_token(
                &mut ledger,
                &flow,
                &serial("SKTS10000001"),
                &wrong,
                true,
                T0,
                &mut OsRandom,
            );
        }
        assert_eq!(last, Err(BankError::TokenLocked));
        let r = bank.register_token(
            &mut ledger,
            &flow,
            &serial("SKTS10000001"),
            &code(T0),
            true,
            T0,
            &mut OsRandom,
        );
        assert_eq!(r, Err(BankError::TokenLocked));
    }

    #[test]
    fn three_wrong_card_answers_lock_the_confirmation() {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        let (flow, challenge) = to_card(&mut bank, &mut ledger, true);
        let [a, b] = right_answers(challenge);
        let wrong = [a, (b + 1) % 10];
        assert_eq!(
            bank.confirm_card(&mut ledger, &flow, wrong, T0),
            Err(BankError::WrongCard)
        );
        assert_eq!(
            bank.confirm_card(&mut ledger, &flow, wrong, T0),
            Err(BankError::WrongCard)
        );
        assert_eq!(
            bank.confirm_card(&mut ledger, &flow, wrong, T0),
            Err(BankError::CardLocked)
        );
        // A new flow (with a new challenge) is still locked, even with the right digits.
        let (flow, challenge) = {
            let flow = bank
                .authenticate_start(&mut ledger, &id(), "hanako12", T0 + 40, &mut OsRandom)
                .unwrap();
            let c = bank
                .register_token(
                    &mut ledger,
                    &flow,
                    &serial("SKTS10000001"),
                    &code(T0 + 40),
                    true,
                    T0 + 40,
                    &mut OsRandom,
                )
                .unwrap();
            (flow, c)
        };
        assert_eq!(
            bank.confirm_card(&mut ledger, &flow, right_answers(challenge), T0 + 40),
            Err(BankError::CardLocked)
        );
    }

    #[test]
    fn registration_needs_user_authentication_in_the_same_flow() {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        let forged = FlowId("00".repeat(16));
        let r = bank.register_token(
            &mut ledger,
            &forged,
            &serial("SKTS10000001"),
            &code(T0),
            true,
            T0,
            &mut OsRandom,
        );
        assert_eq!(r, Err(BankError::FlowInvalid));
        assert_eq!(
            bank.confirm_card(&mut ledger, &forged, [0, 0], T0),
            Err(BankError::FlowInvalid)
        );
    }

    #[test]
    fn card_step_cannot_be_taken_before_the_token_step() {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        let flow = bank
            .authenticate_start(&mut ledger, &id(), "hanako12", T0, &mut OsRandom)
            .unwrap();
        assert_eq!(
            bank.confirm_card(&mut ledger, &flow, [0, 0], T0),
            Err(BankError::FlowInvalid)
        );
    }

    #[test]
    fn an_idle_flow_expires_after_ten_minutes() {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        let flow = bank
            .authenticate_start(&mut ledger, &id(), "hanako12", T0, &mut OsRandom)
            .unwrap();
        let later = T0 + FLOW_IDLE_SECONDS;
        let r = bank.register_token(
            &mut ledger,
            &flow,
            &serial("SKTS10000001"),
            &code(later),
            true,
            later,
            &mut OsRandom,
        );
        assert_eq!(r, Err(BankError::FlowExpired));
    }

    #[test]
    fn start_is_refused_while_a_token_is_in_use() {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        let (flow, challenge) = to_card(&mut bank, &mut ledger, true);
        bank.confirm_card(&mut ledger, &flow, right_answers(challenge), T0)
            .unwrap();
        assert_eq!(
            bank.authenticate_start(&mut ledger, &id(), "hanako12", T0, &mut OsRandom),
            Err(BankError::AlreadyEnrolled)
        );
    }

    #[test]
    fn single_use_refuses_any_step_at_or_before_the_last_accepted() {
        let (mut bank, mut ledger) = enrolled(); // accepted the code of step(T0)
        for (at, code_time) in [(T0 + 30, T0), (T0, T0 - 30)] {
            let LoginStep::NeedsCode(flow) = login_step(&mut bank, &mut ledger, at) else {
                panic!("asks for a code");
            };
            assert_eq!(
                bank.login_code(&mut ledger, &flow, &code(code_time), at),
                Err(BankError::CodeUsed),
                "a code of an already used step is refused"
            );
        }
    }

    #[test]
    fn window_accepts_t_minus_1_t_and_t_plus_1_and_refuses_t_minus_2_and_t_plus_2() {
        // Each case on a fresh bank, so single use does not interfere.
        for (offset, accepted) in [
            (-60i64, false),
            (-30, true),
            (0, true),
            (30, true),
            (60, false),
        ] {
            let (mut bank, mut ledger) = (bank(), Ledger::default());
            let flow = bank
                .authenticate_start(&mut ledger, &id(), "hanako12", T0, &mut OsRandom)
                .unwrap();
            let r = bank.register_token(
                &mut ledger,
                &flow,
                &serial("SKTS10000001"),
                &code(T0.saturating_add_signed(offset)),
                true,
                T0,
                &mut OsRandom,
            );
            assert_eq!(r.is_ok(), accepted, "offset {offset} s");
        }
    }

    #[test]
    fn only_a_success_resets_the_code_failure_count() {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        let flow = bank
            .authenticate_start(&mut ledger, &id(), "hanako12", T0, &mut OsRandom)
            .unwrap();
        let wrong = input::otp_code(if totp::code_at(SEED, T0) == "000000" {
            "111111"
        } else {
            "000000"
        })
        .unwrap();
        for _ in 0..4 {
            let _ = bank.register_token(
                &mut ledger,
                &flow,
                &serial("SKTS10000001"),
                &wrong,
                true,
                T0,
                &mut OsRandom,
            );
        }
        // A new flow does not reset the count: one more wrong code locks.
        let flow = bank
            .authenticate_start(&mut ledger, &id(), "hanako12", T0, &mut OsRandom)
            .unwrap();
        assert_eq!(
            bank.register_token(
                &mut ledger,
                &flow,
                &serial("SKTS10000001"),
                &wrong,
                true,
                T0,
                &mut OsRandom
            ),
            Err(BankError::TokenLocked)
        );
    }

    #[test]
    fn a_locked_login_gives_the_same_message_for_right_and_wrong_passwords() {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        for _ in 0..5 {
            let _ = bank.login(&mut ledger, &id(), "wrong123", T0, &mut OsRandom);
        }
        let right = bank.login(&mut ledger, &id(), "hanako12", T0, &mut OsRandom);
        let wrong = bank.login(&mut ledger, &id(), "wrong123", T0, &mut OsRandom);
        assert_eq!(right, wrong);
        assert_eq!(right, Err(BankError::LoginLocked));
        // 利用開始's 利用者認証 is locked too.
        assert_eq!(
            bank.authenticate_start(&mut ledger, &id(), "hanako12", T0, &mut OsRandom),
            Err(BankError::LoginLocked)
        );
    }

    #[test]
    fn a_flow_touched_within_ten_minutes_stays_alive() {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        let flow = bank
            .authenticate_start(&mut ledger, &id(), "hanako12", T0, &mut OsRandom)
            .unwrap();
        let t = T0 + FLOW_IDLE_SECONDS - 1;
        assert!(bank
            .register_token(
                &mut ledger,
                &flow,
                &serial("SKTS10000001"),
                &code(t),
                true,
                t,
                &mut OsRandom
            )
            .is_ok());
    }

    #[test]
    fn exchange_and_stop_need_a_token_in_use() {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        for kind in [FlowKind::Exchange, FlowKind::Stop] {
            assert_eq!(
                open(&mut bank, &mut ledger, kind, T0),
                Err(BankError::NotEnrolled)
            );
        }
    }

    #[test]
    fn exchange_replaces_the_token_old_codes_refused_new_accepted() {
        let (mut bank, mut ledger) = enrolled();
        let t = T0 + 30;
        let auth = open(&mut bank, &mut ledger, FlowKind::Exchange, t).unwrap();
        assert_eq!(
            auth.current.as_ref().unwrap().serial,
            serial("SKTS10000001")
        );
        let challenge = bank
            .exchange_token(
                &mut ledger,
                &auth.flow,
                &serial("SKHT20000001"),
                &code2(t),
                true,
                t,
                &mut OsRandom,
            )
            .unwrap();
        let receipt = bank
            .confirm_card(&mut ledger, &auth.flow, right_answers(challenge), t)
            .unwrap();
        assert_eq!(
            receipt.change,
            Change::Exchanged {
                old: serial("SKTS10000001"),
                new: serial("SKHT20000001"),
                login_otp: true
            }
        );
        // Login now wants the new token's code; the old token's is refused.
        let later = t + 30;
        let LoginStep::NeedsCode(flow) = login_step(&mut bank, &mut ledger, later) else {
            panic!("login asks for a code");
        };
        assert_eq!(
            bank.login_code(&mut ledger, &flow, &code(later), later),
            Err(BankError::WrongCode)
        );
        assert!(bank
            .login_code(&mut ledger, &flow, &code2(later), later)
            .is_ok());
    }

    #[test]
    fn exchange_to_the_same_token_or_an_unknown_one_is_refused() {
        let (mut bank, mut ledger) = enrolled();
        let t = T0 + 30;
        let auth = open(&mut bank, &mut ledger, FlowKind::Exchange, t).unwrap();
        let same = bank.exchange_token(
            &mut ledger,
            &auth.flow,
            &serial("SKTS10000001"),
            &code(t),
            true,
            t,
            &mut OsRandom,
        );
        assert_eq!(same, Err(BankError::SameToken));
        let unknown = bank.exchange_token(
            &mut ledger,
            &auth.flow,
            &serial("SKHT29999999"),
            &code2(t),
            true,
            t,
            &mut OsRandom,
        );
        assert_eq!(unknown, Err(BankError::UnknownSerial));
    }

    #[test]
    fn exchange_can_change_the_login_choice() {
        let (mut bank, mut ledger) = enrolled();
        let t = T0 + 30;
        let auth = open(&mut bank, &mut ledger, FlowKind::Exchange, t).unwrap();
        let challenge = bank
            .exchange_token(
                &mut ledger,
                &auth.flow,
                &serial("SKHT20000001"),
                &code2(t),
                false,
                t,
                &mut OsRandom,
            )
            .unwrap();
        bank.confirm_card(&mut ledger, &auth.flow, right_answers(challenge), t)
            .unwrap();
        assert!(matches!(
            login_step(&mut bank, &mut ledger, t),
            LoginStep::Done(_)
        ));
    }

    #[test]
    fn stop_with_a_code_unbinds_the_token_and_login_stops_asking() {
        let (mut bank, mut ledger) = enrolled();
        let t = T0 + 30;
        let auth = open(&mut bank, &mut ledger, FlowKind::Stop, t).unwrap();
        let challenge = bank
            .stop_with_code(&mut ledger, &auth.flow, &code(t), t, &mut OsRandom)
            .unwrap();
        let receipt = bank
            .confirm_card(&mut ledger, &auth.flow, right_answers(challenge), t)
            .unwrap();
        assert_eq!(
            receipt.change,
            Change::Stopped {
                serial: serial("SKTS10000001"),
                lost: false
            }
        );
        assert!(ledger.enrolment("10000000001").is_none());
        assert!(matches!(
            login_step(&mut bank, &mut ledger, t),
            LoginStep::Done(_)
        ));
        // 利用開始 again is possible, with the same token.
        assert!(open(&mut bank, &mut ledger, FlowKind::Start, t).is_ok());
    }

    #[test]
    fn stop_needs_the_current_tokens_code() {
        let (mut bank, mut ledger) = enrolled();
        let t = T0 + 30;
        let auth = open(&mut bank, &mut ledger, FlowKind::Stop, t).unwrap();
        assert_eq!(
            bank.stop_with_code(&mut ledger, &auth.flow, &code2(t), t, &mut OsRandom),
            Err(BankError::WrongCode)
        );
    }

    #[test]
    fn a_lost_token_is_stopped_with_the_card_only() {
        let (mut bank, mut ledger) = enrolled();
        let auth = open(&mut bank, &mut ledger, FlowKind::Stop, T0).unwrap();
        let challenge = bank
            .stop_lost(&mut ledger, &auth.flow, T0, &mut OsRandom)
            .unwrap();
        let [a, b] = right_answers(challenge);
        assert_eq!(
            bank.confirm_card(&mut ledger, &auth.flow, [a, (b + 1) % 10], T0),
            Err(BankError::WrongCard),
            "the card is still checked"
        );
        let receipt = bank
            .confirm_card(&mut ledger, &auth.flow, [a, b], T0)
            .unwrap();
        assert!(matches!(receipt.change, Change::Stopped { lost: true, .. }));
        assert!(ledger.enrolment("10000000001").is_none());
    }

    #[test]
    fn a_flow_of_one_kind_cannot_take_another_kinds_step() {
        let (mut bank, mut ledger) = enrolled();
        let auth = open(&mut bank, &mut ledger, FlowKind::Stop, T0).unwrap();
        assert_eq!(
            bank.exchange_token(
                &mut ledger,
                &auth.flow,
                &serial("SKHT20000001"),
                &code2(T0),
                true,
                T0,
                &mut OsRandom
            ),
            Err(BankError::FlowInvalid)
        );
    }

    #[test]
    fn the_ledger_holds_no_secret() {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        let (flow, challenge) = to_card(&mut bank, &mut ledger, true);
        bank.confirm_card(&mut ledger, &flow, right_answers(challenge), T0)
            .unwrap();
        let json = serde_json::to_string(&ledger).unwrap();
        assert!(!json.contains("hanako12"));
        assert!(!json.contains(&totp::code_at(SEED, T0)));
        assert!(!json.contains("demo-seed"));
    }
}
