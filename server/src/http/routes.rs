//! The route table: the one [`ROUTES`] list, each route's handler, and the router built from it
//! with its layers.

use super::bank::{
    authenticate, confirm, exchange, health, login, login_code, logout, ready, register, session,
    stop, stop_lost,
};
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

async fn api_not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound)
}
