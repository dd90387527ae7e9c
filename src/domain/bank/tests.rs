//! The bank's rules, one named test each, with a fixed clock (more in `more_tests.rs`, which
//! shares these helpers).

use super::*;
use crate::card::CardRow;
use crate::directory::Customer;
use crate::flows::FLOW_IDLE_SECONDS;
use crate::input::{self, TokenModel};
use crate::ledger::{EnrolmentStatus, MAX_CODE_FAILURES, MAX_NEW_TOKEN_FAILURES};
use crate::token::Token;
use crate::totp::{self, CodeMatch};
use crate::OsRandom;

pub(super) const T0: u64 = 1_700_000_010; // a moment early in its step
const SEED: &[u8] = b"demo-seed-0123456789";
const SEED2: &[u8] = b"demo-seed-hardware-1";
const SEED3: &[u8] = b"demo-seed-software-2";
const HANAKO_CARD: [u8; 8] = [3, 8, 1, 5, 9, 0, 2, 7];
pub(super) const ICHIRO_CARD: [u8; 8] = [6, 2, 9, 4, 0, 7, 1, 5];
use LoginOtp::{NotRequired, Required};

pub(super) fn bank() -> Bank {
    let customer = |id: &str, name: &str, password: &str, card| Customer {
        contract_id: input::contract_id(id).unwrap(),
        name: name.into(),
        password: password.into(),
        card: CardRow(card),
    };
    let token = |s: &str, seed: &[u8]| Token {
        serial: serial(s),
        model: serial(s).model(),
        seed: seed.to_vec(),
    };
    Bank::new(Directory {
        customers: vec![
            customer("10000000001", "山田 花子", "hanako12", HANAKO_CARD),
            customer("10000000002", "佐藤 一郎", "ichiro34", ICHIRO_CARD),
        ],
        tokens: vec![
            token("SKTS10000001", SEED),
            token("SKHT20000001", SEED2),
            token("SKTS10000002", SEED3),
        ],
    })
}

pub(super) fn id() -> ContractId {
    input::contract_id("10000000001").unwrap()
}
pub(super) fn id2() -> ContractId {
    input::contract_id("10000000002").unwrap()
}
pub(super) fn serial(s: &str) -> Serial {
    Serial::parse(s).unwrap()
}
fn otp(seed: &[u8], at: u64) -> OtpCode {
    input::otp_code(&totp::code_at(seed, at)).unwrap()
}
pub(super) fn code(at: u64) -> OtpCode {
    otp(SEED, at)
}
fn code2(at: u64) -> OtpCode {
    otp(SEED2, at)
}
/// A code that is no step's of `seed` anywhere near `at` (so neither right nor drifted).
fn wrong(seed: &[u8], at: u64) -> OtpCode {
    ["000000", "111111", "222222", "333333", "444444"]
        .into_iter()
        .find(|c| totp::match_code(seed, c, at) == CodeMatch::None)
        .map(|c| input::otp_code(c).unwrap())
        .unwrap()
}
pub(super) fn answers(card: [u8; 8], c: CardChallenge) -> [u8; 2] {
    [card[c.first], card[c.second]]
}
pub(super) fn right_answers(c: CardChallenge) -> [u8; 2] {
    answers(HANAKO_CARD, c)
}
fn wrong_answers(c: CardChallenge) -> [u8; 2] {
    let [a, b] = right_answers(c);
    [a, (b + 1) % 10]
}
pub(super) fn new_token(s: &str, code: OtpCode, login_otp: LoginOtp) -> NewToken {
    NewToken {
        serial: serial(s),
        code,
        login_otp,
    }
}

fn open(
    bank: &mut Bank,
    ledger: &mut Ledger,
    procedure: Procedure,
    at: u64,
) -> Result<Authenticated, BankError> {
    bank.authenticate(
        procedure,
        ledger,
        &id(),
        bank.directory.password_verdict(&id(), "hanako12"),
        at,
        &mut OsRandom,
    )
}

pub(super) fn start_flow(bank: &mut Bank, ledger: &mut Ledger, at: u64) -> FlowId {
    open(bank, ledger, Procedure::Start, at).unwrap().flow
}

pub(super) fn register(
    bank: &mut Bank,
    ledger: &mut Ledger,
    flow: &FlowId,
    new: NewToken,
    at: u64,
) -> Result<CardChallenge, BankError> {
    bank.register_token(ledger, flow, &new, at, &mut OsRandom)
}

pub(super) fn login(
    bank: &mut Bank,
    ledger: &mut Ledger,
    password: &str,
    at: u64,
) -> Result<LoginStep, BankError> {
    bank.login(
        ledger,
        &id(),
        bank.directory.password_verdict(&id(), password),
        at,
        &mut OsRandom,
    )
}

pub(super) fn login_flow(bank: &mut Bank, ledger: &mut Ledger, at: u64) -> FlowId {
    match login(bank, ledger, "hanako12", at) {
        Ok(LoginStep::NeedsCode { flow }) => flow,
        other => panic!("login must ask for a code, got {other:?}"),
    }
}

/// Runs 利用開始 through to the card step; returns the flow and challenge.
pub(super) fn to_card(
    bank: &mut Bank,
    ledger: &mut Ledger,
    login_otp: LoginOtp,
) -> (FlowId, CardChallenge) {
    let flow = start_flow(bank, ledger, T0);
    let challenge = register(
        bank,
        ledger,
        &flow,
        new_token("SKTS10000001", code(T0), login_otp),
        T0,
    )
    .unwrap();
    (flow, challenge)
}

/// 山田 花子 enrolled with SKTS10000001 (login OTP on) at T0.
fn enrolled() -> (Bank, Ledger) {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    let (flow, challenge) = to_card(&mut bank, &mut ledger, Required);
    bank.confirm_card(&mut ledger, &flow, right_answers(challenge), T0)
        .unwrap();
    (bank, ledger)
}

