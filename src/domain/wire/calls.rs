//! The request and response bodies of the customer's calls, one pair per call.

use super::{ChangeBody, Password, Session, TokenInUse};
use crate::bank::{self, LoginStep};
use crate::flows::{FlowId, Procedure};
use crate::history::HistoryEntry;
use crate::input::{ContractId, OtpCode, Serial};
use crate::ledger::LoginOtp;
use serde::{Deserialize, Serialize};

/// `POST /api/v1/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// 契約者ID, canonical (11 half-width digits).
    pub contract_id: ContractId,
    /// ログインパスワード.
    pub password: Password,
}

/// The answer to [`LoginRequest`]: logged in, or a code is needed in `flow`. Tagged by `status`;
/// read through the flat `LoginFields` (as [`ChangeBody`] is, and for the same reason).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case", try_from = "LoginFields")]
pub enum LoginResponse {
    /// Logged in (the session cookie is set).
    Done {
        /// Who.
        session: Session,
    },
    /// The customer chose 認証する: send a code to `/api/v1/login/code` in this flow.
    NeedsCode {
        /// The flow of the code step.
        flow: FlowId,
    },
}

/// A [`LoginResponse`] as it arrives: read flat, then its status's field required (the other
/// ignored).
#[derive(Deserialize)]
struct LoginFields {
    status: LoginStatus,
    session: Option<Session>,
    flow: Option<FlowId>,
}

/// The `status` of a [`LoginResponse`].
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum LoginStatus {
    Done,
    NeedsCode,
}

impl TryFrom<LoginFields> for LoginResponse {
    type Error = &'static str;
    fn try_from(f: LoginFields) -> Result<LoginResponse, Self::Error> {
        const MISSING: &str = "a login answer lacks the field of its status";
        Ok(match f.status {
            LoginStatus::Done => LoginResponse::Done {
                session: f.session.ok_or(MISSING)?,
            },
            LoginStatus::NeedsCode => LoginResponse::NeedsCode {
                flow: f.flow.ok_or(MISSING)?,
            },
        })
    }
}

impl From<LoginStep> for LoginResponse {
    fn from(step: LoginStep) -> LoginResponse {
        match step {
            LoginStep::Done(session) => LoginResponse::Done {
                session: session.into(),
            },
            LoginStep::NeedsCode(flow) => LoginResponse::NeedsCode { flow },
        }
    }
}

impl From<LoginResponse> for LoginStep {
    fn from(r: LoginResponse) -> LoginStep {
        match r {
            LoginResponse::Done { session } => LoginStep::Done(session.into()),
            LoginResponse::NeedsCode { flow } => LoginStep::NeedsCode(flow),
        }
    }
}

/// `POST /api/v1/login/code`; answered with a [`Session`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginCodeRequest {
    /// The flow from [`LoginResponse::NeedsCode`].
    pub flow: FlowId,
    /// The token's code.
    pub code: OtpCode,
}

/// `POST /api/v1/authenticate`: 利用者認証.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthenticateRequest {
    /// Which procedure the flow is for.
    pub procedure: Procedure,
    /// 契約者ID, canonical.
    pub contract_id: ContractId,
    /// ログインパスワード.
    pub password: Password,
}

/// The answer to [`AuthenticateRequest`]: the new flow and the token in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthenticateResponse {
    /// The flow's handle, for every later step.
    pub flow: FlowId,
    /// The customer's token in use, if any (交換 and 利用中止 show it).
    pub current: Option<TokenInUse>,
}

impl AuthenticateResponse {
    /// The domain's answer, for `contract_id` (the one the request named).
    pub fn into_authenticated(self, contract_id: &ContractId) -> bank::Authenticated {
        bank::Authenticated {
            flow: self.flow,
            current: self.current.map(|t| t.into_enrolment(contract_id.clone())),
        }
    }
}

impl From<bank::Authenticated> for AuthenticateResponse {
    fn from(a: bank::Authenticated) -> AuthenticateResponse {
        AuthenticateResponse {
            flow: a.flow,
            current: a.current.map(TokenInUse::from),
        }
    }
}

/// A new token's three fields (ワンタイムパスワードの登録).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewTokenBody {
    /// シリアル番号, canonical.
    pub serial: Serial,
    /// A code it shows now.
    pub code: OtpCode,
    /// ログイン時のワンタイムパスワード認証要否.
    pub login_otp: LoginOtp,
}

impl From<NewTokenBody> for bank::NewToken {
    fn from(b: NewTokenBody) -> bank::NewToken {
        bank::NewToken {
            serial: b.serial,
            code: b.code,
            login_otp: b.login_otp,
        }
    }
}

impl From<bank::NewToken> for NewTokenBody {
    fn from(t: bank::NewToken) -> NewTokenBody {
        NewTokenBody {
            serial: t.serial,
            code: t.code,
            login_otp: t.login_otp,
        }
    }
}

