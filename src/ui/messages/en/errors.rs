//! English error wording: the message for each input rule a field's value can break, for each
//! refusal by the bank, and for each way a call to the bank's server can fail to bring an answer.

use crate::bank::Unavailable;
use crate::domain::errors::BankError;
use crate::domain::input::FieldError;
use crate::ui::messages::Field;

/// The message for a field whose value broke an input rule.
pub(super) fn field_error(field: Field, error: FieldError) -> String {
    use FieldError::*;
    match (field, error) {
        (Field::ContractId, Empty) => "Enter your contract ID (契約者ID).".into(),
        (Field::ContractId, TooShort) => {
            "Your contract ID (契約者ID) has 11 digits; this is too short. Please check it on your customer card (お客様カード).".into()
        }
        (Field::ContractId, TooLong) => {
            "Your contract ID (契約者ID) has 11 digits; this is too long. Please check it on your customer card (お客様カード).".into()
        }
        (Field::ContractId, _) => "Your contract ID (契約者ID) is digits only.".into(),
        (Field::Password, Empty) => "Enter your login password.".into(),
        (Field::Password, TooShort) => "Your login password has at least 6 characters.".into(),
        (Field::Password, TooLong) => "Your login password has at most 12 characters.".into(),
        (Field::Password, _) => {
            "Your login password uses only half-width letters and digits: no symbols, full-width characters or spaces.".into()
        }
        (Field::Serial, Empty) => "Enter the serial number.".into(),
        (Field::Serial, TooShort) => {
            "A serial number has 12 characters, 4 letters and 8 digits; this is too short.".into()
        }
        (Field::Serial, TooLong) => {
            "A serial number has 12 characters, 4 letters and 8 digits; this is too long.".into()
        }
        (Field::Serial, WrongFormat) => {
            "Enter the serial number as 4 letters followed by 8 digits (e.g. SKTS12345678).".into()
        }
        (Field::Serial, UnknownPrefix) => {
            "This is not the serial number of one of our tokens. Please check its first 4 letters (SKTS or SKHT).".into()
        }
        (Field::Serial, WrongCharacters) => "A serial number is letters and digits only.".into(),
        (Field::Otp, Empty) => "Enter the one-time password.".into(),
        (Field::Otp, TooShort) => "A one-time password has 6 digits; this is too short.".into(),
        (Field::Otp, TooLong) => "A one-time password has 6 digits; this is too long.".into(),
        (Field::Otp, _) => "A one-time password is digits only.".into(),
        (Field::ResyncCode(n), e) => {
            let which = if n == 1 { "First" } else { "Second" };
            format!("{which} one-time password: {}", field_error(Field::Otp, e))
        }
        (Field::CardDigit(n, column), Empty) => {
            format!("Enter the digit for ({n}) column {column}.")
        }
        (Field::CardDigit(n, column), TooLong) => {
            format!("Enter just one digit for ({n}) column {column}.")
        }
        (Field::CardDigit(n, column), _) => {
            format!("The answer for ({n}) column {column} is a single digit.")
        }
    }
}

/// The bank's words for a refusal, the same in every build.
pub(super) fn refusal(error: BankError) -> &'static str {
    use BankError::*;
    match error {
        BadCredentials => "The contract ID (契約者ID) or password is not correct. Please check them and try again.",
        LoginLocked => "Login is stopped because the password was entered wrongly too many times. Please contact us.",
        AlreadyEnrolled => "You already use one-time passwords. To change your token, use Exchange (交換); to stop using them, use Stop (利用中止).",
        NotEnrolled => "You do not use one-time passwords yet. To begin, use Start (利用開始).",
        SameToken => "This is the serial number of the token you use now. Please enter the new token's serial number.",
        NewTokenRefused => "The serial number or one-time password is not correct. Please check the token's serial number (on the back of a hardware token, at the bottom of the app's screen for a software token) and the latest 6 digits it shows.",
        SerialInUse => "This token cannot be registered because another customer uses it. Please check the serial number of the token you have.",
        WrongCode => "The one-time password is not correct. Please enter the latest 6 digits your token shows.",
        // The token in use can be put right by 時刻補正; a new token is not the customer's yet.
        ClockDrift => "The one-time password does not match. The token's clock may be off. For a software token, set your smartphone's date and time to automatic, then enter the new digits it shows. For a hardware token, correct its clock with Correct token clock (時刻補正).",
        NewTokenClockDrift => "The one-time password does not match. The token's clock may be off. For a software token, set your smartphone's date and time to automatic, then enter the new digits it shows. For a hardware token, please contact us.",
        CodeUsed | NewTokenCodeUsed => "This one-time password has already been used or was refused. Please wait until your token shows the next one.",
        TokenLocked => "This token is stopped because one-time passwords were entered wrongly too many times. While it is stopped, it cannot be exchanged or stopped in Internet Banking. Please contact us.",
        TokenSuspended => "One-time passwords are suspended because the token was reported lost or broken. You cannot log in or use any procedure until we have confirmed your identity. Please contact us.",
        NewTokenLocked => "Registering a token is stopped because it failed too many times. Please contact us.",
        ResyncNotFound => "Your token's clock could not be corrected with the two one-time passwords entered. Please check that you entered the two numbers your token showed one after the other, in the order they were shown. If your token's clock is 10 minutes or more off, please contact us.",
        ResyncAmbiguous => "Your token's clock could not be corrected. Please try again with the next two numbers your token shows.",
        WrongCard => "The confirmation password (確認用パスワード) is not correct. Please check the digits at (1) and (2) on your customer card (お客様カード).",
        CardLocked => "Procedures are stopped because the confirmation password was entered wrongly too many times. Please contact us.",
        FlowExpired => "The procedure was stopped because nothing was done for 10 minutes. Please start again from identification.",
        FlowInvalid => "The procedure could not continue. Please start again from identification.",
    }
}

/// The message for a call to the bank's server that brought no usable answer.
pub(super) fn call_failed(failure: Unavailable) -> String {
    use Unavailable::*;
    match failure {
        Unreachable => "We could not connect. Please check that you are online, and try again.".into(),
        Timeout => "The server did not answer, so we stopped waiting. Please check your connection and try again in a little while.".into(),
        ServerError => "The system is busy or has a problem, so the procedure could not be completed. Please try again in a little while.".into(),
        RateLimited { retry_after: Some(seconds) } => format!(
            "Too many requests are arriving just now, so we are accepting fewer for a while. Please wait about {} and try again.",
            wait(seconds)
        ),
        RateLimited { retry_after: None } => "Too many requests are arriving just now, so we are accepting fewer for a while. Please wait a little and try again.".into(),
        Unreadable => "The server's answer could not be read. Please try again in a little while.".into(),
        Rejected => "The procedure could not be accepted. Please reload the page and try again.".into(),
        // Never shown (the screen was left), but worded like the others if it ever were.
        Aborted => "The procedure was interrupted. Please try again.".into(),
    }
}

/// A wait in words: seconds under a minute, else whole minutes rounded up.
fn wait(seconds: u64) -> String {
    match seconds {
        1 => "1 second".to_owned(),
        s if s < 60 => format!("{s} seconds"),
        s => match s.div_ceil(60) {
            1 => "1 minute".to_owned(),
            m => format!("{m} minutes"),
        },
    }
}
