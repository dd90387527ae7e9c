//! Watching each request: one log line per answer (and its metrics), and the log's format.
//!
//! [`observe`] wraps the whole application and, once the answer is ready, logs one `info` line —
//! `method`, `path` (never the query string), `status`, `latency_ms`, `client` (the TCP peer, when
//! the server runs with connection info), `code` (the problem code of a problem+json answer) and
//! `contract` (the contract ID, when the answer names one) — and counts it in [`crate::prometheus`].
//! Nothing typed reaches the line: no body, no query string, no header (so no cookie).
//!
//! The problem code comes from the [`ErrorCode`] that [`crate::error::ApiError`] puts in its
//! response's extensions; the contract ID from a [`LoggedContract`] a handler puts there.

use axum::extract::{ConnectInfo, MatchedPath, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponseParts, Response, ResponseParts};
use shinkin_otp_domain::input::ContractId;
use shinkin_otp_domain::wire::ErrorCode;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Instant;
use tracing::Subscriber;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::EnvFilter;

/// The contract ID an answer is about, for the request's log line: a handler that knows it puts
/// it in the response's extensions (return it as the first element of a tuple, or through the
/// handler's `Reply`), and [`observe`] logs it as `contract`.
///
/// Handlers whose body names the ID (ログイン, 利用者認証) set it for every answer, refusals and
/// `429`/`503` included; an answer about a session sets the session's. The flow steps learn the ID
/// only inside the service: once `Outcome` carries it, the handler passes it to `Reply::contract`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedContract(pub ContractId);

impl IntoResponseParts for LoggedContract {
    type Error = Infallible;

    fn into_response_parts(self, mut res: ResponseParts) -> Result<ResponseParts, Infallible> {
        res.extensions_mut().insert(self);
        Ok(res)
    }
}

/// How log lines are written (`--log-format`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines with `key=value` fields.
    #[default]
    Text,
    /// One JSON object per line, the fields at its top level, for log shippers.
    Json,
}

/// The subscriber writing `format` lines at the levels `filter` lets through to `writer` (`main`
/// gives stdout; tests a buffer), text in colour only if `colour` (a terminal).
pub fn subscriber<W>(
    format: LogFormat,
    filter: EnvFilter,
    writer: W,
    colour: bool,
) -> Box<dyn Subscriber + Send + Sync>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(colour && format == LogFormat::Text);
    match format {
        LogFormat::Text => Box::new(builder.finish()),
        LogFormat::Json => Box::new(
            builder
                .json()
                .flatten_event(true)
                .with_current_span(false)
                .with_span_list(false)
                .finish(),
        ),
    }
}

/// A method as a label: the standard ones by name, anything else `other` (a client may send any
/// token there, and label values must stay a small set).
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        _ => "other",
    }
}

/// The middleware: logs and counts each answer (see the module's documentation).
pub async fn observe(request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = method_label(request.method());
    // The path only: a query string could carry anything a client put there.
    let path = request.uri().path().to_owned();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "fallback".to_owned(), |m| m.as_str().to_owned());
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0);
    let response = next.run(request).await;
    let latency = start.elapsed();
    let status = response.status().as_u16();
    let code = response.extensions().get::<ErrorCode>().copied();
    let contract = response.extensions().get::<LoggedContract>();
    // (`display` is the tracing macros' own.)
    tracing::info!(
        method = %method,
        path = %path,
        status,
        latency_ms = latency.as_micros() as f64 / 1000.0,
        client = client.map(display),
        code = code.map(|c| display(c.name())),
        contract = contract.map(|c| display(c.0.as_str())),
        "answered"
    );
    crate::prometheus::answered(method, &route, status, code, latency);
    response
}
