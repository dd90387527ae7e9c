//! Onboarding: a bank's customers from its CSV file and a vendor's tokens (already read from their
//! PSKC file), each file one transaction through the domain's validators — one bad row and nothing
//! is written. Errors name the line (or key package) and the field, never a hash, card row or seed.

use crate::audit::{self, Actor};
use crate::crypto::{Binding, Passwords, Sealer};
use crate::db::{Db, Tx};
use crate::rows::text;
use serde::Serialize;
use shinkin_otp_domain::audit::{Event, EventKind};
use shinkin_otp_domain::card::CardRow;
use shinkin_otp_domain::input::{self, ContractId, FieldError, Serial};
use std::collections::HashMap;
use std::fmt;

/// The onboarding file's header, exactly.
pub const CUSTOMER_HEADER: [&str; 4] = ["contract_id", "name", "password_hash", "card_row"];

/// Why an import wrote nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// Where: `line 4, field card_row`, `key package 2 (serial SKHT00000002)`, or nothing.
    pub at: Option<String>,
    /// What is wrong, without the value.
    pub message: String,
    /// Whose fault: the file's, or the database's.
    pub fault: Fault,
}

/// Whether the file or the database stopped an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The file (or what it names) is wrong: fix it and run again.
    File,
    /// The database failed: nothing is wrong with the file.
    Database,
}

impl ImportError {
    fn new(at: Option<String>, message: impl Into<String>) -> ImportError {
        ImportError {
            at,
            message: message.into(),
            fault: Fault::File,
        }
    }

    fn field(line: u64, field: &str, message: impl Into<String>) -> ImportError {
        ImportError::new(Some(format!("line {line}, field {field}")), message)
    }

    fn database(e: impl fmt::Display) -> ImportError {
        ImportError {
            fault: Fault::Database,
            ..ImportError::new(None, format!("database: {e}"))
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            Some(at) => write!(f, "{at}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ImportError {}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> ImportError {
        ImportError::database(e)
    }
}

/// What a field's [`FieldError`] means in an onboarding file.
fn field_message(e: FieldError, rule: &str) -> String {
    let what = match e {
        FieldError::Empty => "empty",
        FieldError::TooShort => "too short",
        FieldError::TooLong => "too long",
        FieldError::WrongCharacters => "has characters it may not have",
        FieldError::WrongFormat | FieldError::UnknownPrefix => "not in its format",
    };
    format!("{what} ({rule})")
}

/// One customer of the onboarding file, validated.
#[derive(Clone)]
pub struct NewCustomer {
    /// The file's line (1 is the header).
    pub line: u64,
    /// 契約者ID.
    pub contract_id: ContractId,
    /// The name.
    pub name: String,
    /// The argon2id PHC string, made with this server's parameters.
    password_hash: String,
    /// The お客様カード's row.
    card: CardRow,
}

/// Never shows the hash or the card.
impl fmt::Debug for NewCustomer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewCustomer")
            .field("line", &self.line)
            .field("contract_id", &self.contract_id)
            .finish_non_exhaustive()
    }
}

/// Reads the onboarding CSV (`contract_id,name,password_hash,card_row`, UTF-8): every field
/// through the domain's validator, the hash through [`Passwords::check_hash`]; a contract ID twice
/// is refused. The first bad line ends the reading.
pub fn read_customers(text: &str, passwords: &Passwords) -> Result<Vec<NewCustomer>, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| ImportError::new(Some("line 1".into()), format!("unreadable CSV: {e}")))?;
    if header.iter().map(str::trim).ne(CUSTOMER_HEADER) {
        return Err(ImportError::new(
            Some("line 1".into()),
            format!("the header must be exactly {}", CUSTOMER_HEADER.join(",")),
        ));
    }
    let mut customers: Vec<NewCustomer> = Vec::new();
    let mut lines: HashMap<ContractId, u64> = HashMap::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, csv::Position::line);
            // The csv crate's message can quote the record: say only where and what kind.
            let what = match e.kind() {
                csv::ErrorKind::UnequalLengths { .. } => {
                    "a row needs exactly 4 fields (a password hash holds commas: put it in double quotes)"
                }
                csv::ErrorKind::Utf8 { .. } => "not UTF-8",
                _ => "unreadable CSV",
            };
            ImportError::new(Some(format!("line {line}")), what)
        })?;
        let line = record.position().map_or(0, csv::Position::line);
        let contract_id = input::contract_id(&record[0])
            .map_err(|e| ImportError::field(line, "contract_id", field_message(e, "11 digits")))?;
        if let Some(first) = lines.insert(contract_id.clone(), line) {
            return Err(ImportError::field(
                line,
                "contract_id",
                format!("the same contract ID as line {first}"),
            ));
        }
        let name = input::customer_name(&record[1]).map_err(|e| {
            ImportError::field(
                line,
                "name",
                field_message(e, "1–40 characters, no control characters"),
            )
        })?;
        let password_hash = record[2].trim().to_owned();
        passwords
            .check_hash(&password_hash)
            .map_err(|why| ImportError::field(line, "password_hash", why))?;
        let card = input::card_row(&record[3]).map_err(|e| {
            ImportError::field(
                line,
                "card_row",
                field_message(e, "8 digits, columns ア to ク"),
            )
        })?;
        customers.push(NewCustomer {
            line,
            contract_id,
            name,
            password_hash,
            card,
        });
    }
    if customers.is_empty() {
        return Err(ImportError::new(None, "the file has no customers"));
    }
    Ok(customers)
}

