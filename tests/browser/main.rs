//! The browser tests (wasm-bindgen-test): one wasm binary per build, so each build links, is put
//! through wasm-bindgen and starts a browser once, not once per file. They mount the app and drive
//! it by label and role; run one module with a filter, e.g.
//! `cargo test --target wasm32-unknown-unknown --test browser -- demo::tour::`.
#![cfg(target_arch = "wasm32")]

#[path = "../support/mod.rs"]
mod support;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// The demo build's tests (the default features).
#[cfg(feature = "demo")]
mod demo;

/// The customer build's tests (`--no-default-features`), against the reference server that
/// `scripts/test.sh` starts.
#[cfg(not(feature = "demo"))]
mod customer;
