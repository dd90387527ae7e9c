#!/usr/bin/env bash
# Installs what building, serving and testing shinkin-otp need, skipping whatever is already present
# at the right version. Safe to run again: on a ready machine it only checks versions.
set -euo pipefail

TRUNK_VERSION_PREFIX="0.21."
TWIGGY_VERSION="0.8.0"
WASM_BINDGEN_VERSION="0.2.130"   # must equal the wasm-bindgen pinned in Cargo.toml / Cargo.lock
BINARYEN_VERSION="132"
PYTHON_PSKC_VERSION="1.4"     # scripts/pskc/make.py writes the PSKC fixtures with it
CARGO_MUTANTS_VERSION="27.1.0" # scripts/mutants.sh; docs/mutants.md names the version it ran
AXE_CORE_VERSION="4.11.4"     # scripts/check-axe.mjs: the accessibility rules the English app is held to
export PATH="$HOME/.cargo/bin:$PATH"

# "all" (tests), "chromium" (release bundles: their login screen is rendered in it at build time),
# "none" (serve only), "postgres" (only PostgreSQL), "twiggy" (only twiggy, for
# scripts/bench/weigh.sh), "pskc" (only python-pskc and oathtool, for the PSKC import's tests) or
# "mutants" (only cargo-mutants, for scripts/mutants.sh)
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

if [ "$want_browsers" = mutants ]; then
  # The mutation run of the domain crate's tests (scripts/mutants.sh); not needed to build or test.
  if ! cargo mutants --version 2>/dev/null | grep -q " ${CARGO_MUTANTS_VERSION}\$"; then
    log "installing cargo-mutants ${CARGO_MUTANTS_VERSION}"
    cargo install -q cargo-mutants --version "${CARGO_MUTANTS_VERSION}" --locked
  fi
  log "cargo-mutants ready"
  exit 0
fi

if [ "$want_browsers" = pskc ]; then
  # The PSKC import's independent side: python-pskc writes the seed files (scripts/pskc/make.py)
  # and oathtool computes the codes of the seeds read back. Not needed to build or serve.
  # Prints the Python that has python-pskc on stdout (the last line), for scripts/test.sh.
  # (read whole, not through grep -q: under pipefail pip's SIGPIPE would count as "missing";
  # `|| true`: pip show exits 1 when the package is missing)
  venv="$(cd "$(dirname "$0")/.." && pwd)/target/pskc-venv"
  pskc_version() { "$1" -m pip show python-pskc 2>/dev/null | sed -n 's/^Version: //p' || true; }
  python=python3
  if [ "$(pskc_version python3)" != "$PYTHON_PSKC_VERSION" ]; then
    if [ -x "$venv/bin/python" ] && [ "$(pskc_version "$venv/bin/python")" = "$PYTHON_PSKC_VERSION" ]; then
      python="$venv/bin/python"
    else
      log "installing python-pskc ${PYTHON_PSKC_VERSION} from PyPI"
      if ! python3 -m pip install -q "python-pskc==${PYTHON_PSKC_VERSION}" 2>/dev/null; then
        # A system Python that pip may not change (PEP 668): a virtual environment of our own.
        log "installing it into $venv instead"
        python3 -m venv "$venv"
        "$venv/bin/python" -m pip install -q "python-pskc==${PYTHON_PSKC_VERSION}"
        python="$venv/bin/python"
      fi
    fi
  fi
  if ! command -v oathtool >/dev/null 2>&1; then
    log "installing oathtool from Debian"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq oathtool >/dev/null
  fi
  # RFC 6238 appendix B: the SHA-1 seed "12345678901234567890" at T = 59 s gives 94287082.
  code=$(oathtool --totp -b -d 8 --now "1970-01-01 00:00:59 UTC" GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ)
  if [ "$code" != 94287082 ]; then
    log "oathtool gives ${code} for RFC 6238's first SHA-1 vector, not 94287082"
    exit 1
  fi
  log "python-pskc $(pskc_version "$python") ($python) and $(oathtool --version | head -n1) ready"
  command -v "$python"
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

if [ "$want_browsers" = all ] && [ "$(node -p "try { require('$(npm root -g)/axe-core/package.json').version } catch { '' }")" != "${AXE_CORE_VERSION}" ]; then
  log "installing axe-core ${AXE_CORE_VERSION} from npm (scripts/check-axe.mjs)"
  npm install -g "axe-core@${AXE_CORE_VERSION}" >/dev/null
fi
log "tools ready"
