//! What a message is about: the field an input error names ([`Field`]) and the screen or topic a
//! help text explains ([`HelpTopic`]), the same in every language.

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
    /// 時刻補正's 1つ目 (1) or 2つ目 (2) ワンタイムパスワード: worded as [`Field::Otp`], saying which.
    ResyncCode(u8),
    /// A 確認用パスワード digit: its position (1 or 2) and column katakana, labelled e.g. "(1)(ウ)".
    CardDigit(u8, &'static str),
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
    /// 時刻補正: two consecutive codes from the token in use.
    Resync,
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
    pub const ALL: [HelpTopic; 17] = [
        HelpTopic::Login,
        HelpTopic::LoginCode,
        HelpTopic::Top,
        HelpTopic::Auth,
        HelpTopic::StartRegister,
        HelpTopic::ExchangeRegister,
        HelpTopic::StopToken,
        HelpTopic::Confirm,
        HelpTopic::Result,
        HelpTopic::Resync,
        HelpTopic::WhereToFind,
        HelpTopic::Drift,
        HelpTopic::Locked,
        HelpTopic::LostToken,
        HelpTopic::LoginTrouble,
        HelpTopic::OtpGuide,
        HelpTopic::Environment,
    ];
}
