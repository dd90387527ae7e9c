//! The contract between the screens and the bank.
//!
//! Screens call the bank only through [`BankApi`], an async trait, so the in-browser [`demo`] bank
//! can later sit beside an HTTP bank without the screens changing. The app uses [`ActiveBank`].

pub mod demo;
pub mod demo_data;
pub mod store;
pub mod tab_lock;

use crate::domain::bank::{Authenticated, LoginStep, NewToken, Receipt, Replacement, Session};
use crate::domain::card::CardChallenge;
use crate::domain::errors::BankError;
use crate::domain::flows::{FlowId, Procedure};
use crate::domain::input::{ContractId, OtpCode};
use std::sync::Arc;

/// The bank the app talks to: the in-browser demo bank.
pub type ActiveBank = demo::DemoBank;

/// Something the page should tell the customer about the bank's own state rather than about one
/// request. Each maps to one Japanese message in `ui::messages`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BankNotice {
    /// The stored demo data was unreadable and the demo started again from its seeded state.
    StorageReset,
    /// Some tokens issued in the demo kit were unreadable and were removed; the others are kept.
    IssuedTokensDropped,
    /// Storage cannot be written: the demo goes on in memory, and a reload starts it afresh.
    StorageUnwritable,
}

/// What the screens may ask of a bank. Every call may fail with a [`BankError`].
#[allow(async_fn_in_trait)] // used only in the single-threaded browser: no Send bound wanted
pub trait BankApi {
    /// ログイン with ID and password.
    async fn login(&self, contract_id: &ContractId, password: &str)
        -> Result<LoginStep, BankError>;

    /// ログイン's one-time password step.
    async fn login_code(&self, flow: &FlowId, code: &OtpCode) -> Result<Session, BankError>;

    /// 利用者認証 for 利用開始, 交換 or 利用中止.
    async fn authenticate(
        &self,
        procedure: Procedure,
        contract_id: &ContractId,
        password: &str,
    ) -> Result<Authenticated, BankError>;

    /// ワンタイムパスワードの登録: proves the token; returns the card challenge.
    async fn register_token(
        &self,
        flow: &FlowId,
        new: &NewToken,
    ) -> Result<CardChallenge, BankError>;

    /// 交換's token step: proves the token in use and the replacement; returns the card challenge.
    async fn exchange_token(
        &self,
        flow: &FlowId,
        request: &Replacement,
    ) -> Result<CardChallenge, BankError>;

    /// 利用中止 with a code from the token in use; returns the card challenge.
    async fn stop_with_code(
        &self,
        flow: &FlowId,
        code: &OtpCode,
    ) -> Result<CardChallenge, BankError>;

    /// 紛失・故障のお届け from 利用中止 (card only): once confirmed the token is suspended; returns the
    /// card challenge.
    async fn report_lost(&self, flow: &FlowId) -> Result<CardChallenge, BankError>;

    /// 確認用パスワード入力: completes the flow's change.
    async fn confirm_card(&self, flow: &FlowId, answers: [u8; 2]) -> Result<Receipt, BankError>;

    /// The notices raised since the last call, oldest first. A bank with nothing of its own to say
    /// (an HTTP bank, whose answers carry everything) has none.
    fn take_notices(&self) -> Vec<BankNotice> {
        Vec::new()
    }

    /// Calls `wake` whenever the bank's state changed in this page (a call that wrote, a notice
    /// raised), so a view of that state can re-read it and the page can take notices at once.
    fn watch(&self, wake: Arc<dyn Fn() + Send + Sync>) {
        let _ = wake;
    }
}
