#!/usr/bin/env bash
# Checks the sub-path static bundle in headless Chromium, served as GitHub Pages would serve it:
# the app at the sub-path root, a deep link to an emulator page (answered by 404.html), all under
# the bundle's Content-Security-Policy (the page would stay blank if the policy blocked the loader).
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="/shinkin-otp/"
dist="dist-static"
port=8097
scripts/build-static.sh "$prefix" "$dist" >/dev/null 2>&1 || scripts/build-static.sh "$prefix" "$dist"
node scripts/static-server.mjs "$dist" "$prefix" "$port" &
server=$!
trap 'kill $server 2>/dev/null' EXIT
sleep 1

heading_of() {
  timeout 60 chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --disable-background-networking --disable-component-update --disable-sync --no-first-run \
    --virtual-time-budget=10000 --dump-dom "http://127.0.0.1:${port}$1" 2>/dev/null \
    | grep -o '<h1[^>]*>[^<]*' | sed 's/<h1[^>]*>//' | head -1
}

fail=0
check() {
  local path=$1 want=$2 got
  got=$(heading_of "$path")
  if [ "$got" = "$want" ]; then echo "ok: ${path} shows ${want}"; else echo "FAIL: ${path} shows '${got}', expected '${want}'"; fail=1; fi
}
check "${prefix}" "ログイン"
check "${prefix}software-token?serial=SKTS10000001" "ソフトウェアトークン（デモ）"
check "${prefix}hardware-token" "ハードウェアトークン（デモ）"
check "${prefix}some/deep/link" "ログイン"
exit $fail
