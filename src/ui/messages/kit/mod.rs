//! The demo kit's texts (its cards, token emulators, bank desk and the emulator pages), once per
//! language like [`Messages`](super::Messages); only the demo build has them.

pub mod en;
pub mod ja;

use super::DemoWords;
use crate::domain::input::TokenModel;
use crate::ui::prefs::Language;
use crate::ui::tour::steps::{KitShows, StepId};

/// The kit's messages of `language`.
pub fn of(language: Language) -> &'static KitMessages {
    match language {
        Language::Japanese => &ja::JA_KIT,
        Language::English => &en::EN_KIT,
    }
}

/// The kit's messages in the language chosen now.
#[inline(never)]
pub fn current() -> &'static KitMessages {
    of(crate::ui::prefs::current_language())
}

texts! {
    /// Every text of the demo kit in one language.
    pub struct KitMessages;
    texts {
        /// The header's button to the demo kit; the kit's name.
        demo_kit,
        /// After the bank name on a customer card.
        card_name_suffix,
        /// The card's confirmation row.
        card_confirmation_row,
        /// Under a demo customer's card.
        demo_password,
        /// The hardware token's button.
        hw_button,
        /// Turns the hardware token face up.
        hw_turn_front,
        /// Turns the hardware token over.
        hw_turn_back,
        /// Kit: a token no one uses.
        kit_token_free,
        /// The kit's disclosure.
        kit_summary,
        /// What the kit is.
        kit_intro,
        /// Kit section: cards.
        kit_cards,
        /// Kit section: tokens; the emulator page's token choice.
        kit_tokens,
        /// Kit section and button: issue a token.
        kit_issue,
        /// What issuing does.
        kit_issue_how,
        /// Issue a software token.
        kit_issue_software,
        /// Issue a hardware token.
        kit_issue_hardware,
        /// Dismisses the message of a kit action that failed.
        kit_failure_dismiss,
        /// An emulator page with no token of its kind to show.
        kit_no_token,
        /// Kit section: the demo data.
        kit_data,
        /// The reset confirmation's name.
        kit_reset_confirm_name,
        /// Confirms the reset.
        kit_reset_yes,
        /// Cancels the reset.
        kit_reset_no,
        /// Starts the reset.
        kit_reset,
        /// What the QR code is for.
        kit_qr_how,
        /// Skew: 30 s slower.
        skew_slower,
        /// Skew: 30 s faster.
        skew_faster,
        /// Skew: set right.
        skew_reset,
        /// The software token app's serial line.
        app_serial,
        /// From an emulator page to the app.
        back_to_demo,
        /// Asked before デモデータを初期化.
        demo_reset_confirm,
        /// After デモデータを初期化.
        demo_reset_done,
        /// Heading of the kit's bank desk.
        kit_desk,
        /// What the bank desk stands for.
        kit_desk_how,
        /// When nobody waits at the bank desk.
        kit_desk_none,
        /// Why a customer waits at the desk: the token was reported lost or broken.
        kit_desk_suspended,
        /// Why a customer waits at the desk: the token is locked by wrong codes.
        kit_desk_locked,
        /// The header's button that starts the guided tour.
        tour,
        /// The tour's button to the next step.
        tour_next,
        /// The tour's button to the step before.
        tour_back,
        /// The tour's button that ends it (Escape too).
        tour_exit,
        /// The tour's "do it for me": fills in the step's fields.
        tour_do_it,
        /// The tour, once the presenter has done the step.
        tour_done,
    }
    functions {
        /// A demo customer's card, by name.
        card_owner(name: &str) -> String,
        /// Who uses a token, in the kit.
        token_user(name: &str) -> String,
        /// The accessible name of a software token emulator.
        software_token_name(serial: &str) -> String,
        /// The accessible name of a hardware token emulator.
        hardware_token_name(serial: &str) -> String,
        /// The accessible name of a hardware token's button.
        hardware_button_name(serial: &str) -> String,
        /// The software token's countdown.
        seconds_to_refresh(seconds: u64) -> String,
        /// The link to an emulator's own page, by the token model's name.
        open_emulator_page(model: &str) -> String,
        /// After 新しいトークンを発行.
        token_issued(model: TokenModel, serial: &str) -> String,
        /// The disclosure with a token's QR code.
        qr_summary(serial: &str) -> String,
        /// The accessible name of a token's QR code.
        qr_name(serial: &str) -> String,
        /// The accessible name of a token's clock control.
        clock_name(serial: &str) -> String,
        /// An emulator page's title, by the token model's name.
        emulator_page_title(model: &str) -> String,
        /// The accessible name of a token emulator's code, e.g. "SKTS10000001 のワンタイムパスワード".
        token_code_name(serial: &str) -> String,
        /// How far a token's clock is off (in steps of 30 seconds), in words.
        skew_description(steps: i64) -> String,
        /// A customer waiting at the bank desk, and why.
        kit_desk_status(name: &str, reason: &str) -> String,
        /// The bank desk's button for a customer.
        kit_desk_button(name: &str) -> String,
        /// After the bank desk stopped a customer's token.
        kit_desk_done(name: &str) -> String,
        /// The tour panel's heading: where the presenter is, e.g. "ツアー 手順 3/18".
        tour_position(step: usize, total: usize) -> String,
        /// A tour step's words: what to do, and why the bank asks for it.
        tour_step(step: StepId) -> (&'static str, &'static str),
        /// The tour waiting on a step of another screen, by that screen's name.
        tour_elsewhere(screen: &str) -> String,
        /// What the kit shows beside a tour step ("" for nothing).
        tour_kit(shows: KitShows) -> String,
    }
    others {
        /// What the kit adds to the app's own texts.
        demo: DemoWords,
    }
}