/// 佐藤 一郎 enrolled with SKHT20000001 at `at`.
fn enrol_ichiro(bank: &mut Bank, ledger: &mut Ledger, at: u64) {
    let flow = bank
        .authenticate(
            Procedure::Start,
            ledger,
            &id2(),
            bank.directory.password_verdict(&id2(), "ichiro34"),
            at,
            &mut OsRandom,
        )
        .unwrap()
        .flow;
    let c = register(
        bank,
        ledger,
        &flow,
        new_token("SKHT20000001", code2(at), Required),
        at,
    )
    .unwrap();
    bank.confirm_card(ledger, &flow, answers(ICHIRO_CARD, c), at)
        .unwrap();
}

/// Locks 山田 花子's token by wrong codes at login.
fn lock_token_at_login(bank: &mut Bank, ledger: &mut Ledger, at: u64) {
    let flow = login_flow(bank, ledger, at);
    for _ in 0..MAX_CODE_FAILURES {
        let _ = bank.login_code(ledger, &flow, &wrong(SEED, at), at);
    }
    assert!(ledger.token_locked(&serial("SKTS10000001")));
}

// ── the flows do their job ───────────────────────────────────────────────────────────────────

#[test]
fn start_flow_enrols_the_token_with_the_login_choice() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    let (flow, challenge) = to_card(&mut bank, &mut ledger, Required);
    let receipt = bank
        .confirm_card(&mut ledger, &flow, right_answers(challenge), T0 + 5)
        .unwrap();
    assert_eq!(
        receipt.change,
        Change::Started {
            serial: serial("SKTS10000001"),
            login_otp: Required
        }
    );
    assert_eq!(
        ledger.enrolment(&id()).unwrap().serial,
        serial("SKTS10000001")
    );
}

#[test]
fn login_without_otp_choice_does_not_ask_for_a_code() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    let (flow, challenge) = to_card(&mut bank, &mut ledger, NotRequired);
    bank.confirm_card(&mut ledger, &flow, right_answers(challenge), T0)
        .unwrap();
    assert!(matches!(
        login(&mut bank, &mut ledger, "hanako12", T0),
        Ok(LoginStep::Done { .. })
    ));
}

#[test]
fn start_is_refused_while_a_token_is_in_use() {
    let (mut bank, mut ledger) = enrolled();
    assert_eq!(
        open(&mut bank, &mut ledger, Procedure::Start, T0).err(),
        Some(BankError::AlreadyEnrolled)
    );
}

#[test]
fn exchange_and_stop_need_a_token_in_use() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    for procedure in [Procedure::Exchange, Procedure::Stop] {
        assert_eq!(
            open(&mut bank, &mut ledger, procedure, T0).err(),
            Some(BankError::NotEnrolled)
        );
    }
}

fn replacement(current_code: OtpCode, new: NewToken) -> Replacement {
    Replacement { current_code, new }
}

#[test]
fn exchange_replaces_the_token_old_codes_refused_new_accepted() {
    let (mut bank, mut ledger) = enrolled();
    let t = T0 + 30;
    let auth = open(&mut bank, &mut ledger, Procedure::Exchange, t).unwrap();
    assert_eq!(
        auth.current.as_ref().unwrap().serial,
        serial("SKTS10000001")
    );
    let request = replacement(code(t), new_token("SKHT20000001", code2(t), Required));
    let challenge = bank
        .exchange_token(&mut ledger, &auth.flow, &request, t, &mut OsRandom)
        .unwrap();
    let receipt = bank
        .confirm_card(&mut ledger, &auth.flow, right_answers(challenge), t)
        .unwrap();
    assert_eq!(
        receipt.change,
        Change::Exchanged {
            old: serial("SKTS10000001"),
            new: serial("SKHT20000001"),
            login_otp: Required
        }
    );
    let later = t + 30;
    let flow = login_flow(&mut bank, &mut ledger, later);
    assert_eq!(
        bank.login_code(&mut ledger, &flow, &code(later), later),
        Err(BankError::WrongCode)
    );
    assert!(bank
        .login_code(&mut ledger, &flow, &code2(later), later)
        .is_ok());
}

#[test]
fn exchange_to_the_same_token_is_refused_and_an_unknown_one_is_not_proved() {
    let (mut bank, mut ledger) = enrolled();
    let t = T0 + 30;
    let auth = open(&mut bank, &mut ledger, Procedure::Exchange, t).unwrap();
    let same = replacement(code(t), new_token("SKTS10000001", code(t), Required));
    assert_eq!(
        bank.exchange_token(&mut ledger, &auth.flow, &same, t, &mut OsRandom),
        Err(BankError::SameToken)
    );
    let unknown = replacement(code(t), new_token("SKHT29999999", code2(t), Required));
    assert_eq!(
        bank.exchange_token(&mut ledger, &auth.flow, &unknown, t, &mut OsRandom),
        Err(BankError::NewTokenRefused)
    );
}

#[test]
fn exchange_can_change_the_login_choice() {
    let (mut bank, mut ledger) = enrolled();
    let t = T0 + 30;
    let auth = open(&mut bank, &mut ledger, Procedure::Exchange, t).unwrap();
    let request = replacement(code(t), new_token("SKHT20000001", code2(t), NotRequired));
    let challenge = bank
        .exchange_token(&mut ledger, &auth.flow, &request, t, &mut OsRandom)
        .unwrap();
    bank.confirm_card(&mut ledger, &auth.flow, right_answers(challenge), t)
        .unwrap();
    assert!(matches!(
        login(&mut bank, &mut ledger, "hanako12", t),
        Ok(LoginStep::Done { .. })
    ));
}

