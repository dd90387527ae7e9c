#!/usr/bin/env bash
# Builds the sub-path static bundle and checks it in headless Chromium and Firefox, served as GitHub
# Pages would serve it: the app at the sub-path root, deep links answered by 404.html, and the
# Content-Security-Policy in force (see scripts/check-static.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
prefix="/shinkin-otp/"
dist="dist-static"
scripts/build-static.sh "$prefix" "$dist" >/dev/null 2>&1 || scripts/build-static.sh "$prefix" "$dist"
node scripts/check-static.mjs "$dist" "$prefix"
