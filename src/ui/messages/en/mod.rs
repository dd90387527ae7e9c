//! English: written for the bank's customers who do not read Japanese, not word for word; the
//! Japanese names they will meet at the bank (お客様カード, 契約者ID, 利用開始 …) are kept beside the
//! English where a customer needs to recognise them on a card, a token or a branch's form.

mod errors;
mod help;

use super::Messages;
use crate::domain::date::JstDateTime;
use crate::domain::flows::Procedure;
use crate::domain::history::{Activity, Lock};
use crate::domain::input::TokenModel;
use crate::ui::prefs::Language;
use crate::ui::time_limit::Ending;

/// The software token app's name, as the app stores list it.
const APP: &str = "しんきん（個人）ワンタイムパスワード (Shinkin Personal One-Time Password)";

/// Every text in English.
pub static EN: Messages = Messages {
    language: Language::English,
    bank_name: "Kyodo Shinkin Bank",
    service_name: "Personal Internet Banking",
    label_contract_id: "Contract ID (契約者ID)",
    label_login_password: "Login password",
    label_password: "Password",
    label_serial: "Serial number (letters and digits)",
    label_otp: "One-time password (digits)",
    label_login_otp_choice: "Ask for a one-time password at login?",
    help_this_screen: "Help for this screen",
    button_next: "Next",
    button_back: "Back",
    button_execute: "Confirm",
    button_login: "Log in",
    button_to_login: "Back to login",
    button_logout: "Log out",
    badge_required: "Required",
    hint_contract_id: "The 11-digit number on your customer card (お客様カード)",
    hint_login_password: "The login password you use now (6–12 letters and digits)",
    hint_serial: "4 letters and 8 digits (e.g. SKTS12345678)",
    hint_otp: "The 6 digits your token shows",
    hint_current_otp: "The 6 digits shown by the token you use now",
    hint_login_otp_choice: "With “Ask”, every login needs a one-time password as well as your password (recommended).",
    prepare_title: "Getting a token",
    prepare_any_token: "a software token or a hardware token",
    new_token: "New token",
    auth_form_title: "Your contract ID and login password",
    prepare_software: "Download the software token app to your smartphone.",
    prepare_hardware: "Please see our website, then contact us for a hardware token.",
    software_token_case: "Software token (smartphone app)",
    hardware_token_case: "Hardware token (key fob)",
    no_token_yet: "Don't have a token yet?",
    register_title: "Register your token",
    exchange_register_title: "Register the new token",
    start_notice_title: "[A one-time password is needed for transfers and other transactions in Internet Banking.]",
    start_notice_request: "Please have a token ready and register it for one-time passwords on this page.",
    current_token: "Token you use now: ",
    exchange_instructions: "Enter a one-time password from the token you use now, then the serial number and a one-time password of the new token. Once the exchange is done, your current token stops working.",
    label_current_otp: "One-time password of your current token (digits)",
    label_new_otp: "One-time password of the new token (digits)",
    hint_new_otp: "The 6 digits the new token shows",
    where_hw_serial: "The serial number is on the back",
    where_hw_code: "Press the button to show the one-time password",
    where_sw_serial: "The serial number is at the bottom of the screen",
    where_sw_code: "The one-time password is in the middle of the screen",
    login_otp_on: "Ask",
    login_otp_off: "Don't ask",
    stop_token_title: "Confirm with a one-time password",
    stop_which_token: "Token to stop: ",
    stop_effect: "Once stopped, this token's one-time passwords no longer work, and login no longer asks for one.",
    lost_token_title: "If your token is lost or broken",
    lost_token_how: "If you cannot show a one-time password, you can report the token lost or broken with the confirmation password (確認用パスワード) on your customer card. The token stops working at once, and you cannot log in until we have confirmed your identity.",
    lost_token_button: "Report it lost or broken",
    confirm_title: "Confirmation password (確認用パスワード)",
    confirm_instructions: "Enter the digits on your customer card (お客様カード) under the columns marked (1) and (2).",
    result_title: "Result",
    result_started: "Your token is registered for one-time passwords.",
    result_exchanged: "Your token has been exchanged.",
    result_stopped: "You have stopped using one-time passwords.",
    row_serial: "Serial number",
    row_model: "Type of token",
    row_login_otp: "One-time password at login",
    row_started_at: "Registered",
    row_old_token: "Previous token",
    row_exchanged_at: "Exchanged",
    row_stopped_token: "Stopped token",
    row_stopped_at: "Stopped",
    result_old_token_dead: "Your previous token no longer works from today. From now on, enter the one-time passwords of the new token.",
    next_login_with_otp: "From your next login, you will enter a one-time password after your password. Please keep your token at hand.",
    next_login_without_otp: "Login does not ask for a one-time password. You will enter one for transfers and other transactions.",
    result_suspended: "We have received your report that the token is lost or broken, and suspended the token.",
    result_suspended_next: "For your security, you cannot log in until we have confirmed your identity. Please contact us. After that, you can register a new token with Start (利用開始).",
    row_suspended_token: "Suspended token",
    result_stopped_next: "Login no longer asks for a one-time password. To use one again, register a token with Start (利用開始).",
    otp_panel_title: "One-time password",
    button_start: "Start (利用開始)",
    button_exchange: "Exchange (交換)",
    button_stop: "Stop (利用中止)",
    link_otp_guide: "About one-time passwords",
    link_login_trouble: "Trouble logging in?",
    link_environment: "Supported browsers",
    login_code_title: "One-time password at login",
    login_code_instructions: "Enter the one-time password your token shows.",
    hint_six_digits: "6 digits",
    top_title: "You are logged in",
    top_no_token: "Not registered (register one with Start (利用開始) on the login screen)",
    card_grid_caption: "Customer card (お客様カード): confirmation password (確認用パスワード)",
    error_prefix: "Error: ",
    help_index: "Help topics",
    help_index_close: "Close help topics",
    text_size: "Text size",
    text_size_standard: "Standard",
    text_size_large: "Large",
    keyboard_open: "Software keyboard",
    keyboard_name: "Software keyboard",
    key_shift: "Shift",
    key_backspace: "Delete one",
    key_clear: "Clear all",
    key_close: "Close",
    steps_name: "Steps of this procedure",
    summary_title: "Please check what you entered",
    storage_reset: "The demo data saved in this browser could not be read, so it has been reset. Please start again from the beginning.",
    lost_token_report: "If your token is lost or broken, please also contact us, as well as completing this procedure.",
    software_app_name: APP,
    issued_tokens_dropped: "Some demo tokens saved in this browser could not be read, so they have been removed.",
    storage_unwritable: "This browser cannot save the demo's data, so changes from now on will be lost when the page is reloaded.",
    page_title: "One-time password | Kyodo Shinkin Bank Personal Internet Banking",
    language_switch: "Language",
    lock_lifted_by_bank: "To have it lifted, please contact us.",
    leave_title: "Stop this procedure?",
    leave_text: "If you go back to the previous screen, this procedure will be stopped and you will need to start again from identification. To carry on with it, press “Continue” and enter your confirmation password (確認用パスワード).",
    leave_yes: "Stop procedure",
    leave_no: "Continue",
    back_to_auth: "You went back to the previous screen. To carry on with the procedure, please enter your login password again.",
    flow_left: "The procedure was stopped. To start it again, please enter your login password.",
    time_limit_title: "Your time is almost up",
    time_limit_extend: "Extend (延長する)",
    time_limit_end: "End (終了する)",
    time_limit_extend_failed: "The time could not be extended. ",
    session_timed_out: "You were logged out because nothing was done for 10 minutes. Please log in again.",
    history_title: "Your recent activity (ご利用履歴)",
    history_empty: "Nothing to show yet.",
    history_unavailable: "Your recent activity cannot be shown just now. Please log in again later to see it.",
    button_resync: "Correct token clock (時刻補正)",
    resync_lead: "If correct one-time passwords are refused (your token's clock is off)",
    link_resync: "Correct your token's clock (時刻補正) here",
    resync_form_title: "Correct your token's clock",
    resync_which_token: "Token whose clock is corrected: ",
    resync_instructions: "Enter the number your token shows as the first one-time password; when it changes, enter the new number as the second. For a hardware token, press its button and enter the number shown, then press the button again once the display has gone blank.",
    label_resync_first: "First one-time password (digits)",
    label_resync_second: "Second one-time password (digits)",
    hint_resync_first: "The 6 digits your token shows",
    hint_resync_second: "The 6 digits your token shows next, after the first",
    result_resynced: "Your token's clock has been corrected.",
    row_resynced_token: "Token corrected",
    row_resync_offset: "Correction",
    row_resynced_at: "Corrected",
    result_resynced_next: "From now on you can log in and make transactions with the numbers your token shows. The two numbers you entered are used up: please use the next one your token shows.",
    time_limit_text: |ending, left| {
        let what = match ending {
            Ending::Procedure => "the procedure will be stopped",
            Ending::Session => "you will be logged out",
        };
        let when = if left >= 60 {
            let minutes = left.div_ceil(60);
            format!("about {minutes} minute{}", if minutes == 1 { "" } else { "s" })
        } else {
            format!("{left} seconds")
        };
        format!("If nothing is done, {what} in {when}. To carry on, press “Extend”.")
    },
    step_label: |n, of| format!("Step {n} of {of}: "),
    prepare_token: |what| format!("Please have {what} at hand. For the kinds of token you can use, see our website or contact us."),
    go_to_flow: |kind| format!("Go to {}", flow_title(kind)),
    app_name_line: || format!("App: {APP}"),
    app_download: |platform, store| format!("{platform}: download {APP} from the {store}."),
    start_notice_change: || "For security, the PIN and transfer passwords you use now (暗証用/資金移動用パスワード) end on 31 March 2027; from then on, transactions are confirmed with a one-time password.".to_owned(),
    top_status: |model, masked_serial, login_otp| {
        format!(
            "In use ({}, serial number {masked_serial}); at login: {}",
            token_model(model),
            EN.login_otp_choice(login_otp)
        )
    },
    // English puts no title before a Japanese name; the name as the bank holds it.
    honorific: |name| name.to_owned(),
    flow_title,
    flow_steps,
    flow_intro,
    token_model,
    card_digit_label: |n, column| format!("({n}) column {column}"),
    date_time,
    field_error: errors::field_error,
    refusal: errors::refusal,
    call_failed: errors::call_failed,
    help_title: help::help_title,
    help_paragraphs: help::help,
    activity,
    history_serial: |masked| format!(" (serial {masked})"),
    resync_offset,
};

