//! Back and Forward, decided natively: each test is named after the rule it holds.

use super::*;
use Procedure::{Exchange, Resync, Start, Stop};

const ALL: [Procedure; 4] = [Start, Exchange, Stop, Resync];

/// The entries of a page that went ログイン → 利用者認証 → token → card (positions 0–3).
fn at_the_card_step(kind: Procedure) -> Entries {
    let mut entries = Entries::start(None);
    for step in [Step::Auth(kind), Step::Token(kind), Step::Confirm(kind)] {
        entries.moved(step);
    }
    entries
}

#[test]
fn back_from_login_leaves_the_app() {
    assert_eq!(back_from(Step::Login), Back::Leave);
}

#[test]
fn back_before_any_step_is_spent_returns_to_login_without_asking() {
    assert_eq!(back_from(Step::LoginCode), Back::To(Target::Login));
    assert_eq!(back_from(Step::Top), Back::To(Target::Login));
    for kind in ALL {
        assert_eq!(back_from(Step::Auth(kind)), Back::To(Target::Login));
    }
}

#[test]
fn back_from_the_token_step_returns_to_its_authentication() {
    for kind in ALL {
        assert_eq!(back_from(Step::Token(kind)), Back::To(Target::Auth(kind)));
    }
}

#[test]
fn back_from_the_card_step_asks_first() {
    for kind in ALL {
        assert_eq!(
            back_from(Step::Confirm(kind)),
            Back::Ask(Target::Auth(kind))
        );
    }
}

#[test]
fn back_from_the_result_goes_to_login_not_into_the_finished_flow() {
    for kind in ALL {
        assert_eq!(back_from(Step::Result(kind)), Back::To(Target::Login));
    }
}

#[test]
fn back_never_leads_to_a_screen_that_needs_a_flow() {
    // Every target Back can name is ログイン or a 利用者認証, from every step.
    let steps =
        [Step::Login, Step::LoginCode, Step::Top]
            .into_iter()
            .chain(ALL.into_iter().flat_map(|k| {
                [
                    Step::Auth(k),
                    Step::Token(k),
                    Step::Confirm(k),
                    Step::Result(k),
                ]
            }));
    for step in steps {
        if let Back::To(target) | Back::Ask(target) = back_from(step) {
            assert!(
                matches!(target.step(), Step::Login | Step::Auth(_)),
                "{step:?} → {target:?}"
            );
            assert!(target.step().depth() < step.depth(), "{step:?} goes back");
        }
    }
}

#[test]
fn each_step_of_a_flow_is_one_entry_further() {
    let mut entries = Entries::start(None);
    assert_eq!(entries.moved(Step::Auth(Start)), Effect::Push(1));
    assert_eq!(entries.moved(Step::Token(Start)), Effect::Push(2));
    assert_eq!(entries.moved(Step::Confirm(Start)), Effect::Push(3));
    assert_eq!(entries.moved(Step::Result(Start)), Effect::Push(4));
    // ログイン's code step, then the top page in its place.
    let mut entries = Entries::start(None);
    assert_eq!(entries.moved(Step::LoginCode), Effect::Push(1));
    assert_eq!(entries.moved(Step::Top), Effect::Nothing);
    assert_eq!(entries.at(), 1);
}

#[test]
fn resync_s_result_is_one_entry_after_its_token_step_as_it_has_no_card_step() {
    let mut entries = Entries::start(None);
    assert_eq!(entries.moved(Step::Auth(Resync)), Effect::Push(1));
    assert_eq!(entries.moved(Step::Token(Resync)), Effect::Push(2));
    assert_eq!(entries.moved(Step::Result(Resync)), Effect::Push(3));
    // Back from its result: ログイン's entry, not one before it.
    assert_eq!(
        entries.popped(2, Step::Result(Resync)),
        Popped::Show(Target::Login, Effect::Go(-2))
    );
    assert_eq!(entries.at(), 0);
    assert_eq!(
        entries.popped(0, Step::Login),
        Popped::Stay(Effect::Nothing)
    );
}

#[test]
fn back_from_resync_s_token_step_returns_to_its_authentication_without_asking() {
    // Neither code is spent until the pair is found, and then the flow is over: nothing to ask.
    let mut entries = Entries::start(None);
    entries.moved(Step::Auth(Resync));
    entries.moved(Step::Token(Resync));
    assert_eq!(
        entries.popped(1, Step::Token(Resync)),
        Popped::Show(Target::Auth(Resync), Effect::Nothing)
    );
}

#[test]
fn a_move_to_an_earlier_step_goes_back_in_the_history() {
    // ログイン画面へ from 処理結果: back to ログイン's entry, so Back there leaves.
    let mut entries = at_the_card_step(Start);
    entries.moved(Step::Result(Start));
    assert_eq!(entries.moved(Step::Login), Effect::Go(-4));
    assert_eq!(
        entries.popped(0, Step::Login),
        Popped::Stay(Effect::Nothing)
    );
    assert_eq!(entries.at(), 0);
    // A flow restarted from the card step (a lock, an expired flow): its 利用者認証's entry.
    let mut entries = at_the_card_step(Exchange);
    assert_eq!(entries.moved(Step::Auth(Exchange)), Effect::Go(-2));
    assert_eq!(entries.at(), 1);
}

