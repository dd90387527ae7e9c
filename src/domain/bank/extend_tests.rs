//! 延長する's rule (`Bank::extend_flow`), one named test each: it counts an open flow's idle time
//! afresh, never revives an expired one and never moves a flow on.

use super::tests::{
    bank, code, login_flow, new_token, register, right_answers, start_flow, to_card, T0,
};
use super::*;
use crate::flows::FLOW_IDLE_SECONDS;
use LoginOtp::Required;

#[test]
fn extending_an_open_flow_counts_its_idle_time_afresh() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    let flow = start_flow(&mut bank, &mut ledger, T0);
    let extended = T0 + FLOW_IDLE_SECONDS - 1;
    assert_eq!(bank.extend_flow(&flow, extended), Ok(Extended));
    // Past the first ten minutes, within ten of the extension: the flow goes on.
    let later = extended + FLOW_IDLE_SECONDS - 1;
    assert!(register(
        &mut bank,
        &mut ledger,
        &flow,
        new_token("SKTS10000001", code(later), Required),
        later
    )
    .is_ok());
}

#[test]
fn extending_ends_ten_idle_minutes_after_the_extension() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    let flow = start_flow(&mut bank, &mut ledger, T0);
    let extended = T0 + 300;
    bank.extend_flow(&flow, extended).unwrap();
    let over = extended + FLOW_IDLE_SECONDS;
    assert_eq!(
        register(
            &mut bank,
            &mut ledger,
            &flow,
            new_token("SKTS10000001", code(over), Required),
            over
        ),
        Err(BankError::FlowExpired)
    );
}

#[test]
fn an_expired_flow_stays_expired_when_extended() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    let flow = start_flow(&mut bank, &mut ledger, T0);
    let over = T0 + FLOW_IDLE_SECONDS;
    assert_eq!(bank.extend_flow(&flow, over), Err(BankError::FlowExpired));
    // Discarded, as any step discards it: neither extended nor usable afterwards.
    assert_eq!(bank.extend_flow(&flow, over), Err(BankError::FlowInvalid));
    assert_eq!(
        register(
            &mut bank,
            &mut ledger,
            &flow,
            new_token("SKTS10000001", code(over), Required),
            over
        ),
        Err(BankError::FlowInvalid)
    );
}

#[test]
fn extending_an_unknown_flow_is_refused_as_every_step_refuses_it() {
    let mut bank = bank();
    let unknown = FlowId::random(&mut crate::OsRandom);
    assert_eq!(bank.extend_flow(&unknown, T0), Err(BankError::FlowInvalid));
}

#[test]
fn extending_never_advances_the_stage() {
    // At the token step: still waiting for the token, so the card step refuses.
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    let flow = start_flow(&mut bank, &mut ledger, T0);
    let before = ledger.clone();
    bank.extend_flow(&flow, T0 + 1).unwrap();
    assert_eq!(bank.flows().get(&flow).unwrap().stage, Stage::Authenticated);
    assert_eq!(ledger, before, "nothing of the ledger changes");
    assert_eq!(
        bank.confirm_card(&mut ledger, &flow, [0, 0], T0 + 2),
        Err(BankError::FlowInvalid)
    );

    // At the card step: the same change and challenge wait, and the card completes it.
    let (mut bank, mut ledger) = (super::tests::bank(), Ledger::default());
    let (flow, challenge) = to_card(&mut bank, &mut ledger, Required);
    let stage = bank.flows().get(&flow).unwrap().stage.clone();
    bank.extend_flow(&flow, T0 + 1).unwrap();
    assert_eq!(bank.flows().get(&flow).unwrap().stage, stage);
    assert!(bank
        .confirm_card(&mut ledger, &flow, right_answers(challenge), T0 + 2)
        .is_ok());
}

#[test]
fn the_login_code_step_can_be_extended_too() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    let (flow, challenge) = to_card(&mut bank, &mut ledger, Required);
    bank.confirm_card(&mut ledger, &flow, right_answers(challenge), T0)
        .unwrap();
    let login = login_flow(&mut bank, &mut ledger, T0 + 60);
    let extended = T0 + 60 + FLOW_IDLE_SECONDS - 1;
    bank.extend_flow(&login, extended).unwrap();
    let later = extended + 60;
    assert!(bank
        .login_code(&mut ledger, &login, &code(later), later)
        .is_ok());
}
