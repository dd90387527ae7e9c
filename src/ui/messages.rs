//! Every Japanese sentence the screens show, in one place, so wording is reviewed together and the
//! views stay free of copy. Labels and texts follow the bank's guide (DESIGN.md, seed).

use crate::domain::bank::{BankError, FlowKind};
use crate::domain::input::{FieldError, TokenModel};

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
pub const EXCHANGE_INSTRUCTIONS: &str = "新しいトークンのシリアル番号と、新しいトークンに表示されているワンタイムパスワードを入力してください。交換が完了すると、現在のトークンは使えなくなります。";
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
pub const LOST_TOKEN_HOW: &str = "ワンタイムパスワードを表示できない場合は、お客様カードの確認用パスワードだけで利用を中止できます。";
/// The lost-token path's button.
pub const LOST_TOKEN_BUTTON: &str = "紛失・故障のため利用を中止する";
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
pub fn go_to_flow(kind: FlowKind) -> String {
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
pub fn top_status(model: TokenModel, masked_serial: &str, login_otp: bool) -> String {
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
pub fn flow_title(kind: FlowKind) -> &'static str {
    match kind {
        FlowKind::Start => "ワンタイムパスワード利用開始",
        FlowKind::Exchange => "ワンタイムパスワード交換",
        FlowKind::Stop => "ワンタイムパスワード利用中止",
        FlowKind::Login => "ワンタイムパスワード認証",
    }
}

/// A flow's steps, in order (the step indicator).
pub fn flow_steps(kind: FlowKind) -> &'static [&'static str] {
    match kind {
        FlowKind::Exchange => &["利用者認証", "新しいトークンの登録", "確認", "処理結果"],
        FlowKind::Stop => &[
            "利用者認証",
            "ワンタイムパスワードの確認",
            "確認",
            "処理結果",
        ],
        FlowKind::Start | FlowKind::Login => &[
            "利用者認証",
            "ワンタイムパスワードの登録",
            "確認",
            "処理結果",
        ],
    }
}

