//! The HTTP face of the server: the one [`ROUTES`] list the router is built from, the handlers, the
//! request checks (same origin, JSON content type, body size), cookies, security headers, and the
//! customer app's static files with their Content-Security-Policy.

use crate::clock::OffsetClock;
use crate::crypto::CookieSecret;
use crate::demo;
use crate::error::ApiError;
use crate::limits::RateLimiter;
use crate::observe::{self, LoggedContract};
use crate::service::{Outcome, Service, ServiceError};
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post, MethodRouter};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use shinkin_otp_domain::errors::BankError;
use shinkin_otp_domain::input::ContractId;
use shinkin_otp_domain::wire::{self, paths, ErrorCode};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};

/// Largest request body accepted (the largest real one, 交換's, is about 200 bytes).
pub const BODY_LIMIT: usize = 8 * 1024;

/// The browser-binding cookie: flows are bound to the browser that opened them.
pub const BINDING_COOKIE: &str = "otp_bind";
/// The session cookie.
pub const SESSION_COOKIE: &str = "otp_session";
/// [`BINDING_COOKIE`] with an `https://` public origin: `__Host-` makes the browser keep it only
/// if it was set `Secure`, from a secure origin, with `Path=/` and no `Domain` — so no sibling
/// host and no plain-HTTP answer can plant or shadow it.
pub const HOST_BINDING_COOKIE: &str = "__Host-otp_bind";
/// [`SESSION_COOKIE`] with an `https://` public origin (see [`HOST_BINDING_COOKIE`]).
pub const HOST_SESSION_COOKIE: &str = "__Host-otp_session";
/// `Strict-Transport-Security` on every answer with an `https://` public origin: a year, this host
/// only. Not `includeSubDomains`: the server cannot know that every other host of the bank's domain
/// speaks HTTPS (a proxy that knows may add it); not `preload`, which is the bank's own decision.
pub const HSTS: &str = "max-age=31536000";

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Always.
    Public,
    /// Only with `--demo` (otherwise 404 not_found).
    Demo,
    /// Only with `--test-hooks` (otherwise 404 not_found).
    TestHooks,
}

/// One endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The path.
    pub path: &'static str,
    /// Who may call it.
    pub access: Access,
}

const fn route(method: &'static str, path: &'static str, access: Access) -> Route {
    Route {
        method,
        path,
        access,
    }
}

/// Test-only paths (`--test-hooks`).
pub mod test_paths {
    /// Moves the server's clock.
    pub const CLOCK: &str = "/api/v1/test/clock";
    /// Delays every API answer.
    pub const DELAY: &str = "/api/v1/test/delay";
}

/// Every endpoint, in the order `docs/api.md` lists them: the router is built from this list and a
/// test compares it with the document's endpoint table.
pub const ROUTES: [Route; 18] = [
    route("POST", paths::LOGIN, Access::Public),
    route("POST", paths::LOGIN_CODE, Access::Public),
    route("GET", paths::SESSION, Access::Public),
    route("POST", paths::LOGOUT, Access::Public),
    route("POST", paths::AUTHENTICATE, Access::Public),
    route("POST", paths::REGISTER, Access::Public),
    route("POST", paths::EXCHANGE, Access::Public),
    route("POST", paths::STOP, Access::Public),
    route("POST", paths::STOP_LOST, Access::Public),
    route("POST", paths::CONFIRM, Access::Public),
    route("GET", paths::HEALTH, Access::Public),
    route("GET", paths::READY, Access::Public),
    route("POST", paths::DEMO_TOKENS, Access::Demo),
    route("POST", paths::DEMO_STOP_BY_BANK, Access::Demo),
    route("POST", paths::DEMO_RESET, Access::Demo),
    route("GET", paths::DEMO_BACK_OFFICE, Access::Demo),
    route("POST", test_paths::CLOCK, Access::TestHooks),
    route("POST", test_paths::DELAY, Access::TestHooks),
];

/// The handler of `route`.
fn handler(route: &Route) -> MethodRouter<AppState> {
    let method_router = match route.path {
        paths::LOGIN => post(login),
        paths::LOGIN_CODE => post(login_code),
        paths::SESSION => get(session),
        paths::LOGOUT => post(logout),
        paths::AUTHENTICATE => post(authenticate),
        paths::REGISTER => post(register),
        paths::EXCHANGE => post(exchange),
        paths::STOP => post(stop),
        paths::STOP_LOST => post(stop_lost),
        paths::CONFIRM => post(confirm),
        paths::HEALTH => get(health),
        paths::READY => get(ready),
        paths::DEMO_TOKENS => post(demo_issue_token),
        paths::DEMO_STOP_BY_BANK => post(demo_stop_by_bank),
        paths::DEMO_RESET => post(demo_reset),
        paths::DEMO_BACK_OFFICE => get(demo_back_office),
        test_paths::CLOCK => post(test_clock),
        test_paths::DELAY => post(test_delay),
        other => unreachable!("ROUTES lists {other} but no handler is bound to it"),
    };
    let allow = route.method;
    method_router.fallback(move || async move {
        let mut response = ApiError::new(ErrorCode::MethodNotAllowed).into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static(allow));
        response
    })
}

