//! 時刻補正's rules, one named test each, beside `tests.rs` (whose helpers they use): the window's
//! edges, the offset every later code is checked at, single use, the token's lock, and who may
//! resync at all.

use super::resync::settle;
use super::tests::{bank, code, id, login, new_token, right_answers, serial, to_card, T0};
use super::*;
use crate::input;
use crate::ledger::MAX_CODE_FAILURES;
use crate::totp::{self, ClockOffset, Resync, RESYNC_STEPS, STEP_SECONDS};
use crate::OsRandom;
use LoginOtp::Required;

/// The bank's clock in these tests: long after 利用開始 at `T0`, so no step near it is spent.
const NOW: u64 = T0 + 200 * STEP_SECONDS;
const TOKEN: &str = "SKTS10000001";

/// 山田 花子 enrolled with SKTS10000001 (login OTP on) at T0.
fn enrolled() -> (Bank, Ledger) {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    let (flow, challenge) = to_card(&mut bank, &mut ledger, Required);
    bank.confirm_card(&mut ledger, &flow, right_answers(challenge), T0)
        .unwrap();
    (bank, ledger)
}

/// The code of the token's step `step`.
fn at_step(step: u64) -> OtpCode {
    code(step * STEP_SECONDS)
}

/// The bank's step at `NOW`, moved by `offset` steps.
fn step(offset: i64) -> u64 {
    totp::step_of(NOW).saturating_add_signed(offset)
}

/// The two codes of a token `offset` steps off, typed at `NOW`: its step before now and now's.
fn pair(offset: i64) -> ResyncCodes {
    ResyncCodes {
        first: at_step(step(offset) - 1),
        second: at_step(step(offset)),
    }
}

/// Two codes that are no consecutive pair of the token anywhere near `NOW`.
fn wrong_pair() -> ResyncCodes {
    let seed = bank().directory.seed(&serial(TOKEN)).unwrap().to_vec();
    ["000000", "111111", "222222", "333333"]
        .into_iter()
        .map(|c| input::otp_code(c).unwrap())
        .map(|c| ResyncCodes {
            first: c.clone(),
            second: c,
        })
        .find(|p| totp::resync(&seed, p.first.as_str(), p.second.as_str(), NOW) == Resync::NotFound)
        .unwrap()
}

fn offset(steps: i64) -> ClockOffset {
    ClockOffset::new(steps).unwrap()
}

fn open_resync(bank: &mut Bank, ledger: &mut Ledger, at: u64) -> Result<FlowId, BankError> {
    let password = bank.directory.password_verdict(&id(), "hanako12");
    bank.authenticate(
        Procedure::Resync,
        ledger,
        &id(),
        password,
        at,
        &mut OsRandom,
    )
    .map(|auth| auth.flow)
}

/// 利用者認証 for another procedure, which must pass.
fn open(bank: &mut Bank, ledger: &mut Ledger, procedure: Procedure, at: u64) -> FlowId {
    let password = bank.directory.password_verdict(&id(), "hanako12");
    bank.authenticate(procedure, ledger, &id(), password, at, &mut OsRandom)
        .unwrap()
        .flow
}

fn resync(bank: &mut Bank, ledger: &mut Ledger, codes: ResyncCodes) -> Result<Resynced, BankError> {
    let flow = open_resync(bank, ledger, NOW)?;
    bank.resync_token(ledger, &flow, &codes, NOW)
}

/// ログイン with the code of the token's step `step`, at `NOW`.
fn login_with(bank: &mut Bank, ledger: &mut Ledger, step: u64) -> Result<Session, BankError> {
    let flow = match login(bank, ledger, "hanako12", NOW)? {
        LoginStep::NeedsCode { flow } => flow,
        LoginStep::Done { .. } => panic!("login must ask for a code"),
    };
    bank.login_code(ledger, &flow, &at_step(step), NOW)
}

fn failures(ledger: &Ledger) -> u32 {
    ledger.token(&serial(TOKEN)).map_or(0, |t| t.failures)
}

