#!/usr/bin/env bash
# Runs the whole bank as one process: builds the app and the reference server, starts the server on
# 127.0.0.1 with a SQLite file serving both the app and its API, and prints the URL. Installs the
# build tools first if missing.
#
#   scripts/serve-server.sh            demo mode: demo customers and tokens, and the app with the
#                                      demo kit over the server (build-static.sh --demo-server into
#                                      dist-demo-server/): its QR codes, emulators, desk and reset
#   scripts/serve-server.sh --bank     a bank's mode: the customer app (build-static.sh --customer
#                                      into dist-customer/), no demo; needs SHINKIN_OTP_KEY (or
#                                      --key-file FILE)
#   scripts/serve-server.sh --api-only do not build the app
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
if [ "$build_app" = yes ] && [ "$mode" = demo ]; then
  log "building the app with the demo kit into dist-demo-server/ (HTTP bank, kit over this server)"
  scripts/build-static.sh --demo-server / dist-demo-server
  static=(--static dist-demo-server)
elif [ "$build_app" = yes ]; then
  log "building the customer app into dist-customer/ (HTTP bank, no demo kit)"
  scripts/build-static.sh --customer / dist-customer
  static=(--static dist-customer)
fi

log "building shinkin-otp-server (profile server)"
cargo build --quiet --profile server -p shinkin-otp-server
binary="${CARGO_TARGET_DIR:-target}/server/shinkin-otp-server"

mkdir -p target/serve-server
database="sqlite://target/serve-server/${mode}.db"
flags=(--database-url "$database" "${static[@]}")
if [ "$mode" = demo ]; then
  flags+=(--demo)
  # The demo fixtures (src/domain/demo_data.rs): the kit shows them too (デモキット in the header).
  log "demo customers (ID / password, card row A..H): 10000000001 / hanako12, 3 8 1 5 9 0 2 7, no token yet;"
  log "  10000000002 / ichiro34, 6 2 9 4 0 7 1 5, SKHT20000002 in use (README: Server)"
  log "demo tokens (base32 secret: add it to an authenticator app, or oathtool --totp -b SECRET):"
  log "  SKTS10000001 ONUGS3TLNFXC2ZDFNVXS243PMZ2C2MBR   SKTS10000002 ONUGS3TLNFXC2ZDFNVXS243PMZ2C2MBS"
  log "  SKHT20000001 ONUGS3TLNFXC2ZDFNVXS22DBOJSC2MBR   SKHT20000002 ONUGS3TLNFXC2ZDFNVXS22DBOJSC2MBS"
elif [ -z "${SHINKIN_OTP_KEY:-}" ] && [[ " ${pass[*]} " != *" --key-file"* ]]; then
  log "--bank needs a sealing key: export SHINKIN_OTP_KEY=\$($binary --generate-key) (keep it safe)"
  exit 2
fi
exec "$binary" "${flags[@]}" "${pass[@]}"
