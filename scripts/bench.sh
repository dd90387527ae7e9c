#!/usr/bin/env bash
# The front end's benchmark (issues 12 and 19): in one run, on this machine's loopback only,
#  1. builds the demo (index.html), the customer build (customer.html, --customer) and the demo over
#     a server (demo-server.html, --demo-server: the demo's wasm, another page) once, into
#     $CARGO_TARGET_DIR/bench/ (default target/bench/), and prints each one's sizes, raw and gzip -9
#     (scripts/size.sh);
#  2. serves the three builds and a plain HTML page of the same login form
#     (scripts/bench/plain-login.html with style/main.css) with the reference server itself, as
#     scripts/serve-server.sh does (--static: precompressed brotli/gzip, hashed files cached for
#     good, the HTML revalidated; --demo, so the demo over a server has its back office), each on its
#     own port and throw-away SQLite database;
#  3. times the login screen's 利用開始 in headless Chromium and Firefox, app and plain page in
#     alternating pairs, first and return visits, medians of RUNS (scripts/bench.mjs says how);
#  4. profiles the start-up to the live login screen (scripts/bench/startup.mjs) in ROUNDS rounds, on
#     this machine and slowed as Lighthouse's mobile run is, with the plain page's first paint;
#  5. runs Lighthouse (npm package lighthouse@LIGHTHOUSE_VERSION, installed into
#     $CARGO_TARGET_DIR/bench-tools/, not the repo) with its mobile defaults on each build and the
#     plain page: performance, best practices (as served), FCP, LCP, TBT (scripts/bench/lighthouse.mjs);
#  6. weighs the demo's and the customer build's wasm by part with twiggy (scripts/bench/weigh.sh);
#  7. prints each goal of the issue "Live at once on a slow phone" with its figure and met or missed
#     (scripts/bench/goals.mjs): sizes, no url/IDNA, live times (median and spread of the rounds),
#     best practices 100.
# Prints Markdown tables for docs/perf.md. Measures only; asserts nothing; not part of scripts/test.sh.
# Stops by itself (each step is bounded) and stops the servers and drivers it started on exit.
#
#   scripts/bench.sh [RUNS]     RUNS page loads per page and browser (default 7);
#                               BENCH_ROUNDS start-up profile rounds (default 3),
#                               BENCH_STARTUP_RUNS loads per build and round (default 5),
#                               BENCH_LIGHTHOUSE_RUNS Lighthouse runs per page (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

LIGHTHOUSE_VERSION=12.8.2   # 13.x needs node ≥ 22.19; the machine has node 20
runs=${1:-7} lh_runs=${BENCH_LIGHTHOUSE_RUNS:-3}
target="${CARGO_TARGET_DIR:-target}"
out="$target/bench" tools="$target/bench-tools"
ports=(47901 47902 47903 47904)   # demo, customer, plain page, demo over a server
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

# The three builds, served at / (each on its own origin), and the server that serves them.
build() {
  log "building the $1 build"
  if ! scripts/build-static.sh "${@:2}" >"$out/build-$1.log" 2>&1; then cat "$out/build-$1.log" >&2; exit 1; fi
}
build demo / "$out/dist-demo"
build customer --customer / "$out/dist-customer"
build demo-server --demo-server / "$out/dist-demo-server"
rm -rf "$out/plain" && mkdir -p "$out/plain"
cp scripts/bench/plain-login.html "$out/plain/index.html"
cp style/main.css "$out/plain/main.css"
node scripts/compress.mjs "$out/plain" >&2
log "building shinkin-otp-server (profile server)"
cargo build --quiet --profile server -p shinkin-otp-server
server="$(cd "$target" && pwd)/server/shinkin-otp-server"
results="$out/results"
rm -rf "$results" && mkdir -p "$results"

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
dirs=("$out/dist-demo" "$out/dist-customer" "$out/plain" "$out/dist-demo-server")
for i in 0 1 2 3; do
  rm -f "$out/bank-$i.db"*
  "$server" --listen "127.0.0.1:${ports[$i]}" --database-url "sqlite://$out/bank-$i.db" --demo \
    --static "${dirs[$i]}" --rate-limit-per-address 0 --rate-limit-per-contract 0 >"$out/server-$i.log" 2>&1 &
  pids+=($!)
done
for port in "${ports[@]}"; do
  for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null && break; sleep 0.2; done
done
urls=("http://127.0.0.1:${ports[0]}/" "http://127.0.0.1:${ports[1]}/" "http://127.0.0.1:${ports[2]}/" "http://127.0.0.1:${ports[3]}/")

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
chromium=$(/usr/bin/chromium --version 2>/dev/null | grep -o 'Chromium [0-9.]*' || echo Chromium)
firefox=$( (firefox-esr --version || firefox --version) 2>/dev/null | sed 's/^Mozilla //')
echo "$(date -u +%Y-%m-%d) at commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!docs' || echo ' (with changes)'), $(nproc) cores (${cpu}), load average $(cut -d' ' -f1-3 /proc/loadavg) at the start; ${chromium}, ${firefox}, node $(node --version)"

# Sizes: a visit downloads everything but 404.html (KB = 1000 bytes).
visit_gz() {
  local f total=0
  for f in "$1"/*.wasm "$1"/*.js "$1"/*.css "$1"/index.html; do
    [ -e "$f" ] && total=$((total + $(gzip -9 -c "$f" | wc -c)))
  done
  echo "$total"
}
names=(demo customer demo-server)
for b in "${names[@]}"; do
  echo; echo "### Size, ${b} build"; echo
  scripts/size.sh "$out/dist-$b"
done
printf '{"demo": %d, "customer": %d, "demo over a server": %d}\n' "$(visit_gz "$out/dist-demo")" \
  "$(visit_gz "$out/dist-customer")" "$(visit_gz "$out/dist-demo-server")" > "$results/sizes.json"

echo; echo "### Time to the login screen's 利用開始"; echo
step node scripts/bench.mjs "$runs" "${urls[@]:0:3}"

rounds=${BENCH_ROUNDS:-3}
for round in $(seq 1 "$rounds"); do
  log "start-up profile, round ${round} of ${rounds}"
  pages=(--plain "plain page=${urls[2]}" "demo build=${urls[0]}" "customer build=${urls[1]}" "demo over a server=${urls[3]}")
  if [ "$round" = 1 ]; then
    echo; echo "### Start-up profile (round 1 of ${rounds}; the others in ${results}/startup-N.md)"
    step node scripts/bench/startup.mjs "${BENCH_STARTUP_RUNS:-5}" --json "$results/startup-$round.json" "${pages[@]}"
  else
    step node scripts/bench/startup.mjs "${BENCH_STARTUP_RUNS:-5}" --json "$results/startup-$round.json" "${pages[@]}" \
      > "$results/startup-$round.md"
  fi
done

echo; echo "### Lighthouse, mobile"; echo
step env CHROME_PATH=/usr/bin/chromium node scripts/bench/lighthouse.mjs "$lh_cli" "$results" "$lh_runs" \
  "demo build=${urls[0]}" "customer build=${urls[1]}" "demo over a server=${urls[3]}" "plain page=${urls[2]}"

for b in demo customer; do
  echo; echo "### What the ${b} build's wasm is made of (twiggy)"; echo
  step scripts/bench/weigh.sh "$b"
  cp "$target/bench/weigh-$b/top.csv" "$results/weigh-$b.csv"
done

echo; echo "### The goals"; echo
node scripts/bench/goals.mjs "$results"

echo; echo "(scripts/bench.sh took $(( $(date +%s) - start )) s; load average $(cut -d' ' -f1-3 /proc/loadavg) at the end)"