fn stored_offset(ledger: &Ledger) -> ClockOffset {
    ledger.token(&serial(TOKEN)).unwrap().offset
}

// ── the step does its job ────────────────────────────────────────────────────────────────────

#[test]
fn a_token_five_minutes_fast_is_refused_for_drift_then_resynced_then_logs_in() {
    let (mut bank, mut ledger) = enrolled();
    assert_eq!(
        login_with(&mut bank, &mut ledger, step(10)),
        Err(BankError::ClockDrift)
    );
    let done = resync(&mut bank, &mut ledger, pair(10)).unwrap();
    assert_eq!(
        done,
        Resynced {
            serial: serial(TOKEN),
            offset: offset(10),
            at: NOW
        }
    );
    assert_eq!(stored_offset(&ledger), offset(10));
    assert!(login_with(&mut bank, &mut ledger, step(11)).is_ok());
}

#[test]
fn after_a_resync_every_code_is_checked_at_the_offset_plus_or_minus_one_step() {
    let (mut bank, mut ledger) = enrolled();
    resync(&mut bank, &mut ledger, pair(-8)).unwrap();
    // The window: the token's step now (−8) ±1, i.e. −9..=−7 of the bank's; −8 is spent already.
    for s in [step(-10), step(-6), step(0)] {
        assert_eq!(
            login_with(&mut bank, &mut ledger, s),
            Err(BankError::ClockDrift),
            "the bank's step {s} is outside the token's window"
        );
    }
    assert!(login_with(&mut bank, &mut ledger, step(-7)).is_ok());

    // 交換 and 利用中止 take the token's codes at its offset too (a new token has none).
    // (The steps refused for drift above stay spent: these are the ones after them.)
    let later = NOW + 3 * STEP_SECONDS; // the token shows step(−5)
    let flow = open(&mut bank, &mut ledger, Procedure::Exchange, later);
    let other = bank.directory.seed(&serial("SKTS10000002")).unwrap();
    let request = Replacement {
        current_code: at_step(step(-5)),
        new: new_token(
            "SKTS10000002",
            input::otp_code(&totp::code_at(other, later)).unwrap(),
            Required,
        ),
    };
    assert_eq!(
        bank.exchange_token(&mut ledger, &flow, &request, later, &mut OsRandom)
            .map(drop),
        Ok(())
    );
    let later = NOW + 4 * STEP_SECONDS; // the token shows step(−4), the bank step(4)
    let flow = open(&mut bank, &mut ledger, Procedure::Stop, later);
    assert_eq!(
        bank.stop_with_code(&mut ledger, &flow, &at_step(step(4)), later, &mut OsRandom),
        Err(BankError::ClockDrift)
    );
    assert!(bank
        .stop_with_code(&mut ledger, &flow, &at_step(step(-4)), later, &mut OsRandom)
        .is_ok());
}

// ── rule: ±RESYNC_STEPS around the bank's clock, and no further ──────────────────────────────

#[test]
fn resync_finds_a_pair_at_exactly_the_window_edges() {
    let edge = RESYNC_STEPS as i64;
    // The first code at now−20 (so the offset −19), and the second at now+20.
    for (first, expected) in [(-edge, 1 - edge), (edge - 1, edge)] {
        let (mut bank, mut ledger) = enrolled();
        let codes = ResyncCodes {
            first: at_step(step(first)),
            second: at_step(step(first + 1)),
        };
        let done = resync(&mut bank, &mut ledger, codes).unwrap();
        assert_eq!(done.offset, offset(expected), "first code at {first}");
        assert_eq!(stored_offset(&ledger), offset(expected));
    }
}

#[test]
fn resync_refuses_a_pair_one_step_beyond_the_window_and_counts_it() {
    let edge = RESYNC_STEPS as i64;
    for first in [-edge - 1, edge] {
        let (mut bank, mut ledger) = enrolled();
        let codes = ResyncCodes {
            first: at_step(step(first)),
            second: at_step(step(first + 1)),
        };
        assert_eq!(
            resync(&mut bank, &mut ledger, codes),
            Err(BankError::ResyncNotFound),
            "first code at {first}"
        );
        assert_eq!(failures(&ledger), 1);
        assert_eq!(stored_offset(&ledger), ClockOffset::ZERO);
    }
}

