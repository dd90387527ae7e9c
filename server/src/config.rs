//! The server's settings: the command line (and environment) parsed into a [`Config`], with the
//! sealing key's one rule — a key from a file or `SHINKIN_OTP_KEY`, and an ephemeral one only in
//! `--demo`.

use crate::connections::ConnectionLimits;
use crate::crypto::{self, PasswordCost, KEY_BYTES};
use crate::limits::RateLimits;
use crate::observe::LogFormat;
use crate::service::Retention;
use clap::Parser;
use shinkin_otp_domain::{Clock, SystemClock};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The environment variable holding the key (64 hex digits) when no `--key-file` is given.
pub const KEY_ENV: &str = "SHINKIN_OTP_KEY";

/// shinkin-otp's reference server: the bank's one-time password API (and, with --static, the
/// customer app), with SQLite or PostgreSQL; and the operator's subcommands on the same database.
#[derive(Debug, Parser)]
#[command(name = "shinkin-otp-server", version)]
pub struct Args {
    /// An operator subcommand; without one, the server starts.
    #[command(subcommand)]
    pub command: Option<crate::cli::Command>,

    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,

    /// Database: sqlite://FILE (created if missing) or postgres://USER@HOST/DB.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://shinkin-otp.db",
        // Never print the value in --help: a PostgreSQL URL may carry a password.
        hide_env_values = true,
        global = true
    )]
    pub database_url: String,

    /// File holding the 32-byte sealing key as 64 hex digits (otherwise SHINKIN_OTP_KEY).
    #[arg(long, global = true)]
    pub key_file: Option<PathBuf>,

    /// Directory of the built customer app to serve (index.html, 404.html, wasm, JS, CSS).
    #[arg(long = "static", value_name = "DIR")]
    pub static_dir: Option<PathBuf>,

    /// Demo mode: the demo customers and tokens (seeded when the database is new or was sealed
    /// with another key), the demo endpoints, and an ephemeral key if none is given.
    #[arg(long)]
    pub demo: bool,

    /// One more origin allowed to call the API with cookies (CORS), e.g. the browser-test
    /// runner's http://127.0.0.1:8000.
    #[arg(long, value_name = "URL")]
    pub allow_origin: Option<String>,

    /// Tests only: endpoints that move the server's clock and delay its answers. Refused unless
    /// listening on a loopback address.
    #[arg(long)]
    pub test_hooks: bool,

    /// Bank requests one client address may make per window (its /64 for IPv6); 0: no limit.
    #[arg(long, value_name = "N", default_value_t = RateLimits::DEFAULT.per_address)]
    pub rate_limit_per_address: u32,

    /// ログイン and 利用者認証 requests per window naming one contract ID; 0: no limit.
    #[arg(long, value_name = "N", default_value_t = RateLimits::DEFAULT.per_contract)]
    pub rate_limit_per_contract: u32,

    /// The rate limits' window, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = RateLimits::DEFAULT.window_seconds,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub rate_limit_window: u64,

    /// Seconds a request's headers may take to arrive (also how long a kept-alive connection
    /// may wait for its next request); past that the connection is closed.
    #[arg(long, value_name = "SECONDS", default_value_t = ConnectionLimits::DEFAULT.header_read.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    pub header_read_timeout: u64,

    /// Seconds a request's body may take to arrive after its headers; past that the answer is
    /// 400 and the connection is closed.
    #[arg(long, value_name = "SECONDS", default_value_t = ConnectionLimits::DEFAULT.body.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    pub body_timeout: u64,

    /// Seconds a connection may stay silent while no request is being handled (a client not
    /// reading its answer); past that it is closed.
    #[arg(long, value_name = "SECONDS", default_value_t = ConnectionLimits::DEFAULT.idle.as_secs(),
          value_parser = clap::value_parser!(u64).range(1..))]
    pub idle_timeout: u64,

    /// Connections served at once (further ones wait to be accepted); kept below the process's
    /// open-file limit, which is raised to its hard limit at start.
    #[arg(long, value_name = "N", default_value_t = 1024,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,

    /// Days the audit trail keeps an event.
    #[arg(long, value_name = "DAYS", default_value_t = Retention::DEFAULT.audit_days)]
    pub audit_retention_days: u32,

    /// Days failure counters that lock nothing are kept after they last changed, for any contract
    /// ID, known or not (a lock stays until the desk lifts it); also how long the audit events of
    /// contract IDs no customer has are kept.
    #[arg(long, value_name = "DAYS", default_value_t = Retention::DEFAULT.counter_days,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub counter_retention_days: u32,
    /// Log lines as text, or as one JSON object per line (for log shippers).
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Also serve Prometheus metrics (GET /metrics) on this address: an internal one only, never
    /// the public address (it must differ from --listen).
    #[arg(long, value_name = "ADDR")]
    pub metrics_listen: Option<SocketAddr>,

    /// Print a new random key (64 hex digits) and exit.
    #[arg(long)]
    pub generate_key: bool,

    // ── exposure: which names the server answers to, and the demo on a network ──────────────
    /// An origin browsers reach this server at, such as `https://bank.example` (repeatable).
    /// Requests whose Host is not one of them are refused (421), and Origin must be one of them
    /// (or --allow-origin). With an https:// one, cookies are Secure and __Host- prefixed and every
    /// answer carries Strict-Transport-Security. Default: the loopback names (127.0.0.1,
    /// localhost, `[::1]`) when listening on loopback; required on any other address.
    #[arg(long = "public-origin", value_name = "URL")]
    pub public_origins: Vec<String>,

    /// Allow --demo on a non-loopback address. It gives everyone who reaches the server every demo
    /// seed (the back office lists them), the bank's own stop and the reset of all data.
    #[arg(long)]
    pub demo_public: bool,
}