/// The names the server answers to: a request's `Host` must be one of them (else `421`), and its
/// `Origin`, if sent, one of their origins (or `--allow-origin`). So a page whose own name was
/// re-pointed at the server (DNS rebinding) is refused, although its `Origin` matches its `Host`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hosts {
    /// No `--public-origin` (a server on loopback): `127.0.0.1`, `localhost` and `[::1]`, on any
    /// port — the one the browser connected to: the listen port (unknown before binding with
    /// `--listen 127.0.0.1:0`) or a local proxy's (the tests' fault gate). No rebinding page can
    /// send these names. `Origin` must then be `http://` or `https://` and the request's `Host`.
    Loopback,
    /// `--public-origin`: `Host` must be one of theirs (`host[:port]`, the default port written
    /// or not), `Origin` one of them.
    Public {
        /// The origins, normalised (`config::origin`).
        origins: Vec<String>,
        /// Every `Host` value they allow, lower case.
        hosts: Vec<String>,
    },
}

impl Hosts {
    /// The rule for `public_origins` (normalised by `config::origin`; empty: [`Hosts::Loopback`]).
    pub fn new(public_origins: &[String]) -> Hosts {
        if public_origins.is_empty() {
            return Hosts::Loopback;
        }
        let mut hosts = Vec::new();
        for origin in public_origins {
            let Some((scheme, authority)) = origin.split_once("://") else {
                continue;
            };
            hosts.push(authority.to_ascii_lowercase());
            // Normalised origins never name the default port; a proxy may still send it.
            let has_port = authority
                .rsplit_once(':')
                .is_some_and(|(_, p)| !p.ends_with(']'));
            if !has_port {
                let port = if scheme == "https" { 443 } else { 80 };
                hosts.push(format!("{}:{port}", authority.to_ascii_lowercase()));
            }
        }
        Hosts::Public {
            origins: public_origins.to_vec(),
            hosts,
        }
    }

    /// Whether some public origin is `https://` (then: `Secure`, `__Host-` cookies, HSTS).
    pub fn https(&self) -> bool {
        match self {
            Hosts::Loopback => false,
            Hosts::Public { origins, .. } => origins.iter().any(|o| o.starts_with("https://")),
        }
    }

    /// Whether a request whose `Host` is `host` is meant for this server.
    pub fn accepts_host(&self, host: &str) -> bool {
        match self {
            Hosts::Loopback => is_loopback_host(host),
            Hosts::Public { hosts, .. } => hosts.iter().any(|h| h.eq_ignore_ascii_case(host)),
        }
    }

    /// Whether `origin` is this server's own, for a request whose `Host` is `host`.
    fn accepts_origin(&self, origin: &str, host: Option<&str>) -> bool {
        match self {
            Hosts::Loopback => {
                let authority = origin
                    .strip_prefix("http://")
                    .or_else(|| origin.strip_prefix("https://"));
                host.is_some_and(|h| {
                    is_loopback_host(h) && authority.is_some_and(|a| a.eq_ignore_ascii_case(h))
                })
            }
            Hosts::Public { origins, .. } => origins.iter().any(|o| o.eq_ignore_ascii_case(origin)),
        }
    }
}

/// `127.0.0.1`, `localhost` or `[::1]`, with a port or without.
fn is_loopback_host(host: &str) -> bool {
    let name_end = match host.starts_with('[') {
        true => host.find(']').map_or(host.len(), |i| i + 1),
        false => host.find(':').unwrap_or(host.len()),
    };
    let (name, port) = host.split_at(name_end);
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    port_ok
        && ["127.0.0.1", "localhost", "[::1]"]
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name))
}

