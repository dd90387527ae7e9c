//! The tour's steps as data, and its decisions: which step follows, and whether the screen shown
//! is the step's, the next one's (the presenter did the step) or another (say where it happens).
//!
//! Pure: no DOM, no signals, so its rules are tested natively (`cargo test --lib tour`).

use crate::domain::demo_data::{DemoCustomer, CUSTOMERS};
use crate::domain::flows::Procedure;
use crate::ui::screens::{auth, confirm, login, login_code, register, stop_token};

/// The customer the tour follows: 山田 花子, who has no token yet, so 利用開始 starts with her.
pub const CUSTOMER: DemoCustomer = CUSTOMERS[0];
/// The software token she registers with 利用開始 and logs in with.
pub const FIRST_TOKEN: &str = "SKTS10000001";
/// The hardware token she exchanges it for, and then stops.
pub const SECOND_TOKEN: &str = "SKHT20000001";

/// A screen as the tour knows it: the app's `Screen` without its flow handles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// ログイン.
    Login,
    /// ワンタイムパスワード認証 at login.
    LoginCode,
    /// ログインしました.
    Top,
    /// A flow's 利用者認証.
    Auth(Procedure),
    /// 利用開始's or 交換's token step.
    Register(Procedure),
    /// 利用中止's token step.
    StopToken,
    /// 時刻補正's code step (not on the tour's path: named when the presenter wanders there).
    ResyncToken,
    /// A flow's 確認用パスワード入力.
    Confirm(Procedure),
    /// A flow's 処理結果.
    Result(Procedure),
}

/// The control a step points at, found by a stable handle, never by the page's structure: a
/// field by its id, a button by its name (as a user finds it; no mark on the screens, so the
/// customer build carries nothing of the tour).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// A field, by its element id (the screen's own constant).
    Field(&'static str),
    /// A button of the screen, by its name.
    Button(Press),
}

/// The screens' buttons a step asks the presenter to press.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Press {
    /// ログイン's 利用開始.
    Start,
    /// ログイン's 交換.
    Exchange,
    /// ログイン's 利用中止.
    Stop,
    /// ログインしました's ログアウト.
    Logout,
    /// 処理結果's ログイン画面へ.
    ToLogin,
}

/// What the demo kit shows beside a step: what the customer would take in hand for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KitShows {
    /// Nothing to take in hand.
    Nothing,
    /// The tour's customer's お客様カード (契約者ID, password, 確認用パスワード row).
    Card,
    /// These tokens (serials).
    Tokens(&'static [&'static str]),
}

impl KitShows {
    /// The kit items to mark: the customer's 契約者ID for the card, else the tokens' serials.
    pub fn items(self) -> &'static [&'static str] {
        match self {
            KitShows::Nothing => &[],
            KitShows::Card => &[CUSTOMER.contract_id],
            KitShows::Tokens(serials) => serials,
        }
    }
}

/// What "do it for me" types into one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    /// This text (the customer's 契約者ID, password, a serial).
    Text(&'static str),
    /// The code this token shows now.
    CodeOf(&'static str),
    /// The card digit under the first (0) or second (1) column the bank asked for.
    CardDigit(usize),
}

/// Which step, for its words (`messages::kit`'s `tour_step`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepId {
    StartOpen,
    StartAuth,
    StartRegister,
    StartCard,
    StartDone,
    Login,
    LoginCode,
    Top,
    ExchangeOpen,
    ExchangeAuth,
    ExchangeRegister,
    ExchangeCard,
    ExchangeDone,
    StopOpen,
    StopAuth,
    StopToken,
    StopCard,
    StopDone,
}

/// One step of the tour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Its words.
    pub id: StepId,
    /// The screen it happens on.
    pub place: Place,
    /// The control it points at.
    pub control: Control,
    /// What the kit shows beside it.
    pub kit: KitShows,
    /// What "do it for me" fills in (nothing: the step is a button to press, never pressed for
    /// the presenter).
    pub fill: &'static [(&'static str, Value)],
}

const fn step(
    id: StepId,
    place: Place,
    control: Control,
    kit: KitShows,
    fill: &'static [(&'static str, Value)],
) -> Step {
    Step {
        id,
        place,
        control,
        kit,
        fill,
    }
}

const AUTH_FILL: &[(&str, Value)] = &[
    (auth::CONTRACT_ID, Value::Text(CUSTOMER.contract_id)),
    (auth::PASSWORD, Value::Text(CUSTOMER.password)),
];
const CARD_FILL: &[(&str, Value)] = &[
    (confirm::FIRST, Value::CardDigit(0)),
    (confirm::SECOND, Value::CardDigit(1)),
];
const AUTH: Control = Control::Field(auth::CONTRACT_ID);
const CARD: Control = Control::Field(confirm::FIRST);
const TO_LOGIN: Control = Control::Button(Press::ToLogin);

