//! Screen copy: the bank's name, labels, buttons, headings, hints and sentences of the screens,
//! the components and the demo kit, in the bank's words (docs/design.md#screens).

use crate::domain::date::JstDateTime;
use crate::domain::flows::Procedure;
use crate::domain::input::TokenModel;
use crate::domain::ledger::LoginOtp;

/// Bank name in the header.
pub const BANK_NAME: &str = "共同信用金庫";
/// Service name under it.
pub const SERVICE_NAME: &str = "個人インターネットバンキング";
// Screen copy: labels, buttons, headings and sentences of the screens, in the bank's words.

/// Label of the 契約者ID field.
pub const LABEL_CONTRACT_ID: &str = "契約者ID（利用者番号）";
/// Label of the password field in 利用者認証.
pub const LABEL_LOGIN_PASSWORD: &str = "ログインパスワード";
/// Label of the password field on the login screen.
pub const LABEL_PASSWORD: &str = "パスワード";
/// Label of the serial field.
pub const LABEL_SERIAL: &str = "シリアル番号(半角英数字)";
/// Label of every one-time password field.
pub const LABEL_OTP: &str = "ワンタイムパスワード(半角数字)";
/// Legend of the login-OTP choice.
pub const LABEL_LOGIN_OTP_CHOICE: &str = "ログイン時のワンタイムパスワード認証要否";
/// The help link on every screen.
pub const HELP_THIS_SCREEN: &str = "この画面のヘルプ";
/// Next-step button.
pub const BUTTON_NEXT: &str = "次へ";
/// Back button.
pub const BUTTON_BACK: &str = "戻る";
/// The confirmation screen's submit button.
pub const BUTTON_EXECUTE: &str = "実行";
/// Login button (and the login screen's title).
pub const BUTTON_LOGIN: &str = "ログイン";
/// From 処理結果 back to login.
pub const BUTTON_TO_LOGIN: &str = "ログイン画面へ";
/// Logout button.
pub const BUTTON_LOGOUT: &str = "ログアウト";
/// The required badge.
pub const BADGE_REQUIRED: &str = "必須";
/// Hint under 契約者ID in 利用者認証.
pub const HINT_CONTRACT_ID: &str = "お客様カードに記載の11桁の数字";
/// Hint under the password in 利用者認証.
pub const HINT_LOGIN_PASSWORD: &str = "現在ご利用のログインパスワード（半角英数字6〜12文字）";
/// Hint under the serial.
pub const HINT_SERIAL: &str = "英字4文字と数字8桁（例：SKTS12345678）";
/// Hint under a new token's code.
pub const HINT_OTP: &str = "トークンに表示されている6桁の数字";
/// Hint under the code in 利用中止.
pub const HINT_CURRENT_OTP: &str = "現在ご利用中のトークンに表示されている6桁の数字";
/// Hint of the login-OTP choice.
pub const HINT_LOGIN_OTP_CHOICE: &str = "「認証する」を選ぶと、ログインのたびにワンタイムパスワードの入力が必要になります（おすすめ）。";
/// 利用者認証: heading of the token guidance.
pub const PREPARE_TITLE: &str = "トークンの準備";
/// What 利用開始 asks the customer to have ready.
pub const PREPARE_ANY_TOKEN: &str = "ソフトウェアトークンもしくはハードウェアトークン";
/// What 交換 asks the customer to have ready; a result row.
pub const NEW_TOKEN: &str = "新しいトークン";
/// 利用者認証: heading of the form.
pub const AUTH_FORM_TITLE: &str = "契約者ID（利用者番号）・ログインパスワードの入力";
/// How to get a software token.
pub const PREPARE_SOFTWARE: &str =
    "スマートフォンにソフトウェアトークンのアプリをダウンロードしてください。";
