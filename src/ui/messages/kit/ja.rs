//! The demo kit's texts in Japanese.

use super::KitMessages;
use crate::domain::totp::STEP_SECONDS;
use crate::ui::messages::{ja::JA, DemoWords};
use crate::ui::prefs::Language;
use crate::ui::tour::steps::{KitShows, StepId, CUSTOMER};

/// Every text of the kit in Japanese.
pub static JA_KIT: KitMessages = KitMessages {
    language: Language::Japanese,
    demo_kit: "デモキット",
    card_name_suffix: " お客様カード",
    card_confirmation_row: "確認用パスワード",
    demo_password: "ログインパスワード（デモ用）：",
    hw_button: "押す",
    hw_turn_front: "表に戻す",
    hw_turn_back: "裏返す",
    kit_token_free: "未登録",
    kit_summary: "デモキット（お客様カード・トークン）",
    kit_intro: "このデモで使うお客様カードとトークンです。実際のお取引では、お手元のカードとトークンをお使いください。",
    kit_cards: "お客様カード",
    kit_tokens: "トークン",
    kit_issue: "新しいトークンを発行",
    kit_issue_how: "安全な乱数（160ビット）から新しいトークンを作り、デモ用のトークン発行元に登録します。",
    kit_issue_software: "ソフトウェアトークンを発行",
    kit_issue_hardware: "ハードウェアトークンを発行",
    kit_failure_dismiss: "このお知らせを閉じる",
    kit_no_token: "表示できるトークンがありません。「新しいトークンを発行」で発行してください。",
    kit_data: "デモデータ",
    kit_reset_confirm_name: "デモデータの初期化の確認",
    kit_reset_yes: "初期化する",
    kit_reset_no: "やめる",
    kit_reset: "デモデータを初期化",
    kit_qr_how: "スマートフォンの認証アプリ（Google Authenticator など）でQRコードを読み取ると、このトークンと同じワンタイムパスワードが表示されます。",
    skew_slower: "30秒遅らせる",
    skew_faster: "30秒進める",
    skew_reset: "ずれを戻す",
    app_serial: "シリアル番号 ",
    back_to_demo: "デモに戻る",
    demo_reset_confirm: "登録したトークン、発行したトークン、ロック状態をすべて消し、最初の状態に戻します。よろしいですか？",
    demo_reset_done: "デモデータを初期化しました。",
    kit_desk: "当金庫での本人確認",
    kit_desk_how: "紛失・故障のお届けで利用停止になったトークンや、ロックされたトークンは、インターネットバンキングでは元に戻せません。当金庫が電話や窓口でご本人様を確認したあと、トークンの利用を停止します（デモでは、その銀行側の操作をここで行います）。停止後はワンタイムパスワードなしでログインでき、新しいトークンで「利用開始」からご登録いただけます。",
    kit_desk_none: "現在、当金庫での本人確認が必要なお客様はいません。",
    kit_desk_suspended: "紛失・故障のお届けにより利用停止中",
    kit_desk_locked: "ワンタイムパスワードの誤りによりロック中",
    tour: "ツアー",
    tour_next: "次の手順",
    tour_back: "前の手順",
    tour_exit: "ツアーを終了",
    tour_do_it: "お任せ入力",
    tour_done: "この手順は済みました。「次の手順」へ進みます。",
    tour_position: |step, total| format!("ツアー 手順 {step}/{total}"),
    tour_step: |step| match step {
        StepId::StartOpen => ("「利用開始」を押します。", "山田 花子様はまだトークンを登録していません。"),
        StepId::StartAuth => ("お客様カードの契約者IDとログインパスワードを入力し、「次へ」を押します。", "トークンを契約に結び付ける前に、ご本人か確かめるためです。"),
        StepId::StartRegister => ("トークンのシリアル番号と、表示中のワンタイムパスワードを入力し、「次へ」を押します。", "パスワードが合えば、そのトークンがお手元にあるとわかります。"),
        StepId::StartCard | StepId::ExchangeCard | StepId::StopCard => ("カード裏面の、指定された2つの欄の数字を入力し、「実行」を押します。", "お手元のカードで、お手続きがご本人によるものか確かめます。"),
        StepId::StartDone => ("登録が完了しました。「ログイン画面へ」を押します。", "次回のログインから、ワンタイムパスワードを求めます。"),
        StepId::Login => ("契約者IDとパスワードで「ログイン」します。", "パスワードだけではログインは完了しません。"),
        StepId::LoginCode => ("トークンのワンタイムパスワードを入力し、「ログイン」を押します。", "パスワードが漏れても、トークンがなければログインできません。"),
        StepId::Top => ("ログインできました。「ログアウト」を押します。", "交換と利用中止は、ログイン画面から行います。"),
        StepId::ExchangeOpen => ("「交換」を押します。", "機種変更や電池切れで、新しいトークンに替えるときのお手続きです。"),
        StepId::ExchangeAuth | StepId::StopAuth => ("契約者IDとログインパスワードを入力し、「次へ」を押します。", "どのお手続きも、まずご本人か確かめます。"),
        StepId::ExchangeRegister => ("今のトークンのパスワード、新しいハードウェアトークン（裏面）のシリアル番号と、ボタンを押して出るパスワードを入力します。", "両方のトークンがお手元にあるか確かめます。"),
        StepId::ExchangeDone => ("交換が完了しました。「ログイン画面へ」を押します。", "古いトークンは、もう使えません。"),
        StepId::StopOpen => ("「利用中止」を押します。", "トークンを使わなくなるときのお手続きです。"),
        StepId::StopToken => ("止めるトークンのワンタイムパスワードを入力し、「次へ」を押します。", "他人に止められないためです。紛失したときは下の「トークンを紛失・故障した場合」から届け出ます。"),
        StepId::StopDone => ("利用中止が完了しました。ツアーは以上です。", "次回はワンタイムパスワードなしでログインし、利用開始からやり直せます。"),
    },
    tour_elsewhere: |screen| format!("この手順は「{screen}」の画面で行います。"),
    tour_kit: |shows| match shows {
        KitShows::Nothing => String::new(),
        KitShows::Card => format!("デモキットに{}様のお客様カードを開きました。", CUSTOMER.name),
        KitShows::Tokens(serials) => format!("デモキットにトークン {} を開きました。", serials.join("・")),
    },
    card_owner: |name| format!("{name} 様のお客様カード"),
    token_user: |name| format!("{name} 様が利用中"),
    software_token_name: |serial| format!("ソフトウェアトークン {serial}"),
    hardware_token_name: |serial| format!("ハードウェアトークン {serial}"),
    hardware_button_name: |serial| format!("{serial} のボタンを押す"),
    seconds_to_refresh: |seconds| format!("あと{seconds}秒で更新"),
    open_emulator_page: |model| format!("{model}を別の画面で開く"),
    token_issued: |model, serial| {
        format!(
            "新しい{} {serial} を発行しました。一覧の最後に追加されています。",
            JA.token_model(model)
        )
    },
    qr_summary: |serial| format!("{serial} を認証アプリで使う（QRコード）"),
    qr_name: |serial| format!("{serial} のQRコード"),
    clock_name: |serial| format!("{serial} の時計"),
    emulator_page_title: |model| format!("{model}（デモ）"),
    token_code_name: |serial| format!("{serial} のワンタイムパスワード"),
    skew_description: |steps| {
        let seconds = steps.unsigned_abs() * STEP_SECONDS;
        match steps {
            0 => "時計のずれ：なし".to_owned(),
            s if s > 0 => format!("時計のずれ：{seconds}秒進んでいます"),
            _ => format!("時計のずれ：{seconds}秒遅れています"),
        }
    },
    kit_desk_status: |name, reason| format!("{name} 様：{reason}"),
    kit_desk_button: |name| format!("{name} 様の本人確認を済ませ、トークンの利用を停止する"),
    kit_desk_done: |name| {
        format!("{name} 様のトークンの利用を停止しました。ワンタイムパスワードなしでログインできます。")
    },
    demo: DemoWords {
        lock_reset: "（デモでは「デモデータを初期化」で解除できます）",
        lock_desk: "（デモでは、デモキットの「当金庫での本人確認」で解除できます）",
        lock_lifted: "停止の解除は当金庫までお問い合わせください。（デモでは、デモキットの「当金庫での本人確認」または「デモデータを初期化」で解除できます）",
        title: "（デモ）",
    },
};
