#!/usr/bin/env bash
# Runs every check of shinkin-otp, installing missing tools first (scripts/setup.sh):
# formatting, clippy (native and wasm32), native unit tests (the reference server's included),
# browser tests in headless Chromium then headless Firefox, the release build with its size
# table, and the sub-path static bundle.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n==> %s\n' "$*" >&2; }

step "tools"
scripts/setup.sh all
for component in rustfmt clippy; do
  rustup component list --installed | grep -q "^${component}" || rustup component add "$component"
done

step "dependencies"
cargo fetch --quiet

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy -D warnings (native and wasm32)"
cargo clippy --quiet --workspace --all-targets -- -D warnings
# The reference server (tokio, sqlx) is native only: it has no wasm32 build to lint.
cargo clippy --quiet --workspace --exclude shinkin-otp-server --all-targets --target wasm32-unknown-unknown -- -D warnings

step "cargo doc (no warnings)"
RUSTDOCFLAGS="-D warnings" cargo doc --quiet --workspace --no-deps

step "native tests (the app, the domain crate and the reference server on SQLite, doc examples included)"
# The server's tests need no database server: each starts the server on a temporary SQLite file
# (through its router, and over a loopback socket for the conformance suite).
cargo test --quiet --workspace

# The browser tests: every file under tests/ (each starts with #![cfg(target_arch = "wasm32")]).
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-60}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-180}"
browser_tests() { cargo test --target wasm32-unknown-unknown --test '*'; }

step "browser tests: headless Chromium"
# With both drivers present the runner prefers geckodriver, so name exactly one.
env -u GECKODRIVER CHROMEDRIVER=/usr/bin/chromedriver bash -c "$(declare -f browser_tests); browser_tests"

step "browser tests: headless Firefox"
env -u CHROMEDRIVER GECKODRIVER="$(command -v geckodriver)" bash -c "$(declare -f browser_tests); browser_tests"

step "release build"
trunk build --release --offline
scripts/size.sh dist

step "static bundle under a sub-path, in headless Chromium and Firefox (deep links via 404.html, CSP in force)"
scripts/check-static.sh

step "all checks passed"
