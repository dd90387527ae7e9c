//! The screens and what they share.
//!
//! [`App`] holds the current [`Screen`] in a signal given to every screen through context, with the
//! bank. Flow handles live only in that signal, never in the URL or storage: a reload starts at
//! ログイン, which is what keeps the later steps unreachable without 利用者認証. Each move is also a
//! history entry holding only its position ([`history`]), so the browser's Back leads to the step
//! before where that is safe.

pub mod components;
pub mod form;
pub mod history;
#[cfg(feature = "demo")]
pub mod kit;
/// The customer build has no kit: the app's calls on it add nothing.
#[cfg(not(feature = "demo"))]
mod kit {
    use crate::bank::ActiveBank;
    use crate::domain::{input::TokenModel, Clock};
    use std::sync::Arc;

    pub fn attach(_: &Arc<ActiveBank>, _: &Arc<dyn Clock>) -> fn() -> ((), (), ()) {
        || ((), (), ())
    }

    pub fn page_of(_: &str) -> Option<TokenModel> {
        None
    }

    pub fn page_here() -> Option<TokenModel> {
        None
    }

    pub fn token_page(_: TokenModel) {}
}
pub mod messages;
pub mod prefs;
pub mod screens;
pub mod takeover;
pub mod time_limit;
pub mod timing;
#[cfg(feature = "demo")]
pub mod tour;

use crate::bank::{ActiveBank, BankApi};
use crate::domain::bank::{Authenticated, Receipt, Resynced, Session};
use crate::domain::card::CardChallenge;
use crate::domain::errors::BankError;
use crate::domain::flows::{FlowId, Procedure};
use crate::domain::input::{ContractId, TokenModel};
use crate::domain::operation::Finished;
use crate::domain::{Clock, SystemClock};
use components::header::Header;
use components::leave_dialog::LeaveDialog;
use history::{Entries, Step, Target};
use leptos::prelude::*;
use std::rc::Rc;
use std::sync::Arc;
use time_limit::wake::{BrowserTimer, Wakeups};
use time_limit::{Open, TimeLimitWarning};

/// Where the customer is. Flow handles live only here, in page memory.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    /// ログイン, with the ワンタイムパスワード panel.
    Login,
    /// ログイン's one-time password step.
    LoginCode(FlowId),
    /// The page after login.
    Top(Session),
    /// Step 1 of 利用開始, 交換 or 利用中止: 利用者認証.
    Auth(Procedure),
    /// Step 2 of 利用開始 or 交換: the token's serial and a code.
    Register(Procedure, Authenticated),
    /// Step 2 of 利用中止: a code from the token in use, or the lost-token path.
    StopToken(Authenticated),
    /// Step 2 of 時刻補正: two consecutive codes from the token in use.
    ResyncToken(Authenticated),
    /// Step 3 of 時刻補正 (its last): 処理結果, the clock corrected, with ご利用履歴.
    Resynced(Finished<Resynced>),
    /// Step 3 of 利用開始, 交換 and 利用中止: 確認用パスワード入力.
    Confirm(Procedure, FlowId, CardChallenge),
    /// Step 4 of 利用開始, 交換 and 利用中止: 処理結果, with ご利用履歴.
    Result(Procedure, Finished<Receipt>),
}

/// A page-level message shown above the current screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice(pub String);

/// What every screen may use: the bank, navigation, and the page notice.
#[derive(Clone)]
pub struct AppContext {
    /// The bank.
    pub bank: Arc<ActiveBank>,
    /// The one clock the bank and the token emulators read.
    pub clock: Arc<dyn Clock>,
    /// The current screen, numbered by visit (see [`App`]).
    screen: RwSignal<(u64, Screen)>,
    /// The notice above the screen, if any.
    pub notice: RwSignal<Option<Notice>>,
    /// What runs when the customer leaves the current screen (see [`AppContext::on_leaving_screen`]).
    leaving: StoredValue<Vec<Box<dyn FnOnce()>>, LocalStorage>,
    /// The page's history entries (see [`history`]).
    entries: StoredValue<Entries>,
    /// While Back asks お手続きを中止しますか？: where 中止する leads.
    pub leaving_asked: RwSignal<Option<Target>>,
    /// The 契約者ID that opened the flow in progress, for 利用者認証 when Back returns there (and
    /// for ログイン after a time limit).
    kept_contract_id: StoredValue<Option<ContractId>>,
    /// Notified whenever the bank answers a call (`bank::Activity`): the time limit counts again.
    pub bank_reached: ArcTrigger,
    /// Wakes the page at a later reading of [`AppContext::clock`] (the time limit's warning).
    pub wakeups: StoredValue<Rc<dyn Wakeups>, LocalStorage>,
}

