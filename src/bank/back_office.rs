//! The demo kit's line to the bank's back office: what a presenter does on the bank's side
//! (issue a token, stop one at the bank's desk, reset the demo) and what the kit shows of it.
//!
//! Two back offices answer it, whichever bank the demo page has ([`ActiveBank`]): the in-browser
//! demo bank itself, or a reference server started with `--demo`, through its demo endpoints
//! ([`ServerBackOffice`]). The kit is the same over either ([`ActiveBackOffice`]). The customer
//! build has neither kit nor back office.
//!
//! Usage:
//!
//! ```no_run
//! use shinkin_otp::bank::back_office::{BackOfficeApi, ServerBackOffice};
//! use shinkin_otp::domain::input::TokenModel;
//!
//! # async fn demo() {
//! let office = ServerBackOffice::at(""); // the page's own origin
//! let token = office.issue(TokenModel::Software).await.expect("a --demo server");
//! let now = office.read().await.expect("a --demo server");
//! assert!(now.tokens.iter().any(|t| t.token.serial == token.serial));
//! # }
//! ```

use super::demo::DemoBank;
use super::http::HttpBank;
use super::{ActiveBank, BankApi, CallError, Unavailable, Watcher, Which};
use crate::domain::back_office::BackOffice;
use crate::domain::input::{ContractId, Serial, TokenModel};
use crate::domain::token::Token;
use crate::domain::wire::{self, paths};
use std::sync::Arc;

/// What the kit asks of the bank's back office.
#[allow(async_fn_in_trait)] // used only in the single-threaded browser: no Send bound wanted
pub trait BackOfficeApi {
    /// Every token with its holder, and who waits at the bank's desk.
    async fn read(&self) -> Result<BackOffice, CallError>;

    /// 新しいトークンを発行: a token of `model` with a fresh seed, in the vendor's registry.
    async fn issue(&self, model: TokenModel) -> Result<Token, CallError>;

    /// 当金庫での本人確認: the customer confirmed by another channel, the bank stops their
    /// suspended or locked token; the token stopped, if they had one.
    async fn stop_at_desk(&self, contract_id: &ContractId) -> Result<Option<Serial>, CallError>;

    /// デモデータを初期化: back to the seeded demo data.
    async fn reset_demo(&self) -> Result<(), CallError>;

    /// Calls `wake` whenever the back office may have changed in this page.
    fn watch(&self, wake: Watcher);
}

/// The back office behind the page's bank: the same demo bank, or its server's.
pub enum ActiveBackOffice {
    /// The in-browser demo bank the screens talk to.
    InPage(Arc<DemoBank>),
    /// A `--demo` server's.
    Server(ServerBackOffice),
}

impl ActiveBackOffice {
    /// The back office behind `bank`.
    pub fn beside(bank: &ActiveBank) -> ActiveBackOffice {
        match bank.which() {
            Which::InPage(demo) => ActiveBackOffice::InPage(demo.clone()),
            Which::Server(http) => ActiveBackOffice::Server(ServerBackOffice::beside(http)),
        }
    }
}

/// The back office for a page of its own (an emulator page): that of the bank the page would have
/// ([`ActiveBank::for_page`]), on `clock`.
pub fn for_page(clock: Arc<dyn crate::domain::Clock>) -> ActiveBackOffice {
    ActiveBackOffice::beside(&ActiveBank::for_page(&clock))
}

impl BackOfficeApi for ActiveBackOffice {
    async fn read(&self) -> Result<BackOffice, CallError> {
        match self {
            ActiveBackOffice::InPage(bank) => bank.read().await,
            ActiveBackOffice::Server(office) => office.read().await,
        }
    }

    async fn issue(&self, model: TokenModel) -> Result<Token, CallError> {
        match self {
            ActiveBackOffice::InPage(bank) => bank.issue(model).await,
            ActiveBackOffice::Server(office) => office.issue(model).await,
        }
    }

    async fn stop_at_desk(&self, contract_id: &ContractId) -> Result<Option<Serial>, CallError> {
        match self {
            ActiveBackOffice::InPage(bank) => bank.stop_at_desk(contract_id).await,
            ActiveBackOffice::Server(office) => office.stop_at_desk(contract_id).await,
        }
    }

    async fn reset_demo(&self) -> Result<(), CallError> {
        match self {
            ActiveBackOffice::InPage(bank) => bank.reset_demo().await,
            ActiveBackOffice::Server(office) => office.reset_demo().await,
        }
    }

    fn watch(&self, wake: Watcher) {
        match self {
            ActiveBackOffice::InPage(bank) => BackOfficeApi::watch(&**bank, wake),
            ActiveBackOffice::Server(office) => office.watch(wake),
        }
    }
}

impl BackOfficeApi for DemoBank {
    async fn read(&self) -> Result<BackOffice, CallError> {
        Ok(self.back_office())
    }

    async fn issue(&self, model: TokenModel) -> Result<Token, CallError> {
        Ok(self.issue_token(model).await)
    }

    async fn stop_at_desk(&self, contract_id: &ContractId) -> Result<Option<Serial>, CallError> {
        Ok(self.stop_by_bank(contract_id).await)
    }

    async fn reset_demo(&self) -> Result<(), CallError> {
        self.reset().await;
        Ok(())
    }

    fn watch(&self, wake: Watcher) {
        BankApi::watch(self, wake);
    }
}

/// A reference server's back office, through its demo endpoints (`--demo`; `docs/api.md`).
///
/// Its requests are its own: leaving a screen abandons the screens' calls, not the kit's.
pub struct ServerBackOffice {
    http: HttpBank,
}

impl ServerBackOffice {
    /// The back office of the server at `origin` ("" for the page's own).
    pub fn at(origin: &str) -> ServerBackOffice {
        ServerBackOffice {
            http: HttpBank::at(origin),
        }
    }

    /// The back office of the server the screens' bank talks to.
    pub fn beside(bank: &HttpBank) -> ServerBackOffice {
        ServerBackOffice::at(bank.origin())
    }
}

impl BackOfficeApi for ServerBackOffice {
    async fn read(&self) -> Result<BackOffice, CallError> {
        let view: wire::BackOfficeView = self.http.get(paths::DEMO_BACK_OFFICE).await?;
        // A token whose URI does not read back is not of this contract.
        view.read().ok_or(Unavailable::Unreadable.into())
    }

    async fn issue(&self, model: TokenModel) -> Result<Token, CallError> {
        let issued: wire::IssuedToken = self
            .http
            .post(paths::DEMO_TOKENS, &wire::IssueTokenRequest { model })
            .await?;
        issued.token().ok_or(Unavailable::Unreadable.into())
    }

    async fn stop_at_desk(&self, contract_id: &ContractId) -> Result<Option<Serial>, CallError> {
        let answer: wire::StopByBankResponse = self
            .http
            .post(
                paths::DEMO_STOP_BY_BANK,
                &wire::StopByBankRequest {
                    contract_id: contract_id.clone(),
                },
            )
            .await?;
        Ok(answer.stopped)
    }

    async fn reset_demo(&self) -> Result<(), CallError> {
        let _: wire::Status = self
            .http
            .post(paths::DEMO_RESET, &serde_json::json!({}))
            .await?;
        Ok(())
    }

    fn watch(&self, wake: Watcher) {
        self.http.watch(wake);
    }
}
