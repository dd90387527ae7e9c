//! The bank's desk: what an operator does for a customer the bank has identified by another
//! channel (telephone, branch) — lift one lock, stop a suspended or locked token — and where a
//! customer stands, as the desk reads it. Each rule is one function on the [`Ledger`].
//!
//! # Usage
//!
//! ```
//! use shinkin_otp_domain::desk::{self, Lock};
//! use shinkin_otp_domain::input::ContractId;
//! use shinkin_otp_domain::ledger::Ledger;
//!
//! let id = ContractId::try_from("10000000001".to_owned()).unwrap();
//! let mut ledger = Ledger::default();
//! ledger.customer_mut(&id).password_failures = 5;
//! assert!(desk::standing(&ledger, &id).password_locked);
//! desk::unlock(&mut ledger, &id, Lock::Password).unwrap();
//! assert!(!desk::standing(&ledger, &id).password_locked);
//! assert!(desk::unlock(&mut ledger, &id, Lock::Password).is_err()); // nothing left to lift
//! ```

use super::bank::Bank;
use super::input::{ContractId, Serial};
use super::ledger::{EnrolmentStatus, Ledger, LoginOtp};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A lock the desk can lift. (A token locked by wrong codes is not lifted: the bank stops it, and
/// the customer starts again with 利用開始.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lock {
    /// Wrong passwords (ログイン and 利用者認証).
    Password,
    /// Wrong card answers (確認用パスワード入力).
    Card,
    /// Failed registrations of a new token (利用開始, 交換).
    NewToken,
}

impl Lock {
    /// The lock's name in events and output (`new_token`).
    pub fn name(self) -> &'static str {
        match self {
            Lock::Password => "password",
            Lock::Card => "card",
            Lock::NewToken => "new_token",
        }
    }
}

/// Why the desk refused an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The counter of that lock is at zero: there is nothing to lift.
    NothingToUnlock(Lock),
    /// The customer has no token in use.
    NoToken,
    /// The token is active and not locked: the customer stops it themselves with 利用中止.
    TokenActive,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::NothingToUnlock(lock) => write!(
                f,
                "no {} failures are counted for this customer: nothing to unlock",
                lock.name().replace('_', "-")
            ),
            Refusal::NoToken => f.write_str("the customer has no token in use: nothing to stop"),
            Refusal::TokenActive => f.write_str(
                "the token is active and not locked: the customer stops it with 利用中止 \
                 (the desk stops only a suspended or locked token)",
            ),
        }
    }
}

impl std::error::Error for Refusal {}

/// Lifts `lock` for `contract_id`: its failure counter goes back to zero. Refused when nothing is
/// counted. Returns how many failures were counted.
pub fn unlock(ledger: &mut Ledger, contract_id: &ContractId, lock: Lock) -> Result<u32, Refusal> {
    let state = ledger.customer_mut(contract_id);
    let counter = match lock {
        Lock::Password => &mut state.password_failures,
        Lock::Card => &mut state.card_failures,
        Lock::NewToken => &mut state.new_token_failures,
    };
    match std::mem::take(counter) {
        0 => Err(Refusal::NothingToUnlock(lock)),
        counted => Ok(counted),
    }
}

/// The bank's own step from the desk: stops the customer's token if it is suspended (loss report)
/// or locked (wrong codes); an active, unlocked token is refused. Returns the token stopped.
pub fn stop(ledger: &mut Ledger, contract_id: &ContractId) -> Result<Serial, Refusal> {
    let enrolment = ledger.enrolment(contract_id).ok_or(Refusal::NoToken)?;
    let stoppable =
        enrolment.status == EnrolmentStatus::Suspended || ledger.token_locked(&enrolment.serial);
    if !stoppable {
        return Err(Refusal::TokenActive);
    }
    Bank::stop_by_bank(ledger, contract_id).ok_or(Refusal::NoToken)
}

/// Where a customer stands, as `desk show` prints it. Holds no secret; the serial is masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    /// The token in use, all but its last 4 characters hidden.
    pub serial_masked: Option<String>,
    /// ログイン時のワンタイムパスワード認証要否, when a token is in use.
    pub login_otp: Option<LoginOtp>,
    /// Whether a loss report suspended the token (it waits for the desk's `stop`).
    pub loss_reported: bool,
    /// Wrong passwords counted, and whether they lock login.
    pub password_failures: u32,
    /// Login locked by wrong passwords.
    pub password_locked: bool,
    /// Wrong card answers counted.
    pub card_failures: u32,
    /// The card confirmation locked.
    pub card_locked: bool,
    /// Failed new-token registrations counted.
    pub new_token_failures: u32,
    /// New-token registrations locked.
    pub new_token_locked: bool,
    /// Wrong codes counted against the token in use.
    pub token_failures: u32,
    /// The token in use locked by wrong codes.
    pub token_locked: bool,
}

