#!/usr/bin/env bash
# Runs the whole bank as one process: builds the app and the reference server, starts the server on
# 127.0.0.1 with a SQLite file serving both the app and its API, and prints the URL. Installs the
# build tools first if missing.
#
#   scripts/serve-server.sh            demo mode: demo customers and tokens, and the demo build
#                                      over the server (build-static.sh --demo-server into
#                                      dist-demo-server/): its kit's QR codes, emulators, desk and reset
#   scripts/serve-server.sh --bank     a bank's mode: the customer app (build-static.sh --customer
#                                      into dist-customer/), no demo; a new database gets the sample
#                                      customers and tokens of server/samples/ (customers import,
#                                      tokens import); the key: SHINKIN_OTP_KEY, --key-file FILE, or
#                                      else one made once in target/serve-server/bank.key
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
  log "building the demo into dist-demo-server/ (its bank and kit: this server)"
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
else
  # The subcommands below take the same key as the server.
  key_args=()
  for ((i = 0; i < ${#pass[@]}; i++)); do
    case "${pass[$i]}" in
      --key-file) key_args=(--key-file "${pass[$((i + 1))]:-}") ;;
      --key-file=*) key_args=("${pass[$i]}") ;;
    esac
  done
  if [ -z "${SHINKIN_OTP_KEY:-}" ] && [ ${#key_args[@]} -eq 0 ]; then
    # A sample key for this checkout only: a bank keeps its own key outside the repository.
    key_file=target/serve-server/bank.key
    if [ ! -s "$key_file" ]; then
      (umask 077 && "$binary" --generate-key > "$key_file")
      log "made a sealing key for the sample bank in $key_file (a real bank: --key-file or SHINKIN_OTP_KEY)"
    fi
    flags+=(--key-file "$key_file")
    key_args=(--key-file "$key_file")
  fi
  if [ ! -e target/serve-server/bank.db ]; then
    # Day one of the sample bank: its customers and the vendor's tokens (README: A bank's day one).
    log "a new bank database: importing server/samples/customers.csv and server/samples/tokens.pskc.xml"
    "$binary" customers import server/samples/customers.csv --operator serve-server \
      --database-url "$database" "${key_args[@]}"
    "$binary" tokens import --pskc server/samples/tokens.pskc.xml --psk-file server/samples/tokens.psk \
      --operator serve-server --database-url "$database" "${key_args[@]}"
  fi
  log "sample customers (ID / password, card row ア–ク): 30000000001 / sample01, 12345678;"
  log "  30000000002 / sample02, 87654321; 30000000003 / sample03, 24681357 — none has a token yet"
  log "sample hardware tokens (oathtool --totp -b SECRET): SKHT00000001 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
  log "  SKHT00000002 R4OCU2Z6PWIKJRNW474ASGRLHRGV433Q   SKHT00000003 AD7RB3RA3UYMYQF3KCVGBGLQRCAHPEDG"
  log "the desk: $binary desk show 30000000001 --operator YOU --database-url $database ${key_args[*]}"
fi
exec "$binary" "${flags[@]}" "${pass[@]}"
