//! The extractors handlers take their input through: the JSON body (the empty one too) and the
//! client's address.

use crate::error::ApiError;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use shinkin_otp_domain::wire::ErrorCode;

/// Largest request body accepted (the largest real one, 交換's, is about 200 bytes).
pub const BODY_LIMIT: usize = 8 * 1024;

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

/// A body that must be the empty object `{}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Empty {}