// ── rule: neither code logs in; both steps are spent ──────────────────────────────────────────

#[test]
fn neither_resync_code_logs_in_and_both_steps_are_spent() {
    let (mut bank, mut ledger) = enrolled();
    resync(&mut bank, &mut ledger, pair(3)).unwrap();
    assert_eq!(
        ledger.token(&serial(TOKEN)).unwrap().last_accepted_step,
        Some(step(3)),
        "the token's own step is spent, not the bank's"
    );
    for s in [step(2), step(3)] {
        assert_eq!(
            login_with(&mut bank, &mut ledger, s),
            Err(BankError::CodeUsed)
        );
    }
    assert_eq!(
        resync(&mut bank, &mut ledger, pair(3)),
        Err(BankError::CodeUsed),
        "the same pair cannot be sent again"
    );
    assert_eq!(failures(&ledger), 0, "a spent pair counts no failure");
}

#[test]
fn a_resync_pair_whose_first_step_was_accepted_is_refused_as_used() {
    let (mut bank, mut ledger) = enrolled();
    login_with(&mut bank, &mut ledger, step(0)).unwrap();
    assert_eq!(
        resync(&mut bank, &mut ledger, pair(1)),
        Err(BankError::CodeUsed)
    );
    assert_eq!(stored_offset(&ledger), ClockOffset::ZERO);
    assert!(resync(&mut bank, &mut ledger, pair(2)).is_ok());
}

#[test]
fn a_code_refused_for_drift_may_open_the_resync_pair() {
    // The drift message sends the customer here with the code it refused still on the token.
    let (mut bank, mut ledger) = enrolled();
    assert_eq!(
        login_with(&mut bank, &mut ledger, step(10)),
        Err(BankError::ClockDrift)
    );
    assert_eq!(
        resync(&mut bank, &mut ledger, pair(11)).map(|r| r.offset),
        Ok(offset(11))
    );
    assert_eq!(
        login_with(&mut bank, &mut ledger, step(10)),
        Err(BankError::CodeUsed),
        "and it stays spent"
    );
}

// ── rule: a pair not found, or found twice, counts toward the token's lock ───────────────────

#[test]
fn a_resync_pair_not_found_counts_a_failure_and_the_fifth_locks_the_token() {
    let (mut bank, mut ledger) = enrolled();
    // The same counter as login's wrong codes.
    assert!(login_with(&mut bank, &mut ledger, step(-15)).is_err());
    assert_eq!(failures(&ledger), 1);
    let flow = open_resync(&mut bank, &mut ledger, NOW).unwrap();
    for n in 2..MAX_CODE_FAILURES {
        assert_eq!(
            bank.resync_token(&mut ledger, &flow, &wrong_pair(), NOW),
            Err(BankError::ResyncNotFound)
        );
        assert_eq!(failures(&ledger), n);
    }
    assert_eq!(
        bank.resync_token(&mut ledger, &flow, &wrong_pair(), NOW),
        Err(BankError::TokenLocked)
    );
    // The lock ended the flow, and it refuses a right pair as it refuses login.
    assert!(ledger.token_locked(&serial(TOKEN)));
    assert_eq!(
        bank.resync_token(&mut ledger, &flow, &pair(4), NOW),
        Err(BankError::FlowInvalid)
    );
    assert_eq!(
        open_resync(&mut bank, &mut ledger, NOW),
        Err(BankError::TokenLocked)
    );
    assert_eq!(
        login(&mut bank, &mut ledger, "hanako12", NOW),
        Err(BankError::TokenLocked)
    );
}

