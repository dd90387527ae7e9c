// Lighthouse (the npm package, installed by scripts/bench.sh outside the repo) on each page, with its
// mobile defaults: simulated slow 4G and 4× CPU slowdown on a Moto G Power-sized screen, the
// performance and best-practices categories, headless Chromium (CHROME_PATH). RUNS runs per page,
// each bounded to 3 minutes; prints the median of each figure as a Markdown table, with LCP against
// the plain page and the best-practices audits any run failed, and writes OUT_DIR/lighthouse.json
// (medians and each run's figures) for scripts/bench/goals.mjs.
// Usage: node scripts/bench/lighthouse.mjs LIGHTHOUSE_CLI OUT_DIR RUNS NAME=URL... (the last is the plain page)
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { median } from "./median.mjs";

const [cli, out, runsArg, ...pages] = process.argv.slice(2);
const runs = Number(runsArg);
const rows = [];
for (const page of pages) {
  const [name, url] = [page.slice(0, page.indexOf("=")), page.slice(page.indexOf("=") + 1)];
  const got = [];
  for (let i = 0; i < runs; i++) {
    const file = join(out, `lighthouse-${name.replace(/[^A-Za-z0-9]+/g, "-")}-${i}.json`);
    console.error(`[bench] Lighthouse ${name} ${i + 1}/${runs}`);
    const r = spawnSync(process.execPath, [cli, url, "--only-categories=performance,best-practices", "--output=json",
      `--output-path=${file}`, "--quiet", "--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage"],
      { stdio: ["ignore", "ignore", "inherit"], timeout: 180000, killSignal: "SIGKILL" });
    if (r.status !== 0) { console.error(`[bench] Lighthouse failed on ${url} (${r.error ?? `exit ${r.status}`})`); continue; }
    const lhr = JSON.parse(readFileSync(file, "utf8"));
    const a = lhr.audits;
    if (lhr.runtimeError) { console.error(`[bench] Lighthouse: ${lhr.runtimeError.message}`); continue; }
    const bpFailed = lhr.categories["best-practices"].auditRefs
      .filter((ref) => ref.weight > 0 && a[ref.id] && a[ref.id].score !== null && a[ref.id].score < 1).map((ref) => ref.id);
    got.push({ score: lhr.categories.performance.score * 100, bp: lhr.categories["best-practices"].score * 100, bpFailed, fcp: a["first-contentful-paint"].numericValue,
      lcp: a["largest-contentful-paint"].numericValue, tbt: a["total-blocking-time"].numericValue,
      version: lhr.lighthouseVersion });
  }
  const m = (k) => (got.length ? median(got.map((g) => g[k])) : NaN);
  rows.push({ name, n: got.length, score: m("score"), bp: m("bp"), fcp: m("fcp"), lcp: m("lcp"), tbt: m("tbt"),
    bpFailed: [...new Set(got.flatMap((g) => g.bpFailed))], runs: got, version: got[0]?.version });
}
const plain = rows[rows.length - 1];
const spread = (r, k) => (r.runs.length > 1
  ? ` (${Math.min(...r.runs.map((g) => g[k])).toFixed(0)}–${Math.max(...r.runs.map((g) => g[k])).toFixed(0)})` : "");
console.log("| page | performance | best practices | FCP | LCP | TBT | LCP / plain page's |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const r of rows) {
  console.log(`| ${r.name} | ${r.score.toFixed(0)}${spread(r, "score")} | ${r.bp.toFixed(0)}${r.bpFailed.length ? ` (failed: ${r.bpFailed.join(", ")})` : ""} | ` +
    `${r.fcp.toFixed(0)} ms | ${r.lcp.toFixed(0)} ms${spread(r, "lcp")} | ${r.tbt.toFixed(0)} ms${spread(r, "tbt")} | ${(r.lcp / plain.lcp).toFixed(2)}× |`);
}
writeFileSync(join(out, "lighthouse.json"), JSON.stringify(rows, null, 1));
console.log(`\nLighthouse ${rows.find((r) => r.version)?.version ?? "?"}, mobile defaults (simulated slow 4G, 4× CPU), ` +
  `median of ${runs} runs per page, the runs' spread in brackets (${rows.map((r) => `${r.name}: ${r.n} ok`).join(", ")})`);
