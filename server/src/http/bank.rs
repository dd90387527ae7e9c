//! The bank's endpoints: every customer's call through one generic handler, the session and
//! ログアウト, ご利用履歴, health and readiness.

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
use shinkin_otp_domain::bank::Session;
use shinkin_otp_domain::errors::BankError;
use shinkin_otp_domain::operation::{Operation, Subject};
use shinkin_otp_domain::wire::{self, ErrorCode};
use std::time::Duration;

/// Every customer's call ([`Operation`]): the rate limit, then the service's one step, then the
/// answer with the cookies it sets. A call with an ID and password gets a binding cookie if the
/// browser has none (the flow it may open is bound to it); a flow step brings the browser's.
pub(super) async fn operation<O: Operation>(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    cookies: Cookies,
    JsonBody(op): JsonBody<O>,
) -> (Option<LoggedContract>, Result<Response, ApiError>) {
    let typed = match op.subject() {
        Subject::Credentials { contract_id, .. } => Some(contract_id.clone()),
        Subject::Flow(_) => None,
    };
    let answer = async {
        // Before the password check: a refused request costs no argon2 and counts no failure.
        state.limiter.check(address, typed.as_ref()).await?;
        let (bind, reply) = match &typed {
            Some(_) => {
                let (bind, reply) = binding(&cookies, &state);
                (Some(bind), reply)
            }
            None => (cookies.binding.clone(), Reply::new()),
        };
        let outcome = state
            .service
            .step(&op, bind.as_ref(), cookies.session.as_ref(), address)
            .await?;
        let reply = with_session(reply.contract_of(&outcome), &outcome, &state);
        let mut answer = outcome.result;
        if let Some(slot) = answer.as_mut().ok().and_then(O::history_slot) {
            *slot = outcome.history;
        }
        Ok(reply.send(answer))
    };
    // Every answer to a call naming an ID names it, the 429 and 503 ones included.
    let answer = answer.await;
    (typed.map(LoggedContract), answer)
}

/// The live session the browser's cookie names (touched: its idle time counts from now), if any.
async fn live_session(
    state: &AppState,
    cookies: &Cookies,
) -> Result<Option<Session>, ServiceError> {
    match &cookies.session {
        Some(secret) => state.service.session(secret).await,
        None => Ok(None),
    }
}

pub(super) async fn session(
    State(state): State<AppState>,
    cookies: Cookies,
) -> Result<Response, ApiError> {
    let found = live_session(&state, &cookies).await?;
    Ok(match found {
        Some(s) => (LoggedContract(s.contract_id.clone()), Json(s)).into_response(),
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

/// ご利用履歴 of the session's customer: its own contract's events only (the session names it; the
/// request names nothing), each as the domain's history rule shows it.
pub(super) async fn history(
    State(state): State<AppState>,
    cookies: Cookies,
) -> Result<Response, ApiError> {
    let found = live_session(&state, &cookies).await?;
    let session = found.ok_or(ApiError::new(ErrorCode::SessionInvalid))?;
    let events = crate::audit::customer_history(&state.service.db, &session.contract_id)
        .await
        .map_err(ServiceError::from)?;
    Ok((
        LoggedContract(session.contract_id),
        Json(wire::History { events }),
    )
        .into_response())
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