/// Whether an import may replace existing customers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// A contract already on file is refused (the default).
    Refuse,
    /// A contract already on file gets the file's name, password hash and card (`--update`).
    Update,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Imported {
    /// New rows.
    pub added: usize,
    /// Replaced rows (`--update`).
    pub updated: usize,
}

async fn exists(tx: &mut Tx, contract_id: &ContractId) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("SELECT 1 AS one FROM customers WHERE contract_id = $1")
            .bind(contract_id.as_str())
            .fetch_optional(&mut **tx)
            .await?
            .is_some(),
    )
}

/// Writes `customers` in one transaction as `operator`. A new contract starts with clean counters:
/// whatever was counted against its ID before it was issued (anyone may type any well-formed ID)
/// is deleted with the insert.
pub async fn import_customers(
    db: &Db,
    sealer: &Sealer,
    customers: &[NewCustomer],
    existing: Existing,
    operator: &str,
    now: u64,
) -> Result<Imported, ImportError> {
    let mut tx = db.begin().await?;
    let mut done = Imported::default();
    let mut events = Vec::new();
    for c in customers {
        let card = c.card.0;
        let sealed = sealer.seal(Binding::Card(c.contract_id.as_str()), &card);
        if exists(&mut tx, &c.contract_id).await? {
            if existing == Existing::Refuse {
                return Err(ImportError::field(
                    c.line,
                    "contract_id",
                    "this contract is already on file (--update replaces it)",
                ));
            }
            sqlx::query(
                "UPDATE customers SET name = $2, password_hash = $3, card_sealed = $4 \
                 WHERE contract_id = $1",
            )
            .bind(c.contract_id.as_str())
            .bind(&c.name)
            .bind(&c.password_hash)
            .bind(sealed)
            .execute(&mut *tx)
            .await?;
            // New credentials end what the old ones opened: a session or flow of whoever had them.
            for end in [
                "DELETE FROM sessions WHERE contract_id = $1",
                "DELETE FROM flows WHERE contract_id = $1",
            ] {
                sqlx::query(end)
                    .bind(c.contract_id.as_str())
                    .execute(&mut *tx)
                    .await?;
            }
            done.updated += 1;
            events.push(Event::new(
                EventKind::CustomerUpdated,
                Some(&c.contract_id),
                "ok",
            ));
        } else {
            sqlx::query(
                "INSERT INTO customers (contract_id, name, password_hash, card_sealed) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(c.contract_id.as_str())
            .bind(&c.name)
            .bind(&c.password_hash)
            .bind(sealed)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM customer_states WHERE contract_id = $1")
                .bind(c.contract_id.as_str())
                .execute(&mut *tx)
                .await?;
            done.added += 1;
            events.push(Event::new(
                EventKind::CustomerImported,
                Some(&c.contract_id),
                "ok",
            ));
        }
    }
    audit::append(&mut tx, now, &Actor::Operator(operator.to_owned()), &events)
        .await
        .map_err(ImportError::database)?;
    tx.commit().await?;
    Ok(done)
}

/// Writes a vendor's tokens (`(serial, seed)`, in the file's order) into the registry in one
/// transaction as `operator`, each seed sealed at once. A serial already in the registry is
/// refused, and with it the whole file.
pub async fn import_tokens<'a>(
    db: &Db,
    sealer: &Sealer,
    tokens: impl IntoIterator<Item = (&'a Serial, &'a [u8])>,
    operator: &str,
    now: u64,
) -> Result<usize, ImportError> {
    let mut tx = db.begin().await?;
    let mut events = Vec::new();
    for (n, (serial, seed)) in tokens.into_iter().enumerate() {
        let inserted = sqlx::query(
            "INSERT INTO tokens (serial, model, seed_sealed, issued_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
        )
        .bind(serial.as_str())
        .bind(text(serial.model()))
        .bind(sealer.seal(Binding::Seed(serial.as_str()), seed))
        .bind(i64::try_from(now).unwrap_or(i64::MAX))
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() != 1 {
            return Err(ImportError::new(
                Some(format!("key package {} (serial {serial})", n + 1)),
                "this serial is already in the registry",
            ));
        }
        events.push(Event::new(EventKind::TokenImported, None, "ok").with_serial(Some(serial)));
    }
    if events.is_empty() {
        return Err(ImportError::new(None, "the file has no tokens"));
    }
    audit::append(&mut tx, now, &Actor::Operator(operator.to_owned()), &events)
        .await
        .map_err(ImportError::database)?;
    tx.commit().await?;
    Ok(events.len())
}
