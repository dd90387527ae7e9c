//! The `shinkin-otp-server` command: parses the command line, sets up logging, and serves.

use clap::Parser;
use shinkin_otp_server::config::{Args, Config, KEY_ENV};
use shinkin_otp_server::crypto::{hex, Sealer};
use shinkin_otp_server::observe;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let mut args = Args::parse();
    // The operator's subcommands print their own results (and their errors on stderr); the
    // request log is the server's.
    if let Some(command) = args.command.take() {
        return shinkin_otp_server::cli::run(command, &args).await;
    }
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn".into());
    let colour = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let subscriber = observe::subscriber(args.log_format, filter, std::io::stdout, colour);
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");
    if args.generate_key {
        println!("{}", hex(&Sealer::random_key()));
        return ExitCode::SUCCESS;
    }
    let config = match Config::from_args(args, std::env::var(KEY_ENV).ok()) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("shinkin-otp-server: {message}");
            return ExitCode::from(2);
        }
    };
    match shinkin_otp_server::serve(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("shinkin-otp-server: {e}");
            ExitCode::FAILURE
        }
    }
}
