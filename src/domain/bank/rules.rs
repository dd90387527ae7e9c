//! The rules the bank's steps share: which locks apply, whether a procedure applies, a confirmed
//! change made in the ledger, and how a code is judged for a token.

use crate::errors::BankError;
use crate::flows::{Change, Procedure, Purpose};
use crate::input::{ContractId, OtpCode, Serial};
use crate::ledger::{Enrolment, EnrolmentStatus, Ledger, LoginOtp, TokenState};
use crate::totp::{self, ClockOffset, CodeMatch};

/// See [`Bank::check_locks`].
pub(super) fn check_locks(
    ledger: &Ledger,
    contract_id: &ContractId,
    purpose: Purpose,
) -> Result<(), BankError> {
    let customer = ledger.customer(contract_id);
    if customer.is_some_and(|c| c.login_locked()) {
        return Err(BankError::LoginLocked);
    }
    let enrolment = ledger.enrolment(contract_id);
    if enrolment.is_some_and(|e| e.status == EnrolmentStatus::Suspended) {
        return Err(BankError::TokenSuspended);
    }
    let token_locked = enrolment.is_some_and(|e| ledger.token_locked(&e.serial));
    let procedure = match purpose {
        Purpose::Login => {
            let asks_code = enrolment.is_some_and(|e| e.login_otp == LoginOtp::Required);
            return if asks_code && token_locked {
                Err(BankError::TokenLocked)
            } else {
                Ok(())
            };
        }
        Purpose::Procedure(p) => p,
    };
    if customer.is_some_and(|c| c.card_locked()) {
        return Err(BankError::CardLocked);
    }
    if token_locked
        && matches!(
            procedure,
            Procedure::Exchange | Procedure::Stop | Procedure::Resync
        )
    {
        return Err(BankError::TokenLocked);
    }
    if customer.is_some_and(|c| c.new_token_locked())
        && matches!(procedure, Procedure::Start | Procedure::Exchange)
    {
        return Err(BankError::NewTokenLocked);
    }
    Ok(())
}

/// Whether `procedure` applies to the customer as the ledger stands.
pub(super) fn check_applies(
    ledger: &Ledger,
    contract_id: &ContractId,
    procedure: Procedure,
) -> Result<(), BankError> {
    match (procedure, ledger.enrolment(contract_id)) {
        (Procedure::Start, Some(_)) => Err(BankError::AlreadyEnrolled),
        (Procedure::Exchange | Procedure::Stop | Procedure::Resync, None) => {
            Err(BankError::NotEnrolled)
        }
        _ => Ok(()),
    }
}

/// The customer's token in use, or `NotEnrolled` (another tab may have stopped it meanwhile).
pub(super) fn current_serial(
    ledger: &Ledger,
    contract_id: &ContractId,
) -> Result<Serial, BankError> {
    ledger
        .enrolment(contract_id)
        .map(|e| e.serial.clone())
        .ok_or(BankError::NotEnrolled)
}

/// Makes a confirmed change in the ledger, re-checking what another tab may have changed since
/// the token step (nothing is silently shared or lost).
pub(super) fn apply(
    ledger: &mut Ledger,
    contract_id: &ContractId,
    change: &Change,
    now: u64,
) -> Result<(), BankError> {
    let current = ledger.enrolment(contract_id).map(|e| e.serial.clone());
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
        Change::Stopped { serial } | Change::Suspended { serial } => {
            if current.as_ref() != Some(serial) {
                return Err(BankError::FlowInvalid);
            }
            if matches!(change, Change::Suspended { .. }) {
                for e in ledger.enrolments.iter_mut() {
                    if &e.contract_id == contract_id {
                        e.status = EnrolmentStatus::Suspended;
                    }
                }
            } else {
                ledger.enrolments.retain(|e| &e.contract_id != contract_id);
            }
            return Ok(());
        }
    };
    if ledger
        .holder_of(serial)
        .is_some_and(|e| &e.contract_id != contract_id)
    {
        return Err(BankError::SerialInUse);
    }
    ledger.enrolments.retain(|e| &e.contract_id != contract_id);
    ledger.enrolments.push(Enrolment {
        contract_id: contract_id.clone(),
        serial: serial.clone(),
        login_otp,
        status: EnrolmentStatus::Active,
        enrolled_at: now,
    });
    Ok(())
}

/// What a code is for a token, before any counter moves.
pub(super) enum Judgement {
    /// The code of this step in the window, not yet spent.
    Accepted(u64),
    /// The code of a step in the window that is already spent.
    Spent,
    /// The code of this step, outside the window but near it (the token's clock is probably off).
    Drifted(u64),
    /// Not the token's code.
    Wrong,
}

/// Judges `code` for a token with `seed` and counters `state` (none yet: nothing spent, no offset)
/// at `now`, around the token's own step (its clock offset from 時刻補正). Pure: the caller writes
/// what follows.
pub(super) fn judge(
    seed: &[u8],
    state: Option<&TokenState>,
    code: &OtpCode,
    now: u64,
) -> Judgement {
    let spent = |step| state.is_some_and(|s| s.step_is_spent(step));
    let offset = state.map_or(ClockOffset::ZERO, |s| s.offset);
    match totp::match_code_at(seed, code.as_str(), now, offset) {
        CodeMatch::InWindow(step) if spent(step) => Judgement::Spent,
        CodeMatch::InWindow(step) => Judgement::Accepted(step),
        CodeMatch::Drifted(step) => Judgement::Drifted(step),
        CodeMatch::None => Judgement::Wrong,
    }
}

/// Counts one failure of the token `serial` (a wrong code, a drifted one, a 時刻補正 pair not found):
/// `refused` as the answer, or [`BankError::TokenLocked`] once this failure locks the token.
pub(super) fn count_failure(ledger: &mut Ledger, serial: &Serial, refused: BankError) -> BankError {
    let state = ledger.token_mut(serial);
    state.failures += 1;
    if state.is_locked() {
        BankError::TokenLocked
    } else {
        refused
    }
}

/// A drifted code's step is spent for good, whichever side of now it lies: a future step can never
/// be accepted when its time comes, and a past one not after the bank's clock steps back (an NTP
/// correction, a clock set by hand) and brings it into the window again.
pub(super) fn refuse(ledger: &mut Ledger, serial: &Serial, step: u64) {
    ledger.token_mut(serial).refuse_step(step);
}