#[test]
fn stop_with_a_code_unbinds_the_token_and_login_stops_asking() {
    let (mut bank, mut ledger) = enrolled();
    let t = T0 + 30;
    let auth = open(&mut bank, &mut ledger, Procedure::Stop, t).unwrap();
    let challenge = bank
        .stop_with_code(&mut ledger, &auth.flow, &code(t), t, &mut OsRandom)
        .unwrap();
    let receipt = bank
        .confirm_card(&mut ledger, &auth.flow, right_answers(challenge), t)
        .unwrap();
    assert_eq!(
        receipt.change,
        Change::Stopped {
            serial: serial("SKTS10000001")
        }
    );
    assert!(ledger.enrolment(&id()).is_none());
    assert!(matches!(
        login(&mut bank, &mut ledger, "hanako12", t),
        Ok(LoginStep::Done { .. })
    ));
    assert!(open(&mut bank, &mut ledger, Procedure::Start, t).is_ok());
}

#[test]
fn stop_needs_the_current_tokens_code() {
    let (mut bank, mut ledger) = enrolled();
    let t = T0 + 30;
    let auth = open(&mut bank, &mut ledger, Procedure::Stop, t).unwrap();
    assert_eq!(
        bank.stop_with_code(&mut ledger, &auth.flow, &code2(t), t, &mut OsRandom),
        Err(BankError::WrongCode)
    );
}

// ── the window and single use ────────────────────────────────────────────────────────────────

#[test]
fn window_accepts_t_minus_1_t_and_t_plus_1_and_refuses_t_minus_2_and_t_plus_2() {
    for (offset, accepted) in [
        (-60i64, false),
        (-30, true),
        (0, true),
        (30, true),
        (60, false),
    ] {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        let flow = start_flow(&mut bank, &mut ledger, T0);
        let r = register(
            &mut bank,
            &mut ledger,
            &flow,
            new_token(
                "SKTS10000001",
                code(T0.saturating_add_signed(offset)),
                Required,
            ),
            T0,
        );
        assert_eq!(r.is_ok(), accepted, "offset {offset} s");
    }
}

#[test]
fn a_code_is_accepted_once() {
    let (mut bank, mut ledger) = enrolled();
    let flow = login_flow(&mut bank, &mut ledger, T0);
    assert_eq!(
        bank.login_code(&mut ledger, &flow, &code(T0), T0),
        Err(BankError::CodeUsed)
    );
    assert!(bank
        .login_code(&mut ledger, &flow, &code(T0 + 30), T0)
        .is_ok());
}

#[test]
fn single_use_refuses_any_step_at_or_before_the_last_accepted() {
    let (mut bank, mut ledger) = enrolled(); // accepted the code of step(T0)
    for (at, code_time) in [(T0 + 30, T0), (T0, T0 - 30)] {
        let flow = login_flow(&mut bank, &mut ledger, at);
        assert_eq!(
            bank.login_code(&mut ledger, &flow, &code(code_time), at),
            Err(BankError::CodeUsed),
            "a code of an already used step is refused"
        );
    }
}

// ── lockouts ─────────────────────────────────────────────────────────────────────────────────

#[test]
fn wrong_contract_id_and_wrong_password_give_the_same_error() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    let unknown = input::contract_id("19999999999").unwrap();
    let a = bank.authenticate(
        Procedure::Start,
        &mut ledger,
        &unknown,
        bank.directory.password_verdict(&unknown, "hanako12"),
        T0,
        &mut OsRandom,
    );
    let b = bank.authenticate(
        Procedure::Start,
        &mut ledger,
        &id(),
        bank.directory.password_verdict(&id(), "wrong123"),
        T0,
        &mut OsRandom,
    );
    assert_eq!(a, Err(BankError::BadCredentials));
    assert_eq!(b, Err(BankError::BadCredentials));
}

#[test]
fn an_unknown_contract_id_locks_after_five_tries_exactly_like_a_real_one() {
    let unknown = input::contract_id("19999999999").unwrap();
    let run = |who: &ContractId| {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        let answers: Vec<_> = (0..7)
            .map(|_| {
                bank.login(
                    &mut ledger,
                    who,
                    bank.directory.password_verdict(who, "wrong123"),
                    T0,
                    &mut OsRandom,
                )
                .err()
            })
            .collect();
        // The right password does not open a locked ID either.
        let after = bank
            .login(
                &mut ledger,
                who,
                bank.directory.password_verdict(who, "hanako12"),
                T0,
                &mut OsRandom,
            )
            .err();
        (answers, after, serde_json::to_string(&ledger).unwrap())
    };
    let (real, real_after, real_stored) = run(&id());
    let (fake, fake_after, fake_stored) = run(&unknown);
    assert_eq!(real, fake, "the same answers, try by try");
    assert_eq!(real[4], Some(BankError::LoginLocked));
    assert_eq!(
        (real_after, fake_after),
        (Some(BankError::LoginLocked), Some(BankError::LoginLocked))
    );
    assert_eq!(
        real_stored.replace(id().as_str(), unknown.as_str()),
        fake_stored,
        "the same ledger writes"
    );
}

#[test]
fn five_wrong_passwords_lock_login_even_for_the_right_one() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    for _ in 0..4 {
        assert_eq!(
            login(&mut bank, &mut ledger, "wrong123", T0),
            Err(BankError::BadCredentials)
        );
    }
    assert_eq!(
        login(&mut bank, &mut ledger, "wrong123", T0),
        Err(BankError::LoginLocked)
    );
    assert_eq!(
        login(&mut bank, &mut ledger, "hanako12", T0),
        Err(BankError::LoginLocked)
    );
}

#[test]
fn a_correct_password_resets_the_failure_count() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    for _ in 0..4 {
        let _ = login(&mut bank, &mut ledger, "wrong123", T0);
    }
    assert!(login(&mut bank, &mut ledger, "hanako12", T0).is_ok());
    assert_eq!(
        login(&mut bank, &mut ledger, "wrong123", T0),
        Err(BankError::BadCredentials)
    );
}

