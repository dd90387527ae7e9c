#!/usr/bin/env bash
# The reference server under load, on this machine's loopback only: the optimised server on
# SQLite, on PostgreSQL with one process, and on PostgreSQL with two processes sharing the database,
# each driven by the load generator (server/examples/load.rs) through complete flows — a new token
# from the demo vendor, 利用開始 (利用者認証, 登録, 確認用パスワード), ログイン with the token's next code,
# and the bank's own step to free the customer again — and one Markdown table of flows per second,
# latencies and CPU (argon2id's share named). Bounded: each run stops after BENCH_FLOWS flows
# (300) or BENCH_SECONDS seconds (60); BENCH_USERS (16) customers at once. Installs PostgreSQL from
# Debian when missing and runs a throwaway cluster on 127.0.0.1:17881 with its default durability
# settings; servers on 127.0.0.1:17890-17891; everything stopped and removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

flows=${BENCH_FLOWS:-300} seconds=${BENCH_SECONDS:-60} users=${BENCH_USERS:-16}
pg_port=17881 ports=(17890 17891)

scripts/setup.sh postgres
# shellcheck source=scripts/pg-throwaway.sh
. scripts/pg-throwaway.sh
echo "building the optimised server and the load generator" >&2
cargo build --quiet --profile server -p shinkin-otp-server --bin shinkin-otp-server --example load
target="${CARGO_TARGET_DIR:-target}"
server="$target/server/shinkin-otp-server" load="$target/server/examples/load"

key=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
tmp=$(mktemp -d) pids=()
stop_servers() {
  local pid
  # Only the servers started here, by their ids.
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  pids=()
}
cleanup() { stop_servers; pg_stop; rm -rf "$tmp"; }
trap cleanup EXIT

for port in "${ports[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then echo "port ${port} is in use" >&2; exit 1; fi
done

# start_server PORT DATABASE_URL: the demo endpoints (vendor, bank's step) on, rate limits off.
start_server() {
  SHINKIN_OTP_KEY="$key" RUST_LOG=warn "$server" --listen "127.0.0.1:$1" --database-url "$2" --demo \
    --rate-limit-per-address 0 --rate-limit-per-contract 0 >"$tmp/server-$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$tmp/server-$1.log" >&2; return 1; }
    sleep 0.5
  done
  echo "the server on port $1 did not start" >&2; return 1
}

# run LABEL DATABASE_URL PROCESSES
run() {
  local label=$1 url=$2 n=$3 i args=()
  for ((i = 0; i < n; i++)); do
    start_server "${ports[$i]}" "$url"
    args+=(--url "http://127.0.0.1:${ports[$i]}" --pid "${pids[-1]}")
  done
  "$load" --label "$label" --database-url "$url" --key "$key" --users "$users" --flows "$flows" \
    --seconds "$seconds" "${args[@]}" >>"$tmp/rows"
  stop_servers
}

echo "SQLite" >&2
run "SQLite (WAL)" "sqlite://${tmp}/bench.db" 1
echo "PostgreSQL" >&2
pg_start "$pg_port" max_connections=100
for db in bench1 bench2; do "$PG_BIN/psql" -q "$PG_URL" -c "CREATE DATABASE $db"; done
run "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}')" "${PG_URL%/*}/bench1" 1
run "PostgreSQL, two processes" "${PG_URL%/*}/bench2" 2

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
echo
echo "$(date -u +%Y-%m-%d), $(nproc) cores (${cpu}), ${mem} RAM, $(uname -sr); ${users} customers at once, at most ${flows} flows or ${seconds} s per run"
echo
echo "| database | server processes | customers at once | flows | flows/s | request p50 / p99 (ms) | flow p50 / p99 (ms) | server CPU | of which argon2id (est.) | failed flows |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
cat "$tmp/rows"
