//! The audit trail in the database: a step's events appended in the step's own transaction (so a
//! rolled-back change leaves no event and no event exists without its change), a customer's
//! history read back newest first (the desk's whole, and ご利用履歴's part the customer is shown),
//! and the retention sweep.

use crate::db::{Db, Tx};
use crate::rows::StoreError;
use serde::Serialize;
use shinkin_otp_domain::audit::{Event, EventKind};
use shinkin_otp_domain::history::{Activity, HistoryEntry, HISTORY_LENGTH};
use shinkin_otp_domain::input::ContractId;
use sqlx::Row;
use std::net::IpAddr;

/// Days events are kept by default (`--audit-retention-days`).
pub const DEFAULT_RETENTION_DAYS: u32 = 400;

/// Who caused an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A customer's browser, from this address (`None`: not known, as in tests through the router).
    Customer(Option<IpAddr>),
    /// A bank operator, by the name given with `--operator`.
    Operator(String),
}

impl Actor {
    fn client(&self) -> Option<String> {
        match self {
            Actor::Customer(address) => address.map(|a| a.to_string()),
            Actor::Operator(_) => None,
        }
    }

    fn operator(&self) -> Option<&str> {
        match self {
            Actor::Customer(_) => None,
            Actor::Operator(name) => Some(name),
        }
    }
}

/// Appends `events`, caused by `actor` at `now`, in `tx`. Events that name neither a contract nor a
/// token (a step on a flow that does not exist) are left to the request log.
pub async fn append(
    tx: &mut Tx,
    now: u64,
    actor: &Actor,
    events: &[Event],
) -> Result<(), StoreError> {
    for event in events {
        if event.contract_id.is_none() && event.serial.is_none() {
            continue;
        }
        sqlx::query(
            "INSERT INTO audit_events \
             (at, kind, contract_id, serial_masked, client, outcome, operator) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(i64::try_from(now).unwrap_or(i64::MAX))
        .bind(event.kind.name())
        .bind(event.contract_id.as_ref().map(ContractId::as_str))
        .bind(event.serial.as_ref().map(|s| s.masked()))
        .bind(actor.client())
        .bind(event.outcome)
        .bind(actor.operator())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// One stored event, as `desk history` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recorded {
    /// Unix seconds.
    pub at: u64,
    /// What happened.
    pub kind: EventKind,
    /// The token, masked.
    pub serial_masked: Option<String>,
    /// The client's address, for a customer's step.
    pub client: Option<String>,
    /// `ok`, an error code, a lock or a procedure.
    pub outcome: String,
    /// The operator, for a desk action or an import.
    pub operator: Option<String>,
}

/// The newest `limit` events of `contract_id`, newest first (in `tx`, so a desk action can record
/// that it read them in the same transaction).
pub async fn history(
    tx: &mut Tx,
    contract_id: &ContractId,
    limit: u32,
) -> Result<Vec<Recorded>, StoreError> {
    let rows = sqlx::query(
        "SELECT at, kind, serial_masked, client, outcome, operator FROM audit_events \
         WHERE contract_id = $1 ORDER BY id DESC LIMIT $2",
    )
    .bind(contract_id.as_str())
    .bind(i64::from(limit))
    .fetch_all(&mut **tx)
    .await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get("kind")?;
            Ok(Recorded {
                at: u64::try_from(row.try_get::<i64, _>("at")?)
                    .map_err(|_| StoreError::Corrupt("audit time"))?,
                kind: EventKind::from_name(&kind).ok_or(StoreError::Corrupt("audit kind"))?,
                serial_masked: row.try_get("serial_masked")?,
                client: row.try_get("client")?,
                outcome: row.try_get("outcome")?,
                operator: row.try_get("operator")?,
            })
        })
        .collect()
}

