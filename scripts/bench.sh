#!/usr/bin/env bash
# Measures the release bundle: sizes (scripts/size.sh) and speed in headless Chromium and Firefox
# (scripts/bench.mjs). Prints Markdown tables for the README. Measures only; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup.sh all
scripts/build-static.sh /shinkin-otp/ dist-static >/dev/null 2>&1
scripts/size.sh dist-static
echo
node scripts/bench.mjs dist-static /shinkin-otp/ "${1:-5}"