/// What the HTTP layer needs to know besides the bank.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Whether cookies carry `Secure` (with an `https://` public origin, and everywhere but a
    /// loopback listen address).
    pub secure_cookies: bool,
    /// The names the server answers to.
    pub hosts: Hosts,
    /// An `https://` public origin: `__Host-` cookies with `Path=/`, and HSTS on every answer.
    pub https: bool,
    /// The one other origin allowed to call the API (the browser-test runner's), with CORS.
    pub allow_origin: Option<String>,
    /// `--demo`: the demo endpoints answer.
    pub demo: bool,
    /// The customer app's files, if served.
    pub static_dir: Option<PathBuf>,
    /// The CSP sent with the app's files.
    pub csp: String,
}

impl HttpConfig {
    /// The binding cookie's name: `__Host-` prefixed with an `https://` public origin.
    pub fn binding_cookie(&self) -> &'static str {
        match self.https {
            true => HOST_BINDING_COOKIE,
            false => BINDING_COOKIE,
        }
    }

    /// The session cookie's name: `__Host-` prefixed with an `https://` public origin.
    pub fn session_cookie(&self) -> &'static str {
        match self.https {
            true => HOST_SESSION_COOKIE,
            false => SESSION_COOKIE,
        }
    }
}

/// Test hooks (`--test-hooks`): a movable clock and a delay for every API answer.
#[derive(Debug, Default)]
pub struct TestHooks {
    /// The server's clock, as the hooks move it.
    pub clock: Arc<OffsetClock>,
    /// Milliseconds to wait before answering any API request.
    pub delay_ms: AtomicU64,
}

/// Everything a handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The bank.
    pub service: Service,
    /// The rate limits.
    pub limiter: RateLimiter,
    /// HTTP settings.
    pub config: Arc<HttpConfig>,
    /// Present only with `--test-hooks`.
    pub test_hooks: Option<Arc<TestHooks>>,
}

/// The application: the API from [`ROUTES`], request checks, headers, static files.
pub fn router(state: AppState) -> Router {
    let config = state.config.clone();
    let mut app = Router::new();
    for r in ROUTES {
        let enabled = match r.access {
            Access::Public => true,
            Access::Demo => state.config.demo,
            Access::TestHooks => state.test_hooks.is_some(),
        };
        if enabled {
            app = app.route(r.path, handler(&r));
        }
    }
    // Unknown API paths answer in problem+json; anything else is the app's (or nothing).
    app = app
        .route("/api", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found));
    app = match &state.config.static_dir {
        Some(dir) => app.route("/favicon.ico", get(favicon)).fallback_service(
            // The `.br`/`.gz` copies beside each file (scripts/compress.mjs), chosen by the
            // request's Accept-Encoding (`Vary: accept-encoding`); `ETag` (the sent file's length
            // and modification time) and `Last-Modified`, answered `304`. Cache-Control:
            // [`checks_and_headers`].
            ServeDir::new(dir)
                .precompressed_br()
                .precompressed_gzip()
                .not_found_service(
                    ServeFile::new(dir.join("404.html"))
                        .precompressed_br()
                        .precompressed_gzip(),
                ),
        ),
        None => app.fallback(no_static),
    };
    let cors = state.config.allow_origin.as_ref().map(|origin| {
        // A list, not an exact value: the header is then sent only to that origin.
        let origin = HeaderValue::from_str(origin).expect("checked at start-up");
        CorsLayer::new()
            .allow_origin(AllowOrigin::list([origin]))
            .allow_credentials(true)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::CONTENT_TYPE])
            // Not a CORS-safelisted response header: without this the page cannot read the wait.
            .expose_headers([header::RETRY_AFTER])
    });
    let app = app
        .layer(middleware::from_fn_with_state(
            state.clone(),
            checks_and_headers,
        ))
        .with_state(state);
    let app = match cors {
        Some(cors) => app.layer(cors),
        None => app,
    };
    // Outside CORS: a preflight to a wrong name is refused too, and HSTS is on every answer.
    let app = app.layer(middleware::from_fn_with_state(config, public_host));
    // One log line per request (method, path, status, latency, client, problem code, contract
    // ID: never headers, so no cookies, nor bodies or query strings), and its metrics.
    app.layer(middleware::from_fn(observe::observe))
}

