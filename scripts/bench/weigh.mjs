// Groups twiggy's rows (`twiggy top -f csv` of a wasm with its names kept) into the parts of the
// app that weigh: Leptos, this app, the rules, serde, std, … and prints them as a Markdown table.
// A row goes to the crate named first in its symbol, so `core::ptr::drop_in_place<shinkin_otp::…>`
// is this app's, and Leptos's generic code instantiated for this app's views is Leptos's (the
// screens' view code is partly counted there). Rows naming only std go to std.
// With --routes it also prints what the routes to a smaller wasm act on (docs/perf.md discusses
// them): serde_json's own code, std's formatting and panic code, and this app's code by module.
// Usage: node scripts/bench/weigh.mjs TOP_CSV [--unclaimed] [--routes]  (--unclaimed: the largest
// rows no part claims). scripts/bench/weigh.sh makes TOP_CSV.
import { readFileSync } from "node:fs";

// Parts whose crate may appear anywhere in a symbol; the first one named wins.
const CRATES = [
  ["Leptos (tachys, reactive_graph, leptos, …)", ["tachys", "leptos", "reactive_graph", "any_spawner",
    "either_of", "next_tuple", "or_poisoned", "throw_error", "slotmap", "indexmap", "hashbrown",
    "guardian", "send_wrapper", "futures", "pin_project", "async_lock", "event_listener", "oco_ref",
    "hydration_context", "rustc_hash"]],
  ["this app (screens, banks, kit)", ["shinkin_otp::"]],
  ["the rules (shinkin_otp_domain)", ["shinkin_otp_domain"]],
  ["serde, serde_json", ["serde_json", "serde_core", "serde", "zmij", "itoa", "ryu"]],
  ["wasm-bindgen, js-sys, web-sys, gloo-*", ["wasm_bindgen", "js_sys", "web_sys", "gloo_", "wasm_streams",
    "intounderlying"]],
  ["totp-rs, hmac, sha1, base32 (demo bank)", ["totp_rs", "hmac", "sha1", "sha2", "base32", "digest",
    "block_buffer", "constant_time_eq"]],
  ["qrcode (demo kit)", ["qrcode"]],
  ["allocator (dlmalloc)", ["dlmalloc", "__rust_alloc", "__rdl_", "__rg_"]],
];
const STD = ["Rust std (formatting, panics, strings, collections)", ["core::", "alloc::", "std::", "<char>",
  "<str>", "<usize", "<u32", "<u64", "<i32", "<isize", "<f64", "<bool", "<&", "__rustc",
  "compiler_builtins", "memcpy", "memset", "memmove", "memcmp"]];
const DATA = "data (the Japanese copy and other strings, tables)";
const OTHER = "other (wasm tables, imports, exports, unnamed)";

/** The part a symbol belongs to. */
function partOf(name) {
  if (name.startsWith("data segment")) return DATA;
  let best = null, at = name.length + 1;
  for (const [part, crates] of CRATES) {
    for (const crate of crates) {
      const i = name.indexOf(crate);
      if (i >= 0 && i < at) { best = part; at = i; }
    }
  }
  if (best) return best;
  return STD[1].some((marker) => name.includes(marker)) ? STD[0] : OTHER;
}

/** twiggy's CSV: a header, then rows whose Name may be quoted (with "" for a quote). */
function readRows(file) {
  const rows = [];
  const lines = readFileSync(file, "utf8").split("\n");
  const header = lines[0].split(",");
  const [nameAt, sizeAt] = [header.indexOf("Name"), header.indexOf("ShallowSize")];
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const cells = [];
    for (const m of line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)) {
      cells.push(m[1].startsWith('"') ? m[1].slice(1, -1).replaceAll('""', '"') : m[1]);
      if (!m[2]) break;
    }
    // Crate disambiguators (core[c5930c85a12de822]) say nothing here.
    rows.push({ name: cells[nameAt].replace(/\[[0-9a-f]{16}\]/g, ""), size: Number(cells[sizeAt]) });
  }
  return rows;
}

/** Bytes a route to a smaller wasm would act on, by symbol name (shallow sizes, before gzip). */
function routes(rows) {
  const weights = new Map();
  const add = (what, size) => weights.set(what, (weights.get(what) ?? 0) + size);
  for (const { name, size } of rows) {
    if (name.includes("serde_json")) add("serde_json (what the browser's JSON.parse would replace)", size);
    if (name.startsWith("core::fmt") || name.startsWith("alloc::fmt") || name.includes("as core::fmt::")) {
      add("formatting (core::fmt and the Display/Debug impls)", size);
    }
    if (name.includes("panic")) add("panics (core::panicking and the panic hook)", size);
    const module = /shinkin_otp::(?:ui::)?([a-z_]+)/.exec(name);
    if (module && !module[1].startsWith("__")) add(`this app: ${module[1]}`, size);
  }
  console.log("\n| route acts on | bytes |\n| --- | ---: |");
  for (const [what, size] of [...weights].sort((a, b) => b[1] - a[1])) console.log(`| ${what} | ${size} |`);
}

const [file, ...flags] = process.argv.slice(2);
if (!file) throw new Error("usage: node scripts/bench/weigh.mjs TOP_CSV [--unclaimed] [--routes]");
// The names kept for this weighing: the shipped wasm has none.
const rows = readRows(file).filter((r) => !r.name.includes('names" subsection'));
const weights = new Map(), unclaimed = [];
for (const { name, size } of rows) {
  const part = partOf(name);
  weights.set(part, (weights.get(part) ?? 0) + size);
  if (part === OTHER) unclaimed.push([size, name]);
}
const total = [...weights.values()].reduce((a, b) => a + b, 0);
console.log("| part | bytes | share |\n| --- | ---: | ---: |");
for (const [part, size] of [...weights].sort((a, b) => b[1] - a[1])) {
  console.log(`| ${part} | ${size} | ${Math.round((100 * size) / total)} % |`);
}
console.log(`| **all (wasm-opt -Oz, before gzip)** | ${total} | 100 % |`);
if (flags.includes("--routes")) routes(rows);
if (flags.includes("--unclaimed")) {
  for (const [size, name] of unclaimed.sort((a, b) => b[0] - a[0]).slice(0, 10)) console.log(size, name.slice(0, 120));
}
