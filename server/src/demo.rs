//! The demo on a server (`--demo`): the demo customers and tokens of `domain::demo_data` written
//! as a bank's rows (argon2id hashes, sealed cards and seeds), a reset to that state, the demo
//! token vendor that issues new tokens for the kit, and the back office the kit shows.

use crate::crypto::{Binding, Passwords, Sealer};
use crate::db::Db;
use crate::rows::{self, text, StoreError};
use crate::service::ServiceError;
use shinkin_otp_domain::back_office::BackOffice;
use shinkin_otp_domain::demo_data;
use shinkin_otp_domain::input::{ContractId, Serial, TokenModel};
use shinkin_otp_domain::ledger::Ledger;
use shinkin_otp_domain::token::{self, Token};
use shinkin_otp_domain::{Clock, OsRandom};
use sqlx::Row;

/// Every table, children first (the order a wipe must follow).
const TABLES: [&str; 7] = [
    "DELETE FROM sessions",
    "DELETE FROM flows",
    "DELETE FROM enrolments",
    "DELETE FROM token_states",
    "DELETE FROM customer_states",
    "DELETE FROM tokens",
    "DELETE FROM customers",
];

/// Wipes the demo database and writes the demo fixtures: the two customers (their passwords
/// hashed now), the four tokens, and 佐藤 一郎's token in use.
pub async fn seed(
    db: &Db,
    sealer: &Sealer,
    passwords: &Passwords,
    clock: &dyn Clock,
) -> Result<(), ServiceError> {
    let hashing = passwords.clone();
    let hashes =
        tokio::task::spawn_blocking(move || demo_data::CUSTOMERS.map(|c| hashing.hash(c.password)))
            .await
            .map_err(|e| ServiceError::Internal(format!("hashing demo passwords: {e}").into()))?;
    let mut tx = db.begin().await?;
    for statement in TABLES {
        sqlx::query(statement).execute(&mut *tx).await?;
    }
    for (c, hash) in demo_data::CUSTOMERS.iter().zip(hashes) {
        sqlx::query(
            "INSERT INTO customers (contract_id, name, password_hash, card_sealed) VALUES ($1, $2, $3, $4)",
        )
        .bind(c.contract_id)
        .bind(c.name)
        .bind(hash)
        .bind(sealer.seal(Binding::Card(c.contract_id), &c.card))
        .execute(&mut *tx)
        .await?;
    }
    let now = i64::try_from(clock.now()).unwrap_or(i64::MAX);
    for t in demo_data::directory().tokens {
        insert_token(&mut tx, sealer, &t, now).await?;
    }
    for e in demo_data::seeded_ledger().enrolments {
        sqlx::query(
            "INSERT INTO enrolments (contract_id, serial, login_otp, status, enrolled_at, version) \
             VALUES ($1, $2, $3, 'active', $4, 1)",
        )
        .bind(e.contract_id.as_str())
        .bind(e.serial.as_str())
        .bind(text(e.login_otp))
        .bind(i64::try_from(e.enrolled_at).unwrap_or(i64::MAX))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Adds `token` to the vendor registry; `false` if its serial is taken.
async fn insert_token(
    tx: &mut crate::db::Tx,
    sealer: &Sealer,
    token: &Token,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "INSERT INTO tokens (serial, model, seed_sealed, issued_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING",
    )
    .bind(token.serial.as_str())
    .bind(text(token.model))
    .bind(sealer.seal(Binding::Seed(token.serial.as_str()), &token.seed))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// 新しいトークンを発行: a token of `model` with a fresh 160-bit seed, in the registry. The caller
/// sends its otpauth URI (seed included) to the kit — demo only.
pub async fn issue(
    db: &Db,
    sealer: &Sealer,
    model: TokenModel,
    clock: &dyn Clock,
) -> Result<Token, ServiceError> {
    let now = i64::try_from(clock.now()).unwrap_or(i64::MAX);
    // A serial is 8 random digits: a collision is rare, and the insert says so; draw again.
    for _ in 0..10 {
        let token = token::issue(model, &mut OsRandom, |_| false);
        let mut tx = db.begin().await?;
        if insert_token(&mut tx, sealer, &token, now).await? {
            tx.commit().await?;
            return Ok(token);
        }
        tx.rollback().await?;
    }
    Err(ServiceError::Internal(
        "no free serial after 10 draws".into(),
    ))
}

/// The back office as the kit shows it: every token of the registry (oldest first, seeds opened)
/// with its holder and counters, and who waits at the bank's desk — read by the same rule as the
/// in-browser demo bank's ([`BackOffice::read`]).
///
/// One statement, joining each token to its enrolment and its counters: a consistent reading on
/// either database (a statement sees one snapshot) that takes no write lock and no row lock, so it
/// neither waits for the bank's writers nor holds them up, however many tokens the kit has issued.
pub async fn back_office(db: &Db, sealer: &Sealer) -> Result<BackOffice, ServiceError> {
    // Oldest first; tokens of the same second (the fixtures) software first, as the kit lists them.
    let found = sqlx::query(
        "SELECT t.serial, t.seed_sealed, \
         e.contract_id, e.login_otp, e.status, e.enrolled_at, \
         s.last_step, s.refused_steps, s.failures, s.clock_offset \
         FROM tokens t \
         LEFT JOIN enrolments e ON e.serial = t.serial \
         LEFT JOIN token_states s ON s.serial = t.serial \
         ORDER BY t.issued_at, t.model DESC, t.serial",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut tokens = Vec::with_capacity(found.len());
    let mut ledger = Ledger::default();
    for row in found {
        let serial = Serial::try_from(row.try_get::<String, _>("serial")?)
            .map_err(|_| StoreError::Corrupt("token serial"))?;
        let sealed: Vec<u8> = row.try_get("seed_sealed")?;
        tokens.push(Token {
            model: serial.model(),
            seed: rows::open_seed(sealer, &serial, &sealed)?,
            serial: serial.clone(),
        });
        if let Some(contract_id) = row.try_get::<Option<String>, _>("contract_id")? {
            let contract_id = ContractId::try_from(contract_id)
                .map_err(|_| StoreError::Corrupt("enrolment contract id"))?;
            ledger
                .enrolments
                .push(rows::enrolment(&row, contract_id, serial.clone())?);
        }
        // A token never used has no counters row: the join gives it NULLs.
        if row.try_get::<Option<String>, _>("refused_steps")?.is_some() {
            ledger.tokens.push(rows::token_state(&row, serial)?);
        }
    }
    Ok(BackOffice::read(tokens, &ledger))
}