#[test]
fn a_locked_login_gives_the_same_message_for_right_and_wrong_passwords() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    for _ in 0..5 {
        let _ = login(&mut bank, &mut ledger, "wrong123", T0);
    }
    let right = login(&mut bank, &mut ledger, "hanako12", T0);
    let wrong = login(&mut bank, &mut ledger, "wrong123", T0);
    assert_eq!(right, wrong);
    assert_eq!(right, Err(BankError::LoginLocked));
    assert_eq!(
        open(&mut bank, &mut ledger, Procedure::Start, T0).err(),
        Some(BankError::LoginLocked)
    );
}

#[test]
fn five_wrong_codes_lock_the_token_even_for_a_right_code() {
    let (mut bank, mut ledger) = enrolled();
    let t = T0 + 30;
    let flow = login_flow(&mut bank, &mut ledger, t);
    let mut last = Ok(());
    for _ in 0..MAX_CODE_FAILURES {
        last = bank
            .login_code(&mut ledger, &flow, &wrong(SEED, t), t)
            .map(drop);
    }
    assert_eq!(last, Err(BankError::TokenLocked));
    let flow = login(&mut bank, &mut ledger, "hanako12", t);
    assert_eq!(
        flow,
        Err(BankError::TokenLocked),
        "login with a code is closed"
    );
}

#[test]
fn only_a_success_resets_the_code_failure_count() {
    let (mut bank, mut ledger) = enrolled();
    let t = T0 + 30;
    let flow = login_flow(&mut bank, &mut ledger, t);
    for _ in 0..MAX_CODE_FAILURES - 1 {
        let _ = bank.login_code(&mut ledger, &flow, &wrong(SEED, t), t);
    }
    // A new flow does not reset the count: one more wrong code locks.
    let flow = login_flow(&mut bank, &mut ledger, t);
    assert_eq!(
        bank.login_code(&mut ledger, &flow, &wrong(SEED, t), t),
        Err(BankError::TokenLocked)
    );
}

#[test]
fn three_wrong_card_answers_lock_the_confirmation() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    let (flow, challenge) = to_card(&mut bank, &mut ledger, Required);
    for expected in [
        BankError::WrongCard,
        BankError::WrongCard,
        BankError::CardLocked,
    ] {
        assert_eq!(
            bank.confirm_card(&mut ledger, &flow, wrong_answers(challenge), T0),
            Err(expected)
        );
    }
    // Every procedure is closed from 利用者認証 on, even with the right digits to come.
    assert_eq!(
        open(&mut bank, &mut ledger, Procedure::Start, T0 + 40).err(),
        Some(BankError::CardLocked)
    );
}

// ── rule: failures against a serial that is not the customer's count against the customer ──

#[test]
fn wrong_codes_against_a_free_serial_count_against_the_customer_not_the_token() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    let flow = start_flow(&mut bank, &mut ledger, T0);
    let mut last = Ok(CardChallenge {
        first: 0,
        second: 1,
    });
    for _ in 0..MAX_NEW_TOKEN_FAILURES {
        last = register(
            &mut bank,
            &mut ledger,
            &flow,
            new_token("SKTS10000002", wrong(SEED3, T0), Required),
            T0,
        );
    }
    assert_eq!(last, Err(BankError::NewTokenLocked));
    assert!(
        !ledger.token_locked(&serial("SKTS10000002")),
        "the token is not locked"
    );
    assert_eq!(
        open(&mut bank, &mut ledger, Procedure::Start, T0).err(),
        Some(BankError::NewTokenLocked),
        "the customer who tried is"
    );
    // The customer the token was meant for registers it.
    let flow = bank
        .authenticate(
            Procedure::Start,
            &mut ledger,
            &id2(),
            bank.directory.password_verdict(&id2(), "ichiro34"),
            T0,
            &mut OsRandom,
        )
        .unwrap()
        .flow;
    assert!(register(
        &mut bank,
        &mut ledger,
        &flow,
        new_token("SKTS10000002", otp(SEED3, T0), Required),
        T0
    )
    .is_ok());
}

#[test]
fn wrong_codes_against_someone_elses_token_never_lock_it() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    enrol_ichiro(&mut bank, &mut ledger, T0);
    let flow = start_flow(&mut bank, &mut ledger, T0);
    for _ in 0..MAX_NEW_TOKEN_FAILURES + 2 {
        let _ = register(
            &mut bank,
            &mut ledger,
            &flow,
            new_token("SKHT20000001", wrong(SEED2, T0), Required),
            T0,
        );
    }
    assert!(!ledger.token_locked(&serial("SKHT20000001")));
    let t = T0 + 30;
    let flow = match bank.login(
        &mut ledger,
        &id2(),
        bank.directory.password_verdict(&id2(), "ichiro34"),
        t,
        &mut OsRandom,
    ) {
        Ok(LoginStep::NeedsCode { flow: f }) => f,
        other => panic!("{other:?}"),
    };
    assert!(bank.login_code(&mut ledger, &flow, &code2(t), t).is_ok());
}

#[test]
fn an_unknown_serial_another_customers_serial_and_a_wrong_code_give_one_answer() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    enrol_ichiro(&mut bank, &mut ledger, T0);
    let flow = start_flow(&mut bank, &mut ledger, T0);
    let tries = [
        new_token("SKTS99999999", code(T0), Required),
        new_token("SKHT20000001", wrong(SEED2, T0), Required),
        new_token("SKTS10000002", wrong(SEED3, T0), Required),
    ];
    for t in tries {
        assert_eq!(
            register(&mut bank, &mut ledger, &flow, t.clone(), T0),
            Err(BankError::NewTokenRefused),
            "{t:?}"
        );
    }
}

