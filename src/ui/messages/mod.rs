//! Every text the screens show, once per language, so wording is reviewed together and the views
//! stay free of copy. Japanese follows the bank's guide (docs/design.md#screens); English is written
//! for the same customers, with the Japanese terms they meet at the bank kept beside it.
//!
//! - [`Messages`]: one struct of every text — `&'static str` fields for fixed texts, functions for
//!   texts with parts (a name, a count, a field's error). Each language is one `static` of it
//!   ([`ja::JA`], [`en::EN`]); a text missing from a language does not compile.
//! - [`kit`] (demo build): the demo kit's and emulator pages' texts, the same way; the customer
//!   build carries none of them.
//! - [`Field`], [`HelpTopic`]: what a field error or a help text is about.
//! - `start-failure.html` (not Rust): what the page says when the app cannot start or is slow to —
//!   shown by the page's loader (`scripts/post-build.mjs` puts it into every page), since the app
//!   is not there to say it; both languages, the page's `lang` choosing.
//!
//! Views read the language chosen now: `messages::current().label_password`. A view is built
//! again when the language changes (`ui::App`), so it never needs to track it.

#[macro_use]
mod macros;
pub mod en;
pub mod ja;
#[cfg(feature = "demo")]
pub mod kit;
#[cfg(test)]
mod tests;
mod topics;

pub use topics::{Field, HelpTopic};

use crate::bank::{BankNotice, Unavailable};
use crate::domain::date::JstDateTime;
use crate::domain::errors::BankError;
use crate::domain::flows::Procedure;
use crate::domain::history::Activity;
use crate::domain::input::{FieldError, Serial, TokenModel};
use crate::domain::ledger::LoginOtp;
use crate::ui::prefs::Language;
use crate::ui::time_limit::Ending;

/// The messages of `language`.
pub fn of(language: Language) -> &'static Messages {
    match language {
        Language::Japanese => &ja::JA,
        Language::English => &en::EN,
    }
}

/// The messages of the language chosen now (untracked: see the module's note).
#[inline(never)]
pub fn current() -> &'static Messages {
    of(crate::ui::prefs::current_language())
}

/// A token as the screens name it: its kind and its serial masked but for the last four
/// characters, as 処理結果 and the token steps show it.
pub fn token_named(serial: &Serial) -> String {
    format!(
        "{} {}",
        current().token_model(serial.model()),
        serial.masked()
    )
}