/// Where the sealing key comes from.
#[derive(Clone)]
pub enum KeySource {
    /// A key given by file or environment.
    Given([u8; KEY_BYTES]),
    /// A random key for this run only (`--demo`).
    Ephemeral,
}

impl std::fmt::Debug for KeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            KeySource::Given(_) => "KeySource::Given(hidden)",
            KeySource::Ephemeral => "KeySource::Ephemeral",
        })
    }
}

/// Everything the server runs with.
#[derive(Clone)]
pub struct Config {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// The database URL.
    pub database_url: String,
    /// The sealing key.
    pub key: KeySource,
    /// The customer app's files.
    pub static_dir: Option<PathBuf>,
    /// Demo mode.
    pub demo: bool,
    /// The one other origin allowed (CORS with credentials).
    pub allow_origin: Option<String>,
    /// Test hooks on.
    pub test_hooks: bool,
    /// argon2id's cost.
    pub password_cost: PasswordCost,
    /// Requests per window allowed per client address and per contract ID.
    pub rate_limits: RateLimits,
    /// What the sweep keeps, and for how long.
    pub retention: Retention,
    /// Now. (Tests pass a `ManualClock`; `--test-hooks` replaces it with an offset clock.)
    pub clock: Arc<dyn Clock>,
    /// Where `GET /metrics` is served, if anywhere (never the public address).
    pub metrics_listen: Option<SocketAddr>,
    /// Connection timeouts and the connection limit.
    pub connections: ConnectionLimits,
    /// The origins browsers reach the server at, normalised ([`origin`]); empty: the loopback
    /// names, on any port (see [`crate::http::Hosts`]).
    pub public_origins: Vec<String>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            // Only the scheme: a PostgreSQL URL may carry a password.
            .field("database", &self.database_url.split(':').next())
            .field("key", &self.key)
            .field("static_dir", &self.static_dir)
            .field("demo", &self.demo)
            .field("allow_origin", &self.allow_origin)
            .field("test_hooks", &self.test_hooks)
            .field("rate_limits", &self.rate_limits)
            .field("metrics_listen", &self.metrics_listen)
            .field("connections", &self.connections)
            .field("public_origins", &self.public_origins)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// Defaults for `database_url`: the recommended password cost, the default rate limits and the
    /// system clock, no demo.
    pub fn new(database_url: impl Into<String>, key: KeySource) -> Config {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8787)),
            database_url: database_url.into(),
            key,
            static_dir: None,
            demo: false,
            allow_origin: None,
            test_hooks: false,
            password_cost: PasswordCost::Recommended,
            rate_limits: RateLimits::DEFAULT,
            retention: Retention::DEFAULT,
            clock: Arc::new(SystemClock),
            metrics_listen: None,
            connections: ConnectionLimits::DEFAULT,
            public_origins: Vec::new(),
        }
    }

    /// The settings `args` and `env_key` (the value of `SHINKIN_OTP_KEY`) describe.
    pub fn from_args(args: Args, env_key: Option<String>) -> Result<Config, String> {
        let key = if args.demo && args.key_file.is_none() && env_key.is_none() {
            KeySource::Ephemeral
        } else {
            let missing = args.key_file.is_none() && env_key.is_none();
            KeySource::Given(given_key(args.key_file.as_deref(), env_key).map_err(
                |e| match missing {
                    true => format!("{e} Only --demo runs without one."),
                    false => e,
                },
            )?)
        };
        if args.test_hooks && !args.listen.ip().is_loopback() {
            return Err("--test-hooks is refused on a non-loopback address".into());
        }
        // Normalised as browsers send `Origin`, which it is compared with.
        let allow_origin = match &args.allow_origin {
            Some(given) => Some(origin(given).ok_or_else(|| {
                format!(
                    "--allow-origin must be an origin such as http://127.0.0.1:8000, not {given:?}"
                )
            })?),
            None => None,
        };
        let public_origins = exposure(&args)?;
        // Port 0 asks for a free port, so two of them are two ports.
        if args.metrics_listen == Some(args.listen) && args.listen.port() != 0 {
            return Err(
                "--metrics-listen must differ from --listen: the metrics are never \
                        served on the public address"
                    .into(),
            );
        }
        let mut config = Config::new(args.database_url, key);
        config.listen = args.listen;
        config.static_dir = args.static_dir;
        config.demo = args.demo;
        config.allow_origin = allow_origin;
        config.test_hooks = args.test_hooks;
        config.metrics_listen = args.metrics_listen;
        config.public_origins = public_origins;
        config.rate_limits = RateLimits {
            per_address: args.rate_limit_per_address,
            per_contract: args.rate_limit_per_contract,
            window_seconds: args.rate_limit_window,
        };
        config.connections = ConnectionLimits {
            header_read: Duration::from_secs(args.header_read_timeout),
            body: Duration::from_secs(args.body_timeout),
            idle: Duration::from_secs(args.idle_timeout),
            max_connections: usize::try_from(args.max_connections).unwrap_or(usize::MAX),
        };
        config.retention = Retention {
            audit_days: args.audit_retention_days,
            counter_days: args.counter_retention_days,
        };
        Ok(config)
    }
}