/// How to get a hardware token.
pub const PREPARE_HARDWARE: &str = "ホームページをご確認のうえ、当金庫までお問合せください。";
/// Heading: for a software token.
pub const SOFTWARE_TOKEN_CASE: &str = "ソフトウェアトークンの場合";
/// Heading: for a hardware token.
pub const HARDWARE_TOKEN_CASE: &str = "ハードウェアトークンの場合";
/// The expandable guidance on the registration screen.
pub const NO_TOKEN_YET: &str = "トークンをご用意されていない場合はこちら";
/// 利用開始 step 2 heading.
pub const REGISTER_TITLE: &str = "ワンタイムパスワードの登録";
/// 交換 step 2 heading.
pub const EXCHANGE_REGISTER_TITLE: &str = "新しいトークンの登録";
/// The notice box's title.
pub const START_NOTICE_TITLE: &str =
    "【インターネットバンキングによる振込等のお取引には、ワンタイムパスワードが必要となります。】";
/// The notice box's request.
pub const START_NOTICE_REQUEST: &str = "お手数ですが、トークンをご用意いただいたうえ、本ページよりワンタイムパスワードの利用登録を行っていただきますようお願いいたします。";
/// 交換: the token being replaced.
pub const CURRENT_TOKEN: &str = "現在ご利用中のトークン：";
/// 交換: what to enter.
pub const EXCHANGE_INSTRUCTIONS: &str = "現在ご利用中のトークンのワンタイムパスワードと、新しいトークンのシリアル番号・ワンタイムパスワードを入力してください。交換が完了すると、現在のトークンは使えなくなります。";
/// 交換: the field for a code from the token in use.
pub const LABEL_CURRENT_OTP: &str = "現在のトークンのワンタイムパスワード(半角数字)";
/// 交換: the new token's code.
pub const LABEL_NEW_OTP: &str = "新しいトークンのワンタイムパスワード(半角数字)";
/// 交換: hint for the new token's code.
pub const HINT_NEW_OTP: &str = "新しいトークンに表示されている6桁の数字";
/// Where the serial is on a hardware token.
pub const WHERE_HW_SERIAL: &str = "シリアル番号は裏面を参照";
/// Where the code is on a hardware token.
pub const WHERE_HW_CODE: &str = "ワンタイムパスワードはボタンを押して表示";
/// Where the serial is in the software token.
pub const WHERE_SW_SERIAL: &str = "シリアル番号は画面下を参照";
/// Where the code is in the software token.
pub const WHERE_SW_CODE: &str = "ワンタイムパスワードは画面中央に表示されている";
/// The login-OTP choice: ask.
pub const LOGIN_OTP_ON: &str = "認証する";
/// The login-OTP choice: do not ask.
pub const LOGIN_OTP_OFF: &str = "認証しない";
/// 利用中止 step 2 heading.
pub const STOP_TOKEN_TITLE: &str = "ワンタイムパスワードの確認";
/// 利用中止: the token being stopped.
pub const STOP_WHICH_TOKEN: &str = "利用を中止するトークン：";
/// 利用中止: what stopping does.
pub const STOP_EFFECT: &str = "中止すると、このトークンのワンタイムパスワードは使えなくなり、ログイン時にワンタイムパスワードの入力が不要になります。";
/// 利用中止: the lost-or-broken path.
pub const LOST_TOKEN_TITLE: &str = "トークンを紛失・故障した場合";
/// The lost-token path: what it asks.
pub const LOST_TOKEN_HOW: &str = "ワンタイムパスワードを表示できない場合は、お客様カードの確認用パスワードで紛失・故障のお届けができます。お届けと同時にトークンは使えなくなり、当金庫でご本人様の確認ができるまでログインできなくなります。";
/// The lost-token path's button.
pub const LOST_TOKEN_BUTTON: &str = "紛失・故障を届け出る";
/// Step 3 heading.
pub const CONFIRM_TITLE: &str = "確認用パスワード入力";
/// Step 3: what to enter.
pub const CONFIRM_INSTRUCTIONS: &str =
    "お客様カードの(1)、(2)に対応した数字を半角でそれぞれ入力してください。";