use KitShows::{Card, Nothing, Tokens};
use Procedure::{Exchange, Start, Stop};

/// The tour: 利用開始 → login with the code → 交換 → 利用中止, for [`CUSTOMER`].
pub const STEPS: &[Step] = &[
    step(
        StepId::StartOpen,
        Place::Login,
        Control::Button(Press::Start),
        Nothing,
        &[],
    ),
    step(StepId::StartAuth, Place::Auth(Start), AUTH, Card, AUTH_FILL),
    step(
        StepId::StartRegister,
        Place::Register(Start),
        Control::Field(register::SERIAL),
        Tokens(&[FIRST_TOKEN]),
        &[
            (register::SERIAL, Value::Text(FIRST_TOKEN)),
            (register::CODE, Value::CodeOf(FIRST_TOKEN)),
        ],
    ),
    step(
        StepId::StartCard,
        Place::Confirm(Start),
        CARD,
        Card,
        CARD_FILL,
    ),
    step(
        StepId::StartDone,
        Place::Result(Start),
        TO_LOGIN,
        Nothing,
        &[],
    ),
    step(
        StepId::Login,
        Place::Login,
        Control::Field(login::CONTRACT_ID),
        Card,
        &[
            (login::CONTRACT_ID, Value::Text(CUSTOMER.contract_id)),
            (login::PASSWORD, Value::Text(CUSTOMER.password)),
        ],
    ),
    step(
        StepId::LoginCode,
        Place::LoginCode,
        Control::Field(login_code::CODE),
        Tokens(&[FIRST_TOKEN]),
        &[(login_code::CODE, Value::CodeOf(FIRST_TOKEN))],
    ),
    step(
        StepId::Top,
        Place::Top,
        Control::Button(Press::Logout),
        Nothing,
        &[],
    ),
    step(
        StepId::ExchangeOpen,
        Place::Login,
        Control::Button(Press::Exchange),
        Nothing,
        &[],
    ),
    step(
        StepId::ExchangeAuth,
        Place::Auth(Exchange),
        AUTH,
        Card,
        AUTH_FILL,
    ),
    step(
        StepId::ExchangeRegister,
        Place::Register(Exchange),
        Control::Field(register::CURRENT_CODE),
        Tokens(&[FIRST_TOKEN, SECOND_TOKEN]),
        &[
            (register::CURRENT_CODE, Value::CodeOf(FIRST_TOKEN)),
            (register::SERIAL, Value::Text(SECOND_TOKEN)),
            (register::CODE, Value::CodeOf(SECOND_TOKEN)),
        ],
    ),
    step(
        StepId::ExchangeCard,
        Place::Confirm(Exchange),
        CARD,
        Card,
        CARD_FILL,
    ),
    step(
        StepId::ExchangeDone,
        Place::Result(Exchange),
        TO_LOGIN,
        Nothing,
        &[],
    ),
    step(
        StepId::StopOpen,
        Place::Login,
        Control::Button(Press::Stop),
        Nothing,
        &[],
    ),
    step(StepId::StopAuth, Place::Auth(Stop), AUTH, Card, AUTH_FILL),
    step(
        StepId::StopToken,
        Place::StopToken,
        Control::Field(stop_token::CODE),
        Tokens(&[SECOND_TOKEN]),
        &[(stop_token::CODE, Value::CodeOf(SECOND_TOKEN))],
    ),
    step(
        StepId::StopCard,
        Place::Confirm(Stop),
        CARD,
        Card,
        CARD_FILL,
    ),
    step(
        StepId::StopDone,
        Place::Result(Stop),
        Control::Button(Press::ToLogin),
        Nothing,
        &[],
    ),
];

/// Where the presenter stands against a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// On the step's screen: its control is pointed at.
    Here,
    /// On the next step's screen: the step was done, Next goes on.
    Done,
    /// Somewhere else (wandered off, or Next pressed before doing the step): the tour waits and
    /// says on which screen the step happens, rather than follow the screen and lose its place.
    Elsewhere(Place),
}

/// Where the presenter, on `shown`, stands against step `index`.
pub fn standing(index: usize, shown: Place) -> Standing {
    let Some(step) = STEPS.get(index) else {
        return Standing::Elsewhere(shown);
    };
    if step.place == shown {
        Standing::Here
    } else if next(index).is_some_and(|n| STEPS[n].place == shown) {
        Standing::Done
    } else {
        Standing::Elsewhere(step.place)
    }
}

/// The step after `index`, if any (Next; none on the last step, which only ends the tour).
pub fn next(index: usize) -> Option<usize> {
    (index + 1 < STEPS.len()).then_some(index + 1)
}

/// The step before `index`, if any (Back).
pub fn back(index: usize) -> Option<usize> {
    index.checked_sub(1)
}

