//! Error wording: the message for each input rule a field's value can break ([`field_error`]) and
//! for each refusal by the bank ([`bank_error`]).

use crate::domain::errors::BankError;
use crate::domain::input::FieldError;

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
        NewTokenRefused => "シリアル番号またはワンタイムパスワードが正しくありません。お手元のトークンのシリアル番号（ハードウェアトークンは裏面、ソフトウェアトークンは画面下）と、表示されている最新の6桁の数字をお確かめください。",
        SerialInUse => "このトークンはほかのお客様がご利用中のため登録できません。お手元のトークンのシリアル番号をお確かめください。",
        WrongCode => "ワンタイムパスワードが正しくありません。トークンに表示されている最新の6桁の数字を入力してください。",
        ClockDrift | NewTokenClockDrift => "ワンタイムパスワードが一致しません。トークンの時刻がずれている可能性があります。ソフトウェアトークンはスマートフォンの日付と時刻を「自動設定」にしてから、新しく表示された数字を入力してください。ハードウェアトークンの場合は当金庫までお問い合わせください。",
        CodeUsed | NewTokenCodeUsed => "このワンタイムパスワードはすでに使われたか、受け付けられなかった数字です。トークンに次の数字が表示されるまでお待ちください。",
        TokenLocked => "ワンタイムパスワードを続けて間違えたため、このトークンの利用を停止しています。停止中はインターネットバンキングでの交換・利用中止はできません。お手数ですが当金庫までお問い合わせください。（デモでは、デモキットの「当金庫での本人確認」で解除できます）",
        TokenSuspended => "トークンの紛失・故障のお届けにより、ワンタイムパスワードの利用を停止しています。当金庫でご本人様の確認ができるまでログインやお手続きはできません。お手数ですが当金庫までご連絡ください。（デモでは、デモキットの「当金庫での本人確認」で解除できます）",
        NewTokenLocked => "トークンの登録を続けて失敗したため、トークンの登録を停止しています。当金庫までお問い合わせください。（デモでは「デモデータを初期化」で解除できます）",
        WrongCard => "確認用パスワードが正しくありません。お客様カードの(1)、(2)の位置の数字をご確認ください。",
        CardLocked => "確認用パスワードを続けて間違えたため、お手続きを停止しています。当金庫までお問い合わせください。（デモでは「デモデータを初期化」で解除できます）",
        FlowExpired => "一定時間（10分）操作がなかったため、お手続きを中断しました。お手数ですが、利用者認証からやり直してください。",
        FlowInvalid => "お手続きを続けられませんでした。お手数ですが、利用者認証からやり直してください。",
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
}
