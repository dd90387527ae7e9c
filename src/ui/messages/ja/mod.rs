//! Japanese: the bank's own words, following its customer guide (docs/design.md#screens).

mod errors;
mod help;

use super::Messages;
use crate::domain::date::JstDateTime;
use crate::domain::flows::Procedure;
use crate::domain::history::{Activity, Lock};
use crate::domain::input::TokenModel;
use crate::ui::prefs::Language;
use crate::ui::time_limit::Ending;

/// The software token app's name.
const APP: &str = "しんきん（個人）ワンタイムパスワード";
/// The date the old passwords end, in the register screen's notice.
const OLD_PASSWORD_END: &str = "2027年3月31日";

/// Every text in Japanese.
pub static JA: Messages = Messages {
    language: Language::Japanese,
    bank_name: "共同信用金庫",
    service_name: "個人インターネットバンキング",
    label_contract_id: "契約者ID（利用者番号）",
    label_login_password: "ログインパスワード",
    label_password: "パスワード",
    label_serial: "シリアル番号(半角英数字)",
    label_otp: "ワンタイムパスワード(半角数字)",
    label_login_otp_choice: "ログイン時のワンタイムパスワード認証要否",
    help_this_screen: "この画面のヘルプ",
    button_next: "次へ",
    button_back: "戻る",
    button_execute: "実行",
    button_login: "ログイン",
    button_to_login: "ログイン画面へ",
    button_logout: "ログアウト",
    badge_required: "必須",
    hint_contract_id: "お客様カードに記載の11桁の数字",
    hint_login_password: "現在ご利用のログインパスワード（半角英数字6〜12文字）",
    hint_serial: "英字4文字と数字8桁（例：SKTS12345678）",
    hint_otp: "トークンに表示されている6桁の数字",
    hint_current_otp: "現在ご利用中のトークンに表示されている6桁の数字",
    hint_login_otp_choice: "「認証する」を選ぶと、ログインのたびにワンタイムパスワードの入力が必要になります（おすすめ）。",
    prepare_title: "トークンの準備",
    prepare_any_token: "ソフトウェアトークンもしくはハードウェアトークン",
    new_token: "新しいトークン",
    auth_form_title: "契約者ID（利用者番号）・ログインパスワードの入力",
    prepare_software: "スマートフォンにソフトウェアトークンのアプリをダウンロードしてください。",
    prepare_hardware: "ホームページをご確認のうえ、当金庫までお問合せください。",
    software_token_case: "ソフトウェアトークンの場合",
    hardware_token_case: "ハードウェアトークンの場合",
    no_token_yet: "トークンをご用意されていない場合はこちら",
    register_title: "ワンタイムパスワードの登録",
    exchange_register_title: "新しいトークンの登録",
    start_notice_title: "【インターネットバンキングによる振込等のお取引には、ワンタイムパスワードが必要となります。】",
    start_notice_request: "お手数ですが、トークンをご用意いただいたうえ、本ページよりワンタイムパスワードの利用登録を行っていただきますようお願いいたします。",
    current_token: "現在ご利用中のトークン：",
    exchange_instructions: "現在ご利用中のトークンのワンタイムパスワードと、新しいトークンのシリアル番号・ワンタイムパスワードを入力してください。交換が完了すると、現在のトークンは使えなくなります。",
    label_current_otp: "現在のトークンのワンタイムパスワード(半角数字)",
    label_new_otp: "新しいトークンのワンタイムパスワード(半角数字)",
    hint_new_otp: "新しいトークンに表示されている6桁の数字",
    where_hw_serial: "シリアル番号は裏面を参照",
    where_hw_code: "ワンタイムパスワードはボタンを押して表示",
    where_sw_serial: "シリアル番号は画面下を参照",
    where_sw_code: "ワンタイムパスワードは画面中央に表示されている",
    login_otp_on: "認証する",
    login_otp_off: "認証しない",
    stop_token_title: "ワンタイムパスワードの確認",
    stop_which_token: "利用を中止するトークン：",
    stop_effect: "中止すると、このトークンのワンタイムパスワードは使えなくなり、ログイン時にワンタイムパスワードの入力が不要になります。",
    lost_token_title: "トークンを紛失・故障した場合",
    lost_token_how: "ワンタイムパスワードを表示できない場合は、お客様カードの確認用パスワードで紛失・故障のお届けができます。お届けと同時にトークンは使えなくなり、当金庫でご本人様の確認ができるまでログインできなくなります。",
    lost_token_button: "紛失・故障を届け出る",
    confirm_title: "確認用パスワード入力",
    confirm_instructions: "お客様カードの(1)、(2)に対応した数字を半角でそれぞれ入力してください。",
    result_title: "処理結果",
    result_started: "ワンタイムパスワードの利用登録が完了しました。",
    result_exchanged: "トークンの交換が完了しました。",
    result_stopped: "ワンタイムパスワードの利用を中止しました。",
    row_serial: "シリアル番号",
    row_model: "トークンの種類",
    row_login_otp: "ログイン時のワンタイムパスワード認証",
    row_started_at: "登録日時",
    row_old_token: "これまでのトークン",
    row_exchanged_at: "交換日時",
    row_stopped_token: "中止したトークン",
    row_stopped_at: "中止日時",
    result_old_token_dead: "これまでのトークンは、本日から使えません。以後は新しいトークンのワンタイムパスワードを入力してください。",
    next_login_with_otp: "次回のログインから、パスワードのあとにワンタイムパスワードの入力が必要になります。トークンをお手元にご用意ください。",
    next_login_without_otp: "ログイン時にワンタイムパスワードの入力は不要です。お振込などのお取引の際にワンタイムパスワードを入力してください。",
    result_suspended: "トークンの紛失・故障のお届けを受け付け、トークンを利用停止にしました。",
    result_suspended_next: "安全のため、当金庫でご本人様の確認ができるまでログインできません。お手数ですが当金庫までご連絡ください。確認後、新しいトークンで「利用開始」からご登録いただけます。",
    row_suspended_token: "利用停止にしたトークン",
    result_stopped_next: "ログイン時にワンタイムパスワードの入力は不要になりました。ふたたびお使いになる場合は「利用開始」からご登録ください。",
    otp_panel_title: "ワンタイムパスワード",
    button_start: "利用開始",
    button_exchange: "交換",
    button_stop: "利用中止",
    link_otp_guide: "ワンタイムパスワードのご案内",
    link_login_trouble: "ログインでお困りの場合はこちら",
    link_environment: "ご利用推奨環境",
    login_code_title: "ワンタイムパスワード認証",
    login_code_instructions: "トークンに表示されているワンタイムパスワードを入力してください。",
    hint_six_digits: "6桁の数字",
    top_title: "ログインしました",
    top_no_token: "未登録（ログイン画面の「利用開始」から登録できます）",
    card_grid_caption: "お客様カード（確認用パスワード欄）",
    error_prefix: "エラー：",
    help_index: "ヘルプ一覧",
    help_index_close: "ヘルプ一覧を閉じる",
    text_size: "文字サイズ",
    text_size_standard: "標準",
    text_size_large: "拡大",
    keyboard_open: "ソフトウェアキーボード入力",
    keyboard_name: "ソフトウェアキーボード",
    key_shift: "シフト",
    key_backspace: "1文字削除",
    key_clear: "すべて消去",
    key_close: "閉じる",
    steps_name: "お手続きの流れ",
    summary_title: "入力内容をご確認ください",
    storage_reset: "保存されていたデモデータが読み取れなかったため、初期状態に戻しました。お手数ですが、最初から操作してください。",
    lost_token_report: "トークンを紛失・故障した場合は、このお手続きとあわせて、必ず当金庫までご連絡ください。",
    software_app_name: "しんきん（個人）ワンタイムパスワード",
    issued_tokens_dropped: "保存されていたデモのトークンの一部が読み取れなかったため、そのトークンを削除しました。",
    storage_unwritable: "このブラウザではデモのデータを保存できないため、これからの変更は再読み込みすると失われます。",
    page_title: "ワンタイムパスワード｜共同信用金庫 個人インターネットバンキング",
    language_switch: "言語",
    lock_lifted_by_bank: "停止の解除は当金庫までお問い合わせください。",
    leave_title: "お手続きを中止しますか？",
    leave_text: "前の画面に戻ると、このお手続きは中止となり、利用者認証からやり直しになります。お手続きを続ける場合は「続ける」を押して、確認用パスワードを入力してください。",
    leave_yes: "中止する",
    leave_no: "続ける",
    back_to_auth: "前の画面に戻りました。お手続きを続けるには、もう一度ログインパスワードを入力してください。",
    flow_left: "お手続きを中止しました。もう一度お手続きをされる場合は、ログインパスワードを入力してください。",
    time_limit_title: "まもなく時間切れになります",
    time_limit_extend: "延長する",
    time_limit_end: "終了する",
    time_limit_extend_failed: "延長できませんでした。",
    session_timed_out: "一定時間（10分）操作がなかったため、ログアウトしました。お手数ですが、もう一度ログインしてください。",
    history_title: "ご利用履歴",
    history_empty: "まだご利用の記録はありません。",
    history_unavailable: "ただいまご利用履歴を表示できません。時間をおいて、もう一度ログインしてお確かめください。",
    button_resync: "時刻補正",
    resync_lead: "正しい数字を入力しても受け付けられない場合（トークンの時刻のずれ）",
    link_resync: "時刻補正はこちら",
    resync_form_title: "トークンの時刻補正",
    resync_which_token: "時刻を補正するトークン：",
    resync_instructions: "トークンに表示されている数字を1つ目に入力し、数字が次に変わったら、新しく表示された数字を2つ目に入力してください。ハードウェアトークンは、ボタンを押して表示された数字を入力し、表示が消えてからもう一度ボタンを押してください。",
    label_resync_first: "1つ目のワンタイムパスワード(半角数字)",
    label_resync_second: "2つ目のワンタイムパスワード(半角数字)",
    hint_resync_first: "トークンに表示されている6桁の数字",
    hint_resync_second: "1つ目の次に表示された6桁の数字",
    result_resynced: "トークンの時刻補正が完了しました。",
    row_resynced_token: "時刻を補正したトークン",
    row_resync_offset: "補正したずれ",
    row_resynced_at: "補正日時",
    result_resynced_next: "次回から、トークンに表示される数字でログインやお取引ができます。入力した2つの数字は使用済みのため、次に表示される数字をお使いください。",
    time_limit_text: |ending, left| {
        let what = match ending {
            Ending::Procedure => "お手続きを中断します",
            Ending::Session => "ログアウトします",
        };
        let when = if left >= 60 {
            format!("約{}分", left.div_ceil(60))
        } else {
            format!("{left}秒")
        };
        format!("操作がないまま、あと{when}で{what}。続ける場合は「延長する」を押してください。")
    },
    step_label: |n, of| format!("ステップ{n}/{of}："),
    prepare_token: |what| format!("お手元に{what}をご用意ください。なお、利用可能なトークンの種類については、ホームページをご確認いただくか、当金庫までお問合せください。"),
    go_to_flow: |kind| format!("{}へ進む", flow_title(kind)),
    app_name_line: || format!("アプリ名「{APP}」"),
    app_download: |platform, store| format!("{platform}：{store}より「{APP}」をダウンロードしてください。"),
    start_notice_change: || format!("現在ご利用の暗証用/資金移動用パスワードは、セキュリティ上の理由から{OLD_PASSWORD_END}に廃止し、新たにワンタイムパスワードを用いた認証に変更いたします。"),
    top_status: |model, masked_serial, login_otp| {
        format!(
            "ご利用中（{}・シリアル番号 {masked_serial}）／ログイン時の認証：{}",
            token_model(model),
            JA.login_otp_choice(login_otp)
        )
    },
    honorific: |name| format!("{name} 様"),
    flow_title,
    flow_steps,
    flow_intro,
    token_model,
    card_digit_label: |n, column| format!("({n})({column})"),
    date_time,
    field_error: errors::field_error,
    refusal: errors::refusal,
    call_failed: errors::call_failed,
    help_title: help::help_title,
    help_paragraphs: help::help,
    activity,
    history_serial: |masked| format!("（シリアル番号 {masked}）"),
    resync_offset,
};

