//! The database connection: SQLite (a file in WAL mode, the default) or PostgreSQL, through sqlx's
//! `Any` driver with runtime queries, the embedded migrations of each, and how a transaction begins.
//!
//! Every query is a `&'static str` with `$n` placeholders, which both SQLite and PostgreSQL read, so
//! one copy of each query serves both; only the schema's column types differ (see `migrations/`).

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AnyPool, Connection, Transaction};
use std::str::FromStr;
use std::time::Duration;

/// Which database the URL named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// A SQLite file.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// A pool of connections to the bank's database.
#[derive(Debug, Clone)]
pub struct Db {
    /// The connections.
    pub pool: AnyPool,
    /// SQLite or PostgreSQL.
    pub dialect: Dialect,
}

/// A transaction on the bank's database.
pub type Tx = Transaction<'static, sqlx::Any>;

/// The migrations of each dialect, compiled in.
const SQLITE_MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "init",
        include_str!("../migrations/sqlite/0001_init.sql"),
    ),
    (
        2,
        "rate limits",
        include_str!("../migrations/sqlite/0002_rate_limits.sql"),
    ),
    (
        3,
        "audit trail",
        include_str!("../migrations/sqlite/0003_audit.sql"),
    ),
    (
        4,
        "card challenge",
        include_str!("../migrations/sqlite/0004_card_challenge.sql"),
    ),
    (
        5,
        "clock offset",
        include_str!("../migrations/sqlite/0005_clock_offset.sql"),
    ),
];
const POSTGRES_MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "init",
        include_str!("../migrations/postgres/0001_init.sql"),
    ),
    (
        2,
        "rate limits",
        include_str!("../migrations/postgres/0002_rate_limits.sql"),
    ),
    (
        3,
        "audit trail",
        include_str!("../migrations/postgres/0003_audit.sql"),
    ),
    (
        4,
        "card challenge",
        include_str!("../migrations/postgres/0004_card_challenge.sql"),
    ),
    (
        5,
        "clock offset",
        include_str!("../migrations/postgres/0005_clock_offset.sql"),
    ),
];

impl Db {
    /// Connects to `url` (`sqlite://PATH` — created if missing — or `postgres://…`) and brings
    /// its schema up to date.
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let dialect = if url.starts_with("sqlite:") {
            Dialect::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Dialect::Postgres
        } else {
            return Err(sqlx::Error::Configuration(
                "DATABASE_URL must start with sqlite: or postgres:".into(),
            ));
        };
        if dialect == Dialect::Sqlite {
            create_private(url)?;
        }
        let url = match dialect {
            // Create the file on first start.
            Dialect::Sqlite if !url.contains('?') => format!("{url}?mode=rwc"),
            _ => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = AnyPoolOptions::new()
            // SQLite has one writer at a time anyway; a few connections let reads overlap.
            .max_connections(match dialect {
                Dialect::Sqlite => 4,
                Dialect::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10))
            // A transaction whose COMMIT or ROLLBACK failed (SQLite rolls back by itself on a full
            // disk or an I/O error, so the ROLLBACK then fails) leaves the connection believing it
            // is still in one, and its next BEGIN would be a mere savepoint: close such a
            // connection instead of handing it to the next request.
            .after_release(|conn, _| Box::pin(async move { Ok(!conn.is_in_transaction()) }))
            .connect_with(options)
            .await?;
        let db = Db { pool, dialect };
        if dialect == Dialect::Sqlite {
            // WAL: readers never wait for the writer. The mode is stored in the file itself.
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&db.pool)
                .await?;
        }
        db.migrate().await?;
        Ok(db)
    }

    /// Applies the embedded migrations not yet applied (sqlx's migrator: checksums, and a lock
    /// so two processes starting at once do not both apply one).
    async fn migrate(&self) -> Result<(), sqlx::Error> {
        let list = match self.dialect {
            Dialect::Sqlite => SQLITE_MIGRATIONS,
            Dialect::Postgres => POSTGRES_MIGRATIONS,
        };
        let migrations = list
            .iter()
            .map(|&(version, description, sql)| {
                Migration::new(
                    version,
                    description.into(),
                    MigrationType::Simple,
                    sqlx::SqlSafeStr::into_sql_str(sql),
                    false,
                )
            })
            .collect();
        Migrator::with_migrations(migrations)
            .run(&self.pool)
            .await
            .map_err(|e| sqlx::Error::Migrate(Box::new(e)))
    }

    /// Begins a transaction that may write. On SQLite, `BEGIN IMMEDIATE` takes the write lock at
    /// once, so two requests never both read a row and then race to write it (the version checks
    /// still hold, and are what protects PostgreSQL's concurrent writers).
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        match self.dialect {
            Dialect::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Dialect::Postgres => self.pool.begin().await,
        }
    }
}

