//! The bank's endpoints: ログイン, the session, 利用者認証, each flow step, health and readiness.

use super::cookies::{set_cookie, Cookies};
use super::extract::{ClientAddress, Empty, JsonBody};
use super::reply::{binding, with_session, Reply};
use super::AppState;
use crate::error::ApiError;
use crate::observe::LoggedContract;
use crate::service::ServiceError;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use shinkin_otp_domain::errors::BankError;
use shinkin_otp_domain::wire::{self, ErrorCode};
use std::time::Duration;

pub(super) async fn login(
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

pub(super) async fn login_code(
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

pub(super) async fn session(
    State(state): State<AppState>,
    cookies: Cookies,
) -> Result<Response, ApiError> {
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

pub(super) async fn logout(
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

pub(super) async fn authenticate(
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

pub(super) async fn register(
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

pub(super) async fn exchange(
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

pub(super) async fn stop(
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

pub(super) async fn stop_lost(
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

pub(super) async fn confirm(
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

pub(super) async fn health() -> Json<wire::Status> {
    Json(wire::Status::ok())
}

/// How long readiness waits for the database.
pub const READY_TIMEOUT: Duration = Duration::from_secs(1);

/// Readiness: `200` when the database answers `SELECT 1` within [`READY_TIMEOUT`], else `503 busy`
/// with `Retry-After` (liveness is [`paths::HEALTH`](wire::paths::HEALTH), which never touches
/// the database).
pub(super) async fn ready(State(state): State<AppState>) -> Result<Json<wire::Status>, ApiError> {
    let pool = &state.service.db.pool;
    let answer = tokio::time::timeout(READY_TIMEOUT, sqlx::query("SELECT 1").execute(pool)).await;
    match answer {
        Ok(Ok(_)) => Ok(Json(wire::Status::ok())),
        // Whatever the failure, the answer is "not now": 503 with Retry-After.
        Ok(Err(e)) => Err(ServiceError::Unavailable(Box::new(e)).into()),
        Err(_) => Err(ServiceError::Unavailable("readiness: no answer within 1 s".into()).into()),
    }
}
