#!/usr/bin/env bash
# Installs what building, serving and testing shinkin-otp need, skipping whatever is already present
# at the right version. Safe to run again: on a ready machine it only checks versions.
set -euo pipefail

TRUNK_VERSION_PREFIX="0.21."
WASM_BINDGEN_VERSION="0.2.130"   # must equal the wasm-bindgen pinned in Cargo.toml / Cargo.lock
BINARYEN_VERSION="132"
export PATH="$HOME/.cargo/bin:$PATH"

want_browsers="${1:-all}"   # "all" (tests) or "none" (serve only)

log() { printf '[setup] %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "trunk ${TRUNK_VERSION_PREFIX}"; then
  log "installing trunk ${TRUNK_VERSION_PREFIX}x (0.22 needs a newer rustc)"
  cargo install -q trunk --version "~0.21" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " ${WASM_BINDGEN_VERSION}\$\| ${WASM_BINDGEN_VERSION} "; then
  log "installing wasm-bindgen-cli ${WASM_BINDGEN_VERSION}"
  # no --locked: the published lock file names a crate version the registry no longer has
  cargo install -q wasm-bindgen-cli --version "${WASM_BINDGEN_VERSION}" --force
fi

if ! wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION}"; then
  log "installing binaryen ${BINARYEN_VERSION} (wasm-opt) from npm"
  npm install -g "binaryen@${BINARYEN_VERSION}" >/dev/null
fi

if [ "$want_browsers" = all ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  command -v firefox-esr >/dev/null 2>&1 || command -v firefox >/dev/null 2>&1 || missing+=(firefox-esr)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if ! command -v geckodriver >/dev/null 2>&1; then
    log "installing geckodriver"
    cargo install -q geckodriver --locked
  fi
fi
log "tools ready"
