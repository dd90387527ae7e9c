//! The idle time limit as the customer meets it (WCAG 2.2.1): two minutes before a flow or the
//! session ends, a modal alertdialog says how long is left, with 延長する (the bank's extend call)
//! and 終了する; once the time is over, the screen the bank's own expiry leads to, the 契約者ID
//! kept.
//!
//! The page counts from when its last answered call was sent (`bank::Activity`), by the domain's
//! rule (`domain::time_limit`), on the app's clock. It sleeps until the next change — one wake-up
//! ([`wake::Wakeups`]) to the warning, one to the end — rather than polling, and counts again
//! whenever a call is answered or the screen changes.

pub mod wake;

use crate::bank::{BankApi, CallError, Calls, SessionExtension};
use crate::domain::flows::{FlowId, Procedure};
use crate::domain::input::ContractId;
use crate::domain::time_limit::{time_limit, TimeLimit};
use crate::ui::messages;
use crate::ui::{use_app, AppContext, Screen};
use leptos::html::{Button, Dialog};
use leptos::prelude::*;
use wake::Wakeup;
use wasm_bindgen::JsCast;

/// What the screen shown holds open at the bank, whose idle time the page counts.
#[derive(Debug, Clone, PartialEq)]
pub enum Open {
    /// A flow (ログイン's code step or a procedure's), which starts again at `restart` once over.
    Flow {
        /// The flow.
        flow: FlowId,
        /// Where the bank's expiry of it leads (`AppContext::restart_flow`).
        restart: Screen,
    },
    /// The session after login, of this customer.
    Session(ContractId),
}

/// What ends when the time is over, for the dialog's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// A procedure, or ログイン's code step.
    Procedure,
    /// The session: the customer is logged out.
    Session,
}

impl Open {
    /// What is open on `screen`, if anything: nothing on ログイン and 利用者認証 (no flow yet),
    /// nor on 処理結果 (the flow is done; 時刻補正's result included).
    pub fn on(screen: &Screen) -> Option<Open> {
        let flow = |flow: &FlowId, restart| {
            Some(Open::Flow {
                flow: flow.clone(),
                restart,
            })
        };
        match screen {
            Screen::LoginCode(f) => flow(f, Screen::Login),
            Screen::Top(session) => Some(Open::Session(session.contract_id.clone())),
            Screen::Register(kind, auth) => flow(&auth.flow, Screen::Auth(*kind)),
            Screen::StopToken(auth) => flow(&auth.flow, Screen::Auth(Procedure::Stop)),
            Screen::ResyncToken(auth) => flow(&auth.flow, Screen::Auth(Procedure::Resync)),
            Screen::Confirm(kind, f, _) => flow(f, Screen::Auth(*kind)),
            Screen::Login | Screen::Auth(_) | Screen::Result(..) | Screen::Resynced(_) => None,
        }
    }

    /// What ends with it.
    pub fn ending(&self) -> Ending {
        match self {
            Open::Flow { .. } => Ending::Procedure,
            Open::Session(_) => Ending::Session,
        }
    }
}

/// The warning while it shows: what it is about and the seconds left when it opened.
#[derive(Debug, Clone, PartialEq)]
struct Warning {
    open: Open,
    left: u64,
}

