//! The operator's subcommands of `shinkin-otp-server` (as privacyIDEA's `pi-manage`): onboarding
//! (`hash-password`, `customers import`, `tokens import`) and the bank's desk (`desk show | unlock |
//! stop | history`). Each opens the bank's database with its key, runs one transaction, and prints
//! what it did for a person, or as JSON with `--json`; bad input exits 2 with a clear message.

use crate::audit::Recorded;
use crate::config::{self, Args};
use crate::crypto::{PasswordCost, Passwords, Sealer};
use crate::db::Db;
use crate::desk::{Customer, DeskError};
use crate::onboard::{self, Existing};
use crate::pskc::{self, Protection};
use crate::service::Service;
use crate::setup::{self, Mode};
use clap::{Args as ClapArgs, Subcommand};
use serde::Serialize;
use shinkin_otp_domain::date::JstDateTime;
use shinkin_otp_domain::desk::Lock;
use shinkin_otp_domain::input::{self, ContractId};
use shinkin_otp_domain::{Clock, SystemClock};
use std::fmt;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;
use std::sync::Arc;
use zeroize::Zeroizing;

/// An operator subcommand.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read one password from standard input and print its argon2id PHC string, for the
    /// password_hash column of `customers import`.
    HashPassword,
    /// Onboard the bank's customers.
    #[command(subcommand)]
    Customers(CustomersCommand),
    /// Load a token vendor's seed file.
    #[command(subcommand)]
    Tokens(TokensCommand),
    /// The bank's desk: a customer's standing, locks, the bank's own stop, history.
    #[command(subcommand)]
    Desk(DeskCommand),
}

/// `customers …`.
#[derive(Debug, Subcommand)]
pub enum CustomersCommand {
    /// Import customers from a CSV file with the header contract_id,name,password_hash,card_row
    /// (one transaction: one bad row and nothing is imported).
    Import {
        /// The CSV file (UTF-8).
        file: PathBuf,
        /// Replace the name, password hash and card of contracts already on file (otherwise they
        /// are refused).
        #[arg(long)]
        update: bool,
        #[command(flatten)]
        who: Who,
    },
}

/// `tokens …`.
#[derive(Debug, Subcommand)]
pub enum TokensCommand {
    /// Import a vendor's PSKC (RFC 6030) file of TOTP tokens: 6 digits, 30 s, SHA-1 (one
    /// transaction per file).
    Import {
        /// The PSKC file.
        #[arg(long, value_name = "FILE")]
        pskc: PathBuf,
        /// The pre-shared key the vendor protected the file with (hex).
        #[arg(long, value_name = "FILE", conflicts_with = "password_file")]
        psk_file: Option<PathBuf>,
        /// The password the vendor protected the file with (PBKDF2), on the file's first line.
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
        #[command(flatten)]
        who: Who,
    },
}

/// `desk …`: each needs `--operator`.
#[derive(Debug, Subcommand)]
pub enum DeskCommand {
    /// The customer's token (masked), login choice, every lock and counter, a pending loss report.
    Show {
        /// 契約者ID (11 digits).
        contract_id: String,
        #[command(flatten)]
        who: Operator,
    },
    /// Lift one lock, once the bank has identified the customer by another channel.
    Unlock {
        /// 契約者ID (11 digits).
        contract_id: String,
        #[command(flatten)]
        lock: LockChoice,
        #[command(flatten)]
        who: Operator,
    },
    /// The bank's own step: stop a suspended (reported lost) or locked token. An active token is
    /// refused: the customer stops it with 利用中止.
    Stop {
        /// 契約者ID (11 digits).
        contract_id: String,
        #[command(flatten)]
        who: Operator,
    },
    /// The customer's audit events, newest first.
    History {
        /// 契約者ID (11 digits).
        contract_id: String,
        /// How many events.
        #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=10_000))]
        limit: u32,
        #[command(flatten)]
        who: Operator,
    },
}

/// Which lock `desk unlock` lifts: exactly one.
#[derive(Debug, ClapArgs)]
#[group(required = true, multiple = false)]
pub struct LockChoice {
    /// Wrong passwords (ログイン and 利用者認証).
    #[arg(long)]
    password: bool,
    /// Wrong card answers (確認用パスワード入力).
    #[arg(long)]
    card: bool,
    /// Failed new-token registrations (利用開始, 交換).
    #[arg(long)]
    new_token: bool,
}

impl LockChoice {
    fn lock(&self) -> Lock {
        match (self.password, self.card) {
            (true, _) => Lock::Password,
            (_, true) => Lock::Card,
            _ => Lock::NewToken,
        }
    }
}

