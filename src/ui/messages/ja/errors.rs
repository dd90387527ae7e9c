//! Japanese error wording: the message for each input rule a field's value can break, for each
//! refusal by the bank, and for each way a call to the bank's server can fail to bring an answer.

use crate::bank::Unavailable;
use crate::domain::errors::BankError;
use crate::domain::input::FieldError;
use crate::ui::messages::Field;

/// The message for a field whose value broke an input rule.
pub(super) fn field_error(field: Field, error: FieldError) -> String {
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
        (Field::ResyncCode(n), e) => format!("{n}つ目：{}", field_error(Field::Otp, e)),
        (Field::CardDigit(n, column), Empty) => format!("({n})({column})の数字を入力してください。"),
        (Field::CardDigit(n, column), TooLong) => {
            format!("({n})({column})には数字を1桁だけ入力してください。")
        }
        (Field::CardDigit(n, column), _) => format!("({n})({column})は数字1桁で入力してください。"),
    }
}

/// The bank's words for a refusal, the same in every build.
pub(super) fn refusal(error: BankError) -> &'static str {
    use BankError::*;
    match error {
        BadCredentials => "契約者ID（利用者番号）またはパスワードが正しくありません。お確かめのうえ、もう一度入力してください。",
        LoginLocked => "パスワードを続けて間違えたため、ログインを停止しています。当金庫までお問い合わせください。",
        AlreadyEnrolled => "このお客様はすでにワンタイムパスワードをご利用中です。トークンを替える場合は「交換」、利用をやめる場合は「利用中止」からお手続きください。",
        NotEnrolled => "このお客様はワンタイムパスワードをまだご利用ではありません。はじめてお使いになる場合は「利用開始」からお手続きください。",
        SameToken => "入力されたシリアル番号は、現在ご利用中のトークンです。新しいトークンのシリアル番号を入力してください。",
        NewTokenRefused => "シリアル番号またはワンタイムパスワードが正しくありません。お手元のトークンのシリアル番号（ハードウェアトークンは裏面、ソフトウェアトークンは画面下）と、表示されている最新の6桁の数字をお確かめください。",
        SerialInUse => "このトークンはほかのお客様がご利用中のため登録できません。お手元のトークンのシリアル番号をお確かめください。",
        WrongCode => "ワンタイムパスワードが正しくありません。トークンに表示されている最新の6桁の数字を入力してください。",
        // The token in use can be put right by 時刻補正; a new token is not the customer's yet.
        ClockDrift => "ワンタイムパスワードが一致しません。トークンの時刻がずれている可能性があります。ソフトウェアトークンはスマートフォンの日付と時刻を「自動設定」にしてから、新しく表示された数字を入力してください。ハードウェアトークンの場合は「時刻補正」でトークンの時刻を補正してください。",
        NewTokenClockDrift => "ワンタイムパスワードが一致しません。トークンの時刻がずれている可能性があります。ソフトウェアトークンはスマートフォンの日付と時刻を「自動設定」にしてから、新しく表示された数字を入力してください。ハードウェアトークンの場合は当金庫までお問い合わせください。",
        CodeUsed | NewTokenCodeUsed => "このワンタイムパスワードはすでに使われたか、受け付けられなかった数字です。トークンに次の数字が表示されるまでお待ちください。",
        TokenLocked => "ワンタイムパスワードを続けて間違えたため、このトークンの利用を停止しています。停止中はインターネットバンキングでの交換・利用中止はできません。お手数ですが当金庫までお問い合わせください。",
        TokenSuspended => "トークンの紛失・故障のお届けにより、ワンタイムパスワードの利用を停止しています。当金庫でご本人様の確認ができるまでログインやお手続きはできません。お手数ですが当金庫までご連絡ください。",
        NewTokenLocked => "トークンの登録を続けて失敗したため、トークンの登録を停止しています。当金庫までお問い合わせください。",
        ResyncNotFound => "入力された2つのワンタイムパスワードでは、トークンの時刻を補正できませんでした。トークンに続けて表示された2つの数字を、表示された順にお確かめください。トークンの時刻が10分以上ずれている場合は、当金庫までお問い合わせください。",
        ResyncAmbiguous => "トークンの時刻を補正できませんでした。お手数ですが、トークンに新しく表示される2つの数字で、もう一度お試しください。",
        WrongCard => "確認用パスワードが正しくありません。お客様カードの(1)、(2)の位置の数字をご確認ください。",
        CardLocked => "確認用パスワードを続けて間違えたため、お手続きを停止しています。当金庫までお問い合わせください。",
        FlowExpired => "一定時間（10分）操作がなかったため、お手続きを中断しました。お手数ですが、利用者認証からやり直してください。",
        FlowInvalid => "お手続きを続けられませんでした。お手数ですが、利用者認証からやり直してください。",
    }
}

/// The message for a call to the bank's server that brought no usable answer. Each says what
/// happened and what to do; what was typed stays on the screen, so the way to try again is the
/// same button.
pub(super) fn call_failed(failure: Unavailable) -> String {
    use Unavailable::*;
    match failure {
        Unreachable => "通信ができませんでした。インターネットに接続されているかをご確認のうえ、もう一度お試しください。".into(),
        Timeout => "サーバーからの応答がないため、処理を中断しました。通信環境をご確認のうえ、しばらくしてからもう一度お試しください。".into(),
        ServerError => "ただいまシステムが混み合っているか、障害が発生しているため、お手続きを完了できませんでした。しばらくしてから、もう一度お試しください。".into(),
        RateLimited { retry_after: Some(seconds) } => format!(
            "ただいまお手続きが集中しているため、受け付けを一時的に制限しています。{}ほど待ってから、もう一度お試しください。",
            wait(seconds)
        ),
        RateLimited { retry_after: None } => "ただいまお手続きが集中しているため、受け付けを一時的に制限しています。しばらく待ってから、もう一度お試しください。".into(),
        Unreadable => "サーバーからの応答を正しく受け取れませんでした。しばらくしてから、もう一度お試しください。".into(),
        Rejected => "お手続きを受け付けることができませんでした。お手数ですが、画面を再読み込みしてからもう一度お試しください。".into(),
        // Never shown (the screen was left), but worded like the others if it ever were.
        Aborted => "お手続きを中断しました。もう一度お試しください。".into(),
    }
}

/// A wait in words: seconds under a minute, else whole minutes rounded up.
fn wait(seconds: u64) -> String {
    if seconds < 60 {
        format!("{seconds}秒")
    } else {
        format!("{}分", seconds.div_ceil(60))
    }
}
