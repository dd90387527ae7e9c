//! Form state shared by the screens: field messages, reading and clearing inputs, and the one way a
//! form submits to the bank ([`Submission`]).
//!
//! Inputs are uncontrolled: the browser keeps what was typed (an IME composition is never rewritten
//! under the user's fingers), and the screen reads the values once, on submit.

use super::AppContext;
use crate::bank::BankApi;
use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use send_wrapper::SendWrapper;
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;

/// One message in a form: for a field (by input id), or for the form as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMessage {
    /// The input's id, for the summary link and the inline message; `None` for the whole form.
    pub field: Option<&'static str>,
    /// The Japanese message.
    pub text: String,
}

impl FieldMessage {
    /// A message beside `field`.
    pub fn at(field: &'static str, text: impl Into<String>) -> FieldMessage {
        FieldMessage {
            field: Some(field),
            text: text.into(),
        }
    }

    /// A message about the whole form (shown only in the summary).
    pub fn general(text: impl Into<String>) -> FieldMessage {
        FieldMessage {
            field: None,
            text: text.into(),
        }
    }
}

/// The messages of one form. Setting them (even to the same list) redraws and refocuses the summary.
#[derive(Debug, Clone, Copy)]
pub struct FormErrors(RwSignal<Vec<FieldMessage>>);

impl Default for FormErrors {
    fn default() -> Self {
        FormErrors(RwSignal::new(Vec::new()))
    }
}

impl FormErrors {
    /// Replaces the messages.
    pub fn set(&self, messages: Vec<FieldMessage>) {
        self.0.set(messages);
    }

    /// Removes all messages.
    pub fn clear(&self) {
        self.0.set(Vec::new());
    }

    /// All messages (tracked).
    pub fn get(&self) -> Vec<FieldMessage> {
        self.0.get()
    }

    /// The message beside `field`, if any (tracked).
    pub fn for_field(&self, field: &str) -> Option<String> {
        self.0.with(|list| {
            list.iter()
                .find(|m| m.field == Some(field))
                .map(|m| m.text.clone())
        })
    }
}

/// The current text of an input ("" before it is mounted).
pub fn value_of(input: NodeRef<Input>) -> String {
    input.get_untracked().map(|i| i.value()).unwrap_or_default()
}

/// Empties an input (passwords and codes after every submission).
pub fn clear(input: NodeRef<Input>) {
    if let Some(i) = input.get_untracked() {
        i.set_value("");
    }
}

/// Whether a checkbox or radio is checked.
pub fn is_checked(input: NodeRef<Input>) -> bool {
    input.get_untracked().is_some_and(|i| i.checked())
}

/// A form's one way to the bank: read the fields, make one call, route the reply.
///
/// Created once per screen (in its component), it owns what every form shares:
/// - **pending**: while a call runs the submit button is disabled ([`Submission::pending`]) and the
///   form is `aria-busy` ([`Submission::aria_busy`]);
/// - **one at a time**: a submission while a call runs is ignored, so a double click or a second
///   Enter cannot send twice (a code or a password would be spent twice);
/// - **left screens stay left**: once the customer has moved to another screen, a reply still on
///   its way is dropped instead of moving them back into a flow they left, and the call's
///   [`Submission::on_leave`] hook runs — by default the app's bank abandons its calls in flight
///   ([`BankApi::abort_calls`]: an HTTP request is aborted). The screen counts as left when
///   the app is asked to move ([`AppContext::on_leaving_screen`]) or, outside the app or when it
///   is unmounted, when the screen's owner is cleaned up.
///
/// Replies are awaited with `spawn_local`, so calls need not be `Send` (gloo-net's are not).
///
/// # Usage
/// ```no_run
/// use leptos::prelude::*;
/// use shinkin_otp::ui::form::{Check, FormErrors, Submission};
///
/// # async fn bank_call(_value: String) -> Result<(), String> { Ok(()) }
/// # fn screen() -> impl IntoView {
/// let errors = FormErrors::default();
/// let submission = Submission::new();
/// let on_submit = submission.on_submit(
///     errors,
///     |_check: &mut Check| Some("typed".to_owned()), // read and check the fields
///     bank_call,                                     // the one bank call
///     |_reply| { /* route: the next screen, or messages on this form */ },
/// );
/// view! {
///     <form on:submit=on_submit aria-busy=move || submission.aria_busy() novalidate>
///         <button type="submit" disabled=move || submission.pending()>"次へ"</button>
///     </form>
/// }
/// # }
/// ```
#[derive(Clone, Copy)]
pub struct Submission {
    pending: RwSignal<bool>,
    life: StoredValue<Rc<Life>, LocalStorage>,
}

/// What outlives the screen: the future holds it after the screen's signals are disposed.
#[derive(Default)]
struct Life {
    /// Set when the screen is left; replies arriving later are dropped.
    left: Cell<bool>,
    /// Runs if the screen is left while the current call runs.
    on_leave: RefCell<Option<Box<dyn FnOnce()>>>,
    /// The app's way to abandon the bank's calls in flight: every call's hook unless it sets its own.
    abort_calls: Option<Rc<dyn Fn()>>,
}

