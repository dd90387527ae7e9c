#!/usr/bin/env bash
# The front end's benchmark (issue 12): in one run, on this machine's loopback only,
#  1. builds the demo (index.html) and the customer build (customer.html, --customer) once, into
#     $CARGO_TARGET_DIR/bench/ (default target/bench/), and prints each one's sizes, raw and gzip -9
#     (scripts/size.sh), against the goals (customer ≤ 100 KB gzip, demo ≤ 150 KB; KB = 1000 bytes);
#  2. serves both builds and a plain HTML page of the same login form (scripts/bench/plain-login.html
#     with style/main.css) as a production static host would: gzip-encoded, hashed files cached
#     for good, index.html revalidated (scripts/static-server.mjs --gzip), each on its own port;
#  3. times the login screen's 利用開始 in headless Chromium and Firefox, app and plain page in
#     alternating pairs, first and return visits, medians of RUNS (scripts/bench.mjs says how);
#  4. runs Lighthouse (npm package lighthouse@LIGHTHOUSE_VERSION, installed into
#     $CARGO_TARGET_DIR/bench-tools/, not the repo) with its mobile defaults on the demo build, the
#     customer build (its login screen needs no server) and the plain page: performance score, FCP,
#     LCP, TBT, and LCP against the plain page's (scripts/bench/lighthouse.mjs);
#  5. after 1, each build's wasm weighed by part with twiggy (scripts/bench/weigh.sh); between 3
#     and 4, the start-up profile of both builds: where the time from navigation to the
#     live login screen goes, from the pages' own performance marks (scripts/bench/startup.mjs),
#     on this machine and slowed as Lighthouse's mobile run is.
# Prints Markdown tables for the README. Measures only; asserts nothing; not part of scripts/test.sh.
# Stops by itself (each step is bounded) and stops the servers and drivers it started on exit.
#
#   scripts/bench.sh [RUNS]     RUNS page loads per page and browser (default 7);
#                               BENCH_LIGHTHOUSE_RUNS Lighthouse runs per page (default 3),
#                               BENCH_STARTUP_RUNS start-up profile loads per build (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

LIGHTHOUSE_VERSION=12.8.2   # 13.x needs node ≥ 22.19; the machine has node 20
runs=${1:-7} lh_runs=${BENCH_LIGHTHOUSE_RUNS:-3}
target="${CARGO_TARGET_DIR:-target}"
out="$target/bench" tools="$target/bench-tools"
ports=(47901 47902 47903)   # demo, customer, plain page
start=$(date +%s)
log() { printf '[bench] %s\n' "$*" >&2; }

scripts/setup.sh all
for port in "${ports[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then echo "port ${port} is in use" >&2; exit 1; fi
done
mkdir -p "$out" "$tools"
out=$(cd "$out" && pwd) tools=$(cd "$tools" && pwd)

# Lighthouse, only when the pinned version is not there yet.
lh_cli="$tools/node_modules/lighthouse/cli/index.js"
if [ "$(node -p "require('$tools/node_modules/lighthouse/package.json').version" 2>/dev/null || true)" != "$LIGHTHOUSE_VERSION" ]; then
  log "installing lighthouse@${LIGHTHOUSE_VERSION} into ${tools}/"
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$tools" "lighthouse@${LIGHTHOUSE_VERSION}" >/dev/null
fi

# The two builds, served at / (each on its own origin).
build() {
  log "building the $1 build"
  if ! scripts/build-static.sh "${@:2}" >"$out/build-$1.log" 2>&1; then cat "$out/build-$1.log" >&2; exit 1; fi
}
build demo / "$out/dist-demo"
build customer --customer / "$out/dist-customer"
rm -rf "$out/plain" && mkdir -p "$out/plain"
cp scripts/bench/plain-login.html "$out/plain/index.html"
cp style/main.css "$out/plain/main.css"

pids=()
cleanup() {
  local pid
  # Only the servers started here, by their ids (bench.mjs ends its own drivers).
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
# Runs a step as a child whose id is known, so that cleanup ends it too if the script is stopped.
step() { "$@" & pids+=($!); wait $!; }
dirs=("$out/dist-demo" "$out/dist-customer" "$out/plain")
for i in 0 1 2; do
  node scripts/static-server.mjs "${dirs[$i]}" / "${ports[$i]}" --gzip &
  pids+=($!)
done
for port in "${ports[@]}"; do
  for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null && break; sleep 0.2; done
done
urls=("http://127.0.0.1:${ports[0]}/" "http://127.0.0.1:${ports[1]}/" "http://127.0.0.1:${ports[2]}/")

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
chromium=$(/usr/bin/chromium --version 2>/dev/null | grep -o 'Chromium [0-9.]*' || echo Chromium)
firefox=$( (firefox-esr --version || firefox --version) 2>/dev/null | sed 's/^Mozilla //')
echo "$(date -u +%Y-%m-%d), $(nproc) cores (${cpu}), load average $(cut -d' ' -f1-3 /proc/loadavg) at the start; ${chromium}, ${firefox}, node $(node --version)"

# Sizes, with the goals (a visit downloads everything but 404.html).
visit_gz() {
  local f total=0
  for f in "$1"/*.wasm "$1"/*.js "$1"/*.css "$1"/index.html; do
    [ -e "$f" ] && total=$((total + $(gzip -9 -c "$f" | wc -c)))
  done
  echo "$total"
}
goal_line() { # NAME DIR GOAL_KB
  local gz; gz=$(visit_gz "$2")
  awk -v n="$1" -v gz="$gz" -v goal="$3" 'BEGIN {
    kb = gz / 1000
    printf "%s build: a visit downloads %.1f KB gzip (wasm + JS + CSS + index.html) against a goal of %d KB: %s\n",
      n, kb, goal, (kb <= goal ? sprintf("met, %.1f KB to spare", goal - kb) : sprintf("missed by %.1f KB (%.0f%% over)", kb - goal, 100 * (kb - goal) / goal)) }'
}
for b in demo customer; do
  echo; echo "### Size, ${b} build"; echo
  scripts/size.sh "$out/dist-$b"
done
for b in demo customer; do
  echo; echo "### What the ${b} build's wasm is made of (twiggy)"; echo
  step scripts/bench/weigh.sh "$b"
done
echo
goal_line demo "$out/dist-demo" 150
goal_line customer "$out/dist-customer" 100

echo; echo "### Time to the login screen's 利用開始"; echo
step node scripts/bench.mjs "$runs" "${urls[@]}"

echo; echo "### Start-up profile"
step node scripts/bench/startup.mjs "${BENCH_STARTUP_RUNS:-5}" "demo build=${urls[0]}" "customer build=${urls[1]}"

echo; echo "### Lighthouse, mobile"; echo
step env CHROME_PATH=/usr/bin/chromium node scripts/bench/lighthouse.mjs "$lh_cli" "$out" "$lh_runs" \
  "demo build=${urls[0]}" "customer build=${urls[1]}" "plain page=${urls[2]}"

echo; echo "(scripts/bench.sh took $(( $(date +%s) - start )) s; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end)"