/// A flow's title.
fn flow_title(kind: Procedure) -> &'static str {
    match kind {
        Procedure::Start => "Start one-time passwords (利用開始)",
        Procedure::Exchange => "Exchange your token (交換)",
        Procedure::Stop => "Stop one-time passwords (利用中止)",
        Procedure::Resync => "Correct your token's clock (時刻補正)",
    }
}

/// A flow's steps, in order (the step indicator).
fn flow_steps(kind: Procedure) -> &'static [&'static str] {
    match kind {
        Procedure::Exchange => &["Identification", "New token", "Confirmation", "Result"],
        Procedure::Stop => &[
            "Identification",
            "One-time password",
            "Confirmation",
            "Result",
        ],
        Procedure::Start => &["Identification", "Register token", "Confirmation", "Result"],
        Procedure::Resync => &["Identification", "Clock correction", "Result"],
    }
}

/// What 利用者認証 says the flow will do.
fn flow_intro(kind: Procedure) -> &'static str {
    match kind {
        Procedure::Exchange => "You are replacing your token with a new one. Once the exchange is done, your current token no longer works.",
        Procedure::Stop => "You are stopping one-time passwords. Once stopped, login no longer asks for a one-time password.",
        Procedure::Start => "You are registering a token to start using one-time passwords.",
        Procedure::Resync => "You are correcting the clock of your token. Please have ready two one-time passwords that your token shows one after the other.",
    }
}