/// Step 4 heading.
pub const RESULT_TITLE: &str = "処理結果";
/// 利用開始 done.
pub const RESULT_STARTED: &str = "ワンタイムパスワードの利用登録が完了しました。";
/// 交換 done.
pub const RESULT_EXCHANGED: &str = "トークンの交換が完了しました。";
/// 利用中止 done.
pub const RESULT_STOPPED: &str = "ワンタイムパスワードの利用を中止しました。";
/// Result row: serial.
pub const ROW_SERIAL: &str = "シリアル番号";
/// Result row: token kind.
pub const ROW_MODEL: &str = "トークンの種類";
/// Result row: login choice.
pub const ROW_LOGIN_OTP: &str = "ログイン時のワンタイムパスワード認証";
/// Result row: when registered.
pub const ROW_STARTED_AT: &str = "登録日時";
/// Result row: the replaced token.
pub const ROW_OLD_TOKEN: &str = "これまでのトークン";
/// Result row: when exchanged.
pub const ROW_EXCHANGED_AT: &str = "交換日時";
/// Result row: the stopped token.
pub const ROW_STOPPED_TOKEN: &str = "中止したトークン";
/// Result row: when stopped.
pub const ROW_STOPPED_AT: &str = "中止日時";
/// 交換: the old token no longer works.
pub const RESULT_OLD_TOKEN_DEAD: &str = "これまでのトークンは、本日から使えません。以後は新しいトークンのワンタイムパスワードを入力してください。";
/// What login asks from now on: a code.
pub const NEXT_LOGIN_WITH_OTP: &str = "次回のログインから、パスワードのあとにワンタイムパスワードの入力が必要になります。トークンをお手元にご用意ください。";
/// What login asks from now on: no code.
pub const NEXT_LOGIN_WITHOUT_OTP: &str = "ログイン時にワンタイムパスワードの入力は不要です。お振込などのお取引の際にワンタイムパスワードを入力してください。";
/// 利用中止: what next.
pub const RESULT_SUSPENDED: &str =
    "トークンの紛失・故障のお届けを受け付け、トークンを利用停止にしました。";
/// 処理結果 after a loss report: what happens next.
pub const RESULT_SUSPENDED_NEXT: &str = "安全のため、当金庫でご本人様の確認ができるまでログインできません。お手数ですが当金庫までご連絡ください。確認後、新しいトークンで「利用開始」からご登録いただけます。";
/// 処理結果 after a loss report: the row naming the token.
pub const ROW_SUSPENDED_TOKEN: &str = "利用停止にしたトークン";
/// 処理結果 after 利用中止: what happens next.
pub const RESULT_STOPPED_NEXT: &str = "ログイン時にワンタイムパスワードの入力は不要になりました。ふたたびお使いになる場合は「利用開始」からご登録ください。";
/// The login screen's OTP panel; the top page's status row.
pub const OTP_PANEL_TITLE: &str = "ワンタイムパスワード";
/// OTP panel button.
pub const BUTTON_START: &str = "利用開始";
/// OTP panel button.
pub const BUTTON_EXCHANGE: &str = "交換";
/// OTP panel button.
pub const BUTTON_STOP: &str = "利用中止";
/// Login screen link.
pub const LINK_OTP_GUIDE: &str = "ワンタイムパスワードのご案内";
/// Login screen link.
pub const LINK_LOGIN_TROUBLE: &str = "ログインでお困りの場合はこちら";
/// Login screen link.
pub const LINK_ENVIRONMENT: &str = "ご利用推奨環境";
/// Title of login's code step.
pub const LOGIN_CODE_TITLE: &str = "ワンタイムパスワード認証";
/// Login's code step: what to enter.
pub const LOGIN_CODE_INSTRUCTIONS: &str =
    "トークンに表示されているワンタイムパスワードを入力してください。";
/// Hint under login's code.
pub const HINT_SIX_DIGITS: &str = "6桁の数字";
/// Title of the page after login.
pub const TOP_TITLE: &str = "ログインしました";
/// Top page: no token yet.
pub const TOP_NO_TOKEN: &str = "未登録（ログイン画面の「利用開始」から登録できます）";

