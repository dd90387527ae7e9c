#!/usr/bin/env bash
# Weighs a build's wasm by part with twiggy (scripts/setup.sh twiggy installs it): builds it as
# trunk does (the release profile, wasm-bindgen, wasm-opt -Oz --low-memory-unused) but keeping the function names,
# and prints a Markdown table of the bytes of Leptos, this app, the rules, serde, std, … as
# scripts/bench/weigh.mjs groups twiggy's rows. Measures only; scripts/bench.sh runs it for both builds
# (the demo on a server, demo-server.html, is the demo's wasm).
#   scripts/bench/weigh.sh customer|demo
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"
build=${1:-}
case "$build" in
  customer) features=(--no-default-features) ;;
  demo) features=() ;;
  *) echo "usage: scripts/bench/weigh.sh customer|demo" >&2; exit 2 ;;
esac
scripts/setup.sh twiggy
target="${CARGO_TARGET_DIR:-target}"
work="$target/bench/weigh-$build"
rm -rf "$work" && mkdir -p "$work"
cargo build --quiet --release --target wasm32-unknown-unknown --bin shinkin-otp "${features[@]}"
wasm-bindgen --target web --keep-debug --out-dir "$work" "$target/wasm32-unknown-unknown/release/shinkin-otp.wasm"
# The wasm features rustc 1.95 emits by default, as trunk's wasm-opt run accepts them.
wasm-opt -Oz -g --low-memory-unused --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$work/shinkin-otp_bg.wasm" -o "$work/named.wasm"
twiggy top -n 1000000 -f csv "$work/named.wasm" > "$work/top.csv"
node scripts/bench/weigh.mjs "$work/top.csv" --routes
