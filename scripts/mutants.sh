#!/usr/bin/env bash
# Shows whether the bank rules' tests can fail: cargo-mutants breaks the rules of the domain crate
# (shinkin-otp-domain, src/domain) one small edit at a time — a function returning a constant, an
# operator swapped, a match arm deleted, a `!` removed — and runs that crate's own tests (native
# unit tests and doctests) against each. A mutant no test notices is "missed".
#
# In scope: the rule modules — bank.rs (the state machine) with bank/rules.rs and bank/resync.rs
# (時刻補正), input.rs, totp.rs, card.rs, token.rs, ledger.rs, flows.rs, errors.rs, directory.rs,
# desk.rs, audit.rs, history.rs (ご利用履歴), time_limit.rs, operation/ (the calls as types),
# spelling.rs (old stored forms) and lib.rs's constant_time_eq.
# Out of scope (.cargo/mutants.toml says why, file by file): date.rs, wire/, keyboard.rs,
# demo_data.rs, back_office.rs, the Display/Debug wording, and the platform's clock and random
# source. The whole crate is 590 mutants and about 25 minutes on the 2-core machine; the scope keeps
# the run to minutes.
#
# Writes docs/mutants.md: the date, commit, cargo-mutants version, the counts (caught, missed,
# unviable, timeouts) and every missed mutant with the reason it survives, read from
# scripts/mutants-explained.tsv. Exits 1 if a missed mutant has no reason there (each must be
# killed by a new test or explained). cargo-mutants' own output goes to
# ${CARGO_TARGET_DIR:-target}/mutants/mutants.out (outcomes.json, the diffs and logs).
#
# Usage: scripts/mutants.sh   (MUTANTS_JOBS=1 for one build at a time; default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

scripts/setup.sh mutants

