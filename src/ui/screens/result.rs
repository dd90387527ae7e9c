//! Step 4 of every flow — 処理結果: what changed (serials masked but for their last 4) and what next.

use crate::domain::bank::{Change, FlowKind, Receipt};
use crate::ui::components::flow_frame::FlowFrame;
use crate::ui::messages::{self, HelpTopic};
use crate::ui::{use_app, Screen};
use leptos::prelude::*;

/// What login asks for from now on.
fn login_next(login_otp: bool) -> &'static str {
    if login_otp {
        "次回のログインから、パスワードのあとにワンタイムパスワードの入力が必要になります。トークンをお手元にご用意ください。"
    } else {
        "ログイン時にワンタイムパスワードの入力は不要です。お振込などのお取引の際にワンタイムパスワードを入力してください。"
    }
}

/// The 処理結果 screen.
#[component]
pub fn ResultScreen(
    /// 利用開始, 交換 or 利用中止.
    kind: FlowKind,
    /// What the bank changed.
    receipt: Receipt,
) -> impl IntoView {
    let ctx = use_app();
    let at = messages::jst_datetime(receipt.at);
    let body = match receipt.change {
        Change::Started { serial, login_otp } => view! {
            <p class="success">"ワンタイムパスワードの利用登録が完了しました。"</p>
            <dl class="summary-list">
                <dt>"シリアル番号"</dt><dd>{serial.masked()}</dd>
                <dt>"トークンの種類"</dt><dd>{messages::token_model(serial.model())}</dd>
                <dt>"ログイン時のワンタイムパスワード認証"</dt><dd>{messages::login_otp_choice(login_otp)}</dd>
                <dt>"登録日時"</dt><dd>{at}</dd>
            </dl>
            <p>{login_next(login_otp)}</p>
        }
        .into_any(),
        Change::Exchanged { old, new, login_otp } => view! {
            <p class="success">"トークンの交換が完了しました。"</p>
            <dl class="summary-list">
                <dt>"これまでのトークン"</dt><dd>{format!("{} {}", messages::token_model(old.model()), old.masked())}</dd>
                <dt>"新しいトークン"</dt><dd>{format!("{} {}", messages::token_model(new.model()), new.masked())}</dd>
                <dt>"ログイン時のワンタイムパスワード認証"</dt><dd>{messages::login_otp_choice(login_otp)}</dd>
                <dt>"交換日時"</dt><dd>{at}</dd>
            </dl>
            <p>"これまでのトークンは、本日から使えません。以後は新しいトークンのワンタイムパスワードを入力してください。"</p>
            <p>{login_next(login_otp)}</p>
        }
        .into_any(),
        Change::Stopped { serial, lost } => view! {
            <p class="success">"ワンタイムパスワードの利用を中止しました。"</p>
            <dl class="summary-list">
                <dt>"中止したトークン"</dt><dd>{format!("{} {}", messages::token_model(serial.model()), serial.masked())}</dd>
                <dt>"中止日時"</dt><dd>{at}</dd>
            </dl>
            <p>"ログイン時にワンタイムパスワードの入力は不要になりました。ふたたびお使いになる場合は「利用開始」からご登録ください。"</p>
            {lost.then(|| view! { <p class="notice-title">{messages::LOST_TOKEN_REPORT}</p> })}
        }
        .into_any(),
    };
    view! {
        <FlowFrame kind step=3 help=HelpTopic::Result/>
        <div class="panel result" role="status">
            <h2>"処理結果"</h2>
            {body}
            <button type="button" class="button-primary" on:click=move |_| ctx.go(Screen::Login)>"ログイン画面へ"</button>
        </div>
    }
}
