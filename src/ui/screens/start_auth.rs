//! 利用開始 step 1 — 利用者認証: token preparation guidance, then 契約者ID and ログインパスワード.

use crate::bank::BankApi;
use crate::domain::bank::BankError;
use crate::domain::input;
use crate::ui::components::error_summary::ErrorSummary;
use crate::ui::components::field::TextField;
use crate::ui::components::help::Help;
use crate::ui::components::step_indicator::StepIndicator;
use crate::ui::components::title::ScreenTitle;
use crate::ui::form::{clear, submit_once, value_of, Check, FormErrors};
use crate::ui::messages::{self, Field, HelpTopic};
use crate::ui::screens::bank_message;
use crate::ui::{use_app, Screen};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

const CONTRACT_ID: &str = "auth-contract-id";
const PASSWORD: &str = "auth-password";

/// The 利用者認証 screen of 利用開始.
#[component]
pub fn StartAuthScreen() -> impl IntoView {
    let ctx = use_app();
    let errors = FormErrors::default();
    let busy = RwSignal::new(false);
    let contract_id = NodeRef::new();
    let password = NodeRef::new();

    let on_submit = {
        let ctx = ctx.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let mut check = Check::default();
            let id = check.field(
                CONTRACT_ID,
                input::contract_id(&value_of(contract_id)),
                |e| messages::field_error(Field::ContractId, e),
            );
            let typed = value_of(password);
            let pw = check.field(PASSWORD, input::password(&typed).map(str::to_owned), |e| {
                messages::field_error(Field::Password, e)
            });
            clear(password);
            let (Some(id), Some(pw)) = (id, pw) else {
                errors.set(check.into_messages());
                return;
            };
            let ctx = ctx.clone();
            let bank = ctx.bank.clone();
            submit_once(
                busy,
                async move { bank.authenticate_start(&id, &pw).await },
                move |result| match result {
                    Ok(flow) => ctx.go(Screen::StartRegister(flow)),
                    Err(e @ (BankError::LoginLocked | BankError::AlreadyEnrolled)) => {
                        errors.set(vec![bank_message(e, None)])
                    }
                    Err(e) => errors.set(vec![bank_message(e, Some(CONTRACT_ID))]),
                },
            );
        }
    };
    let back = move |_| ctx.go(Screen::Login);

    view! {
        <ScreenTitle text=messages::START_TITLE/>
        <StepIndicator steps=&messages::START_STEPS current=0/>
        <Help label="この画面のヘルプ" topic=HelpTopic::StartAuth/>
        <p>"ワンタイムパスワードの利用登録を開始します。"</p>
        <section class="panel guidance" aria-labelledby="prepare-title">
            <h2 id="prepare-title">"トークンの準備"</h2>
            <p>"お手元にソフトウェアトークンもしくはハードウェアトークンをご用意ください。なお、利用可能なトークンの種類については、ホームページをご確認いただくか、当金庫までお問合せください。"</p>
            <TokenPreparation/>
        </section>
        <form class="panel" on:submit=on_submit novalidate>
            <ErrorSummary errors/>
            <h2>"契約者ID（利用者番号）・ログインパスワードの入力"</h2>
            <TextField id=CONTRACT_ID label="契約者ID（利用者番号）" input=contract_id errors required=true
                hint="お客様カードに記載の11桁の数字" autocomplete="username" inputmode="numeric"/>
            <TextField id=PASSWORD label="ログインパスワード" kind="password" input=password errors required=true
                hint="現在ご利用のログインパスワード（半角英数字6〜12文字）" autocomplete="current-password"/>
            <div class="actions">
                <button type="button" class="button-secondary" on:click=back>"戻る"</button>
                <button type="submit" class="button-primary" disabled=move || busy.get()>"次へ"</button>
            </div>
        </form>
    }
}

/// How to get each kind of token (shared with the register screen's 「トークンをご用意されていない場合」).
#[component]
pub fn TokenPreparation() -> impl IntoView {
    view! {
        <dl class="token-prep">
            <dt>"ソフトウェアトークンの場合"</dt>
            <dd>
                <p>"スマートフォンにソフトウェアトークンのアプリをダウンロードしてください。"</p>
                <p>"アプリ名「"{messages::SOFTWARE_APP_NAME}"」"</p>
                <ul>
                    <li>"iPhone：App Storeより「"{messages::SOFTWARE_APP_NAME}"」をダウンロードしてください。"</li>
                    <li>"Android：Google Playより「"{messages::SOFTWARE_APP_NAME}"」をダウンロードしてください。"</li>
                </ul>
            </dd>
            <dt>"ハードウェアトークンの場合"</dt>
            <dd><p>"ホームページをご確認のうえ、当金庫までお問合せください。"</p></dd>
        </dl>
    }
}
