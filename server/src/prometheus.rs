//! Prometheus metrics: the process-wide recorder, the metrics' names and what they count, and the
//! `GET /metrics` router served on `--metrics-listen` (never on the public address).
//!
//! The recorder is `metrics-exporter-prometheus`'s, installed once per process ([`handle`]) without
//! the exporter's own HTTP listener: the server's second listener serves [`router`]. Until it is
//! installed every recording is a no-op, so a server without `--metrics-listen` pays nothing.
//!
//! | metric | type | labels | counts |
//! | --- | --- | --- | --- |
//! | [`REQUESTS`] | counter | `method`, `route`, `status` | every answer |
//! | [`REQUEST_SECONDS`] | histogram | `method`, `route`, `status` | time to answer |
//! | [`LOGIN_REFUSALS`] | counter | `route`, `code` | problem answers of ログイン and its code step |
//! | [`LOCK_REFUSALS`] | counter | `code` | answers refused because something is locked |
//! | [`RATE_LIMITED`] | counter | `route` | `429 rate_limited` answers |
//! | [`DATABASE_ERRORS`] | counter | `kind` | `busy` (a race lost twice), `unavailable`, `internal` |
//! | [`DESK_ACTIONS`] | counter | `kind` | the bank's desk actions, through [`desk_action`] |
//!
//! `route` is the matched route template (`/api/v1/login`, `/api/{*rest}`, `fallback` for the
//! app's static files), never the raw path: label values stay a bounded set.

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use metrics::{counter, describe_counter, describe_histogram, histogram, Unit};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use shinkin_otp_domain::errors::BankError;
use shinkin_otp_domain::wire::{paths, ErrorCode};
use std::sync::OnceLock;
use std::time::Duration;

/// Requests answered.
pub const REQUESTS: &str = "shinkin_otp_http_requests_total";
/// Seconds from the request's arrival to its answer's head.
pub const REQUEST_SECONDS: &str = "shinkin_otp_http_request_duration_seconds";
/// Problem answers of `POST /api/v1/login` and `POST /api/v1/login/code`, by problem code.
pub const LOGIN_REFUSALS: &str = "shinkin_otp_login_refusals_total";
/// Answers whose problem code says something is locked (`login_locked`, `token_locked`,
/// `new_token_locked`, `card_locked`) — the answer that locks and every later one.
pub const LOCK_REFUSALS: &str = "shinkin_otp_lock_refusals_total";
/// `429 rate_limited` answers.
pub const RATE_LIMITED: &str = "shinkin_otp_rate_limited_total";
/// Requests the database could not serve: `busy` (a race lost twice), `unavailable` (unreachable,
/// read-only, full: `503`) and `internal` (`500`).
pub const DATABASE_ERRORS: &str = "shinkin_otp_database_errors_total";
/// The bank's desk actions (unlocks, re-issues…), by kind.
pub const DESK_ACTIONS: &str = "shinkin_otp_desk_actions_total";

/// The latency histogram's buckets, in seconds (argon2id alone takes tens of milliseconds).
const SECONDS_BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process's recorder, installed on first call (once: many servers in one process share it).
pub fn handle() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(REQUEST_SECONDS.into()), &SECONDS_BUCKETS)
            .expect("the buckets are not empty");
        let handle = match builder.install_recorder() {
            Ok(handle) => handle,
            Err(e) => {
                // Another recorder was installed first: ours renders, but records nothing.
                tracing::warn!(error = %e, "the metrics recorder could not be installed");
                PrometheusBuilder::new().build_recorder().handle()
            }
        };
        describe();
        handle
    })
}

fn describe() {
    describe_counter!(
        REQUESTS,
        "Requests answered, by method, route template and status"
    );
    describe_histogram!(
        REQUEST_SECONDS,
        Unit::Seconds,
        "Time to answer, by method, route template and status"
    );
    describe_counter!(
        LOGIN_REFUSALS,
        "Problem answers of login and its code step, by problem code"
    );
    describe_counter!(
        LOCK_REFUSALS,
        "Answers refused because a login, token, new-token registration or card is locked"
    );
    describe_counter!(RATE_LIMITED, "429 rate_limited answers, by route template");
    describe_counter!(
        DATABASE_ERRORS,
        "Requests the database could not serve: busy, unavailable or internal"
    );
    describe_counter!(DESK_ACTIONS, "The bank's desk actions, by kind");
}

/// `GET /metrics` in the Prometheus text format (installs the recorder if it is not yet).
pub fn router() -> Router {
    handle();
    Router::new().route("/metrics", get(metrics))
}

async fn metrics() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        handle().render(),
    )
}

/// Drains histogram samples every five seconds even when nobody scrapes, so memory stays bounded
/// (the exporter leaves this to its caller without its own listener).
pub fn spawn_upkeep() -> tokio::task::JoinHandle<()> {
    let handle = handle();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(5));
        loop {
            every.tick().await;
            handle.run_upkeep();
        }
    })
}

/// Counts one answer: `method` and `route` (a template) as labels, with `status`, `code` (the
/// problem code, if any) and `latency`.
pub(crate) fn answered(
    method: &'static str,
    route: &str,
    status: u16,
    code: Option<ErrorCode>,
    latency: Duration,
) {
    let route = route.to_owned();
    let status = status.to_string();
    counter!(REQUESTS, "method" => method, "route" => route.clone(), "status" => status.clone())
        .increment(1);
    histogram!(REQUEST_SECONDS, "method" => method, "route" => route.clone(), "status" => status)
        .record(latency.as_secs_f64());
    let Some(code) = code else { return };
    if route == paths::LOGIN || route == paths::LOGIN_CODE {
        counter!(LOGIN_REFUSALS, "route" => route.clone(), "code" => code.name()).increment(1);
    }
    if matches!(
        code,
        ErrorCode::Bank(
            BankError::LoginLocked
                | BankError::TokenLocked
                | BankError::NewTokenLocked
                | BankError::CardLocked
        )
    ) {
        counter!(LOCK_REFUSALS, "code" => code.name()).increment(1);
    }
    if code == ErrorCode::RateLimited {
        counter!(RATE_LIMITED, "route" => route).increment(1);
    }
}

/// Counts a request the database could not serve (`kind`: `busy`, `unavailable`, `internal`).
pub(crate) fn database_error(kind: &'static str) {
    counter!(DATABASE_ERRORS, "kind" => kind).increment(1);
}

/// Counts one of the bank's desk actions (`kind`: a short fixed word such as `unlock`, never an
/// ID — label values must stay a small set).
///
/// The desk subcommands run in a process of their own, whose counts no scrape reaches: a
/// subcommand calling this only counts in the serving process if it runs there (or if the server
/// later derives the counts from the audit trail and records them here).
pub fn desk_action(kind: &str) {
    counter!(DESK_ACTIONS, "kind" => kind.to_owned()).increment(1);
}
