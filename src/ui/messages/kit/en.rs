//! The demo kit's texts in English.

use super::KitMessages;
use crate::domain::totp::STEP_SECONDS;
use crate::ui::messages::{en::EN, DemoWords};
use crate::ui::prefs::Language;
use crate::ui::tour::steps::{KitShows, StepId, CUSTOMER};

/// Every text of the kit in English.
pub static EN_KIT: KitMessages = KitMessages {
    language: Language::English,
    demo_kit: "Demo kit",
    card_name_suffix: " Customer card (お客様カード)",
    card_confirmation_row: "Confirmation password (確認用パスワード)",
    demo_password: "Login password (demo only): ",
    hw_button: "Press",
    hw_turn_front: "Turn face up",
    hw_turn_back: "Turn over",
    kit_token_free: "Not registered",
    kit_summary: "Demo kit (customer cards and tokens)",
    kit_intro: "The customer cards and tokens used in this demo. For real banking, use the card and token you were given.",
    kit_cards: "Customer cards (お客様カード)",
    kit_tokens: "Tokens",
    kit_issue: "Issue a new token",
    kit_issue_how: "Makes a new token from a secure random number (160 bits) and registers it with the demo's token vendor.",
    kit_issue_software: "Issue a software token",
    kit_issue_hardware: "Issue a hardware token",
    kit_failure_dismiss: "Close this message",
    kit_no_token: "There is no token to show. Issue one with “Issue a new token”.",
    kit_data: "Demo data",
    kit_reset_confirm_name: "Confirm resetting the demo data",
    kit_reset_yes: "Reset",
    kit_reset_no: "Cancel",
    kit_reset: "Reset the demo data",
    kit_qr_how: "Scan the QR code with an authenticator app on your smartphone (such as Google Authenticator) and it shows the same one-time passwords as this token.",
    skew_slower: "30 s slower",
    skew_faster: "30 s faster",
    skew_reset: "Set it right",
    app_serial: "Serial number ",
    back_to_demo: "Back to the demo",
    demo_reset_confirm: "This removes the tokens registered and issued and every lock, and goes back to the start. Continue?",
    demo_reset_done: "The demo data has been reset.",
    kit_desk: "Identity check at the bank (当金庫での本人確認)",
    kit_desk_how: "A token suspended after a loss report, or locked, cannot be restored in Internet Banking. The bank stops the token after confirming the customer's identity by telephone or at a branch (in the demo, you play the bank's part here). After that, the customer logs in without a one-time password and can register a new token with Start (利用開始).",
    kit_desk_none: "No customer is waiting for an identity check at the bank just now.",
    kit_desk_suspended: "suspended after a loss report",
    kit_desk_locked: "locked after wrong one-time passwords",
    tour: "Tour",
    tour_next: "Next step",
    tour_back: "Previous step",
    tour_exit: "End the tour",
    tour_do_it: "Fill in for me",
    tour_done: "Done. Go on with “Next step”.",
    tour_position: |step, total| format!("Tour: step {step} of {total}"),
    tour_step: |step| match step {
        StepId::StartOpen => ("Press “Start (利用開始)”.", "山田 花子 has no token yet."),
        StepId::StartAuth => ("Enter the contract ID on the customer card and the login password, then “Next”.", "The bank checks who you are before a token is tied to your contract."),
        StepId::StartRegister => ("Enter the token's serial number and the code it shows, then “Next”.", "A right code shows the token is in your hands."),
        StepId::StartCard | StepId::ExchangeCard | StepId::StopCard => ("Enter the card's digits under the two columns asked for, then “Confirm”.", "Your card shows that you, not someone else, asked for this."),
        StepId::StartDone => ("Registered. Press “Back to login”.", "From now on, login asks for a one-time password."),
        StepId::Login => ("Log in with the contract ID and password.", "The password alone no longer logs in."),
        StepId::LoginCode => ("Enter the code the token shows, then “Log in”.", "A stolen password is useless without the token."),
        StepId::Top => ("Logged in. Press “Log out”.", "Exchange and Stop start from the login screen."),
        StepId::ExchangeOpen => ("Press “Exchange (交換)”.", "For a new phone, a flat battery: a new token replaces the old."),
        StepId::ExchangeAuth | StepId::StopAuth => ("Enter the contract ID and login password, then “Next”.", "Every procedure first checks who you are."),
        StepId::ExchangeRegister => ("Enter the current token's code, then the new hardware token's serial (on its back) and the code its button shows.", "Both tokens must be in your hands."),
        StepId::ExchangeDone => ("Exchanged. Press “Back to login”.", "The old token no longer works."),
        StepId::StopOpen => ("Press “Stop (利用中止)”.", "For when you no longer use a token."),
        StepId::StopToken => ("Enter the code of the token to stop, then “Next”.", "So nobody else can stop it. A lost token is reported below instead."),
        StepId::StopDone => ("Stopped. That is the whole tour.", "Next time, log in without a code and start again with Start."),
    },
    tour_elsewhere: |screen| format!("This step happens on “{screen}”."),
    tour_kit: |shows| match shows {
        KitShows::Nothing => String::new(),
        KitShows::Card => format!("The demo kit shows {}'s customer card.", CUSTOMER.name),
        KitShows::Tokens(serials) => format!("The demo kit shows token {}.", serials.join(", ")),
    },
    card_owner: |name| format!("Customer card of {name}"),
    token_user: |name| format!("Used by {name}"),
    software_token_name: |serial| format!("Software token {serial}"),
    hardware_token_name: |serial| format!("Hardware token {serial}"),
    hardware_button_name: |serial| format!("Press the button of {serial}"),
    seconds_to_refresh: |seconds| match seconds {
        1 => "New code in 1 second".to_owned(),
        s => format!("New code in {s} seconds"),
    },
    open_emulator_page: |model| format!("Open the {model} on a screen of its own"),
    token_issued: |model, serial| {
        format!(
            "A new {} {serial} has been issued and added at the end of the list.",
            EN.token_model(model)
        )
    },
    qr_summary: |serial| format!("Use {serial} in an authenticator app (QR code)"),
    qr_name: |serial| format!("QR code of {serial}"),
    clock_name: |serial| format!("Clock of {serial}"),
    emulator_page_title: |model| format!("The {model} (demo)"),
    token_code_name: |serial| format!("One-time password of {serial}"),
    skew_description: |steps| {
        let seconds = steps.unsigned_abs() * STEP_SECONDS;
        match steps {
            0 => "Clock: on time".to_owned(),
            s if s > 0 => format!("Clock: {seconds} s fast"),
            _ => format!("Clock: {seconds} s slow"),
        }
    },
    kit_desk_status: |name, reason| format!("{name}: {reason}"),
    kit_desk_button: |name| format!("Confirm {name}'s identity and stop the token"),
    kit_desk_done: |name| {
        format!("{name}'s token has been stopped. They can log in without a one-time password.")
    },
    demo: DemoWords {
        lock_reset: " (In the demo, “Reset the demo data” lifts it.)",
        lock_desk: " (In the demo, the kit's “Identity check at the bank” lifts it.)",
        lock_lifted: "To have it lifted, please contact us. (In the demo, the kit's “Identity check at the bank” or “Reset the demo data” lifts it.)",
        title: " (demo)",
    },
};
