//! The request checks and response headers every request passes through: the server's names,
//! same origin, JSON content type, the test hooks' delay, security and cache headers.

use super::{AppState, Hosts, HttpConfig};
use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use shinkin_otp_domain::wire::{self, ErrorCode};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

/// `Strict-Transport-Security` on every answer with an `https://` public origin: a year, this host
/// only. Not `includeSubDomains`: the server cannot know that every other host of the bank's domain
/// speaks HTTPS (a proxy that knows may add it); not `preload`, which is the bank's own decision.
pub const HSTS: &str = "max-age=31536000";

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// The first check of every request, static files included: its `Host` must be one of the
/// server's names ([`Hosts`]), else `421` (problem+json `misdirected_request` under `/api`). And
/// with an `https://` public origin, every answer carries [`HSTS`].
pub(super) async fn public_host(
    State(config): State<Arc<HttpConfig>>,
    request: Request,
    next: Next,
) -> Response {
    // HTTP/2 names the host in the URI (`:authority`) instead.
    let host = match request.headers().get(header::HOST) {
        Some(value) => value.to_str().ok(),
        None => request.uri().authority().map(|a| a.as_str()),
    };
    let mut response = if host.is_some_and(|h| config.hosts.accepts_host(h)) {
        next.run(request).await
    } else if is_api(request.uri().path()) {
        ApiError::new(ErrorCode::MisdirectedRequest).into_response()
    } else {
        (
            StatusCode::MISDIRECTED_REQUEST,
            "Misdirected request: this server does not answer to that host name.\n",
        )
            .into_response()
    };
    if config.https {
        response.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    response
}

/// Whether the request comes from this site (one of its public origins) or the one allowed
/// origin. Requests without `Origin` and `Sec-Fetch-Site` are not from a browser page, so
/// cross-site forgery does not apply.
pub(super) fn same_origin(headers: &HeaderMap, hosts: &Hosts, allow_origin: Option<&str>) -> bool {
    let origin = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok());
    let allowed = origin.is_some_and(|o| allow_origin.is_some_and(|a| a.eq_ignore_ascii_case(o)));
    if let Some(o) = origin {
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
        if !(allowed || hosts.accepts_origin(o, host)) {
            return false;
        }
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        None | Some("same-origin") | Some("none") => true,
        Some(_) => allowed,
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case(wire::JSON))
}

pub(super) async fn checks_and_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let api = is_api(request.uri().path());
    let hashed = !api && is_hashed_file(request.uri().path());
    let mut response = if !api {
        next.run(request).await
    } else if !same_origin(
        request.headers(),
        &state.config.hosts,
        state.config.allow_origin.as_deref(),
    ) {
        ApiError::new(ErrorCode::ForbiddenOrigin).into_response()
    } else if request.method() == Method::POST && !is_json(request.headers()) {
        ApiError::new(ErrorCode::UnsupportedMediaType).into_response()
    } else {
        if let Some(hooks) = &state.test_hooks {
            let delay = hooks.delay_ms.load(Ordering::SeqCst);
            if delay > 0 && !request.uri().path().starts_with("/api/v1/test/") {
                tokio::time::sleep(Duration::from_millis(delay)).await;
            }
        }
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    headers.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    if api {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        );
    } else {
        if let Ok(csp) = HeaderValue::from_str(&state.config.csp) {
            headers.insert(header::CONTENT_SECURITY_POLICY, csp);
        }
        // trunk's content-hashed files never change under their name: kept a year, not
        // revalidated. Everything else (the pages, the SPA fallback, a hashed name that is not
        // there) is revalidated on each use, through its ETag or Last-Modified.
        let status = response.status();
        let keep = hashed && (status.is_success() || status == StatusCode::NOT_MODIFIED);
        let headers = response.headers_mut();
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(match keep {
                true => IMMUTABLE,
                false => "no-cache",
            }),
        );
        // ServeDir sends Vary with the files, not with its 304s.
        if state.config.static_dir.is_some() && !headers.contains_key(header::VARY) {
            headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
    }
    response
}

/// `Cache-Control` of trunk's content-hashed files.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Whether `path` names one of trunk's content-hashed files: `NAME-<hash>.EXT` or
/// `NAME-<hash>_bg.wasm` (e.g. `shinkin-otp-0123456789abcdef_bg.wasm`, `main-0123456789abcdef.css`).
/// trunk writes the hash, a `u64`, in lowercase hex without leading zeros: 16 digits, or fewer
/// when it starts with zeros (15 in one build of 16). 13 to 16 are taken; a shorter one (one build
/// in 65,536) is revalidated like a page, which costs a `304`, never a stale file.
pub(super) fn is_hashed_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.match_indices('-').any(|(i, _)| {
        let rest = &name[i + 1..];
        let digits = rest
            .bytes()
            .take_while(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            .count();
        (13..=16).contains(&digits)
            && (rest[digits..].starts_with('.') || rest[digits..].starts_with("_bg."))
    })
}