/// What 利用者認証 says the flow will do.
pub fn flow_intro(kind: FlowKind) -> &'static str {
    match kind {
        FlowKind::Exchange => "お使いのトークンを新しいトークンに交換します。交換が完了すると、これまでのトークンは使えなくなります。",
        FlowKind::Stop => "ワンタイムパスワードの利用を中止します。中止すると、ログイン時にワンタイムパスワードの入力が不要になります。",
        FlowKind::Start | FlowKind::Login => "ワンタイムパスワードの利用登録を開始します。",
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

/// A field, for wording its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// 契約者ID（利用者番号）.
    ContractId,
    /// ログインパスワード (called パスワード on the login screen).
    Password,
    /// シリアル番号.
    Serial,
    /// ワンタイムパスワード.
    Otp,
    /// A 確認用パスワード digit: its position (1 or 2) and column katakana, labelled e.g. "(1)(ウ)".
    CardDigit(u8, &'static str),
}

/// The message for a field whose value broke an input rule.
pub fn field_error(field: Field, error: FieldError) -> String {
    use FieldError::*;
    match (field, error) {
        (Field::ContractId, Empty) => "契約者ID（利用者番号）を入力してください。".into(),
        (Field::ContractId, TooShort) => {
            "契約者ID（利用者番号）は11桁の数字です。桁数が足りません。お客様カードでご確認ください。".into()
        }
        (Field::ContractId, TooLong) => {
            "契約者ID（利用者番号）は11桁の数字です。桁数が多すぎます。お客様カードでご確認ください。".into()
        }
        (Field::ContractId, _) => "契約者ID（利用者番号）は数字で入力してください。".into(),
        (Field::Password, Empty) => "ログインパスワードを入力してください。".into(),
        (Field::Password, TooShort) => "ログインパスワードは6文字以上で入力してください。".into(),
        (Field::Password, TooLong) => "ログインパスワードは12文字以内で入力してください。".into(),
        (Field::Password, _) => {
            "ログインパスワードは半角の英字と数字で入力してください。記号・全角文字・空白は使えません。".into()
        }
        (Field::Serial, Empty) => "シリアル番号を入力してください。".into(),
        (Field::Serial, TooShort) => {
            "シリアル番号は英字4文字と数字8桁の12文字です。文字数が足りません。".into()
        }
        (Field::Serial, TooLong) => {
            "シリアル番号は英字4文字と数字8桁の12文字です。文字数が多すぎます。".into()
        }
        (Field::Serial, WrongFormat) => {
            "シリアル番号は英字4文字のあとに数字8桁を続けて入力してください（例：SKTS12345678）。".into()
        }
        (Field::Serial, UnknownPrefix) => {
            "当金庫のトークンのシリアル番号ではありません。先頭の英字4文字（SKTS または SKHT）をご確認ください。".into()
        }
        (Field::Serial, WrongCharacters) => "シリアル番号は英字と数字で入力してください。".into(),
        (Field::Otp, Empty) => "ワンタイムパスワードを入力してください。".into(),
        (Field::Otp, TooShort) => "ワンタイムパスワードは6桁の数字です。桁数が足りません。".into(),
        (Field::Otp, TooLong) => "ワンタイムパスワードは6桁の数字です。桁数が多すぎます。".into(),
        (Field::Otp, _) => "ワンタイムパスワードは数字で入力してください。".into(),
        (Field::CardDigit(n, column), Empty) => format!("({n})({column})の数字を入力してください。"),
        (Field::CardDigit(n, column), TooLong) => {
            format!("({n})({column})には数字を1桁だけ入力してください。")
        }
        (Field::CardDigit(n, column), _) => format!("({n})({column})は数字1桁で入力してください。"),
    }
}

/// The message for a refusal by the bank.
pub fn bank_error(error: BankError) -> &'static str {
    use BankError::*;
    match error {
        BadCredentials => "契約者ID（利用者番号）またはパスワードが正しくありません。お確かめのうえ、もう一度入力してください。",
        LoginLocked => "パスワードを続けて間違えたため、ログインを停止しています。当金庫までお問い合わせください。（デモでは「デモデータを初期化」で解除できます）",
        AlreadyEnrolled => "このお客様はすでにワンタイムパスワードをご利用中です。トークンを替える場合は「交換」、利用をやめる場合は「利用中止」からお手続きください。",
        NotEnrolled => "このお客様はワンタイムパスワードをまだご利用ではありません。はじめてお使いになる場合は「利用開始」からお手続きください。",
        SameToken => "入力されたシリアル番号は、現在ご利用中のトークンです。新しいトークンのシリアル番号を入力してください。",
        UnknownSerial => "このシリアル番号のトークンは見つかりません。トークン（ハードウェアトークンは裏面、ソフトウェアトークンは画面下）に表示されたシリアル番号をお確かめください。",
        SerialInUse => "このトークンはほかのお客様がご利用中のため登録できません。お手元のトークンのシリアル番号をお確かめください。",
        WrongCode => "ワンタイムパスワードが正しくありません。トークンに表示されている最新の6桁の数字を入力してください。",
        ClockDrift => "ワンタイムパスワードが一致しません。トークンの時刻がずれている可能性があります。ソフトウェアトークンはスマートフォンの日付と時刻を「自動設定」にしてから、新しく表示された数字を入力してください。ハードウェアトークンの場合は当金庫までお問い合わせください。",
        CodeUsed => "このワンタイムパスワードはすでに使われています。トークンに次の数字が表示されるまでお待ちください。",
        TokenLocked => "ワンタイムパスワードを続けて間違えたため、このトークンの利用を停止しています。当金庫までお問い合わせください。（デモでは「デモデータを初期化」で解除できます）",
        WrongCard => "確認用パスワードが正しくありません。お客様カードの(1)、(2)の位置の数字をご確認ください。",
        CardLocked => "確認用パスワードを続けて間違えたため、お手続きを停止しています。当金庫までお問い合わせください。（デモでは「デモデータを初期化」で解除できます）",
        FlowExpired => "一定時間（10分）操作がなかったため、お手続きを中断しました。お手数ですが、利用者認証からやり直してください。",
        FlowInvalid => "お手続きを続けられませんでした。お手数ですが、利用者認証からやり直してください。",
    }
}

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
pub fn login_otp_choice(login_otp: bool) -> &'static str {
    if login_otp {
        LOGIN_OTP_ON
    } else {
        LOGIN_OTP_OFF
    }
}