#[test]
fn a_wrong_code_leaves_the_same_ledger_for_an_unknown_serial_as_for_a_real_free_one() {
    let after = |s: &str| {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        let flow = start_flow(&mut bank, &mut ledger, T0);
        let wrong_code = wrong(SEED3, T0);
        let answer = register(
            &mut bank,
            &mut ledger,
            &flow,
            new_token(s, wrong_code, Required),
            T0,
        );
        (answer, serde_json::to_string(&ledger).unwrap())
    };
    assert_eq!(after("SKTS99999999"), after("SKTS10000002"));
}

#[test]
fn a_serial_in_use_is_named_only_to_someone_showing_its_code() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    enrol_ichiro(&mut bank, &mut ledger, T0);
    let flow = start_flow(&mut bank, &mut ledger, T0 + 30);
    assert_eq!(
        register(
            &mut bank,
            &mut ledger,
            &flow,
            new_token("SKHT20000001", code2(T0 + 30), Required),
            T0 + 30
        ),
        Err(BankError::SerialInUse)
    );
}

// ── rule: password and card alone never replace the token ───────────────────────────────────

#[test]
fn exchange_needs_a_code_from_the_current_token_too() {
    let (mut bank, mut ledger) = enrolled();
    let t = T0 + 30;
    let auth = open(&mut bank, &mut ledger, Procedure::Exchange, t).unwrap();
    let without = replacement(
        wrong(SEED, t),
        new_token("SKHT20000001", code2(t), Required),
    );
    assert_eq!(
        bank.exchange_token(&mut ledger, &auth.flow, &without, t, &mut OsRandom),
        Err(BankError::WrongCode)
    );
    assert_eq!(
        ledger.token(&serial("SKTS10000001")).unwrap().failures,
        1,
        "counted on the token in use"
    );
    // The new token's code was not spent by the refused attempt.
    let with = replacement(code(t), new_token("SKHT20000001", code2(t), Required));
    assert!(bank
        .exchange_token(&mut ledger, &auth.flow, &with, t, &mut OsRandom)
        .is_ok());
}

#[test]
fn exchange_with_a_wrong_new_code_leaves_the_current_code_unspent() {
    let (mut bank, mut ledger) = enrolled();
    let t = T0 + 30;
    let auth = open(&mut bank, &mut ledger, Procedure::Exchange, t).unwrap();
    let wrong_new = replacement(
        code(t),
        new_token("SKHT20000001", wrong(SEED2, t), Required),
    );
    assert_eq!(
        bank.exchange_token(&mut ledger, &auth.flow, &wrong_new, t, &mut OsRandom),
        Err(BankError::NewTokenRefused)
    );
    assert!(
        !ledger
            .token(&serial("SKTS10000001"))
            .unwrap()
            .step_is_spent(totp::step_of(t)),
        "the current token's code is not spent by the refused attempt"
    );
    // The retry with the same current code and the right new one goes through.
    let right = replacement(code(t), new_token("SKHT20000001", code2(t), Required));
    assert!(bank
        .exchange_token(&mut ledger, &auth.flow, &right, t, &mut OsRandom)
        .is_ok());
}

#[test]
fn a_lost_report_suspends_the_token_and_keeps_login_closed_until_the_bank_confirms() {
    for choice in [Required, NotRequired] {
        let (mut bank, mut ledger) = (bank(), Ledger::default());
        let (flow, challenge) = to_card(&mut bank, &mut ledger, choice);
        bank.confirm_card(&mut ledger, &flow, right_answers(challenge), T0)
            .unwrap();
        let auth = open(&mut bank, &mut ledger, Procedure::Stop, T0).unwrap();
        let challenge = bank
            .report_lost(&mut ledger, &auth.flow, T0, &mut OsRandom)
            .unwrap();
        assert_eq!(
            bank.confirm_card(&mut ledger, &auth.flow, wrong_answers(challenge), T0),
            Err(BankError::WrongCard),
            "the card is still checked"
        );
        let receipt = bank
            .confirm_card(&mut ledger, &auth.flow, right_answers(challenge), T0)
            .unwrap();
        assert_eq!(
            receipt.change,
            Change::Suspended {
                serial: serial("SKTS10000001")
            }
        );
        // Login stays closed, whatever the login choice was, and the token is refused everywhere.
        assert_eq!(
            login(&mut bank, &mut ledger, "hanako12", T0 + 60),
            Err(BankError::TokenSuspended)
        );
        for procedure in [Procedure::Start, Procedure::Exchange, Procedure::Stop] {
            assert_eq!(
                open(&mut bank, &mut ledger, procedure, T0 + 60).err(),
                Some(BankError::TokenSuspended)
            );
        }
        // The bank confirms the customer by another channel: login opens, 利用開始 again.
        assert_eq!(
            Bank::stop_by_bank(&mut ledger, &id()),
            Some(serial("SKTS10000001"))
        );
        assert!(matches!(
            login(&mut bank, &mut ledger, "hanako12", T0 + 60),
            Ok(LoginStep::Done { .. })
        ));
        assert!(open(&mut bank, &mut ledger, Procedure::Start, T0 + 60).is_ok());
    }
}

#[test]
fn the_banks_stop_keeps_the_tokens_used_steps() {
    let (mut bank, mut ledger) = enrolled();
    let t = T0 + 30;
    let flow = login_flow(&mut bank, &mut ledger, t);
    bank.login_code(&mut ledger, &flow, &code(t), t).unwrap();
    lock_token_at_login(&mut bank, &mut ledger, t);
    assert_eq!(
        Bank::stop_by_bank(&mut ledger, &id()),
        Some(serial("SKTS10000001"))
    );
    assert_eq!(
        ledger
            .token(&serial("SKTS10000001"))
            .and_then(|s| s.last_accepted_step),
        Some(totp::step_of(t)),
        "the last accepted step is kept"
    );
    // Enrolled again (利用開始 at the same moment): the code used before the stop stays spent.
    let flow = start_flow(&mut bank, &mut ledger, t);
    assert_eq!(
        register(
            &mut bank,
            &mut ledger,
            &flow,
            new_token("SKTS10000001", code(t), Required),
            t
        ),
        Err(BankError::NewTokenCodeUsed)
    );
    assert!(register(
        &mut bank,
        &mut ledger,
        &flow,
        new_token("SKTS10000001", code(t + 30), Required),
        t
    )
    .is_ok());
}