impl AppContext {
    /// Moves to `screen`, clearing any notice.
    pub fn go(&self, screen: Screen) {
        self.notice.set(None);
        self.show(screen);
    }

    /// Moves to `screen` and records the move in the browser's history.
    fn show(&self, screen: Screen) {
        self.show_keeping(screen, None);
    }

    /// [`AppContext::show`], with `keep` as the 契約者ID kept for `screen`.
    fn show_keeping(&self, screen: Screen, keep: Option<ContractId>) {
        let step = Step::of(&screen);
        self.switch_keeping(screen, keep);
        if let Some(effect) = self.entries.try_update_value(|entries| entries.moved(step)) {
            history::write(effect);
        }
    }

    /// Moves to `screen`, leaving the history as it is.
    fn switch(&self, screen: Screen) {
        self.switch_keeping(screen, None);
    }

    /// Moves to `screen`, leaving the history as it is, with `keep` as the 契約者ID kept for it.
    /// ログイン forgets any other.
    fn switch_keeping(&self, screen: Screen, keep: Option<ContractId>) {
        let leaving = self.leaving.try_update_value(std::mem::take);
        for left in leaving.into_iter().flatten() {
            left();
        }
        if screen == Screen::Login || keep.is_some() {
            // Back at the start: no flow to return to, and nothing for the next customer to see
            // but the 契約者ID of a time limit's restart.
            self.kept_contract_id.set_value(keep);
        }
        self.screen.update(|(visit, current)| {
            *visit += 1;
            *current = screen;
        });
    }

    /// The step shown (untracked).
    fn step(&self) -> Step {
        self.screen.with_untracked(|(_, current)| Step::of(current))
    }

    /// The browser's Back from `from` shows `target`; the history is already there.
    fn went_back(&self, from: Step, target: Target) {
        self.leaving_asked.set(None);
        self.notice.set(None);
        self.switch(target.screen());
        if let Target::Auth(_) = target {
            self.notice
                .set(Some(Notice(messages::current().back_to_auth.to_owned())));
        }
        if from == Step::Top {
            // Back from the page after login logs out, as ログアウト does, whatever the answer.
            self.log_out_quietly();
        }
    }

    /// 中止する, answering Back's お手続きを中止しますか？: the flow is left for `target`.
    pub fn leave_flow(&self, target: Target) {
        self.leaving_asked.set(None);
        self.go(target.screen());
        self.notice
            .set(Some(Notice(messages::current().flow_left.to_owned())));
    }

    /// Keeps the 契約者ID that opened a flow, for 利用者認証 if Back returns there.
    pub fn keep_contract_id(&self, id: ContractId) {
        self.kept_contract_id.set_value(Some(id));
    }

    /// The 契約者ID kept for 利用者認証, once: a flow's step 1 shows it again, typed as before.
    pub fn take_kept_contract_id(&self) -> Option<ContractId> {
        self.kept_contract_id
            .try_update_value(Option::take)
            .flatten()
    }

    /// Whether the screen shown is the page's first (nothing has moved yet; untracked).
    pub fn on_first_screen(&self) -> bool {
        self.screen.with_untracked(|(visit, _)| *visit == 0)
    }

    /// Runs `left` when the customer leaves the screen being built: at once when the move is asked
    /// for, not when the next screen is drawn a moment later (a bank reply can come in between).
    pub fn on_leaving_screen(&self, left: impl FnOnce() + 'static) {
        self.leaving.update_value(|all| all.push(Box::new(left)));
    }

    /// Ends a flow the bank no longer knows (expired or invalid): back to `restart` with the reason,
    /// the 契約者ID that opened it kept (for ログイン too, after its code step).
    pub fn restart_flow(&self, error: BankError, restart: Screen) {
        let kept = self.kept_contract_id.get_value();
        self.show_keeping(restart, kept);
        self.notice
            .set(Some(Notice(messages::current().bank_error(error))));
    }

    /// What the screen shown holds open at the bank (tracked): the time limit counts its idle time.
    pub fn open_at_bank(&self) -> Option<Open> {
        self.screen.with(|(_, current)| Open::on(current))
    }