/// Unix seconds as a Japanese date and time in JST, e.g. "2026年11月24日 18:05".
pub fn jst_datetime(unix_seconds: u64) -> String {
    let t = unix_seconds + 9 * 3600;
    let (days, secs) = (t / 86_400, t % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year}年{month}月{day}日 {:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60
    )
}

/// A help text: which screen or topic it explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpTopic {
    /// ログイン.
    Login,
    /// ログイン's one-time password step.
    LoginCode,
    /// The page after login.
    Top,
    /// 利用者認証 (all three flows).
    Auth,
    /// 利用開始: ワンタイムパスワードの登録.
    StartRegister,
    /// 交換: 新しいトークンの登録.
    ExchangeRegister,
    /// 利用中止: ワンタイムパスワードの確認.
    StopToken,
    /// 確認用パスワード入力 (all three flows).
    Confirm,
    /// 処理結果 (all three flows).
    Result,
    /// Where the serial and the code are on each kind of token.
    WhereToFind,
    /// When the token's clock is off.
    Drift,
    /// When login, a token or the card confirmation is locked.
    Locked,
    /// A lost or broken token.
    LostToken,
    /// ログインでお困りの場合はこちら.
    LoginTrouble,
    /// ワンタイムパスワードのご案内.
    OtpGuide,
    /// ご利用推奨環境.
    Environment,
}

impl HelpTopic {
    /// Every topic, in the order ヘルプ一覧 lists them.
    pub const ALL: [HelpTopic; 16] = [
        HelpTopic::Login,
        HelpTopic::LoginCode,
        HelpTopic::Top,
        HelpTopic::Auth,
        HelpTopic::StartRegister,
        HelpTopic::ExchangeRegister,
        HelpTopic::StopToken,
        HelpTopic::Confirm,
        HelpTopic::Result,
        HelpTopic::WhereToFind,
        HelpTopic::Drift,
        HelpTopic::Locked,
        HelpTopic::LostToken,
        HelpTopic::LoginTrouble,
        HelpTopic::OtpGuide,
        HelpTopic::Environment,
    ];
}

/// A help text's title (in ヘルプ一覧).
pub fn help_title(topic: HelpTopic) -> &'static str {
    match topic {
        HelpTopic::Login => "ログイン画面",
        HelpTopic::LoginCode => "ログイン時のワンタイムパスワード入力",
        HelpTopic::Top => "ログイン後の画面",
        HelpTopic::Auth => "利用者認証（利用開始・交換・利用中止）",
        HelpTopic::StartRegister => "ワンタイムパスワードの登録（利用開始）",
        HelpTopic::ExchangeRegister => "新しいトークンの登録（交換）",
        HelpTopic::StopToken => "ワンタイムパスワードの確認（利用中止）",
        HelpTopic::Confirm => "確認用パスワード入力",
        HelpTopic::Result => "処理結果",
        HelpTopic::WhereToFind => "シリアル番号とワンタイムパスワードの場所",
        HelpTopic::Drift => "正しい数字を入力しても受け付けられない場合",
        HelpTopic::Locked => "ご利用が停止された場合",
        HelpTopic::LostToken => "トークンを紛失・故障した場合",
        HelpTopic::LoginTrouble => "ログインでお困りの場合",
        HelpTopic::OtpGuide => "ワンタイムパスワードのご案内",
        HelpTopic::Environment => "ご利用推奨環境",
    }
}