// ── request checks and response headers ─────────────────────────────────────────────────────

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// The first check of every request, static files included: its `Host` must be one of the
/// server's names ([`Hosts`]), else `421` (problem+json `misdirected_request` under `/api`). And
/// with an `https://` public origin, every answer carries [`HSTS`].
async fn public_host(
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
fn same_origin(headers: &HeaderMap, hosts: &Hosts, allow_origin: Option<&str>) -> bool {
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

async fn checks_and_headers(
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
fn is_hashed_file(path: &str) -> bool {
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

/// `/favicon.ico`: the bundle's own if it has one; else `204`, not the 404 page (the pages link
/// their icon, an SVG, so browsers do not ask; other clients get no error).
async fn favicon(State(state): State<AppState>, request: Request) -> Response {
    let file = state
        .config
        .static_dir
        .as_ref()
        .map(|dir| dir.join("favicon.ico"));
    match file {
        Some(file) if tokio::fs::metadata(&file).await.is_ok_and(|m| m.is_file()) => {
            match tower::ServiceExt::oneshot(ServeFile::new(file), request).await {
                Ok(response) => response.into_response(),
                Err(never) => match never {},
            }
        }
        _ => StatusCode::NO_CONTENT.into_response(),
    }
}

async fn api_not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound)
}

async fn no_static() -> (StatusCode, &'static str) {
    (
        StatusCode::NOT_FOUND,
        "Not found. This server was started without --static, so it serves the API only.\n",
    )
}

// ── extractors ──────────────────────────────────────────────────────────────────────────────

/// A JSON body of type `T`: at most [`BODY_LIMIT`] bytes, parsed (and so validated) by serde.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, _: &S) -> Result<Self, ApiError> {
        let bytes = axum::body::to_bytes(request.into_body(), BODY_LIMIT)
            .await
            .map_err(|e| {
                // The body's deadline (`--body-timeout`) passed, or the client went away; the
                // connection is closed after this answer.
                if is_timeout(&e) {
                    ApiError::with_detail(
                        ErrorCode::InvalidRequest,
                        "the body did not arrive within the time allowed",
                    )
                } else {
                    ApiError::new(ErrorCode::PayloadTooLarge)
                }
            })?;
        serde_json::from_slice(&bytes).map(JsonBody).map_err(|e| {
            // Where, not what: serde's message could quote a value the customer typed.
            let what = match e.classify() {
                serde_json::error::Category::Data => {
                    "a field is missing, unknown or breaks its input rule"
                }
                _ => "the body is not a JSON object",
            };
            ApiError::with_detail(
                ErrorCode::InvalidRequest,
                format!("{what} (line {}, column {})", e.line(), e.column()),
            )
        })
    }
}

/// Whether reading a body failed on its deadline.
fn is_timeout(e: &axum::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if c.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        cause = c.source();
    }
    false
}

/// The client's address: the connection's peer (`None` when the server was not started with
/// connection info, as in tests through the router). Behind a reverse proxy this is the proxy.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|info| info.0.ip()),
        ))
    }
}

/// The cookies this server sets, as the request brought them back.
#[derive(Debug, Default)]
pub struct Cookies {
    binding: Option<CookieSecret>,
    session: Option<CookieSecret>,
}

impl FromRequestParts<AppState> for Cookies {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        // Only this configuration's names: with `__Host-` names, an unprefixed cookie (which a
        // sibling host or a plain-HTTP answer could have planted) is not read.
        let (binding, session) = (state.config.binding_cookie(), state.config.session_cookie());
        let mut cookies = Cookies::default();
        for header in parts.headers.get_all(header::COOKIE) {
            let Ok(text) = header.to_str() else { continue };
            for pair in text.split(';') {
                let Some((name, value)) = pair.trim().split_once('=') else {
                    continue;
                };
                if name == binding {
                    cookies.binding = CookieSecret::parse(value);
                } else if name == session {
                    cookies.session = CookieSecret::parse(value);
                }
            }
        }
        Ok(cookies)
    }
}

/// `Set-Cookie` for one of this server's cookies (`None`: delete it): `Path=/api`, or `Path=/`
/// (which `__Host-` requires) with an `https://` public origin.
fn set_cookie(name: &str, value: Option<&CookieSecret>, config: &HttpConfig) -> HeaderValue {
    let secure = if config.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let path = if config.https { "/" } else { "/api" };
    let text = match value {
        Some(v) => format!(
            "{name}={}; Path={path}; HttpOnly; SameSite=Strict{secure}",
            v.value()
        ),
        None => format!("{name}=; Path={path}; HttpOnly; SameSite=Strict; Max-Age=0{secure}"),
    };
    HeaderValue::from_str(&text).expect("cookie values are hex")
}

/// An answer: the body (or the bank's refusal) with the cookies to set, and the contract ID it is
/// about for the request's log line (see [`LoggedContract`]).
struct Reply {
    cookies: Vec<HeaderValue>,
    contract: Option<ContractId>,
}

impl Reply {
    fn new() -> Reply {
        Reply {
            cookies: Vec::new(),
            contract: None,
        }
    }

    /// Names `id` in the request's log line.
    fn contract(mut self, id: &ContractId) -> Reply {
        self.contract = Some(id.clone());
        self
    }

