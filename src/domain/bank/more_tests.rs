//! More of the bank's rules, one named test each, beside `tests.rs` (whose helpers they use): what
//! a server relies on between two requests — the flows it stores and loads, the lock check it makes
//! first —, two customers racing for one token, and the name the bank greets a customer with.

use super::tests::{
    answers, bank, code, id, id2, login, new_token, register, right_answers, serial, start_flow,
    to_card, ICHIRO_CARD, T0,
};
use super::*;
use crate::ledger::MAX_PASSWORD_FAILURES;
use crate::OsRandom;
use LoginOtp::{NotRequired, Required};

#[test]
fn a_flow_stored_after_a_step_and_loaded_again_goes_on_where_it_stopped() {
    // A server's request: load the flows, run one step, store what the bank holds afterwards.
    let (mut first, mut ledger) = (bank(), Ledger::default());
    let flow = start_flow(&mut first, &mut ledger, T0);
    assert!(
        first.flows().get(&flow).is_some(),
        "the bank shows the flow it opened, to be stored"
    );
    let stored: Vec<_> = first.into_flows().iter().cloned().collect();
    assert_eq!(stored.len(), 1, "the flow opened is what is stored");

    // The next request, on a bank over the flows loaded back.
    let mut second = Bank::with_flows(bank().directory, Flows::from(stored));
    let challenge = register(
        &mut second,
        &mut ledger,
        &flow,
        new_token("SKTS10000001", code(T0), Required),
        T0 + 1,
    )
    .unwrap();
    second
        .confirm_card(&mut ledger, &flow, right_answers(challenge), T0 + 2)
        .unwrap();
    assert_eq!(
        ledger.enrolment(&id()).unwrap().serial,
        serial("SKTS10000001")
    );
}

#[test]
fn the_lock_check_a_server_makes_before_a_step_refuses_what_the_step_would() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    assert_eq!(Bank::check_locks(&ledger, &id(), Purpose::Login), Ok(()));
    for _ in 0..MAX_PASSWORD_FAILURES {
        let _ = login(&mut bank, &mut ledger, "wrong-password", T0);
    }
    for purpose in [
        Purpose::Login,
        Purpose::Procedure(Procedure::Start),
        Purpose::Procedure(Procedure::Exchange),
        Purpose::Procedure(Procedure::Stop),
    ] {
        assert_eq!(
            Bank::check_locks(&ledger, &id(), purpose),
            Err(BankError::LoginLocked),
            "{purpose:?}"
        );
    }
    assert_eq!(
        Bank::check_locks(&ledger, &id2(), Purpose::Login),
        Ok(()),
        "another customer's lock is not this one's"
    );
}

#[test]
fn a_token_another_customer_enrolled_before_the_card_step_is_refused_there() {
    // 山田 花子 proves SKTS10000001 and waits at the card; meanwhile 佐藤 一郎 (another browser,
    // another server request) proves the same token with a later code and confirms first.
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    let (hanako_flow, hanako_challenge) = to_card(&mut bank, &mut ledger, Required);
    let later = T0 + 30;
    let ichiro_flow = bank
        .authenticate(
            Procedure::Start,
            &mut ledger,
            &id2(),
            bank.directory.password_verdict(&id2(), "ichiro34"),
            later,
            &mut OsRandom,
        )
        .unwrap()
        .flow;
    let ichiro_challenge = register(
        &mut bank,
        &mut ledger,
        &ichiro_flow,
        new_token("SKTS10000001", code(later), NotRequired),
        later,
    )
    .unwrap();
    bank.confirm_card(
        &mut ledger,
        &ichiro_flow,
        answers(ICHIRO_CARD, ichiro_challenge),
        later,
    )
    .unwrap();

    assert_eq!(
        bank.confirm_card(
            &mut ledger,
            &hanako_flow,
            right_answers(hanako_challenge),
            later + 1
        ),
        Err(BankError::SerialInUse)
    );
    assert_eq!(ledger.enrolment(&id()), None, "the token is never shared");
    assert_eq!(
        ledger
            .holder_of(&serial("SKTS10000001"))
            .unwrap()
            .contract_id,
        id2()
    );
}

#[test]
fn login_greets_the_customer_by_the_name_the_bank_holds() {
    let (mut bank, mut ledger) = (bank(), Ledger::default());
    match login(&mut bank, &mut ledger, "hanako12", T0) {
        Ok(LoginStep::Done { session }) => {
            assert_eq!(session.contract_id, id());
            assert_eq!(session.name, "山田 花子");
        }
        other => panic!("a customer without a token logs in with the password: {other:?}"),
    }
}