/// Where `contract_id` stands in `ledger`.
pub fn standing(ledger: &Ledger, contract_id: &ContractId) -> Standing {
    let enrolment = ledger.enrolment(contract_id);
    let customer = ledger.customer(contract_id);
    let token = enrolment.and_then(|e| ledger.token(&e.serial));
    Standing {
        serial_masked: enrolment.map(|e| e.serial.masked()),
        login_otp: enrolment.map(|e| e.login_otp),
        loss_reported: enrolment.is_some_and(|e| e.status == EnrolmentStatus::Suspended),
        password_failures: customer.map_or(0, |c| c.password_failures),
        password_locked: customer.is_some_and(|c| c.login_locked()),
        card_failures: customer.map_or(0, |c| c.card_failures),
        card_locked: customer.is_some_and(|c| c.card_locked()),
        new_token_failures: customer.map_or(0, |c| c.new_token_failures),
        new_token_locked: customer.is_some_and(|c| c.new_token_locked()),
        token_failures: token.map_or(0, |t| t.failures),
        token_locked: token.is_some_and(|t| t.is_locked()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{Enrolment, MAX_CODE_FAILURES, MAX_PASSWORD_FAILURES};

    fn id() -> ContractId {
        ContractId::try_from("10000000001".to_owned()).unwrap()
    }

    fn enrolled(status: EnrolmentStatus) -> Ledger {
        let mut ledger = Ledger::default();
        ledger.enrolments.push(Enrolment {
            contract_id: id(),
            serial: Serial::parse("SKHT00000001").unwrap(),
            login_otp: LoginOtp::Required,
            status,
            enrolled_at: 0,
        });
        ledger
    }

    #[test]
    fn unlock_lifts_only_the_lock_named_and_resets_its_counter() {
        let mut ledger = Ledger::default();
        let state = ledger.customer_mut(&id());
        state.password_failures = MAX_PASSWORD_FAILURES;
        state.card_failures = 3;
        state.new_token_failures = 2;
        assert_eq!(unlock(&mut ledger, &id(), Lock::Card), Ok(3));
        let s = standing(&ledger, &id());
        assert_eq!((s.card_failures, s.card_locked), (0, false));
        assert!(
            s.password_locked,
            "the password lock stays until it is named"
        );
        assert_eq!(s.new_token_failures, 2);
        assert_eq!(
            unlock(&mut ledger, &id(), Lock::Password),
            Ok(MAX_PASSWORD_FAILURES)
        );
        assert!(!standing(&ledger, &id()).password_locked);
    }

    #[test]
    fn unlock_with_nothing_counted_is_refused() {
        let mut ledger = Ledger::default();
        assert_eq!(
            unlock(&mut ledger, &id(), Lock::NewToken),
            Err(Refusal::NothingToUnlock(Lock::NewToken))
        );
    }

    #[test]
    fn the_desk_stops_a_suspended_or_locked_token_but_refuses_an_active_one() {
        let mut active = enrolled(EnrolmentStatus::Active);
        assert_eq!(stop(&mut active, &id()), Err(Refusal::TokenActive));
        assert!(active.enrolment(&id()).is_some());

        let mut suspended = enrolled(EnrolmentStatus::Suspended);
        assert_eq!(
            stop(&mut suspended, &id()).unwrap().as_str(),
            "SKHT00000001"
        );
        assert!(suspended.enrolment(&id()).is_none());

        let mut locked = enrolled(EnrolmentStatus::Active);
        let serial = Serial::parse("SKHT00000001").unwrap();
        locked.token_mut(&serial).failures = MAX_CODE_FAILURES;
        assert!(standing(&locked, &id()).token_locked);
        assert_eq!(stop(&mut locked, &id()), Ok(serial.clone()));
        assert!(
            !locked.token_locked(&serial),
            "the stopped token's failures are cleared"
        );
    }

    #[test]
    fn stop_without_a_token_is_refused() {
        assert_eq!(stop(&mut Ledger::default(), &id()), Err(Refusal::NoToken));
    }

    #[test]
    fn standing_masks_the_serial_and_reports_a_loss() {
        let s = standing(&enrolled(EnrolmentStatus::Suspended), &id());
        assert_eq!(s.serial_masked.as_deref(), Some("********0001"));
        assert!(s.loss_reported);
    }

    #[test]
    fn the_desk_names_each_lock_as_the_audit_trail_named_it_when_it_was_set() {
        use crate::audit::{step_events, EventKind, Step, Success};
        use crate::ledger::{MAX_CARD_FAILURES, MAX_NEW_TOKEN_FAILURES};
        for lock in [Lock::Password, Lock::Card, Lock::NewToken] {
            let before = Ledger::default();
            let mut after = Ledger::default();
            let state = after.customer_mut(&id());
            match lock {
                Lock::Password => state.password_failures = MAX_PASSWORD_FAILURES,
                Lock::Card => state.card_failures = MAX_CARD_FAILURES,
                Lock::NewToken => state.new_token_failures = MAX_NEW_TOKEN_FAILURES,
            }
            let set = step_events(
                Step::Token,
                Ok(Success::Pending),
                Some(&id()),
                None,
                &before,
                &after,
            );
            assert_eq!(set.len(), 1, "{lock:?}");
            assert_eq!(set[0].kind, EventKind::LockSet);
            assert_eq!(lock.name(), set[0].outcome, "{lock:?}");
        }
    }
}
