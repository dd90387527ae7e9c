//! The demo endpoints' bodies (`--demo` only): issuing a token, the bank's own stop, and the back
//! office the kit shows.

use crate::back_office::{BackOffice, DeskCase, DeskReason, VendorToken};
use crate::input::{ContractId, Serial, TokenModel};
use crate::token;
use serde::{Deserialize, Serialize};

/// `POST /api/v1/demo/tokens` (demo only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IssueTokenRequest {
    /// Which kind of token to make.
    pub model: TokenModel,
}

/// A token the demo vendor made: its serial and its `otpauth://` URI (which carries the seed —
/// demo only; a real bank's server never sends a seed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedToken {
    /// シリアル番号.
    pub serial: Serial,
    /// Software or hardware.
    pub model: TokenModel,
    /// The Key Uri Format URI an authenticator app (or the kit's emulator) reads.
    pub otpauth_uri: String,
}

/// `POST /api/v1/demo/stop-by-bank` (demo only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StopByBankRequest {
    /// Whose token the bank stops.
    pub contract_id: ContractId,
}

/// The answer to [`StopByBankRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StopByBankResponse {
    /// The token stopped, if the customer had one.
    pub stopped: Option<Serial>,
}

/// `GET /api/v1/demo/back-office` (demo only): what the kit shows of the bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackOfficeView {
    /// Every token of the vendor's registry, oldest first.
    pub tokens: Vec<RegistryToken>,
    /// Customers whose token is suspended or locked.
    pub desk: Vec<DeskEntry>,
}

/// A token of the registry: as [`IssuedToken`], with its holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryToken {
    /// The token, its seed inside the otpauth URI.
    #[serde(flatten)]
    pub token: IssuedToken,
    /// Who uses it (`null`: free).
    pub holder: Option<ContractId>,
}

/// A customer waiting at the bank's desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskEntry {
    /// Whose token.
    pub contract_id: ContractId,
    /// Why.
    pub reason: DeskReason,
}

impl From<&token::Token> for IssuedToken {
    fn from(t: &token::Token) -> IssuedToken {
        IssuedToken {
            serial: t.serial.clone(),
            model: t.model,
            otpauth_uri: token::otpauth_uri(t),
        }
    }
}

impl IssuedToken {
    /// The token the URI describes; `None` if it is not one of the demo vendor's URIs for this
    /// serial and model.
    pub fn token(&self) -> Option<token::Token> {
        token::from_otpauth_uri(&self.otpauth_uri)
            .filter(|t| t.serial == self.serial && t.model == self.model)
    }
}

impl From<&BackOffice> for BackOfficeView {
    fn from(office: &BackOffice) -> BackOfficeView {
        BackOfficeView {
            tokens: office
                .tokens
                .iter()
                .map(|t| RegistryToken {
                    token: IssuedToken::from(&t.token),
                    holder: t.holder.clone(),
                })
                .collect(),
            desk: office
                .desk
                .iter()
                .map(|c| DeskEntry {
                    contract_id: c.contract_id.clone(),
                    reason: c.reason,
                })
                .collect(),
        }
    }
}

impl BackOfficeView {
    /// The back office again; `None` if a token's URI does not read back (an answer not of this
    /// contract).
    pub fn read(self) -> Option<BackOffice> {
        let tokens = self
            .tokens
            .into_iter()
            .map(|t| {
                Some(VendorToken {
                    token: t.token.token()?,
                    holder: t.holder,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let desk = self
            .desk
            .into_iter()
            .map(|d| DeskCase {
                contract_id: d.contract_id,
                reason: d.reason,
            })
            .collect();
        Some(BackOffice { tokens, desk })
    }
}