// Components and the demo kit.

/// Caption of the card drawing.
pub const CARD_GRID_CAPTION: &str = "お客様カード（確認用パスワード欄）";
/// Read before an inline error.
pub const ERROR_PREFIX: &str = "エラー：";
/// The header's help index button and the index's heading.
pub const HELP_INDEX: &str = "ヘルプ一覧";
/// Closes the help index.
pub const HELP_INDEX_CLOSE: &str = "ヘルプ一覧を閉じる";
/// The header's button to the demo kit; the kit's name.
pub const DEMO_KIT: &str = "デモキット";
/// The text-size switch.
pub const TEXT_SIZE: &str = "文字サイズ";
/// Text size: standard.
pub const TEXT_SIZE_STANDARD: &str = "標準";
/// Text size: large.
pub const TEXT_SIZE_LARGE: &str = "拡大";
/// Opens the software keyboard.
pub const KEYBOARD_OPEN: &str = "ソフトウェアキーボード入力";
/// The software keyboard's name.
pub const KEYBOARD_NAME: &str = "ソフトウェアキーボード";
/// Keyboard: shift.
pub const KEY_SHIFT: &str = "シフト";
/// Keyboard: delete one character.
pub const KEY_BACKSPACE: &str = "1文字削除";
/// Keyboard: clear.
pub const KEY_CLEAR: &str = "すべて消去";
/// Keyboard: close.
pub const KEY_CLOSE: &str = "閉じる";
/// The step indicator's name.
pub const STEPS_NAME: &str = "お手続きの流れ";
/// After the bank name on a customer card.
pub const CARD_NAME_SUFFIX: &str = " お客様カード";
/// The card's confirmation row.
pub const CARD_CONFIRMATION_ROW: &str = "確認用パスワード";
/// Under a demo customer's card.
pub const DEMO_PASSWORD: &str = "ログインパスワード（デモ用）：";
/// The hardware token's button.
pub const HW_BUTTON: &str = "押す";
/// Turns the hardware token face up.
pub const HW_TURN_FRONT: &str = "表に戻す";
/// Turns the hardware token over.
pub const HW_TURN_BACK: &str = "裏返す";
/// Kit: a token no one uses.
pub const KIT_TOKEN_FREE: &str = "未登録";
/// The kit's disclosure.
pub const KIT_SUMMARY: &str = "デモキット（お客様カード・トークン）";
/// What the kit is.
pub const KIT_INTRO: &str = "このデモで使うお客様カードとトークンです。実際のお取引では、お手元のカードとトークンをお使いください。";
/// Kit section: cards.
pub const KIT_CARDS: &str = "お客様カード";
/// Kit section: tokens; the emulator page's token choice.
pub const KIT_TOKENS: &str = "トークン";
/// Kit section and button: issue a token.
pub const KIT_ISSUE: &str = "新しいトークンを発行";
/// What issuing does.
pub const KIT_ISSUE_HOW: &str =
    "安全な乱数（160ビット）から新しいトークンを作り、デモ用のトークン発行元に登録します。";
/// Issue a software token.
pub const KIT_ISSUE_SOFTWARE: &str = "ソフトウェアトークンを発行";
/// Issue a hardware token.
pub const KIT_ISSUE_HARDWARE: &str = "ハードウェアトークンを発行";
/// Dismisses the message of a kit action that failed.
pub const KIT_FAILURE_DISMISS: &str = "このお知らせを閉じる";
/// An emulator page with no token of its kind to show.
pub const KIT_NO_TOKEN: &str =
    "表示できるトークンがありません。「新しいトークンを発行」で発行してください。";