/// Creates the SQLite database file of `url`, if it does not exist yet, readable and writable by
/// its owner only (0600): it holds the bank's rows. SQLite gives its WAL and shared-memory files
/// the main file's permissions. An existing file keeps its own.
fn create_private(url: &str) -> Result<(), sqlx::Error> {
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(url)?;
    let path = options.get_filename();
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    if in_memory || path.as_os_str().is_empty() || path.exists() {
        return Ok(());
    }
    let mut file = std::fs::OpenOptions::new();
    file.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut file, 0o600);
    match file.open(path) {
        Ok(_) => Ok(()),
        // Another process created it first.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(sqlx::Error::Io(e)),
    }
}

/// What a database error means for the request that met it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Another request got there first (a unique key taken, or PostgreSQL's serialisation
    /// failure or deadlock victim): run the request again from fresh rows.
    Conflict,
    /// The database cannot take writes now — unreachable, shutting down, read-only, disk full,
    /// out of connections — so the answer is `503` with `Retry-After`, never a half-written change.
    Unavailable,
    /// Anything else (a bug, or a row the server cannot read): `500`.
    Other,
}

/// Sorts `e` into a [`Failure`].
pub fn classify(e: &sqlx::Error) -> Failure {
    match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => Failure::Conflict,
        sqlx::Error::Database(d) => {
            let code = d.code().unwrap_or_default();
            if d.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                // SQLite's extended result codes: the primary code is the low byte. BUSY,
                // LOCKED, READONLY, IOERR, FULL, CANTOPEN.
                let primary = code.parse::<i64>().unwrap_or(0) & 0xff;
                return match primary {
                    5 | 6 | 8 | 10 | 13 | 14 => Failure::Unavailable,
                    _ => Failure::Other,
                };
            }
            // PostgreSQL's SQLSTATE: 40001 serialization_failure, 40P01 deadlock_detected;
            // class 08 connection exceptions, 25006 read_only_sql_transaction, class 53
            // insufficient resources (53100 disk_full), 55000 (a database not accepting
            // connections), 57P01–57P03 shutting down / cannot connect now.
            match code.as_ref() {
                "40001" | "40P01" => Failure::Conflict,
                "25006" | "55000" | "57P01" | "57P02" | "57P03" => Failure::Unavailable,
                c if c.starts_with("08") || c.starts_with("53") => Failure::Unavailable,
                _ => Failure::Other,
            }
        }
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => Failure::Unavailable,
        _ => Failure::Other,
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[tokio::test]
    async fn a_new_sqlite_database_is_readable_by_its_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bank.db");
        let db = Db::connect(&format!("sqlite://{}", path.display()))
            .await
            .unwrap();
        sqlx::query("INSERT INTO rate_limits (bucket, window_start, hits) VALUES ('x', 0, 1)")
            .execute(&db.pool)
            .await
            .unwrap();
        for file in ["bank.db", "bank.db-wal", "bank.db-shm"] {
            let mode = std::fs::metadata(dir.path().join(file))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{file}: {:o}", mode & 0o777);
        }
    }
}
