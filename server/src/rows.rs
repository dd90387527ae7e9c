//! The rows one request needs, as the domain sees them: loaded into a partial [`Ledger`], a
//! [`View`] (the [`Lookup`] the bank reads) and the request's flow; and written back afterwards,
//! only what changed, each write conditional on the version read.
//!
//! A write that finds its row changed since it was read (another request won the race) or a row
//! already there (a concurrent insert) is a [`Conflict`]: the caller rolls the transaction back and
//! may run the request again from fresh rows. So two requests can never both spend one code, both
//! count from one failure count, or both move one flow.

use crate::crypto::{Binding, Sealer};
use crate::db::Tx;
use shinkin_otp_domain::card::CardRow;
use shinkin_otp_domain::directory::Lookup;
use shinkin_otp_domain::flows::{Change, Flow, FlowId, Flows, Purpose, Stage};
use shinkin_otp_domain::input::{ContractId, Serial, TokenModel};
use shinkin_otp_domain::ledger::{
    CustomerState, Enrolment, EnrolmentStatus, Ledger, LoginOtp, TokenState,
};
use sqlx::Row;
use std::collections::HashMap;
use std::fmt;

/// A write found its row changed (or already present) since this request read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conflict;

/// Why loading or storing failed.
#[derive(Debug)]
pub enum StoreError {
    /// Another request changed a row first.
    Conflict,
    /// The database cannot take the request now: unreachable, read-only, full, shutting down, or
    /// out of connections. Nothing was written (the transaction is rolled back as a whole).
    Unavailable(sqlx::Error),
    /// The database failed, or holds a row the server cannot read.
    Db(sqlx::Error),
    /// A stored value did not open or parse (wrong key, edited row).
    Corrupt(&'static str),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> StoreError {
        match crate::db::classify(&e) {
            crate::db::Failure::Conflict => StoreError::Conflict,
            crate::db::Failure::Unavailable => StoreError::Unavailable(e),
            crate::db::Failure::Other => StoreError::Db(e),
        }
    }
}

impl From<Conflict> for StoreError {
    fn from(_: Conflict) -> StoreError {
        StoreError::Conflict
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Conflict => f.write_str("a concurrent request changed the rows first"),
            StoreError::Unavailable(_) => f.write_str("database unavailable"),
            StoreError::Db(_) => f.write_str("database failure"),
            StoreError::Corrupt(what) => write!(f, "unreadable stored value: {what}"),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Unavailable(e) | StoreError::Db(e) => Some(e),
            StoreError::Conflict | StoreError::Corrupt(_) => None,
        }
    }
}

/// What the bank reads about the one customer and the few tokens of a request.
#[derive(Clone)]
pub struct View {
    contract_id: Option<ContractId>,
    name: Option<String>,
    card: Option<CardRow>,
    password_ok: bool,
    seeds: Vec<(Serial, Vec<u8>)>,
}

/// Never shows a seed or the card.
impl fmt::Debug for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("View")
            .field("contract_id", &self.contract_id)
            .field("seeds", &self.seeds.len())
            .finish_non_exhaustive()
    }
}

impl Lookup for View {
    /// The verdict computed before the step (argon2id, against a dummy hash for unknown IDs), for
    /// the customer loaded; `false` for any other ID.
    fn password_matches(&self, contract_id: &ContractId, _password: &str) -> bool {
        self.password_ok && self.name.is_some() && self.contract_id.as_ref() == Some(contract_id)
    }

    fn name(&self, contract_id: &ContractId) -> Option<&str> {
        self.name
            .as_deref()
            .filter(|_| self.contract_id.as_ref() == Some(contract_id))
    }

    fn card(&self, contract_id: &ContractId) -> Option<CardRow> {
        self.card
            .filter(|_| self.contract_id.as_ref() == Some(contract_id))
    }

    fn seed(&self, serial: &Serial) -> Option<&[u8]> {
        self.seeds
            .iter()
            .find(|(s, _)| s == serial)
            .map(|(_, seed)| seed.as_slice())
    }
}

/// What a request names before its rows are read.
#[derive(Debug, Clone, Default)]
pub struct Key {
    /// The contract ID typed (ログイン, 利用者認証, the bank's own step).
    pub contract_id: Option<ContractId>,
    /// The flow named, with the digest of the browser's binding cookie (`None`: no cookie).
    pub flow: Option<(FlowId, Option<String>)>,
    /// Serials the request names (a new token).
    pub serials: Vec<Serial>,
    /// The password verdict, computed before the transaction.
    pub password_ok: bool,
}

