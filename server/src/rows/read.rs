//! Reading: every row a request's [`Key`] can touch, into a [`Snapshot`] with the versions read
//! (`FOR UPDATE` on PostgreSQL), and the readers of single rows other modules share.

use super::{corrupt, from_text, to_u32, to_u64, Key, Snapshot, StoreError, View};
use crate::crypto::{Binding, Sealer};
use crate::db::Tx;
use shinkin_otp_domain::card::CardRow;
use shinkin_otp_domain::flows::{Change, Flow, FlowId, Flows, Purpose, Stage};
use shinkin_otp_domain::input::{ContractId, Serial};
use shinkin_otp_domain::ledger::{CustomerState, Enrolment, Ledger, TokenState};
use shinkin_otp_domain::totp::ClockOffset;
use sqlx::Row;
use std::collections::HashMap;

/// Serials a flow's pending change names.
fn change_serials(flow: &Flow) -> Vec<Serial> {
    match &flow.stage {
        Stage::Authenticated => Vec::new(),
        Stage::AwaitingCard { change, .. } => match change {
            Change::Started { serial, .. }
            | Change::Stopped { serial }
            | Change::Suspended { serial } => vec![serial.clone()],
            Change::Exchanged { old, new, .. } => vec![old.clone(), new.clone()],
        },
    }
}

/// Whether reads in `tx` lock the rows they read (`FOR UPDATE`): on PostgreSQL, so that requests
/// for the same customer or token queue behind each other instead of all reading one version and
/// all but one losing the race (an attacker's parallel wrong passwords would otherwise mostly end
/// in `busy` instead of each being counted). SQLite's `BEGIN IMMEDIATE` already serialises writers.
/// The version checks stay: they, not the locks, are what the rules rely on.
fn locks_rows(tx: &mut Tx) -> bool {
    tx.backend_name() == "PostgreSQL"
}

/// Reads every row `key` can touch, in `tx`.
pub async fn load(tx: &mut Tx, sealer: &Sealer, key: &Key) -> Result<Snapshot, StoreError> {
    let mut snap = Snapshot {
        ledger: Ledger::default(),
        flows: Flows::default(),
        view: View {
            contract_id: key.contract_id.clone(),
            name: None,
            card: None,
            seeds: Vec::new(),
        },
        customer_versions: HashMap::new(),
        token_versions: HashMap::new(),
        enrolment_versions: HashMap::new(),
        flow_versions: HashMap::new(),
    };
    let mut serials = key.serials.clone();
    if let Some((id, binding)) = &key.flow {
        if let Some((flow, version)) = load_flow(tx, id, binding.as_deref()).await? {
            serials.extend(change_serials(&flow));
            snap.view.contract_id = Some(flow.contract_id.clone());
            snap.flow_versions.insert(flow.id.clone(), version);
            snap.flows = Flows::from(vec![flow]);
        }
    }
    if let Some(contract_id) = snap.view.contract_id.clone() {
        load_customer(tx, sealer, &contract_id, &mut snap).await?;
        if let Some(e) = load_enrolment(tx, "contract_id", contract_id.as_str(), &mut snap).await? {
            serials.push(e);
        }
    }
    serials.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    serials.dedup();
    for serial in &serials {
        load_enrolment(tx, "serial", serial.as_str(), &mut snap).await?;
        load_token(tx, sealer, serial, &mut snap).await?;
    }
    Ok(snap)
}

