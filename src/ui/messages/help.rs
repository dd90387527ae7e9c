//! Help texts: the topics ([`HelpTopic`]) of この画面のヘルプ and ヘルプ一覧, their titles and paragraphs.

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
            "現在お使いのトークンに表示されているワンタイムパスワードと、新しいトークンのシリアル番号・ワンタイムパスワードを入力してください。両方のトークンがお手元に必要です。現在お使いのトークンの番号では交換できません。",
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
            "トークンが停止されている間は、インターネットバンキングでトークンの交換や利用中止はできません。",
            LOCK_LIFTED_BY,
        ],
        HelpTopic::LostToken => &[
            "トークンを紛失・故障した場合は、すぐに当金庫までご連絡ください。",
            "「利用中止」の画面で「トークンを紛失・故障した場合」を選ぶと、お客様カードの確認用パスワードで紛失・故障のお届けができます。お届けと同時にトークンは使えなくなります。",
            "安全のため、当金庫でご本人様の確認ができるまでログインはできません。確認後、新しいトークンをご用意のうえ「利用開始」からご登録ください。",
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

/// How a lock is lifted, in the help: by the bank; with the demo kit, also by the kit.
#[cfg(feature = "demo")]
const LOCK_LIFTED_BY: &str = "停止の解除は当金庫までお問い合わせください。（デモでは、デモキットの「当金庫での本人確認」または「デモデータを初期化」で解除できます）";
/// How a lock is lifted, in the help: by the bank.
#[cfg(not(feature = "demo"))]
const LOCK_LIFTED_BY: &str = "停止の解除は当金庫までお問い合わせください。";