/// The rows of one request as read, with their versions.
#[derive(Debug)]
pub struct Snapshot {
    /// The partial ledger: only the rows this request can touch.
    pub ledger: Ledger,
    /// The flow named, if it exists and belongs to this browser.
    pub flows: Flows,
    /// The customer and tokens.
    pub view: View,
    customer_versions: HashMap<ContractId, i64>,
    token_versions: HashMap<Serial, i64>,
    enrolment_versions: HashMap<ContractId, i64>,
    flow_versions: HashMap<FlowId, i64>,
}

fn corrupt<T>(what: &'static str) -> impl FnOnce(T) -> StoreError {
    move |_| StoreError::Corrupt(what)
}

fn to_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn to_u64(n: i64, what: &'static str) -> Result<u64, StoreError> {
    u64::try_from(n).map_err(corrupt(what))
}

fn to_u32(n: i64, what: &'static str) -> Result<u32, StoreError> {
    u32::try_from(n).map_err(corrupt(what))
}

/// A token's `model` as stored.
pub fn model_text(model: TokenModel) -> &'static str {
    match model {
        TokenModel::Software => "software",
        TokenModel::Hardware => "hardware",
    }
}

/// `login_otp` as stored.
pub fn login_otp_text(l: LoginOtp) -> &'static str {
    match l {
        LoginOtp::Required => "required",
        LoginOtp::NotRequired => "not_required",
    }
}

fn status_text(s: EnrolmentStatus) -> &'static str {
    match s {
        EnrolmentStatus::Active => "active",
        EnrolmentStatus::Suspended => "suspended",
    }
}

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
            password_ok: key.password_ok,
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
    let login_otp = match login_otp.as_str() {
        "required" => LoginOtp::Required,
        "not_required" => LoginOtp::NotRequired,
        _ => return Err(StoreError::Corrupt("enrolment login_otp")),
    };
    let status = match status.as_str() {
        "active" => EnrolmentStatus::Active,
        "suspended" => EnrolmentStatus::Suspended,
        _ => return Err(StoreError::Corrupt("enrolment status")),
    };
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
/// `failures`), in whatever query selected them.
pub fn token_state(row: &sqlx::any::AnyRow, serial: Serial) -> Result<TokenState, StoreError> {
    let last_step: Option<i64> = row.try_get("last_step")?;
    let refused_steps: String = row.try_get("refused_steps")?;
    Ok(TokenState {
        serial,
        last_accepted_step: last_step.map(|s| to_u64(s, "last step")).transpose()?,
        refused_steps: serde_json::from_str(&refused_steps).map_err(corrupt("refused steps"))?,
        failures: to_u32(row.try_get("failures")?, "failures")?,
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
        "SELECT last_step, refused_steps, failures, version FROM token_states \
         WHERE serial = $1 FOR UPDATE"
    } else {
        "SELECT last_step, refused_steps, failures, version FROM token_states WHERE serial = $1"
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
    let result =
        match before.token_versions.get(&t.serial) {
            Some(&version) => {
                sqlx::query(
                    "UPDATE token_states SET last_step = $2, refused_steps = $3, failures = $4, \
                 version = version + 1 WHERE serial = $1 AND version = $5",
                )
                .bind(t.serial.as_str())
                .bind(last)
                .bind(refused)
                .bind(failures)
                .bind(version)
                .execute(&mut **tx)
                .await?
            }
            None if last.is_none() && t.refused_steps.is_empty() && failures == 0 => return Ok(()),
            None => sqlx::query(
                "INSERT INTO token_states (serial, last_step, refused_steps, failures, version) \
                 VALUES ($1, $2, $3, $4, 1) ON CONFLICT DO NOTHING",
            )
            .bind(t.serial.as_str())
            .bind(last)
            .bind(refused)
            .bind(failures)
            .execute(&mut **tx)
            .await?,
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
                .bind(login_otp_text(e.login_otp))
                .bind(status_text(e.status))
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
                .bind(login_otp_text(e.login_otp))
                .bind(status_text(e.status))
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