    /// Names the contract the service found the call to concern (a flow step's handler knows
    /// only the flow).
    fn contract_of<T>(self, outcome: &Outcome<T>) -> Reply {
        match &outcome.contract_id {
            Some(id) => self.contract(id),
            None => self,
        }
    }

    fn cookie(mut self, name: &str, value: Option<&CookieSecret>, state: &AppState) -> Reply {
        self.cookies.push(set_cookie(name, value, &state.config));
        self
    }

    fn send<T: Serialize>(self, result: Result<T, BankError>) -> Response {
        // A refusal's code reaches the request's log line through the response (crate::observe).
        let mut response = match result {
            Ok(body) => Json(body).into_response(),
            Err(e) => ApiError::from(e).into_response(),
        };
        for c in self.cookies {
            response.headers_mut().append(header::SET_COOKIE, c);
        }
        if let Some(id) = self.contract {
            response.extensions_mut().insert(LoggedContract(id));
        }
        response
    }
}

/// The binding cookie the request brought, or a new one (then also set on the answer).
fn binding(cookies: &Cookies, state: &AppState) -> (CookieSecret, Reply) {
    match &cookies.binding {
        Some(b) => (b.clone(), Reply::new()),
        None => {
            let b = CookieSecret::random();
            let reply = Reply::new().cookie(state.config.binding_cookie(), Some(&b), state);
            (b, reply)
        }
    }
}

fn with_session<T>(reply: Reply, outcome: &Outcome<T>, state: &AppState) -> Reply {
    match &outcome.session {
        Some(s) => reply.cookie(state.config.session_cookie(), Some(s), state),
        None => reply,
    }
}

// ── the bank's endpoints ────────────────────────────────────────────────────────────────────

async fn login(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    cookies: Cookies,
    JsonBody(req): JsonBody<wire::LoginRequest>,
) -> (LoggedContract, Result<Response, ApiError>) {
    let answer = async {
        // Before the password check: a refused request costs no argon2 and counts no failure.
        state.limiter.check(address, Some(&req.contract_id)).await?;
        let (bind, reply) = binding(&cookies, &state);
        let outcome = state
            .service
            .login(
                &req.contract_id,
                req.password.expose(),
                &bind,
                cookies.session.as_ref(),
                address,
            )
            .await?;
        let reply = with_session(reply, &outcome, &state);
        Ok(reply.send(outcome.result.map(wire::LoginResponse::from)))
    };
    // Every answer names the ID, the 429 and 503 ones included.
    let answer = answer.await;
    (LoggedContract(req.contract_id), answer)
}

async fn login_code(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    cookies: Cookies,
    JsonBody(req): JsonBody<wire::LoginCodeRequest>,
) -> Result<Response, ApiError> {
    state.limiter.check(address, None).await?;
    let outcome = state
        .service
        .login_code(
            &req.flow,
            &req.code,
            cookies.binding.as_ref(),
            cookies.session.as_ref(),
            address,
        )
        .await?;
    let reply = with_session(Reply::new().contract_of(&outcome), &outcome, &state);
    Ok(reply.send(outcome.result.map(wire::Session::from)))
}

async fn session(State(state): State<AppState>, cookies: Cookies) -> Result<Response, ApiError> {
    let found = match &cookies.session {
        Some(secret) => state.service.session(secret).await?,
        None => None,
    };
    Ok(match found {
        Some(s) => (
            LoggedContract(s.contract_id.clone()),
            Json(wire::Session::from(s)),
        )
            .into_response(),
        None => {
            let mut response = ApiError::new(ErrorCode::SessionInvalid).into_response();
            if cookies.session.is_some() {
                let clear = set_cookie(state.config.session_cookie(), None, &state.config);
                response.headers_mut().append(header::SET_COOKIE, clear);
            }
            response
        }
    })
}

/// A body that must be the empty object `{}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Empty {}

async fn logout(
    State(state): State<AppState>,
    cookies: Cookies,
    JsonBody(Empty {}): JsonBody<Empty>,
) -> Result<Response, ApiError> {
    if let Some(secret) = &cookies.session {
        state.service.logout(secret).await?;
    }
    let reply = Reply::new().cookie(state.config.session_cookie(), None, &state);
    Ok(reply.send(Ok::<_, BankError>(wire::Status::ok())))
}