texts! {
    /// Every text of the app in one language (see the module's note).
    pub struct Messages;
    texts {
        /// Bank name in the header.
        bank_name,
        /// Service name under it.
        service_name,
        /// Label of the 契約者ID field.
        label_contract_id,
        /// Label of the password field in 利用者認証.
        label_login_password,
        /// Label of the password field on the login screen.
        label_password,
        /// Label of the serial field.
        label_serial,
        /// Label of every one-time password field.
        label_otp,
        /// Legend of the login-OTP choice.
        label_login_otp_choice,
        /// The help link on every screen.
        help_this_screen,
        /// Next-step button.
        button_next,
        /// Back button.
        button_back,
        /// The confirmation screen's submit button.
        button_execute,
        /// Login button (and the login screen's title).
        button_login,
        /// From 処理結果 back to login.
        button_to_login,
        /// Logout button.
        button_logout,
        /// The required badge.
        badge_required,
        /// Hint under 契約者ID in 利用者認証.
        hint_contract_id,
        /// Hint under the password in 利用者認証.
        hint_login_password,
        /// Hint under the serial.
        hint_serial,
        /// Hint under a new token's code.
        hint_otp,
        /// Hint under the code in 利用中止.
        hint_current_otp,
        /// Hint of the login-OTP choice.
        hint_login_otp_choice,
        /// 利用者認証: heading of the token guidance.
        prepare_title,
        /// What 利用開始 asks the customer to have ready.
        prepare_any_token,
        /// What 交換 asks the customer to have ready; a result row.
        new_token,
        /// 利用者認証: heading of the form.
        auth_form_title,
        /// How to get a software token.
        prepare_software,
        /// How to get a hardware token.
        prepare_hardware,
        /// Heading: for a software token.
        software_token_case,
        /// Heading: for a hardware token.
        hardware_token_case,
        /// The expandable guidance on the registration screen.
        no_token_yet,
        /// 利用開始 step 2 heading.
        register_title,
        /// 交換 step 2 heading.
        exchange_register_title,
        /// The notice box's title.
        start_notice_title,
        /// The notice box's request.
        start_notice_request,
        /// 交換: the token being replaced.
        current_token,
        /// 交換: what to enter.
        exchange_instructions,
        /// 交換: the field for a code from the token in use.
        label_current_otp,
        /// 交換: the new token's code.
        label_new_otp,
        /// 交換: hint for the new token's code.
        hint_new_otp,
        /// Where the serial is on a hardware token.
        where_hw_serial,
        /// Where the code is on a hardware token.
        where_hw_code,
        /// Where the serial is in the software token.
        where_sw_serial,
        /// Where the code is in the software token.
        where_sw_code,
        /// The login-OTP choice: ask.
        login_otp_on,
        /// The login-OTP choice: do not ask.
        login_otp_off,
        /// 利用中止 step 2 heading.
        stop_token_title,
        /// 利用中止: the token being stopped.
        stop_which_token,
        /// 利用中止: what stopping does.
        stop_effect,
        /// 利用中止: the lost-or-broken path.
        lost_token_title,
        /// The lost-token path: what it asks.
        lost_token_how,
        /// The lost-token path's button.
        lost_token_button,
        /// Step 3 heading.
        confirm_title,
        /// Step 3: what to enter.
        confirm_instructions,
        /// Step 4 heading.
        result_title,
        /// 利用開始 done.
        result_started,
        /// 交換 done.
        result_exchanged,
        /// 利用中止 done.
        result_stopped,
        /// Result row: serial.
        row_serial,
        /// Result row: token kind.
        row_model,
        /// Result row: login choice.
        row_login_otp,
        /// Result row: when registered.
        row_started_at,
        /// Result row: the replaced token.
        row_old_token,
        /// Result row: when exchanged.
        row_exchanged_at,
        /// Result row: the stopped token.
        row_stopped_token,
        /// Result row: when stopped.
        row_stopped_at,
        /// 交換: the old token no longer works.
        result_old_token_dead,
        /// What login asks from now on: a code.
        next_login_with_otp,
        /// What login asks from now on: no code.
        next_login_without_otp,
        /// 利用中止: what next.
        result_suspended,
        /// 処理結果 after a loss report: what happens next.
        result_suspended_next,
        /// 処理結果 after a loss report: the row naming the token.
        row_suspended_token,
        /// 処理結果 after 利用中止: what happens next.
        result_stopped_next,
        /// The login screen's OTP panel; the top page's status row.
        otp_panel_title,
        /// OTP panel button.
        button_start,
        /// OTP panel button.
        button_exchange,
        /// OTP panel button.
        button_stop,
        /// Login screen link.
        link_otp_guide,
        /// Login screen link.
        link_login_trouble,
        /// Login screen link.
        link_environment,
        /// Title of login's code step.
        login_code_title,
        /// Login's code step: what to enter.
        login_code_instructions,
        /// Hint under login's code.
        hint_six_digits,
        /// Title of the page after login.
        top_title,
        /// Top page: no token yet.
        top_no_token,
        /// Caption of the card drawing.
        card_grid_caption,
        /// Read before an inline error.
        error_prefix,
        /// The header's help index button and the index's heading.
        help_index,
        /// Closes the help index.
        help_index_close,
        /// The text-size switch.
        text_size,
        /// Text size: standard.
        text_size_standard,
        /// Text size: large.
        text_size_large,
        /// Opens the software keyboard.
        keyboard_open,
        /// The software keyboard's name.
        keyboard_name,
        /// Keyboard: shift.
        key_shift,
        /// Keyboard: delete one character.
        key_backspace,
        /// Keyboard: clear.
        key_clear,
        /// Keyboard: close.
        key_close,
        /// The step indicator's name.
        steps_name,
        /// Heading of the error summary.
        summary_title,
        /// Shown when stored demo data was unreadable and reset.
        storage_reset,
        /// Said wherever a lost or broken token is stopped.
        lost_token_report,
        /// The software token app's name.
        software_app_name,
        /// Shown when some tokens issued in the demo kit could not be read back.
        issued_tokens_dropped,
        /// Shown when storage does not take writes: the demo goes on, but what changes from now on lasts
        /// only until the page is reloaded (what storage already held is still read at the reload).
        storage_unwritable,
        /// The page's title: set by the app in English; in Japanese each page's HTML has its own.
        page_title,
        /// The language switch's name.
        language_switch,
        /// How a lock is lifted, the last paragraph of the help on locks (the demo kit says more).
        lock_lifted_by_bank,
        /// Back's question before leaving a flow whose token step is done: its title (the
        /// dialog's name).
        leave_title,
        /// Back's question: what leaving loses.
        leave_text,
        /// Back's question: leaves the flow.
        leave_yes,
        /// Back's question: stays on the step.
        leave_no,
        /// The notice after Back from the token step to 利用者認証.
        back_to_auth,
        /// The notice after leaving a flow (Back's question answered 中止する).
        flow_left,
        /// The time limit's warning: its title (the dialog's name).
        time_limit_title,
        /// The warning's button that extends the time (the bank's extend call).
        time_limit_extend,
        /// The warning's button that ends the procedure or logs out.
        time_limit_end,
        /// Before the reason, when 延長する brought no answer.
        time_limit_extend_failed,
        /// The notice at ログイン after the session's time limit was over.
        session_timed_out,
        /// ご利用履歴's heading on the top page.
        history_title,
        /// ご利用履歴 with nothing in it yet.
        history_empty,
        /// ご利用履歴 could not be read (the rest of the page still works).
        history_unavailable,
        /// ログイン's way to 時刻補正, under the ワンタイムパスワード panel's buttons.
        button_resync,
        /// What ログイン's 時刻補正 button is for (read before it).
        resync_lead,
        /// The way to 時刻補正 beside the drift message, at every step that asks for the token's code.
        link_resync,
        /// 時刻補正 step 2 heading.
        resync_form_title,
        /// 時刻補正: the token whose clock is corrected.
        resync_which_token,
        /// 時刻補正: how to read two consecutive codes off each kind of token.
        resync_instructions,
        /// 時刻補正: the first code's field.
        label_resync_first,
        /// 時刻補正: the second code's field.
        label_resync_second,
        /// 時刻補正: hint under the first code.
        hint_resync_first,
        /// 時刻補正: hint under the second code.
        hint_resync_second,
        /// 処理結果 of 時刻補正: done.
        result_resynced,
        /// Result row: the token whose clock was corrected.
        row_resynced_token,
        /// Result row: how far its clock was off.
        row_resync_offset,
        /// Result row: when corrected.
        row_resynced_at,
        /// 処理結果 of 時刻補正: what next.
        result_resynced_next,
    }
    functions {
        /// The time limit's warning: what ends in about how long (`left` seconds), and what to press.
        time_limit_text(ending: Ending, left: u64) -> String,
        /// The hidden step number before each step's name, e.g. "ステップ2/4：".
        step_label(n: usize, of: usize) -> String,
        /// 利用者認証's token guidance: have the named token ready.
        prepare_token(what: &str) -> String,
        /// The button to the flow that applies, e.g. "ワンタイムパスワード交換へ進む".
        go_to_flow(kind: Procedure) -> String,
        /// The software token app's name, as the guide writes it.
        app_name_line() -> String,
        /// Where to download the app on a platform, e.g. ("iPhone", "App Store").
        app_download(platform: &str, store: &str) -> String,
        /// The notice box's sentence about the old passwords ending.
        start_notice_change() -> String,
        /// The top page's OTP status for a token in use: its model, masked serial and login choice.
        top_status(model: TokenModel, masked_serial: &str, login_otp: LoginOtp) -> String,
        /// A customer's name with 様.
        honorific(name: &str) -> String,
        /// A flow's title.
        flow_title(kind: Procedure) -> &'static str,
        /// A flow's steps, in order (the step indicator).
        flow_steps(kind: Procedure) -> &'static [&'static str],
        /// What 利用者認証 says the flow will do.
        flow_intro(kind: Procedure) -> &'static str,
        /// A token model's name.
        token_model(model: TokenModel) -> &'static str,
        /// The label of a card digit input, e.g. "(1)(ウ)".
        card_digit_label(n: u8, column: &str) -> String,
        /// A date and time in Japan, e.g. "2026年11月24日 18:05".
        date_time(at: JstDateTime) -> String,
        /// The message for a field whose value broke an input rule.
        field_error(field: Field, error: FieldError) -> String,
        /// The bank's words for a refusal, the same in every build.
        refusal(error: BankError) -> &'static str,
        /// The message for a call to the bank's server that brought no usable answer.
        call_failed(failure: Unavailable) -> String,
        /// A help text's title (in ヘルプ一覧).
        help_title(topic: HelpTopic) -> &'static str,
        /// The paragraphs of a help text, but for how a lock is lifted (see [`Messages::help`]).
        help_paragraphs(topic: HelpTopic) -> &'static [&'static str],
        /// What one line of ご利用履歴 says happened.
        activity(activity: Activity) -> String,
        /// The token a line of ご利用履歴 concerns, by its masked serial.
        history_serial(masked: &str) -> String,
        /// How far 時刻補正 found the token's clock off, in plain words: `steps` of 30 seconds,
        /// positive when the token ran fast.
        resync_offset(steps: i64) -> String,
    }
}

