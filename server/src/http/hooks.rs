//! The test hooks (`--test-hooks`): moving the server's clock and delaying every API answer.

use super::extract::JsonBody;
use super::{AppState, TestHooks};
use crate::error::ApiError;
use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use shinkin_otp_domain::wire::{self, ErrorCode};
use std::sync::atomic::Ordering;

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

pub(super) async fn test_clock(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<ClockRequest>,
) -> Result<Json<ClockResponse>, ApiError> {
    let hooks = hooks(&state)?;
    hooks.clock.advance(req.advance);
    Ok(Json(ClockResponse {
        now: state.service.clock.now(),
    }))
}

pub(super) async fn test_delay(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<DelayRequest>,
) -> Result<Json<wire::Status>, ApiError> {
    hooks(&state)?.delay_ms.store(req.millis, Ordering::SeqCst);
    Ok(Json(wire::Status::ok()))
}
