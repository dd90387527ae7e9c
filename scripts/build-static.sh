#!/usr/bin/env bash
# Builds the static bundle for a host that serves the app under PUBLIC_URL (default /shinkin-otp/)
# into DIST (default dist-static/). Upload DIST's contents to that path: index.html, 404.html (for
# deep links and reloads), the wasm, JS and CSS. No server-side part.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
public_url="${1:-/shinkin-otp/}"
dist="${2:-dist-static}"
scripts/setup.sh none
cargo fetch --quiet
trunk build --release --offline --public-url "$public_url" --dist "$dist"
echo "static bundle for ${public_url} in ${dist}/" >&2
