//! The request and response bodies of the customer's calls, one pair per call.

use super::Password;
use crate::bank::{self, NewToken};
use crate::flows::{FlowId, Procedure};
use crate::input::{ContractId, OtpCode};
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

/// `POST /api/v1/login/code`; answered with a [`Session`](crate::bank::Session).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginCodeRequest {
    /// The flow from [`LoginStep::NeedsCode`](crate::bank::LoginStep::NeedsCode).
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

/// `POST /api/v1/register`; answered with a [`CardChallenge`](crate::card::CardChallenge).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// The flow from 利用者認証 for `"start"`.
    pub flow: FlowId,
    /// The token to register.
    pub token: NewToken,
}

/// `POST /api/v1/exchange`; answered with a [`CardChallenge`](crate::card::CardChallenge).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExchangeRequest {
    /// The flow from 利用者認証 for `"exchange"`.
    pub flow: FlowId,
    /// A code from the token in use.
    pub current_code: OtpCode,
    /// The replacement.
    pub token: NewToken,
}

impl ExchangeRequest {
    /// The domain's request.
    pub fn replacement(&self) -> bank::Replacement {
        bank::Replacement {
            current_code: self.current_code.clone(),
            new: self.token.clone(),
        }
    }
}

/// `POST /api/v1/stop`; answered with a [`CardChallenge`](crate::card::CardChallenge).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StopRequest {
    /// The flow from 利用者認証 for `"stop"`.
    pub flow: FlowId,
    /// A code from the token in use.
    pub code: OtpCode,
}

/// `POST /api/v1/stop/lost` (also the shape of any request naming only its flow); answered with a
/// [`CardChallenge`](crate::card::CardChallenge).
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

/// `POST /api/v1/resync` (時刻補正); answered with what it set and ご利用履歴 after it
/// ([`Finished`](crate::operation::Finished)`<`[`Resynced`](crate::bank::Resynced)`>`).
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

/// `POST /api/v1/confirm`; answered with a [`Receipt`](crate::bank::Receipt).
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

impl Status {
    /// `{"status":"ok"}`.
    pub fn ok() -> Status {
        Status {
            status: "ok".into(),
        }
    }
}
