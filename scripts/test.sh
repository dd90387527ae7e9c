#!/usr/bin/env bash
# Runs every check of shinkin-otp, installing missing tools first (scripts/setup.sh):
# formatting, clippy (native and wasm32, demo and customer builds), native unit tests (the
# reference server's included, on SQLite and again on a throwaway PostgreSQL), the onboarding
# interop with python-pskc and oathtool, the browser tests of both builds in headless Chromium then
# headless Firefox against the real reference server (started here, through a fault gate that can
# stop it: the customer build's, and the demo kit's over that server beside the demo's own), the
# customer bundle served by that server, the demo-on-a-server bundle (demo-server.html) served by a
# second --demo server (both also with the browser's own Back and Forward, and axe-core on Back's
# dialog: check-back.mjs), the demo's release build with its size table, the sub-path static
# bundle, and that bundle when the app cannot start (its files refused, cut off, corrupted or
# stalled; no WebAssembly), and taps on that bundle's prerendered screen before its app is live.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# Each step says when it starts (minutes:seconds since the run began), so a slow run shows where.
step() { printf '\n==> [%d:%02d] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*" >&2; }

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
# The customer build: no demo feature, the HTTP bank only (its browser tests: http_flows, http_failures).
cargo clippy --quiet -p shinkin-otp --no-default-features --all-targets -- -D warnings
cargo clippy --quiet -p shinkin-otp --no-default-features --all-targets --target wasm32-unknown-unknown -- -D warnings

step "cargo doc (no warnings)"
RUSTDOCFLAGS="-D warnings" cargo doc --quiet --workspace --no-deps

step "native tests (the app, the domain crate and the reference server on SQLite, doc examples included)"
# The server's tests need no database server: each starts the server on a temporary SQLite file
# (through its router, and over a loopback socket for the conformance suite).
cargo test --quiet --workspace
# The app's own unit tests in the customer build too (its messages carry no demo hints).
cargo test --quiet -p shinkin-otp --no-default-features --lib

step "the reference server's tests on PostgreSQL (a throwaway cluster on 127.0.0.1, installed if missing)"
# The same API, conformance, race (one and two server processes) and fault tests as above.
scripts/test-postgres.sh

step "onboarding against independent implementations (python-pskc's seed files, oathtool's codes)"
# Installs python-pskc and oathtool if missing; every protection mode imported by the server's
# `tokens import`, a customer enrolled and logged in over HTTP (127.0.0.1:17876) with oathtool's
# codes, every wrong file refused with nothing written. Reuses the debug server `cargo test` built.
pskc_python=$(scripts/setup.sh pskc | tail -n 1)
cargo build --quiet -p shinkin-otp-server
"$pskc_python" scripts/pskc/interop.py "${CARGO_TARGET_DIR:-target}/debug/shinkin-otp-server" 17876

# The browser tests run against the real reference server: the server (demo data, test hooks, a
# temporary SQLite file, serving the customer bundle, no rate limits: the tests log the demo
# customers in many times a minute from one address; the server's own tests cover the limits), the
# fault gate in front of it, and the test runner's page on a fixed address that the server allows
# as its one other origin — all on 127.0.0.1, all stopped on exit. The tests read these addresses
# at compile time (tests/support/http.rs). Fixed ports below Linux's ephemeral range (32768–60999),
# so no outgoing connection of this or another test can be holding one.
server_port=17870 gate_port=17871 control_port=17872 runner_port=17873 kit_port=17874
export SHINKIN_OTP_TEST_SERVER="http://127.0.0.1:${server_port}"
export SHINKIN_OTP_TEST_GATE="http://127.0.0.1:${gate_port}"
export SHINKIN_OTP_TEST_GATE_CONTROL="http://127.0.0.1:${control_port}"
http_tmp="" server_pid="" gate_pid=""
stop_http_bank() {
  local status=$?
  # Only the two processes started here, by their ids; a killed child's wait answers 143.
  for pid in $gate_pid $server_pid; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  gate_pid="" server_pid=""
  if [ -n "$http_tmp" ]; then
    if [ "$status" -ne 0 ]; then
      echo "--- reference server log (last 30 lines) ---" >&2; tail -n 30 "$http_tmp/server.log" >&2 || true
      echo "--- fault gate log ---" >&2; tail -n 10 "$http_tmp/gate.log" >&2 || true
    fi
    rm -rf "$http_tmp"
  fi
}
trap stop_http_bank EXIT

step "customer bundle and the reference server (127.0.0.1:${server_port}, fault gate :${gate_port})"
for port in $server_port $gate_port $control_port $runner_port $kit_port; do
  if (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
    echo "port ${port} on 127.0.0.1 is in use: the HTTP bank's browser tests need ${server_port}-${kit_port}" >&2
    exit 1
  fi
done
scripts/build-static.sh --customer / dist-customer >/dev/null 2>&1 || scripts/build-static.sh --customer / dist-customer
# The dev build the native tests made (argon2 optimised there): no second, optimised server build.
cargo build --quiet --workspace --bin shinkin-otp-server
http_tmp=$(mktemp -d)
"${CARGO_TARGET_DIR:-target}/debug/shinkin-otp-server" --listen "127.0.0.1:${server_port}" \
  --database-url "sqlite://${http_tmp}/bank.db" --demo --test-hooks --static dist-customer \
  --allow-origin "http://127.0.0.1:${runner_port}" --rate-limit-per-address 0 --rate-limit-per-contract 0 \
  >"$http_tmp/server.log" 2>&1 &
server_pid=$!
node scripts/fault-gate.mjs "$gate_port" "$control_port" "$server_port" >"$http_tmp/gate.log" 2>&1 &
gate_pid=$!
# GET (or, with a JSON body, POST) URL; succeeds on a 2xx answer within 30 s. Node is here anyway.
http_ok() {
  node -e 'const [url, body] = process.argv.slice(1);
    fetch(url, body === undefined ? { signal: AbortSignal.timeout(30000) } : { method: "POST",
      headers: { "content-type": "application/json" }, body, signal: AbortSignal.timeout(30000) })
    .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));' "$@"
}
for _ in $(seq 1 120); do
  http_ok "http://127.0.0.1:${server_port}/api/v1/health" && http_ok "http://127.0.0.1:${control_port}/stats" && break
  kill -0 "$server_pid" 2>/dev/null || { echo "the reference server did not start" >&2; exit 1; }
  sleep 0.5