impl Messages {
    /// The message for a refusal by the bank: the bank's own words (as `docs/api.md` lists them)
    /// and, with the demo kit, how to lift a lock in the demo.
    pub fn bank_error(&self, error: BankError) -> String {
        let said = (self.refusal)(error);
        match demo_words(self).and_then(|words| words.hint(error)) {
            Some(hint) => format!("{said}{hint}"),
            None => said.to_owned(),
        }
    }

    /// The paragraphs of a help text; the one on locks ends with how a lock is lifted, which the
    /// demo kit words its own way.
    pub fn help(&self, topic: HelpTopic) -> Vec<&'static str> {
        let mut paragraphs = (self.help_paragraphs)(topic).to_vec();
        if topic == HelpTopic::Locked {
            paragraphs
                .push(demo_words(self).map_or(self.lock_lifted_by_bank, |words| words.lock_lifted));
        }
        paragraphs
    }

    /// ログイン時のワンタイムパスワード認証要否, as words.
    pub fn login_otp_choice(&self, login_otp: LoginOtp) -> &'static str {
        match login_otp {
            LoginOtp::Required => self.login_otp_on,
            LoginOtp::NotRequired => self.login_otp_off,
        }
    }

    /// The page notice for what the bank says about itself.
    pub fn bank_notice(&self, notice: BankNotice) -> &'static str {
        match notice {
            BankNotice::StorageReset => self.storage_reset,
            BankNotice::IssuedTokensDropped => self.issued_tokens_dropped,
            BankNotice::StorageUnwritable => self.storage_unwritable,
        }
    }

    /// The page's title in this language.
    pub fn title(&self) -> String {
        format!(
            "{}{}",
            self.page_title,
            demo_words(self).map_or("", |words| words.title)
        )
    }
}

