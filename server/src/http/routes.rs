//! The route table: the one [`routes`] list (the customer's calls from the domain's list of
//! operations), each route's handler, and the router built from it with its layers.

use super::bank::{health, logout, operation, ready, session};
use super::checks::{checks_and_headers, public_host};
use super::demo::{demo_back_office, demo_issue_token, demo_reset, demo_stop_by_bank};
use super::hooks::{test_clock, test_delay};
use super::statics::{favicon, no_static};
use super::AppState;
use crate::error::ApiError;
use crate::observe;
use axum::http::{header, HeaderValue, Method};
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::{any, get, post, MethodRouter};
use axum::Router;
use shinkin_otp_domain::operation::{each, Operation, Visitor};
use shinkin_otp_domain::wire::{paths, ErrorCode};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::{ServeDir, ServeFile};

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

/// One endpoint, and how its handler is bound.
#[derive(Clone, Copy)]
pub struct Route {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// The path.
    pub path: &'static str,
    /// Who may call it.
    pub access: Access,
    /// Its handler, bound to the method (the fallback answers any other method).
    bind: fn() -> MethodRouter<AppState>,
}

impl std::fmt::Debug for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} ({:?})", self.method, self.path, self.access)
    }
}

/// Test-only paths (`--test-hooks`).
pub mod test_paths {
    /// Moves the server's clock.
    pub const CLOCK: &str = "/api/v1/test/clock";
    /// Delays every API answer.
    pub const DELAY: &str = "/api/v1/test/delay";
}

/// Collects a route per [`Operation`]: `POST` to its path, public, the generic handler.
struct OperationRoutes(Vec<Route>);

impl Visitor for OperationRoutes {
    fn visit<O: Operation>(&mut self) {
        self.0.push(Route {
            method: "POST",
            path: O::PATH,
            access: Access::Public,
            bind: || post(operation::<O>),
        });
    }
}

/// Every endpoint, in the order `docs/api.md` lists them: the customer's calls from the domain's
/// one list of operations ([`each`]), then the session, health and the demo's and tests' own. The
/// router is built from this list and a test compares it with the document's endpoint table.
pub fn routes() -> Vec<Route> {
    let mut ops = OperationRoutes(Vec::new());
    each(&mut ops);
    let route = |method, path, access, bind| Route {
        method,
        path,
        access,
        bind,
    };
    use Access::{Demo, Public, TestHooks};
    let others: [Route; 10] = [
        route("GET", paths::SESSION, Public, || get(session)),
        route("POST", paths::LOGOUT, Public, || post(logout)),
        route("GET", paths::HEALTH, Public, || get(health)),
        route("GET", paths::READY, Public, || get(ready)),
        route("POST", paths::DEMO_TOKENS, Demo, || post(demo_issue_token)),
        route("POST", paths::DEMO_STOP_BY_BANK, Demo, || {
            post(demo_stop_by_bank)
        }),
        route("POST", paths::DEMO_RESET, Demo, || post(demo_reset)),
        route("GET", paths::DEMO_BACK_OFFICE, Demo, || {
            get(demo_back_office)
        }),
        route("POST", test_paths::CLOCK, TestHooks, || post(test_clock)),
        route("POST", test_paths::DELAY, TestHooks, || post(test_delay)),
    ];
    ops.0.into_iter().chain(others).collect()
}

/// The handler of `route`, answering any other method `405` with `Allow`.
fn handler(route: &Route) -> MethodRouter<AppState> {
    let allow = route.method;
    (route.bind)().fallback(move || async move {
        let mut response = ApiError::new(ErrorCode::MethodNotAllowed).into_response();
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static(allow));
        response
    })
}

/// The application: the API from [`routes`], request checks, headers, static files.
pub fn router(state: AppState) -> Router {
    let config = state.config.clone();
    let mut app = Router::new();
    for r in routes() {
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

async fn api_not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound)
}