/// Kit section: the demo data.
pub const KIT_DATA: &str = "デモデータ";
/// The reset confirmation's name.
pub const KIT_RESET_CONFIRM_NAME: &str = "デモデータの初期化の確認";
/// Confirms the reset.
pub const KIT_RESET_YES: &str = "初期化する";
/// Cancels the reset.
pub const KIT_RESET_NO: &str = "やめる";
/// Starts the reset.
pub const KIT_RESET: &str = "デモデータを初期化";
/// What the QR code is for.
pub const KIT_QR_HOW: &str = "スマートフォンの認証アプリ（Google Authenticator など）でQRコードを読み取ると、このトークンと同じワンタイムパスワードが表示されます。";
/// Skew: 30 s slower.
pub const SKEW_SLOWER: &str = "30秒遅らせる";
/// Skew: 30 s faster.
pub const SKEW_FASTER: &str = "30秒進める";
/// Skew: set right.
pub const SKEW_RESET: &str = "ずれを戻す";
/// The software token app's serial line.
pub const APP_SERIAL: &str = "シリアル番号 ";
/// From an emulator page to the app.
pub const BACK_TO_DEMO: &str = "デモに戻る";

/// The hidden step number before each step's name, e.g. "ステップ2/4：".
pub fn step_label(n: usize, of: usize) -> String {
    format!("ステップ{n}/{of}：")
}

/// A demo customer's card, by name.
pub fn card_owner(name: &str) -> String {
    format!("{name} 様のお客様カード")
}

/// Who uses a token, in the kit.
pub fn token_user(name: &str) -> String {
    format!("{name} 様が利用中")
}

/// The accessible name of a software token emulator.
pub fn software_token_name(serial: &str) -> String {
    format!("ソフトウェアトークン {serial}")
}

/// The accessible name of a hardware token emulator.
pub fn hardware_token_name(serial: &str) -> String {
    format!("ハードウェアトークン {serial}")
}

/// The accessible name of a hardware token's button.
pub fn hardware_button_name(serial: &str) -> String {
    format!("{serial} のボタンを押す")
}

/// The software token's countdown.
pub fn seconds_to_refresh(seconds: u64) -> String {
    format!("あと{seconds}秒で更新")
}

/// The link to an emulator's own page.
pub fn open_emulator_page(model: &str) -> String {
    format!("{model}を別の画面で開く")
}

/// After 新しいトークンを発行.
pub fn token_issued(model: TokenModel, serial: &str) -> String {
    format!(
        "新しい{} {serial} を発行しました。一覧の最後に追加されています。",
        token_model(model)
    )
}

/// The disclosure with a token's QR code.
pub fn qr_summary(serial: &str) -> String {
    format!("{serial} を認証アプリで使う（QRコード）")
}

/// The accessible name of a token's QR code.
pub fn qr_name(serial: &str) -> String {
    format!("{serial} のQRコード")
}

/// The accessible name of a token's clock control.
pub fn clock_name(serial: &str) -> String {
    format!("{serial} の時計")
}

/// An emulator page's title.
pub fn emulator_page_title(model: &str) -> String {
    format!("{model}（デモ）")
}

/// 利用者認証's token guidance: have `what` ready.
pub fn prepare_token(what: &str) -> String {
    format!("お手元に{what}をご用意ください。なお、利用可能なトークンの種類については、ホームページをご確認いただくか、当金庫までお問合せください。")
}

/// The button to the flow that applies, e.g. "ワンタイムパスワード交換へ進む".
pub fn go_to_flow(kind: Procedure) -> String {
    format!("{}へ進む", flow_title(kind))
}

/// The software token app's name, as the guide writes it.
pub fn app_name_line() -> String {
    format!("アプリ名「{SOFTWARE_APP_NAME}」")
}

/// Where to download the app on a platform, e.g. ("iPhone", "App Store").
pub fn app_download(platform: &str, store: &str) -> String {
    format!("{platform}：{store}より「{SOFTWARE_APP_NAME}」をダウンロードしてください。")
}

/// The notice box's sentence about the old passwords ending.
pub fn start_notice_change() -> String {
    format!("現在ご利用の暗証用/資金移動用パスワードは、セキュリティ上の理由から{OLD_PASSWORD_END}に廃止し、新たにワンタイムパスワードを用いた認証に変更いたします。")
}

