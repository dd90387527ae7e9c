//! The API's errors: the one table of error codes, their HTTP statuses and titles, and the
//! problem+json body.

use crate::errors::BankError;
use serde::{Deserialize, Serialize};
use BankError as B;
use ErrorCode as E;

/// Every error the API answers: the bank's refusals, and what the HTTP layer itself refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// A refusal by the bank's rules.
    Bank(BankError),
    /// The body is not JSON of the endpoint's shape, or a field breaks its input rule.
    InvalidRequest,
    /// No valid session (`GET /api/v1/session`).
    SessionInvalid,
    /// `Origin` or `Sec-Fetch-Site` says the request comes from another site.
    ForbiddenOrigin,
    /// No such endpoint (or a demo endpoint without `--demo`).
    NotFound,
    /// The endpoint exists but not for this method.
    MethodNotAllowed,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// A POST without `Content-Type: application/json`.
    UnsupportedMediaType,
    /// Too many requests from one address, or logins for one contract ID, in the server's window;
    /// `Retry-After` says when to try again.
    RateLimited,
    /// Something failed inside the server.
    Internal,
    /// The request lost a race with another one twice; `Retry-After` says when to try again.
    Busy,
    /// The request's `Host` is not one of the server's public origins (DNS rebinding, or a proxy
    /// that does not keep the browser's `Host`).
    MisdirectedRequest,
    /// The bank's stop (demo kit's 当金庫での本人確認) asked for an active token that is not
    /// locked: the bank stops only a suspended or locked one; the customer stops theirs with 利用中止.
    TokenActive,
}

/// One row of the error table: the code, its stable name, HTTP status and problem title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorEntry {
    /// The error.
    pub code: ErrorCode,
    /// The stable `code` string of the problem body.
    pub name: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// The problem's `title` (English; the page shows its own Japanese message per `code`).
    pub title: &'static str,
}

const fn entry(
    code: ErrorCode,
    name: &'static str,
    status: u16,
    title: &'static str,
) -> ErrorEntry {
    ErrorEntry {
        code,
        name,
        status,
        title,
    }
}

/// THE table: every [`BankError`] and every HTTP-level error, its stable `code` and its status.
/// Failed proofs inside a flow are 422, a wrong ID or password 401, locks 423, an expired flow 410.
#[rustfmt::skip] // one row per line: it is a table
pub const ERRORS: [ErrorEntry; 33] = [
    entry(E::Bank(B::BadCredentials), "invalid_credentials", 401, "Contract ID or password is wrong"),
    entry(E::Bank(B::LoginLocked), "login_locked", 423, "Login is locked after repeated wrong passwords"),
    entry(E::Bank(B::AlreadyEnrolled), "already_enrolled", 409, "A token is already in use"),
    entry(E::Bank(B::NotEnrolled), "not_enrolled", 409, "No token is in use"),
    entry(E::Bank(B::WrongCode), "otp_invalid", 422, "The one-time password is wrong"),
    entry(E::Bank(B::ClockDrift), "clock_drift", 422, "The one-time password is outside the time window"),
    entry(E::Bank(B::CodeUsed), "otp_reused", 422, "The one-time password was already used"),
    entry(E::Bank(B::TokenLocked), "token_locked", 423, "The token is locked after repeated wrong codes"),
    entry(E::Bank(B::TokenSuspended), "token_suspended", 423, "The token was reported lost or broken"),
    entry(E::Bank(B::NewTokenRefused), "new_token_refused", 422, "The new token's serial or code is wrong"),
    entry(E::Bank(B::NewTokenClockDrift), "new_token_clock_drift", 422, "The new token's code is outside the time window"),
    entry(E::Bank(B::NewTokenCodeUsed), "new_token_otp_reused", 422, "The new token's code was already used"),
    entry(E::Bank(B::SerialInUse), "serial_in_use", 409, "The token is another customer's"),
    entry(E::Bank(B::SameToken), "same_token", 422, "The replacement is the token already in use"),
    entry(E::Bank(B::NewTokenLocked), "new_token_locked", 423, "Registering tokens is locked after repeated failures"),
    entry(E::Bank(B::ResyncNotFound), "resync_not_found", 422, "The two codes are not consecutive codes of the token within 10 minutes"),
    entry(E::Bank(B::ResyncAmbiguous), "resync_ambiguous", 422, "The two codes match at two places within 10 minutes"),
    entry(E::Bank(B::WrongCard), "card_mismatch", 422, "The card digits are wrong"),
    entry(E::Bank(B::CardLocked), "card_locked", 423, "The card confirmation is locked after repeated wrong answers"),
    entry(E::Bank(B::FlowExpired), "flow_expired", 410, "The procedure expired after 10 idle minutes"),
    entry(E::Bank(B::FlowInvalid), "flow_invalid", 404, "No such procedure at this step"),
    entry(E::InvalidRequest, "invalid_request", 400, "The request body is not valid"),
    entry(E::SessionInvalid, "session_invalid", 401, "Not logged in"),
    entry(E::ForbiddenOrigin, "forbidden_origin", 403, "Cross-site request refused"),
    entry(E::NotFound, "not_found", 404, "No such endpoint"),
    entry(E::MethodNotAllowed, "method_not_allowed", 405, "Method not allowed"),
    entry(E::PayloadTooLarge, "payload_too_large", 413, "Request body too large"),
    entry(E::UnsupportedMediaType, "unsupported_media_type", 415, "Content-Type must be application/json"),
    entry(E::RateLimited, "rate_limited", 429, "Too many requests"),
    entry(E::Internal, "internal", 500, "Internal server error"),
    entry(E::Busy, "busy", 503, "The server is busy; try again"),
    entry(E::MisdirectedRequest, "misdirected_request", 421, "The Host is not this server's public origin"),
    entry(E::TokenActive, "token_active", 409, "The token is active: the bank stops only a suspended or locked token"),
];

