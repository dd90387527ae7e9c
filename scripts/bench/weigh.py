"""Groups twiggy's rows (`twiggy top -f csv` of a wasm with its names kept) into the parts of the
app that weigh: Leptos, this app, the rules, serde, std, … and prints them as a Markdown table.

A row goes to the crate named first in its symbol, so `core::ptr::drop_in_place<shinkin_otp::…>`
is this app's, and Leptos's generic code instantiated for this app's views is Leptos's (the
screens' view code is partly counted there). Rows naming only std go to std.
With --routes it also prints what the routes to a smaller wasm weigh on (docs/perf.md discusses
them): serde_json's own code, std's formatting and panic code, and this app's code by module.
Usage: python3 scripts/bench/weigh.py TOP_CSV [--unclaimed] [--routes]  (--unclaimed: the largest
rows no part claims). scripts/bench/weigh.sh makes TOP_CSV.
"""
import collections
import csv
import re
import sys

# Parts whose crate may appear anywhere in a symbol; the first one named wins.
CRATES = [
    ("Leptos (tachys, reactive_graph, leptos, …)", ["tachys", "leptos", "reactive_graph", "any_spawner",
        "either_of", "next_tuple", "or_poisoned", "throw_error", "slotmap", "indexmap", "hashbrown",
        "guardian", "send_wrapper", "futures", "pin_project", "async_lock", "event_listener", "oco_ref",
        "hydration_context", "rustc_hash"]),
    ("this app (screens, banks, kit)", ["shinkin_otp::"]),
    ("the rules (shinkin_otp_domain)", ["shinkin_otp_domain"]),
    ("serde, serde_json", ["serde_json", "serde_core", "serde", "zmij", "itoa", "ryu"]),
    ("wasm-bindgen, js-sys, web-sys, gloo-*", ["wasm_bindgen", "js_sys", "web_sys", "gloo_", "wasm_streams",
        "intounderlying"]),
    ("totp-rs, hmac, sha1, base32 (demo bank)", ["totp_rs", "hmac", "sha1", "sha2", "base32", "digest",
        "block_buffer", "constant_time_eq"]),
    ("qrcode (demo kit)", ["qrcode"]),
    ("allocator (dlmalloc)", ["dlmalloc", "__rust_alloc", "__rdl_", "__rg_"]),
]
STD = ("Rust std (formatting, panics, strings, collections)", ["core::", "alloc::", "std::", "<char>",
    "<str>", "<usize", "<u32", "<u64", "<i32", "<isize", "<f64", "<bool", "<&", "__rustc",
    "compiler_builtins", "memcpy", "memset", "memmove", "memcmp"])
DATA = "data (the Japanese copy and other strings, tables)"
OTHER = "other (wasm tables, imports, exports, unnamed)"


def part_of(name):
    """The part a symbol belongs to."""
    if name.startswith("data segment"):
        return DATA
    best, at = None, len(name) + 1
    for part, crates in CRATES:
        for crate in crates:
            i = name.find(crate)
            if 0 <= i < at:
                best, at = part, i
    if best:
        return best
    if any(marker in name for marker in STD[1]):
        return STD[0]
    return OTHER


def main():
    rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
    weights, unclaimed = collections.Counter(), []
    for row in rows:
        # Crate disambiguators (core[c5930c85a12de822]) say nothing here.
        name = re.sub(r"\[[0-9a-f]{16}\]", "", row["Name"])
        size = int(row["ShallowSize"])
        if 'names" subsection' in name:
            continue  # the names kept for this weighing; the shipped wasm has none
        part = part_of(name)
        weights[part] += size
        if part == OTHER:
            unclaimed.append((size, name))
    total = sum(weights.values())
    print("| part | bytes | share |\n| --- | ---: | ---: |")
    for part, size in weights.most_common():
        print(f"| {part} | {size} | {100 * size / total:.0f} % |")
    print(f"| **all (wasm-opt -Oz, before gzip)** | {total} | 100 % |")
    if "--routes" in sys.argv[2:]:
        routes(rows)
    if "--unclaimed" in sys.argv[2:]:
        for size, name in sorted(unclaimed, reverse=True)[:10]:
            print(size, name[:120])


def routes(rows):
    """Bytes a route to a smaller wasm would act on, by symbol name (shallow sizes, before gzip)."""
    weights = collections.Counter()
    for row in rows:
        name = re.sub(r"\[[0-9a-f]{16}\]", "", row["Name"])
        size = int(row["ShallowSize"])
        if "serde_json" in name:
            weights["serde_json (what the browser's JSON.parse would replace)"] += size
        if name.startswith(("core::fmt", "alloc::fmt")) or "as core::fmt::" in name:
            weights["formatting (core::fmt and the Display/Debug impls)"] += size
        if "panic" in name:
            weights["panics (core::panicking and the panic hook)"] += size
        module = re.search(r"shinkin_otp::(?:ui::)?([a-z_]+)", name)
        if module and not module.group(1).startswith("__"):
            weights[f"this app: {module.group(1)}"] += size
    print("\n| route acts on | bytes |\n| --- | ---: |")
    for what, size in sorted(weights.items(), key=lambda kv: -kv[1]):
        print(f"| {what} | {size} |")


main()
