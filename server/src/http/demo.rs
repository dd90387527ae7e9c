//! The demo endpoints (`--demo`): issuing a token, the bank's own stop, resetting the demo data,
//! and the back office the kit shows.

use super::extract::{Empty, JsonBody};
use super::AppState;
use crate::demo;
use crate::error::ApiError;
use crate::service::ServiceError;
use axum::extract::State;
use axum::Json;
use shinkin_otp_domain::wire::{self, ErrorCode};

pub(super) async fn demo_issue_token(
    State(state): State<AppState>,
    JsonBody(req): JsonBody<wire::IssueTokenRequest>,
) -> Result<Json<wire::IssuedToken>, ApiError> {
    let s = &state.service;
    let token = demo::issue(&s.db, &s.sealer, req.model, s.clock.as_ref()).await?;
    Ok(Json(wire::IssuedToken::from(&token)))
}

pub(super) async fn demo_stop_by_bank(
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

pub(super) async fn demo_reset(
    State(state): State<AppState>,
    JsonBody(Empty {}): JsonBody<Empty>,
) -> Result<Json<wire::Status>, ApiError> {
    let s = &state.service;
    demo::seed(&s.db, &s.sealer, &s.passwords, s.clock.as_ref()).await?;
    Ok(Json(wire::Status::ok()))
}

pub(super) async fn demo_back_office(
    State(state): State<AppState>,
) -> Result<Json<wire::BackOfficeView>, ApiError> {
    let s = &state.service;
    let office = demo::back_office(&s.db, &s.sealer).await?;
    Ok(Json(wire::BackOfficeView::from(&office)))
}
