//! The HTTP layer's own rules, tested without a server: hashed file names, the CSP header, same
//! origin and the server's names.

use super::checks::{is_hashed_file, same_origin};
use super::*;
use axum::http::{HeaderMap, HeaderValue};

#[test]
fn trunks_hashed_file_names_are_told_from_the_others() {
    for hashed in [
        "/shinkin-otp-0123456789abcdef_bg.wasm",
        "/shinkin-otp-0123456789abcdef.js",
        "/sub/main-fedcba9876543210.css",
        "/favicon-fef039f9c01872b4.svg",
        // trunk drops the hash's leading zeros.
        "/shinkin-otp-38ea6951d4243e4_bg.wasm",
        "/shinkin-otp-38ea6951d4243e4.js",
    ] {
        assert!(is_hashed_file(hashed), "{hashed}");
    }
    for plain in [
        "/",
        "/index.html",
        "/404.html",
        "/favicon.ico",
        "/shinkin-otp.js",
        "/main-0123456789ABCDEF.css",
        "/main-0123456789ab.css",
        "/main-0123456789abcdef0.css",
        "/main-0123456789abcdef",
        "/0123456789abcdef-main.css",
        "/main-0123456789abcdef_x.css",
    ] {
        assert!(!is_hashed_file(plain), "{plain}");
    }
}

#[test]
fn the_csp_header_keeps_the_bundles_policy_and_forbids_framing() {
    let html = r#"<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'sha256-abc'">"#;
    let csp = csp_for(Some(html));
    assert!(csp.contains("script-src 'self' 'sha256-abc'"));
    assert!(csp.contains("connect-src 'self'"));
    assert!(csp.ends_with("frame-ancestors 'none'"));
    assert_eq!(csp_for(None), DEFAULT_CSP);
    assert_eq!(csp_for(Some("<html></html>")), DEFAULT_CSP);
}

fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
    let mut m = HeaderMap::new();
    for (k, v) in pairs {
        m.insert(*k, HeaderValue::from_static(v));
    }
    m
}

#[test]
fn same_origin_accepts_this_host_and_the_allowed_origin_only() {
    let h = headers;
    let loopback = &Hosts::Loopback;
    let host = ("host", "127.0.0.1:8787");
    assert!(same_origin(&h(&[host]), loopback, None));
    assert!(same_origin(
        &h(&[
            host,
            ("origin", "http://127.0.0.1:8787"),
            ("sec-fetch-site", "same-origin")
        ]),
        loopback,
        None
    ));
    assert!(!same_origin(
        &h(&[host, ("origin", "http://evil.example")]),
        loopback,
        None
    ));
    // A rebinding page's Origin matches its Host, but the name is not the server's.
    assert!(!same_origin(
        &h(&[
            ("host", "evil.example:8787"),
            ("origin", "http://evil.example:8787")
        ]),
        loopback,
        None
    ));
    assert!(!same_origin(
        &h(&[host, ("sec-fetch-site", "cross-site")]),
        loopback,
        None
    ));
    assert!(!same_origin(
        &h(&[host, ("sec-fetch-site", "same-site")]),
        loopback,
        None
    ));
    let runner = Some("http://127.0.0.1:9000");
    assert!(same_origin(
        &h(&[
            host,
            ("origin", "http://127.0.0.1:9000"),
            ("sec-fetch-site", "same-site")
        ]),
        loopback,
        runner
    ));
    assert!(!same_origin(
        &h(&[
            host,
            ("origin", "http://127.0.0.1:9001"),
            ("sec-fetch-site", "same-site")
        ]),
        loopback,
        runner
    ));
}

#[test]
fn public_origins_name_the_hosts_and_origins_accepted() {
    let bank = Hosts::new(&["https://bank.example".to_owned()]);
    assert!(bank.https());
    assert!(bank.accepts_host("bank.example"));
    assert!(bank.accepts_host("BANK.example:443"));
    assert!(!bank.accepts_host("bank.example:8443"));
    assert!(!bank.accepts_host("127.0.0.1:8787"));
    assert!(!bank.accepts_host("evil.example"));
    let from = |origin: &'static str| {
        headers(&[
            ("host", "bank.example"),
            ("origin", origin),
            ("sec-fetch-site", "same-origin"),
        ])
    };
    assert!(same_origin(&from("https://bank.example"), &bank, None));
    assert!(!same_origin(&from("http://bank.example"), &bank, None));
    assert!(!same_origin(&from("https://evil.example"), &bank, None));
    let loopback = Hosts::new(&[]);
    assert_eq!(loopback, Hosts::Loopback);
    assert!(!loopback.https());
    for host in [
        "127.0.0.1:8787",
        "localhost:17871",
        "[::1]:8787",
        "localhost",
    ] {
        assert!(loopback.accepts_host(host), "{host}");
    }
    for host in [
        "evil.example:8787",
        "127.0.0.2:8787",
        "localhost.evil.example",
        "[::1]x",
    ] {
        assert!(!loopback.accepts_host(host), "{host}");
    }
    let v6 = Hosts::new(&[
        "http://[::1]:8787".to_owned(),
        "http://[fe80::1]".to_owned(),
    ]);
    assert!(v6.accepts_host("[::1]:8787"));
    assert!(v6.accepts_host("[fe80::1]:80"));
    assert!(!v6.https());
}