#[test]
fn password_and_card_alone_never_replace_the_token() {
    // The attack: lock the token at login with wrong codes, then take 利用中止's lost path or 交換.
    let (mut bank, mut ledger) = enrolled();
    let t = T0 + 30;
    lock_token_at_login(&mut bank, &mut ledger, t);
    for procedure in [Procedure::Exchange, Procedure::Stop] {
        assert_eq!(
            open(&mut bank, &mut ledger, procedure, t).err(),
            Some(BankError::TokenLocked),
            "{procedure:?}"
        );
    }
    assert_eq!(
        login(&mut bank, &mut ledger, "hanako12", t),
        Err(BankError::TokenLocked)
    );
}

#[test]
fn a_token_locked_mid_flow_can_be_neither_exchanged_nor_stopped() {
    let (mut bank, mut ledger) = enrolled();
    let t = T0 + 30;
    let stop = open(&mut bank, &mut ledger, Procedure::Stop, t).unwrap();
    let lost = open(&mut bank, &mut ledger, Procedure::Stop, t).unwrap();
    let exchange = open(&mut bank, &mut ledger, Procedure::Exchange, t).unwrap();
    let lost_challenge = bank
        .report_lost(&mut ledger, &lost.flow, t, &mut OsRandom)
        .unwrap();
    lock_token_at_login(&mut bank, &mut ledger, t);
    assert_eq!(
        bank.stop_with_code(&mut ledger, &stop.flow, &code(t), t, &mut OsRandom),
        Err(BankError::TokenLocked)
    );
    assert_eq!(
        bank.confirm_card(&mut ledger, &lost.flow, right_answers(lost_challenge), t),
        Err(BankError::TokenLocked)
    );
    let request = replacement(code(t), new_token("SKHT20000001", code2(t), Required));
    assert_eq!(
        bank.exchange_token(&mut ledger, &exchange.flow, &request, t, &mut OsRandom),
        Err(BankError::TokenLocked)
    );
    assert!(ledger
        .enrolment(&id())
        .is_some_and(|e| e.status == EnrolmentStatus::Active));
}

// ── rule: every step of every flow re-checks every lock ─────────────────────────────────────

#[test]
fn a_login_code_step_opened_before_a_password_lockout_does_not_outlive_it() {
    let (mut bank, mut ledger) = enrolled();
    let t = T0 + 30;
    let flow = login_flow(&mut bank, &mut ledger, t);
    for _ in 0..5 {
        let _ = login(&mut bank, &mut ledger, "wrong123", t);
    }
    assert_eq!(
        bank.login_code(&mut ledger, &flow, &code(t), t),
        Err(BankError::LoginLocked)
    );
    assert_eq!(
        bank.login_code(&mut ledger, &flow, &code(t + 30), t),
        Err(BankError::FlowInvalid),
        "and the flow is gone"
    );
}

#[test]
fn every_step_of_every_procedure_rechecks_the_password_lock() {
    let (mut bank, mut ledger) = enrolled();
    let t = T0 + 30;
    let exchange = open(&mut bank, &mut ledger, Procedure::Exchange, t).unwrap();
    let stop = open(&mut bank, &mut ledger, Procedure::Stop, t).unwrap();
    let at_card = open(&mut bank, &mut ledger, Procedure::Stop, t).unwrap();
    let challenge = bank
        .report_lost(&mut ledger, &at_card.flow, t, &mut OsRandom)
        .unwrap();
    for _ in 0..5 {
        let _ = login(&mut bank, &mut ledger, "wrong123", t);
    }
    let request = replacement(code(t), new_token("SKHT20000001", code2(t), Required));
    assert_eq!(
        bank.exchange_token(&mut ledger, &exchange.flow, &request, t, &mut OsRandom),
        Err(BankError::LoginLocked)
    );
    assert_eq!(
        bank.stop_with_code(&mut ledger, &stop.flow, &code(t), t, &mut OsRandom),
        Err(BankError::LoginLocked)
    );
    assert_eq!(
        bank.confirm_card(&mut ledger, &at_card.flow, right_answers(challenge), t),
        Err(BankError::LoginLocked)
    );
    assert_eq!(
        ledger.enrolment(&id()).map(|e| e.status),
        Some(EnrolmentStatus::Active)
    );
}

#[test]
fn a_card_lock_in_one_flow_holds_in_a_flow_already_at_the_card() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    let (first, first_challenge) = to_card(&mut bank, &mut ledger, Required);
    let second = start_flow(&mut bank, &mut ledger, T0 + 30);
    let second_challenge = register(
        &mut bank,
        &mut ledger,
        &second,
        new_token("SKTS10000001", code(T0 + 30), Required),
        T0 + 30,
    )
    .unwrap();
    for _ in 0..3 {
        let _ = bank.confirm_card(
            &mut ledger,
            &second,
            wrong_answers(second_challenge),
            T0 + 30,
        );
    }
    assert_eq!(
        bank.confirm_card(&mut ledger, &first, right_answers(first_challenge), T0 + 30),
        Err(BankError::CardLocked)
    );
    assert!(ledger.enrolment(&id()).is_none());
}

#[test]
fn a_new_token_lock_holds_in_a_flow_opened_before_it() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    let (early, challenge) = to_card(&mut bank, &mut ledger, Required);
    let other = start_flow(&mut bank, &mut ledger, T0);
    for _ in 0..MAX_NEW_TOKEN_FAILURES {
        let _ = register(
            &mut bank,
            &mut ledger,
            &other,
            new_token("SKTS10000002", wrong(SEED3, T0), Required),
            T0,
        );
    }
    assert_eq!(
        bank.confirm_card(&mut ledger, &early, right_answers(challenge), T0),
        Err(BankError::NewTokenLocked)
    );
}