/// The top page's OTP status for a token in use.
pub fn top_status(model: TokenModel, masked_serial: &str, login_otp: LoginOtp) -> String {
    format!(
        "ご利用中（{}・シリアル番号 {masked_serial}）／ログイン時の認証：{}",
        token_model(model),
        login_otp_choice(login_otp)
    )
}

/// A customer's name with 様.
pub fn honorific(name: &str) -> String {
    format!("{name} 様")
}

/// A flow's title.
pub fn flow_title(kind: Procedure) -> &'static str {
    match kind {
        Procedure::Start => "ワンタイムパスワード利用開始",
        Procedure::Exchange => "ワンタイムパスワード交換",
        Procedure::Stop => "ワンタイムパスワード利用中止",
        Procedure::Resync => "ワンタイムパスワード時刻補正",
    }
}

/// A flow's steps, in order (the step indicator).
pub fn flow_steps(kind: Procedure) -> &'static [&'static str] {
    match kind {
        Procedure::Exchange => &["利用者認証", "新しいトークンの登録", "確認", "処理結果"],
        Procedure::Stop => &[
            "利用者認証",
            "ワンタイムパスワードの確認",
            "確認",
            "処理結果",
        ],
        Procedure::Start => &[
            "利用者認証",
            "ワンタイムパスワードの登録",
            "確認",
            "処理結果",
        ],
        Procedure::Resync => &["利用者認証", "時刻補正", "処理結果"],
    }
}

/// What 利用者認証 says the flow will do.
pub fn flow_intro(kind: Procedure) -> &'static str {
    match kind {
        Procedure::Exchange => "お使いのトークンを新しいトークンに交換します。交換が完了すると、これまでのトークンは使えなくなります。",
        Procedure::Stop => "ワンタイムパスワードの利用を中止します。中止すると、ログイン時にワンタイムパスワードの入力が不要になります。",
        Procedure::Start => "ワンタイムパスワードの利用登録を開始します。",
        Procedure::Resync => "トークンの時刻のずれを補正します。トークンに続けて表示される2つのワンタイムパスワードをご用意ください。",
    }
}
/// Heading of the error summary.
pub const SUMMARY_TITLE: &str = "入力内容をご確認ください";
/// Shown when stored demo data was unreadable and reset.
pub const STORAGE_RESET: &str =
    "保存されていたデモデータが読み取れなかったため、初期状態に戻しました。お手数ですが、最初から操作してください。";
/// Said wherever a lost or broken token is stopped.
pub const LOST_TOKEN_REPORT: &str =
    "トークンを紛失・故障した場合は、このお手続きとあわせて、必ず当金庫までご連絡ください。";
/// The software token app's name.
pub const SOFTWARE_APP_NAME: &str = "しんきん（個人）ワンタイムパスワード";
/// Asked before デモデータを初期化.
pub const DEMO_RESET_CONFIRM: &str =
    "登録したトークン、発行したトークン、ロック状態をすべて消し、最初の状態に戻します。よろしいですか？";
/// After デモデータを初期化.
pub const DEMO_RESET_DONE: &str = "デモデータを初期化しました。";
/// The date the old passwords end, in the register screen's notice.
pub const OLD_PASSWORD_END: &str = "2027年3月31日";

/// A token model's name.
pub fn token_model(model: TokenModel) -> &'static str {
    match model {
        TokenModel::Software => "ソフトウェアトークン",
        TokenModel::Hardware => "ハードウェアトークン",
    }
}

/// The accessible name of a token emulator's code, e.g. "SKTS10000001 のワンタイムパスワード".
pub fn token_code_name(serial: &str) -> String {
    format!("{serial} のワンタイムパスワード")
}

/// How far a token's clock is off, in words.
pub fn skew_description(steps: i64) -> String {
    let seconds = steps.unsigned_abs() * crate::domain::totp::STEP_SECONDS;
    match steps {
        0 => "時計のずれ：なし".to_owned(),
        s if s > 0 => format!("時計のずれ：{seconds}秒進んでいます"),
        _ => format!("時計のずれ：{seconds}秒遅れています"),
    }
}

