//! The API's error type: every refusal leaves as an RFC 9457 `application/problem+json` body with
//! the stable `code` and status of `wire::ERRORS`.

use crate::service::ServiceError;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use shinkin_otp_domain::errors::BankError;
use shinkin_otp_domain::wire::{ErrorCode, Problem, PROBLEM_JSON};

/// An error answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// Which error.
    pub code: ErrorCode,
    /// What more can safely be said (never a secret, never whether an ID exists).
    pub detail: Option<String>,
    /// Seconds to wait before trying again (`Retry-After`), for `rate_limited`.
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// The error `code` with no detail.
    pub fn new(code: ErrorCode) -> ApiError {
        ApiError {
            code,
            detail: None,
            retry_after: None,
        }
    }

    /// `429 rate_limited`: try again in `seconds`.
    pub fn rate_limited(seconds: u64) -> ApiError {
        ApiError {
            retry_after: Some(seconds.max(1)),
            ..ApiError::new(ErrorCode::RateLimited)
        }
    }

    /// The error `code` with `detail`.
    pub fn with_detail(code: ErrorCode, detail: impl Into<String>) -> ApiError {
        ApiError {
            code,
            detail: Some(detail.into()),
            retry_after: None,
        }
    }
}

impl From<BankError> for ApiError {
    fn from(e: BankError) -> ApiError {
        ApiError::new(ErrorCode::Bank(e))
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> ApiError {
        let kind = match &e {
            ServiceError::Busy => "busy",
            ServiceError::Unavailable(_) => "unavailable",
            ServiceError::Internal(_) => "internal",
        };
        crate::prometheus::database_error(kind);
        match e {
            ServiceError::Busy => ApiError::new(ErrorCode::Busy),
            // The same answer as a lost race: 503 with Retry-After, which the page words as
            // "busy or failing, try again later" — true of both, and it keeps what was typed.
            ServiceError::Unavailable(_) => {
                let message = Chain(&e).to_string();
                tracing::warn!(%message, "database unavailable");
                ApiError::new(ErrorCode::Busy)
            }
            ServiceError::Internal(_) => {
                // The database's message names tables and constraints, never bound values.
                let message = Chain(&e).to_string();
                tracing::error!(%message, "internal error");
                ApiError::new(ErrorCode::Internal)
            }
        }
    }
}

/// An error and its sources, `outer: inner: innermost`, for a log line or a command's message.
pub struct Chain<'a>(pub &'a (dyn std::error::Error + 'static));

impl std::fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut next = self.0.source();
        while let Some(e) = next {
            write!(f, ": {e}")?;
            next = e.source();
        }
        Ok(())
    }
}

/// The code's name and title, then the detail if any.
impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.code)?;
        match &self.detail {
            Some(detail) => write!(f, " ({detail})"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for ApiError {}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let problem = Problem::new(self.code, self.detail);
        let status =
            StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&problem).expect("a problem serialises");
        let mut response = (status, body).into_response();
        // For the request's log line and metrics (crate::observe): the code, never the detail.
        response.extensions_mut().insert(self.code);
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if matches!(self.code, ErrorCode::Busy | ErrorCode::RateLimited) {
            let seconds = self.retry_after.unwrap_or(1);
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rows::StoreError;
    use std::error::Error;

    #[test]
    fn an_internal_failure_keeps_the_database_error_as_its_source() {
        let e = ServiceError::from(StoreError::Db(sqlx::Error::RowNotFound));
        let store = e.source().expect("the store's error");
        let db = store.source().expect("the database's own error");
        assert!(db.downcast_ref::<sqlx::Error>().is_some(), "{db:?}");
        assert_eq!(
            Chain(&e).to_string(),
            format!(
                "internal failure: database failure: {}",
                sqlx::Error::RowNotFound
            )
        );
    }

    #[test]
    fn errors_say_what_they_are() {
        let e = ApiError::with_detail(ErrorCode::InvalidRequest, "contract_id");
        assert!(e.to_string().starts_with("invalid_request: "), "{e}");
        assert!(e.to_string().ends_with(" (contract_id)"), "{e}");
        assert_eq!(
            BankError::WrongCode.to_string(),
            "otp_invalid: The one-time password is wrong"
        );
    }
}
