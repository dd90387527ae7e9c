#!/usr/bin/env bash
# Builds a static bundle for a host that serves the app under PUBLIC_URL (default /shinkin-otp/)
# into DIST (default dist-static/), its pages carrying the login screen's markup so it paints
# before the wasm arrives (scripts/prerender.mjs, in headless Chromium). Upload DIST's contents to that path: index.html, 404.html (for
# deep links and reloads), the wasm, JS, CSS and icon, and the .br and .gz copy beside each
# (scripts/compress.mjs) for a host that serves precompressed files (others can leave them out).
#
#   scripts/build-static.sh [PUBLIC_URL [DIST]]
#       the demo (index.html): the in-browser demo bank and kit, no server-side part
#   scripts/build-static.sh --customer [--api-origin ORIGIN] [PUBLIC_URL [DIST]]
#       the customer build (customer.html, cargo --no-default-features): the HTTP bank, none of the
#       demo; it calls the bank's API at /api/v1 on its own origin, or on ORIGIN (e.g.
#       https://api.example.jp), which then is the only origin its CSP lets it connect to
#   scripts/build-static.sh --demo-server [PUBLIC_URL [DIST]]
#       the demo on a server (demo-server.html): the demo build, whose page names the server as its
#       bank, so the screens and the kit use a reference server started with --demo, which serves
#       it (scripts/serve-server.sh does both)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

target=index.html
api_origin=
positional=()
while [ $# -gt 0 ]; do
  case "$1" in
    --customer) target=customer.html ;;
    --demo-server) target=demo-server.html ;;
    --api-origin) api_origin="${2:?--api-origin needs an origin such as https://api.example.jp}"; shift ;;
    --api-origin=*) api_origin="${1#--api-origin=}" ;;
    -*) echo "build-static.sh: unknown option $1" >&2; exit 2 ;;
    *) positional+=("$1") ;;
  esac
  shift
done
public_url="${positional[0]:-/shinkin-otp/}"
dist="${positional[1]:-dist-static}"
if [ -n "$api_origin" ] && [ "$target" != customer.html ]; then
  echo "build-static.sh: --api-origin is for the customer build (--customer)" >&2
  exit 2
fi
if [ -n "$api_origin" ] && ! [[ "$api_origin" =~ ^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$ ]]; then
  echo "build-static.sh: --api-origin must be an origin (scheme://host[:port]), not $api_origin" >&2
  exit 2
fi

scripts/setup.sh chromium
cargo fetch --quiet
# The app reads SHINKIN_OTP_API_ORIGIN at compile time (HttpBank::from_build) and the post-build
# hook puts it in the CSP's connect-src; unset means the page's own origin ('self'). It is set only
# when given, so the usual builds share one compiled crate (cargo rebuilds when it changes).
unset SHINKIN_OTP_API_ORIGIN
if [ -n "$api_origin" ]; then export SHINKIN_OTP_API_ORIGIN="$api_origin"; fi
trunk build --release --offline --public-url "$public_url" --dist "$dist" "$target"
# The login screen's markup in the page, rendered by the app itself, so it paints before the wasm.
node scripts/prerender.mjs "$dist" "$public_url"
# Last, as nothing may change the files after it: a brotli (.br) and a gzip (.gz) copy beside each
# compressible file, for hosts that serve precompressed files (the reference server's --static).
node scripts/compress.mjs "$dist"
if [ "$target" = demo-server.html ]; then
  echo "demo bundle for a --demo server, for ${public_url} in ${dist}/" >&2
elif [ "$target" = customer.html ]; then
  echo "customer bundle for ${public_url} in ${dist}/ (API: ${api_origin:-this origin}/api/v1)" >&2
else
  echo "static bundle for ${public_url} in ${dist}/" >&2
fi
