//! This server's cookies: their names, reading them from a request, and `Set-Cookie`.

use super::{AppState, HttpConfig};
use crate::crypto::CookieSecret;
use crate::error::ApiError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};

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

/// The cookies this server sets, as the request brought them back.
#[derive(Debug, Default)]
pub struct Cookies {
    pub(super) binding: Option<CookieSecret>,
    pub(super) session: Option<CookieSecret>,
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
pub(super) fn set_cookie(
    name: &str,
    value: Option<&CookieSecret>,
    config: &HttpConfig,
) -> HeaderValue {
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
