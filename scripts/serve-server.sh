#!/usr/bin/env bash
# Runs the whole bank as one process: builds the reference server (and, where the build script
# can, the customer app), starts it on 127.0.0.1 with a SQLite file, and prints the URL.
#
#   scripts/serve-server.sh            demo mode: demo customers and tokens, the kit's endpoints
#   scripts/serve-server.sh --bank     a bank's mode: needs SHINKIN_OTP_KEY (or --key-file FILE)
#   scripts/serve-server.sh --api-only do not build the customer app
#
# Other arguments go to shinkin-otp-server (e.g. --listen 127.0.0.1:9000; --help lists them).
# The SQLite file lives in target/serve-server/ (demo.db or bank.db).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '[serve-server] %s\n' "$*" >&2; }

mode=demo
build_app=yes
pass=()
for arg in "$@"; do
  case "$arg" in
    --bank) mode=bank ;;
    --demo) mode=demo ;;
    --api-only) build_app=no ;;
    *) pass+=("$arg") ;;
  esac
done

if ! command -v cargo >/dev/null 2>&1; then
  log "cargo is missing: install Rust with rustup first (https://rustup.rs)"
  exit 1
fi
cargo fetch --quiet

static=()
if [ "$build_app" = yes ]; then
  if grep -q -- '--customer' scripts/build-static.sh; then
    scripts/setup.sh none
    log "building the customer app into dist-customer/"
    scripts/build-static.sh --customer / dist-customer
  fi
  if [ -f dist-customer/index.html ]; then
    static=(--static dist-customer)
  else
    log "no customer app (scripts/build-static.sh has no --customer build yet): serving the API only"
  fi
fi

log "building shinkin-otp-server (profile server)"
cargo build --quiet --profile server -p shinkin-otp-server
binary="${CARGO_TARGET_DIR:-target}/server/shinkin-otp-server"

mkdir -p target/serve-server
database="sqlite://target/serve-server/${mode}.db"
flags=(--database-url "$database" "${static[@]}")
if [ "$mode" = demo ]; then
  flags+=(--demo)
elif [ -z "${SHINKIN_OTP_KEY:-}" ] && [[ " ${pass[*]} " != *" --key-file"* ]]; then
  log "--bank needs a sealing key: export SHINKIN_OTP_KEY=\$($binary --generate-key) (keep it safe)"
  exit 2
fi
exec "$binary" "${flags[@]}" "${pass[@]}"