done
http_ok "http://127.0.0.1:${server_port}/api/v1/health" || { echo "the reference server does not answer" >&2; exit 1; }

export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-60}"
# The whole binary's run, not one test's: each build's browser tests are one binary (about a minute).
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-900}"
# The runner's page on the one other origin the server allows.
export WASM_BINDGEN_TEST_ADDRESS="127.0.0.1:${runner_port}"
# Run in `bash -c` with `set -e` of its own: without it a failing demo-build file was passed over
# and only the customer build's result counted.
browser_tests() {
  # One binary per build (tests/browser/main.rs): the demo build's modules (demo::http_kit: its kit
  # over the server), then the customer build's (the HTTP bank against the server).
  cargo test --target wasm32-unknown-unknown --test browser
  cargo test --target wasm32-unknown-unknown --no-default-features --test browser
}

step "browser tests of the demo and customer builds: headless Chromium"
# With both drivers present the runner prefers geckodriver, so name exactly one.
env -u GECKODRIVER CHROMEDRIVER=/usr/bin/chromedriver bash -c "set -euo pipefail; $(declare -f browser_tests); browser_tests"

step "browser tests of the demo and customer builds: headless Firefox"
env -u CHROMEDRIVER GECKODRIVER="$(command -v geckodriver)" bash -c "set -euo pipefail; $(declare -f browser_tests); browser_tests"