impl Life {
    /// Idempotent: both the move and the cleanup call it.
    fn leave(&self) {
        self.left.set(true);
        if let Some(hook) = self.on_leave.take() {
            hook();
        }
    }
}

impl Default for Submission {
    fn default() -> Self {
        Submission::new()
    }
}

impl Submission {
    /// A submission for the screen being built; it ends when the customer leaves the screen.
    pub fn new() -> Submission {
        let app = use_context::<AppContext>();
        let life = Rc::new(Life {
            abort_calls: app.as_ref().map(|app| {
                let bank = app.bank.clone();
                Rc::new(move || bank.abort_calls()) as Rc<dyn Fn()>
            }),
            ..Life::default()
        });
        // Cleanups must be Send; the page has one thread, so the wrapper never changes threads.
        let on_cleanup_life = SendWrapper::new(Rc::clone(&life));
        on_cleanup(move || on_cleanup_life.leave());
        // The owner is cleaned up only when the next screen is drawn; the demo bank's instant reply
        // can come before that, so the move itself marks the screen left.
        if let Some(app) = app {
            let on_move_life = Rc::clone(&life);
            app.on_leaving_screen(move || on_move_life.leave());
        }
        Submission {
            pending: RwSignal::new(false),
            life: StoredValue::new_local(life),
        }
    }

    /// Whether a call is running (tracked): the submit button's `disabled`.
    pub fn pending(&self) -> bool {
        self.pending.get()
    }

    /// The form's `aria-busy` (tracked): "true" while a call runs, absent otherwise.
    pub fn aria_busy(&self) -> Option<&'static str> {
        self.pending().then_some("true")
    }

    /// Makes the call `call` builds, unless one is running; `route` gets the reply if the screen is
    /// still shown.
    pub fn send<F>(&self, call: impl FnOnce() -> F, route: impl FnOnce(F::Output) + 'static)
    where
        F: Future + 'static,
    {
        // The guard: one call at a time, whatever the button's state in the DOM.
        if self.pending.get_untracked() {
            return;
        }
        self.pending.set(true);
        let life = self.life.get_value();
        let pending = self.pending;
        if let Some(abort) = life.abort_calls.clone() {
            *life.on_leave.borrow_mut() = Some(Box::new(move || abort()));
        }
        let reply = call();
        spawn_local(async move {
            let reply = reply.await;
            if life.left.get() {
                // The screen is gone (and its signals with it): the customer is elsewhere now.
                return;
            }
            life.on_leave.take();
            pending.set(false);
            route(reply);
        });
    }

    /// Registers `hook` to run if the screen is left while the current call runs (then the reply is
    /// dropped anyway), instead of the default (the app's bank abandons its calls in flight); for
    /// a call that can be cancelled some other way. Call it from the `call` closure of
    /// [`Submission::send`] or [`Submission::on_submit`].
    pub fn on_leave(&self, hook: impl FnOnce() + 'static) {
        *self.life.get_value().on_leave.borrow_mut() = Some(Box::new(hook));
    }

    /// A form's submit handler: `read` reads and checks the fields; if they pass, `call` makes the
    /// one bank call (see [`Submission::send`]) and `route` acts on the reply; if not, the messages
    /// go to `errors` (summary and beside each field).
    ///
    /// `read` runs even for a submission the guard then ignores, because reading is what empties the
    /// password and code fields.
    pub fn on_submit<V, F>(
        self,
        errors: FormErrors,
        read: impl Fn(&mut Check) -> Option<V> + 'static,
        call: impl Fn(V) -> F + 'static,
        route: impl Fn(F::Output) + 'static,
    ) -> impl Fn(SubmitEvent) + 'static
    where
        V: 'static,
        F: Future + 'static,
    {
        let (call, route) = (Rc::new(call), Rc::new(route));
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let mut check = Check::default();
            match read(&mut check) {
                Some(value) => {
                    let (call, route) = (Rc::clone(&call), Rc::clone(&route));
                    self.send(move || call(value), move |reply| route(reply));
                }
                None => errors.set(check.into_messages()),
            }
        }
    }
}

/// Collects the field messages of several validations; `Ok` values pass through.
#[derive(Debug, Default)]
pub struct Check(Vec<FieldMessage>);

impl Check {
    /// Records `result`'s error (if any) against `field`, worded by `message`.
    pub fn field<T, E>(
        &mut self,
        field: &'static str,
        result: Result<T, E>,
        message: impl FnOnce(E) -> String,
    ) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(FieldMessage::at(field, message(e)));
                None
            }
        }
    }

    /// The messages collected (empty when every field passed).
    pub fn into_messages(self) -> Vec<FieldMessage> {
        self.0
    }
}
