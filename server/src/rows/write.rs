//! Writing back: only what a step changed, each update conditional on the version read and each
//! insert on the row not existing yet, so a lost race is a [`Conflict`].

use super::{text, to_i64, Conflict, Snapshot, StoreError};
use crate::db::Tx;
use shinkin_otp_domain::flows::Flows;
use shinkin_otp_domain::ledger::{CustomerState, Ledger, TokenState};

/// What a new flow row needs besides the flow: the digest of the browser's binding cookie.
#[derive(Debug, Clone)]
pub struct NewFlowBinding(pub String);

/// Writes back what the step changed: `ledger` and `flows` are the snapshot's after the step, at
/// `now` (a counter row records when it last changed). Each update is conditional on the version
/// read; each insert on the row not existing yet.
pub async fn store(
    tx: &mut Tx,
    before: &Snapshot,
    ledger: &Ledger,
    flows: &Flows,
    binding: Option<&NewFlowBinding>,
    now: u64,
) -> Result<(), StoreError> {
    for c in &ledger.customers {
        store_customer(tx, before, c, now).await?;
    }
    for t in &ledger.tokens {
        store_token(tx, before, t).await?;
    }
    store_enrolments(tx, before, ledger).await?;
    store_flows(tx, before, flows, binding).await
}

fn affected_one(result: sqlx::any::AnyQueryResult) -> Result<(), Conflict> {
    if result.rows_affected() == 1 {
        Ok(())
    } else {
        Err(Conflict)
    }
}

async fn store_customer(
    tx: &mut Tx,
    before: &Snapshot,
    c: &CustomerState,
    now: u64,
) -> Result<(), StoreError> {
    let old = before.ledger.customer(&c.contract_id);
    if old == Some(c) {
        return Ok(());
    }
    let counts = [c.password_failures, c.card_failures, c.new_token_failures].map(i64::from);
    let challenge = c
        .challenge
        .map(|ch| serde_json::to_string(&ch).expect("a challenge serialises"));
    let result = match before.customer_versions.get(&c.contract_id) {
        Some(&version) => {
            sqlx::query(
                "UPDATE customer_states SET password_failures = $2, card_failures = $3, \
                 new_token_failures = $4, touched_at = $6, challenge = $7, version = version + 1 \
                 WHERE contract_id = $1 AND version = $5",
            )
            .bind(c.contract_id.as_str())
            .bind(counts[0])
            .bind(counts[1])
            .bind(counts[2])
            .bind(version)
            .bind(to_i64(now))
            .bind(challenge)
            .execute(&mut **tx)
            .await?
        }
        // An all-zero row is what no row means: not worth a write.
        None if counts == [0, 0, 0] && challenge.is_none() => return Ok(()),
        None => {
            sqlx::query(
                "INSERT INTO customer_states \
                 (contract_id, password_failures, card_failures, new_token_failures, touched_at, \
                 challenge, version) VALUES ($1, $2, $3, $4, $5, $6, 1) ON CONFLICT DO NOTHING",
            )
            .bind(c.contract_id.as_str())
            .bind(counts[0])
            .bind(counts[1])
            .bind(counts[2])
            .bind(to_i64(now))
            .bind(challenge)
            .execute(&mut **tx)
            .await?
        }
    };
    Ok(affected_one(result)?)
}

async fn store_token(tx: &mut Tx, before: &Snapshot, t: &TokenState) -> Result<(), StoreError> {
    if before.ledger.token(&t.serial) == Some(t) {
        return Ok(());
    }
    let last = t.last_accepted_step.map(to_i64);
    let refused = serde_json::to_string(&t.refused_steps).expect("a list of numbers");
    let failures = i64::from(t.failures);
    let offset = t.offset.steps();
    let result = match before.token_versions.get(&t.serial) {
        Some(&version) => {
            sqlx::query(
                "UPDATE token_states SET last_step = $2, refused_steps = $3, failures = $4, \
                 clock_offset = $6, version = version + 1 WHERE serial = $1 AND version = $5",
            )
            .bind(t.serial.as_str())
            .bind(last)
            .bind(refused)
            .bind(failures)
            .bind(version)
            .bind(offset)
            .execute(&mut **tx)
            .await?
        }
        None if last.is_none() && t.refused_steps.is_empty() && failures == 0 && offset == 0 => {
            return Ok(())
        }
        None => {
            sqlx::query(
                "INSERT INTO token_states \
                 (serial, last_step, refused_steps, failures, clock_offset, version) \
                 VALUES ($1, $2, $3, $4, $5, 1) ON CONFLICT DO NOTHING",
            )
            .bind(t.serial.as_str())
            .bind(last)
            .bind(refused)
            .bind(failures)
            .bind(offset)
            .execute(&mut **tx)
            .await?
        }
    };
    Ok(affected_one(result)?)
}