/// A desk command's operator (required) and output format.
#[derive(Debug, ClapArgs)]
pub struct Operator {
    /// Who acts: recorded in the audit trail with the action.
    #[arg(long, value_name = "NAME")]
    operator: OperatorName,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// An import's operator (optional: the login name otherwise) and output format.
#[derive(Debug, ClapArgs)]
pub struct Who {
    /// Who imports: recorded in the audit trail (default: $USER).
    #[arg(long, value_name = "NAME")]
    operator: Option<OperatorName>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// An operator's name as the audit trail records it: 1–64 printable characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorName(String);

impl FromStr for OperatorName {
    type Err = String;
    /// 1–64 characters, none a control or invisible one (no terminal escapes, bidi overrides or
    /// zero-width characters in the trail or in `desk history`'s output).
    fn from_str(raw: &str) -> Result<OperatorName, String> {
        let name = raw.trim();
        let bad = |c: char| c.is_control() || input::is_invisible(c);
        if name.is_empty() || name.chars().count() > 64 || name.chars().any(bad) {
            return Err("an operator name is 1–64 printable characters".into());
        }
        Ok(OperatorName(name.to_owned()))
    }
}

/// How a subcommand failed.
#[derive(Debug)]
pub enum Failure {
    /// The input (a file, an ID, a lock) is wrong, or the bank's rules refuse: exit 2.
    Input(String),
    /// The database or the system failed: exit 1.
    System(String),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Input(m) | Failure::System(m) => f.write_str(m),
        }
    }
}

impl From<DeskError> for Failure {
    fn from(e: DeskError) -> Failure {
        match e {
            DeskError::Service(_) => Failure::System(e.to_string()),
            _ => Failure::Input(e.to_string()),
        }
    }
}

/// Runs `command` with the database and key of `args`; prints its result, or its error on stderr.
pub async fn run(command: Command, args: &Args) -> ExitCode {
    match execute(command, args, Arc::new(SystemClock)).await {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(failure) => {
            eprintln!("shinkin-otp-server: {failure}");
            match failure {
                Failure::Input(_) => ExitCode::from(2),
                Failure::System(_) => ExitCode::FAILURE,
            }
        }
    }
}

/// Runs `command` at `clock`'s time and returns what it prints.
pub async fn execute(
    command: Command,
    args: &Args,
    clock: Arc<dyn Clock>,
) -> Result<String, Failure> {
    let passwords = || Passwords::new(PasswordCost::Recommended);
    match command {
        Command::HashPassword => {
            let mut line = Zeroizing::new(String::new());
            std::io::stdin()
                .read_to_string(&mut line)
                .map_err(|e| Failure::Input(format!("cannot read standard input: {e}")))?;
            let password = line.strip_suffix('\n').unwrap_or(&line);
            let password = password.strip_suffix('\r').unwrap_or(password);
            hash_password(password, &passwords()).map(|phc| format!("{phc}\n"))
        }
        Command::Customers(CustomersCommand::Import { file, update, who }) => {
            let text = read_text(&file)?;
            let passwords = passwords();
            let customers = onboard::read_customers(&text, &passwords).map_err(|e| {
                Failure::Input(format!("{}: {e} (nothing was imported)", file.display()))
            })?;
            let service = open(args, clock, Opening::MayCreate).await?;
            let existing = if update {
                Existing::Update
            } else {
                Existing::Refuse
            };
            let done = onboard::import_customers(
                &service.db,
                &service.sealer,
                &customers,
                existing,
                &who.name(),
                service.clock.now(),
            )
            .await
            .map_err(|e| import_failure(&file, e))?;
            Ok(output(who.json, &done, || {
                format!(
                    "imported {} new customers and updated {} from {}\n",
                    done.added,
                    done.updated,
                    file.display()
                )
            }))
        }
        Command::Tokens(TokensCommand::Import {
            pskc: file,
            psk_file,
            password_file,
            who,
        }) => {
            let protection = match (psk_file, password_file) {
                (Some(path), _) => Protection::PreSharedKey(
                    pskc::read_key_file(&Zeroizing::new(read_text(&path)?))
                        .map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?,
                ),
                (_, Some(path)) => Protection::Password(
                    pskc::read_password_file(&Zeroizing::new(read_text(&path)?))
                        .map_err(|e| Failure::Input(format!("{}: {e}", path.display())))?,
                ),
                (None, None) => Protection::None,
            };
            // A plain file's text holds the seeds themselves.
            let text = Zeroizing::new(read_text(&file)?);
            let tokens = pskc::read(&text, &protection).map_err(|e| {
                Failure::Input(format!("{}: {e} (nothing was imported)", file.display()))
            })?;
            let service = open(args, clock, Opening::MayCreate).await?;
            let count = onboard::import_tokens(
                &service.db,
                &service.sealer,
                tokens.iter().map(|t| (&t.serial, t.seed.as_slice())),
                &who.name(),
                service.clock.now(),
            )
            .await
            .map_err(|e| import_failure(&file, e))?;
            #[derive(Serialize)]
            struct Report<'a> {
                imported: usize,
                serials: Vec<&'a str>,
            }
            let report = Report {
                imported: count,
                serials: tokens.iter().map(|t| t.serial.as_str()).collect(),
            };
            Ok(output(who.json, &report, || {
                format!(
                    "imported {count} tokens from {}: {}\n",
                    file.display(),
                    report.serials.join(" ")
                )
            }))
        }
        Command::Desk(desk) => run_desk(desk, args, clock).await,
    }
}

