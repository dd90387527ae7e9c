#!/usr/bin/env bash
# Installs what building, serving and testing shinkin-otp need, skipping whatever is already present
# at the right version. Safe to run again: on a ready machine it only checks versions.
set -euo pipefail

TRUNK_VERSION_PREFIX="0.21."
TWIGGY_VERSION="0.8.0"
WASM_BINDGEN_VERSION="0.2.130"   # must equal the wasm-bindgen pinned in Cargo.toml / Cargo.lock
BINARYEN_VERSION="132"
export PATH="$HOME/.cargo/bin:$PATH"

# "all" (tests), "chromium" (release bundles: their login screen is rendered in it at build time),
# "none" (serve only), "postgres" (only PostgreSQL) or "twiggy" (only twiggy, for
# scripts/bench/weigh.sh)
want_browsers="${1:-all}"

log() { printf '[setup] %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ "$want_browsers" = postgres ]; then
  # The server binaries (initdb, pg_ctl, postgres) for the throwaway test cluster of
  # scripts/pg-throwaway.sh. Debian keeps them under /usr/lib/postgresql/N/bin.
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
    log "installing postgresql from Debian (no cluster of its own: the tests make a throwaway one)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql-common >/dev/null
    # Without this the package creates and starts a "main" cluster on port 5432.
    as_root sed -i 's/^#* *create_main_cluster.*/create_main_cluster = false/' \
      /etc/postgresql-common/createcluster.conf
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
  fi
  log "postgresql ready"
  exit 0
fi

if [ "$want_browsers" = twiggy ]; then
  # The benchmark's weighing of the wasm by crate; not needed to build or test.
  if ! twiggy --version 2>/dev/null | grep -q " ${TWIGGY_VERSION}\$"; then
    log "installing twiggy ${TWIGGY_VERSION}"
    cargo install -q twiggy --version "${TWIGGY_VERSION}" --locked
  fi
  log "twiggy ready"
  exit 0
fi

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

if [ "$want_browsers" = all ] || [ "$want_browsers" = chromium ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  if [ "$want_browsers" = all ]; then
    command -v firefox-esr >/dev/null 2>&1 || command -v firefox >/dev/null 2>&1 || missing+=(firefox-esr)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if [ "$want_browsers" = all ] && ! command -v geckodriver >/dev/null 2>&1; then
    log "installing geckodriver"
    cargo install -q geckodriver --locked
  fi
fi
log "tools ready"