/// Counts the idle time of whatever the screen holds open, and shows the warning when it is due.
#[component]
pub fn TimeLimitWarning() -> impl IntoView {
    let ctx = use_app();
    let open = Memo::new({
        let ctx = ctx.clone();
        move |_| ctx.open_at_bank()
    });
    let warning = RwSignal::new(None::<Warning>);
    let woke = ArcTrigger::new();
    let pending = StoredValue::new_local(None::<Wakeup>);
    Effect::new({
        let (ctx, woke) = (ctx.clone(), woke.clone());
        move |_| {
            woke.track();
            ctx.bank_reached.track();
            // The wake-up asked for before is for a count now out of date.
            pending.set_value(None);
            let Some(open) = open.get() else {
                warning.set(None);
                return;
            };
            let Some(since) = ctx.bank.activity().last_sent() else {
                return;
            };
            let next = match time_limit(since, ctx.clock.now()) {
                TimeLimit::Running { until_warning } => {
                    warning.set(None);
                    until_warning
                }
                TimeLimit::Warning { left } => {
                    if warning.with_untracked(|w| w.as_ref().map(|w| &w.open) != Some(&open)) {
                        warning.set(Some(Warning { open, left }));
                    }
                    left
                }
                // Not while a call is in flight: the bank may yet commit it, and its answer
                // restarts the count (its settling makes the count again).
                TimeLimit::Over if ctx.bank.activity().in_flight() > 0 => return,
                TimeLimit::Over => {
                    warning.set(None);
                    ctx.time_over(open);
                    return;
                }
            };
            // Only a notification: the count runs again in the next effect round, after the
            // timer's callback has returned (so its wake-up can be dropped).
            let woke = woke.clone();
            let wakeup = ctx
                .wakeups
                .with_value(|w| w.after(next, Box::new(move || woke.notify())));
            pending.set_value(Some(wakeup));
        }
    });
    view! {
        {move || warning.get().map(|w| view! { <WarningDialog warning=w shown=warning/> })}
    }
}

#[component]
fn WarningDialog(warning: Warning, shown: RwSignal<Option<Warning>>) -> impl IntoView {
    let ctx = use_app();
    let dialog = NodeRef::<Dialog>::new();
    let extend_button = NodeRef::<Button>::new();
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Where the customer was, for their return after 延長する.
    let before = StoredValue::new_local(
        document()
            .active_element()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
    );
    // Modal: the page behind is inert until it is answered; focus on 延長する, the answer that
    // keeps what the customer has.
    Effect::new(move |_| {
        if let Some(dialog) = dialog.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
            if let Some(button) = extend_button.get_untracked() {
                let _ = button.focus();
            }
        }
    });
    // Whether the page itself closed the dialog (answered): any other close is the browser's.
    let closed_by_page = StoredValue::new_local(false);
    let close = move || {
        closed_by_page.set_value(true);
        if let Some(dialog) = dialog.get_untracked() {
            dialog.close();
        }
    };
    let Warning { open, left } = warning;
    let extend = {
        let (ctx, open) = (ctx.clone(), open.clone());
        move || {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            failure.set(None);
            let (ctx, open) = (ctx.clone(), open.clone());
            leptos::task::spawn_local(async move {
                let answer = extend_at_bank(&ctx, &open).await;
                busy.set(false);
                match answer {
                    Ok(SessionExtension::Extended) => {
                        close();
                        shown.set(None);
                        if let Some(Some(el)) = before.try_get_value() {
                            if el.is_connected() {
                                let _ = el.focus();
                            }
                        }
                    }
                    Ok(SessionExtension::Ended) => {
                        close();
                        ctx.time_over(open);
                    }
                    Err(CallError::Refused(e)) if e.ends_flow() => {
                        close();
                        ctx.time_over(open);
                    }
                    Err(e) => {
                        let m = messages::current();
                        let why = match e {
                            CallError::Refused(e) => m.bank_error(e),
                            CallError::Unavailable(u) => m.call_failed(u),
                        };
                        failure.set(Some(format!("{}{why}", m.time_limit_extend_failed)));
                    }
                }
            });
        }
    };
    let end = {
        let (ctx, open) = (ctx.clone(), open.clone());
        move |_| {
            close();
            ctx.end_open(open.clone());
        }
    };
    let m = messages::current();
    let text = m.time_limit_text(open.ending(), left);
    let on_extend = {
        let extend = extend.clone();
        move |_| extend()
    };
    let on_cancel = {
        let extend = extend.clone();
        move |ev: web_sys::Event| {
            ev.prevent_default();
            extend()
        }
    };
    // The browser may close a modal dialog without a cancelable `cancel` (Chrome's close
    // watcher, on a second Escape): while the warning is still due, shown again, and taken as
    // 延長する, as Escape is.
    let on_close = move |_: web_sys::Event| {
        if closed_by_page.try_get_value() != Some(false)
            || shown.try_with_untracked(|w| w.is_none()) != Some(false)
        {
            return;
        }
        if let Some(dialog) = dialog.get_untracked() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
        }
        extend();
    };
    view! {
        // Escape on a modal dialog cancels it: here that is 延長する, the answer that loses nothing
        // (dismissed without it, the limit would run on unseen); so is any close not the page's.
        <dialog class="leave-dialog time-limit-dialog" role="alertdialog" node_ref=dialog
            aria-labelledby="time-limit-title" aria-describedby="time-limit-text"
            on:cancel=on_cancel on:close=on_close>
            <h2 id="time-limit-title">{m.time_limit_title}</h2>
            <p id="time-limit-text">{text}</p>
            {move || failure.get().map(|f| view! { <p class="error-text" role="alert">{f}</p> })}
            <div class="actions">
                <button type="button" class="button-secondary" on:click=end>{m.time_limit_end}</button>
                <button type="button" class="button-primary" node_ref=extend_button on:click=on_extend
                    aria-disabled=move || busy.get().then_some("true")>
                    {m.time_limit_extend}
                </button>
            </div>
        </dialog>
    }
}