/// ご利用履歴: the newest [`HISTORY_LENGTH`] events of `contract_id` its customer is shown, newest
/// first (the later recorded first within a second), each read through the domain's rule of what a
/// customer may see; nothing of another contract, no client address, no operator.
pub async fn customer_history(
    db: &Db,
    contract_id: &ContractId,
) -> Result<Vec<HistoryEntry>, StoreError> {
    customer_history_on(&db.pool, contract_id).await
}

/// [`customer_history`] on `conn` (a pool or a connection). A flow's last step reads it on the
/// pool once its transaction is committed, so a failed read cannot undo the step.
pub async fn customer_history_on<'c>(
    conn: impl sqlx::Executor<'c, Database = sqlx::Any>,
    contract_id: &ContractId,
) -> Result<Vec<HistoryEntry>, StoreError> {
    // `$n` placeholders, which both SQLite and PostgreSQL read (a QueryBuilder over `Any` writes
    // `?`, which PostgreSQL does not): one per kind a customer is shown.
    const SQL: &str = "SELECT at, kind, serial_masked, outcome FROM audit_events \
        WHERE contract_id = $1 AND kind IN \
        ($3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
        ORDER BY id DESC LIMIT $2";
    const _: () = assert!(
        Activity::KINDS.len() == 14,
        "one placeholder per kind in SQL"
    );
    let mut query = sqlx::query(SQL)
        .bind(contract_id.as_str())
        .bind(i64::try_from(HISTORY_LENGTH).unwrap_or(i64::MAX));
    for kind in Activity::KINDS {
        query = query.bind(kind.name());
    }
    let rows = query.fetch_all(conn).await?;
    let mut entries = Vec::with_capacity(rows.len());
    for row in rows {
        let kind: String = row.try_get("kind")?;
        let kind = EventKind::from_name(&kind).ok_or(StoreError::Corrupt("audit kind"))?;
        let at = u64::try_from(row.try_get::<i64, _>("at")?)
            .map_err(|_| StoreError::Corrupt("audit time"))?;
        let outcome: String = row.try_get("outcome")?;
        let serial: Option<String> = row.try_get("serial_masked")?;
        entries.extend(HistoryEntry::from_recorded(
            at,
            kind,
            &outcome,
            serial.as_deref(),
        ));
    }
    Ok(entries)
}

/// Deletes events older than `retention_days` before `now`. Safe from any number of processes.
pub async fn sweep(db: &Db, now: u64, retention_days: u32) -> Result<u64, sqlx::Error> {
    let cutoff = i64::try_from(now).unwrap_or(i64::MAX) - i64::from(retention_days) * 86_400;
    let done = sqlx::query("DELETE FROM audit_events WHERE at < $1")
        .bind(cutoff)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected())
}

/// Desk actions recorded after event `after` (by any process: the desk subcommands run in their
/// own), as metric kinds (`unlock_password`, `stop`…), with the last event id read. A serving
/// process adds them to its metrics. An event whose id was taken before `after` but committed later
/// is missed: the count is for watching trends, the trail itself is the record.
pub async fn desk_actions_after(db: &Db, after: i64) -> Result<(i64, Vec<String>), sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, kind, outcome FROM audit_events WHERE id > $1 AND kind IN ($2, $3) ORDER BY id",
    )
    .bind(after)
    .bind(EventKind::DeskUnlock.name())
    .bind(EventKind::DeskStop.name())
    .fetch_all(&db.pool)
    .await?;
    let mut last = after;
    let mut kinds = Vec::new();
    for row in rows {
        last = last.max(row.try_get::<i64, _>("id")?);
        let kind: String = row.try_get("kind")?;
        let outcome: String = row.try_get("outcome")?;
        kinds.push(match EventKind::from_name(&kind) {
            Some(EventKind::DeskUnlock) => format!("unlock_{outcome}"),
            _ => "stop".to_owned(),
        });
    }
    Ok((last, kinds))
}

/// The id of the newest event (0 when there is none).
pub async fn last_event_id(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COALESCE(MAX(id), 0) AS last FROM audit_events")
        .fetch_one(&db.pool)
        .await?
        .try_get("last")
}