/// The paragraphs of a help text.
pub fn help(topic: HelpTopic) -> &'static [&'static str] {
    match topic {
        HelpTopic::Login => &[
            "契約者ID（利用者番号）はお客様カードの表面に記載の11桁の数字です。全角で入力しても自動で半角に変換します。",
            "パスワードは半角英数字6〜12文字です。大文字と小文字は区別されます。「ソフトウェアキーボード入力」を押すと、画面上のキーボードで入力できます（キーの並びは開くたびに変わります）。",
            "ワンタイムパスワードを初めてお使いになる場合は「利用開始」、トークンを替える場合は「交換」、利用をやめる場合は「利用中止」からお手続きください。",
        ],
        HelpTopic::LoginCode => &[
            "「ログイン時のワンタイムパスワード認証」を「認証する」にされたお客様は、パスワードのあとにワンタイムパスワードの入力が必要です。",
            "トークンに表示されている6桁の数字を入力してください。数字は30秒ごとに変わります。一度使った数字は使えません。",
        ],
        HelpTopic::Top => &[
            "ログインしています。ワンタイムパスワードのご利用状況を表示しています。",
            "お取引が終わりましたら、必ず「ログアウト」を押してください。",
        ],
        HelpTopic::Auth => &[
            "お手元にお客様カードと、ソフトウェアトークン（スマートフォンのアプリ）またはハードウェアトークンをご用意ください。",
            "契約者ID（利用者番号）と、現在ご利用のログインパスワードを入力し、「次へ」を押してください。パスワードを5回続けて間違えるとログインが停止されます。",
        ],
        HelpTopic::StartRegister => &[
            "ご用意いただいたトークンのシリアル番号と、トークンに表示されているワンタイムパスワードを入力してください。",
            "シリアル番号は、ハードウェアトークンは裏面、ソフトウェアトークンはアプリ画面の下に表示されています。英字4文字と数字8桁です。",
            "「ログイン時のワンタイムパスワード認証要否」で「認証する」を選ぶと、ログインのたびにワンタイムパスワードが必要になり、より安全です。",
        ],
        HelpTopic::ExchangeRegister => &[
            "新しいトークンのシリアル番号と、新しいトークンに表示されているワンタイムパスワードを入力してください。現在お使いのトークンの番号では交換できません。",
            "交換が完了した時点で、これまでのトークンは使えなくなります。ログイン時の認証要否は、変更しない限りこれまでの設定を引き継ぎます。",
        ],
        HelpTopic::StopToken => &[
            "現在お使いのトークンに表示されているワンタイムパスワードを入力してください。",
            "トークンを紛失・故障してワンタイムパスワードを表示できない場合は、「トークンを紛失・故障した場合」からお手続きください。あわせて当金庫へのご連絡が必要です。",
        ],
        HelpTopic::Confirm => &[
            "お客様カードの裏面の確認用パスワード欄（ア〜ク）のうち、画面の(1)、(2)の位置にある数字をそれぞれ1桁ずつ入力してください。",
            "続けて3回間違えるとお手続きが停止されます。",
        ],
        HelpTopic::Result => &[
            "お手続きの結果です。シリアル番号は安全のため下4桁のみ表示しています。",
            "登録したトークンは、次回のログインやお振込などのお取引でお使いいただけます。トークンは大切に保管してください。",
        ],
        HelpTopic::WhereToFind => &[
            "ハードウェアトークン：シリアル番号は裏面に記載されています。ワンタイムパスワードはボタンを押すと表示され、しばらくすると消えます。",
            "ソフトウェアトークン：アプリ「しんきん（個人）ワンタイムパスワード」の画面中央にワンタイムパスワード、画面下にシリアル番号が表示されています。",
        ],
        HelpTopic::Drift => &[
            "ワンタイムパスワードは時刻をもとに作られます。トークンの時刻がずれていると、正しく入力しても受け付けられないことがあります。",
            "ソフトウェアトークンの場合は、スマートフォンの日付と時刻を「自動設定」にしてから、新しく表示された数字を入力してください。ハードウェアトークンの場合は当金庫までお問い合わせください。",
        ],
        HelpTopic::Locked => &[
            "パスワードを5回、ワンタイムパスワードを5回、確認用パスワードを3回続けて間違えると、安全のためご利用を停止します。停止中は正しく入力しても受け付けられません。",
            "停止の解除は当金庫までお問い合わせください。（デモでは、デモキットの「デモデータを初期化」で解除できます）",
        ],
        HelpTopic::LostToken => &[
            "トークンを紛失・故障した場合は、すぐに当金庫までご連絡ください。",
            "「利用中止」の画面で「トークンを紛失・故障した場合」を選ぶと、お客様カードの確認用パスワードで利用を中止できます。新しいトークンをご用意のうえ、あらためて「利用開始」からご登録ください。",
        ],
        HelpTopic::LoginTrouble => &[
            "契約者ID（利用者番号）がわからない場合は、お客様カードの表面をご確認ください。",
            "パスワードを続けて間違えるとログインが停止されます。停止された場合は当金庫までお問い合わせください。",
            "ワンタイムパスワードが受け付けられない場合は、トークンの時刻のずれや、一度使った数字の再入力でないかをご確認ください。トークンを紛失・故障した場合は、すぐに当金庫までご連絡ください。",
        ],
        HelpTopic::OtpGuide => &[
            "ワンタイムパスワードは、30秒ごとに変わる使い捨てのパスワードです。トークンに表示され、一度使うと同じ数字は使えません。",
            "ソフトウェアトークンは、スマートフォンにアプリ「しんきん（個人）ワンタイムパスワード」（App Store・Google Play）をダウンロードしてご利用ください。ハードウェアトークンは当金庫までお問い合わせください。",
            "インターネットバンキングによる振込等のお取引には、ワンタイムパスワードが必要です。",
        ],
        HelpTopic::Environment => &[
            "パソコン：最新版の Google Chrome、Microsoft Edge、Mozilla Firefox、Safari（Mac）。",
            "スマートフォン・タブレット：最新の iOS / iPadOS の Safari、Android の Google Chrome。",
            "JavaScript と WebAssembly が有効である必要があります。画面の文字が小さい場合は、画面上部の「文字サイズ」で「拡大」を選んでください。",
        ],
    }
}

