#!/usr/bin/env bash
# Serves the demo (with its in-browser demo bank) at http://127.0.0.1:8080/, installing the build
# tools first if they are missing. No server-side part: everything runs in the browser.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup.sh none
cargo fetch --quiet
exec trunk serve --release --offline "$@"