jobs="${MUTANTS_JOBS:-2}"
test_timeout=20 # seconds per mutant's tests: they take about 1 s, so this is a loop that never ends
target="${CARGO_TARGET_DIR:-target}"
case "$target" in /*) ;; *) target="$PWD/$target" ;; esac
out="$target/mutants"
mkdir -p "$out"

# Each of cargo-mutants' scratch copies of the tree builds into its own target/: a shared
# CARGO_TARGET_DIR would make the jobs wait on one another and mix mutated builds into it.
start=$SECONDS
status=0
env -u CARGO_TARGET_DIR cargo mutants -p shinkin-otp-domain -j "$jobs" \
  --timeout "$test_timeout" --build-timeout 600 --colors never -o "$out" || status=$?
elapsed=$((SECONDS - start))
# 0: nothing missed; 2: some missed; 3: some timed out (both are reported below). Anything else
# (the tests failing unmutated, a usage error) is not a run to report.
case "$status" in 0 | 2 | 3) ;; *) echo "cargo mutants failed (exit $status)" >&2; exit "$status" ;; esac

python3 - "$out/mutants.out/outcomes.json" scripts/mutants-explained.tsv docs/mutants.md \
  "$elapsed" "$jobs" "$test_timeout" "$(cargo mutants --version)" \
  "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- || echo ' with uncommitted changes')" <<'EOF'
import collections, datetime, json, re, sys

outcomes, explained_path, report, elapsed, jobs, test_timeout, version, commit = sys.argv[1:]
elapsed = int(elapsed)

def key(name):
    """A mutant's name without its line and column, which move whenever the file above it changes."""
    return re.sub(r"^([^:]+):\d+:\d+: ", r"\1: ", name)

explained = {}
for line in open(explained_path, encoding="utf-8"):
    if line.strip() and not line.startswith("#"):
        name, reason = line.rstrip("\n").split("\t", 1)
        explained[name] = reason.strip()

by_summary = collections.defaultdict(list)
for o in json.load(open(outcomes))["outcomes"]:
    if o["scenario"] == "Baseline":
        continue
    by_summary[o["summary"]].append(o["scenario"]["Mutant"]["name"])
caught, missed = by_summary["CaughtMutant"], by_summary["MissedMutant"]
unviable, timeouts = by_summary["Unviable"], by_summary["Timeout"]
unexplained = [m for m in missed if key(m) not in explained]
stale = sorted(set(explained) - {key(m) for m in missed})

per_file = collections.Counter(m.split(":")[0] for ms in by_summary.values() for m in ms)
total = sum(per_file.values())
md = lambda s: s.replace("|", "\\|")
w = []
w.append("# Mutation testing of the bank's rules\n")
w.append("Written by `scripts/mutants.sh` (cargo-mutants on `src/domain`); do not edit by hand: run the "
         "script again. A *mutant* is one small edit that breaks the code; it is *caught* when at least "
         "one of the crate's tests fails with it, *missed* when they all pass.\n")
w.append(f"- date: {datetime.date.today().isoformat()}")
w.append(f"- commit: {commit}")
w.append(f"- tool: {version}, `-j {jobs}`, a {test_timeout} s limit on each mutant's tests")
w.append(f"- run time: {elapsed // 60} min {elapsed % 60:02d} s on this 2-core machine\n")
w.append("## Scope\n")
w.append("The crate `shinkin-otp-domain`, tested by its own native unit tests and doctests "
         "(`cargo test -p shinkin-otp-domain`), files:\n")
w.append(", ".join(f"`{f.removeprefix('src/domain/')}` ({n})" for f, n in sorted(per_file.items())) + ".\n")
w.append("Not mutated (`.cargo/mutants.toml`): `date.rs` (calendar arithmetic for the timestamps shown), "
         "`wire/` (the HTTP contract's JSON shapes, held by the server's API tests), `keyboard.rs` "
         "(the software keyboard's key order), `demo_data.rs` and `back_office.rs` (the demo's fixtures "
         "and the kit's view), the `Display`/`Debug` wording, and the platform's clock and random source "
         "(the rules take both injected). The whole crate, measured once (commit 2525880, before this "
         "scope and the build profile without debug information), is 590 mutants and 25 minutes here.\n")
w.append("## Counts\n")
w.append("| outcome | mutants |\n| --- | ---: |")
w.append(f"| caught (a test failed) | {len(caught)} |")
w.append(f"| missed, explained below | {len(missed) - len(unexplained)} |")
w.append(f"| missed, not explained | {len(unexplained)} |")
w.append(f"| timeout (the tests ran past the limit instead of passing: noticed, listed below) | {len(timeouts)} |")
w.append(f"| unviable (the edit does not compile) | {len(unviable)} |")
w.append(f"| **total** | {total} |\n")
w.append("## Missed mutants and why they survive\n")
if missed:
    w.append("Each is a change no test can see, or one outside what a test of the rules should pin; "
             "the reasons are kept in `scripts/mutants-explained.tsv`.\n")
    w.append("| mutant | why it survives |\n| --- | --- |")
    for m in sorted(missed):
        w.append(f"| `{md(m)}` | {md(explained.get(key(m), '**not explained: kill it with a test or explain it**'))} |")
else:
    w.append("None.")
w.append("\n## Timeouts\n")
if timeouts:
    w.append("Each makes a test run on past the limit instead of passing (a loop that never finds what it "
             "draws or searches for, or a search billions of steps long), so the mutant does not go unnoticed:\n")
    w.extend(f"- `{md(m)}`" for m in sorted(timeouts))
else:
    w.append("None.")
open(report, "w", encoding="utf-8").write("\n".join(w) + "\n")

print(f"{total} mutants in {elapsed} s: {len(caught)} caught, {len(missed)} missed "
      f"({len(unexplained)} not explained), {len(timeouts)} timeouts, {len(unviable)} unviable -> {report}")
for s in stale:
    print(f"no longer missed, remove from {explained_path}: {s}", file=sys.stderr)
for m in unexplained:
    print(f"missed and not explained: {m}", file=sys.stderr)
sys.exit(1 if unexplained else 0)
EOF
