//! The HTTP contract: the request bodies of the customer's calls, the problem+json error body and
//! the one table of error codes and HTTP statuses — used by the page's HTTP bank and by the server.
//!
//! `docs/api.md` describes the same contract for a bank's back-end team; a server test fails when its
//! routes and that document disagree. Field values that have an input rule deserialise only through
//! their validator ([`ContractId`](crate::input::ContractId), [`Serial`](crate::input::Serial),
//! [`OtpCode`](crate::input::OtpCode), [`FlowId`](crate::flows::FlowId), [`Password`]), so a body
//! that parses is already valid. The answers are the domain's own types with their wire form
//! ([`bank::Session`](crate::bank::Session), [`bank::LoginStep`](crate::bank::LoginStep),
//! [`bank::Authenticated`](crate::bank::Authenticated), [`CardChallenge`](crate::card::CardChallenge),
//! [`bank::Receipt`](crate::bank::Receipt) with its [`Change`](crate::flows::Change),
//! [`bank::Resynced`](crate::bank::Resynced)), and so are the enumerations, spelled in
//! `snake_case` on the wire as in storage; the requests are this module's, one per call.

mod calls;
mod demo;
mod errors;
pub mod paths;
#[cfg(test)]
mod tests;
mod values;

pub use calls::{
    AuthenticateRequest, ConfirmRequest, ExchangeRequest, ExtendRequest, FlowRequest, History,
    LoginCodeRequest, LoginRequest, RegisterRequest, ResyncRequest, Status, StopRequest,
};
pub use demo::{
    BackOfficeView, DeskEntry, IssueTokenRequest, IssuedToken, RegistryToken, StopByBankRequest,
    StopByBankResponse,
};
pub use errors::{ErrorCode, ErrorEntry, Problem, ERRORS, PROBLEM_TYPE_PREFIX};
pub use values::Password;

/// The media type of every request and successful response body.
pub const JSON: &str = "application/json";
/// The media type of every error body (RFC 9457).
pub const PROBLEM_JSON: &str = "application/problem+json";
