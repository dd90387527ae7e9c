//! Form state shared by the screens: field messages, reading and clearing inputs, and running one
//! bank call at a time.
//!
//! Inputs are uncontrolled: the browser keeps what was typed (an IME composition is never rewritten
//! under the user's fingers), and the screen reads the values once, on submit.

use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;

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

/// Runs a bank call unless one is already running; `busy` disables the submit button meanwhile, so
/// a double click cannot send twice.
pub fn submit_once<T: 'static>(
    busy: RwSignal<bool>,
    call: impl Future<Output = T> + 'static,
    done: impl FnOnce(T) + 'static,
) {
    if busy.get_untracked() {
        return;
    }
    busy.set(true);
    spawn_local(async move {
        let result = call.await;
        busy.set(false);
        done(result);
    });
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