    /// The time limit of `open` is over: as when the bank answers that a flow expired, or, for the
    /// session, the customer forgotten and back to ログイン, the 契約者ID kept, with the reason.
    /// No logout is sent: the page counts only this tab's calls, and another tab may be using
    /// the session still; the server expires an idle session by itself.
    pub fn time_over(&self, open: Open) {
        match open {
            Open::Flow { restart, .. } => self.restart_flow(BankError::FlowExpired, restart),
            Open::Session(contract_id) => {
                self.show_keeping(Screen::Login, Some(contract_id));
                self.notice.set(Some(Notice(
                    messages::current().session_timed_out.to_owned(),
                )));
            }
        }
    }

    /// 終了する, in the time limit's warning: the procedure left, or the customer logged out; then
    /// ログイン, which forgets them.
    pub fn end_open(&self, open: Open) {
        if let Open::Session(_) = open {
            self.log_out_quietly();
        }
        self.go(Screen::Login);
    }

    /// Ends the bank's session whatever the answer: the page forgets the customer either way.
    fn log_out_quietly(&self) {
        let bank = self.bank.clone();
        leptos::task::spawn_local(async move {
            let _ = bank.logout().await;
        });
    }

    /// Shows what the bank has to say about itself (stored data reset, storage not writable),
    /// after any notice already shown.
    pub fn take_bank_notices(&self) {
        let said: String = self
            .bank
            .take_notices()
            .into_iter()
            .map(|notice| messages::current().bank_notice(notice))
            .collect();
        if !said.is_empty() {
            self.notice.update(|notice| {
                let before = notice.take().map(|Notice(text)| text).unwrap_or_default();
                *notice = Some(Notice(before + &said));
            });
        }
    }
}

/// The context, from any component under [`App`].
pub fn use_app() -> AppContext {
    expect_context::<AppContext>()
}

/// The whole app: header, notice, the current screen, and (in the demo build) the demo kit.
#[component]
pub fn App(
    /// The clock of the bank and the emulators; the real time unless a test injects one.
    #[prop(optional)]
    clock: Option<Arc<dyn Clock>>,
    /// The bank; the page's own ([`ActiveBank::for_page`]) unless a test passes one (an HTTP bank
    /// at a test server).
    #[prop(optional)]
    bank: Option<Arc<ActiveBank>>,
    /// What wakes the page at a later reading of `clock`: `setTimeout`, unless a test that moves
    /// its clock wakes the page itself.
    #[prop(optional)]
    wakeups: Option<Rc<dyn Wakeups>>,
) -> impl IntoView {
    let clock = clock.unwrap_or_else(|| Arc::new(SystemClock));
    let bank = bank.unwrap_or_else(|| Arc::new(ActiveBank::for_page(&clock)));
    let wakeups = wakeups.unwrap_or_else(|| Rc::new(BrowserTimer));
    let bank_reached = ArcTrigger::new();
    bank.activity().watch(Arc::new({
        let bank_reached = bank_reached.clone();
        move || bank_reached.notify()
    }));
    let ctx = AppContext {
        bank: bank.clone(),
        clock: clock.clone(),
        screen: RwSignal::new((0, Screen::Login)),
        notice: RwSignal::new(None),
        leaving: StoredValue::new_local(Vec::new()),
        entries: StoredValue::new(Entries::start(None)),
        leaving_asked: RwSignal::new(None),
        kept_contract_id: StoredValue::new(None),
        bank_reached,
        wakeups: StoredValue::new_local(wakeups),
    };
    provide_context(ctx.clone());
    prefs::show_language(prefs::Language::saved());
    history::attach(&ctx);
    // The demo build's kit over the back office behind `bank`, and its tour; nothing in the
    // customer build.
    let kit_views = kit::attach(&bank, &clock);
    // Notices: those of start-up at once, later ones as soon as the bank says something changed
    // (a write that failed in the middle of a screen shows without waiting for the next screen).
    ctx.take_bank_notices();
    let bank_changed = ArcTrigger::new();
    ctx.bank.watch(Arc::new({
        let bank_changed = bank_changed.clone();
        move || bank_changed.notify()
    }));
    {
        let ctx = ctx.clone();
        Effect::new(move |_| {
            bank_changed.track();
            ctx.take_bank_notices();
        });
    }
    let screen = ctx.screen;
    let notice = ctx.notice;

    in_language(move || {
        let (kit_buttons, tour, kit) = kit_views();
        view! {
        <Header>{kit_buttons}</Header>
        // The demo's tour panel, before the screen: from the screen's heading, Shift+Tab reaches
        // the tour's Next.
        {tour}
        <main class="page" id="main">
            {move || notice.get().map(|Notice(text)| view! {
                <p class="notice" role="status">{text}</p>
            })}
            // Keyed by visit, so every screen is built afresh: nothing in the DOM (an open help, a
            // typed value) carries over from the screen before, even where views share a shape.
            <For each=move || [screen.get()] key=|(visit, _)| *visit let:((_, current))>
                {screens::view_of(current)}
            </For>
        </main>
        <LeaveDialog/>
        <TimeLimitWarning/>
        {kit}
        }
    })
}

