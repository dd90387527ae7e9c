//! shinkin-otp's reference server: the bank's one-time password API over HTTP, running the same
//! domain rules as the browser (`shinkin-otp-domain`) on rows in SQLite or PostgreSQL.
//!
//! - [`cli`]: the operator's subcommands (onboarding, the desk), human or `--json` output.
//! - [`connections`]: the accept loop: header, body and idle timeouts, the connection limit.
//! - [`config`]: command line and settings; the sealing key's rule.
//! - [`crypto`]: sealing (XChaCha20-Poly1305), argon2id, cookie secrets.
//! - [`db`]: the connection, embedded migrations, transactions.
//! - [`setup`]: start-up checks (the database's mode, the key).
//! - [`rows`]: the rows of one request as the domain sees them, and their conditional write-back.
//! - [`service`]: each bank call as one transaction (with one re-run on a lost race), sessions.
//! - [`http`]: routes, handlers, request checks, cookies, headers, static files.
//! - [`error`]: problem+json answers.
//! - [`audit`]: the audit trail's table: events appended in their step's transaction, history,
//!   retention.
//! - [`onboard`]: `customers import` (CSV) and `tokens import` (PSKC) as one transaction per file.
//! - [`limits`]: rate limits per client address and per contract ID, counted in the database.
//! - [`desk`]: the bank's desk (`desk` subcommands) as transactions with their audit events.
//! - [`observe`]: one log line per request, and its metrics; the log's format.
//! - [`prometheus`]: the Prometheus metrics, served on their own listen address.
//! - [`demo`]: `--demo`'s fixtures, reset and token vendor.
//! - [`pskc`]: reading a token vendor's PSKC seed file (RFC 6030): serials and seeds.
//! - [`clock`]: test clocks.
//!
//! ```no_run
//! use shinkin_otp_server::config::{Config, KeySource};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let mut config = Config::new("sqlite://demo.db", KeySource::Ephemeral);
//! config.demo = true;
//! shinkin_otp_server::serve(config).await?;
//! # Ok(())
//! # }
//! ```

pub mod audit;
pub mod cli;
pub mod clock;
pub mod config;
pub mod connections;
pub mod crypto;
pub mod db;
pub mod demo;
pub mod desk;
pub mod error;
pub mod http;
pub mod limits;
pub mod observe;
pub mod onboard;
pub mod prometheus;
pub mod pskc;
pub mod rows;
pub mod service;
pub mod setup;

use crate::clock::OffsetClock;
use crate::config::{Config, KeySource};
use crate::crypto::{Passwords, Sealer};
use crate::db::Db;
use crate::http::{AppState, HttpConfig, TestHooks};
use crate::limits::RateLimiter;
use crate::service::{Retention, Service};
use crate::setup::Mode;
use axum::Router;
use shinkin_otp_domain::Clock;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Why the server did not start (or stopped).
#[derive(Debug)]
pub enum StartError {
    /// The database failed.
    Db(sqlx::Error),
    /// The database's mode or key does not match.
    Setup(setup::SetupError),
    /// Seeding the demo failed.
    Demo(String),
    /// The address could not be bound, or serving failed.
    Io(std::io::Error),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Db(e) => write!(f, "database: {e}"),
            StartError::Setup(e) => write!(f, "{e}"),
            StartError::Demo(e) => write!(f, "demo data: {e}"),
            StartError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for StartError {}

/// A built server: the router and the bank behind it.
#[derive(Debug, Clone)]
pub struct App {
    /// The whole application.
    pub router: Router,
    /// The bank (tests reach the database through it).
    pub service: Service,
    /// The rate limits.
    pub limiter: RateLimiter,
    /// The test hooks, with `--test-hooks`.
    pub test_hooks: Option<Arc<TestHooks>>,
}

/// Connects, checks and (in demo mode) seeds the database, and builds the router.
pub async fn build(config: &Config) -> Result<App, StartError> {
    let key = match &config.key {
        KeySource::Given(key) => *key,
        KeySource::Ephemeral => {
            tracing::warn!(
                "demo mode with an ephemeral key: sealed data is unreadable after a restart, \
                 so the demo data is seeded afresh at every start (give a key to keep it)"
            );
            Sealer::random_key()
        }
    };
    let sealer = Sealer::new(&key);
    let db = Db::connect(&config.database_url)
        .await
        .map_err(StartError::Db)?;
    let mode = if config.demo { Mode::Demo } else { Mode::Bank };
    let demo_data = setup::check(&db, &sealer, mode)
        .await
        .map_err(StartError::Setup)?;
    let test_hooks = config.test_hooks.then(|| Arc::new(TestHooks::default()));
    let clock: Arc<dyn Clock> = match &test_hooks {
        Some(hooks) => hooks.clock.clone() as Arc<OffsetClock>,
        None => config.clock.clone(),
    };
    let service = Service {
        db,
        sealer,
        passwords: Passwords::new(config.password_cost),
        clock,
    };
    if config.demo && demo_data == setup::DemoData::Seed {
        demo::seed(
            &service.db,
            &service.sealer,
            &service.passwords,
            service.clock.as_ref(),
        )
        .await
        .map_err(|e| StartError::Demo(format!("{e:?}")))?;
    }
    let index = config
        .static_dir
        .as_ref()
        .and_then(|dir| std::fs::read_to_string(dir.join("index.html")).ok());
    let hosts = http::Hosts::new(&config.public_origins);
    let https = hosts.https();
    let http = HttpConfig {
        secure_cookies: https || !config.listen.ip().is_loopback(),
        hosts,
        https,
        allow_origin: config.allow_origin.clone(),
        demo: config.demo,
        static_dir: config.static_dir.clone(),
        csp: http::csp_for(index.as_deref()),
    };
    let limiter = RateLimiter {
        db: service.db.clone(),
        clock: service.clock.clone(),
        limits: config.rate_limits,
    };
    let state = AppState {
        service: service.clone(),
        limiter: limiter.clone(),
        config: Arc::new(http),
        test_hooks: test_hooks.clone(),
    };
    Ok(App {
        router: http::router(state),
        service,
        limiter,
        test_hooks,
    })
}

/// Sweeps idle flows and sessions, past rate-limit windows, stale counters of unknown contract
/// IDs and audit events past `retention`, every minute, for as long as the server runs.
pub fn spawn_sweeper(
    service: Service,
    limiter: RateLimiter,
    retention: Retention,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(60));
        loop {
            every.tick().await;
            if let Err(e) = service.sweep(&retention).await {
                tracing::warn!(error = ?e, "sweeping idle flows and sessions failed");
            }
            if let Err(e) = limiter.sweep().await {
                tracing::warn!(error = ?e, "sweeping rate-limit windows failed");
            }
        }
    })
}