// Storage of the demo bank (rules 6 and 7).

/// Shown when some tokens issued in the demo kit could not be read back.
pub const ISSUED_TOKENS_DROPPED: &str =
    "保存されていたデモのトークンの一部が読み取れなかったため、そのトークンを削除しました。";
/// Shown when storage does not take writes: the demo goes on, but only until the page is reloaded.
pub const STORAGE_UNWRITABLE: &str =
    "このブラウザではデモのデータを保存できないため、再読み込みすると初期状態に戻ります。";

/// The page notice for what the bank says about itself.
pub fn bank_notice(notice: crate::bank::BankNotice) -> &'static str {
    use crate::bank::BankNotice;
    match notice {
        BankNotice::StorageReset => STORAGE_RESET,
        BankNotice::IssuedTokensDropped => ISSUED_TOKENS_DROPPED,
        BankNotice::StorageUnwritable => STORAGE_UNWRITABLE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_error_has_its_own_message() {
        use FieldError::*;
        for field in [Field::ContractId, Field::Password, Field::Otp] {
            let texts: Vec<String> = [Empty, TooShort, TooLong, WrongCharacters]
                .iter()
                .map(|&e| field_error(field, e))
                .collect();
            for (i, a) in texts.iter().enumerate() {
                for b in &texts[i + 1..] {
                    assert_ne!(a, b, "{field:?}");
                }
            }
        }
        let serial: Vec<String> = [
            Empty,
            TooShort,
            TooLong,
            WrongCharacters,
            WrongFormat,
            UnknownPrefix,
        ]
        .iter()
        .map(|&e| field_error(Field::Serial, e))
        .collect();
        for (i, a) in serial.iter().enumerate() {
            for b in &serial[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn jst_datetime_formats_in_japan_time() {
        // 2026-11-24T09:00:00Z is 18:00 in Japan.
        assert_eq!(jst_datetime(1_795_510_800), "2026年11月24日 18:00");
        assert_eq!(jst_datetime(0), "1970年1月1日 09:00");
    }
}