/// 延長する at the bank: the flow's extend call, or the session's.
async fn extend_at_bank(ctx: &AppContext, open: &Open) -> Result<SessionExtension, CallError> {
    match open {
        Open::Flow { flow, .. } => ctx
            .bank
            .extend_flow(flow)
            .await
            .map(|()| SessionExtension::Extended),
        Open::Session(id) => ctx.bank.extend_session(id.clone()).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::bank::{Authenticated, Receipt, Session};
    use crate::domain::card::CardChallenge;
    use crate::domain::flows::Change;
    use crate::domain::input;
    use crate::domain::operation::Finished;
    use crate::domain::OsRandom;

    #[test]
    fn only_screens_holding_a_flow_or_the_session_count_a_time_limit() {
        let flow = FlowId::random(&mut OsRandom);
        let id = input::contract_id("10000000001").unwrap();
        let auth = Authenticated {
            flow: flow.clone(),
            current: None,
        };
        let challenge = CardChallenge {
            first: 0,
            second: 1,
        };
        let restart = |screen: Screen, to: Screen| {
            assert_eq!(
                Open::on(&screen),
                Some(Open::Flow {
                    flow: flow.clone(),
                    restart: to
                }),
                "{screen:?}"
            );
        };
        restart(Screen::LoginCode(flow.clone()), Screen::Login);
        restart(
            Screen::Register(Procedure::Exchange, auth.clone()),
            Screen::Auth(Procedure::Exchange),
        );
        restart(
            Screen::StopToken(auth.clone()),
            Screen::Auth(Procedure::Stop),
        );
        restart(
            Screen::ResyncToken(auth.clone()),
            Screen::Auth(Procedure::Resync),
        );
        restart(
            Screen::Confirm(Procedure::Start, flow.clone(), challenge),
            Screen::Auth(Procedure::Start),
        );
        let session = Session {
            contract_id: id.clone(),
            name: "山田 花子".into(),
            token: None,
        };
        assert_eq!(Open::on(&Screen::Top(session)), Some(Open::Session(id)));
        let receipt = Receipt {
            change: Change::Stopped {
                serial: input::Serial::parse("SKTS10000001").unwrap(),
            },
            at: 0,
        };
        for nothing in [
            Screen::Login,
            Screen::Auth(Procedure::Start),
            Screen::Result(
                Procedure::Stop,
                Finished {
                    answer: receipt,
                    history: None,
                },
            ),
        ] {
            assert_eq!(Open::on(&nothing), None, "{nothing:?}");
        }
    }
}
