//! The customer app's files as `--static DIR` serves them: the precompressed copies
//! (scripts/compress.mjs) chosen by `Accept-Encoding`, `Vary`, caching (immutable for trunk's
//! content-hashed files, revalidated for the rest), `304` on `If-None-Match` and
//! `If-Modified-Since`, the CSP on the pages, and `/favicon.ico`.

use crate::support::{self, Answer, Browser};
use axum::body::Body;
use axum::http::{header, Request, StatusCode};

const WASM: &str = "/shinkin-otp-0123456789abcdef_bg.wasm";
const JS: &str = "/shinkin-otp-0123456789abcdef.js";
const CSS: &str = "/main-fedcba9876543210.css";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const PAGE: &str = r#"<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'sha256-LOADER'"></head><body>app</body></html>"#;

/// A built bundle: each file beside its `.br` and `.gz` copies (here marked, not compressed: the
/// server sends the copy's bytes as they are; of different lengths, as real copies are, so their
/// tags differ even if written within one tick of the file system's clock), and `plain.txt`,
/// which has none.
fn bundle() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let fallback = PAGE.replace("app", "fallback");
    let files = [
        ("index.html", PAGE),
        ("404.html", fallback.as_str()),
        (&WASM[1..], "\0asm wasm"),
        (&JS[1..], "export {}"),
        (&CSS[1..], "body {}"),
    ];
    for (name, body) in files {
        std::fs::write(site.path().join(name), body).unwrap();
        std::fs::write(site.path().join(format!("{name}.br")), format!("br:{name}")).unwrap();
        std::fs::write(
            site.path().join(format!("{name}.gz")),
            format!("gzip:{name}"),
        )
        .unwrap();
    }
    std::fs::write(site.path().join("plain.txt"), "plain").unwrap();
    site
}

async fn get(b: &mut Browser, path: &str, headers: &[(header::HeaderName, &str)]) -> Answer {
    let mut request = Request::builder().uri(path);
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    b.send(request.body(Body::empty()).unwrap()).await
}

fn text(answer: &Answer) -> String {
    String::from_utf8_lossy(&answer.bytes).into_owned()
}

fn header(answer: &Answer, name: header::HeaderName) -> &str {
    answer
        .headers
        .get(&name)
        .map_or("", |v| v.to_str().unwrap())
}

#[tokio::test]
async fn files_are_sent_precompressed_as_the_request_accepts() {
    let site = bundle();
    let dir = site.path().to_owned();
    let t = support::app_with(move |c| c.static_dir = Some(dir)).await;
    let mut b = Browser::new(&t.app.router);
    let ae = header::ACCEPT_ENCODING;
    for (accept, encoding) in [
        (Some("br"), Some("br")),
        (Some("gzip"), Some("gzip")),
        (Some("gzip, deflate, br, zstd"), Some("br")),
        (Some("br;q=0, gzip"), Some("gzip")),
        (Some("identity"), None),
        (None, None),
    ] {
        for (path, name, raw) in [
            (WASM, &WASM[1..], "\0asm wasm"),
            ("/", "index.html", PAGE),
            ("/some/deep/link", "404.html", ""),
        ] {
            let headers: Vec<_> = accept.iter().map(|a| (ae.clone(), *a)).collect();
            let got = get(&mut b, path, &headers).await;
            let want = match encoding {
                Some("br") => format!("br:{name}"),
                Some(_) => format!("gzip:{name}"),
                None if raw.is_empty() => PAGE.replace("app", "fallback"),
                None => raw.to_owned(),
            };
            let what = format!("{path} with Accept-Encoding {accept:?}");
            assert_eq!(text(&got), want, "{what}");
            assert_eq!(
                got.headers
                    .get(header::CONTENT_ENCODING)
                    .map(|v| v.to_str().unwrap()),
                encoding,
                "{what}"
            );
            assert_eq!(header(&got, header::VARY), "accept-encoding", "{what}");
            assert_eq!(
                got.headers[header::CONTENT_LENGTH],
                want.len().to_string(),
                "{what}"
            );
        }
    }
    // The type is the file's, whatever the encoding.
    let wasm = get(&mut b, WASM, &[(ae.clone(), "br")]).await;
    assert_eq!(wasm.headers[header::CONTENT_TYPE], "application/wasm");
    let page = get(&mut b, "/", &[(ae, "br")]).await;
    assert!(header(&page, header::CONTENT_TYPE).starts_with("text/html"));
    // A file with no copies is sent as it is.
    let plain = get(
        &mut b,
        "/plain.txt",
        &[(header::ACCEPT_ENCODING, "br, gzip")],
    )
    .await;
    assert_eq!(
        (plain.status, text(&plain).as_str()),
        (StatusCode::OK, "plain")
    );
    assert!(plain.headers.get(header::CONTENT_ENCODING).is_none());
}

