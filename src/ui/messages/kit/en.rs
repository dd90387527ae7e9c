//! The demo kit's texts in English.

use super::KitMessages;
use crate::domain::totp::STEP_SECONDS;
use crate::ui::messages::{en::EN, DemoWords};
use crate::ui::prefs::Language;

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
