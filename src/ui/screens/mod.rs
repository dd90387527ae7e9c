//! One module per screen. Each reads like its page in the bank's guide; the rules it applies are
//! single calls into `domain`, and its words come from `messages`.

pub mod auth;
pub mod confirm;
pub mod login;
pub mod login_code;
pub mod register;
pub mod result;
pub mod stop_token;
pub mod top;

use super::form::FieldMessage;
use super::messages;
use super::Screen;
use crate::domain::bank::BankError;
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
        Screen::Result(kind, receipt) => view! { <result::ResultScreen kind receipt/> }.into_any(),
    }
}

/// A bank refusal as a form message, beside `field` when it is about one.
pub fn bank_message(error: BankError, field: Option<&'static str>) -> FieldMessage {
    FieldMessage {
        field,
        text: messages::bank_error(error).to_owned(),
    }
}

/// Whether a refusal means the flow itself is gone (start again at 利用者認証).
pub fn ends_flow(error: BankError) -> bool {
    matches!(
        error,
        BankError::FlowExpired | BankError::FlowInvalid | BankError::CardLocked
    )
}
