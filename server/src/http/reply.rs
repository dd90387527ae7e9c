//! A handler's answer: the body or the bank's refusal, the cookies it sets, and the contract it is
//! about for the request's log line.

use super::cookies::{set_cookie, Cookies};
use super::AppState;
use crate::crypto::CookieSecret;
use crate::error::ApiError;
use crate::observe::LoggedContract;
use crate::service::Outcome;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use shinkin_otp_domain::errors::BankError;
use shinkin_otp_domain::input::ContractId;

/// An answer: the body (or the bank's refusal) with the cookies to set, and the contract ID it is
/// about for the request's log line (see [`LoggedContract`]).
pub(super) struct Reply {
    cookies: Vec<HeaderValue>,
    contract: Option<ContractId>,
}

impl Reply {
    pub(super) fn new() -> Reply {
        Reply {
            cookies: Vec::new(),
            contract: None,
        }
    }

    /// Names `id` in the request's log line.
    fn contract(mut self, id: &ContractId) -> Reply {
        self.contract = Some(id.clone());
        self
    }

    /// Names the contract the service found the call to concern (a flow step's handler knows
    /// only the flow).
    pub(super) fn contract_of<T>(self, outcome: &Outcome<T>) -> Reply {
        match &outcome.contract_id {
            Some(id) => self.contract(id),
            None => self,
        }
    }

    pub(super) fn cookie(
        mut self,
        name: &str,
        value: Option<&CookieSecret>,
        state: &AppState,
    ) -> Reply {
        self.cookies.push(set_cookie(name, value, &state.config));
        self
    }

    pub(super) fn send<T: Serialize>(self, result: Result<T, BankError>) -> Response {
        // A refusal's code reaches the request's log line through the response (crate::observe).
        let mut response = match result {
            Ok(body) => Json(body).into_response(),
            Err(e) => ApiError::from(e).into_response(),
        };
        for c in self.cookies {
            response.headers_mut().append(header::SET_COOKIE, c);
        }
        if let Some(id) = self.contract {
            response.extensions_mut().insert(LoggedContract(id));
        }
        response
    }
}

/// The binding cookie the request brought, or a new one (then also set on the answer).
pub(super) fn binding(cookies: &Cookies, state: &AppState) -> (CookieSecret, Reply) {
    match &cookies.binding {
        Some(b) => (b.clone(), Reply::new()),
        None => {
            let b = CookieSecret::random();
            let reply = Reply::new().cookie(state.config.binding_cookie(), Some(&b), state);
            (b, reply)
        }
    }
}

pub(super) fn with_session<T>(reply: Reply, outcome: &Outcome<T>, state: &AppState) -> Reply {
    match &outcome.session {
        Some(s) => reply.cookie(state.config.session_cookie(), Some(s), state),
        None => reply,
    }
}
