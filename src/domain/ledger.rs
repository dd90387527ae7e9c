//! The bank's ledger: what changes and must survive a reload — enrolments, each token's last
//! accepted step and clock offset, and every failure counter with the lock it leads to.
//!
//! It holds no password, code, seed or card answer, so it may be stored (localStorage in the demo,
//! a database on a server). Counters are keyed to what they protect: wrong passwords to the contract
//! ID typed (known or not), wrong card answers to the customer, wrong codes for the customer's own
//! token to that token, and failed registrations of a new token to the customer trying.

use super::card::CardChallenge;
use super::directory::Directory;
use super::input::{ContractId, Serial};
use super::totp::ClockOffset;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Wrong passwords in a row that lock login.
pub const MAX_PASSWORD_FAILURES: u32 = 5;
/// Wrong codes in a row that lock a token.
pub const MAX_CODE_FAILURES: u32 = 5;
/// Failed new-token registrations in a row that lock a customer's registrations.
pub const MAX_NEW_TOKEN_FAILURES: u32 = 5;
/// Wrong card answers in a row that lock the confirmation.
pub const MAX_CARD_FAILURES: u32 = 3;

/// ログイン時のワンタイムパスワード認証要否.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoginOtp {
    /// 認証する: login asks for a code after the password.
    Required,
    /// 認証しない.
    NotRequired,
}

/// Whether a token in use works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnrolmentStatus {
    /// In use.
    Active,
    /// Reported lost or broken: refused everywhere, and login stays closed until the bank has
    /// confirmed the customer by another channel.
    Suspended,
}

/// A customer's token in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    /// Whose token.
    pub contract_id: ContractId,
    /// Which token.
    pub serial: Serial,
    /// Whether login asks for a code.
    #[serde(deserialize_with = "crate::spelling::stored")]
    pub login_otp: LoginOtp,
    /// Active, or suspended after a loss report.
    #[serde(deserialize_with = "crate::spelling::stored")]
    pub status: EnrolmentStatus,
    /// When 利用開始 (or 交換) completed (Unix seconds).
    pub enrolled_at: u64,
}

impl Enrolment {
    /// The token as its customer sees it.
    pub fn in_use(&self) -> TokenInUse {
        TokenInUse {
            serial: self.serial.clone(),
            login_otp: self.login_otp,
            status: self.status,
            enrolled_at: self.enrolled_at,
        }
    }
}

/// A customer's token in use as the customer sees it — the top page, 交換's and 利用中止's
/// screens, the API's session and 利用者認証's answer: an [`Enrolment`] without whose it is, which
/// the session or flow it comes with already says. Read in the wire's one spelling only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInUse {
    /// シリアル番号 (the page shows it masked).
    pub serial: Serial,
    /// Whether login asks for a code.
    pub login_otp: LoginOtp,
    /// Active or suspended.
    pub status: EnrolmentStatus,
    /// When 利用開始 (or 交換) completed, Unix seconds.
    pub enrolled_at: u64,
}

/// Per-token counters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenState {
    /// Which token.
    pub serial: Serial,
    /// The last step whose code was accepted; codes of this step or earlier are refused.
    pub last_accepted_step: Option<u64>,
    /// Steps whose codes were refused for clock drift, later or earlier than the moment they were
    /// typed: never accepted, neither when their time comes nor after the bank's clock steps back.
    pub refused_steps: Vec<u64>,
    /// Wrong codes by the token's holder since the last accepted one.
    pub failures: u32,
    /// How far the token's clock is off, as 時刻補正 last found it: every code of the token is
    /// looked for around its own step, `now + offset`. Steps above are the token's own step
    /// numbers, so single use holds whatever the offset. (0 in ledgers stored before it existed.)
    #[serde(default)]
    pub offset: ClockOffset,
}

impl TokenState {
    /// Whether the code of `step` may no longer be accepted (single use, or refused for drift).
    pub fn step_is_spent(&self, step: u64) -> bool {
        self.last_accepted_step.is_some_and(|last| step <= last)
            || self.refused_steps.contains(&step)
    }

    /// Records an accepted code: its step and all before it are spent; the failures reset.
    pub fn accept(&mut self, step: u64) {
        self.last_accepted_step = Some(step);
        self.refused_steps.retain(|&s| s > step);
        self.failures = 0;
    }

    /// Records a 時刻補正 whose second code was the token's step `second`: both codes' steps and all
    /// before them are spent, as by an accepted code (the failures reset too: two consecutive codes
    /// prove the token), and later codes are looked for around `offset`.
    pub fn resync(&mut self, second: u64, offset: ClockOffset) {
        self.accept(second);
        self.offset = offset;
    }