/// A flow's title.
fn flow_title(kind: Procedure) -> &'static str {
    match kind {
        Procedure::Start => "ワンタイムパスワード利用開始",
        Procedure::Exchange => "ワンタイムパスワード交換",
        Procedure::Stop => "ワンタイムパスワード利用中止",
        Procedure::Resync => "ワンタイムパスワード時刻補正",
    }
}

/// A flow's steps, in order (the step indicator).
fn flow_steps(kind: Procedure) -> &'static [&'static str] {
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
fn flow_intro(kind: Procedure) -> &'static str {
    match kind {
        Procedure::Exchange => "お使いのトークンを新しいトークンに交換します。交換が完了すると、これまでのトークンは使えなくなります。",
        Procedure::Stop => "ワンタイムパスワードの利用を中止します。中止すると、ログイン時にワンタイムパスワードの入力が不要になります。",
        Procedure::Start => "ワンタイムパスワードの利用登録を開始します。",
        Procedure::Resync => "トークンの時刻のずれを補正します。トークンに続けて表示される2つのワンタイムパスワードをご用意ください。",
    }
}

/// A token model's name.
fn token_model(model: TokenModel) -> &'static str {
    match model {
        TokenModel::Software => "ソフトウェアトークン",
        TokenModel::Hardware => "ハードウェアトークン",
    }
}