/// A token model's name.
fn token_model(model: TokenModel) -> &'static str {
    match model {
        TokenModel::Software => "software token",
        TokenModel::Hardware => "hardware token",
    }
}

/// A date and time in Japan, e.g. "24 Nov 2026, 18:05 JST".
fn date_time(at: JstDateTime) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS
        .get(usize::from(at.month).wrapping_sub(1))
        .copied()
        .unwrap_or("?");
    format!(
        "{} {month} {}, {:02}:{:02} JST",
        at.day, at.year, at.hour, at.minute
    )
}

/// How far 時刻補正 found the token's clock off, e.g. "Your token's clock was about 5 minutes fast.".
fn resync_offset(steps: i64) -> String {
    let how = if steps > 0 { "fast" } else { "slow" };
    let minutes = |m: u64| {
        if m == 1 {
            "1 minute".to_owned()
        } else {
            format!("{m} minutes")
        }
    };
    match super::offset_span(steps) {
        (0, 0) => "Your token's clock was not off.".into(),
        (0, seconds) => format!("Your token's clock was about {seconds} seconds {how}."),
        (m, 0) => format!("Your token's clock was about {} {how}.", minutes(m)),
        (m, seconds) => format!(
            "Your token's clock was about {} {seconds} seconds {how}.",
            minutes(m)
        ),
    }
}

