//! The screens and what they share.
//!
//! [`App`] holds the current [`Screen`] in a signal given to every screen through context, with the
//! bank. Flow handles live only in that signal, never in the URL or storage: a reload starts at
//! ログイン, which is what keeps the later steps unreachable without 利用者認証.

pub mod components;
pub mod form;
pub mod messages;
pub mod screens;

use crate::bank::ActiveBank;
use crate::domain::bank::{BankError, FlowId, Receipt, Session};
use crate::domain::card::CardChallenge;
use components::demo_panel::DemoPanel;
use components::header::Header;
use leptos::prelude::*;
use std::sync::Arc;

/// Where the customer is.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    /// ログイン, with the ワンタイムパスワード panel.
    Login,
    /// ログイン's one-time password step.
    LoginCode(FlowId),
    /// The page after login.
    Top(Session),
    /// 利用開始 step 1: 利用者認証.
    StartAuth,
    /// 利用開始 step 2: ワンタイムパスワードの登録.
    StartRegister(FlowId),
    /// 利用開始 step 3: 確認用パスワード入力.
    StartConfirm(FlowId, CardChallenge),
    /// 利用開始 step 4: 処理結果.
    StartResult(Receipt),
}

/// A page-level message shown above the current screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice(pub String);

/// What every screen may use: the bank, navigation, and the page notice.
#[derive(Clone)]
pub struct AppContext {
    /// The bank.
    pub bank: Arc<ActiveBank>,
    /// The current screen.
    pub screen: RwSignal<Screen>,
    /// The notice above the screen, if any.
    pub notice: RwSignal<Option<Notice>>,
}

impl AppContext {
    /// Moves to `screen`, clearing any notice.
    pub fn go(&self, screen: Screen) {
        self.notice.set(None);
        self.screen.set(screen);
    }

    /// Ends a flow the bank no longer knows (expired or invalid): back to `restart` with the reason.
    pub fn restart_flow(&self, error: BankError, restart: Screen) {
        self.screen.set(restart);
        self.notice
            .set(Some(Notice(messages::bank_error(error).to_owned())));
    }

    /// Shows a notice if the bank had to reset its stored data.
    pub fn check_storage(&self) {
        if self.bank.take_reset_notice() {
            self.notice
                .set(Some(Notice(messages::STORAGE_RESET.to_owned())));
        }
    }
}

/// The context, from any component under [`App`].
pub fn use_app() -> AppContext {
    expect_context::<AppContext>()
}

/// The whole app: header, notice, the current screen, and the demo panel.
#[component]
pub fn App() -> impl IntoView {
    let ctx = AppContext {
        bank: Arc::new(ActiveBank::in_browser()),
        screen: RwSignal::new(Screen::Login),
        notice: RwSignal::new(None),
    };
    ctx.check_storage();
    provide_context(ctx.clone());
    let screen = ctx.screen;
    let notice = ctx.notice;

    view! {
        <Header/>
        <main class="page" id="main">
            {move || notice.get().map(|Notice(text)| view! {
                <p class="notice" role="status">{text}</p>
            })}
            {move || screens::view_of(screen.get())}
        </main>
        <DemoPanel/>
    }
}
