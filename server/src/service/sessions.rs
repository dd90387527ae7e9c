//! Sessions: the live one behind a cookie, touched on each use, and logging out.

use super::{Service, ServiceError};
use crate::crypto::CookieSecret;
use crate::rows::{self, Key};
use shinkin_otp_domain::bank::Session;
use shinkin_otp_domain::directory::Lookup;
use shinkin_otp_domain::flows::FLOW_IDLE_SECONDS;
use shinkin_otp_domain::input::ContractId;
use shinkin_otp_domain::ledger::Enrolment;
use sqlx::Row;

/// Seconds a session may sit idle before it ends (as long as a flow).
pub const SESSION_IDLE_SECONDS: u64 = FLOW_IDLE_SECONDS;

impl Service {
    /// The live session whose cookie is `secret`, touched (idle expiry counts from now); `None`
    /// if there is none or it sat idle too long (then it is deleted).
    pub async fn session(&self, secret: &CookieSecret) -> Result<Option<Session>, ServiceError> {
        let now = i64::try_from(self.clock.now()).unwrap_or(i64::MAX);
        let idle = i64::try_from(SESSION_IDLE_SECONDS).unwrap_or(i64::MAX);
        let mut tx = self.db.begin().await?;
        let touched = sqlx::query(
            "UPDATE sessions SET last_activity = $2 WHERE id_hash = $1 AND last_activity > $3",
        )
        .bind(secret.digest())
        .bind(now)
        .bind(now - idle)
        .execute(&mut *tx)
        .await?;
        if touched.rows_affected() != 1 {
            sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                .bind(secret.digest())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            return Ok(None);
        }
        let contract_id: String =
            sqlx::query("SELECT contract_id FROM sessions WHERE id_hash = $1")
                .bind(secret.digest())
                .fetch_one(&mut *tx)
                .await?
                .try_get("contract_id")?;
        let contract_id = ContractId::try_from(contract_id)
            .map_err(|_| ServiceError::Internal("unreadable session row".into()))?;
        let key = Key {
            contract_id: Some(contract_id.clone()),
            ..Key::default()
        };
        let snap = rows::load(&mut tx, &self.sealer, &key).await?;
        tx.commit().await?;
        Ok(Some(Session {
            name: snap.view.name(&contract_id).unwrap_or_default().to_owned(),
            token: snap.ledger.enrolment(&contract_id).map(Enrolment::in_use),
            contract_id,
        }))
    }

    /// Ends the session whose cookie is `secret`.
    pub async fn logout(&self, secret: &CookieSecret) -> Result<(), ServiceError> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(secret.digest())
            .execute(&self.db.pool)
            .await?;
        Ok(())
    }
}