#[test]
fn a_resync_pair_found_twice_is_refused_and_counted_like_a_mismatch() {
    let (_, mut ledger) = enrolled();
    let token = serial(TOKEN);
    assert_eq!(
        settle(&mut ledger, &token, Resync::Ambiguous),
        Err(BankError::ResyncAmbiguous)
    );
    assert_eq!(failures(&ledger), 1);
    assert_eq!(stored_offset(&ledger), ClockOffset::ZERO);
    ledger.token_mut(&token).failures = MAX_CODE_FAILURES - 1;
    assert_eq!(
        settle(&mut ledger, &token, Resync::Ambiguous),
        Err(BankError::TokenLocked)
    );
}

#[test]
fn a_successful_resync_resets_the_tokens_failures() {
    let (mut bank, mut ledger) = enrolled();
    for s in [step(9), step(10)] {
        assert_eq!(
            login_with(&mut bank, &mut ledger, s),
            Err(BankError::ClockDrift)
        );
    }
    assert_eq!(failures(&ledger), 2);
    resync(&mut bank, &mut ledger, pair(12)).unwrap();
    assert_eq!(failures(&ledger), 0);
}

// ── rule: who may resync, and the flow ────────────────────────────────────────────────────────

#[test]
fn resync_needs_a_token_in_use() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    assert_eq!(
        open_resync(&mut bank, &mut ledger, NOW),
        Err(BankError::NotEnrolled)
    );
}

#[test]
fn a_locked_token_cannot_be_resynced_even_in_a_flow_opened_before_the_lock() {
    let (mut bank, mut ledger) = enrolled();
    let flow = open_resync(&mut bank, &mut ledger, NOW).unwrap();
    ledger.token_mut(&serial(TOKEN)).failures = MAX_CODE_FAILURES;
    assert_eq!(
        bank.resync_token(&mut ledger, &flow, &pair(5), NOW),
        Err(BankError::TokenLocked)
    );
    assert_eq!(stored_offset(&ledger), ClockOffset::ZERO);
    assert_eq!(
        open_resync(&mut bank, &mut ledger, NOW),
        Err(BankError::TokenLocked)
    );
}

#[test]
fn a_suspended_token_cannot_be_resynced() {
    let (mut bank, mut ledger) = enrolled();
    let flow = open_resync(&mut bank, &mut ledger, NOW).unwrap();
    let stop = open(&mut bank, &mut ledger, Procedure::Stop, NOW);
    let challenge = bank
        .report_lost(&mut ledger, &stop, NOW, &mut OsRandom)
        .unwrap();
    bank.confirm_card(&mut ledger, &stop, right_answers(challenge), NOW)
        .unwrap();
    assert_eq!(
        bank.resync_token(&mut ledger, &flow, &pair(5), NOW),
        Err(BankError::TokenSuspended)
    );
    assert_eq!(
        open_resync(&mut bank, &mut ledger, NOW),
        Err(BankError::TokenSuspended)
    );
}

#[test]
fn a_resync_flow_ends_on_success_and_takes_no_other_step() {
    let (mut bank, mut ledger) = enrolled();
    let flow = open_resync(&mut bank, &mut ledger, NOW).unwrap();
    assert_eq!(
        bank.stop_with_code(&mut ledger, &flow, &at_step(step(0)), NOW, &mut OsRandom),
        Err(BankError::FlowInvalid),
        "a resync flow is not 利用中止's"
    );
    assert_eq!(
        bank.confirm_card(&mut ledger, &flow, [0, 0], NOW),
        Err(BankError::FlowInvalid),
        "nor at the card"
    );
    bank.resync_token(&mut ledger, &flow, &pair(5), NOW)
        .unwrap();
    assert_eq!(
        bank.resync_token(&mut ledger, &flow, &pair(7), NOW),
        Err(BankError::FlowInvalid)
    );
    let stop = open(&mut bank, &mut ledger, Procedure::Stop, NOW);
    assert_eq!(
        bank.resync_token(&mut ledger, &stop, &pair(7), NOW),
        Err(BankError::FlowInvalid),
        "nor does 利用中止's flow take 時刻補正's step"
    );
}
