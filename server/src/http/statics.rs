//! The customer app's static files: the favicon, the answer without `--static`, and the
//! Content-Security-Policy sent with the files.

use super::AppState;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use tower_http::services::ServeFile;

/// `/favicon.ico`: the bundle's own if it has one; else `204`, not the 404 page (the pages link
/// their icon, an SVG, so browsers do not ask; other clients get no error).
pub(super) async fn favicon(State(state): State<AppState>, request: Request) -> Response {
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

pub(super) async fn no_static() -> (StatusCode, &'static str) {
    (
        StatusCode::NOT_FOUND,
        "Not found. This server was started without --static, so it serves the API only.\n",
    )
}

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
