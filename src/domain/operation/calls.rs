//! The customer's calls by name, over any bank that makes one generic call: what the screens and
//! the conformance suite call, each built once here from its [`Operation`].

use super::Operation;
use crate::bank::{
    Authenticated, LoginStep, NewToken, Receipt, Replacement, ResyncCodes, Resynced, Session,
};
use crate::card::CardChallenge;
use crate::flows::{FlowId, Procedure};
use crate::history::HistoryEntry;
use crate::input::{ContractId, OtpCode};
use crate::wire::{self, Password};

/// A bank as its callers see it: one generic [`Calls::call`] to implement, and every call by name
/// on top of it, answered in the domain's own types.
#[allow(async_fn_in_trait)] // the page is single-threaded and the tests await in place
pub trait Calls {
    /// What a call fails with.
    type Error;

    /// One call of the bank: `op` applied, its answer as the API gives it.
    async fn call<O: Operation>(&self, op: O) -> Result<O::Answer, Self::Error>;

    /// What a request that cannot be made at all fails with: a password that breaks its rule (the
    /// screens check it first, so they never send one).
    fn unsendable() -> Self::Error;

    /// ログイン with ID and password.
    async fn login(
        &self,
        contract_id: &ContractId,
        password: &str,
    ) -> Result<LoginStep, Self::Error> {
        let op = wire::LoginRequest {
            contract_id: contract_id.clone(),
            password: sendable::<Self>(password)?,
        };
        self.call(op).await
    }

    /// ログイン's one-time password step.
    async fn login_code(&self, flow: &FlowId, code: &OtpCode) -> Result<Session, Self::Error> {
        let op = wire::LoginCodeRequest {
            flow: flow.clone(),
            code: code.clone(),
        };
        self.call(op).await
    }

    /// 利用者認証 for 利用開始, 交換 or 利用中止.
    async fn authenticate(
        &self,
        procedure: Procedure,
        contract_id: &ContractId,
        password: &str,
    ) -> Result<Authenticated, Self::Error> {
        let op = wire::AuthenticateRequest {
            procedure,
            contract_id: contract_id.clone(),
            password: sendable::<Self>(password)?,
        };
        self.call(op).await
    }

    /// ワンタイムパスワードの登録: proves the token; returns the card challenge.
    async fn register_token(
        &self,
        flow: &FlowId,
        new: &NewToken,
    ) -> Result<CardChallenge, Self::Error> {
        let op = wire::RegisterRequest {
            flow: flow.clone(),
            token: new.clone(),
        };
        self.call(op).await
    }

    /// 交換's token step: proves the token in use and the replacement; returns the card challenge.
    async fn exchange_token(
        &self,
        flow: &FlowId,
        request: &Replacement,
    ) -> Result<CardChallenge, Self::Error> {
        let op = wire::ExchangeRequest {
            flow: flow.clone(),
            current_code: request.current_code.clone(),
            token: request.new.clone(),
        };
        self.call(op).await
    }

    /// 利用中止 with a code from the token in use; returns the card challenge.
    async fn stop_with_code(
        &self,
        flow: &FlowId,
        code: &OtpCode,
    ) -> Result<CardChallenge, Self::Error> {
        let op = wire::StopRequest {
            flow: flow.clone(),
            code: code.clone(),
        };
        self.call(op).await
    }

    /// 紛失・故障のお届け from 利用中止 (card only): once confirmed the token is suspended; returns the
    /// card challenge.
    async fn report_lost(&self, flow: &FlowId) -> Result<CardChallenge, Self::Error> {
        let op = wire::FlowRequest { flow: flow.clone() };
        self.call(op).await
    }

    /// 時刻補正: two consecutive codes from the token in use set its clock offset; ends the flow.
    async fn resync_token(
        &self,
        flow: &FlowId,
        codes: &ResyncCodes,
    ) -> Result<Resynced, Self::Error> {
        self.finish_resync(flow, codes)
            .await
            .map(|done| done.answer)
    }

    /// [`Calls::resync_token`], with ご利用履歴 after it (for its 処理結果).
    async fn finish_resync(
        &self,
        flow: &FlowId,
        codes: &ResyncCodes,
    ) -> Result<Finished<Resynced>, Self::Error> {
        let op = wire::ResyncRequest {
            flow: flow.clone(),
            first: codes.first.clone(),
            second: codes.second.clone(),
        };
        self.call(op).await
    }

    /// 延長する before the time limit: flow `flow`'s idle time counts afresh; nothing else changes.
    async fn extend_flow(&self, flow: &FlowId) -> Result<(), Self::Error> {
        let op = wire::ExtendRequest { flow: flow.clone() };
        self.call(op).await.map(drop)
    }

    /// 確認用パスワード入力: completes the flow's change.
    async fn confirm_card(&self, flow: &FlowId, answers: [u8; 2]) -> Result<Receipt, Self::Error> {
        self.finish_card(flow, answers)
            .await
            .map(|done| done.answer)
    }

    /// [`Calls::confirm_card`], with ご利用履歴 after it (for 処理結果).
    async fn finish_card(
        &self,
        flow: &FlowId,
        answers: [u8; 2],
    ) -> Result<Finished<Receipt>, Self::Error> {
        let op = wire::ConfirmRequest {
            flow: flow.clone(),
            answers,
        };
        self.call(op).await
    }
}

/// A flow's last step's answer, with ご利用履歴 of its contract after it (処理結果 shows both): in
/// JSON the answer's own fields and `history` beside them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Finished<T> {
    /// What the step did.
    #[serde(flatten)]
    pub answer: T,
    /// ご利用履歴 of the flow's contract once the step is recorded, newest first, at most
    /// [`HISTORY_LENGTH`](crate::history::HISTORY_LENGTH): the flow names the contract, so it is
    /// only ever the customer's own. `None` when the bank did not give it (the domain's step
    /// leaves it to the bank that records the step).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<HistoryEntry>>,
}

impl<T> Finished<T> {
    /// The step's answer, ご利用履歴 not yet read.
    pub fn new(answer: T) -> Finished<T> {
        Finished {
            answer,
            history: None,
        }
    }
}

/// A password as the API takes it, or the bank's [`Calls::unsendable`].
fn sendable<B: Calls + ?Sized>(typed: &str) -> Result<Password, B::Error> {
    Password::try_from(typed.to_owned()).map_err(|_| B::unsendable())
}