#[test]
fn the_new_token_lock_refuses_exchange_too() {
    let (mut bank, mut ledger) = enrolled();
    let t = T0 + 30;
    let auth = open(&mut bank, &mut ledger, Procedure::Exchange, t).unwrap();
    let request = replacement(
        code(t),
        new_token("SKHT20000001", wrong(SEED2, t), Required),
    );
    for _ in 0..MAX_NEW_TOKEN_FAILURES {
        let _ = bank.exchange_token(&mut ledger, &auth.flow, &request, t, &mut OsRandom);
    }
    assert!(ledger.customer(&id()).unwrap().new_token_locked());
    // 利用者認証 for 交換 is refused at once, before any code is typed.
    assert_eq!(
        open(&mut bank, &mut ledger, Procedure::Exchange, t).err(),
        Some(BankError::NewTokenLocked)
    );
    // 利用中止 stays open: it registers no new token.
    assert!(open(&mut bank, &mut ledger, Procedure::Stop, t).is_ok());
}

// ── rule: a code refused for drift counts and is never accepted later ───────────────────────

#[test]
fn a_code_refused_for_drift_counts_as_a_failure_and_is_never_accepted_later() {
    let (mut bank, mut ledger) = enrolled();
    let t = T0 + 30;
    let ahead = t + 3 * 30; // a token running three steps fast
    let flow = login_flow(&mut bank, &mut ledger, t);
    assert_eq!(
        bank.login_code(&mut ledger, &flow, &code(ahead), t),
        Err(BankError::ClockDrift)
    );
    assert_eq!(ledger.token(&serial("SKTS10000001")).unwrap().failures, 1);
    // Its step arrives: the same code is still refused, at every moment of its window.
    for at in [ahead - 30, ahead, ahead + 29] {
        let flow = login_flow(&mut bank, &mut ledger, at);
        assert_eq!(
            bank.login_code(&mut ledger, &flow, &code(ahead), at),
            Err(BankError::CodeUsed),
            "at {at}"
        );
    }
}

#[test]
fn a_new_tokens_code_refused_for_drift_counts_against_the_customer_and_is_never_accepted_later() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    let ahead = T0 + 4 * 30;
    let flow = start_flow(&mut bank, &mut ledger, T0);
    assert_eq!(
        register(
            &mut bank,
            &mut ledger,
            &flow,
            new_token("SKTS10000001", code(ahead), Required),
            T0
        ),
        Err(BankError::NewTokenClockDrift)
    );
    assert_eq!(ledger.customer(&id()).unwrap().new_token_failures, 1);
    let flow = start_flow(&mut bank, &mut ledger, ahead);
    assert_eq!(
        register(
            &mut bank,
            &mut ledger,
            &flow,
            new_token("SKTS10000001", code(ahead), Required),
            ahead
        ),
        Err(BankError::NewTokenCodeUsed)
    );
}

#[test]
fn a_code_refused_as_a_past_drift_step_is_never_accepted_after_the_clock_steps_back() {
    let (mut bank, mut ledger) = enrolled();
    let t = T0 + 10 * 30;
    let behind = t - 3 * 30; // a token running three steps slow
    let flow = login_flow(&mut bank, &mut ledger, t);
    assert_eq!(
        bank.login_code(&mut ledger, &flow, &code(behind), t),
        Err(BankError::ClockDrift)
    );
    // The bank's clock steps back 90 s: the code's step is in the window again, and still refused.
    for at in [behind - 30, behind, behind + 29] {
        let flow = login_flow(&mut bank, &mut ledger, at);
        assert_eq!(
            bank.login_code(&mut ledger, &flow, &code(behind), at),
            Err(BankError::CodeUsed),
            "at {at}"
        );
    }
}

#[test]
fn a_new_tokens_code_refused_as_a_past_drift_step_is_never_accepted_after_the_clock_steps_back() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    let t = T0 + 10 * 30;
    let behind = t - 3 * 30;
    let flow = start_flow(&mut bank, &mut ledger, t);
    let late = new_token("SKTS10000001", code(behind), Required);
    assert_eq!(
        register(&mut bank, &mut ledger, &flow, late.clone(), t),
        Err(BankError::NewTokenClockDrift)
    );
    let flow = start_flow(&mut bank, &mut ledger, behind);
    assert_eq!(
        register(&mut bank, &mut ledger, &flow, late, behind),
        Err(BankError::NewTokenCodeUsed)
    );
}

#[test]
fn codes_outside_the_window_are_refused_as_drift_and_counted() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    let flow = start_flow(&mut bank, &mut ledger, T0);
    for at in [T0 + 60, T0 - 60] {
        assert_eq!(
            register(
                &mut bank,
                &mut ledger,
                &flow,
                new_token("SKTS10000001", code(at), Required),
                T0
            ),
            Err(BankError::NewTokenClockDrift)
        );
    }
    assert_eq!(ledger.customer(&id()).unwrap().new_token_failures, 2);
}

// ── no bypass and expiry ─────────────────────────────────────────────────────────────────────

#[test]
fn registration_needs_user_authentication_in_the_same_flow() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    let forged = FlowId::random(&mut OsRandom);
    assert_eq!(
        register(
            &mut bank,
            &mut ledger,
            &forged,
            new_token("SKTS10000001", code(T0), Required),
            T0
        ),
        Err(BankError::FlowInvalid)
    );
    assert_eq!(
        bank.confirm_card(&mut ledger, &forged, [0, 0], T0),
        Err(BankError::FlowInvalid)
    );
}

#[test]
fn card_step_cannot_be_taken_before_the_token_step() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    let flow = start_flow(&mut bank, &mut ledger, T0);
    assert_eq!(
        bank.confirm_card(&mut ledger, &flow, [0, 0], T0),
        Err(BankError::FlowInvalid)
    );
}

