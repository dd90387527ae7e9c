//! One module per screen. Each reads like its page in the bank's guide; the rules it applies are
//! single calls into `domain`, and its words come from `messages`.

pub mod auth;
pub mod confirm;
pub mod login;
pub mod login_code;
pub mod register;
pub mod result;
pub mod resync;
pub mod stop_token;
pub mod top;

use super::form::{clear, value_of, Check, FieldMessage, FormErrors};
use super::messages;
use super::messages::Field;
use super::Screen;
use crate::bank::{CallError, Unavailable};
use crate::domain::errors::BankError;
use crate::domain::input::{self, ContractId, OtpCode};
use leptos::html::Input;
use leptos::prelude::*;

/// The view for a screen.
pub fn view_of(screen: Screen) -> AnyView {
    match screen {
        Screen::Login => view! { <login::LoginScreen/> }.into_any(),
        Screen::LoginCode(flow) => view! { <login_code::LoginCodeScreen flow/> }.into_any(),
        Screen::Top(session) => view! { <top::TopScreen session/> }.into_any(),
        Screen::Auth(kind) => view! { <auth::AuthScreen kind/> }.into_any(),
        Screen::Register(kind, auth) => view! { <register::RegisterScreen kind auth/> }.into_any(),
        Screen::StopToken(auth) => view! { <stop_token::StopTokenScreen auth/> }.into_any(),
        Screen::Confirm(kind, flow, challenge) => {
            view! { <confirm::ConfirmScreen kind flow challenge/> }.into_any()
        }
        Screen::Result(kind, finished) => {
            let (receipt, history) = (finished.answer, finished.history);
            view! { <result::ResultScreen kind receipt history/> }.into_any()
        }
        Screen::ResyncToken(auth) => view! { <resync::ResyncScreen auth/> }.into_any(),
        Screen::Resynced(finished) => {
            let (done, history) = (finished.answer, finished.history);
            view! { <resync::ResyncedScreen done history/> }.into_any()
        }
    }
}

/// Reads and checks 契約者ID and password (fields `contract_id_id` and `password_id`); the password
/// field is emptied whatever the outcome, so a refused password never stays on screen.
pub fn read_credentials(
    check: &mut Check,
    (contract_id_id, contract_id): (&'static str, NodeRef<Input>),
    (password_id, password): (&'static str, NodeRef<Input>),
) -> Option<(ContractId, String)> {
    let id = check.field(
        contract_id_id,
        input::contract_id(&value_of(contract_id)),
        |e| messages::current().field_error(Field::ContractId, e),
    );
    let typed = value_of(password);
    let pw = check.field(
        password_id,
        input::password(&typed).map(str::to_owned),
        |e| messages::current().field_error(Field::Password, e),
    );
    clear(password);
    Some((id?, pw?))
}

/// Reads and checks a one-time password (field `code_id`); the field is emptied whatever the outcome.
pub fn read_code(
    check: &mut Check,
    (code_id, code): (&'static str, NodeRef<Input>),
) -> Option<OtpCode> {
    let otp = check.field(code_id, input::otp_code(&value_of(code)), |e| {
        messages::current().field_error(Field::Otp, e)
    });
    clear(code);
    otp
}

/// A bank refusal as a form message, beside `field` when it is about one.
pub fn bank_message(error: BankError, field: Option<&'static str>) -> FieldMessage {
    FieldMessage {
        field,
        text: messages::current().bank_error(error),
    }
}

/// Routes a bank call's reply: the bank's answer — what it gave or why it refused — goes to
/// `route`; a call that brought no usable answer (unreachable, timed out, a server failure, rate
/// limited, unreadable) becomes the form's one message, and the screen stays as it is with what
/// was typed (only passwords and codes were emptied, as after every submission), so pressing the
/// button again simply tries again. An abandoned call (the screen was left) says nothing.
pub fn bank_reply<T, E: Into<CallError>>(
    errors: FormErrors,
    route: impl Fn(Result<T, BankError>),
) -> impl Fn(Result<T, E>) {
    move |reply| match reply.map_err(Into::into) {
        Ok(answer) => route(Ok(answer)),
        Err(CallError::Refused(refusal)) => route(Err(refusal)),
        Err(CallError::Unavailable(Unavailable::Aborted)) => {}
        Err(CallError::Unavailable(failure)) => errors.set(vec![FieldMessage::general(
            messages::current().call_failed(failure),
        )]),
    }
}
