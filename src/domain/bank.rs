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
use super::RandomSource;
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
    /// ログイン asking for the one-time password.
    Login,
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
    /// Token proved; waiting for the card.
    AwaitingCard {
        serial: Serial,
        login_otp: bool,
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

/// What 利用開始 registered, for 処理結果.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// The token now in use.
    pub serial: Serial,
    /// Whether login asks for a code.
    pub login_otp: bool,
    /// When (Unix seconds).
    pub at: u64,
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
        if !constant_time_str_eq(&customer.password, password) {
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

    /// 利用者認証 for 利用開始: opens a flow if the ID and password are right and no token is in use.
    pub fn authenticate_start(
        &mut self,
        ledger: &mut Ledger,
        contract_id: &ContractId,
        password: &str,
        now: u64,
        rng: &mut impl RandomSource,
    ) -> Result<FlowId, BankError> {
        self.check_password(ledger, contract_id, password)?;
        if ledger.enrolment(contract_id.as_str()).is_some() {
            return Err(BankError::AlreadyEnrolled);
        }
        Ok(self.open_flow(FlowKind::Start, contract_id, now, rng))
    }

    /// ワンタイムパスワードの登録: proves the token with a code and draws the card challenge.
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
        let contract_id = {
            let f = self.flow(flow, FlowKind::Start, now)?;
            if !matches!(f.stage, Stage::Authenticated) {
                return Err(BankError::FlowInvalid);
            }
            f.contract_id.clone()
        };
        if self.directory.token(serial).is_none() {
            return Err(BankError::UnknownSerial);
        }
        if ledger
            .holder_of(serial)
            .is_some_and(|e| e.contract_id != contract_id)
        {
            return Err(BankError::SerialInUse);
        }
        self.check_code(ledger, serial, code, now)?;
        let challenge = CardChallenge::draw(rng);
        let f = self.flow(flow, FlowKind::Start, now)?;
        f.stage = Stage::AwaitingCard {
            serial: serial.clone(),
            login_otp,
            challenge,
        };
        Ok(challenge)
    }

    /// 確認用パスワード入力: checks the card digits and, if right, puts the token in use.
    pub fn confirm_card(
        &mut self,
        ledger: &mut Ledger,
        flow: &FlowId,
        answers: [u8; 2],
        now: u64,
    ) -> Result<Receipt, BankError> {
        let f = self.flow(flow, FlowKind::Start, now)?;
        let Stage::AwaitingCard {
            serial,
            login_otp,
            challenge,
        } = f.stage.clone()
        else {
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
        // A token taken by someone else meanwhile (another tab) is not silently shared.
        if ledger
            .holder_of(&serial)
            .is_some_and(|e| e.contract_id != contract_id)
        {
            self.close_flow(flow);
            return Err(BankError::SerialInUse);
        }
        ledger.enrolments.retain(|e| e.contract_id != contract_id);
        ledger.enrolments.push(Enrolment {
            contract_id,
            serial: serial.clone(),
            login_otp,
            enrolled_at: now,
        });
        self.close_flow(flow);
        Ok(Receipt {
            serial,
            login_otp,
            at: now,
        })
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

fn constant_time_str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
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
            tokens: vec![Token {
                serial: serial("SKTS10000001"),
                model: TokenModel::Software,
                seed: SEED.to_vec(),
            }],
        })
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
        assert_eq!(receipt.serial, serial("SKTS10000001"));
        assert!(receipt.login_otp);
        assert_eq!(
            ledger.enrolment("10000000001").unwrap().serial,
            receipt.serial
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