/// `POST /api/v1/register`; answered with a [`Challenge`](super::Challenge).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// The flow from 利用者認証 for `"start"`.
    pub flow: FlowId,
    /// The token to register.
    pub token: NewTokenBody,
}

/// `POST /api/v1/exchange`; answered with a [`Challenge`](super::Challenge).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExchangeRequest {
    /// The flow from 利用者認証 for `"exchange"`.
    pub flow: FlowId,
    /// A code from the token in use.
    pub current_code: OtpCode,
    /// The replacement.
    pub token: NewTokenBody,
}

impl ExchangeRequest {
    /// The domain's request.
    pub fn replacement(&self) -> bank::Replacement {
        bank::Replacement {
            current_code: self.current_code.clone(),
            new: self.token.clone().into(),
        }
    }
}

/// `POST /api/v1/stop`; answered with a [`Challenge`](super::Challenge).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StopRequest {
    /// The flow from 利用者認証 for `"stop"`.
    pub flow: FlowId,
    /// A code from the token in use.
    pub code: OtpCode,
}

/// `POST /api/v1/stop/lost` (also the shape of any request naming only its flow); answered with a
/// [`Challenge`](super::Challenge).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowRequest {
    /// The flow from 利用者認証 for `"stop"`.
    pub flow: FlowId,
}

/// `POST /api/v1/flow/extend` (延長する before the time limit); answered with a [`Status`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtendRequest {
    /// Any live flow: a procedure's, or ログイン's code step.
    pub flow: FlowId,
}

/// `POST /api/v1/resync` (時刻補正); answered with what it set ([`Resynced`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResyncRequest {
    /// The flow from 利用者認証 for `"resync"`.
    pub flow: FlowId,
    /// A code the token showed.
    pub first: OtpCode,
    /// The code it showed next.
    pub second: OtpCode,
}

/// `POST /api/v1/confirm`; answered with a [`Receipt`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfirmRequest {
    /// The flow at its card step.
    pub flow: FlowId,
    /// The digits under (1) and (2), each 0–9.
    #[serde(deserialize_with = "card_digits")]
    pub answers: [u8; 2],
}

/// Two digits 0–9: anything else is not an answer at all (and is refused before it could count).
fn card_digits<'de, D: serde::Deserializer<'de>>(d: D) -> Result<[u8; 2], D::Error> {
    let answers = <[u8; 2]>::deserialize(d)?;
    if answers.iter().all(|&a| a <= 9) {
        Ok(answers)
    } else {
        Err(serde::de::Error::custom("card answers are digits 0–9"))
    }
}

/// 処理結果: what the flow changed, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// What changed.
    pub change: ChangeBody,
    /// When, Unix seconds.
    pub at: u64,
    /// ご利用履歴 of the flow's contract once the change is recorded (see [`Resynced::history`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<HistoryEntry>>,
}

/// 時刻補正's 処理結果: what it set, and ご利用履歴 after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resynced {
    /// The token, its new clock offset and when.
    #[serde(flatten)]
    pub resynced: bank::Resynced,
    /// ご利用履歴 of the flow's contract once the step is recorded, newest first, at most
    /// [`HISTORY_LENGTH`](crate::history::HISTORY_LENGTH): a flow's last step is answered with
    /// it, as 処理結果 has no session to read it with. The flow names the contract, so it is
    /// only ever the customer's own; absent when the bank did not read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<HistoryEntry>>,
}

impl From<bank::Resynced> for Resynced {
    fn from(resynced: bank::Resynced) -> Resynced {
        Resynced {
            resynced,
            history: None,
        }
    }
}

impl From<bank::Receipt> for Receipt {
    fn from(r: bank::Receipt) -> Receipt {
        Receipt {
            change: r.change.into(),
            at: r.at,
            history: None,
        }
    }
}

impl From<Receipt> for bank::Receipt {
    fn from(r: Receipt) -> bank::Receipt {
        bank::Receipt {
            change: r.change.into(),
            at: r.at,
        }
    }
}

/// `GET /api/v1/history`'s answer: ご利用履歴, newest first, at most
/// [`HISTORY_LENGTH`](crate::history::HISTORY_LENGTH) events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct History {
    /// The events.
    pub events: Vec<crate::history::HistoryEntry>,
}

/// `POST /api/v1/logout`'s and `GET /api/v1/health`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    /// `"ok"`.
    pub status: String,
}

impl From<bank::Extended> for Status {
    fn from(_: bank::Extended) -> Status {
        Status::ok()
    }
}

impl Status {
    /// `{"status":"ok"}`.
    pub fn ok() -> Status {
        Status {
            status: "ok".into(),
        }
    }
}