    /// Records a code refused for drift: its step is spent for good.
    pub fn refuse_step(&mut self, step: u64) {
        if !self.step_is_spent(step) {
            self.refused_steps.push(step);
        }
    }

    /// Whether the token is locked by wrong codes.
    pub fn is_locked(&self) -> bool {
        self.failures >= MAX_CODE_FAILURES
    }
}

/// Per-contract-ID counters (for any well-formed ID typed, known or not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerState {
    /// Whose counters.
    pub contract_id: ContractId,
    /// Wrong passwords since the last correct one.
    pub password_failures: u32,
    /// Wrong card answers since the last correct one.
    pub card_failures: u32,
    /// Failed new-token registrations since the last successful one.
    pub new_token_failures: u32,
    /// The card challenge shown and not answered yet: every flow asks it again until it is
    /// answered, right or wrong, so abandoning a flow never draws another pair of columns.
    /// (Columns, never answers; absent once answered, so a stored ledger holds no trace of it.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge: Option<CardChallenge>,
}

impl CustomerState {
    fn new(contract_id: &ContractId) -> CustomerState {
        CustomerState {
            contract_id: contract_id.clone(),
            password_failures: 0,
            card_failures: 0,
            new_token_failures: 0,
            challenge: None,
        }
    }

    /// Login is locked by wrong passwords.
    pub fn login_locked(&self) -> bool {
        self.password_failures >= MAX_PASSWORD_FAILURES
    }

    /// The card confirmation is locked by wrong answers.
    pub fn card_locked(&self) -> bool {
        self.card_failures >= MAX_CARD_FAILURES
    }

    /// Registering new tokens is locked by failed attempts.
    pub fn new_token_locked(&self) -> bool {
        self.new_token_failures >= MAX_NEW_TOKEN_FAILURES
    }
}

/// What changes and survives reloads. Holds nothing secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    /// Tokens in use (active or suspended).
    pub enrolments: Vec<Enrolment>,
    /// Token counters.
    pub tokens: Vec<TokenState>,
    /// Contract ID counters.
    pub customers: Vec<CustomerState>,
}

impl Ledger {
    /// The customer's token in use, if any.
    pub fn enrolment(&self, contract_id: &ContractId) -> Option<&Enrolment> {
        self.enrolments
            .iter()
            .find(|e| &e.contract_id == contract_id)
    }

    /// Who uses `serial`, if anyone.
    pub fn holder_of(&self, serial: &Serial) -> Option<&Enrolment> {
        self.enrolments.iter().find(|e| &e.serial == serial)
    }

    /// `serial`'s counters, if it has any yet.
    pub fn token(&self, serial: &Serial) -> Option<&TokenState> {
        self.tokens.iter().find(|t| &t.serial == serial)
    }

    /// `contract_id`'s counters, if it has any yet.
    pub fn customer(&self, contract_id: &ContractId) -> Option<&CustomerState> {
        self.customers
            .iter()
            .find(|c| &c.contract_id == contract_id)
    }

    /// `serial`'s counters, created on first use.
    pub fn token_mut(&mut self, serial: &Serial) -> &mut TokenState {
        let i = match self.tokens.iter().position(|t| &t.serial == serial) {
            Some(i) => i,
            None => {
                self.tokens.push(TokenState {
                    serial: serial.clone(),
                    last_accepted_step: None,
                    refused_steps: Vec::new(),
                    failures: 0,
                    offset: ClockOffset::ZERO,
                });
                self.tokens.len() - 1
            }
        };
        &mut self.tokens[i]
    }

    /// `contract_id`'s counters, created on first use — for unknown IDs too, so that an unknown ID
    /// is counted, locked and stored exactly like a real one.
    pub fn customer_mut(&mut self, contract_id: &ContractId) -> &mut CustomerState {
        let i = match self
            .customers
            .iter()
            .position(|c| &c.contract_id == contract_id)
        {
            Some(i) => i,
            None => {
                self.customers.push(CustomerState::new(contract_id));
                self.customers.len() - 1
            }
        };
        &mut self.customers[i]
    }

    /// Whether `serial` is locked by its holder's wrong codes.
    pub fn token_locked(&self, serial: &Serial) -> bool {
        self.token(serial).is_some_and(TokenState::is_locked)
    }

