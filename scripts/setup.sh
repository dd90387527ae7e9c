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

# Debian's packages, with one `apt-get update` per run.
apt_updated=""
apt_install() {
  [ -n "$apt_updated" ] || { as_root apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

# The server binaries (initdb, pg_ctl, postgres) for the throwaway test cluster of
# scripts/pg-throwaway.sh. Debian keeps them under /usr/lib/postgresql/N/bin.
install_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
    log "installing postgresql from Debian (no cluster of its own: the tests make a throwaway one)"
    apt_install postgresql-common
    # Without this the package creates and starts a "main" cluster on port 5432.
    as_root sed -i 's/^#* *create_main_cluster.*/create_main_cluster = false/' \
      /etc/postgresql-common/createcluster.conf
    apt_install postgresql
  fi
}

# oathtool, the PSKC interop's independent TOTP.
install_oathtool() {
  if ! command -v oathtool >/dev/null 2>&1; then
    log "installing oathtool from Debian"
    apt_install oathtool
  fi
}

# Chromium and its driver (both modes), Firefox ESR ("all").
install_browsers() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  if [ "$1" = all ]; then
    command -v firefox-esr >/dev/null 2>&1 || command -v firefox >/dev/null 2>&1 || missing+=(firefox-esr)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} from Debian"
    apt_install "${missing[@]}"
  fi
}

# The tools are compiled once per machine: what counts is how long that takes, not how fast the tools
# run (trunk mostly starts other programs). So no fat LTO on one codegen unit (trunk's own profile
# asks for it: minutes of a single core), and one target directory for every tool, so the crates
# they have in common compile once.
tools_target="${CARGO_TARGET_DIR:-$(cd "$(dirname "$0")/.." && pwd)/target}/tools"
install_tool() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_PANIC=unwind \
    CARGO_TARGET_DIR="$tools_target" cargo install -q "$@"
}

if [ "$want_browsers" = postgres ]; then
  install_postgres
  log "postgresql ready"
  exit 0
fi

if [ "$want_browsers" = twiggy ]; then
  # The benchmark's weighing of the wasm by crate; not needed to build or test.
  if ! twiggy --version 2>/dev/null | grep -q " ${TWIGGY_VERSION}\$"; then
    log "installing twiggy ${TWIGGY_VERSION}"
    install_tool twiggy --version "${TWIGGY_VERSION}" --locked
  fi
  log "twiggy ready"
  exit 0
fi

if [ "$want_browsers" = mutants ]; then
  # The mutation run of the domain crate's tests (scripts/mutants.sh); not needed to build or test.
  if ! cargo mutants --version 2>/dev/null | grep -q " ${CARGO_MUTANTS_VERSION}\$"; then
    log "installing cargo-mutants ${CARGO_MUTANTS_VERSION}"
    install_tool cargo-mutants --version "${CARGO_MUTANTS_VERSION}" --locked
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
  install_oathtool
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

# On a new machine Debian's packages for the tests (browsers, PostgreSQL, oathtool) download and
# unpack while cargo compiles the tools below.
debian_pid=""
if [ "$want_browsers" = all ]; then
  debian_log=$(mktemp)
  ( install_browsers all && install_postgres && install_oathtool ) >"$debian_log" 2>&1 &
  debian_pid=$!
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q "trunk ${TRUNK_VERSION_PREFIX}"; then
  log "installing trunk ${TRUNK_VERSION_PREFIX}x (0.22 needs a newer rustc)"
  install_tool trunk --version "~0.21" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " ${WASM_BINDGEN_VERSION}\$\| ${WASM_BINDGEN_VERSION} "; then
  log "installing wasm-bindgen-cli ${WASM_BINDGEN_VERSION}"
  # no --locked: the published lock file names a crate version the registry no longer has
  install_tool wasm-bindgen-cli --version "${WASM_BINDGEN_VERSION}" --force
fi

if ! wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION}"; then
  log "installing binaryen ${BINARYEN_VERSION} (wasm-opt) from npm"
  npm install -g "binaryen@${BINARYEN_VERSION}" >/dev/null
fi

if [ "$want_browsers" = chromium ]; then
  install_browsers chromium
fi
if [ "$want_browsers" = all ]; then
  if ! command -v geckodriver >/dev/null 2>&1; then
    log "installing geckodriver"
    install_tool geckodriver --locked
  fi
  if ! wait "$debian_pid"; then
    cat "$debian_log" >&2
    log "installing Debian's packages failed"
    exit 1
  fi
  cat "$debian_log" >&2
  rm -f "$debian_log"
fi

if [ "$want_browsers" = all ] && [ "$(node -p "try { require('$(npm root -g)/axe-core/package.json').version } catch { '' }")" != "${AXE_CORE_VERSION}" ]; then
  log "installing axe-core ${AXE_CORE_VERSION} from npm (scripts/check-axe.mjs)"
  npm install -g "axe-core@${AXE_CORE_VERSION}" >/dev/null
fi
log "tools ready"