/// `text` as an origin — `http://` or `https://`, a host and an optional port, nothing else (no
/// path, not even `/`, no user, query or fragment) — normalised as browsers send `Origin`: lower
/// case, without the scheme's default port. `None` if it is not one.
pub fn origin(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let (scheme, authority) = lower.split_once("://")?;
    let default_port = match scheme {
        "http" => ":80",
        "https" => ":443",
        _ => return None,
    };
    let split = match authority.starts_with('[') {
        true => authority.find(']')? + 1,
        false => authority.find(':').unwrap_or(authority.len()),
    };
    // `port` is empty or `:` and the digits.
    let (host, port) = authority.split_at(split);
    let host_ok = match host.strip_prefix('[') {
        Some(v6) => v6
            .strip_suffix(']')
            .is_some_and(|a| a.parse::<std::net::Ipv6Addr>().is_ok()),
        None => {
            !host.is_empty()
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        }
    };
    let port_ok = port.is_empty()
        || (port.len() > 1
            && port[1..].bytes().all(|b| b.is_ascii_digit())
            && port[1..].parse::<u16>().is_ok_and(|p| p > 0));
    if !(host_ok && port_ok) {
        return None;
    }
    let port = if port == default_port { "" } else { port };
    Some(format!("{scheme}://{host}{port}"))
}