async fn authenticate(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    cookies: Cookies,
    JsonBody(req): JsonBody<wire::AuthenticateRequest>,
) -> (LoggedContract, Result<Response, ApiError>) {
    let answer = async {
        // Before the password check: a refused request costs no argon2 and counts no failure.
        state.limiter.check(address, Some(&req.contract_id)).await?;
        let (bind, reply) = binding(&cookies, &state);
        let outcome = state
            .service
            .authenticate(
                req.procedure.into(),
                &req.contract_id,
                req.password.expose(),
                &bind,
                address,
            )
            .await?;
        Ok(reply.send(outcome.result.map(wire::AuthenticateResponse::from)))
    };
    // Every answer names the ID, the 429 and 503 ones included.
    let answer = answer.await;
    (LoggedContract(req.contract_id), answer)
}

async fn register(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    cookies: Cookies,
    JsonBody(req): JsonBody<wire::RegisterRequest>,
) -> Result<Response, ApiError> {
    state.limiter.check(address, None).await?;
    let outcome = state
        .service
        .register_token(
            &req.flow,
            &req.token.into(),
            cookies.binding.as_ref(),
            address,
        )
        .await?;
    Ok(Reply::new()
        .contract_of(&outcome)
        .send(outcome.result.map(wire::Challenge::from)))
}

async fn exchange(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    cookies: Cookies,
    JsonBody(req): JsonBody<wire::ExchangeRequest>,
) -> Result<Response, ApiError> {
    state.limiter.check(address, None).await?;
    let outcome = state
        .service
        .exchange_token(
            &req.flow,
            &req.replacement(),
            cookies.binding.as_ref(),
            address,
        )
        .await?;
    Ok(Reply::new()
        .contract_of(&outcome)
        .send(outcome.result.map(wire::Challenge::from)))
}

async fn stop(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    cookies: Cookies,
    JsonBody(req): JsonBody<wire::StopRequest>,
) -> Result<Response, ApiError> {
    state.limiter.check(address, None).await?;
    let outcome = state
        .service
        .stop_with_code(&req.flow, &req.code, cookies.binding.as_ref(), address)
        .await?;
    Ok(Reply::new()
        .contract_of(&outcome)
        .send(outcome.result.map(wire::Challenge::from)))
}

async fn stop_lost(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    cookies: Cookies,
    JsonBody(req): JsonBody<wire::FlowRequest>,
) -> Result<Response, ApiError> {
    state.limiter.check(address, None).await?;
    let outcome = state
        .service
        .report_lost(&req.flow, cookies.binding.as_ref(), address)
        .await?;
    Ok(Reply::new()
        .contract_of(&outcome)
        .send(outcome.result.map(wire::Challenge::from)))
}

async fn confirm(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    cookies: Cookies,
    JsonBody(req): JsonBody<wire::ConfirmRequest>,
) -> Result<Response, ApiError> {
    state.limiter.check(address, None).await?;
    let outcome = state
        .service
        .confirm_card(&req.flow, req.answers, cookies.binding.as_ref(), address)
        .await?;
    Ok(Reply::new()
        .contract_of(&outcome)
        .send(outcome.result.map(wire::Receipt::from)))
}

async fn health() -> Json<wire::Status> {
    Json(wire::Status::ok())
}

/// How long readiness waits for the database.
pub const READY_TIMEOUT: Duration = Duration::from_secs(1);

/// Readiness: `200` when the database answers `SELECT 1` within [`READY_TIMEOUT`], else `503 busy`
/// with `Retry-After` (liveness is [`paths::HEALTH`], which never touches the database).
async fn ready(State(state): State<AppState>) -> Result<Json<wire::Status>, ApiError> {
    let pool = &state.service.db.pool;
    let answer = tokio::time::timeout(READY_TIMEOUT, sqlx::query("SELECT 1").execute(pool)).await;
    match answer {
        Ok(Ok(_)) => Ok(Json(wire::Status::ok())),
        // Whatever the failure, the answer is "not now": 503 with Retry-After.
        Ok(Err(e)) => Err(ServiceError::Unavailable(Box::new(e)).into()),
        Err(_) => Err(ServiceError::Unavailable("readiness: no answer within 1 s".into()).into()),
    }
}

// ── demo endpoints (--demo) ─────────────────────────────────────────────────────────────────

async fn demo_issue_token(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<wire::IssueTokenRequest>,
) -> Result<Json<wire::IssuedToken>, ApiError> {
    let s = &state.service;
    let token = demo::issue(&s.db, &s.sealer, req.model.into(), s.clock.as_ref()).await?;
    Ok(Json(wire::IssuedToken::from(&token)))
}

