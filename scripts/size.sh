#!/usr/bin/env bash
# Prints the size (raw and gzip -9) of each file of the release bundle in dist/, as a Markdown table.
# Run after `trunk build --release --offline`; scripts/test.sh does both.
set -euo pipefail
dist="${1:-dist}"
[ -d "$dist" ] || { echo "no $dist/: run trunk build --release --offline first" >&2; exit 1; }
printf '| file | raw bytes | gzip bytes |\n| --- | ---: | ---: |\n'
total_raw=0; total_gz=0
for f in "$dist"/*.wasm "$dist"/*.js "$dist"/*.css "$dist"/*.html; do
  [ -e "$f" ] || continue
  raw=$(wc -c < "$f"); gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  # Hashes change every build; print the kind of file, not its hashed name.
  name=$(basename "$f" | sed -E 's/-[0-9a-f]{13,16}(_bg|\.)/\1/')
  printf '| %s | %d | %d |\n' "$name" "$raw" "$gz"
done
printf '| **total** | %d | %d |\n' "$total_raw" "$total_gz"
