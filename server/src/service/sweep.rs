//! The sweep: deleting what sat idle or expired, and how long it keeps what it may delete
//! ([`Retention`]).

use super::{Service, ServiceError, SESSION_IDLE_SECONDS};
use crate::audit;
use shinkin_otp_domain::flows::FLOW_IDLE_SECONDS;
use shinkin_otp_domain::ledger::{
    MAX_CARD_FAILURES, MAX_NEW_TOKEN_FAILURES, MAX_PASSWORD_FAILURES,
};

impl Service {
    /// Deletes flows and sessions idle too long (their rows would be refused anyway; this keeps
    /// the tables small); failure counters that lock nothing (and hold no unanswered card
    /// challenge) and sat untouched for
    /// `retention.counter_days`, for every contract ID alike (so that whether an ID's counters
    /// expire never tells if it exists — uniform failure — and typing IDs cannot grow the table
    /// but by one row per lock, five refused tries each); the audit events of IDs no customer has
    /// after the same time; and every event older than `retention.audit_days`. Safe to run from
    /// any number of processes at once.
    pub async fn sweep(&self, retention: &Retention) -> Result<(), ServiceError> {
        let now = self.clock.now();
        let now_i = i64::try_from(now).unwrap_or(i64::MAX);
        sqlx::query("DELETE FROM flows WHERE last_activity <= $1")
            .bind(now_i - i64::try_from(FLOW_IDLE_SECONDS).unwrap_or(i64::MAX))
            .execute(&self.db.pool)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE last_activity <= $1")
            .bind(now_i - i64::try_from(SESSION_IDLE_SECONDS).unwrap_or(i64::MAX))
            .execute(&self.db.pool)
            .await?;
        // A request that read such a row finds it gone when it writes (a conflict: it runs again).
        let cutoff = now_i - i64::from(retention.counter_days) * 86_400;
        sqlx::query(
            "DELETE FROM customer_states WHERE touched_at <= $1 AND password_failures < $2 \
             AND card_failures < $3 AND new_token_failures < $4 AND challenge IS NULL",
        )
        .bind(cutoff)
        .bind(i64::from(MAX_PASSWORD_FAILURES))
        .bind(i64::from(MAX_CARD_FAILURES))
        .bind(i64::from(MAX_NEW_TOKEN_FAILURES))
        .execute(&self.db.pool)
        .await?;
        sqlx::query(
            "DELETE FROM audit_events WHERE at <= $1 AND contract_id IS NOT NULL AND NOT EXISTS \
             (SELECT 1 FROM customers c WHERE c.contract_id = audit_events.contract_id)",
        )
        .bind(cutoff)
        .execute(&self.db.pool)
        .await?;
        audit::sweep(&self.db, now, retention.audit_days).await?;
        Ok(())
    }
}

/// How long the sweep keeps what it may delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    /// Days audit events are kept (`--audit-retention-days`).
    pub audit_days: u32,
    /// Days failure counters that lock nothing are kept after they last changed, and the audit
    /// events of contract IDs no customer has (`--counter-retention-days`).
    pub counter_days: u32,
}

impl Retention {
    /// 400 days of audit events; 30 days for counters that lock nothing.
    pub const DEFAULT: Retention = Retention {
        audit_days: audit::DEFAULT_RETENTION_DAYS,
        counter_days: 30,
    };
}