# axe-core (npm, pinned) for check-back.mjs's look at Back's dialog; installed outside the repo, and
# only when that version is not there yet.
AXE_CORE_VERSION=4.14.1
axe_dir="${CARGO_TARGET_DIR:-target}/check-tools"
axe_js="${axe_dir}/node_modules/axe-core/axe.min.js"
axe_core() {
  mkdir -p "$axe_dir"
  local installed
  installed=$(node -p "require('$(cd "$axe_dir" && pwd)/node_modules/axe-core/package.json').version" 2>/dev/null || true)
  if [ "$installed" != "$AXE_CORE_VERSION" ]; then
    npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$axe_dir" "axe-core@${AXE_CORE_VERSION}" >/dev/null
  fi
}

step "customer bundle served by the reference server, in headless Chromium and Firefox (CSP, no kit, login; Back and Forward, axe on Back's dialog)"
# Whatever the browser tests left (a delay, counters): no delay, the demo data afresh.
http_ok "http://127.0.0.1:${server_port}/api/v1/test/delay" '{"millis":0}'
http_ok "http://127.0.0.1:${server_port}/api/v1/demo/reset" '{}'
node scripts/check-customer.mjs "http://127.0.0.1:${server_port}/"
axe_core
node scripts/check-back.mjs "http://127.0.0.1:${server_port}/" "$axe_js"
# Nothing of the demo in the customer bundle's bytes (wasm, JS, the prerendered pages): no fixture
# password, seed or card row, no kit, no reading of the demo pages' choice of bank.
for demo_only in hanako12 ichiro34 ONUGS3TLNFXC2ZDFNVXS shinkin-demo-soft デモキット shinkin-otp-bank; do
  if grep -rqa --include='*.wasm' --include='*.js' --include='*.html' -- "$demo_only" dist-customer; then
    echo "the customer bundle contains demo data: ${demo_only}" >&2
    exit 1
  fi
done
scripts/size.sh dist-customer
stop_http_bank

step "the demo on a server (demo-server.html: the demo build over the server, as scripts/serve-server.sh serves it), in headless Chromium and Firefox (the kit; Back and Forward)"
scripts/build-static.sh --demo-server / dist-demo-server >/dev/null 2>&1 || scripts/build-static.sh --demo-server / dist-demo-server
http_tmp=$(mktemp -d)
"${CARGO_TARGET_DIR:-target}/debug/shinkin-otp-server" --listen "127.0.0.1:${kit_port}" \
  --database-url "sqlite://${http_tmp}/bank.db" --demo --static dist-demo-server >"$http_tmp/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  http_ok "http://127.0.0.1:${kit_port}/api/v1/health" && break
  kill -0 "$server_pid" 2>/dev/null || { echo "the reference server did not start" >&2; exit 1; }
  sleep 0.5
done
node scripts/check-demo-server.mjs "http://127.0.0.1:${kit_port}/"
node scripts/check-back.mjs "http://127.0.0.1:${kit_port}/" "$axe_js"
scripts/size.sh dist-demo-server
stop_http_bank
trap - EXIT

step "release build"
trunk build --release --offline
scripts/size.sh dist

step "static bundle under a sub-path, in headless Chromium and Firefox (deep links via 404.html, CSP in force)"
scripts/check-static.sh

step "a start that fails says so: that bundle with its wasm refused, cut off, corrupted, stalled or late, its JS refused, no WebAssembly (Chromium, Firefox)"
# The bundle check-static.sh built, served by the check's own loopback server (127.0.0.1:8098).
node scripts/check-start-failure.mjs dist-static /shinkin-otp/

step "no dead taps: 利用開始, 拡大 and Enter on the prerendered screen before the app is live take effect once it is (Chromium, Firefox)"
# The same bundle, its wasm held back 4 s by the check's own loopback server (127.0.0.1:8099).
node scripts/check-early-taps.mjs dist-static /shinkin-otp/

step "accessibility in English: axe-core on the login screen, identification with its errors, 時刻補正's code step with its errors, the help topics and the open kit (Chromium, Firefox)"
# The same bundle, the language stored as English, served by the check's own loopback server (127.0.0.1:8096).
node scripts/check-axe.mjs dist-static /shinkin-otp/

step "all checks passed"