/// The flow `id`, if it exists and was opened by the browser whose binding cookie digests to
/// `binding`. A flow of another browser is not loaded at all: to the bank it does not exist.
async fn load_flow(
    tx: &mut Tx,
    id: &FlowId,
    binding: Option<&str>,
) -> Result<Option<(Flow, i64)>, StoreError> {
    let Some(binding) = binding else {
        return Ok(None);
    };
    let query = if locks_rows(tx) {
        "SELECT binding, contract_id, purpose, stage, last_activity, version FROM flows \
         WHERE id = $1 FOR UPDATE"
    } else {
        "SELECT binding, contract_id, purpose, stage, last_activity, version FROM flows WHERE id = $1"
    };
    let row = sqlx::query(query)
        .bind(id.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let stored: String = row.try_get("binding")?;
    // Both are SHA-256 digests of random values: equality of digests leaks nothing useful.
    if stored != binding {
        return Ok(None);
    }
    let contract_id: String = row.try_get("contract_id")?;
    let purpose: String = row.try_get("purpose")?;
    let stage: String = row.try_get("stage")?;
    let flow = Flow {
        id: id.clone(),
        purpose: serde_json::from_str::<Purpose>(&purpose).map_err(corrupt("flow purpose"))?,
        contract_id: ContractId::try_from(contract_id).map_err(corrupt("flow contract id"))?,
        stage: serde_json::from_str::<Stage>(&stage).map_err(corrupt("flow stage"))?,
        last_activity: to_u64(row.try_get("last_activity")?, "flow last activity")?,
    };
    Ok(Some((flow, row.try_get("version")?)))
}

async fn load_customer(
    tx: &mut Tx,
    sealer: &Sealer,
    contract_id: &ContractId,
    snap: &mut Snapshot,
) -> Result<(), StoreError> {
    let row = sqlx::query("SELECT name, card_sealed FROM customers WHERE contract_id = $1")
        .bind(contract_id.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(row) = row {
        let sealed: Vec<u8> = row.try_get("card_sealed")?;
        let digits = sealer
            .open(Binding::Card(contract_id.as_str()), &sealed)
            .map_err(corrupt("customer card"))?;
        let digits: [u8; 8] = digits.try_into().map_err(corrupt("customer card"))?;
        if digits.iter().any(|&d| d > 9) {
            return Err(StoreError::Corrupt("customer card"));
        }
        snap.view.name = Some(row.try_get("name")?);
        snap.view.card = Some(CardRow(digits));
    }
    let query = if locks_rows(tx) {
        "SELECT password_failures, card_failures, new_token_failures, challenge, version \
         FROM customer_states WHERE contract_id = $1 FOR UPDATE"
    } else {
        "SELECT password_failures, card_failures, new_token_failures, challenge, version \
         FROM customer_states WHERE contract_id = $1"
    };
    let row = sqlx::query(query)
        .bind(contract_id.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(row) = row {
        snap.ledger.customers.push(CustomerState {
            contract_id: contract_id.clone(),
            password_failures: to_u32(row.try_get("password_failures")?, "counter")?,
            card_failures: to_u32(row.try_get("card_failures")?, "counter")?,
            new_token_failures: to_u32(row.try_get("new_token_failures")?, "counter")?,
            challenge: row
                .try_get::<Option<String>, _>("challenge")?
                .map(|text| serde_json::from_str(&text))
                .transpose()
                .map_err(corrupt("card challenge"))?,
        });
        snap.customer_versions
            .insert(contract_id.clone(), row.try_get("version")?);
    }
    Ok(())
}

/// The enrolment whose `column` (`contract_id` or `serial`) is `value`, if not loaded yet; returns
/// its serial.
async fn load_enrolment(
    tx: &mut Tx,
    column: &'static str,
    value: &str,
    snap: &mut Snapshot,
) -> Result<Option<Serial>, StoreError> {
    let query = match (column, locks_rows(tx)) {
        ("contract_id", false) => {
            "SELECT contract_id, serial, login_otp, status, enrolled_at, version \
             FROM enrolments WHERE contract_id = $1"
        }
        ("contract_id", true) => {
            "SELECT contract_id, serial, login_otp, status, enrolled_at, version \
             FROM enrolments WHERE contract_id = $1 FOR UPDATE"
        }
        (_, false) => {
            "SELECT contract_id, serial, login_otp, status, enrolled_at, version \
             FROM enrolments WHERE serial = $1"
        }
        (_, true) => {
            "SELECT contract_id, serial, login_otp, status, enrolled_at, version \
             FROM enrolments WHERE serial = $1 FOR UPDATE"
        }
    };
    let Some(row) = sqlx::query(query)
        .bind(value)
        .fetch_optional(&mut **tx)
        .await?
    else {
        return Ok(None);
    };
    let contract_id = ContractId::try_from(row.try_get::<String, _>("contract_id")?)
        .map_err(corrupt("enrolment contract id"))?;
    let serial = Serial::try_from(row.try_get::<String, _>("serial")?)
        .map_err(corrupt("enrolment serial"))?;
    if snap.enrolment_versions.contains_key(&contract_id) {
        return Ok(Some(serial));
    }
    snap.enrolment_versions
        .insert(contract_id.clone(), row.try_get("version")?);
    snap.ledger
        .enrolments
        .push(enrolment(&row, contract_id, serial.clone())?);
    Ok(Some(serial))
}

/// The enrolment of `serial` by `contract_id` from its row's other columns (`login_otp`, `status`,
/// `enrolled_at`), in whatever query selected them.
pub fn enrolment(
    row: &sqlx::any::AnyRow,
    contract_id: ContractId,
    serial: Serial,
) -> Result<Enrolment, StoreError> {
    let login_otp: String = row.try_get("login_otp")?;
    let status: String = row.try_get("status")?;
    let enrolled_at: i64 = row.try_get("enrolled_at")?;
    let login_otp = from_text(&login_otp, "enrolment login_otp")?;
    let status = from_text(&status, "enrolment status")?;
    Ok(Enrolment {
        contract_id,
        serial,
        login_otp,
        status,
        enrolled_at: to_u64(enrolled_at, "enrolled_at")?,
    })
}

/// A token's seed, opened from its sealed column.
pub fn open_seed(sealer: &Sealer, serial: &Serial, sealed: &[u8]) -> Result<Vec<u8>, StoreError> {
    sealer
        .open(Binding::Seed(serial.as_str()), sealed)
        .map_err(corrupt("token seed"))
}

/// The counters of `serial` from its row's `token_states` columns (`last_step`, `refused_steps`,
/// `failures`, `clock_offset`), in whatever query selected them.
pub fn token_state(row: &sqlx::any::AnyRow, serial: Serial) -> Result<TokenState, StoreError> {
    let last_step: Option<i64> = row.try_get("last_step")?;
    let refused_steps: String = row.try_get("refused_steps")?;
    Ok(TokenState {
        serial,
        last_accepted_step: last_step.map(|s| to_u64(s, "last step")).transpose()?,
        refused_steps: serde_json::from_str(&refused_steps).map_err(corrupt("refused steps"))?,
        failures: to_u32(row.try_get("failures")?, "failures")?,
        offset: ClockOffset::try_from(row.try_get::<i64, _>("clock_offset")?)
            .map_err(corrupt("clock offset"))?,
    })
}

async fn load_token(
    tx: &mut Tx,
    sealer: &Sealer,
    serial: &Serial,
    snap: &mut Snapshot,
) -> Result<(), StoreError> {
    let row = sqlx::query("SELECT seed_sealed FROM tokens WHERE serial = $1")
        .bind(serial.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(row) = row {
        let sealed: Vec<u8> = row.try_get("seed_sealed")?;
        let seed = open_seed(sealer, serial, &sealed)?;
        snap.view.seeds.push((serial.clone(), seed));
    }
    let query = if locks_rows(tx) {
        "SELECT last_step, refused_steps, failures, clock_offset, version FROM token_states \
         WHERE serial = $1 FOR UPDATE"
    } else {
        "SELECT last_step, refused_steps, failures, clock_offset, version FROM token_states \
         WHERE serial = $1"
    };
    let row = sqlx::query(query)
        .bind(serial.as_str())
        .fetch_optional(&mut **tx)
        .await?;
    if let Some(row) = row {
        snap.ledger.tokens.push(token_state(&row, serial.clone())?);
        snap.token_versions
            .insert(serial.clone(), row.try_get("version")?);
    }
    Ok(())
}