/// The exposure rules: the public origins (normalised), required off loopback; `--demo` off
/// loopback only with `--demo-public`.
fn exposure(args: &Args) -> Result<Vec<String>, String> {
    let public_origins = args
        .public_origins
        .iter()
        .map(|o| {
            origin(o).ok_or_else(|| {
                format!("--public-origin must be an origin such as https://bank.example, not {o:?}")
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let loopback = args.listen.ip().is_loopback();
    if !loopback && public_origins.is_empty() {
        return Err(format!(
            "listening on {} (not loopback) needs --public-origin URL: the origin browsers reach \
             the server at (e.g. https://bank.example), so that requests naming any other host \
             (DNS rebinding) are refused",
            args.listen
        ));
    }
    if args.demo && !loopback && !args.demo_public {
        return Err(format!(
            "--demo on {} (not loopback) would give everyone who reaches it every demo seed, the \
             bank's own stop and the reset of all data; listen on 127.0.0.1, or add --demo-public \
             if that is what you want",
            args.listen
        ));
    }
    Ok(public_origins)
}

/// The key from `key_file`, else from `env_key` (the value of `SHINKIN_OTP_KEY`): an error says
/// which is missing or malformed.
pub fn given_key(
    key_file: Option<&std::path::Path>,
    env_key: Option<String>,
) -> Result<[u8; KEY_BYTES], String> {
    match (key_file, env_key) {
        (Some(path), _) => {
            key_file_is_private(path)?;
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read the key file {}: {e}", path.display()))?;
            crypto::parse_key(&text)
                .ok_or_else(|| format!("the key file {} must hold 64 hex digits", path.display()))
        }
        (None, Some(text)) => {
            crypto::parse_key(&text).ok_or(format!("{KEY_ENV} must hold 64 hex digits"))
        }
        (None, None) => Err(format!(
            "no sealing key: give --key-file FILE or set {KEY_ENV} (64 hex digits; \
             --generate-key prints a new one)."
        )),
    }
}

/// Refuses a key file that its group or others may read or write (unix; elsewhere a no-op).
fn key_file_is_private(path: &std::path::Path) -> Result<(), String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map_err(|e| format!("cannot read the key file {}: {e}", path.display()))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(format!(
                "the key file {0} is open to its group or others (mode {1:03o}): it must be \
                 readable by its owner only; run chmod 600 {0}",
                path.display(),
                mode & 0o777
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(extra: &[&str]) -> Args {
        Args::parse_from([&["shinkin-otp-server"], extra].concat())
    }

    #[test]
    fn a_missing_key_is_refused_except_in_demo_mode() {
        let err = Config::from_args(args(&[]), None).unwrap_err();
        assert!(err.contains("no sealing key"), "{err}");
        let demo = Config::from_args(args(&["--demo"]), None).unwrap();
        assert!(matches!(demo.key, KeySource::Ephemeral));
        let key = "ab".repeat(32);
        let given = Config::from_args(args(&[]), Some(key)).unwrap();
        assert!(matches!(given.key, KeySource::Given([0xab, ..])));
        assert!(Config::from_args(args(&[]), Some("short".into())).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn a_key_file_others_may_read_is_refused_with_the_chmod_to_run() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bank.key");
        std::fs::write(&path, "ab".repeat(32)).unwrap();
        for wide in [0o644, 0o640, 0o604, 0o660] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(wide)).unwrap();
            let err = given_key(Some(&path), None).unwrap_err();
            assert!(
                err.contains(&format!("chmod 600 {}", path.display())),
                "{wide:o}: {err}"
            );
        }
        for private in [0o600, 0o400] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(private)).unwrap();
            assert_eq!(given_key(Some(&path), None), Ok([0xab; 32]), "{private:o}");
        }
    }

    #[test]
    fn test_hooks_only_on_loopback_and_origins_must_be_origins() {
        assert!(Config::from_args(args(&["--demo", "--test-hooks"]), None).is_ok());
        let open = args(&["--demo", "--test-hooks", "--listen", "0.0.0.0:8787"]);
        assert!(Config::from_args(open, None).is_err());
        let bad = args(&["--demo", "--allow-origin", "http://x.example/path"]);
        assert!(Config::from_args(bad, None).is_err());
        let good = args(&["--demo", "--allow-origin", "http://127.0.0.1:8000"]);
        assert!(Config::from_args(good, None).is_ok());
    }

    #[test]
    fn the_connection_settings_default_to_the_documented_limits() {
        let config = Config::from_args(args(&["--demo"]), None).unwrap();
        assert_eq!(config.connections, ConnectionLimits::DEFAULT);
        let set = args(&[
            "--demo",
            "--header-read-timeout",
            "2",
            "--max-connections",
            "8",
        ]);
        let config = Config::from_args(set, None).unwrap();
        assert_eq!(config.connections.header_read, Duration::from_secs(2));
        assert_eq!(config.connections.max_connections, 8);
        assert!(Args::try_parse_from(["s", "--idle-timeout", "0"]).is_err());
    }

    #[test]
    fn the_metrics_are_never_served_on_the_listen_address() {
        let same = args(&["--demo", "--metrics-listen", "127.0.0.1:8787"]);
        let err = Config::from_args(same, None).unwrap_err();
        assert!(err.contains("--metrics-listen must differ"), "{err}");
        let other = args(&["--demo", "--metrics-listen", "127.0.0.1:9187"]);
        let config = Config::from_args(other, None).unwrap();
        assert_eq!(config.metrics_listen, "127.0.0.1:9187".parse().ok());
        assert_eq!(
            Config::from_args(args(&["--demo"]), None)
                .unwrap()
                .metrics_listen,
            None
        );
    }

    #[test]
    fn off_loopback_the_public_origin_is_required_and_the_demo_needs_demo_public() {
        let key = || Some("ab".repeat(32));
        let open = args(&["--listen", "0.0.0.0:8787"]);
        let err = Config::from_args(open, key()).unwrap_err();
        assert!(err.contains("needs --public-origin"), "{err}");
        let named = args(&[
            "--listen",
            "0.0.0.0:8787",
            "--public-origin",
            "HTTPS://Bank.example:443",
            "--public-origin",
            "http://10.0.0.5:8787",
        ]);
        let config = Config::from_args(named, key()).unwrap();
        assert_eq!(
            config.public_origins,
            ["https://bank.example", "http://10.0.0.5:8787"]
        );
        for bad in [
            "bank.example",
            "https://bank.example/",
            "https://bank.example/path",
            "https://user@bank.example",
            "ftp://bank.example",
            "https://bank.example:0",
            "https://bank.example:99999",
            "https://",
            "https://[::1",
        ] {
            let given = args(&["--public-origin", bad]);
            assert!(Config::from_args(given, key()).is_err(), "{bad}");
        }
        // Loopback needs none; the default is then the loopback names.
        assert!(Config::from_args(args(&[]), key())
            .unwrap()
            .public_origins
            .is_empty());

        let demo = ["--demo", "--listen", "0.0.0.0:8787"];
        let err = Config::from_args(
            args(&[&demo[..], &["--public-origin", "http://demo.example:8787"]].concat()),
            None,
        )
        .unwrap_err();
        assert!(err.contains("--demo-public"), "{err}");
        let public = [
            &demo[..],
            &[
                "--public-origin",
                "http://demo.example:8787",
                "--demo-public",
            ],
        ]
        .concat();
        assert!(Config::from_args(args(&public), None).unwrap().demo);
        assert!(Config::from_args(args(&["--demo"]), None).is_ok());
    }
}
