//! English help texts: the titles and paragraphs of "Help for this screen" and "Help topics".

use crate::ui::messages::HelpTopic;

/// A help text's title (in the help topics).
pub(super) fn help_title(topic: HelpTopic) -> &'static str {
    match topic {
        HelpTopic::Login => "The login screen",
        HelpTopic::LoginCode => "The one-time password at login",
        HelpTopic::Top => "After you log in",
        HelpTopic::Auth => "Identification (Start, Exchange, Stop)",
        HelpTopic::StartRegister => "Registering your token (Start)",
        HelpTopic::ExchangeRegister => "Registering the new token (Exchange)",
        HelpTopic::StopToken => "Confirming with a one-time password (Stop)",
        HelpTopic::Confirm => "The confirmation password (確認用パスワード)",
        HelpTopic::Result => "The result",
        HelpTopic::Resync => "Correcting your token's clock (時刻補正)",
        HelpTopic::WhereToFind => "Where to find the serial number and one-time password",
        HelpTopic::Drift => "If a correct one-time password is refused",
        HelpTopic::Locked => "If your access is stopped",
        HelpTopic::LostToken => "If your token is lost or broken",
        HelpTopic::LoginTrouble => "Trouble logging in",
        HelpTopic::OtpGuide => "About one-time passwords",
        HelpTopic::Environment => "Supported browsers",
    }
}

/// The paragraphs of a help text.
pub(super) fn help(topic: HelpTopic) -> &'static [&'static str] {
    match topic {
        HelpTopic::Login => &[
            "Your contract ID (契約者ID, also called 利用者番号) is the 11-digit number on the front of your customer card (お客様カード). Full-width digits are converted for you.",
            "Your password has 6 to 12 half-width letters and digits, and capitals count. “Software keyboard” opens a keyboard on the screen (its keys move each time it opens).",
            "To use one-time passwords for the first time, use Start (利用開始); to replace your token, Exchange (交換); to stop using them, Stop (利用中止).",
        ],
        HelpTopic::LoginCode => &[
            "If you chose “Ask” for the one-time password at login, you enter one after your password.",
            "Enter the 6 digits your token shows. They change every 30 seconds, and digits already used are not accepted again.",
        ],
        HelpTopic::Top => &[
            "You are logged in. This screen shows how you use one-time passwords.",
            "When you have finished, always press “Log out”.",
        ],
        HelpTopic::Auth => &[
            "Please have your customer card (お客様カード) at hand, with a software token (the smartphone app) or a hardware token.",
            "Enter your contract ID (契約者ID) and the login password you use now, then press “Next”. After 5 wrong passwords in a row, login is stopped.",
        ],
        HelpTopic::StartRegister => &[
            "Enter the serial number of your token and the one-time password it shows.",
            "The serial number is on the back of a hardware token, and at the bottom of the app's screen for a software token: 4 letters and 8 digits.",
            "If you choose “Ask” for the one-time password at login, every login needs one too, which is safer.",
        ],
        HelpTopic::ExchangeRegister => &[
            "Enter a one-time password from the token you use now, then the new token's serial number and a one-time password it shows. You need both tokens at hand. The token you use now cannot be registered again.",
            "Once the exchange is done, your previous token no longer works. Whether login asks for a one-time password stays as before unless you change it.",
        ],
        HelpTopic::StopToken => &[
            "Enter the one-time password shown by the token you use now.",
            "If your token is lost or broken and cannot show a one-time password, use “If your token is lost or broken”. Please contact us as well.",
        ],
        HelpTopic::Confirm => &[
            "On the back of your customer card (お客様カード), the confirmation password row has columns ア to ク. Enter the one digit under each column marked (1) and (2) on the screen.",
            "After 3 wrong answers in a row, procedures are stopped.",
        ],
        HelpTopic::Result => &[
            "This is the result of the procedure. For your security, only the last 4 characters of serial numbers are shown.",
            "Your registered token is used at your next login and for transfers and other transactions. Please keep it safe.",
        ],
        HelpTopic::Resync => &[
            "If your token's clock is off and correct one-time passwords are refused, two one-time passwords your token shows one after the other correct it. This works while the clock is no more than 10 minutes off.",
            "Enter the number your token shows now as the first, wait until it changes (at most 30 seconds), then enter the next number as the second. On a hardware token, press the button again once the display has gone blank to see the next number.",
            "The two numbers are used up. After the correction, log in and make transactions with the next numbers your token shows. If the clock cannot be corrected, check the order of the numbers and try again with two new ones; after 5 failures in a row the token is stopped.",
        ],
        HelpTopic::WhereToFind => &[
            "Hardware token: the serial number is printed on the back. Press the button to show a one-time password; it disappears after a while.",
            "Software token: the app しんきん（個人）ワンタイムパスワード shows the one-time password in the middle of its screen and the serial number at the bottom.",
        ],
        HelpTopic::Drift => &[
            "One-time passwords are made from the time. If the token's clock is off, a password typed correctly may still be refused.",
            "For a software token, set your smartphone's date and time to automatic, then enter the new digits it shows. For a hardware token, correct its clock with Correct token clock (時刻補正) on the login screen (or the link beside the error message). If it is more than 10 minutes off, please contact us.",
        ],
        HelpTopic::Locked => &[
            "For your security, access is stopped after 5 wrong passwords, 5 wrong one-time passwords or 3 wrong confirmation passwords in a row. While it is stopped, even correct entries are refused.",
            "While your token is stopped, it cannot be exchanged or stopped in Internet Banking.",
        ],
        HelpTopic::LostToken => &[
            "If your token is lost or broken, please contact us straight away.",
            "On the Stop (利用中止) screen, “If your token is lost or broken” lets you report it with the confirmation password on your customer card. The token stops working at once.",
            "For your security, you cannot log in until we have confirmed your identity. After that, get a new token and register it with Start (利用開始).",
        ],
        HelpTopic::LoginTrouble => &[
            "If you do not know your contract ID (契約者ID), see the front of your customer card (お客様カード).",
            "After too many wrong passwords in a row, login is stopped. If that happens, please contact us.",
            "If your one-time password is refused, check whether the token's clock is off (a hardware token's clock can be corrected with Correct token clock (時刻補正)), or whether you typed digits already used. If your token is lost or broken, please contact us straight away.",
        ],
        HelpTopic::OtpGuide => &[
            "A one-time password is a password for one use only, which changes every 30 seconds. Your token shows it, and once used the same digits are not accepted again.",
            "For a software token, download the app しんきん（個人）ワンタイムパスワード (App Store, Google Play) to your smartphone. For a hardware token, please contact us.",
            "Transfers and other transactions in Internet Banking need a one-time password.",
        ],
        HelpTopic::Environment => &[
            "Computers: the latest Google Chrome, Microsoft Edge, Mozilla Firefox, or Safari (Mac).",
            "Smartphones and tablets: Safari on the latest iOS / iPadOS, Google Chrome on Android.",
            "JavaScript and WebAssembly must be turned on. If the text is small, choose “Large” under “Text size” at the top of the screen.",
        ],
    }
}