async fn demo_stop_by_bank(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<wire::StopByBankRequest>,
) -> Result<Json<wire::StopByBankResponse>, ApiError> {
    use crate::desk::DeskError;
    use shinkin_otp_domain::desk::Refusal;
    let stopped = match state.service.stop_by_bank(&req.contract_id).await {
        Ok(serial) => Some(serial),
        // Nothing to stop: answered as before, `{"stopped": null}`.
        Err(DeskError::UnknownCustomer | DeskError::Refused(Refusal::NoToken)) => None,
        Err(DeskError::Refused(Refusal::TokenActive)) => {
            return Err(ApiError::new(ErrorCode::TokenActive))
        }
        Err(DeskError::Refused(other)) => {
            return Err(ServiceError::Internal(
                format!("the desk's stop answered {other:?}").into(),
            )
            .into())
        }
        Err(DeskError::Service(e)) => return Err(e.into()),
    };
    Ok(Json(wire::StopByBankResponse { stopped }))
}

async fn demo_reset(
    State(state): State<AppState>,
    JsonBody(Empty {}): JsonBody<Empty>,
) -> Result<Json<wire::Status>, ApiError> {
    let s = &state.service;
    demo::seed(&s.db, &s.sealer, &s.passwords, s.clock.as_ref()).await?;
    Ok(Json(wire::Status::ok()))
}

async fn demo_back_office(
    State(state): State<AppState>,
) -> Result<Json<wire::BackOfficeView>, ApiError> {
    let s = &state.service;
    let office = demo::back_office(&s.db, &s.sealer).await?;
    Ok(Json(wire::BackOfficeView::from(&office)))
}

// ── test hooks (--test-hooks) ───────────────────────────────────────────────────────────────

/// `POST /api/v1/test/clock`: moves the server's clock.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockRequest {
    /// Seconds to move the clock (negative: back).
    pub advance: i64,
}

/// The server's clock after a move.
#[derive(Debug, Serialize, Deserialize)]
pub struct ClockResponse {
    /// Unix seconds.
    pub now: u64,
}

/// `POST /api/v1/test/delay`: how long every later API answer waits.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DelayRequest {
    /// Milliseconds (0: no delay).
    pub millis: u64,
}

fn hooks(state: &AppState) -> Result<&TestHooks, ApiError> {
    state
        .test_hooks
        .as_deref()
        .ok_or(ApiError::new(ErrorCode::NotFound))
}

async fn test_clock(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<ClockRequest>,
) -> Result<Json<ClockResponse>, ApiError> {
    let hooks = hooks(&state)?;
    hooks.clock.advance(req.advance);
    Ok(Json(ClockResponse {
        now: state.service.clock.now(),
    }))
}

async fn test_delay(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<DelayRequest>,
) -> Result<Json<wire::Status>, ApiError> {
    hooks(&state)?.delay_ms.store(req.millis, Ordering::SeqCst);
    Ok(Json(wire::Status::ok()))
}

// ── the app's CSP ───────────────────────────────────────────────────────────────────────────