#[test]
fn a_flow_of_one_kind_cannot_take_another_kinds_step() {
    let (mut bank, mut ledger) = enrolled();
    let auth = open(&mut bank, &mut ledger, Procedure::Stop, T0).unwrap();
    let request = replacement(
        code(T0 + 30),
        new_token("SKHT20000001", code2(T0), Required),
    );
    assert_eq!(
        bank.exchange_token(&mut ledger, &auth.flow, &request, T0, &mut OsRandom),
        Err(BankError::FlowInvalid)
    );
    let login = login_flow(&mut bank, &mut ledger, T0);
    assert_eq!(
        bank.confirm_card(&mut ledger, &login, [0, 0], T0),
        Err(BankError::FlowInvalid),
        "a login flow has no card step"
    );
}

#[test]
fn an_idle_flow_expires_after_ten_minutes() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    let flow = start_flow(&mut bank, &mut ledger, T0);
    let later = T0 + FLOW_IDLE_SECONDS;
    assert_eq!(
        register(
            &mut bank,
            &mut ledger,
            &flow,
            new_token("SKTS10000001", code(later), Required),
            later
        ),
        Err(BankError::FlowExpired)
    );
}

#[test]
fn a_flow_touched_within_ten_minutes_stays_alive() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    let flow = start_flow(&mut bank, &mut ledger, T0);
    let t = T0 + FLOW_IDLE_SECONDS - 1;
    assert!(register(
        &mut bank,
        &mut ledger,
        &flow,
        new_token("SKTS10000001", code(t), Required),
        t
    )
    .is_ok());
}

#[test]
fn the_ledger_holds_no_secret() {
    let (_, ledger) = enrolled();
    let json = serde_json::to_string(&ledger).unwrap();
    assert!(!json.contains("hanako12"));
    assert!(!json.contains(&totp::code_at(SEED, T0)));
    assert!(!json.contains("demo-seed"));
}

#[test]
fn token_models_follow_the_fixture_serials() {
    assert_eq!(serial("SKHT20000001").model(), TokenModel::Hardware);
}

// ── rule: a customer's card challenge stays the same until it is answered ─────────────────────

/// A seeded xorshift: repeatable, and two draws of a challenge in a row differ.
struct Drifting(u64);

impl RandomSource for Drifting {
    fn fill(&mut self, buf: &mut [u8]) {
        for b in buf {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            *b = (self.0 >> 24) as u8;
        }
    }
}

/// 利用中止 → 紛失・故障 up to the card, at `at`.
fn lost_to_card(
    bank: &mut Bank,
    ledger: &mut Ledger,
    rng: &mut Drifting,
    at: u64,
) -> (FlowId, CardChallenge) {
    let auth = bank
        .authenticate(
            Procedure::Stop,
            ledger,
            &id(),
            bank.directory.password_verdict(&id(), "hanako12"),
            at,
            rng,
        )
        .unwrap();
    let challenge = bank.report_lost(ledger, &auth.flow, at, rng).unwrap();
    (auth.flow, challenge)
}

#[test]
fn an_unanswered_card_challenge_is_asked_again_in_every_flow_procedure_and_after_a_reload() {
    let mut rng = Drifting(0x9e37_79b9_7f4a_7c15);
    let (first, second) = (CardChallenge::draw(&mut rng), CardChallenge::draw(&mut rng));
    assert_ne!(
        first, second,
        "the test's random source draws a new pair each time"
    );
    let (mut bank, mut ledger) = enrolled();
    let (_, shown) = lost_to_card(&mut bank, &mut ledger, &mut rng, T0 + 1);
    // Abandoned and opened again, twenty times: the same two columns.
    for i in 2..22 {
        let (_, again) = lost_to_card(&mut bank, &mut ledger, &mut rng, T0 + i);
        assert_eq!(again, shown, "flow {i}");
    }
    // Another procedure: 利用中止 with a code asks the same pair.
    let auth = bank
        .authenticate(
            Procedure::Stop,
            &mut ledger,
            &id(),
            bank.directory.password_verdict(&id(), "hanako12"),
            T0 + 60,
            &mut rng,
        )
        .unwrap();
    let with_code = bank
        .stop_with_code(&mut ledger, &auth.flow, &code(T0 + 60), T0 + 60, &mut rng)
        .unwrap();
    assert_eq!(with_code, shown);
    // A reload (a server restart): the ledger as stored, a bank with no flows.
    let stored = serde_json::to_string(&ledger).unwrap();
    let mut ledger: Ledger = serde_json::from_str(&stored).unwrap();
    let mut bank = Bank::new(bank.directory);
    let (_, after_reload) = lost_to_card(&mut bank, &mut ledger, &mut rng, T0 + 61);
    assert_eq!(after_reload, shown);
}

#[test]
fn a_card_challenge_is_drawn_anew_only_once_answered_and_a_wrong_answer_counts() {
    let mut rng = Drifting(0x9e37_79b9_7f4a_7c15);
    let (mut bank, mut ledger) = enrolled();
    let (flow, shown) = lost_to_card(&mut bank, &mut ledger, &mut rng, T0 + 1);
    assert_eq!(
        bank.confirm_card(&mut ledger, &flow, wrong_answers(shown), T0 + 1),
        Err(BankError::WrongCard)
    );
    assert_eq!(ledger.customer(&id()).unwrap().card_failures, 1);
    // Answered (wrongly, and counted): the next flow asks another pair.
    let (flow, next) = lost_to_card(&mut bank, &mut ledger, &mut rng, T0 + 2);
    assert_ne!(next, shown);
    // Answered right: the change is made, and the next flow draws again.
    bank.confirm_card(&mut ledger, &flow, right_answers(next), T0 + 2)
        .unwrap();
    assert_eq!(ledger.customer(&id()).unwrap().challenge, None);
}