/// A clock offset of `steps` 30-second steps as whole minutes and the seconds left over (0 or 30),
/// whichever way it runs: what 時刻補正's result says in words.
fn offset_span(steps: i64) -> (u64, u64) {
    let seconds = steps.unsigned_abs() * crate::domain::totp::STEP_SECONDS;
    (seconds / 60, seconds % 60)
}

/// A language's name in itself, as the switch shows it whatever the page's language.
pub fn language_name(language: Language) -> &'static str {
    match language {
        Language::Japanese => "日本語",
        Language::English => "English",
    }
}

/// What the demo kit adds to the app's texts: how a lock is lifted in the demo, and the title's
/// word. Only a build with the kit has them ([`kit`]): a real customer has no kit.
pub struct DemoWords {
    /// After a refusal for a lock the reset lifts (login, new tokens, card).
    pub lock_reset: &'static str,
    /// After a refusal for a locked or suspended token (the bank desk lifts it).
    pub lock_desk: &'static str,
    /// How a lock is lifted, in the help on locks (instead of [`Messages::lock_lifted_by_bank`]).
    pub lock_lifted: &'static str,
    /// After the page's title.
    pub title: &'static str,
}

impl DemoWords {
    /// How the lock behind `error` is lifted in the demo, if it is one.
    fn hint(&self, error: BankError) -> Option<&'static str> {
        use BankError::*;
        match error {
            LoginLocked | NewTokenLocked | CardLocked => Some(self.lock_reset),
            TokenLocked | TokenSuspended => Some(self.lock_desk),
            _ => None,
        }
    }
}

/// The demo kit's words in `m`'s language.
#[cfg(feature = "demo")]
fn demo_words(m: &Messages) -> Option<&'static DemoWords> {
    Some(&kit::of(m.language).demo)
}

/// No demo kit, no words of it.
#[cfg(not(feature = "demo"))]
fn demo_words(_: &Messages) -> Option<&'static DemoWords> {
    None
}