/// Builds the server, binds `config.listen`, prints the URL and serves until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> Result<(), StartError> {
    let app = build(&config).await?;
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(StartError::Io)?;
    let address = listener.local_addr().map_err(StartError::Io)?;
    let open_files = connections::open_file_limit();
    let mut limits = config.connections;
    limits.max_connections = connections::connection_cap(limits.max_connections, open_files);
    if limits.max_connections < config.connections.max_connections {
        tracing::warn!(
            open_files,
            max_connections = limits.max_connections,
            "the open-file limit allows fewer connections than --max-connections"
        );
    }
    let sweeper = spawn_sweeper(app.service.clone(), app.limiter.clone(), config.retention);
    let metrics = match config.metrics_listen {
        Some(at) => Some(serve_metrics(at, app.service.db.clone()).await?),
        None => None,
    };
    println!("shinkin-otp-server listening on http://{address}/");
    if let Some((at, _)) = &metrics {
        println!("  metrics: http://{at}/metrics (keep this address internal)");
    }
    if config.static_dir.is_none() {
        println!("  (API only: no --static DIR given, so no customer app is served)");
    }
    if config.demo {
        println!("  demo mode: demo customers and tokens, demo endpoints on");
    }
    // Each request with its connection's peer address, for the per-address rate limit.
    let result = connections::serve(listener, app.router, limits, shutdown_signal())
        .await
        .map_err(StartError::Io);
    sweeper.abort();
    if let Some((_, tasks)) = metrics {
        tasks.iter().for_each(tokio::task::JoinHandle::abort);
    }
    result
}

/// Installs the metrics recorder, binds `at` and serves `GET /metrics` there in the background;
/// returns the address bound, and the server's and the recorder's upkeep tasks.
async fn serve_metrics(
    at: std::net::SocketAddr,
    db: Db,
) -> Result<(std::net::SocketAddr, [tokio::task::JoinHandle<()>; 3]), StartError> {
    let router = prometheus::router();
    let listener = tokio::net::TcpListener::bind(at)
        .await
        .map_err(StartError::Io)?;
    let address = listener.local_addr().map_err(StartError::Io)?;
    let server = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::error!(error = %e, "serving the metrics failed");
        }
    });
    Ok((
        address,
        [server, prometheus::spawn_upkeep(), spawn_desk_counter(db)],
    ))
}

/// Counts the desk's actions into the metrics: the desk subcommands run in processes of their own,
/// so the serving process reads them from the audit trail every 15 seconds (from its start on).
fn spawn_desk_counter(db: Db) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut last = audit::last_event_id(&db).await.unwrap_or(0);
        let mut every = tokio::time::interval(Duration::from_secs(15));
        loop {
            every.tick().await;
            match audit::desk_actions_after(&db, last).await {
                Ok((read, kinds)) => {
                    last = read;
                    kinds.iter().for_each(|kind| prometheus::desk_action(kind));
                }
                Err(e) => {
                    tracing::warn!(error = %e, "reading the desk's actions for the metrics failed")
                }
            }
        }
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