#[tokio::test]
async fn hashed_files_are_immutable_pages_are_revalidated() {
    let site = bundle();
    let dir = site.path().to_owned();
    let t = support::app_with(move |c| c.static_dir = Some(dir)).await;
    let mut b = Browser::new(&t.app.router);
    for path in [WASM, JS, CSS] {
        let got = get(&mut b, path, &[(header::ACCEPT_ENCODING, "br")]).await;
        assert_eq!(got.status, StatusCode::OK, "{path}");
        assert_eq!(header(&got, header::CACHE_CONTROL), IMMUTABLE, "{path}");
    }
    for path in ["/", "/index.html", "/plain.txt", "/some/deep/link"] {
        let got = get(&mut b, path, &[]).await;
        assert_eq!(header(&got, header::CACHE_CONTROL), "no-cache", "{path}");
    }
    // A hashed name that is not there: the fallback page, which is not to be kept.
    let missing = get(&mut b, "/shinkin-otp-ffffffffffffffff.js", &[]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(header(&missing, header::CACHE_CONTROL), "no-cache");
    // The pages carry the bundle's CSP and the security headers, whatever the encoding.
    for path in ["/", "/some/deep/link"] {
        let got = get(&mut b, path, &[(header::ACCEPT_ENCODING, "gzip")]).await;
        let csp = header(&got, header::CONTENT_SECURITY_POLICY);
        assert!(
            csp.contains("'sha256-LOADER'") && csp.ends_with("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
        assert_eq!(got.headers["x-content-type-options"], "nosniff");
        assert_eq!(got.headers["x-frame-options"], "DENY");
    }
}

#[tokio::test]
async fn a_revalidation_is_answered_304_by_etag_or_date() {
    let site = bundle();
    let dir = site.path().to_owned();
    let t = support::app_with(move |c| c.static_dir = Some(dir)).await;
    let mut b = Browser::new(&t.app.router);
    let ae = header::ACCEPT_ENCODING;
    for (path, cache) in [(WASM, IMMUTABLE), ("/", "no-cache")] {
        let first = get(&mut b, path, &[(ae.clone(), "br")]).await;
        let etag = header(&first, header::ETAG).to_owned();
        let date = header(&first, header::LAST_MODIFIED).to_owned();
        assert!(
            etag.starts_with('"') && !date.is_empty(),
            "{path}: {etag} {date}"
        );
        // The gzip copy is another representation: another tag.
        let gzip = get(&mut b, path, &[(ae.clone(), "gzip")]).await;
        assert_ne!(header(&gzip, header::ETAG), etag, "{path}");
        for (condition, value) in [
            (header::IF_NONE_MATCH, &etag),
            (header::IF_MODIFIED_SINCE, &date),
        ] {
            let again = get(
                &mut b,
                path,
                &[(ae.clone(), "br"), (condition.clone(), value)],
            )
            .await;
            assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{path} {condition}");
            assert!(again.bytes.is_empty());
            assert_eq!(
                header(&again, header::CACHE_CONTROL),
                cache,
                "{path} {condition}"
            );
            assert_eq!(
                header(&again, header::VARY),
                "accept-encoding",
                "{path} {condition}"
            );
        }
        // The br copy's tag does not match the gzip copy.
        let other = get(
            &mut b,
            path,
            &[(ae.clone(), "gzip"), (header::IF_NONE_MATCH, &etag)],
        )
        .await;
        assert_eq!(other.status, StatusCode::OK, "{path}");
        assert_eq!(text(&other), text(&gzip));
    }
}

#[tokio::test]
async fn favicon_ico_is_answered_without_a_404() {
    let site = bundle();
    let dir = site.path().to_owned();
    let t = support::app_with(move |c| c.static_dir = Some(dir)).await;
    let mut b = Browser::new(&t.app.router);
    // The pages link their icon (an SVG); a client asking for /favicon.ico anyway gets no error.
    let none = get(&mut b, "/favicon.ico", &[]).await;
    assert_eq!(none.status, StatusCode::NO_CONTENT);
    assert!(none.bytes.is_empty());
    // One the bank put there is served.
    std::fs::write(site.path().join("favicon.ico"), "ico").unwrap();
    let ico = get(&mut b, "/favicon.ico", &[]).await;
    assert_eq!((ico.status, text(&ico).as_str()), (StatusCode::OK, "ico"));
    assert_eq!(header(&ico, header::CACHE_CONTROL), "no-cache");
}
