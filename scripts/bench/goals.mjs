// The goals of the issue "Live at once on a slow phone", each printed with its figure and met or
// missed, from what the other steps of scripts/bench.sh wrote into RESULTS_DIR:
//  - sizes.json: the gzip bytes of a visit of each build (wasm + JS + CSS + index.html);
//  - weigh-*.csv: twiggy's rows of each build's wasm with its names kept (no `url`/`idna` symbol);
//  - startup-*.json: one per round of scripts/bench/startup.mjs (the live login screen, the plain
//    page's first paint); a goal's figure is the median of the rounds' medians, with their spread;
//  - lighthouse.json: scripts/bench/lighthouse.mjs's runs (best practices, as the server serves).
// Measures nothing itself and asserts nothing: a missed goal is printed, not an error.
// Usage: node scripts/bench/goals.mjs RESULTS_DIR
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { median } from "./median.mjs";

const dir = process.argv[2];
if (!dir) throw new Error("usage: node scripts/bench/goals.mjs RESULTS_DIR");
const read = (f) => (existsSync(join(dir, f)) ? JSON.parse(readFileSync(join(dir, f), "utf8")) : null);
const rows = [];
const goal = (what, figure, met) => rows.push([what, figure, met === null ? "not measured" : met ? "met" : "**missed**"]);

// Sizes (KB = 1000 bytes).
const sizes = read("sizes.json") ?? {};
for (const [build, limit] of [["customer", 100], ["demo", 150], ["demo over a server", 150]]) {
  const gz = sizes[build];
  const kb = gz === undefined ? null : gz / 1000;
  goal(`${build} build, gzip per visit ≤ ${limit} KB`, kb === null ? "–" :
    `${kb.toFixed(1)} KB (${kb <= limit ? `${(limit - kb).toFixed(1)} KB to spare` : `${(kb - limit).toFixed(1)} KB, ${Math.round(100 * (kb - limit) / limit)} % over`})`,
    kb === null ? null : kb <= limit);
}

// No url/IDNA code in any wasm: no symbol of either crate among twiggy's named rows.
const weighed = readdirSync(dir).filter((f) => /^weigh-.*\.csv$/.test(f));
const foreign = weighed.flatMap((f) => readFileSync(join(dir, f), "utf8").split("\n")
  .filter((line) => /\b(idna|url)::/.test(line)).map(() => f.slice(6, -4)));
goal("no `url` or IDNA code in any wasm", weighed.length === 0 ? "–" :
  foreign.length ? `symbols of url/idna in: ${[...new Set(foreign)].join(", ")}` : `none in ${weighed.length} builds (${weighed.map((f) => f.slice(6, -4)).join(", ")})`,
  weighed.length === 0 ? null : foreign.length === 0);

// Live login screen: medians of each round, then the median of the rounds with their spread.
const rounds = readdirSync(dir).filter((f) => /^startup-\d+\.json$/.test(f)).sort().map((f) => read(f));
const SLOW = "4× CPU, slow 4G", HERE = "this machine", PLAIN = "plain page";
const perRound = (page, cond) => rounds.map((r) => r.pages[page]?.[cond]?.ready ?? null).filter((x) => x !== null);
const spread = (xs) => (xs.length > 1 ? ` (rounds: ${xs.map((x) => Math.round(x)).join(", ")} ms)` : "");
for (const [page, limit] of [["customer build", 1500], ["demo build", 1800], ["demo over a server", 1800]]) {
  const xs = perRound(page, SLOW), m = median(xs);
  goal(`${page}: live login screen on 4× CPU / slow 4G ≤ ${(limit / 1000).toFixed(1)} s`,
    m === null ? "–" : `${Math.round(m)} ms${spread(xs)}`, m === null ? null : m <= limit);
}
const plainHere = perRound(PLAIN, HERE);
for (const page of ["customer build", "demo build", "demo over a server"]) {
  // The ratio per round (app and plain page of the same round), then their median.
  const ratios = rounds.map((r) => {
    const app = r.pages[page]?.[HERE]?.ready, plain = r.pages[PLAIN]?.[HERE]?.ready;
    return app && plain ? app / plain : null;
  }).filter((x) => x !== null);
  const m = median(ratios);
  goal(`${page}: live login screen on loopback ≤ 2× the plain page's first paint`,
    m === null ? "–" : `${m.toFixed(2)}× (${Math.round(median(perRound(page, HERE)))} ms against ${Math.round(median(plainHere))} ms` +
      `${ratios.length > 1 ? `; rounds: ${ratios.map((x) => `${x.toFixed(2)}×`).join(", ")}` : ""})`,
    m === null ? null : m <= 2);
}

// Lighthouse best practices, as the reference server serves each build.
for (const r of (read("lighthouse.json") ?? []).filter((r) => r.name !== PLAIN)) {
  const scores = r.runs.map((g) => g.bp);
  goal(`${r.name}: Lighthouse best practices 100 as served`, r.n ? `${Math.round(median(scores))}` +
    `${scores.length > 1 ? ` (runs: ${scores.map((x) => Math.round(x)).join(", ")})` : ""}` +
    `${r.bpFailed.length ? `; failed: ${r.bpFailed.join(", ")}` : ""}` : "–", r.n ? median(scores) >= 100 : null);
}

console.log("| goal | figure | verdict |\n| --- | --- | --- |");
for (const [what, figure, verdict] of rows) console.log(`| ${what} | ${figure} | ${verdict} |`);
const missed = rows.filter((r) => r[2] !== "met").length;
console.log(`\n${rows.length - missed} of ${rows.length} goals met` +
  `${rounds.length ? `; live times are medians of ${rounds.length} rounds of ${rounds[0].runs} loads each` : ""}.`);