/// `build`'s view, built again in the other language when the language changes: the views read
/// their texts once, as they are built (`messages::current()`), so nothing else tracks the
/// language. Keyed by the language, so the new view is new DOM (a re-run closure would patch the
/// old elements and keep what the browser holds in them, such as an open `<details>`, out of step
/// with the new components). What was typed and the focus are kept across it
/// (`components::header`).
pub fn in_language<V: IntoView + 'static>(
    build: impl Fn() -> V + Send + Sync + Clone + 'static,
) -> impl IntoView {
    let shown = prefs::language_signal();
    view! {
        <For each=move || [shown.get()] key=|language| *language let:_language>
            {build().into_any()}
        </For>
    }
}

/// Which page the address names: the app, or (demo build) an emulator page named by the path's
/// last segment. Only the last segment counts, so the same build works at `/` and under any
/// sub-path (trunk's `public_url`) without a `<base>` element (which the CSP's `base-uri 'none'`
/// forbids).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// The bank's screens.
    App,
    /// A token emulator on its own (demo build).
    Token(TokenModel),
}

impl Page {
    /// The page for a URL path; anything unknown is the app (so a 404.html copy of index.html
    /// serves every deep link and reload).
    pub fn from_path(path: &str) -> Page {
        kit::page_of(path).map_or(Page::App, Page::Token)
    }

    /// The page the browser is on (the customer build does not look: it has the app only).
    pub fn current() -> Page {
        kit::page_here().map_or(Page::App, Page::Token)
    }
}

/// [`start`]s in the browser's next task, so that the page is not blocked for the wasm's
/// instantiation and the screen's building in one go: a tap or keystroke on the prerendered screen
/// is answered in between (on a slow phone each half is about 70–150 ms; see the README's start-up
/// profile). The prerendered screen stays shown and typeable until [`start`] replaces it.
pub fn start_in_next_task() {
    use wasm_bindgen::{closure::Closure, JsCast};
    timing::mark(timing::Mark::Instantiated);
    let next = Closure::once_into_js(start);
    let scheduled = web_sys::window().is_some_and(|w| {
        w.set_timeout_with_callback_and_timeout_and_arguments_0(next.unchecked_ref(), 0)
            .is_ok()
    });
    if !scheduled {
        start();
    }
}

/// Mounts the page the address names, in place of the login screen the page may already show
/// ([`takeover`]), keeping what was typed there.
pub fn start() {
    timing::mark(timing::Mark::Started);
    let typed = takeover::Typed::take();
    timing::mark(timing::Mark::TakenOver);
    match Page::current() {
        Page::App => leptos::mount::mount_to_body(|| view! { <App/> }),
        Page::Token(model) => leptos::mount::mount_to_body(move || kit::token_page(model)),
    }
    timing::mark(timing::Mark::Mounted);
    typed.restore();
    timing::mark(timing::Mark::Restored);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_their_pages_at_the_root_and_under_a_sub_path() {
        // The emulator pages are the demo's: the customer build has the app only.
        let token = |model| {
            if cfg!(feature = "demo") {
                Page::Token(model)
            } else {
                Page::App
            }
        };
        assert_eq!(Page::from_path("/"), Page::App);
        assert_eq!(Page::from_path("/shinkin-otp/"), Page::App);
        assert_eq!(Page::from_path("/shinkin-otp/index.html"), Page::App);
        assert_eq!(
            Page::from_path("/software-token"),
            token(TokenModel::Software)
        );
        assert_eq!(
            Page::from_path("/demo/shinkin-otp/hardware-token/"),
            token(TokenModel::Hardware)
        );
        assert_eq!(Page::from_path("/shinkin-otp/no-such-page"), Page::App);
    }
}