async fn run_desk(
    desk: DeskCommand,
    args: &Args,
    clock: Arc<dyn Clock>,
) -> Result<String, Failure> {
    let (raw_id, who) = match &desk {
        DeskCommand::Show { contract_id, who }
        | DeskCommand::Unlock {
            contract_id, who, ..
        }
        | DeskCommand::Stop { contract_id, who }
        | DeskCommand::History {
            contract_id, who, ..
        } => (contract_id, who),
    };
    let id = contract_id(raw_id)?;
    let operator = who.operator.0.as_str();
    let service = open(args, clock, Opening::Existing).await?;
    match &desk {
        DeskCommand::Show { .. } => {
            let customer = service.desk_show(&id, operator).await?;
            Ok(output(who.json, &customer, || show_text(&customer)))
        }
        DeskCommand::Unlock { lock, .. } => {
            let lock = lock.lock();
            let counted = service.desk_unlock(&id, lock, operator).await?;
            #[derive(Serialize)]
            struct Report {
                unlocked: Lock,
                failures_cleared: u32,
            }
            let report = Report {
                unlocked: lock,
                failures_cleared: counted,
            };
            Ok(output(who.json, &report, || {
                format!(
                    "{id}: the {} lock is lifted ({counted} failures cleared)\n",
                    lock.name().replace('_', "-")
                )
            }))
        }
        DeskCommand::Stop { .. } => {
            let serial = service.desk_stop(&id, operator).await?;
            #[derive(Serialize)]
            struct Report {
                stopped: String,
            }
            let report = Report {
                stopped: serial.masked(),
            };
            Ok(output(who.json, &report, || {
                format!(
                    "{id}: token {} stopped; the customer may start again with 利用開始\n",
                    report.stopped
                )
            }))
        }
        DeskCommand::History { limit, .. } => {
            let events = service.desk_history(&id, operator, *limit).await?;
            Ok(output(who.json, &events, || history_text(&id, &events)))
        }
    }
}

/// The PHC string of `password`, which must pass the screens' password rule (6–12 letters and
/// digits), or the customer could never type it.
pub fn hash_password(password: &str, passwords: &Passwords) -> Result<String, Failure> {
    input::password(password).map_err(|_| {
        Failure::Input(
            "a password is 6–12 half-width letters and digits (read from standard input)".into(),
        )
    })?;
    Ok(passwords.hash(password))
}

fn contract_id(raw: &str) -> Result<ContractId, Failure> {
    input::contract_id(raw)
        .map_err(|_| Failure::Input(format!("{raw:?} is not a contract ID (11 digits)")))
}

fn read_text(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| {
        Failure::Input(match e.kind() {
            std::io::ErrorKind::InvalidData => format!(
                "{} is not UTF-8 text: save it as UTF-8 (in Excel: \"CSV UTF-8\"), not Shift_JIS",
                path.display()
            ),
            _ => format!("cannot read {}: {e}", path.display()),
        })
    })
}

/// An import that wrote nothing: the file's fault (exit 2) or the database's (exit 1).
fn import_failure(file: &Path, e: onboard::ImportError) -> Failure {
    let message = format!("{}: {e} (nothing was imported)", file.display());
    match e.fault {
        onboard::Fault::File => Failure::Input(message),
        onboard::Fault::Database => Failure::System(message),
    }
}