/// The card digit "do it for me" types for `which` (0, 1) of the columns asked, `columns`.
pub fn card_digit(columns: (usize, usize), which: usize) -> Option<u8> {
    let column = if which == 0 { columns.0 } else { columns.1 };
    CUSTOMER.card.get(column).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tour_walks_start_then_login_with_the_code_then_exchange_then_stop() {
        let at = |place| STEPS.iter().position(|s| s.place == place).unwrap();
        let order = [
            at(Place::Auth(Start)),
            at(Place::Result(Start)),
            at(Place::LoginCode),
            at(Place::Auth(Exchange)),
            at(Place::Result(Exchange)),
            at(Place::Auth(Stop)),
            at(Place::Result(Stop)),
        ];
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
        assert_eq!(STEPS.last().unwrap().place, Place::Result(Stop));
    }

    #[test]
    fn no_two_steps_in_a_row_share_a_screen() {
        // Otherwise a step done could not be told from a step not begun.
        for pair in STEPS.windows(2) {
            assert_ne!(pair[0].place, pair[1].place, "{:?}", pair[1].id);
        }
    }

    #[test]
    fn a_step_is_here_on_its_screen_done_on_the_next_and_elsewhere_otherwise() {
        let auth = STEPS
            .iter()
            .position(|s| s.place == Place::Auth(Start))
            .unwrap();
        assert_eq!(standing(auth, Place::Auth(Start)), Standing::Here);
        assert_eq!(standing(auth, Place::Register(Start)), Standing::Done);
        // Wandered to 交換, or back to ログイン: the tour waits on 利用開始's 利用者認証.
        assert_eq!(
            standing(auth, Place::Auth(Exchange)),
            Standing::Elsewhere(Place::Auth(Start))
        );
        assert_eq!(
            standing(auth, Place::Login),
            Standing::Elsewhere(Place::Auth(Start))
        );
        // The last step has no next: its screen is the only one it accepts.
        let last = STEPS.len() - 1;
        assert_eq!(standing(last, Place::Result(Stop)), Standing::Here);
        assert_eq!(
            standing(last, Place::Login),
            Standing::Elsewhere(Place::Result(Stop))
        );
    }

    #[test]
    fn next_and_back_stop_at_the_ends() {
        assert_eq!(next(0), Some(1));
        assert_eq!(back(0), None);
        assert_eq!(back(1), Some(0));
        assert_eq!(next(STEPS.len() - 1), None);
        assert_eq!(back(STEPS.len() - 1), Some(STEPS.len() - 2));
    }

    #[test]
    fn what_a_step_asks_for_is_shown_in_the_kit() {
        for step in STEPS {
            for (_, value) in step.fill {
                let shown = match value {
                    Value::CodeOf(serial) => step.kit.items().contains(serial),
                    // The 契約者ID, the password and the card's row are all on the card.
                    Value::Text(text) if text.starts_with("SK") => true,
                    Value::Text(_) | Value::CardDigit(_) => step.kit == Card,
                };
                assert!(shown, "{:?} asks for {value:?}", step.id);
            }
        }
    }

    #[test]
    fn a_step_with_fields_fills_the_one_it_points_at_and_a_button_step_fills_nothing() {
        for step in STEPS {
            match step.control {
                Control::Field(id) => assert!(
                    step.fill.iter().any(|(field, _)| *field == id),
                    "{:?}",
                    step.id
                ),
                Control::Button(_) => assert!(step.fill.is_empty(), "{:?}", step.id),
            }
        }
    }

    #[test]
    fn codes_come_from_the_token_in_use_and_new_serials_are_of_tokens_not_in_use() {
        // The tour's story, replayed: the token registered by 利用開始 is the one login and 交換's
        // current code read; the one 交換 registers is the one 利用中止 reads.
        let mut in_use: Option<&str> = None;
        for step in STEPS {
            let serial = step.fill.iter().find_map(|(field, value)| match value {
                Value::Text(s) if *field == register::SERIAL => Some(*s),
                _ => None,
            });
            for (field, value) in step.fill {
                if let Value::CodeOf(code_of) = value {
                    let expected = if *field == register::CODE {
                        serial
                    } else {
                        in_use
                    };
                    assert_eq!(Some(*code_of), expected, "{:?}", step.id);
                }
            }
            if let Some(serial) = serial {
                assert_ne!(Some(serial), in_use, "{:?}", step.id);
                in_use = Some(serial);
            }
        }
    }

    #[test]
    fn the_card_digits_are_the_customers_under_the_columns_asked() {
        assert_eq!(card_digit((2, 5), 0), Some(CUSTOMER.card[2]));
        assert_eq!(card_digit((2, 5), 1), Some(CUSTOMER.card[5]));
        assert_eq!(card_digit((8, 0), 0), None);
    }
}
