//! The customer's calls, every [`Operation`] through one generic step (the password judged here,
//! against its argon2id hash, before the domain's step), and the bank's own stop for the demo kit.

use super::run::{Record, SessionRule};
use super::{Outcome, Service, ServiceError, DEMO_KIT_OPERATOR};
use crate::audit::Actor;
use crate::crypto::CookieSecret;
use crate::rows::{Key, NewFlowBinding};
use shinkin_otp_domain::directory::PasswordVerdict;
use shinkin_otp_domain::input::{ContractId, Serial};
use shinkin_otp_domain::operation::{Context, Operation, Subject};
use shinkin_otp_domain::OsRandom;
use sqlx::Row;
use std::net::IpAddr;

impl Service {
    /// Judges `password` for `contract_id` against its argon2id hash — or, for an unknown ID,
    /// against a dummy hash of the same cost (a mismatch) — off the async threads.
    async fn verify_password(
        &self,
        contract_id: &ContractId,
        password: &str,
    ) -> Result<PasswordVerdict, ServiceError> {
        let stored: Option<String> =
            sqlx::query("SELECT password_hash FROM customers WHERE contract_id = $1")
                .bind(contract_id.as_str())
                .fetch_optional(&self.db.pool)
                .await?
                .map(|row| row.try_get("password_hash"))
                .transpose()?;
        let passwords = self.passwords.clone();
        let password = password.to_owned();
        let matches =
            tokio::task::spawn_blocking(move || passwords.verify(stored.as_deref(), &password))
                .await
                .map_err(|e| ServiceError::Internal(format!("password check: {e}").into()))?;
        Ok(if matches {
            PasswordVerdict::Matches
        } else {
            PasswordVerdict::Mismatch
        })
    }

    /// One customer's call, `op`, as one transaction. `binding` is the browser's binding cookie: a
    /// flow the call opens (ログイン asking for a code, 利用者認証) is bound to it, and a flow step
    /// must bring the one its flow is bound to. `old_session` is the session cookie the browser
    /// had, which ends when the call logs the customer in.
    pub async fn step<O: Operation>(
        &self,
        op: &O,
        binding: Option<&CookieSecret>,
        old_session: Option<&CookieSecret>,
        client: Option<IpAddr>,
    ) -> Result<Outcome<O::Answer>, ServiceError> {
        let (key, password, new_binding) = match op.subject() {
            Subject::Credentials {
                contract_id,
                password,
            } => {
                let verdict = self.verify_password(contract_id, password.expose()).await?;
                let key = Key {
                    contract_id: Some(contract_id.clone()),
                    ..Key::default()
                };
                (key, verdict, binding.map(|b| NewFlowBinding(b.digest())))
            }
            Subject::Flow(flow) => {
                let mut key = Key {
                    flow: Some((flow.clone(), binding.map(CookieSecret::digest))),
                    ..Key::default()
                };
                key.serials.extend(op.new_serial().cloned());
                (key, PasswordVerdict::Mismatch, None)
            }
        };
        let old = old_session.map(CookieSecret::digest);
        let rule = SessionRule {
            opens: O::logs_in,
            replaces: old.as_deref(),
            history: |answer| O::history_slot(answer).is_some(),
        };
        self.run(
            &key,
            new_binding.as_ref(),
            &|bank, ledger, now| {
                let mut cx = Context {
                    now,
                    rng: &mut OsRandom,
                    password,
                };
                op.apply(bank, ledger, &mut cx)
            },
            Some(rule),
            (
                &Record::Step {
                    step: op.audit_step(),
                    serial: op.new_serial(),
                    success: O::success,
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
