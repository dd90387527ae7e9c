//! The one submit path of every form (`ui::form::Submission`) on its own, with bank calls the test
//! holds open until it answers them: the form is busy while a call runs, a second submission is
//! ignored, and a reply that comes after the screen was left is dropped (its leave hook run).

use crate::support;

use leptos::mount::mount_to;
use leptos::prelude::*;
use shinkin_otp::ui::form::{Check, FormErrors, Submission};
use std::cell::RefCell;
use std::sync::atomic::{AtomicU32, Ordering::SeqCst};
use std::sync::Arc;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

thread_local! {
    /// How to answer each call the probe made, in order.
    static HELD: RefCell<Vec<js_sys::Function>> = const { RefCell::new(Vec::new()) };
}

/// Answers the `n`th call (from 0).
fn answer(n: usize) {
    HELD.with(|held| {
        held.borrow()[n]
            .call0(&wasm_bindgen::JsValue::NULL)
            .unwrap()
    });
}

/// What the probe saw.
#[derive(Clone, Default)]
struct Counts {
    calls: Arc<AtomicU32>,
    replies: Arc<AtomicU32>,
    leave_hooks: Arc<AtomicU32>,
}

/// A form with nothing to read, whose call waits until the test answers it.
fn probe_form(counts: Counts) -> impl IntoView {
    let errors = FormErrors::default();
    let submission = Submission::new();
    let on_submit = submission.on_submit(
        errors,
        |_: &mut Check| Some(()),
        {
            let counts = counts.clone();
            move |()| {
                counts.calls.fetch_add(1, SeqCst);
                let leave_hooks = counts.leave_hooks.clone();
                submission.on_leave(move || {
                    leave_hooks.fetch_add(1, SeqCst);
                });
                let reply = js_sys::Promise::new(&mut |resolve, _| {
                    HELD.with(|held| held.borrow_mut().push(resolve))
                });
                async move {
                    wasm_bindgen_futures::JsFuture::from(reply).await.unwrap();
                }
            }
        },
        move |()| {
            counts.replies.fetch_add(1, SeqCst);
        },
    );
    view! {
        <form class="probe" on:submit=on_submit aria-busy=move || submission.aria_busy()>
            <button type="submit" disabled=move || submission.pending()>"送信"</button>
        </form>
    }
}

/// The probe, mounted; `shown` set to false leaves its screen.
struct Probe {
    counts: Counts,
    shown: RwSignal<bool>,
    _mounted: Box<dyn std::any::Any>,
    container: web_sys::HtmlElement,
}

impl Drop for Probe {
    fn drop(&mut self) {
        self.container.remove();
    }
}

async fn mount_probe() -> Probe {
    HELD.with(|held| held.borrow_mut().clear());
    let counts = Counts::default();
    let shown = RwSignal::new(true);
    let container: web_sys::HtmlElement = doc().create_element("div").unwrap().unchecked_into();
    doc().body().unwrap().append_child(&container).unwrap();
    let for_view = counts.clone();
    let mounted = mount_to(container.clone(), move || {
        view! { {move || shown.get().then(|| probe_form(for_view.clone()))} }
    });
    settle().await;
    Probe {
        counts,
        shown,
        _mounted: Box::new(mounted),
        container,
    }
}

impl Probe {
    /// The probe's form, if shown (looked up in its own container: a failed test leaves its page
    /// behind).
    fn form(&self) -> Option<web_sys::Element> {
        self.container.query_selector("form.probe").unwrap()
    }

    fn button(&self) -> web_sys::HtmlElement {
        self.form()
            .unwrap()
            .query_selector("button")
            .unwrap()
            .unwrap()
            .unchecked_into()
    }

    fn busy(&self) -> Option<String> {
        self.form().unwrap().get_attribute("aria-busy")
    }
}

#[wasm_bindgen_test]
async fn while_a_call_runs_the_form_is_busy_and_its_button_disabled() {
    let probe = mount_probe().await;
    assert_eq!(probe.busy(), None);
    probe.button().click();
    settle().await;
    assert_eq!(probe.busy().as_deref(), Some("true"));
    assert!(probe.button().has_attribute("disabled"));
    answer(0);
    settle().await;
    assert_eq!(probe.counts.replies.load(SeqCst), 1);
    assert_eq!(probe.busy(), None, "no longer busy after the reply");
    assert!(!probe.button().has_attribute("disabled"));
    assert_eq!(
        probe.counts.leave_hooks.load(SeqCst),
        0,
        "the screen was not left"
    );
}

#[wasm_bindgen_test]
async fn a_submission_while_a_call_runs_makes_no_second_call() {
    let probe = mount_probe().await;
    probe.button().click();
    settle().await;
    // The disabled button is only a convenience: bypass it, and the guard must still hold.
    probe.button().remove_attribute("disabled").unwrap();
    probe.button().click();
    settle().await;
    assert_eq!(probe.counts.calls.load(SeqCst), 1);
    answer(0);
    settle().await;
    assert_eq!(probe.counts.replies.load(SeqCst), 1);
    probe.button().click();
    settle().await;
    assert_eq!(
        probe.counts.calls.load(SeqCst),
        2,
        "the next submission after the reply goes through"
    );
}

#[wasm_bindgen_test]
async fn a_reply_after_the_screen_was_left_is_dropped_and_the_leave_hook_runs() {
    let probe = mount_probe().await;
    probe.button().click();
    settle().await;
    probe.shown.set(false);
    settle().await;
    assert!(probe.form().is_none(), "the screen is gone");
    assert_eq!(probe.counts.leave_hooks.load(SeqCst), 1);
    answer(0);
    settle().await;
    assert_eq!(
        probe.counts.replies.load(SeqCst),
        0,
        "the late reply is dropped"
    );
}
