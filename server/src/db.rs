//! The database connection: SQLite (a file in WAL mode, the default) or PostgreSQL, through sqlx's
//! `Any` driver with runtime queries, the embedded migrations of each, and how a transaction begins.
//!
//! Every query is a `&'static str` with `$n` placeholders, which both SQLite and PostgreSQL read, so
//! one copy of each query serves both; only the schema's column types differ (see `migrations/`).

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AnyPool, Transaction};
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
const SQLITE_MIGRATIONS: &[(i64, &str, &str)] = &[(
    1,
    "init",
    include_str!("../migrations/sqlite/0001_init.sql"),
)];
const POSTGRES_MIGRATIONS: &[(i64, &str, &str)] = &[(
    1,
    "init",
    include_str!("../migrations/postgres/0001_init.sql"),
)];

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