/// The policy sent with the app's files when its `index.html` carries none.
pub const DEFAULT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The CSP header for the app's files: the policy of the bundle's own `<meta>` (it carries the
/// hash of trunk's inline loader, computed at build time), plus `frame-ancestors 'none'`, which a
/// `<meta>` cannot express, and `connect-src 'self'` if the meta names no `connect-src`.
pub fn csp_for(index_html: Option<&str>) -> String {
    let meta = index_html.and_then(|html| {
        let start = html.find("http-equiv=\"Content-Security-Policy\"")?;
        let rest = &html[start..];
        let content = rest.find("content=\"")? + "content=\"".len();
        let end = rest[content..].find('"')?;
        Some(rest[content..content + end].to_owned())
    });
    let Some(policy) = meta else {
        return DEFAULT_CSP.to_owned();
    };
    let mut directives: Vec<String> = policy
        .split(';')
        .map(|d| d.trim().to_owned())
        .filter(|d| !d.is_empty() && !d.starts_with("frame-ancestors"))
        .collect();
    if !directives.iter().any(|d| d.starts_with("connect-src")) {
        directives.push("connect-src 'self'".into());
    }
    directives.push("frame-ancestors 'none'".into());
    directives.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunks_hashed_file_names_are_told_from_the_others() {
        for hashed in [
            "/shinkin-otp-0123456789abcdef_bg.wasm",
            "/shinkin-otp-0123456789abcdef.js",
            "/sub/main-fedcba9876543210.css",
            "/favicon-fef039f9c01872b4.svg",
            // trunk drops the hash's leading zeros.
            "/shinkin-otp-38ea6951d4243e4_bg.wasm",
            "/shinkin-otp-38ea6951d4243e4.js",
        ] {
            assert!(is_hashed_file(hashed), "{hashed}");
        }
        for plain in [
            "/",
            "/index.html",
            "/404.html",
            "/favicon.ico",
            "/shinkin-otp.js",
            "/main-0123456789ABCDEF.css",
            "/main-0123456789ab.css",
            "/main-0123456789abcdef0.css",
            "/main-0123456789abcdef",
            "/0123456789abcdef-main.css",
            "/main-0123456789abcdef_x.css",
        ] {
            assert!(!is_hashed_file(plain), "{plain}");
        }
    }

    #[test]
    fn the_csp_header_keeps_the_bundles_policy_and_forbids_framing() {
        let html = r#"<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'sha256-abc'">"#;
        let csp = csp_for(Some(html));
        assert!(csp.contains("script-src 'self' 'sha256-abc'"));
        assert!(csp.contains("connect-src 'self'"));
        assert!(csp.ends_with("frame-ancestors 'none'"));
        assert_eq!(csp_for(None), DEFAULT_CSP);
        assert_eq!(csp_for(Some("<html></html>")), DEFAULT_CSP);
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.insert(*k, HeaderValue::from_static(v));
        }
        m
    }

    #[test]
    fn same_origin_accepts_this_host_and_the_allowed_origin_only() {
        let h = headers;
        let loopback = &Hosts::Loopback;
        let host = ("host", "127.0.0.1:8787");
        assert!(same_origin(&h(&[host]), loopback, None));
        assert!(same_origin(
            &h(&[
                host,
                ("origin", "http://127.0.0.1:8787"),
                ("sec-fetch-site", "same-origin")
            ]),
            loopback,
            None
        ));
        assert!(!same_origin(
            &h(&[host, ("origin", "http://evil.example")]),
            loopback,
            None
        ));
        // A rebinding page's Origin matches its Host, but the name is not the server's.
        assert!(!same_origin(
            &h(&[
                ("host", "evil.example:8787"),
                ("origin", "http://evil.example:8787")
            ]),
            loopback,
            None
        ));
        assert!(!same_origin(
            &h(&[host, ("sec-fetch-site", "cross-site")]),
            loopback,
            None
        ));
        assert!(!same_origin(
            &h(&[host, ("sec-fetch-site", "same-site")]),
            loopback,
            None
        ));
        let runner = Some("http://127.0.0.1:9000");
        assert!(same_origin(
            &h(&[
                host,
                ("origin", "http://127.0.0.1:9000"),
                ("sec-fetch-site", "same-site")
            ]),
            loopback,
            runner
        ));
        assert!(!same_origin(
            &h(&[
                host,
                ("origin", "http://127.0.0.1:9001"),
                ("sec-fetch-site", "same-site")
            ]),
            loopback,
            runner
        ));
    }

    #[test]
    fn public_origins_name_the_hosts_and_origins_accepted() {
        let bank = Hosts::new(&["https://bank.example".to_owned()]);
        assert!(bank.https());
        assert!(bank.accepts_host("bank.example"));
        assert!(bank.accepts_host("BANK.example:443"));
        assert!(!bank.accepts_host("bank.example:8443"));
        assert!(!bank.accepts_host("127.0.0.1:8787"));
        assert!(!bank.accepts_host("evil.example"));
        let from = |origin: &'static str| {
            headers(&[
                ("host", "bank.example"),
                ("origin", origin),
                ("sec-fetch-site", "same-origin"),
            ])
        };
        assert!(same_origin(&from("https://bank.example"), &bank, None));
        assert!(!same_origin(&from("http://bank.example"), &bank, None));
        assert!(!same_origin(&from("https://evil.example"), &bank, None));
        let loopback = Hosts::new(&[]);
        assert_eq!(loopback, Hosts::Loopback);
        assert!(!loopback.https());
        for host in [
            "127.0.0.1:8787",
            "localhost:47871",
            "[::1]:8787",
            "localhost",
        ] {
            assert!(loopback.accepts_host(host), "{host}");
        }
        for host in [
            "evil.example:8787",
            "127.0.0.2:8787",
            "localhost.evil.example",
            "[::1]x",
        ] {
            assert!(!loopback.accepts_host(host), "{host}");
        }
        let v6 = Hosts::new(&[
            "http://[::1]:8787".to_owned(),
            "http://[fe80::1]".to_owned(),
        ]);
        assert!(v6.accepts_host("[::1]:8787"));
        assert!(v6.accepts_host("[fe80::1]:80"));
        assert!(!v6.https());
    }
}