#[test]
fn the_page_s_own_move_arriving_changes_nothing() {
    let mut entries = at_the_card_step(Stop);
    assert_eq!(entries.moved(Step::Auth(Stop)), Effect::Go(-2));
    assert_eq!(
        entries.popped(1, Step::Auth(Stop)),
        Popped::Stay(Effect::Nothing)
    );
    // The next Back is the customer's again.
    assert_eq!(
        entries.popped(0, Step::Auth(Stop)),
        Popped::Show(Target::Login, Effect::Nothing)
    );
}

#[test]
fn back_from_the_token_step_shows_authentication_on_the_previous_entry() {
    let mut entries = Entries::start(None);
    entries.moved(Step::Auth(Start));
    entries.moved(Step::Token(Start));
    assert_eq!(
        entries.popped(1, Step::Token(Start)),
        Popped::Show(Target::Auth(Start), Effect::Nothing)
    );
    assert_eq!(entries.at(), 1);
    assert_eq!(
        entries.popped(0, Step::Auth(Start)),
        Popped::Show(Target::Login, Effect::Nothing)
    );
}

#[test]
fn back_from_the_card_step_asks_and_keeps_the_history_at_the_card_step() {
    let mut entries = at_the_card_step(Start);
    assert_eq!(
        entries.popped(2, Step::Confirm(Start)),
        Popped::Ask(Target::Auth(Start), Effect::Go(1))
    );
    assert_eq!(entries.at(), 3);
    // The return to the card step's entry arrives.
    assert_eq!(
        entries.popped(3, Step::Confirm(Start)),
        Popped::Stay(Effect::Nothing)
    );
    // 中止する: to 利用者認証's entry.
    assert_eq!(entries.moved(Step::Auth(Start)), Effect::Go(-2));
}

#[test]
fn forward_never_moves_the_page() {
    // Back from the token step leaves its entry ahead; Forward to it is undone, at every step.
    let mut entries = Entries::start(None);
    entries.moved(Step::Auth(Start));
    entries.moved(Step::Token(Start));
    entries.popped(1, Step::Token(Start));
    assert_eq!(
        entries.popped(2, Step::Auth(Start)),
        Popped::Stay(Effect::Go(-1))
    );
    assert_eq!(
        entries.popped(1, Step::Auth(Start)),
        Popped::Stay(Effect::Nothing)
    );
    // From the result back at ログイン, Forward over several entries at once.
    let mut entries = at_the_card_step(Start);
    entries.moved(Step::Result(Start));
    entries.moved(Step::Login);
    entries.popped(0, Step::Login);
    assert_eq!(entries.popped(3, Step::Login), Popped::Stay(Effect::Go(-3)));
    assert_eq!(entries.at(), 0);
}

#[test]
fn back_over_several_entries_stops_at_the_first_step_that_asks() {
    // A long press on Back from the card step, choosing ログイン's entry: asked first.
    let mut entries = at_the_card_step(Exchange);
    assert_eq!(
        entries.popped(0, Step::Confirm(Exchange)),
        Popped::Ask(Target::Auth(Exchange), Effect::Go(3))
    );
    // From the token step to ログイン's entry: through 利用者認証, nothing to ask.
    let mut entries = Entries::start(None);
    entries.moved(Step::Auth(Stop));
    entries.moved(Step::Token(Stop));
    assert_eq!(
        entries.popped(0, Step::Token(Stop)),
        Popped::Show(Target::Login, Effect::Nothing)
    );
}

#[test]
fn back_from_the_result_goes_to_login_s_entry() {
    let mut entries = at_the_card_step(Stop);
    entries.moved(Step::Result(Stop));
    assert_eq!(
        entries.popped(3, Step::Result(Stop)),
        Popped::Show(Target::Login, Effect::Go(-3))
    );
    assert_eq!(entries.at(), 0);
}

#[test]
fn a_reload_starts_at_login_on_its_entry_and_back_leaves_past_the_old_ones() {
    // Reloaded on the card step's entry (3): ログイン there; Back goes before entry 0.
    let mut entries = Entries::start(Some(3));
    assert_eq!(entries.at(), 3);
    assert_eq!(
        entries.popped(2, Step::Login),
        Popped::Leave(Effect::Go(-3))
    );
    // A flow after the reload counts on from there, dropping the old entries ahead.
    let mut entries = Entries::start(Some(3));
    assert_eq!(entries.moved(Step::Auth(Start)), Effect::Push(4));
    assert_eq!(
        entries.popped(3, Step::Auth(Start)),
        Popped::Show(Target::Login, Effect::Nothing)
    );
}

#[test]
fn only_a_whole_number_the_page_could_have_written_is_a_position() {
    assert_eq!(position_of(Some(0.0)), Some(0));
    assert_eq!(position_of(Some(4.0)), Some(4));
    assert_eq!(position_of(None), None);
    assert_eq!(position_of(Some(-1.0)), None);
    assert_eq!(position_of(Some(1.5)), None);
    assert_eq!(position_of(Some(f64::NAN)), None);
    assert_eq!(position_of(Some(f64::INFINITY)), None);
    assert_eq!(position_of(Some(1e12)), None);
}
