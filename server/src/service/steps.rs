//! The customer's steps, one method each (ログイン, 利用者認証, each flow step), and the bank's own
//! stop for the demo kit.

use super::run::{Record, SessionRule};
use super::{Outcome, Service, ServiceError, DEMO_KIT_OPERATOR};
use crate::audit::Actor;
use crate::crypto::CookieSecret;
use crate::rows::{Key, NewFlowBinding};
use shinkin_otp_domain::audit::{Step as AuditStep, Success};
use shinkin_otp_domain::bank::{Authenticated, LoginStep, NewToken, Receipt, Replacement, Session};
use shinkin_otp_domain::card::CardChallenge;
use shinkin_otp_domain::flows::{FlowId, Procedure};
use shinkin_otp_domain::input::{ContractId, OtpCode, Serial};
use shinkin_otp_domain::OsRandom;
use sqlx::Row;
use std::net::IpAddr;

fn pending<T>(_: &T) -> Success<'_> {
    Success::Pending
}

impl Service {
    /// Checks `password` for `contract_id` against its argon2id hash — or, for an unknown ID,
    /// against a dummy hash of the same cost — off the async threads.
    async fn verify_password(
        &self,
        contract_id: &ContractId,
        password: &str,
    ) -> Result<bool, ServiceError> {
        let stored: Option<String> =
            sqlx::query("SELECT password_hash FROM customers WHERE contract_id = $1")
                .bind(contract_id.as_str())
                .fetch_optional(&self.db.pool)
                .await?
                .map(|row| row.try_get("password_hash"))
                .transpose()?;
        let passwords = self.passwords.clone();
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || passwords.verify(stored.as_deref(), &password))
            .await
            .map_err(|e| ServiceError::Internal(format!("password check: {e}").into()))
    }

    fn flow_key(flow: &FlowId, binding: Option<&CookieSecret>) -> Key {
        Key {
            flow: Some((flow.clone(), binding.map(CookieSecret::digest))),
            ..Key::default()
        }
    }

    /// ログイン. `binding` is the browser's binding cookie (a code step's flow is bound to it);
    /// `old_session` the session cookie it had, if any, which ends on success.
    pub async fn login(
        &self,
        contract_id: &ContractId,
        password: &str,
        binding: &CookieSecret,
        old_session: Option<&CookieSecret>,
        client: Option<IpAddr>,
    ) -> Result<Outcome<LoginStep>, ServiceError> {
        let password_ok = self.verify_password(contract_id, password).await?;
        let key = Key {
            contract_id: Some(contract_id.clone()),
            password_ok,
            ..Key::default()
        };
        let old = old_session.map(CookieSecret::digest);
        let rule = SessionRule {
            opens: |step: &LoginStep| match step {
                LoginStep::Done(s) => Some(&s.contract_id),
                LoginStep::NeedsCode(_) => None,
            },
            replaces: old.as_deref(),
        };
        self.run(
            &key,
            Some(&NewFlowBinding(binding.digest())),
            &|bank, ledger, now| bank.login(ledger, contract_id, password, now, &mut OsRandom),
            Some(rule),
            (
                &Record::Step {
                    step: AuditStep::Login,
                    serial: None,
                    success: |step: &LoginStep| match step {
                        LoginStep::Done(_) => Success::LoggedIn,
                        LoginStep::NeedsCode(_) => Success::Pending,
                    },
                },
                &Actor::Customer(client),
            ),
        )
        .await
    }

    /// ログイン's code step.
    pub async fn login_code(
        &self,
        flow: &FlowId,
        code: &OtpCode,
        binding: Option<&CookieSecret>,
        old_session: Option<&CookieSecret>,
        client: Option<IpAddr>,
    ) -> Result<Outcome<Session>, ServiceError> {
        let old = old_session.map(CookieSecret::digest);
        let rule = SessionRule {
            opens: |s: &Session| Some(&s.contract_id),
            replaces: old.as_deref(),
        };
        self.run(
            &Self::flow_key(flow, binding),
            None,
            &|bank, ledger, now| bank.login_code(ledger, flow, code, now),
            Some(rule),
            (
                &Record::Step {
                    step: AuditStep::LoginCode,
                    serial: None,
                    success: |_: &Session| Success::LoggedIn,
                },
                &Actor::Customer(client),
            ),
        )
        .await
    }

    /// 利用者認証.
    pub async fn authenticate(
        &self,
        procedure: Procedure,
        contract_id: &ContractId,
        password: &str,
        binding: &CookieSecret,
        client: Option<IpAddr>,
    ) -> Result<Outcome<Authenticated>, ServiceError> {
        let password_ok = self.verify_password(contract_id, password).await?;
        let key = Key {
            contract_id: Some(contract_id.clone()),
            password_ok,
            ..Key::default()
        };
        self.run(
            &key,
            Some(&NewFlowBinding(binding.digest())),
            &|bank, ledger, now| {
                bank.authenticate(procedure, ledger, contract_id, password, now, &mut OsRandom)
            },
            None,
            (
                &Record::Step {
                    step: AuditStep::Authenticate(procedure),
                    serial: None,
                    success: |_: &Authenticated| Success::Authenticated,
                },
                &Actor::Customer(client),
            ),
        )
        .await
    }

    /// ワンタイムパスワードの登録.
    pub async fn register_token(
        &self,
        flow: &FlowId,
        new: &NewToken,
        binding: Option<&CookieSecret>,
        client: Option<IpAddr>,
    ) -> Result<Outcome<CardChallenge>, ServiceError> {
        let mut key = Self::flow_key(flow, binding);
        key.serials.push(new.serial.clone());
        self.run(
            &key,
            None,
            &|bank, ledger, now| bank.register_token(ledger, flow, new, now, &mut OsRandom),
            None,
            (
                &Record::Step {
                    step: AuditStep::Token,
                    serial: Some(&new.serial),
                    success: pending,
                },
                &Actor::Customer(client),
            ),
        )
        .await
    }

    /// 交換's token step.
    pub async fn exchange_token(
        &self,
        flow: &FlowId,
        request: &Replacement,
        binding: Option<&CookieSecret>,
        client: Option<IpAddr>,
    ) -> Result<Outcome<CardChallenge>, ServiceError> {
        let mut key = Self::flow_key(flow, binding);
        key.serials.push(request.new.serial.clone());
        self.run(
            &key,
            None,
            &|bank, ledger, now| bank.exchange_token(ledger, flow, request, now, &mut OsRandom),
            None,
            (
                &Record::Step {
                    step: AuditStep::Token,
                    serial: Some(&request.new.serial),
                    success: pending,
                },
                &Actor::Customer(client),
            ),
        )
        .await
    }

    /// 利用中止 with a code.
    pub async fn stop_with_code(
        &self,
        flow: &FlowId,
        code: &OtpCode,
        binding: Option<&CookieSecret>,
        client: Option<IpAddr>,
    ) -> Result<Outcome<CardChallenge>, ServiceError> {
        self.run(
            &Self::flow_key(flow, binding),
            None,
            &|bank, ledger, now| bank.stop_with_code(ledger, flow, code, now, &mut OsRandom),
            None,
            (
                &Record::Step {
                    step: AuditStep::Token,
                    serial: None,
                    success: pending,
                },
                &Actor::Customer(client),
            ),
        )
        .await
    }

    /// 紛失・故障のお届け.
    pub async fn report_lost(
        &self,
        flow: &FlowId,
        binding: Option<&CookieSecret>,
        client: Option<IpAddr>,
    ) -> Result<Outcome<CardChallenge>, ServiceError> {
        self.run(
            &Self::flow_key(flow, binding),
            None,
            &|bank, ledger, now| bank.report_lost(ledger, flow, now, &mut OsRandom),
            None,
            (
                &Record::Step {
                    step: AuditStep::Token,
                    serial: None,
                    success: pending,
                },
                &Actor::Customer(client),
            ),
        )
        .await
    }

    /// 確認用パスワード入力.
    pub async fn confirm_card(
        &self,
        flow: &FlowId,
        answers: [u8; 2],
        binding: Option<&CookieSecret>,
        client: Option<IpAddr>,
    ) -> Result<Outcome<Receipt>, ServiceError> {
        self.run(
            &Self::flow_key(flow, binding),
            None,
            &|bank, ledger, now| bank.confirm_card(ledger, flow, answers, now),
            None,
            (
                &Record::Step {
                    step: AuditStep::Card,
                    serial: None,
                    success: |receipt: &Receipt| Success::Changed(&receipt.change),
                },
                &Actor::Customer(client),
            ),
        )
        .await
    }

    /// The bank's own step (demo kit's 当金庫での本人確認): the customer was confirmed by another
    /// channel. The desk's rule ([`shinkin_otp_domain::desk::stop`]): a suspended or locked token
    /// only — an active one is the customer's to stop (利用中止) — recorded as the kit's operator.
    pub async fn stop_by_bank(
        &self,
        contract_id: &ContractId,
    ) -> Result<Serial, crate::desk::DeskError> {
        self.desk_stop(contract_id, DEMO_KIT_OPERATOR).await
    }
}