/// A date and time in Japan as the bank writes it, e.g. "2026年11月24日 18:05".
fn date_time(at: JstDateTime) -> String {
    format!(
        "{}年{}月{}日 {:02}:{:02}",
        at.year, at.month, at.day, at.hour, at.minute
    )
}

/// How far 時刻補正 found the token's clock off, e.g. "トークンの時刻は約5分進んでいました。".
fn resync_offset(steps: i64) -> String {
    let how = if steps > 0 { "進んで" } else { "遅れて" };
    match super::offset_span(steps) {
        (0, 0) => "トークンの時刻にずれはありませんでした。".into(),
        (0, seconds) => format!("トークンの時刻は約{seconds}秒{how}いました。"),
        (minutes, 0) => format!("トークンの時刻は約{minutes}分{how}いました。"),
        (minutes, seconds) => format!("トークンの時刻は約{minutes}分{seconds}秒{how}いました。"),
    }
}

/// What one line of ご利用履歴 says happened.
fn activity(activity: Activity) -> String {
    let lock = |lock: Lock| match lock {
        Lock::Password => "ログインパスワード",
        Lock::Card => "確認用パスワード",
        Lock::NewToken => "新しいトークンの登録",
        Lock::Token => "トークン",
    };
    match activity {
        Activity::Started => "ワンタイムパスワード利用開始".into(),
        Activity::Exchanged => "ワンタイムパスワード交換".into(),
        Activity::Stopped => "ワンタイムパスワード利用中止".into(),
        Activity::LossReported => "トークンの紛失・故障のお届け".into(),
        Activity::LoginRefused => "ログインパスワードの誤り".into(),
        Activity::CodeRefused => "ワンタイムパスワードの誤り".into(),
        Activity::CodeReused => "使用済みのワンタイムパスワードの入力".into(),
        Activity::CodeDrift => "トークンの時刻のずれによるワンタイムパスワードの誤り".into(),
        Activity::CardRefused => "確認用パスワードの誤り".into(),
        Activity::Locked(l) => format!("{}の利用停止", lock(l)),
        Activity::Unlocked(l) => format!("当金庫による{}の利用停止の解除", lock(l)),
        Activity::BankStopped => "当金庫によるワンタイムパスワード利用中止".into(),
        Activity::DetailsUpdated => "当金庫によるお客様情報の変更".into(),
        Activity::Resynced => "トークンの時刻補正".into(),
    }
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

    #[test]
    fn resync_offset_says_how_far_and_which_way_the_clock_was_off() {
        assert_eq!(resync_offset(10), "トークンの時刻は約5分進んでいました。");
        assert_eq!(resync_offset(-1), "トークンの時刻は約30秒遅れていました。");
        assert_eq!(
            resync_offset(-3),
            "トークンの時刻は約1分30秒遅れていました。"
        );
        assert_eq!(resync_offset(0), "トークンの時刻にずれはありませんでした。");
    }
}
