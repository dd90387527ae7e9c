//! Start-up checks of the database: which mode it was made for (a bank's, or the demo's) and
//! whether the key opens it — so a wrong key or a mix-up of databases stops the server with a
//! clear message instead of failing request by request.

use crate::crypto::{Binding, Sealer};
use crate::db::Db;
use sqlx::Row;
use std::fmt;

/// What the database was made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A bank's customers: never wiped, only opened with its key.
    Bank,
    /// The demo's fixtures: seeded when the database is new or sealed with another key (every start with the ephemeral key).
    Demo,
}

impl Mode {
    fn as_bytes(self) -> &'static [u8] {
        match self {
            Mode::Bank => b"bank",
            Mode::Demo => b"demo",
        }
    }
}

/// Why the server refuses to start on this database.
#[derive(Debug)]
pub enum SetupError {
    /// The database holds the other mode's data.
    WrongMode {
        /// What the database holds.
        found: Mode,
    },
    /// The key does not open the database's sealed values.
    WrongKey,
    /// The database failed.
    Db(sqlx::Error),
}

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetupError::WrongMode { found: Mode::Bank } => f.write_str(
                "this database holds a bank's data; --demo never touches it (use another DATABASE_URL)",
            ),
            SetupError::WrongMode { found: Mode::Demo } => f.write_str(
                "this database holds demo data; start with --demo, or use another DATABASE_URL",
            ),
            SetupError::WrongKey => f.write_str(
                "the key does not open this database (check --key-file or SHINKIN_OTP_KEY)",
            ),
            SetupError::Db(e) => write!(f, "database: {e}"),
        }
    }
}

impl std::error::Error for SetupError {}

impl From<sqlx::Error> for SetupError {
    fn from(e: sqlx::Error) -> SetupError {
        SetupError::Db(e)
    }
}

const KEY_CHECK: &[u8] = b"shinkin-otp key check";

/// What the demo's data needs after [`check`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoData {
    /// The database is new, or was sealed with another key (an ephemeral one, every restart):
    /// seed it.
    Seed,
    /// The database opens with this key: keep its data (flows, enrolments, counters) across the
    /// restart, as a bank's would be kept.
    Keep,
}

/// What `db` was made for, if it has been marked yet (a new database has not).
pub async fn mode(db: &Db) -> Result<Option<Mode>, SetupError> {
    let found = sqlx::query("SELECT value FROM settings WHERE name = 'mode'")
        .fetch_optional(&db.pool)
        .await?
        .map(|row| row.try_get::<Vec<u8>, _>("value"))
        .transpose()?;
    Ok(found.map(|bytes| {
        if bytes == Mode::Demo.as_bytes() {
            Mode::Demo
        } else {
            Mode::Bank
        }
    }))
}

/// Marks a new database with `mode` and the key, or checks an existing one against them. A demo
/// database that the key does not open is marked with the new key (and must be seeded again).
pub async fn check(db: &Db, sealer: &Sealer, mode: Mode) -> Result<DemoData, SetupError> {
    let found = sqlx::query("SELECT value FROM settings WHERE name = 'mode'")
        .fetch_optional(&db.pool)
        .await?
        .map(|row| row.try_get::<Vec<u8>, _>("value"))
        .transpose()?;
    match found.as_deref() {
        None => {
            let mut tx = db.begin().await?;
            sqlx::query("INSERT INTO settings (name, value) VALUES ('mode', $1)")
                .bind(mode.as_bytes().to_vec())
                .execute(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO settings (name, value) VALUES ('key_check', $1)")
                .bind(sealer.seal(Binding::KeyCheck, KEY_CHECK))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            return Ok(DemoData::Seed);
        }
        Some(bytes) if bytes != mode.as_bytes() => {
            let found = if bytes == Mode::Demo.as_bytes() {
                Mode::Demo
            } else {
                Mode::Bank
            };
            return Err(SetupError::WrongMode { found });
        }
        Some(_) => {}
    }
    let sealed: Vec<u8> = sqlx::query("SELECT value FROM settings WHERE name = 'key_check'")
        .fetch_one(&db.pool)
        .await?
        .try_get("value")?;
    let opens = matches!(sealer.open(Binding::KeyCheck, &sealed), Ok(plain) if plain == KEY_CHECK);
    match (mode, opens) {
        (_, true) => Ok(DemoData::Keep),
        (Mode::Bank, false) => Err(SetupError::WrongKey),
        (Mode::Demo, false) => {
            sqlx::query("UPDATE settings SET value = $1 WHERE name = 'key_check'")
                .bind(sealer.seal(Binding::KeyCheck, KEY_CHECK))
                .execute(&db.pool)
                .await?;
            Ok(DemoData::Seed)
        }
    }
}