/// Whether a subcommand may start a new bank's database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opening {
    /// Onboarding: a new database becomes the bank's, sealed with the key given.
    MayCreate,
    /// The desk: only a bank's database that exists (a mistyped URL is an error, not a new file).
    Existing,
}

/// The bank's database, checked against the key (a bank's database only: never the demo's).
async fn open(args: &Args, clock: Arc<dyn Clock>, opening: Opening) -> Result<Service, Failure> {
    let key = config::given_key(
        args.key_file.as_deref(),
        std::env::var(config::KEY_ENV).ok(),
    )
    .map_err(Failure::Input)?;
    let sealer = Sealer::new(&key);
    let url = &args.database_url;
    if let (Opening::Existing, Some(rest)) = (opening, url.strip_prefix("sqlite://")) {
        let path = rest.split('?').next().unwrap_or(rest);
        if !Path::new(path).exists() {
            return Err(Failure::Input(format!(
                "no database at {path} (check --database-url or DATABASE_URL)"
            )));
        }
    }
    let db = Db::connect(url)
        .await
        .map_err(|e| Failure::System(format!("database: {e}")))?;
    let refused = |e: setup::SetupError| {
        match e {
        setup::SetupError::Db(e) => Failure::System(format!("database: {e}")),
        setup::SetupError::WrongMode { found: Mode::Demo } => Failure::Input(
            "this database holds demo data: the operator's subcommands work on a bank's database only"
                .into(),
        ),
        other => Failure::Input(other.to_string()),
    }
    };
    if opening == Opening::Existing && setup::mode(&db).await.map_err(refused)?.is_none() {
        return Err(Failure::Input(
            "this database holds no bank yet: import its customers first (customers import)".into(),
        ));
    }
    setup::check(&db, &sealer, Mode::Bank)
        .await
        .map_err(refused)?;
    Ok(Service {
        db,
        sealer,
        passwords: Passwords::new(PasswordCost::Recommended),
        clock,
    })
}

impl Who {
    fn name(&self) -> String {
        match &self.operator {
            Some(OperatorName(name)) => name.clone(),
            None => std::env::var("USER")
                .ok()
                .and_then(|user| user.parse::<OperatorName>().ok())
                .map_or_else(|| "unknown".into(), |OperatorName(name)| name),
        }
    }
}

fn output<T: Serialize>(json: bool, value: &T, text: impl FnOnce() -> String) -> String {
    if json {
        let mut out = serde_json::to_string_pretty(value).expect("the report serialises");
        out.push('\n');
        out
    } else {
        text()
    }
}

fn jst(at: u64) -> String {
    let t = JstDateTime::from_unix(at);
    format!(
        "{}-{:02}-{:02} {:02}:{:02} JST",
        t.year, t.month, t.day, t.hour, t.minute
    )
}

fn show_text(c: &Customer) -> String {
    let s = &c.standing;
    let yes_no = |b: bool| if b { "LOCKED" } else { "not locked" };
    let token = match (&s.serial_masked, s.login_otp) {
        (Some(serial), Some(login)) => format!(
            "{serial}, login asks for a code: {}",
            if login == shinkin_otp_domain::ledger::LoginOtp::Required {
                "yes"
            } else {
                "no"
            }
        ),
        _ => "none".into(),
    };
    let loss = if s.loss_reported {
        "reported lost: the token is suspended until `desk stop`"
    } else {
        "none"
    };
    format!(
        "contract      {}  {}\n\
         token         {token}\n\
         loss report   {loss}\n\
         password      {} wrong, {}\n\
         card          {} wrong, {}\n\
         new token     {} failed, {}\n\
         token codes   {} wrong, {}\n",
        c.contract_id,
        c.name,
        s.password_failures,
        yes_no(s.password_locked),
        s.card_failures,
        yes_no(s.card_locked),
        s.new_token_failures,
        yes_no(s.new_token_locked),
        s.token_failures,
        yes_no(s.token_locked),
    )
}

fn history_text(id: &ContractId, events: &[Recorded]) -> String {
    if events.is_empty() {
        return format!("{id}: no events\n");
    }
    let mut out = String::new();
    for e in events {
        let by = match (&e.client, &e.operator) {
            (_, Some(op)) => format!("operator {op}"),
            (Some(client), None) => format!("client {client}"),
            (None, None) => String::new(),
        };
        out.push_str(&format!(
            "{}  {:<18} {:<22} {:<13} {by}\n",
            jst(e.at),
            e.kind.name(),
            e.outcome,
            e.serial_masked.as_deref().unwrap_or("-"),
        ));
    }
    out
}