    /// Whether the ledger makes sense against `directory`: every enrolment names a known customer
    /// and a known token, no token or customer is enrolled twice, every token counter names a
    /// known token, and no token or contract ID has two sets of counters (the first found would
    /// hide the other's used steps and lock). (Counters of unknown contract IDs are expected: they
    /// are how an unknown ID locks like a real one.)
    pub fn is_consistent_with(&self, directory: &Directory) -> bool {
        let mut serials = HashSet::new();
        let mut holders = HashSet::new();
        let mut counted = HashSet::new();
        let mut token_counters = HashSet::new();
        self.enrolments.iter().all(|e| {
            directory.customer(&e.contract_id).is_some()
                && directory.token(&e.serial).is_some()
                && serials.insert(e.serial.clone())
                && holders.insert(e.contract_id.clone())
        }) && self
            .tokens
            .iter()
            .all(|t| directory.token(&t.serial).is_some() && token_counters.insert(&t.serial))
            && self
                .customers
                .iter()
                .all(|c| counted.insert(c.contract_id.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo_data;

    fn serial(s: &str) -> Serial {
        Serial::parse(s).unwrap()
    }

    #[test]
    fn a_step_refused_for_drift_stays_refused_after_an_earlier_code_is_accepted() {
        let mut token = Ledger::default().token_mut(&serial("SKTS10000001")).clone();
        token.refuse_step(95);
        token.refuse_step(105);
        token.accept(100);
        assert!(token.step_is_spent(105), "a later drifted step is kept");
        assert!(!token.step_is_spent(101));
        assert_eq!(
            token.refused_steps,
            [105],
            "steps at or before the accepted one are spent by it and need not be kept"
        );
    }

    #[test]
    fn a_token_stored_before_clock_offsets_reads_in_step_and_an_offset_reads_back() {
        let old =
            r#"{"serial":"SKHT20000002","last_accepted_step":7,"refused_steps":[],"failures":1}"#;
        let token: TokenState = serde_json::from_str(old).unwrap();
        assert_eq!(token.offset, ClockOffset::ZERO);
        let mut fast = token.clone();
        fast.offset = ClockOffset::new(10).unwrap();
        let json = serde_json::to_string(&fast).unwrap();
        assert_eq!(serde_json::from_str::<TokenState>(&json).unwrap(), fast);
        let edited = json.replace(r#""offset":10"#, r#""offset":21"#);
        assert_ne!(edited, json);
        assert!(serde_json::from_str::<TokenState>(&edited).is_err());
    }

    #[test]
    fn a_ledger_is_consistent_only_when_each_entry_names_a_known_customer_and_token_once() {
        let directory = demo_data::directory();
        let seeded = demo_data::seeded_ledger();
        let ichiro = seeded.enrolments[0].clone();
        let hanako = demo_data::contract_id(demo_data::CUSTOMERS[0].contract_id);
        assert!(seeded.is_consistent_with(&directory));
        let mut counted = seeded.clone();
        counted.token_mut(&ichiro.serial).failures = 1;
        counted
            .customer_mut(&ContractId::try_from("19999999999".to_owned()).unwrap())
            .password_failures = 1;
        assert!(
            counted.is_consistent_with(&directory),
            "counters of an unknown contract ID are how it locks like a real one"
        );

        let broken = |change: &dyn Fn(&mut Ledger)| {
            let mut ledger = counted.clone();
            change(&mut ledger);
            ledger
        };
        let cases: [(&str, Ledger); 7] = [
            (
                "an enrolment of an unknown customer",
                broken(&|l| {
                    l.enrolments[0].contract_id =
                        ContractId::try_from("19999999999".to_owned()).unwrap()
                }),
            ),
            (
                "an enrolment of an unknown token",
                broken(&|l| l.enrolments[0].serial = serial("SKTS99999999")),
            ),
            (
                "one token enrolled for two customers",
                broken(&|l| {
                    l.enrolments.push(Enrolment {
                        contract_id: hanako.clone(),
                        ..ichiro.clone()
                    })
                }),
            ),
            (
                "one customer enrolled twice",
                broken(&|l| {
                    l.enrolments.push(Enrolment {
                        serial: serial("SKTS10000001"),
                        ..ichiro.clone()
                    })
                }),
            ),
            (
                "counters of an unknown token",
                broken(&|l| l.token_mut(&serial("SKTS99999999")).failures = 1),
            ),
            (
                "two sets of counters for one token",
                broken(&|l| l.tokens.push(l.tokens[0].clone())),
            ),
            (
                "two sets of counters for one contract ID",
                broken(&|l| l.customers.push(l.customers[0].clone())),
            ),
        ];
        for (what, ledger) in cases {
            assert!(!ledger.is_consistent_with(&directory), "{what}");
        }
    }
}