/// The label of a card digit input, e.g. "(1)(ウ)".
pub fn card_digit_label(n: u8, column: &str) -> String {
    format!("({n})({column})")
}

/// ログイン時のワンタイムパスワード認証要否, as words.
pub fn login_otp_choice(login_otp: LoginOtp) -> &'static str {
    match login_otp {
        LoginOtp::Required => LOGIN_OTP_ON,
        LoginOtp::NotRequired => LOGIN_OTP_OFF,
    }
}

/// A date and time in Japan as the bank writes it, e.g. "2026年11月24日 18:05".
pub fn date_time(at: JstDateTime) -> String {
    format!(
        "{}年{}月{}日 {:02}:{:02}",
        at.year, at.month, at.day, at.hour, at.minute
    )
}

// Storage of the demo bank (rules 6 and 7).

/// Shown when some tokens issued in the demo kit could not be read back.
pub const ISSUED_TOKENS_DROPPED: &str =
    "保存されていたデモのトークンの一部が読み取れなかったため、そのトークンを削除しました。";
/// Shown when storage does not take writes: the demo goes on, but what changes from now on lasts
/// only until the page is reloaded (what storage already held is still read at the reload).
pub const STORAGE_UNWRITABLE: &str =
    "このブラウザではデモのデータを保存できないため、これからの変更は再読み込みすると失われます。";

/// The page notice for what the bank says about itself.
pub fn bank_notice(notice: crate::bank::BankNotice) -> &'static str {
    use crate::bank::BankNotice;
    match notice {
        BankNotice::StorageReset => STORAGE_RESET,
        BankNotice::IssuedTokensDropped => ISSUED_TOKENS_DROPPED,
        BankNotice::StorageUnwritable => STORAGE_UNWRITABLE,
    }
}

// The demo kit's bank desk (当金庫での本人確認).

/// Heading of the kit's bank desk.
pub const KIT_DESK: &str = "当金庫での本人確認";
/// What the bank desk stands for.
pub const KIT_DESK_HOW: &str = "紛失・故障のお届けで利用停止になったトークンや、ロックされたトークンは、インターネットバンキングでは元に戻せません。当金庫が電話や窓口でご本人様を確認したあと、トークンの利用を停止します（デモでは、その銀行側の操作をここで行います）。停止後はワンタイムパスワードなしでログインでき、新しいトークンで「利用開始」からご登録いただけます。";
/// When nobody waits at the bank desk.
pub const KIT_DESK_NONE: &str = "現在、当金庫での本人確認が必要なお客様はいません。";
/// Why a customer waits at the desk: the token was reported lost or broken.
pub const KIT_DESK_SUSPENDED: &str = "紛失・故障のお届けにより利用停止中";
/// Why a customer waits at the desk: the token is locked by wrong codes.
pub const KIT_DESK_LOCKED: &str = "ワンタイムパスワードの誤りによりロック中";

/// A customer waiting at the bank desk, e.g. "佐藤 一郎 様：紛失・故障のお届けにより利用停止中".
pub fn kit_desk_status(name: &str, reason: &str) -> String {
    format!("{name} 様：{reason}")
}

/// The bank desk's button for a customer.
pub fn kit_desk_button(name: &str) -> String {
    format!("{name} 様の本人確認を済ませ、トークンの利用を停止する")
}

/// After the bank desk stopped a customer's token.
pub fn kit_desk_done(name: &str) -> String {
    format!("{name} 様のトークンの利用を停止しました。ワンタイムパスワードなしでログインできます。")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_time_is_written_with_a_kanji_date_and_a_two_digit_clock() {
        let at = JstDateTime {
            year: 2027,
            month: 1,
            day: 1,
            hour: 0,
            minute: 5,
        };
        assert_eq!(date_time(at), "2027年1月1日 00:05");
    }
}