impl ErrorCode {
    /// This error's row of [`ERRORS`].
    pub fn entry(self) -> &'static ErrorEntry {
        ERRORS
            .iter()
            .find(|e| e.code == self)
            .expect("every error code has a row in ERRORS (tested)")
    }

    /// The stable `code` string.
    pub fn name(self) -> &'static str {
        self.entry().name
    }

    /// The HTTP status.
    pub fn status(self) -> u16 {
        self.entry().status
    }

    /// The error whose `code` string is `name`.
    pub fn from_name(name: &str) -> Option<ErrorCode> {
        ERRORS.iter().find(|e| e.name == name).map(|e| e.code)
    }
}

impl From<BankError> for ErrorCode {
    fn from(e: BankError) -> ErrorCode {
        ErrorCode::Bank(e)
    }
}

/// The stable name and the problem title, e.g. `otp_invalid: The one-time password is wrong`.
impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let entry = self.entry();
        write!(f, "{}: {}", entry.name, entry.title)
    }
}

impl std::error::Error for ErrorCode {}

/// As its [`ErrorCode`]: the English wording is the error table's, in one place (the customer's
/// Japanese message is `ui::messages`').
impl std::fmt::Display for BankError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        ErrorCode::Bank(*self).fmt(f)
    }
}

impl std::error::Error for BankError {}

/// An RFC 9457 problem body (`application/problem+json`), with the stable `code` extension the
/// page maps to its Japanese message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// A URI naming the problem type: `tag:shinkin-otp.example,2026:problem:CODE`.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short English summary, the same for every occurrence of the type.
    pub title: String,
    /// The HTTP status, repeated.
    pub status: u16,
    /// More about this occurrence, if anything safe to say (never a secret or whether an ID exists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The stable code (see [`ERRORS`]).
    pub code: String,
}

/// The prefix of every problem `type`.
pub const PROBLEM_TYPE_PREFIX: &str = "tag:shinkin-otp.example,2026:problem:";

impl Problem {
    /// The problem body for `code`.
    pub fn new(code: ErrorCode, detail: Option<String>) -> Problem {
        let e = code.entry();
        Problem {
            kind: format!("{PROBLEM_TYPE_PREFIX}{}", e.name),
            title: e.title.to_owned(),
            status: e.status,
            detail,
            code: e.name.to_owned(),
        }
    }

    /// The error this body names, if its `code` is known.
    pub fn error_code(&self) -> Option<ErrorCode> {
        ErrorCode::from_name(&self.code)
    }

    /// The bank's refusal this body names, if it is one.
    pub fn bank_error(&self) -> Option<BankError> {
        match self.error_code()? {
            ErrorCode::Bank(e) => Some(e),
            _ => None,
        }
    }
}
