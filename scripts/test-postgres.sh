#!/usr/bin/env bash
# The reference server's tests — the API, the bank conformance suite over a socket, the races (one
# and two server processes), the faults — again on PostgreSQL: a throwaway cluster on
# 127.0.0.1:${SHINKIN_OTP_PG_PORT:-17880}, each test in a database of its own, stopped and removed
# at the end. Installs PostgreSQL from Debian when it is missing (scripts/setup.sh postgres).
# Part of scripts/test.sh; runs alone too.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

scripts/setup.sh postgres
# shellcheck source=scripts/pg-throwaway.sh
. scripts/pg-throwaway.sh
trap pg_stop EXIT
# Durability off: a test cluster lives for minutes (the benchmark keeps the defaults).
pg_start "${SHINKIN_OTP_PG_PORT:-17880}" fsync=off synchronous_commit=off full_page_writes=off max_connections=400
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:${SHINKIN_OTP_PG_PORT:-17880} (${PG_TMP})" >&2
# Arguments go to the test binary (a name filter, --nocapture). `--workspace` (selecting only the
# server's test target) keeps the features of the workspace build test.sh has just made: with `-p`
# cargo would unify fewer features and compile the server's dependencies a second time.
SHINKIN_OTP_TEST_PG_URL="$PG_URL" cargo test --quiet --workspace --test server -- "$@"