/// What one line of ご利用履歴 says happened.
fn activity(activity: Activity) -> String {
    let lock = |lock: Lock| match lock {
        Lock::Password => "your login password",
        Lock::Card => "your card digits (確認用パスワード)",
        Lock::NewToken => "registering a new token",
        Lock::Token => "your token",
    };
    match activity {
        Activity::Started => "Token registered (利用開始)".into(),
        Activity::Exchanged => "Token replaced (交換)".into(),
        Activity::Stopped => "Token stopped (利用中止)".into(),
        Activity::LossReported => "Lost or broken token reported".into(),
        Activity::LoginRefused => "Wrong login password".into(),
        Activity::CodeRefused => "Wrong one-time password".into(),
        Activity::CodeReused => "One-time password already used".into(),
        Activity::CodeDrift => "One-time password refused: the token's clock may be off".into(),
        Activity::CardRefused => "Wrong card digits (確認用パスワード)".into(),
        Activity::Locked(l) => format!("Locked: {}", lock(l)),
        Activity::Unlocked(l) => format!("Unlocked by the bank: {}", lock(l)),
        Activity::BankStopped => "Token stopped by the bank".into(),
        Activity::DetailsUpdated => "Your details changed by the bank".into(),
        Activity::Resynced => "Token clock corrected (時刻補正)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_time_is_written_day_month_year_with_a_two_digit_clock_in_jst() {
        let at = |month, hour| JstDateTime {
            year: 2027,
            month,
            day: 1,
            hour,
            minute: 5,
        };
        assert_eq!(date_time(at(1, 0)), "1 Jan 2027, 00:05 JST");
        assert_eq!(date_time(at(12, 23)), "1 Dec 2027, 23:05 JST");
    }

    #[test]
    fn resync_offset_says_how_far_and_which_way_the_clock_was_off() {
        assert_eq!(
            resync_offset(10),
            "Your token's clock was about 5 minutes fast."
        );
        assert_eq!(
            resync_offset(-1),
            "Your token's clock was about 30 seconds slow."
        );
        assert_eq!(
            resync_offset(3),
            "Your token's clock was about 1 minute 30 seconds fast."
        );
        assert_eq!(resync_offset(0), "Your token's clock was not off.");
    }
}