async fn store_enrolments(
    tx: &mut Tx,
    before: &Snapshot,
    after: &Ledger,
) -> Result<(), StoreError> {
    // Removals first, so a serial freed and taken in one step never collides with itself.
    for old in &before.ledger.enrolments {
        let kept = after.enrolment(&old.contract_id);
        if kept.is_some_and(|e| e.serial == old.serial) {
            continue;
        }
        let version = before.enrolment_versions[&old.contract_id];
        let result = sqlx::query("DELETE FROM enrolments WHERE contract_id = $1 AND version = $2")
            .bind(old.contract_id.as_str())
            .bind(version)
            .execute(&mut **tx)
            .await?;
        affected_one(result)?;
    }
    for e in &after.enrolments {
        let old = before.ledger.enrolment(&e.contract_id);
        if old == Some(e) {
            continue;
        }
        let result = match old {
            // Same token, new status or login choice.
            Some(old) if old.serial == e.serial => {
                sqlx::query(
                    "UPDATE enrolments SET login_otp = $2, status = $3, enrolled_at = $4, \
                     version = version + 1 WHERE contract_id = $1 AND version = $5",
                )
                .bind(e.contract_id.as_str())
                .bind(text(e.login_otp))
                .bind(text(e.status))
                .bind(to_i64(e.enrolled_at))
                .bind(before.enrolment_versions[&e.contract_id])
                .execute(&mut **tx)
                .await?
            }
            // A new enrolment (or a new token, the old row deleted above). Either key taken by a
            // concurrent request means this one lost.
            _ => {
                sqlx::query(
                    "INSERT INTO enrolments \
                     (contract_id, serial, login_otp, status, enrolled_at, version) \
                     VALUES ($1, $2, $3, $4, $5, 1) ON CONFLICT DO NOTHING",
                )
                .bind(e.contract_id.as_str())
                .bind(e.serial.as_str())
                .bind(text(e.login_otp))
                .bind(text(e.status))
                .bind(to_i64(e.enrolled_at))
                .execute(&mut **tx)
                .await?
            }
        };
        affected_one(result)?;
    }
    Ok(())
}

async fn store_flows(
    tx: &mut Tx,
    before: &Snapshot,
    after: &Flows,
    binding: Option<&NewFlowBinding>,
) -> Result<(), StoreError> {
    for old in before.flows.iter() {
        if after.get(&old.id).is_none() {
            let result = sqlx::query("DELETE FROM flows WHERE id = $1 AND version = $2")
                .bind(old.id.as_str())
                .bind(before.flow_versions[&old.id])
                .execute(&mut **tx)
                .await?;
            affected_one(result)?;
        }
    }
    for flow in after.iter() {
        let stage = serde_json::to_string(&flow.stage).expect("a flow stage serialises");
        let result = match before.flows.get(&flow.id) {
            Some(old) if old == flow => continue,
            Some(_) => {
                sqlx::query(
                    "UPDATE flows SET stage = $2, last_activity = $3, version = version + 1 \
                     WHERE id = $1 AND version = $4",
                )
                .bind(flow.id.as_str())
                .bind(stage)
                .bind(to_i64(flow.last_activity))
                .bind(before.flow_versions[&flow.id])
                .execute(&mut **tx)
                .await?
            }
            None => {
                let Some(NewFlowBinding(binding)) = binding else {
                    // Only login and 利用者認証 open flows, and both pass the binding.
                    return Err(StoreError::Corrupt("a new flow without a browser binding"));
                };
                sqlx::query(
                    "INSERT INTO flows \
                     (id, binding, contract_id, purpose, stage, last_activity, version) \
                     VALUES ($1, $2, $3, $4, $5, $6, 1) ON CONFLICT DO NOTHING",
                )
                .bind(flow.id.as_str())
                .bind(binding.as_str())
                .bind(flow.contract_id.as_str())
                .bind(serde_json::to_string(&flow.purpose).expect("a purpose serialises"))
                .bind(stage)
                .bind(to_i64(flow.last_activity))
                .execute(&mut **tx)
                .await?
            }
        };
        affected_one(result)?;
    }
    Ok(())
}
